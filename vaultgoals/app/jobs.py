"""The main job (`vaultgoals run`) and its parts (`review`, `celebrate`).

Shell code: it reads the vault through the pipeline, lets the journal learn what changed,
asks the pure core what to write, and hands every write to `SafeWriter`. The watcher calls
`Job.once()` after every batch of changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vaultgoals.app.history import History
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
from vaultgoals.core.model import Problem
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.regions import looks_half_saved, render_region, update_regions
from vaultgoals.core.render.markdown import checklist_items
from vaultgoals.core.render.review import REGION_ORDER, review_note, review_regions
from vaultgoals.store.journal import JournalError
from vaultgoals.store.lock import LOCK_DIR as STATE_DIR
from vaultgoals.store.lock import VaultLock
from vaultgoals.store.safepath import resolve_inside
from vaultgoals.store.writer import SafeWriter, WriteResult

ATTEMPTS = 3
# A note left empty (or cut inside a region) for longer than this was not caught in the
# middle of a save: the user emptied it, and it is rebuilt.
SAVE_GAP_SECONDS = 60.0


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
        self.writer = SafeWriter(vault, dry_run=dry_run)
        self._verified: set[str] = set()  # generated texts that passed the guard
        # celebration note -> ((size, mtime_ns), what it says): read again only when changed
        self._seen_notes: dict[str, tuple[tuple[int, int], SeenCelebration | None]] = {}

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
            self.history.remember_written(rel, text)
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
        if not looks_half_saved(text) or not self.history.wrote_with_content(rel):
            return None
        age = self.writer.seconds_since_modified(rel)
        if age is None or age >= SAVE_GAP_SECONDS:
            return None
        state = "empty" if not text.strip() else "cut off inside a generated section"
        return WriteResult(rel, "conflict", f"{rel} is {state}, as while an editor is saving "
                           "it; left alone for now (it is updated once the save is complete)")

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
                result = self.write_new(rel, text, out)
                if result is not None and result.status not in ("written", "would-write"):
                    continue  # not recorded: tried again next pass
                out.celebrated.append(rel)
                taken.add(rel)
            self.history.record_achievement(ach.record(rel, today))
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
