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

A phase note in a folder named for steps (`Phases/`, `Milestones/`, `Etappen/`, …) needs
no link of its own: the goal that lists it (`Phases: [[Phase 1]], [[Phase 2]]`, or a list
of links under its `## Milestones` heading) is its parent (`step_parents`, asked by the
graph when no parent rule answers).

Not recognised: a note with dates and a status but no link to a goal, outside such a
folder (a meeting, an event); a note whose only link is a generic `parent`/`up` (a goal
filed under an area keeps being a goal); templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.docmemo import by_doc
from vaultgoals.core.goals.notefields import head_fields, listed_links, read_date
from vaultgoals.core.goals.parent_property import goal_level_links
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.graphmodel import DECLARED_STATUSES
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.cues import may_link
from vaultgoals.core.words import FIELDS, Extra, folder_word, words

NAME = "milestone_notes"
_DATES = ("start", "deadline", "completed")


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    fm = doc.frontmatter
    if not fm:
        return None
    names = _goal_level_names(config.extra_fields)
    folder = doc.path.rpartition("/")[0]
    in_steps = bool(folder) and _steps_folder(folder.rpartition("/")[2], config.extra_words)
    if not in_steps and not any(k.casefold() in names and may_link(v) for k, v in fm.items()):
        return None  # (no goal-level link: the cheap test first, every note is asked)
    if is_template(doc):
        return None
    words = config.words
    named = {words.field(k) for k in fm}
    if "status" not in named or named.isdisjoint(_DATES):
        return None
    links = goal_level_links(fm, config)
    if links:
        return Found("milestone", 1, f"a phase note with dates and a status whose "
                     f"'{links[0][0]}' links [[{links[0][1]}]]", NAME)
    if in_steps:
        return Found("milestone", 1, f"a phase note with dates and a status in {folder}/",
                     NAME)
    return None


@lru_cache(maxsize=1024)
def _steps_folder(name: str, extra_words: Extra) -> bool:
    """Is a folder named for steps (`Phases`, `Milestones`, `Etappen`, …)?"""
    return words(extra_words=extra_words)["steps"].equals(folder_word(name))


@by_doc
def linked_steps(doc: NoteDoc, config: Config) -> tuple[str, ...]:
    """The link targets a goal note lists as its steps: a `Phases: [[A]], [[B]]` line (a
    label of the `steps` concept) or a list of links under a `## Milestones` heading."""
    if not doc.full:
        return ()
    steps = config.words["steps"]
    return tuple(listed_links(doc, steps.has, steps, lines_under=False, links_only=True))


def step_parents(goals: Iterable[tuple[str, NoteDoc]], resolve: Callable[[str], str | None],
                 config: Config) -> dict[str, str]:
    """note path → the goal note (key) that lists it as a step, for the goal notes
    `goals` ((key, doc), in order: the first goal to list a note wins)."""
    out: dict[str, str] = {}
    for key, doc in goals:
        for target in linked_steps(doc, config):
            path = resolve(target)
            if path is not None and path != key:
                out.setdefault(path, key)
    return out


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
