"""Resolving `[[links]]` to notes the way Obsidian does: by path or by file name,
case-insensitively, then by the notes' `aliases`. Ambiguous names go to the shortest path
(then the alphabetically first), so the answer never depends on the order of a folder walk.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=65536)  # (the same targets are looked up again and again: people, goals)
def _norm(target: str) -> str:
    """A note's path or a link target as a lookup key. Nothing is URL-decoded here: a
    markdown link's target was decoded where it was read (`extract_links`), a wikilink's
    is written as the name it is, and a note named `a%20b.md` is not `[[a b]]`."""
    if not ("/" in target or "\\" in target or target[-3:].lower() == ".md"
            or target != target.strip()):
        return target.casefold()  # (a plain name, most links: nothing to take off)
    t = target.strip().replace("\\", "/").lstrip("/")
    if t.lower().endswith(".md"):
        t = t[:-3]
    return t.casefold()


def _rank(path: str) -> tuple[int, int, str]:
    """Which of several notes an ambiguous link means: the least deep, then the shortest
    path, then the alphabetically first."""
    return path.count("/"), len(path), path


class LinkResolver:
    def __init__(self, paths: Iterable[str], aliases: Iterable[tuple[str, str]] = ()) -> None:
        by_path: dict[str, str] = {}
        by_name: dict[str, str] = {}
        # (the best-ranked path per key, compared only where keys collide: no sort)
        for path in paths:
            key = _norm(path)
            old = by_path.get(key)
            if old is None or _rank(path) < _rank(old):
                by_path[key] = path
            name = key.rsplit("/", 1)[-1]
            old = by_name.get(name)
            if old is None or _rank(path) < _rank(old):
                by_name[name] = path
        by_alias: dict[str, str] = {}
        for alias, path in sorted(aliases):
            by_alias.setdefault(_norm(alias), path)
        self._by_path = by_path
        self._by_name = by_name
        self._by_alias = by_alias

    def resolve(self, target: str) -> str | None:
        """The vault-relative path a link target points at, or None if no note matches."""
        key = _norm(target)
        if not key:
            return None
        if "/" in key:
            hit = self._by_path.get(key)
            if hit is not None:
                return hit
            # Obsidian also accepts a path suffix: [[Goals/X]] for Career/Goals/X.md
            suffix = "/" + key
            return min((path for k, path in self._by_path.items() if k.endswith(suffix)),
                       key=_rank, default=None)
        return self._by_name.get(key) or self._by_alias.get(key)

    @staticmethod
    def identity(target: str) -> str:
        """A stable key for an unresolved link (a person with no note yet)."""
        key = _norm(target)
        return key.rsplit("/", 1)[-1] if "/" in key else key
