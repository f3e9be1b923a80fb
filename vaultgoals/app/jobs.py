"""The main job (`vaultgoals run`) and its parts (`review`, `celebrate`).

Shell code: it reads the vault through the pipeline, lets the journal learn what changed,
asks the pure core what to write, and hands every write to `SafeWriter`. The watcher calls
`Job.once()` after every batch of changes.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from vaultgoals.app.history import History
from vaultgoals.app.notewriter import NoteWriter, Outcome
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
    JournalView,
)
from vaultgoals.core.insights import Week, build_review, week_of
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.review import REGION_ORDER, review_note, review_regions
from vaultgoals.store.journal import JournalError
from vaultgoals.store.lock import LOCK_DIR as STATE_DIR
from vaultgoals.store.lock import VaultLock
from vaultgoals.store.safepath import resolve_inside
from vaultgoals.store.writer import SafeWriter


class Refused(Exception):
    """The vault's settings or state cannot be used as they are (a journal path naming a
    user's note, a state folder out of the vault); the message says which and why."""


def review_path_for(config: Config, week: Week) -> str:
    if config.review_into_weekly_note:
        folder = config.weekly_folder.strip("/")
        name = format_moment(config.weekly_format, week.start, config.week_start)
    else:
        folder = config.reviews_folder.strip("/")
        name = format_moment(config.reviews_format, week.start, config.week_start)
    return f"{folder}/{name}.md" if folder else f"{name}.md"


class Job:
    """One vault's job: reused across runs by the watcher (keeps index and journal open).

    Raises ValueError (a one-line message for the user) for a journal path it must not
    use: outside the vault, or naming a file vaultgoals did not create."""

    def __init__(self, vault: Path, config: Config, dry_run: bool = False) -> None:
        self.vault = vault
        self.config = config
        self.dry_run = dry_run
        self.history = History(vault, config, dry_run)  # (refuses a bad journal path)
        self.pipe = Pipeline(vault, config, use_cache=not dry_run)
        self.notes = NoteWriter(SafeWriter(vault, dry_run=dry_run), self.history)
        # celebration note -> ((size, mtime_ns), what it says): read again only when changed
        self._seen_notes: dict[str, tuple[tuple[int, int], SeenCelebration | None]] = {}

    @property
    def writer(self) -> SafeWriter:
        return self.notes.writer

    @writer.setter
    def writer(self, writer: SafeWriter) -> None:
        self.notes.writer = writer

    @property
    def view(self) -> JournalView | None:
        """The journal as of the last pass (None before the first)."""
        return self.history.view

    @property
    def journal_notices(self) -> list[str]:
        return self.history.notices

    def journal_path(self) -> Path:
        return self.history.journal_path()

    def close(self) -> None:
        self.pipe.close()
        self.history.close()

    # writing -------------------------------------------------------------------------

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
        """read → learn history → recognise and roll up → celebrate → review: each step
        judges, renders and writes what it owns; the outcome gathers what happened."""
        out = Outcome()
        if changed is None:  # read: every note whose size or mtime changed, or these
            self.pipe.scan()
        else:
            self.pipe.index.update(changed)
        view = self.history.learn(self.pipe.index.docs, today)
        graph = self.pipe.graph(today, self.history.first_done(view))
        out.problems.extend(self.pipe.problems(graph))
        self.history.record_snapshots(graph, today)
        view = self.history.view or view
        shown = self.celebrate(graph, view, today, out) if what != "review" else {}
        if what != "celebrate":
            week = week or week_of(today, self.config.week_start)
            shown = shown or self._known_celebrations(graph, view)
            self.review(graph, view, week, today, shown, out)
        return out

    def _known_celebrations(self, graph: Graph, view: JournalView) -> dict[str, str]:
        keys = achievement_keys(graph)
        return {nk: view.achievements[ak].celebration_path for nk, ak in keys.items()
                if ak in view.achievements and view.achievements[ak].celebration_path}

    def celebrate(self, graph: Graph, view: JournalView, today: date,
                  out: Outcome) -> dict[str, str]:
        plan = plan_celebrations(graph, view.achievements, today, self.config.lookback_days)
        for old, ach in plan.renames:
            self.history.record_achievement(ach.rekey(view.achievements[old]), old_key=old)
        fresh: list[Achievement] = list(plan.new)
        if fresh:  # the vault may already show them (the journal was lost or deleted)
            known = self.view.achievements if self.view else view.achievements
            found, fresh = recognise(graph, fresh, self._seen_celebrations(), known)
            for ach, seen in found:
                day = ach.done_on
                if not ach.dated and seen.done_date <= today.isoformat():
                    day = date.fromisoformat(seen.done_date)  # the day it was celebrated
                self.history.record_achievement(ach.record(seen.path, today, day))
        taken = {r.celebration_path for r in (self.view or view).achievements.values()}
        for ach in fresh:
            rel = ""
            if ach.celebrate:
                rel = self._free_path(ach, taken)
                text = celebration_note(graph, self.config, ach)
                result = self.notes.write_new(rel, text, out)
                if result is not None and result.status not in ("written", "would-write"):
                    continue  # not recorded: tried again next pass
                out.celebrated.append(rel)
                taken.add(rel)
            self.history.record_achievement(ach.record(rel, today))
        achievements = dict(self.view.achievements) if self.view else {}
        if achievements or self.notes.read(self.config.wins_log, Outcome())[0] is not None:
            body = wins_log_body(achievements)
            self.notes.write_regions(
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
                old, _ = self.notes.read(rel, Outcome())
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
                raw, _ = self.notes.read(rel, Outcome())
                item = (None if raw is None
                        else parse_celebration_note(rel, raw.decode("utf-8", "replace")))
            cache[rel] = (stamp, item)
            if item is not None:
                seen.append(item)
        self._seen_notes = cache
        log, _ = self.notes.read(self.config.wins_log, Outcome())
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
            self.notes.write_regions(rel, {"review": whole},
                               lambda: render_region("review", whole), out, append_missing=True)
        else:
            self.notes.write_regions(rel, regions, lambda: review_note(week.label, regions), out)


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
