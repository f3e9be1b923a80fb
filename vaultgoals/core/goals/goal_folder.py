"""A note inside a goals folder is a goal, with or without properties.

```text
Goals/Run a half marathon.md             a goal
2 Areas/🎯 Goals/Learn Rust.md            a goal (at any depth; emoji and numbering ignored)
Goals/Archive/Read 12 books.md           a goal, done (moved to a done folder)
Goals/Templates/Goal template.md         not a goal: a template
Ziele/Marathon laufen.md                 a goal (the word table's goals folders, any language)
Goals/Goals dashboard.md                 not a goal: a dashboard (Index, Overview, MOC, Home,
                                         Übersicht, Tablero, Tableau de bord, …)
Ziele/Ziele 2025.md                      not a goal itself: a goals list (goal_lists.py reads
                                         its items)
```

The folder names come from `goals.folders` (default `Goals`, `Goal`; matched without case,
leading numbers, emoji or punctuation) and the word table's `goal_folders` (`Ziele`,
`Metas`, `Objectifs`, `Objetivos`, `Цели`, `目标`, …; none when `goals.folders: []`).
`OKRs` and `Objectives` folders are not in the default: their notes usually hold several
objectives each (a quarter's OKRs), so the note is a list of goals, not one. A sub-folder
named in `goals.done_folders` (default `Archive`, `Archived`, `Done`, `Completed`, `Achieved`)
or the word table's `done_folders` (`Archiv`, `Erledigt`, `Hecho`, `Terminé`, `Архив`, …)
marks its notes done unless their own `status` says otherwise; so does a done folder
outside any goals folder (`Archive/2023/Kitchen.md`, tagged `project`: an archived
project). A template is never a
goal: a note under a `Templates` folder, or whose name or properties hold a template
placeholder (`{{title}}`, `<% tp.file.title %>`). `goals.folders: []` turns this off.

```text
1 Projects/Kitchen.md                    a goal if it looks like a project: it has tasks,
                                         a status, project dates or a desired outcome
Projects/Kitchen/Kitchen.md              a project's folder note (also index, README)
Projects/Kitchen/Tiles we liked.md       not a goal: a note filed under a project
Projects/Archive/Sell the car.md         a project, done
Projects/Woodworking joints.md           not a goal: reference material (none of the above)
Projects/2025-03-02 kickoff.md           not a goal: dated (a meeting, a log entry)
Projects/Kitchen — notes.md              not a goal: notes, a log, ideas, references
```

Project folders come from `goals.project_folders` (default `Projects`, `Project`; `[]`
turns them off) and the word table's `project_folders` (`Projekte`, `Proyectos`, `Projets`,
…); gtd_projects.looks_like_project says what makes a note a project.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.gtd_projects import looks_like_project
from vaultgoals.core.goals.itemtext import MONTH_NAMES
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import Words, folder_word, words_of


@lru_cache(maxsize=32)
def _words(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(folder_word(name) for name in names)


@lru_cache(maxsize=4096)  # (a vault has far fewer folders than notes)
def _goal_folder_at(folder: str, names: tuple[str, ...]) -> int | None:
    """The index of the outermost goals folder among the parts of `folder` (a note's
    vault-relative folder), or None."""
    wanted = _words(names)
    for i, name in enumerate(folder.split("/") if folder else ()):
        if folder_word(name) in wanted:
            return i
    return None


def folder_status(path: str, config: Config) -> str | None:
    """"done" for a note in a done folder below a goals (or projects) folder, or in one
    outside them (PARA's `Archive/2023/`: where finished projects go), else None."""
    folder = path.rpartition("/")[0]
    at = _goal_folder_at(folder, config.goal_folder_names)
    if at is None:
        at = _goal_folder_at(folder, config.project_folder_names)
    folders = folder.split("/") if folder else []
    done = _words(config.done_folder_names)
    below = folders[at + 1:] if at is not None else folders
    return "done" if any(folder_word(f) in done for f in below) else None


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    folder = doc.path.rpartition("/")[0]
    if not folder or not config.goal_folders:
        return None
    at = _goal_folder_at(folder, config.goal_folder_names)
    if at is None:
        return _project(doc, folder, config)
    if is_template(doc, config) or _lists_goals(doc.name, config.words):
        return None
    folders = folder.split("/")
    where = "/".join(folders[: at + 1])
    return Found("goal", 1, f"it is in the goals folder {where}/", "goal_folder")


_PERIODISH = re.compile(r".*\d.*|[qh][1-4]|w\d{1,2}", re.UNICODE)  # 2025, Q3, H1, W12


def _lists_goals(title: str, words: Words) -> bool:
    """Is a note of a goals folder, by its title, a list of goals or a dashboard of them,
    not one goal? Its title is only goal-list and dashboard words and a period (`Ziele
    2025`, `Goals dashboard`, `Index`, `Overview Q3`); `Buy a new home` is a goal."""
    plain = words_of(title)
    named = False
    for concept in (words["dashboards"], words["goal_list"]):
        while plain and (hit := concept.find(plain)) is not None:
            plain = words_of(plain.replace(hit, " ", 1))
            named = True
    return named and all(_PERIODISH.fullmatch(w) or w in MONTH_NAMES
                         for w in plain.split(" ") if w)


_FOLDER_NOTES = frozenset({"index", "readme", "_index", "overview"})
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _not_a_project(doc: NoteDoc, config: Config) -> bool:
    """A note filed in a Projects folder that says it is something else: dated (a meeting,
    a log entry), named as notes, a log or ideas (`Kitchen — notes`), or reference
    material (`Reference - bank letters`, goals/reference.py)."""
    if _DATED.match(doc.name):
        return True
    words = config.words
    title = words_of(doc.name).split(" ")
    not_goals = words["not_goals"]
    return (not_goals.equals(title[0]) or not_goals.equals(title[-1])
            or is_reference(doc, words))


def _project(doc: NoteDoc, folder: str, config: Config) -> Found | None:
    """A note in a Projects folder that looks like a project (see the module's doc)."""
    if not config.project_folders:
        return None
    at = _goal_folder_at(folder, config.project_folder_names)
    if at is None:
        return None
    folders = folder.split("/")
    done = _words(config.done_folder_names)
    below = [f for f in folders[at + 1:] if folder_word(f) not in done]
    if len(below) > 1 or (below and folder_word(below[0]) != folder_word(doc.name)
                          and folder_word(doc.name) not in _FOLDER_NOTES):
        return None  # a note filed under a project, not the project
    if _not_a_project(doc, config):
        return None
    why = looks_like_project(doc, config)
    if why is None or is_template(doc):
        return None
    where = "/".join(folders[: at + 1])
    return Found("goal", 1, f"it is a project in {where}/ ({why})", "goal_folder")
