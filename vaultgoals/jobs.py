"""The main job (`vaultgoals run`) and its parts (`review`, `celebrate`).

Shell code: it reads the vault through the pipeline, lets the journal learn what changed,
asks the pure core what to write, and hands every write to `SafeWriter`. The watcher calls
`Job.once()` after every batch of changes.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Console

from vaultgoals.celebrations import (
    celebration_body,
    celebration_path,
    plan_celebrations,
    wins_log_body,
)
from vaultgoals.config import Config
from vaultgoals.dates import format_moment, parse_iso_week
from vaultgoals.graph import Graph
from vaultgoals.identity import AchievementRecord, JournalView, observe_notes, reconcile
from vaultgoals.insights import Week, build_review, week_of
from vaultgoals.journal import Journal, JournalError
from vaultgoals.model import Problem
from vaultgoals.pipeline import Pipeline
from vaultgoals.regions import render_region, update_regions
from vaultgoals.render.markdown import checklist_items
from vaultgoals.render.review import REGION_ORDER, review_regions
from vaultgoals.safepath import UnsafePath, resolve_inside
from vaultgoals.writer import SafeWriter, WriteResult

LOOKBACK_DAYS = 90
ATTEMPTS = 3


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


def _review_template(label: str, regions: dict[str, str]) -> str:
    parts = [f"# Weekly review {label}\n"]
    for name, heading in REGION_ORDER:
        if heading:
            parts.append(f"## {heading}\n")
        parts.append(render_region(name, regions[name]))
    parts.append("## Reflection\n\nWhat went well? What will I change next week?\n")
    return "\n".join(parts)


class Job:
    """One vault's job: reused across runs by the watcher (keeps index and journal open)."""

    def __init__(self, vault: Path, config: Config, dry_run: bool = False) -> None:
        self.vault = vault
        self.config = config
        self.dry_run = dry_run
        self.pipe = Pipeline(vault, config)
        self.writer = SafeWriter(vault, dry_run=dry_run)
        self.journal: Journal | None = None
        self.journal_notices: list[str] = []

    # journal -------------------------------------------------------------------------

    def journal_path(self) -> Path:
        try:
            return resolve_inside(self.vault, self.config.journal)
        except UnsafePath as exc:
            raise ValueError(f".vaultgoals.yaml: 'journal' {exc}") from None

    def open_journal(self) -> Journal | None:
        if self.journal is None:
            path = self.journal_path()
            if self.dry_run and not path.exists():
                return None
            self.journal, warnings = Journal.open(path)
            self.journal_notices.extend(warnings)
        return self.journal

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def _learn(self, today: date) -> JournalView:
        """Let the journal observe the vault; return the view the pure core reads."""
        journal = self.open_journal()
        if journal is None:
            return JournalView.empty()
        obs = observe_notes(self.pipe.index.docs.values(),
                            {c: self.config.status_type(c) for c in self._status_chars()})
        for attempt in range(2):
            try:
                view = journal.view()
                delta = reconcile(view, obs, today.isoformat())
                if self.dry_run:
                    return view.with_delta(delta)
                journal.apply(delta)
                return view.with_delta(delta)
            except JournalError as exc:
                if attempt:
                    raise
                self.journal_notices.extend(journal.recover())
                self.journal_notices.append(f"journal was unreadable ({exc}); rebuilt")
        return JournalView.empty()

    def _status_chars(self) -> set[str]:
        return {t.status for d in self.pipe.index.docs.values() for t in d.tasks}

    # writing -------------------------------------------------------------------------

    @staticmethod
    def _guard(rel: str, texts: list[str], out: Outcome) -> bool:
        """Refuse generated text that would read as checklist items (see checklist_items)."""
        found = [item for text in texts for item in checklist_items(text)]
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
            old = self.writer.read_for_update(rel)
            if old is None:
                text = template()
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
        return result

    def write_new(self, rel: str, text: str, out: Outcome) -> WriteResult | None:
        """Create a note that must not exist yet; an existing one is left alone."""
        if self.writer.read_for_update(rel) is not None:
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
        out = Outcome()
        if changed is None:
            self.pipe.scan()
        else:
            self.pipe.index.update(changed)
        view = self._learn(today)
        first_done = self._first_done(view)
        graph = self.pipe.graph(today, first_done)
        out.problems.extend(self.pipe.problems(graph))
        journal = self.journal if not self.dry_run else None
        if journal is not None:
            for _, node in graph.walk():
                if node.kind in ("goal", "milestone", "vision") and node.line == 1:
                    journal.record_snapshot(node.key, today.isoformat(), node.progress,
                                            node.done_leaves, node.total_leaves)
            view = journal.view()
        celebrations = self.celebrate(graph, view, today, out) if what != "review" else {}
        if what != "celebrate":
            if not celebrations:
                celebrations = self._known_celebrations(graph, view)
            self.review(graph, view, week or week_of(today, self.config.week_start), today,
                        celebrations, out)
        return out

    def _first_done(self, view: JournalView) -> dict[tuple[str, int], str]:
        if not view.first_done:
            return {}
        out: dict[tuple[str, int], str] = {}
        for ident, row in view.tasks.items():
            if row.gone_since is None and ident in view.first_done:
                out[(row.path, row.line)] = view.first_done[ident]
        return out

    def _known_celebrations(self, graph: Graph, view: JournalView) -> dict[str, str]:
        from vaultgoals.celebrations import achievement_keys

        keys = achievement_keys(graph)
        return {nk: view.achievements[ak].celebration_path for nk, ak in keys.items()
                if ak in view.achievements and view.achievements[ak].celebration_path}

    def celebrate(self, graph: Graph, view: JournalView, today: date,
                  out: Outcome) -> dict[str, str]:
        plan = plan_celebrations(graph, view.achievements, today, LOOKBACK_DAYS)
        journal = self.journal if not self.dry_run else None
        for old, new in plan.renames:
            if journal is not None:
                journal.rename_achievement(old, new)
        for ach in plan.new:
            rel = ""
            if ach.celebrate:
                rel = celebration_path(self.config, ach)
                body = celebration_body(graph, self.config, ach)
                text = (f"# 🎉 {ach.node.title}\n\n{render_region('celebration', body)}\n"
                        "## How I'll celebrate\n\n")
                result = self.write_new(rel, text, out)
                if result is not None and result.status not in ("written", "would-write"):
                    continue  # not recorded: tried again next run
                out.celebrated.append(rel)
            if journal is not None:
                journal.record_achievement(AchievementRecord(
                    key=ach.key, kind=ach.node.kind, title=ach.node.title,
                    done_date=ach.done_on.isoformat(), celebration_path=rel,
                    recorded_on=today.isoformat()))
        if journal is not None:
            view = journal.view()
        achievements = dict(view.achievements)
        if self.dry_run:
            for ach in plan.new:
                achievements[ach.key] = AchievementRecord(
                    ach.key, ach.node.kind, ach.node.title, ach.done_on.isoformat(),
                    celebration_path(self.config, ach) if ach.celebrate else "",
                    today.isoformat())
        if achievements or self.writer.read_for_update(self.config.wins_log) is not None:
            body = wins_log_body(achievements)
            self.write_regions(
                self.config.wins_log, {"wins-log": body},
                lambda: f"# Wins log\n\n{render_region('wins-log', body)}", out)
        return self._known_celebrations(graph, JournalView(achievements=achievements))

    def review(self, graph: Graph, view: JournalView, week: Week, today: date,
               celebrations: dict[str, str], out: Outcome) -> None:
        as_of = min(today, week.end)
        review = build_review(graph, self.config, week, as_of, view.snapshots)
        regions = review_regions(review, self.config, len(graph.tasks), celebrations)
        rel = review_path_for(self.config, week)
        out.review_path = rel
        if self.config.review_into_weekly_note:
            whole = "\n\n".join(
                (f"### {h}\n\n" if h else "") + regions[n] for n, h in REGION_ORDER)
            self.write_regions(rel, {"review": whole},
                               lambda: render_region("review", whole), out, append_missing=True)
        else:
            self.write_regions(rel, regions, lambda: _review_template(week.label, regions), out)


def run_job(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`vaultgoals run|review|celebrate`: one pass, a summary, exit 0 (1 if a write failed)."""
    from vaultgoals.cli import UsageError, _config, _print_problems, _today, _vault, say

    vault = _vault(args.vault)
    today = _today(args.today)
    config = _config(vault)
    week = None
    if getattr(args, "week", None):
        start = parse_iso_week(args.week)
        assert start is not None  # validated in cli.main
        week = week_of(start, config.week_start)
    try:
        job = Job(vault, config, dry_run=args.dry_run)
        job.journal_path()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        outcome = job.once(today, week, args.job)
    finally:
        job.close()
    for note in job.journal_notices:
        say(err, "journal", "yellow", note)
    for res in outcome.results:
        if res.status == "written":
            say(out, "wrote", "green", res.path)
        elif res.status == "would-write":
            say(out, "would write", "cyan", res.path)
            if res.diff:
                out.print(res.diff, markup=False, highlight=False, soft_wrap=True)
        elif res.status in ("error", "conflict"):
            say(err, "not written", "red", f"{res.path}: {res.message}")
    if not outcome.written and not outcome.errors:
        out.print("Everything is up to date; nothing written.")
    for notice in outcome.notices:
        say(err, "note", "yellow", notice)
    _print_problems(err, outcome.problems)
    if getattr(args, "show", False) and outcome.review_path:
        from rich.markdown import Markdown

        path = vault / outcome.review_path
        if path.is_file():
            out.rule(outcome.review_path)
            text = path.read_text(encoding="utf-8", errors="replace")
            # as Obsidian's reading view shows it: comments (the markers) hidden
            text = re.sub(r"%%.*?%%\n?", "", text, flags=re.DOTALL)
            text = re.sub(r"\[\[[^\]|]*?\\?\|([^\]]*)\]\]", r"\1", text)  # [[t|shown]]
            text = re.sub(r"\[\[([^\]]*)\]\]", r"\1", text)
            out.print(Markdown(text))
    return 1 if outcome.errors else 0


