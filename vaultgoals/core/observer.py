"""Which copy of a task text is which, pass after pass: the incremental observer of the
vault whose identities the journal keeps (the identity rule is `vaultgoals.core.identity`).

Pure: notes and the journal's rows in, observations out; the state it keeps between passes
is what it observed last.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from vaultgoals.core.identity import DEFAULT_STATUS_TYPES, SeenTask, TaskObs, description_hash
from vaultgoals.core.model import NoteDoc, Task
from vaultgoals.core.snapshot import Snapshot


@dataclass(slots=True)
class _NoteObs:
    doc: NoteDoc
    hashes: tuple[str, ...]  # per task, in line order
    ids: dict[str, list[int]]  # per hash: the occurrence index of its 1st, 2nd, … copy here
    obs: tuple[TaskObs, ...]


class Observer:
    """Observing the vault pass after pass, so that a task keeps its identity.

    A task's identity is its text's hash and an occurrence index (module doc). The index of
    each copy of a text is kept from pass to pass: the k-th copy of a text in a note keeps
    the index it had, whatever comes or goes elsewhere, so a daily note added before others
    (a backfill) takes a new index instead of shifting every later copy onto another's
    identity. A copy that appears takes the smallest index no copy in the vault holds (a
    task moved to another note, or deleted and written again, takes back a free index and
    its history; a text seen once keeps `-0`).

    The first `observe` starts from the journal (`known`: its rows): each note's copies of a
    text take the indices of the present rows last seen in that note, in line order; the
    rest take the smallest free ones. So a fresh process (each `vaultgoals run`) gives the
    identities a watcher running all along gives; without a journal, indices follow vault
    order (path, then line), as `observe_notes` gives them.

    Later passes re-observe only the notes whose parsed `NoteDoc` is a new object (and the
    notes gone); `observe` returns their observations and the identities they touch (old
    and new): what `reconcile(..., scope=...)` needs.
    """

    def __init__(self, status_types: Mapping[str, str] | None = None) -> None:
        # (the mapping itself, not a copy: the watcher's answers for characters first
        # seen later, app/history.py's _StatusTable, are in its `get`)
        self._types: Mapping[str, str] = (dict(DEFAULT_STATUS_TYPES) if status_types is None
                                          else status_types)
        self._notes: dict[str, _NoteObs] = {}
        self._where: dict[str, set[str]] = {}  # text hash -> paths of notes holding it
        self.primed = False
        self.touched: set[str] = set()  # notes rebuilt or gone in the last `observe`
        self._seen: Snapshot[NoteDoc] = Snapshot({})  # the docs the last `observe` saw
        self._started = False  # the first observe (from the journal) is done

    def observe(self, docs: Mapping[str, NoteDoc],
                known: Mapping[str, SeenTask] | None = None) -> tuple[list[TaskObs], set[str]]:
        """Observe `docs`; `known`: the journal's rows, read by the first call only."""
        touched: set[str] = set()
        scope: set[str] = set()
        fresh: dict[str, tuple[NoteDoc, tuple[str, ...], dict[str, list[int]]]] = {}
        needs: dict[str, list[tuple[str, int]]] = {}  # hash -> (path, k) of new copies
        changed = self._seen.changed(docs)  # (None: notes came or went; look at each)
        counted: dict[str, tuple[NoteDoc, tuple[str, ...], dict[str, int]]] = {}
        for path in docs if changed is None else changed:
            doc = docs[path]
            prev = self._notes.get(path)
            if prev is not None and prev.doc is doc:
                continue
            hashes = tuple(description_hash(t.fields.description) for t in _by_line(doc))
            count: dict[str, int] = {}
            for h in hashes:
                count[h] = count.get(h, 0) + 1
            counted[path] = (doc, hashes, count)
        claimed = (_claims(counted, known) if not self._started and known else {})
        for path, (doc, hashes, count) in counted.items():
            prev = self._notes.get(path)
            old = prev.ids if prev is not None else {}
            ids: dict[str, list[int]] = {}
            for h, n in count.items():
                kept = old.get(h) or claimed.get((h, path)) or []
                ids[h] = list(kept[:n])
                if n > len(ids[h]):
                    needs.setdefault(h, []).extend((path, k) for k in range(len(ids[h]), n))
            fresh[path] = (doc, hashes, ids)
            if prev is not None:
                self._unindex(path, prev.ids)
                scope.update(o.identity for o in prev.obs)
            for h in ids:
                self._where.setdefault(h, set()).add(path)
        for path in [p for p in self._notes if p not in docs] if changed is None else ():
            gone = self._notes.pop(path)
            self._unindex(path, gone.ids)
            scope.update(o.identity for o in gone.obs)
            touched.add(path)
        for h in sorted(needs):
            self._assign(h, sorted(needs[h]), fresh)
        rebuilt: list[TaskObs] = []
        for path in sorted(fresh):
            doc, hashes, ids = fresh[path]
            obs = self._build(path, doc, hashes, ids)
            scope.update(o.identity for o in obs)
            rebuilt.extend(obs)
            touched.add(path)
            self._notes[path] = _NoteObs(doc, hashes, ids, obs)
        self.primed = self._started = True
        self.touched = touched
        self._seen = Snapshot(docs)
        return rebuilt, scope

    def _assign(self, h: str, wanted: list[tuple[str, int]],
                fresh: Mapping[str, tuple[NoteDoc, tuple[str, ...], dict[str, list[int]]]],
                ) -> None:
        """Give the new copies `wanted` ((path, k), in vault order) of the text `h` the
        smallest indices no copy in the vault holds."""
        used: set[int] = set()
        for holder in self._where.get(h, ()):
            ids = fresh[holder][2] if holder in fresh else self._notes[holder].ids
            used.update(ids.get(h, ()))
        n = 0
        for path, _ in wanted:
            while n in used:
                n += 1
            fresh[path][2][h].append(n)
            used.add(n)

    def _unindex(self, path: str, ids: Mapping[str, list[int]]) -> None:
        for h in ids:
            holders = self._where.get(h)
            if holders is not None:
                holders.discard(path)
                if not holders:
                    del self._where[h]

    def _build(self, path: str, doc: NoteDoc, hashes: tuple[str, ...],
               ids: Mapping[str, list[int]]) -> tuple[TaskObs, ...]:
        running: dict[str, int] = {}
        built: list[TaskObs] = []
        types = self._types
        for h, task in zip(hashes, _by_line(doc), strict=True):
            k = running.get(h, 0)
            running[h] = k + 1
            built.append(TaskObs(f"{h}-{ids[h][k]}", path, task.line,
                                 types.get(task.status, "TODO"), task.fields.done,
                                 task.fields.description))
        return tuple(built)

    def of(self, path: str) -> tuple[TaskObs, ...]:
        """The observations of one note (empty if it has none or is gone)."""
        entry = self._notes.get(path)
        return entry.obs if entry is not None else ()

    def all(self) -> list[TaskObs]:
        return [o for path in sorted(self._notes) for o in self._notes[path].obs]


def _claims(counted: Mapping[str, tuple[NoteDoc, tuple[str, ...], dict[str, int]]],
            known: Mapping[str, SeenTask]) -> dict[tuple[str, str], list[int]]:
    """(text hash, path) -> the occurrence indices of the journal's rows for tasks still in
    that note when it last looked, in line order: what a first pass starts from.

    Only texts with more than one copy (in the vault, or in the journal: an index above 0)
    need them: a text written once takes index 0 either way. Rows of index 0 are most rows,
    so they are looked up by key for those texts only, never walked."""
    rows: dict[str, list[SeenTask]] = {}  # text hash -> its rows of index > 0
    for ident, row in known.items():
        if not ident.endswith("-0") and row.gone_since is None:
            rows.setdefault(ident.rpartition("-")[0], []).append(row)
    total: dict[str, int] = {}
    for _, _, count in counted.values():
        for h, n in count.items():
            total[h] = total.get(h, 0) + n
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for h, n in total.items():
        if n == 1 and h not in rows:
            continue
        first = known.get(f"{h}-0")
        for row in (*rows.get(h, ()), *(() if first is None else (first,))):
            index = row.identity.rpartition("-")[2]
            if row.gone_since is None and index.isdigit():
                found.setdefault((h, row.path), []).append((row.line, int(index)))
    return {key: [n for _, n in sorted(pairs)] for key, pairs in found.items()}


def _by_line(doc: NoteDoc) -> tuple[Task, ...]:
    tasks = doc.tasks
    if all(a.line < b.line for a, b in itertools.pairwise(tasks)):
        return tasks
    return tuple(sorted(tasks, key=lambda t: t.line))
