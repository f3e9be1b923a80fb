"""The main job (`vaultgoals run`) and its parts (`review`, `celebrate`).

Shell code: it reads the vault through the pipeline, lets the journal learn what changed,
asks the pure core what to write, and hands every write to `SafeWriter`. The watcher calls
`Job.once()` after every batch of changes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from vaultgoals.app.pipeline import Pipeline, bulk
from vaultgoals.core.celebrations import (
    Achievement,
    SeenCelebration,
    achievement_keys,
    celebration_note,
    celebration_path,
    key_marker,
    parse_celebration_note,
    parse_wins_log,
    plan_celebrations,
    recognise,
    wins_log_body,
)
from vaultgoals.core.config import Config
from vaultgoals.core.dates import format_moment
from vaultgoals.core.graph import Graph
from vaultgoals.core.identity import (
    AchievementRecord,
    JournalDelta,
    JournalView,
    Observer,
    SeenTask,
    reconcile,
)
from vaultgoals.core.insights import Week, build_review, week_of
from vaultgoals.core.model import Problem
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.regions import looks_half_saved, render_region, update_regions
from vaultgoals.core.render.markdown import checklist_items
from vaultgoals.core.render.review import REGION_ORDER, review_note, review_regions
from vaultgoals.store.journal import Journal, JournalError, JournalRefused, foreign_file_reason
from vaultgoals.store.lock import LOCK_DIR as STATE_DIR
from vaultgoals.store.lock import VaultLock
from vaultgoals.store.safepath import resolve_inside
from vaultgoals.store.writer import SafeWriter, WriteResult

ATTEMPTS = 3
# A note left empty (or cut inside a region) for longer than this was not caught in the
# middle of a save: the user emptied it, and it is rebuilt.
SAVE_GAP_SECONDS = 60.0
WROTE_KEY = "wrote:"  # journal meta key prefix: characters vaultgoals last wrote to a note


class Refused(Exception):
    """The vault's settings or state cannot be used as they are (a journal path naming a
    user's note, a state folder out of the vault); the message says which and why."""


@dataclass
class Outcome:
    results: list[WriteResult] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # kept edits, missing regions, …
    problems: list[Problem] = field(default_factory=list)
    review_path: str | None = None
    celebrated: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[WriteResult]:
        return [r for r in self.results if r.status in ("error", "conflict")]

    @property
    def written(self) -> list[WriteResult]:
        return [r for r in self.results if r.status in ("written", "would-write")]


def review_path_for(config: Config, week: Week) -> str:
    if config.review_into_weekly_note:
        folder = config.weekly_folder.strip("/")
        name = format_moment(config.weekly_format, week.start, config.week_start)
    else:
        folder = config.reviews_folder.strip("/")
        name = format_moment(config.reviews_format, week.start, config.week_start)
    return f"{folder}/{name}.md" if folder else f"{name}.md"


class _StatusTable(dict[str, str]):
    """The configured status types, as a mapping that also answers for characters first
    seen later (a watcher runs for weeks): unknown characters follow `Config.status_type`."""

    def __init__(self, config: Config, chars: set[str]) -> None:
        super().__init__({c: config.status_type(c) for c in chars})
        self.config = config

    def get(self, key: str, default: str | None = None) -> str:  # type: ignore[override]
        got = super().get(key)
        return got if got is not None else self.config.status_type(key)


class Job:
    """One vault's job: reused across runs by the watcher (keeps index and journal open).

    Raises ValueError (a one-line message for the user) for a journal path it must not
    use: outside the vault, or naming a file vaultgoals did not create."""

    def __init__(self, vault: Path, config: Config, dry_run: bool = False) -> None:
        self.vault = vault
        self.config = config
        self.dry_run = dry_run
        self.journal_path()  # refuse a bad journal path before anything is created
        self.pipe = Pipeline(vault, config, use_cache=not dry_run)
        self.writer = SafeWriter(vault, dry_run=dry_run)
        self.journal: Journal | None = None
        self.journal_notices: list[str] = []
        self.view: JournalView | None = None  # the journal as of the last pass, in memory
        self.observer: Observer | None = None
        self._learned_on: date | None = None
        self._fd: dict[tuple[str, int], str] = {}
        self._fd_paths: dict[str, list[tuple[str, int]]] = {}
        self._fd_full = True  # the last reconcile was a full one
        self._verified: set[str] = set()  # generated texts that passed the guard
        self._tasks: dict[str, SeenTask] = {}
        self._done_map: dict[str, str] = {}
        self._first_seen: dict[str, str] = {}
        # celebration note -> ((size, mtime_ns), what it says): read again only when changed
        self._seen_notes: dict[str, tuple[tuple[int, int], SeenCelebration | None]] = {}

    # journal -------------------------------------------------------------------------

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
            self.journal_notices.extend(warnings)
        return self.journal

    def close(self) -> None:
        self.pipe.close()
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def _learn(self, today: date) -> JournalView:
        """Let the journal observe the vault; return the view the pure core reads.

        The view is read from SQLite once, then kept current in memory: each pass observes
        incrementally (`Observer`), reconciles only what may have changed, and applies the
        delta to the view's maps in place."""
        journal = self.open_journal()
        if journal is None:
            return JournalView.empty()
        if self.observer is None:
            chars = {t.status for d in self.pipe.index.docs.values() for t in d.tasks}
            self.observer = Observer(_StatusTable(self.config, chars))
        for attempt in range(2):
            try:
                if self._learned_on is not None and today < self._learned_on:
                    self.view = None  # the clock went back: repair and reload below
                if self.view is None:
                    if not self.dry_run:
                        journal.repair_future(today.isoformat())
                    self._load_view(journal.view())
                    self.observer.primed = False
                assert self.view is not None
                # reconcile depends on today (a future ✅ date is ignored until its day), so
                # the first pass of each day reconciles everything; later ones, what changed
                full = not self.observer.primed or self._learned_on != today
                self._learned_on = today
                self._fd_full = full
                changed, scope = self.observer.observe(self.pipe.index.docs)
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
                self.journal_notices.extend(journal.recover())
                self.journal_notices.append(f"journal was unreadable ({exc}); rebuilt")
        return JournalView.empty()

    def _load_view(self, view: JournalView) -> None:
        self._tasks = dict(view.tasks)
        self._done_map = dict(view.first_done)
        self._first_seen = dict(view.first_seen)
        self.view = replace(view, tasks=MappingProxyType(self._tasks),
                            first_done=MappingProxyType(self._done_map),
                            first_seen=MappingProxyType(self._first_seen))

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

    def _record_snapshots(self, graph: Graph, today: date) -> None:
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

    def _record_achievement(self, rec: AchievementRecord, old_key: str | None = None) -> None:
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

    # writing -------------------------------------------------------------------------

    def _read(self, rel: str, out: Outcome) -> tuple[bytes | None, WriteResult | None]:
        """What a note holds now, or the error that stops us writing it (never raises)."""
        try:
            return self.writer.read_for_update(rel), None
        except (OSError, UnsafePath) as exc:
            message = (str(exc) if isinstance(exc, UnsafePath)
                       else f"{rel} cannot be read: {exc.strerror or exc}")
            result = WriteResult(rel, "error", message, "")
            out.results.append(result)
            return None, result

    def _guard(self, rel: str, texts: list[str], out: Outcome) -> bool:
        """Refuse generated text that would read as checklist items (see checklist_items).
        Texts already verified are remembered: a watcher regenerates mostly the same."""
        fresh = [t for t in texts if t not in self._verified]
        found = [item for text in fresh for item in checklist_items(text)]
        if not found:
            if len(self._verified) > 2000:
                self._verified.clear()
            self._verified.update(fresh)
        if found:
            out.problems.append(Problem(rel, 1, "vaultgoals refused to write generated text "
                                        f"that reads as a task ({found[0]}); please report"))
        return not found

    def write_regions(
        self,
        rel: str,
        regions: dict[str, str],
        template: Callable[[], str],
        out: Outcome,
        append_missing: bool = False,
    ) -> WriteResult:
        result: WriteResult | None = None
        if not self._guard(rel, list(regions.values()), out):
            return WriteResult(rel, "error", "generated text reads as a task", "")
        for _ in range(ATTEMPTS):
            old, failed = self._read(rel, out)
            if failed is not None:
                return failed
            held = self._being_saved(rel, old)
            if held is not None:
                out.results.append(held)
                return held
            if old is None or not old.strip():
                text = template()  # a new note, or an empty file where it should be
            else:
                try:
                    old_text = old.decode("utf-8")
                except UnicodeDecodeError:
                    out.notices.append(f"{rel}: not valid UTF-8; left untouched")
                    return WriteResult(rel, "unchanged", "not UTF-8", "")
                upd = update_regions(old_text, regions)
                text = upd.text
                for name in upd.kept:
                    out.notices.append(f"{rel}: you edited the '{name}' section; kept your "
                                       "edit (delete the section's text to let it update)")
                for problem in upd.problems:
                    out.problems.append(problem.to_problem(rel))
                if upd.missing and append_missing:
                    sep = "" if text.endswith("\n") or not text else "\n"
                    text += sep + "\n" + "\n".join(
                        render_region(n, regions[n]) for n in upd.missing)
            result = self.writer.write(rel, text, old)
            if result.status != "conflict":
                break
        assert result is not None
        out.results.append(result)
        if result.status == "written":
            self._remember_written(rel, text)
        return result

    def _being_saved(self, rel: str, old: bytes | None) -> WriteResult | None:
        """A "conflict" result if the note looks caught in the middle of a save (empty, or
        cut off inside a managed region) while the journal says the last text vaultgoals
        wrote there had content: an editor that saves by truncating and then writing is
        between the two. Writing now (a template, or regions appended) would replace the
        file under the editor, whose write then lands in the replaced copy: the user's text
        would be lost. Left alone; the watcher retries, a one-shot run says so. A note that
        stays like this for SAVE_GAP_SECONDS was emptied on purpose and is rebuilt."""
        if old is None:
            return None
        if old.strip():  # fast path, every pass: the last marker in the note is an end
            last = old.rfind(b"vaultgoals:")
            if last < 0 or old.startswith(b"vaultgoals:end", last):
                return None
        text = old.decode("utf-8", "surrogateescape")
        if not looks_half_saved(text) or not self._wrote_with_content(rel):
            return None
        age = self.writer.seconds_since_modified(rel)
        if age is None or age >= SAVE_GAP_SECONDS:
            return None
        state = "empty" if not text.strip() else "cut off inside a generated section"
        return WriteResult(rel, "conflict", f"{rel} is {state}, as while an editor is saving "
                           "it; left alone for now (it is updated once the save is complete)")

    def _wrote_with_content(self, rel: str) -> bool:
        journal = self.journal
        if journal is None:
            return False
        try:
            return int(journal.get_meta(WROTE_KEY + rel) or 0) > 0
        except (JournalError, ValueError):
            return False

    def _remember_written(self, rel: str, text: str) -> None:
        """Record in the journal that vaultgoals wrote `rel` (and how many characters)."""
        if self.journal is None or self.dry_run:
            return
        with contextlib.suppress(JournalError):
            if self.journal.get_meta(WROTE_KEY + rel) != str(len(text)):
                self.journal.set_meta(WROTE_KEY + rel, str(len(text)))

    def write_new(self, rel: str, text: str, out: Outcome) -> WriteResult | None:
        """Create a note that must not exist yet; an existing one is left alone."""
        old, failed = self._read(rel, out)
        if failed is not None:
            return failed
        if old is not None:
            return None
        if not self._guard(rel, [text], out):
            return WriteResult(rel, "error", "generated text reads as a task", "")
        result = self.writer.write(rel, text, None)
        out.results.append(result)
        return result

    # the job -------------------------------------------------------------------------

    def once(
        self,
        today: date,
        week: Week | None = None,
        what: str = "run",
        changed: set[str] | None = None,
    ) -> Outcome:
        """One pass. `changed`: re-read only these vault-relative paths (the watcher's
        batches); None: compare every note's size and mtime with the index (a scan)."""
        with bulk():
            return self._once(today, week, what, changed)

    def _once(
        self, today: date, week: Week | None, what: str, changed: set[str] | None
    ) -> Outcome:
        out = Outcome()
        if changed is None:
            self.pipe.scan()
        else:
            self.pipe.index.update(changed)
        view = self._learn(today)
        first_done = self._first_done(view)
        graph = self.pipe.graph(today, first_done)
        out.problems.extend(self.pipe.problems(graph))
        self._record_snapshots(graph, today)
        view = self.view or view
        celebrations = self.celebrate(graph, view, today, out) if what != "review" else {}
        if what != "celebrate":
            if not celebrations:
                celebrations = self._known_celebrations(graph, view)
            self.review(graph, view, week or week_of(today, self.config.week_start), today,
                        celebrations, out)
        return out

    def _first_done(self, view: JournalView) -> dict[tuple[str, int], str]:
        """(path, line) → the day the journal first saw that task done. Rebuilt after a full
        reconcile; otherwise updated for the notes the observer rebuilt or lost."""
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
        for path in observer.touched:
            for key in self._fd_paths.pop(path, []):
                self._fd.pop(key, None)
            for obs in observer.of(path):
                day = view.first_done.get(obs.identity)
                if day is not None:
                    self._fd[(path, obs.line)] = day
                    self._fd_paths.setdefault(path, []).append((path, obs.line))
        return self._fd

    def _known_celebrations(self, graph: Graph, view: JournalView) -> dict[str, str]:
        keys = achievement_keys(graph)
        return {nk: view.achievements[ak].celebration_path for nk, ak in keys.items()
                if ak in view.achievements and view.achievements[ak].celebration_path}

    def celebrate(self, graph: Graph, view: JournalView, today: date,
                  out: Outcome) -> dict[str, str]:
        plan = plan_celebrations(graph, view.achievements, today, self.config.lookback_days)
        for old, ach in plan.renames:
            self._record_achievement(ach.rekey(view.achievements[old]), old_key=old)
        fresh: list[Achievement] = list(plan.new)
        if fresh:  # the vault may already show them (the journal was lost or deleted)
            known = self.view.achievements if self.view else view.achievements
            found, fresh = recognise(graph, fresh, self._seen_celebrations(), known)
            for ach, seen in found:
                day = ach.done_on
                if not ach.dated and seen.done_date <= today.isoformat():
                    day = date.fromisoformat(seen.done_date)  # the day it was celebrated
                self._record_achievement(ach.record(seen.path, today, day))
        taken = {r.celebration_path for r in (self.view or view).achievements.values()}
        for ach in fresh:
            rel = ""
            if ach.celebrate:
                rel = self._free_path(ach, taken)
                text = celebration_note(graph, self.config, ach)
                result = self.write_new(rel, text, out)
                if result is not None and result.status not in ("written", "would-write"):
                    continue  # not recorded: tried again next pass
                out.celebrated.append(rel)
                taken.add(rel)
            self._record_achievement(ach.record(rel, today))
        achievements = dict(self.view.achievements) if self.view else {}
        if achievements or self._read(self.config.wins_log, Outcome())[0] is not None:
            body = wins_log_body(achievements)
            self.write_regions(
                self.config.wins_log, {"wins-log": body},
                lambda: f"# Wins log\n\n{render_region('wins-log', body)}", out)
        return self._known_celebrations(graph, JournalView(achievements=achievements))

    def _free_path(self, ach: Achievement, taken: set[str]) -> str:
        """The note path for a new achievement: its usual name unless another achievement
        has it (in the journal, or by the marker in the note there); then " (2)", ...
        A note there without a marker is taken as this one's, as before markers."""
        n = ach.occurrence
        while True:
            rel = celebration_path(self.config, ach, n)
            if rel not in taken:
                old, _ = self._read(rel, Outcome())
                if old is None:
                    return rel
                seen = parse_celebration_note(rel, old.decode("utf-8", "replace"))
                if seen is None or seen.marker in ("", key_marker(ach.key)):
                    return rel
            n += 1

    def _seen_celebrations(self) -> list[SeenCelebration]:
        """The celebrations the vault shows: its celebration notes and wins-log lines.
        Read only when there is a new achievement; unchanged notes are not parsed again."""
        seen: list[SeenCelebration] = []
        folder = self.config.celebrations_folder.strip("/")
        entries: list[os.DirEntry[str]] = []
        try:
            with os.scandir(resolve_inside(self.vault, folder)) as found:
                entries = sorted(found, key=lambda e: e.name)
        except (OSError, UnsafePath):
            pass  # no folder yet, or not a safe one: no notes to recognise
        cache: dict[str, tuple[tuple[int, int], SeenCelebration | None]] = {}
        for entry in entries:
            if not entry.name.endswith(".md") or not entry.is_file(follow_symlinks=False):
                continue
            rel = f"{folder}/{entry.name}" if folder else entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            hit = self._seen_notes.get(rel)
            if hit is not None and hit[0] == stamp:
                item = hit[1]
            else:
                raw, _ = self._read(rel, Outcome())
                item = (None if raw is None
                        else parse_celebration_note(rel, raw.decode("utf-8", "replace")))
            cache[rel] = (stamp, item)
            if item is not None:
                seen.append(item)
        self._seen_notes = cache
        log, _ = self._read(self.config.wins_log, Outcome())
        if log is not None:
            seen.extend(parse_wins_log(log.decode("utf-8", "replace")))
        return seen

    def review(self, graph: Graph, view: JournalView, week: Week, today: date,
               celebrations: dict[str, str], out: Outcome) -> None:
        as_of = min(today, week.end)
        review = build_review(graph, self.config, week, as_of, view.snapshots)
        regions = review_regions(review, self.config, len(graph.tasks), celebrations,
                                 tuple(self.pipe.index.conflicts))
        rel = review_path_for(self.config, week)
        out.review_path = rel
        if self.config.review_into_weekly_note:
            whole = "\n\n".join(
                (f"### {h}\n\n" if h else "") + regions[n] for n, h in REGION_ORDER)
            self.write_regions(rel, {"review": whole},
                               lambda: render_region("review", whole), out, append_missing=True)
        else:
            self.write_regions(rel, regions, lambda: review_note(week.label, regions), out)


def run_once(
    vault: Path, config: Config, today: date, week: Week | None, what: str, dry_run: bool
) -> tuple[Outcome, list[str]]:
    """`vaultgoals run|review|celebrate`: one pass under the vault's lock (none for a dry
    run); the outcome and the journal's notices. Raises `Refused` (a journal path or a
    state folder it must not use), LockHeld, OSError (the state folder cannot be made) and
    JournalError (the journal cannot be updated), each with a message for the user."""
    try:
        job = Job(vault, config, dry_run=dry_run)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    try:
        if dry_run:
            outcome = job.once(today, week, what)
        else:
            with VaultLock(vault, command=what, wait=10):
                outcome = job.once(today, week, what)
    except UnsafePath as exc:  # .vaultgoals/ is a symlink out of the vault
        raise Refused(f"{vault}: {STATE_DIR}/ {exc.reason}; vaultgoals keeps its state only "
                      "inside the vault") from None
    except JournalError as exc:
        raise JournalError(f"cannot update the journal {job.journal_path()}: {exc}") from None
    finally:
        job.close()
    return outcome, job.journal_notices
