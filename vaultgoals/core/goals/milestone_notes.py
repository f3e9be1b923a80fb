"""A phase or sub-goal note with dates and a status, that names the goal it serves, is a
milestone of that goal.

```markdown
Start Date: 2025-01-06              ← dates: start, end (deadline) or completed
End Date: 2025-03-01
Status: Complete                    ← a status in any word of the table: `In Progress`,
Goal:: [[Publish a board game]]        `Delayed` (active), `Complete` (done), `On hold` …
```

The dates and status may be properties, Dataview fields or a block of `Key: value` lines at
the top of the note (goals/notefields.py reads those: `Start Date` → start, `End Date` →
deadline, `Status: Complete` → done). The goal is a link (wikilink or Markdown link) in a
property or field named for a goal level: `Goal`, `Objective`, `Outcome`, `Value Goal`,
`Project`, `Supporting goal` (words.FIELDS `parent`); the parent rules
(goals/parent_property.py) make the milestone a child of that goal.

Not recognised: a note with dates and a status but no link to a goal (a meeting, an
event), a note whose only link is a generic `parent`/`up` (a goal filed under an area
keeps being a goal), templates. A phase note that only the goal links (`Phases: [[Phase
1]]` in the goal) is not found yet: the note must name its goal.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.notefields import head_fields, read_date
from vaultgoals.core.goals.parent_property import goal_level_links
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.graphmodel import DECLARED_STATUSES
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import FIELDS, Extra

NAME = "milestone_notes"
_DATES = ("start", "deadline", "completed")


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    fm = doc.frontmatter
    if not fm:
        return None
    names = _goal_level_names(config.extra_fields)
    if not any(k.casefold() in names and _may_link(v) for k, v in fm.items()):
        return None  # (no goal-level link: the cheap test first, every note is asked)
    if is_template(doc):
        return None
    words = config.words
    named = {words.field(k) for k in fm}
    if "status" not in named or named.isdisjoint(_DATES):
        return None
    links = goal_level_links(fm, config)
    if not links:
        return None
    return Found("milestone", 1, f"a phase note with dates and a status whose "
                 f"'{links[0][0]}' links [[{links[0][1]}]]", NAME)


@lru_cache(maxsize=8)
def _goal_level_names(extra_fields: Extra) -> frozenset[str]:
    """The property names (case-folded, as written and with `_`/`-` for spaces) of a goal
    level: words.FIELDS `parent` and a vault's own, without the generic `parent`/`up`."""
    names = {*FIELDS["parent"], *(w for name, ws in extra_fields if name == "parent"
                                  for w in ws)}
    out = {v for n in names for v in (n.casefold(), n.casefold().replace(" ", "_"),
                                      n.casefold().replace(" ", "-"),
                                      n.casefold().replace(" ", ""))}
    return frozenset(out - {"parent", "up"})


def _may_link(value: object) -> bool:
    if isinstance(value, str):
        return "[[" in value or "](" in value
    if isinstance(value, list):  # (`[[X]]` unquoted is a nested list)
        return any(isinstance(v, list) or _may_link(v) for v in value)
    return False


def properties(doc: NoteDoc, config: Config) -> list[tuple[str, object, int]]:
    """The properties a block of `Key: value` lines at the top of the note gives (see the
    module's doc): start, deadline and completed as ISO dates, the status as vaultgoals
    names it, a goal-level link as written."""
    words = config.words
    out: list[tuple[str, object, int]] = []
    for key, value, line in head_fields(doc):
        field = words.field(key)
        if field in _DATES:
            day = read_date(value, period=False)
            if day is not None:
                out.append((field, day.isoformat(), line))
        elif field == "status":
            status = words.status(value)
            if status in DECLARED_STATUSES:
                out.append(("status", status, line))
        elif field == "parent" and "[" in value:
            out.append((key, value, line))
    return out
