"""Resolving vault-relative paths on disk: the gate that refuses any path leading out of
the vault (absolute paths, `..`, and symlinks or junctions pointing outside).

Writers do not resolve by name at all (see `vaultgoals.store.confined`); this is for what is
opened by path (the journal and the parse cache, which SQLite opens by name).
"""

from __future__ import annotations

import os
from pathlib import Path

from vaultgoals.core.paths import UnsafePath, path_parts

__all__ = ["UnsafePath", "resolve_inside", "resolve_path"]


def _inside(path: Path, root: Path) -> bool:
    return path != root and path.is_relative_to(root)


def resolve_path(vault: Path, rel: str) -> tuple[Path, bool]:
    """Like `resolve_inside`, but does not follow a final symlink.

    Returns (path, is_symlink): the vault-relative path with every folder resolved, and
    whether the last component is itself a symlink (one that stays inside the vault).
    """
    parts = path_parts(rel)
    root = Path(os.path.realpath(vault))
    if not root.is_dir():
        raise UnsafePath(rel, f"the vault {str(vault)!r} is not a folder")
    cur = root
    final_link = False
    for i, part in enumerate(parts):
        nxt = cur / part
        if os.path.islink(nxt):
            target = Path(os.path.realpath(nxt))
            last = i == len(parts) - 1
            if not (_inside(target, root) or (not last and target == root)):
                shown = "/".join(parts[: i + 1])
                raise UnsafePath(rel, f"{shown!r} is a symlink pointing outside the vault")
            if last:
                final_link = True
            else:
                cur = target
                continue
        cur = nxt
    # Belt and braces: whatever the OS resolves the path to (junctions, races) must be inside.
    real = Path(os.path.realpath(cur))
    if not _inside(real, root):
        raise UnsafePath(rel, "resolves to a location outside the vault")
    return cur, final_link


def resolve_inside(vault: Path, rel: str) -> Path:
    """Resolve the `/`-separated vault-relative `rel` to an absolute path inside the vault.

    Symlinks of every existing component are resolved. Raises `UnsafePath` if `rel` is
    empty, absolute, contains `..`, NUL or a backslash, or if the result or any symlink on
    the way lies outside the vault's resolved root.
    """
    path, is_link = resolve_path(vault, rel)
    return Path(os.path.realpath(path)) if is_link else path
