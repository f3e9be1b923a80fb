"""Goal notes from the templates of popular systems: the kind under the keys they use.

```markdown
---
category: goal          # also: kind, class, note_type, fileClass, type (any case)
status: 🟢 active       # in-progress, ongoing, todo → active; completed → done;
                        # abandoned → dropped; on hold → paused (words.STATUSES)
target: 30.06.2025      # a date under target, due, end, finish_by, deadline, End Date …
tags: [goal, outdoors]  # a tag naming a goal: goal, project, objective, outcome, or the
---                     # last part of a nested one (areas/health/objective)
```

The value is read through the word table (`words.KINDS`): `objective`, `outcome`,
`project`, `value-goal`, `area-goal` make a goal, `key-result`, `phase` a milestone,
`habit`, `routine` a commitment, in every language the table has (`goals.kinds` adds
more; `goals.fields` adds keys, under `type`). Statuses and dates are read for every goal
note (goals/nodes.py, dates.parse_date): ISO, `2025/06/30`, `30.06.2025`, `June 30, 2025`,
`[[2025-06-30]]`, and `30/06/2025` when only one reading is a date; `target: 10` stays a
number. An unknown status word (`status: tried`) is still reported.

Not recognised: a value that names no kind (`category: recipe`, `type: book`); a plural
(`category: goals`, `tags: [goals]`), which says the note holds goals and is left to
goal_lists; an `okr`/`okrs` tag, which marks a note of several objectives (okrs); a tag in
the body (`#goal` on the first line is body_tags'); a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.props import frontmatter_tags
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import Extra, words, words_of

NAME = "template_properties"
# tags that mark a note of several goals (a quarter's OKRs), not one
_SET_TAGS = frozenset({"okr", "okrs"})


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    fm = doc.frontmatter
    if not fm:
        return None
    field_of = config.words.field_of
    for key, value in fm.items():
        if field_of.get(key.casefold()) != "type" or key.casefold() in ("tags", "tag"):
            continue
        for v in value if isinstance(value, list) else [value]:
            kind = _kind(v, config) if isinstance(v, str) else None
            if kind is not None:
                return Found(kind, 1, f"its {key} property says {v.strip()}", NAME)
    if "tags" not in fm and "tag" not in fm:
        return None
    for tag in sorted(frontmatter_tags(doc)):
        if _kind(tag, config) == "goal":
            return Found("goal", 1, f"its tags property holds #{tag}", NAME)
    return None


def _kind(value: str, config: Config) -> str | None:
    """The node kind a value or tag names (a nested tag: its last part), or None."""
    return _kind_of(value, config.extra_words, config.extra_kinds)


@lru_cache(maxsize=8192)  # (a vault's tags and kind values repeat from note to note)
def _kind_of(value: str, extra_words: Extra, extra_kinds: Extra) -> str | None:
    table = words(extra_words, (), (), extra_kinds)
    plain = words_of(value.strip().lstrip("#").rpartition("/")[2])
    if not plain or plain in _SET_TAGS or table["goal_list"].equals(plain):
        return None
    return table.kind(plain)
