"""The items of a `## Skills` list that give a level are skills.

```markdown
## 🧠 Skills                       ← Skills, Competencies, Skills to build, … (any level)
- SQL: 2 → 4                       ← a skill: level 2, target 4 (on the default 1–5 scale)
- Public speaking (2 of 5)
- Spanish: beginner → advanced     ← words: beginner, intermediate, advanced, expert
- Python — 40% / 80%               ← percentages
- Git: 4                           ← a level without a target
- Kubernetes                       ← not a skill: no level (a list of words is a CV's list)
- [[Statistics]]: 2 → 4            ← not this item: the note it links is the skill
```

Not in daily or weekly notes (a day's list), and not a task (`- [ ] SQL: 2 → 4` is a to-do).
The level and target are read by core/levels.py; the skill's evidence, gap and history by
core/skills.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultgoals.core.goals.body import Body, Item
from vaultgoals.core.goals.itemtext import read_text, starts_with_link
from vaultgoals.core.levels import ITEM
from vaultgoals.core.words import KINDS, words_of

NAME = "skills_list"
_HEADING_WORDS = frozenset(w for k in KINDS["skill"] for w in (k, k + "s",
                                                                 k.replace("y", "ies")))


def is_skills_heading(text: str) -> bool:
    """Does a heading name a list of skills (`Skills`, `🧠 Skills to build`)?"""
    return not _HEADING_WORDS.isdisjoint(words_of(text).split())


def recognise(body: Body) -> Iterator[Item]:
    # (only the items under a skills heading are claimed: the headings are looked at, not
    # the whole text)
    if body.daily or not any(is_skills_heading(h.text) for h in body.doc.headings):
        return
    for section in body.sections:
        h = section.heading
        if not is_skills_heading(h.text):
            continue
        reason = f"a list item with a level under the heading '{read_text(h.text).title}'"
        for item in body.top_items(h.line):
            if item.status is not None or starts_with_link(item.text):
                continue
            m = ITEM.match(read_text(item.text).title)
            if m is None:
                continue
            fields = [("level", m.group("level").strip())]
            if m.group("target"):
                fields.append(("level_target", m.group("target").strip()))
            yield Item(item.line, "skill", reason, NAME, m.group("name").strip(),
                       fields=tuple(fields))
