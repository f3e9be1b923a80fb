"""Which vault-relative paths are notes, settings, sync-conflict copies or junk: the one
set of path rules the vault walk and the watcher share. Pure: paths as text.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from vaultgoals.core.config import CONFIG_FILE, PLUGIN_SETTINGS

TEMP_PREFIX = ".vaultgoals-tmp-"  # vaultgoals' own temp files, next to the note written
# The settings files whose change means "reload the configuration" (store/settings.py reads
# each of them).
CONFIG_PATHS = frozenset({CONFIG_FILE, *PLUGIN_SETTINGS})
_CONFLICT = re.compile(
    r"\.sync-conflict-|\(conflicted copy|\(Conflict\b|conflict \d{4}-\d{2}-\d{2}", re.IGNORECASE
)
_EDITOR_JUNK_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload")


def is_conflict_copy(rel: str) -> bool:
    """Syncthing, Dropbox, and Obsidian Sync conflict copies of a note."""
    return _CONFLICT.search(rel.rsplit("/", 1)[-1]) is not None


def glob_ignored(rel: str, patterns: Iterable[str]) -> bool:
    """Does an `ignore:` pattern match the path, or a folder it is in (`Templates/`)?"""
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*")
               for p in patterns)


def is_note_path(rel: str, ignore: tuple[str, ...] = ()) -> bool:
    """Whether a vault-relative path is one the walk would read: a `.md` name, no dot-folder
    or dot-file on the way, not ignored by the configuration."""
    parts = rel.split("/")
    if any(p.startswith(".") or not p for p in parts) or not rel.lower().endswith(".md"):
        return False
    return not (ignore and glob_ignored(rel, ignore))


def is_junk_name(name: str) -> bool:
    """Temp and backup files of editors, sync tools and vaultgoals itself."""
    return (
        name.startswith(".")  # .vaultgoals-tmp-*, .#note.md (emacs), .note.md.swp (vim)
        or name.startswith(TEMP_PREFIX)
        or name == "4913"  # vim's probe file
        or name.endswith(_EDITOR_JUNK_SUFFIXES)
    )


def classify(rel: str, is_dir: bool, ignore: tuple[str, ...] = ()) -> str | None:
    """What a vault-relative path means to the watcher: "note", "dir", "config" or None.

    The same rules as `is_note_path`: dot-files and dot-folders (`.obsidian/`,
    `.vaultgoals/`, `.trash/`, `.git/`) are not notes, nor are files matching the `ignore`
    patterns, nor editors' temp files.
    """
    if not rel or rel == ".":
        return None
    if rel in CONFIG_PATHS and not is_dir:
        return "config"
    parts = rel.split("/")
    if any(p.startswith(".") or p == "" for p in parts):
        return None
    if ignore and glob_ignored(rel, ignore):
        return None
    if is_dir:
        return "dir"
    name = parts[-1]
    if is_junk_name(name) or not name.lower().endswith(".md"):
        return None
    return "note"
