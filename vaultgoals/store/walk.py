"""Walking a vault: every note's path and stat, skipping dot-folders, ignored paths and
symlinks that lead out of the vault (the rules themselves are `core.notepaths`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from vaultgoals.core.config import Config
from vaultgoals.core.notepaths import glob_ignored


def inside_file(path: Path, real_root: Path) -> bool:
    """A regular file (a symlink counts when it resolves to a file inside the vault)."""
    if path.is_symlink():
        # realpath, not Path.resolve(): a symlink loop must read as "not a note", and
        # resolve() raises RuntimeError on loops in Python 3.10/3.11
        target = Path(os.path.realpath(path))
        return target.is_relative_to(real_root) and target.is_file()
    return path.is_file()


def walk_notes(root: Path, config: Config) -> Iterator[tuple[str, os.stat_result]]:
    """Every `.md` file under `root` (relative path, stat), skipping dot-folders and ignores.

    Folder symlinks are not followed (no loops, nothing outside the vault); a symlinked
    file is read only when it resolves inside the vault.
    """
    real_root = Path(os.path.realpath(root))
    stack: list[tuple[str, str]] = [(str(root), "")]  # (folder, its vault-relative prefix)
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            if config.ignore and glob_ignored(rel, config.ignore):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, rel + "/"))
                    continue
                if not name.lower().endswith(".md"):
                    continue
                if entry.is_symlink() and not inside_file(Path(entry.path), real_root):
                    continue
                st = entry.stat()
            except OSError:
                continue
            if not entry.is_file():
                continue
            yield rel, st
