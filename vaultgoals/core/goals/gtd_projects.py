"""GTD projects: a note whose properties are a project's dates is a goal (a project), done
once it has a completion date.

```markdown
---
activationDate: 2025-01-10          ← the project's start
completionDate: 2025-02-14          ← done on that day (no other status needed)
---
# Sell the second car

Supporting Goals: [[Be debt free]]  ← the goal it serves: its parent (supporting_goals.py)
```

`activationDate`/`completionDate` (also `activation date`, `completion_date`) are what GTD
plugins and templates write; any other property may stand beside them. A note in a
`Projects` folder is a project when it looks like one (`looks_like_project`:
goals/goal_folder.py asks).

Not recognised: a note with only a `created` or `date` property, templates.
"""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.notefields import key_value
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.model import NoteDoc

NAME = "gtd_projects"
_GTD_KEYS = frozenset({"activationdate", "completiondate"})
_PROJECT_FIELDS = frozenset({"status", "start", "deadline", "completed"})


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def gtd_dates(fm: Mapping[str, object]) -> list[str]:
    """The GTD date properties the frontmatter sets, as written."""
    return [k for k, v in fm.items()
            if len(k) >= 14 and _key(k) in _GTD_KEYS and v not in (None, "")]


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    keys = gtd_dates(doc.frontmatter)
    if not keys or is_template(doc):
        return None
    return Found("goal", 1, f"a GTD project (its {' and '.join(keys)})", NAME)


def looks_like_project(doc: NoteDoc, config: Config) -> str | None:
    """Why a note in a Projects folder is a project, or None (reference material): it has
    tasks, a status or project dates among its properties, or a desired outcome (a
    property, a heading or an `Outcome:` line)."""
    if doc.tasks:
        return "it has tasks"
    words = config.words
    fields = {words.field(k) for k, v in doc.frontmatter.items() if v not in (None, "")}
    if gtd_dates(doc.frontmatter) or not fields.isdisjoint(_PROJECT_FIELDS):
        return "its properties give a status or project dates"
    outcome = words["outcome"]
    if any(outcome.equals(k) for k in doc.frontmatter) or any(
            outcome.equals(h.text) for h in doc.headings):
        return "it names a desired outcome"
    for t in doc.lines:
        kv = key_value(t.text)
        if kv is not None and outcome.equals(kv[0]):
            return "it names a desired outcome"
    return None
