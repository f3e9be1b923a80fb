"""The main job (`vaultgoals run`) and its parts (`review`, `celebrate`): one pass, top-down.

`Job._once` reads the vault (`pipeline`), lets the journal learn what changed
(`history`), builds the goal graph, then runs the two write steps: celebrations
(`celebrate`) and the review (`review`), which write through `notewriter`. The watcher
calls `Job.once()` after every batch of changes; `run_once` is one pass under the lock.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import unquote

from vaultgoals.app.celebrate import Celebrations
from vaultgoals.app.charts import ChartFiles
from vaultgoals.app.explainnote import ExplainStep, explain_note_path
from vaultgoals.app.goalmap import GoalMapStep
from vaultgoals.app.history import History
from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.app.periodic import PeriodicStep, month_links
from vaultgoals.app.pipeline import Pipeline, bulk
from vaultgoals.app.research import research_for
from vaultgoals.app.review import write_review
from vaultgoals.core.config import Config
from vaultgoals.core.identity import (
    JournalView,
)
from vaultgoals.core.insights import Leaves, Week, week_of
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.periods import Span
from vaultgoals.core.render.explain import no_goals_markdown
from vaultgoals.core.render.goalmap import behind_of, behind_pace
from vaultgoals.core.render.problems import review_problems
from vaultgoals.store.journal import JournalError
from vaultgoals.store.lock import LOCK_DIR as STATE_DIR
from vaultgoals.store.lock import VaultLock
from vaultgoals.store.writer import SafeWriter


class Refused(Exception):
    """The vault's settings or state cannot be used as they are (a journal path naming a
    user's note, a state folder out of the vault); the message says which and why."""

    @classmethod
    def state_folder(cls, vault: Path, exc: UnsafePath) -> Refused:
        """`.vaultgoals/` leads out of the vault (`exc` says how)."""
        return cls(f"{vault}: {STATE_DIR}/ {exc.reason}; vaultgoals keeps its state only "
                   "inside the vault")


class Job:
    """One vault's job: reused across runs by the watcher (keeps index and journal open).

    Raises ValueError (a one-line message for the user) for a journal path it must not
    use: outside the vault, or naming a file vaultgoals did not create."""

    def __init__(self, vault: Path, config: Config, dry_run: bool = False,
                 apply_decisions: bool = False) -> None:
        self.vault = vault
        self.config = config
        self.dry_run = dry_run
        self.apply_decisions = apply_decisions  # `--apply-decisions` (app/decide.py)
        self.history = History(vault, config, dry_run)  # (refuses a bad journal path)
        self.pipe = Pipeline(vault, config, use_cache=not dry_run)
        self.notes = NoteWriter(SafeWriter(vault, dry_run=dry_run), self.history)
        self.celebrations = Celebrations(vault, config, self.history, self.notes)
        self.charts = ChartFiles(self.notes)  # the review's burn-ups (SVG files)
        self.explain = ExplainStep(config)  # the "How vaultgoals reads this vault" note
        self.periodic = PeriodicStep(  # (the monthly review lists the month's research)
            config, self.history, self.notes,
            lambda graph, first, last: research_for(vault, graph, self.pipe.docs(), config,
                                                    first, last))
        self.goal_map = GoalMapStep(config, self.notes, self.history)  # Goals.canvas

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

    # a pass ---------------------------------------------------------------------------

    def once(
        self,
        today: date,
        week: Week | None = None,
        what: str = "run",
        changed: set[str] | None = None,
        period: Span | None = None,
    ) -> Outcome:
        """One pass. `changed`: re-read only these vault-relative paths (the watcher's
        batches); None: compare every note's size and mtime with the index (a scan).
        `period` (with `what="review"`): write that month's, quarter's or year's review
        instead of the week's."""
        with bulk():
            return self._once(today, week, what, changed, period)

    def _once(
        self, today: date, week: Week | None, what: str, changed: set[str] | None,
        period: Span | None = None,
    ) -> Outcome:
        """read → learn history → recognise and roll up → celebrate → review → periodic
        reviews → goal map: each step judges, renders and writes what it owns; the outcome
        gathers what happened."""
        out = Outcome()
        echo = self.notes.take_written()  # what the last pass wrote
        # read: every note whose size or mtime changed, or these
        read = self.pipe.scan() if changed is None else self.pipe.index.update(changed)
        docs = self.pipe.docs()
        quiet = all(self._echoed(rel, echo) for rel in read)
        view = self.history.learn(docs, today)
        graph = self.pipe.graph(today, self.history.first_done(view),
                                self.history.dates_changed)
        resolver = graph.resolver  # (a Markdown link's target is URL-encoded)
        self.notes.note_exists = lambda target: (resolver.resolve(target) or resolver.resolve(
            unquote(target))) is not None
        out.problems.extend(self.pipe.problems(graph))
        self.history.record_revisions(graph, read, today)
        self.history.record_snapshots(graph, today)
        view = self.history.view or view
        shown = self.celebrations.run(graph, view, today, out) if what != "review" else {}
        if what == "run":
            self.explain.run(self.notes, graph, docs, read, out)
        else:
            self.explain.skip()
        docs_now = self.pipe.docs()

        def exists(rel: str) -> bool:  # (a note of the vault, or written by this pass)
            return rel in docs_now or any(r.path == rel for r in out.results)

        leaves = Leaves(graph)  # (each goal's leaves by day, shared by this pass's reviews)
        if period is not None:
            shown = shown or self.celebrations.known(graph, view)
            self.periodic.backfill(graph, view, period, today, shown, out, exists)
            return out
        if what != "celebrate":
            week = week or week_of(today, self.config)
            shown = shown or self.celebrations.known(graph, view)
            no_goals = "" if graph.nodes else no_goals_markdown(
                self.explain.summary(graph, docs, read), explain_note_path(self.config) or "")
            listed = review_problems(out.problems, graph.problems,
                                     {n.path for n in graph.nodes.values()})
            # (a monthly review is linked once it exists or this pass writes it: a link to
            # a note never written makes an empty note when clicked)
            due = self.periodic.due_paths(view, today) if what == "run" else frozenset()
            months = tuple(m for m in month_links(self.config, week.start, week.end)
                           if exists(m[1]) or m[1] in due)
            evidence = self.pipe.evidence()
            levels = self.history.record_levels(graph, evidence, today)
            review = write_review(self.notes, self.config, graph, view, week, today, shown,
                                  tuple(self.pipe.index.conflicts), out, no_goals, listed,
                                  months, leaves, evidence, levels, self.charts,
                                  self.apply_decisions, docs.get)
            if what == "run":  # (the pace the review judged, unless it is of another day)
                behind = (behind_of(review.pace) if review.today == today
                          else behind_pace(graph, self.config, today, view.snapshots))
                self.goal_map.run(graph, behind, out)
        if what == "run":
            self.periodic.run(graph, view, today, shown or {}, out, exists, leaves, quiet)
        return out

    def _echoed(self, rel: str, echo: dict[str, int]) -> bool:
        """Is this re-read note one the last pass wrote, as it wrote it (its size), with no
        task in it? A pass that re-reads only such notes sees the vault it saw before."""
        doc = self.pipe.docs().get(rel)
        stamp = self.pipe.index.stamps.get(rel)
        return (rel in echo and stamp is not None and stamp[0] == echo[rel]
                and (doc is None or not doc.tasks))


def run_once(
    vault: Path, config: Config, today: date, week: Week | None, what: str, dry_run: bool,
    period: Span | None = None,
    apply_decisions: bool = False,
) -> tuple[Outcome, list[str]]:
    """`vaultgoals run|review|celebrate`: one pass under the vault's lock (none for a dry
    run); the outcome and the journal's notices. `period`: `vaultgoals review --month` and
    the like; `apply_decisions`: `--apply-decisions`. Raises `Refused` (a journal path or a
    state folder it must not use), LockHeld, OSError (the state folder cannot be made) and
    JournalError (the journal cannot be updated), each with a message for the user."""
    try:
        job = Job(vault, config, dry_run=dry_run, apply_decisions=apply_decisions)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    try:
        if dry_run:
            outcome = job.once(today, week, what, period=period)
        else:
            with VaultLock(vault, command=what, wait=10):
                outcome = job.once(today, week, what, period=period)
    except UnsafePath as exc:  # .vaultgoals/ is a symlink out of the vault
        raise Refused.state_folder(vault, exc) from None
    except JournalError as exc:
        raise JournalError(f"cannot update the journal {job.journal_path()}: {exc}") from None
    finally:
        job.close()
    return outcome, job.journal_notices
