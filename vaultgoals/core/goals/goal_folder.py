"""A note inside a goals folder is a goal, with or without properties.

```text
Goals/Run a half marathon.md             a goal
2 Areas/🎯 Goals/Learn Rust.md            a goal (at any depth; emoji and numbering ignored)
Goals/Archive/Read 12 books.md           a goal, done (moved to a done folder)
Goals/Templates/Goal template.md         not a goal: a template
```

The folder names come from `goals.folders` (default `Goals`, `Goal`; matched without case,
leading numbers, emoji or punctuation). `OKRs` and `Objectives` folders are not in the
default: their notes usually hold several objectives each (a quarter's OKRs), so the note is
a list of goals, not one; a sub-folder named
in `goals.done_folders` (default `Archive`, `Archived`, `Done`, `Completed`, `Achieved`)
marks its notes done unless their own `status` says otherwise. A template is never a
goal: a note under a `Templates` folder, or whose name or properties hold a template
placeholder (`{{title}}`, `<% tp.file.title %>`). `goals.folders: []` turns this off.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.templates import folder_word, is_template
from vaultgoals.core.model import NoteDoc


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
    """"done" for a note in a done folder below a goals folder, else None."""
    folder = path.rpartition("/")[0]
    at = _goal_folder_at(folder, config.goal_folders)
    if at is None:
        return None
    folders = folder.split("/")
    done = _words(config.goal_done_folders)
    return "done" if any(folder_word(f) in done for f in folders[at + 1:]) else None


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    folder = doc.path.rpartition("/")[0]
    if not folder or not config.goal_folders:
        return None
    at = _goal_folder_at(folder, config.goal_folders)
    if at is None or is_template(doc, config):
        return None
    folders = folder.split("/")
    where = "/".join(folders[: at + 1])
    return Found("goal", 1, f"it is in the goals folder {where}/", "goal_folder")
