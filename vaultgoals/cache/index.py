"""The parsed notes of a vault, kept current: the parse cache put to use.

`VaultIndex` holds one `NoteDoc` per note, keyed by vault-relative path, with the size and
mtime it was read at. `scan()` reads what changed since the last scan (everything, the first
time; notes whose size and mtime match a row of the parse cache are taken from it);
`update(paths)` re-reads just the given notes (the watcher's way in).
"""

from __future__ import annotations

import os
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultgoals.cache.parsecache import ParseCache
from vaultgoals.core.config import Config
from vaultgoals.core.model import NoteDoc, Problem, problem_order
from vaultgoals.core.notepaths import is_conflict_copy, is_note_path
from vaultgoals.store.reading import Loaded, read_many, read_one
from vaultgoals.store.walk import inside_file, walk_notes

# A note modified this recently when it was read may change again within the file system's
# timestamp granularity without its (size, mtime) changing ("racy git"): its stamp is not
# trusted, so the next scan reads it again, and it is not put in the parse cache yet.
RACY_NS = 2_000_000_000
Stamp = tuple[int, int]  # (size, mtime_ns)


def _settled(stamp: Stamp) -> bool:
    """Was the note last modified long enough ago for its stamp to be trusted?"""
    return time.time_ns() - stamp[1] >= RACY_NS


@dataclass
class VaultIndex:
    root: Path
    config: Config
    docs: dict[str, NoteDoc] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # problems reading files
    reader: Callable[[str, bytes], NoteDoc] | None = None  # None: core/noteread.py
    cache: ParseCache | None = None  # the persistent parse cache, if the caller opened one
    workers: int | None = None  # parse workers for big scans (None: one per further core)
    _resolved: Path | None = None
    # `all_problems`' last answer, its problems' paths alongside, and the notes read or
    # forgotten since (None: everything, after a scan): every change to `docs` and
    # `problems` is made in this class, each saying which note it changed
    _all_problems: list[Problem] | None = field(default=None, repr=False, compare=False)
    _problem_paths: list[str] = field(default_factory=list, repr=False, compare=False)
    _dirty: set[str] = field(default_factory=set, repr=False, compare=False)

    def scan(self, progress: Callable[[int, int], None] | None = None) -> set[str]:
        """Bring the index up to date with the disk; return the paths that changed."""
        seen: dict[str, Stamp] = {}
        conflicts: list[str] = []
        for rel, st in walk_notes(self.root, self.config):
            if is_conflict_copy(rel):
                conflicts.append(rel)
                continue
            seen[rel] = (st.st_size, st.st_mtime_ns)
        self.conflicts = sorted(conflicts)
        stale = [p for p, s in seen.items() if self.stamps.get(p) != s]
        gone = set(self.docs) - set(seen)
        for path in gone:
            self._forget(path)
        stale_set = set(stale)  # their old read problems go; a re-read finds them again
        self._all_problems = None
        self.problems = [p for p in self.problems if p.path in seen and p.path not in stale_set]
        cached = self.cache.load({p: seen[p] for p in stale}) if self.cache else {}
        for path, hit in cached.items():
            self.docs[path] = hit
            self.stamps[path] = seen[path]
        counted = [len(cached)]

        def one_more() -> None:
            counted[0] += 1
            if progress is not None:
                progress(counted[0], len(stale))

        if progress is not None and cached:
            progress(len(cached), len(stale))
        cache = self.cache

        def store(batch: list[tuple[str, Loaded]]) -> None:
            # cached as they are read (so an interrupted first scan is not lost)
            rows = [(got.doc, seen[rel]) for rel, got in batch
                    if got.doc is not None and _settled(seen[rel])]
            if cache is not None and rows:
                cache.store(rows, encoded={rel: got.encoded for rel, got in batch
                                           if got.encoded is not None})

        loaded = read_many(self.root, ((p, seen[p][0]) for p in stale if p not in cached),
                           self.reader, one_more, self.workers, store, self.config)
        for path in sorted(loaded):
            self._apply(path, seen[path], loaded[path])
        if cache is not None and gone:
            cache.store([], gone)
        return set(stale) | gone

    def update(self, paths: Iterable[str]) -> set[str]:
        """Re-read just these vault-relative paths (deleted ones are dropped)."""
        changed: set[str] = set()
        parsed: list[tuple[NoteDoc, Stamp]] = []
        for rel in sorted(set(paths)):
            if is_conflict_copy(rel):
                if rel not in self.conflicts:
                    self.conflicts = sorted({*self.conflicts, rel})
                continue
            full = self.root / rel
            try:
                ok = is_note_path(rel, self.config.ignore) and inside_file(full, self._real_root())
                st = full.stat()
            except OSError:
                ok = False
            if not ok:
                if rel in self.docs or rel in self.stamps:
                    self._forget(rel)
                    changed.add(rel)
                self.conflicts = [c for c in self.conflicts if c != rel]
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            if self.stamps.get(rel) != stamp:
                self._dirty.add(rel)
                self.problems = [p for p in self.problems if p.path != rel]
                if self._apply(rel, stamp, read_one(self.root, rel, stamp[0], self.reader,
                                                      self.config)):
                    parsed.append((self.docs[rel], stamp))
                changed.add(rel)
        if self.cache is not None and (parsed or changed):
            self.cache.store(parsed, [p for p in changed if p not in self.docs])
        return changed

    def _real_root(self) -> Path:
        if self._resolved is None:
            self._resolved = Path(os.path.realpath(self.root))
        return self._resolved

    def _forget(self, path: str) -> None:
        self._dirty.add(path)
        self.docs.pop(path, None)
        self.stamps.pop(path, None)
        self.problems = [p for p in self.problems if p.path != path]

    def _apply(self, rel: str, stamp: Stamp, got: Loaded) -> bool:
        """Put one note's reading into the index; True if the result may be cached."""
        self._dirty.add(rel)
        if got.problem is not None:
            self.problems.append(got.problem)
        if got.doc is None:
            self.docs.pop(rel, None)
            if got.keep_stamp:
                self.stamps[rel] = stamp
            else:
                self.stamps.pop(rel, None)
            return False
        self.docs[rel] = got.doc
        if not _settled(stamp):
            self.stamps[rel] = (stamp[0], -1)  # never equal to a real stamp: read again
            return False  # and not cached
        self.stamps[rel] = stamp
        return True

    def all_problems(self) -> list[Problem]:
        """Problems reading the notes and in them, by path, line and message: gathered
        from every note after a scan, else updated for the notes read again since the last
        call (their problems are one run of the sorted list, replaced)."""
        kept, dirty = self._all_problems, self._dirty
        self._dirty = set()
        if kept is None:
            kept = list(self.problems)
            for doc in self.docs.values():
                if doc.problems:
                    kept.extend(doc.problems)
            kept.sort(key=problem_order)  # (not 50,000 paths sorted)
            self._all_problems, self._problem_paths = kept, [p.path for p in kept]
        else:
            paths = self._problem_paths
            for path in sorted(dirty):
                now = [p for p in self.problems if p.path == path]
                read = self.docs.get(path)
                if read is not None and read.problems:
                    if any(p.path != path for p in read.problems):  # (not one run)
                        self._all_problems = None
                        return self.all_problems()
                    now.extend(read.problems)
                now.sort(key=problem_order)
                lo, hi = bisect_left(paths, path), bisect_right(paths, path)
                kept[lo:hi] = now
                paths[lo:hi] = [path] * len(now)
        return list(kept)
