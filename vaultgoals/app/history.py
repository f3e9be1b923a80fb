"""What the journal remembers, kept current pass by pass: the app side of
`vaultgoals.core.identity`.

`History` opens the journal (refusing a path it must not use), lets it observe the vault
(`learn`: incremental `Observer`, `reconcile`, the delta applied to SQLite and to an
in-memory `JournalView`), and records what a pass decided: progress snapshots,
achievements, and which notes vaultgoals wrote (so a note found empty mid-save is known
for what it is).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from vaultgoals.core.config import Config
from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.graphmemo import DatesChanged
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.identity import (
    AchievementRecord,
    JournalDelta,
    JournalView,
    SeenTask,
    reconcile,
)
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.observer import Observer
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.revisions import Decision, Memory, detect, remembered, tracked
from vaultgoals.core.skills import LevelHistory, levels_of
from vaultgoals.store.journal import (
    Journal,
    JournalError,
    JournalRefused,
    foreign_file_reason,
)
from vaultgoals.store.journallevels import read_levels
from vaultgoals.store.journalread import read_done_days, read_snapshots
from vaultgoals.store.lock import LOCK_DIR as STATE_DIR
from vaultgoals.store.memorystore import load, read_memory, store_decisions, store_values
from vaultgoals.store.safepath import resolve_inside

WROTE_KEY = "wrote:"  # journal meta key prefix: characters vaultgoals last wrote to a note


def journal_levels(vault: Path, config: Config) -> LevelHistory:
    """The skill levels the journal recorded, as the last run left them (read-only: for
    `status`); {} without a usable journal."""
    try:
        path = resolve_inside(vault, config.journal)
    except UnsafePath:
        return {}
    return read_levels(path)


def journal_done_days(vault: Path, config: Config,
                      docs: Mapping[str, NoteDoc]) -> dict[tuple[str, int], str]:
    """(path, line) → the day the journal first saw that task done, as the last run left
    it, for commands that report without running (`status`, `tasks`): so they date a done
    task exactly as the review does. Read-only; a row counts only while the task at its
    line still has its words. {} without a usable journal."""
    try:
        path = resolve_inside(vault, config.journal)
    except UnsafePath:
        return {}
    out: dict[tuple[str, int], str] = {}
    lines: dict[str, dict[int, str]] = {}
    for rel, line, text, day in read_done_days(path):
        doc = docs.get(rel)
        if doc is None:
            continue
        at = lines.get(rel)
        if at is None:
            at = lines[rel] = {t.line: t.fields.description for t in doc.tasks}
        if at.get(line) == text:
            out[(rel, line)] = day
    return out


def journal_snapshots(vault: Path, config: Config) -> dict[str, tuple[tuple[str, float], ...]]:
    """Goal key → its daily progress snapshots as the last run left them (read-only), for
    commands that draw progress without running (`status`, `chart`). {} without a usable
    journal."""
    try:
        return read_snapshots(resolve_inside(vault, config.journal))
    except UnsafePath:
        return {}


def journal_memory(vault: Path, config: Config) -> Memory:
    """Goals' revisions and decisions as the last run left them, read-only (`status`,
    `history`); empty without a usable journal."""
    try:
        return read_memory(resolve_inside(vault, config.journal))
    except UnsafePath:
        return Memory()


class _StatusTable(dict[str, str]):
    """The configured status types, as a mapping that also answers for characters first
    seen later (a watcher runs for weeks): unknown characters follow `Config.status_type`."""

    def __init__(self, config: Config, chars: set[str]) -> None:
        super().__init__({c: config.status_type(c) for c in chars})
        self.config = config

    def get(self, key: str, default: str | None = None) -> str:  # type: ignore[override]
        got = super().get(key)
        return got if got is not None else self.config.status_type(key)


class History:
    """The journal of one vault and its in-memory view; reused across passes by the watcher.

    Raises ValueError (a one-line message for the user) for a journal path it must not
    use: outside the vault, or naming a file vaultgoals did not create."""

    def __init__(self, vault: Path, config: Config, dry_run: bool = False) -> None:
        self.vault = vault
        self.config = config
        self.dry_run = dry_run
        self.journal_path()  # refuse a bad journal path before anything is created
        self.journal: Journal | None = None
        self.notices: list[str] = []
        self.view: JournalView | None = None  # the journal as of the last pass, in memory
        self.observer: Observer | None = None
        self._learned_on: date | None = None
        self._fd: dict[tuple[str, int], str] = {}
        self._fd_paths: dict[str, list[tuple[str, int]]] = {}
        self._fd_full = True  # the last reconcile was a full one
        # how the last `first_done` changed the one before (paths None: made anew)
        self.dates_changed = DatesChanged(object(), object(), None)
        self._tasks: dict[str, SeenTask] = {}
        self._done_map: dict[str, str] = {}
        self._first_seen: dict[str, str] = {}
        self._levels: dict[str, tuple[tuple[str, str, float], ...]] | None = None  # skills'
        self._compare_all = True  # the next revision check compares every goal
        # review label → its answer lines as last read (app/decide.py)
        self.answers_read: dict[str, str] = {}
        # (path, the index's record of it, text) of the previous review (app/review.py)
        self.previous_read: tuple[str, object, str] | None = None

    def journal_path(self) -> Path:
        """The journal's file; ValueError (naming the key and the file) for a path outside
        the vault or a file there that vaultgoals did not create."""
        try:
            path = resolve_inside(self.vault, self.config.journal)
        except UnsafePath as exc:
            if self.config.journal == Config().journal:
                raise ValueError(f"{self.vault}: the journal {self.config.journal} cannot be "
                                 f"used: {exc.reason}; vaultgoals keeps its state only inside "
                                 "the vault") from None
            raise ValueError(f".vaultgoals.yaml: 'journal' {exc}") from None
        if not self._journal_in_state_folder(path):
            reason = foreign_file_reason(path)
            if reason is not None:
                raise ValueError(
                    f".vaultgoals.yaml: 'journal: {self.config.journal}' names {path}, but "
                    f"{reason}; it was left untouched. Point 'journal' at a new file name "
                    "(or remove the key to use the default)")
        return path

    def _journal_in_state_folder(self, path: Path) -> bool:
        try:
            state = resolve_inside(self.vault, STATE_DIR)
        except UnsafePath:
            return False
        return path.parent == state or state in path.parents

    def open_journal(self) -> Journal | None:
        if self.journal is None:
            path = self.journal_path()
            if self.dry_run and not path.exists():
                return None
            try:
                self.journal, warnings = Journal.open(
                    path, adopt_any=self._journal_in_state_folder(path))
            except JournalRefused as exc:
                raise ValueError(f".vaultgoals.yaml: 'journal' {exc}") from None
            self.notices.extend(warnings)
        return self.journal

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def learn(self, docs: Mapping[str, NoteDoc], today: date) -> JournalView:
        """Let the journal observe the vault; return the view the pure core reads.

        The view is read from SQLite once, then kept current in memory: each pass observes
        incrementally (`Observer`), reconciles only what may have changed, and applies the
        delta to the view's maps in place."""
        journal = self.open_journal()
        if journal is None:
            return JournalView.empty()
        if self.observer is None:
            chars = {t.status for d in docs.values() for t in d.tasks}
            self.observer = Observer(_StatusTable(self.config, chars))
        for attempt in range(2):
            try:
                if self._learned_on is not None and today < self._learned_on:
                    self.view = None  # the clock went back: repair and reload below
                if self.view is None:
                    if not self.dry_run:
                        journal.repair_future(today.isoformat())
                    self._load_view(journal.view(), load(journal))
                    self._compare_all = True
                    self.observer.primed = False
                assert self.view is not None
                # reconcile depends on today (a future ✅ date is ignored until its day), so
                # the first pass of each day reconciles everything; later ones, what changed
                full = not self.observer.primed or self._learned_on != today
                self._learned_on = today
                self._fd_full = full
                changed, scope = self.observer.observe(docs, self.view.tasks)
                if full:
                    delta = reconcile(self.view, self.observer.all(), today.isoformat())
                else:
                    delta = reconcile(self.view, changed, today.isoformat(), scope=scope)
                if not self.dry_run:
                    journal.apply(delta)
                self._apply_to_view(delta)
                return self.view
            except JournalError as exc:
                if attempt:
                    raise
                self.view = None
                self.notices.extend(journal.recover())
                self.notices.append(f"journal was unreadable ({exc}); rebuilt")
        return JournalView.empty()

    def _load_view(self, view: JournalView, memory: Memory) -> None:
        self.answers_read = {}  # (read the reviews' answers again into the loaded memory)
        self._tasks = dict(view.tasks)
        self._done_map = dict(view.first_done)
        self._first_seen = dict(view.first_seen)
        self.view = replace(view, tasks=MappingProxyType(self._tasks),
                            first_done=MappingProxyType(self._done_map),
                            first_seen=MappingProxyType(self._first_seen), memory=memory)

    def _apply_to_view(self, delta: JournalDelta) -> None:
        """`view.with_delta(delta)`, in place: O(size of the delta)."""
        assert self.view is not None
        for ident in delta.purged:
            self._tasks.pop(ident, None)
            self._done_map.pop(ident, None)
            self._first_seen.pop(ident, None)
        for row in delta.rows:
            self._tasks[row.identity] = row
            self._first_seen[row.identity] = row.first_seen
            if row.first_done is None:
                self._done_map.pop(row.identity, None)
            else:
                self._done_map[row.identity] = row.first_done
        if delta.since is not None:
            self.view = replace(self.view, since=delta.since)

    def record_snapshots(self, graph: Graph, today: date) -> None:
        """One progress snapshot per goal per day; written only when it changed."""
        if self.journal is None or self.view is None or self.dry_run:
            return
        day = today.isoformat()
        snapshots = dict(self.view.snapshots)
        changed = False
        for _, node in graph.walk():
            if node.kind not in ("goal", "milestone", "vision") or node.inline:
                continue
            history = snapshots.get(node.key, ())
            if history and history[-1] == (day, node.progress):
                continue
            self.journal.record_snapshot(node.key, day, node.progress, node.done_leaves,
                                         node.total_leaves)
            kept = tuple(h for h in history if h[0] != day)
            snapshots[node.key] = tuple(sorted((*kept, (day, node.progress))))
            changed = True
        if changed:
            self.view = replace(self.view, snapshots=MappingProxyType(snapshots))

    def record_levels(self, graph: Graph, index: EvidenceIndex, today: date) -> LevelHistory:
        """Each skill's level, recorded on the day it is first seen and whenever it changes
        (one row per skill per day); returns every skill's history up to `today`."""
        if self._levels is None:
            self._levels = {}
            if self.journal is not None:
                with contextlib.suppress(JournalError):
                    self._levels = dict(self.journal.levels())
        day = today.isoformat()
        for _, node in graph.walk():
            if node.kind != "skill":
                continue
            level, _ = levels_of(graph, node, index)
            history = [h for h in self._levels.get(node.key, ()) if h[0] <= day]
            if level is None or (history and history[-1][1] == level.shown):
                continue
            row = (day, level.shown, round(level.fraction, 4))
            if self.journal is not None and not self.dry_run:
                with contextlib.suppress(JournalError):
                    self.journal.record_level(node.key, *row)
            self._levels[node.key] = (*[h for h in history if h[0] != day], row)
        return {k: tuple(h for h in v if h[0] <= day) for k, v in self._levels.items()}
    @property
    def memory(self) -> Memory:
        """Goals' last values, revisions and decisions (core/revisions.py), as of this pass:
        `revisions_between(history.memory.revisions, start, end)` lists a period's."""
        return self.view.memory if self.view is not None else Memory()

    def record_revisions(self, graph: Graph, read: set[str], today: date) -> None:
        """Compare the tracked properties of the goals whose note was read again (`read`;
        every goal on the first pass) with the journal's last values; store what changed."""
        if self.view is None:
            return
        if self._compare_all:
            goals = [n for _, n in graph.walk() if tracked(n)]
        else:
            goals = [n for p in read if (n := graph.nodes.get(p)) is not None and tracked(n)]
        self._compare_all = False
        self.record_nodes(goals, today)

    def record_nodes(self, goals: list[Node], today: date) -> None:
        """Store what changed in these goals' tracked values (core/revisions.py `detect`)."""
        if self.view is None:
            return
        day = today.isoformat()
        values, found = detect(goals, self.view.memory, day)
        if not values:
            return
        if self.journal is not None and not self.dry_run:
            store_values(self.journal, values, found, day)
        self.view = replace(self.view, memory=remembered(self.view.memory, values, found, day))

    def record_decisions(self, added: list[Decision], withdrawn: list[Decision]) -> None:
        """Store ticked answers and forget withdrawn ones (core/revisions.py `Decision`)."""
        if self.view is None or not (added or withdrawn):
            return
        if self.journal is not None and not self.dry_run:
            store_decisions(self.journal, added, withdrawn)
        memory = self.view.memory
        rows = {(d.goal, d.week, d.option): d for ds in memory.decisions.values() for d in ds}
        for d in withdrawn:
            if not rows.get((d.goal, d.week, d.option), d).applied:
                rows.pop((d.goal, d.week, d.option), None)
        rows.update({(d.goal, d.week, d.option): d for d in added})
        self.view = replace(self.view, memory=Memory.of(
            ((g, f, v, memory.first_seen.get(g, "")) for g, fs in memory.values.items()
             for f, v in fs.items()),
            (r for rs in memory.revisions.values() for r in rs), rows.values()))

    def record_achievement(self, rec: AchievementRecord, old_key: str | None = None) -> None:
        """Store `rec`; with `old_key`, in place of the record under that key (a rename)."""
        if self.view is None:
            self.view = JournalView.empty()
        achievements = dict(self.view.achievements)
        if old_key is not None:
            if old_key not in achievements or rec.key in achievements:
                return
            del achievements[old_key]
        if self.journal is not None and not self.dry_run:
            self.journal.record_achievement(rec, old_key)
        achievements[rec.key] = rec
        self.view = replace(self.view, achievements=MappingProxyType(achievements))

    def first_done(self, view: JournalView) -> dict[tuple[str, int], str]:
        """(path, line) → the day the journal first saw that task done. Rebuilt after a full
        reconcile; otherwise updated for the notes the observer rebuilt or lost, in place.
        Sets `dates_changed` to say which (graphmemo.DatesChanged)."""
        token = object()
        self.dates_changed = DatesChanged(self.dates_changed.token, token, None)
        if not view.first_done:
            self._fd, self._fd_paths = {}, {}
            return self._fd
        observer = self.observer
        if observer is None or self._fd_full or not self._fd:
            self._fd, self._fd_paths = {}, {}
            for ident, row in view.tasks.items():
                if row.gone_since is None and ident in view.first_done:
                    self._fd[(row.path, row.line)] = view.first_done[ident]
                    self._fd_paths.setdefault(row.path, []).append((row.path, row.line))
            return self._fd
        self.dates_changed = DatesChanged(self.dates_changed.since, token,
                                          frozenset(observer.touched))
        for path in observer.touched:
            for key in self._fd_paths.pop(path, []):
                self._fd.pop(key, None)
            for obs in observer.of(path):
                day = view.first_done.get(obs.identity)
                if day is not None:
                    self._fd[(path, obs.line)] = day
                    self._fd_paths.setdefault(path, []).append((path, obs.line))
        return self._fd

    def wrote_with_content(self, rel: str) -> bool:
        journal = self.journal
        if journal is None:
            return False
        try:
            return int(journal.get_meta(WROTE_KEY + rel) or 0) > 0
        except (JournalError, ValueError):
            return False

    def memo(self, key: str) -> str | None:
        """A value vaultgoals keeps in the journal between runs (None: none, or no journal)."""
        if self.journal is None:
            return None
        try:
            return self.journal.get_meta(key)
        except JournalError:
            return None

    def set_memo(self, key: str, value: str) -> None:
        """Keep `value` under `key` in the journal (not in a dry run; only when it changed)."""
        if self.journal is None or self.dry_run:
            return
        with contextlib.suppress(JournalError):
            if self.journal.get_meta(key) != value:
                self.journal.set_meta(key, value)

    def remember_written(self, rel: str, text: str) -> None:
        """Record in the journal that vaultgoals wrote `rel` (and how many characters)."""
        if self.journal is None or self.dry_run:
            return
        with contextlib.suppress(JournalError):
            if self.journal.get_meta(WROTE_KEY + rel) != str(len(text)):
                self.journal.set_meta(WROTE_KEY + rel, str(len(text)))
