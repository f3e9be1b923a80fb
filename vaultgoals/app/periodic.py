"""The periodic step of a pass: the monthly, quarterly and yearly reviews that are due,
judged by the core (`core/periodic.py`), rendered (`core/render/periodic.py`) and written
exactly as the weekly review is (`app/review.py`): managed regions in their own note, or
one region in the user's own periodic note.

When (`core/periods.due`, docs/periodic.md): in a period's last week, every run; after it
ends, once more (final, as of its last day), then never again unless asked
(`vaultgoals review --month 2026-10`). A pass outside those days does no periodic work but
a date comparison and, once per process, a look at the journal for each kind's last
period.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

from vaultgoals.app.history import History
from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.app.review import review_path_for
from vaultgoals.core.config import Config
from vaultgoals.core.dates import parse_iso
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.identity import JournalView
from vaultgoals.core.insights import Leaves, week_of
from vaultgoals.core.periodic import build_periodic
from vaultgoals.core.periods import KINDS, Span, due, name_of, previous, span_of
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.charts import chart_folder
from vaultgoals.core.render.links import goal_notes, relink
from vaultgoals.core.render.periodic import (
    Links,
    periodic_note,
    periodic_regions,
    region_name,
    whole_region,
)
from vaultgoals.core.render.pictures import Charts, Picture
from vaultgoals.core.research import ResearchItem
from vaultgoals.store.journal import JournalError
from vaultgoals.store.writer import WriteResult

FINAL_KEY = "periodic-final:"  # journal meta: a period whose review was finalised


def periodic_path(config: Config, span: Span) -> str:
    """Where the review of `span` goes: named by the user's notes of that kind (Periodic
    Notes' format, else `monthly.format`, ...), in the reviews folder or, with
    `reviews.into_<kind>ly_note`, that kind's notes' folder."""
    folder = config.periodic_folder(span.kind)
    name = name_of(span, config.periodic_format(span.kind), config.week_rules)
    return f"{folder}/{name}.md" if folder else f"{name}.md"


def month_links(config: Config, start: date, end: date) -> tuple[tuple[str, str], ...]:
    """The monthly reviews a week from `start` to `end` links (the months it touches), as
    (name, path); none when monthly reviews are off."""
    if not config.periodic_on("month"):
        return ()
    spans = dict.fromkeys((span_of(start, "month"), span_of(end, "month")))
    return tuple((name_of(s, config.monthly_format, config.week_rules), periodic_path(config, s))
                 for s in spans)


def _links(config: Config, span: Span, exists: Callable[[str], bool]) -> Links:
    """The previous review of the kind and the weekly reviews inside the span, those that
    exist (a link to a review never written would make an empty note when clicked)."""
    before = previous(span)
    prev_path = periodic_path(config, before)
    prev = ((name_of(before, config.periodic_format(span.kind), config.week_rules), prev_path)
            if exists(prev_path) else None)
    weeks: list[tuple[str, str]] = []
    day = span.start
    while day <= span.end:
        week = week_of(day, config)
        rel = review_path_for(config, week)
        if exists(rel):
            weeks.append((week.label, rel))
        day = week.end + timedelta(days=1)
    return Links(prev, tuple(weeks))


# the research and opportunity items of a period by goal: (graph, first day, last day)
Research = Callable[[Graph, date, date], Mapping[str, tuple[ResearchItem, ...]]]


class PeriodicStep:
    """The periodic reviews of one vault's passes (the watcher keeps one for weeks)."""

    def __init__(self, config: Config, history: History, notes: NoteWriter,
                 research: Research | None = None) -> None:
        self.research = research  # a period's research by goal (app/research.py), or none
        self.config = config
        self.history = history
        self.notes = notes
        self._final: dict[str, bool] = {}  # span key → finalised (read once per process)
        self._rendered: dict[str, date] = {}  # span key → the day it was last written for

    def due_paths(self, view: JournalView, today: date) -> frozenset[str]:
        """The notes of the periodic reviews due on `today` (written by this pass's `run`
        unless they failed): what the weekly review may already link."""
        since = parse_iso(view.since) if view.since else None
        return frozenset(periodic_path(self.config, span) for kind in KINDS
                         if self.config.periodic_on(kind)
                         for span in due(kind, today, self.config.week_rules, since))

    def run(self, graph: Graph, view: JournalView, today: date,
            celebrations: dict[str, str], out: Outcome,
            exists: Callable[[str], bool], leaves: Leaves | None = None,
            quiet: bool = False) -> None:
        """Write the reviews due on `today` (core/periods.due), skipping those finalised;
        `leaves`: the pass's `Leaves` of this graph (the weekly review's); `quiet`: no note
        changed since the last pass but the echo of its own writes, so a review rendered
        then for the same day is still what it would render (and is not rendered again)."""
        since = parse_iso(view.since) if view.since else None
        for kind in KINDS:
            if not self.config.periodic_on(kind):
                continue
            for span in due(kind, today, self.config.week_rules, since):
                final = today > span.end
                if final and self._is_final(span):
                    continue
                if quiet and self._rendered.get(span.key) == today:
                    continue
                leaves = leaves or Leaves(graph)
                result = self.write(graph, view, span, today, celebrations, out, exists,
                                    leaves)
                ok = result is not None and result.status in ("written", "unchanged")
                if ok:
                    self._rendered[span.key] = today
                else:
                    self._rendered.pop(span.key, None)
                if final and ok:
                    self._mark_final(span)

    def backfill(self, graph: Graph, view: JournalView, span: Span, today: date,
                 celebrations: dict[str, str], out: Outcome,
                 exists: Callable[[str], bool]) -> None:
        """`vaultgoals review --month 2026-10`: the review of `span` as of today (or its last
        day), written whether due or not; a period that has ended is then final."""
        result = self.write(graph, view, span, today, celebrations, out, exists)
        if today > span.end and result is not None and result.status in ("written",
                                                                         "unchanged"):
            self._mark_final(span)

    def write(self, graph: Graph, view: JournalView, span: Span, today: date,
              celebrations: dict[str, str], out: Outcome,
              exists: Callable[[str], bool], leaves: Leaves | None = None
              ) -> WriteResult | None:
        """Judge, render and write the review of `span` as of `today` (or its last day)."""
        config = self.config
        rel = periodic_path(config, span)
        label = rel.rsplit("/", 1)[-1][:-3]
        review = build_periodic(graph, config, span, label, today, view, leaves)
        links = _links(config, span, exists)
        charts = Charts(chart_folder(config.charts_attachments, config.attachment_folder, rel),
                        label, config.pace_weeks, config.burnups)
        found = (self.research(graph, span.start, min(review.as_of, span.end))
                 if self.research is not None and span.kind == "month" else None)
        regions, pictures = periodic_regions(review, graph, config, celebrations, links,
                                             view.snapshots, charts, found)
        if config.links != "full":  # (as the weekly review: render/links.py)
            keep = goal_notes(graph, [*(p for _, p in links.weeks),
                                      *([links.previous[1]] if links.previous else []),
                                      *celebrations.values()])
            regions = {name: relink(text, config.links, keep) for name, text in regions.items()}
        for pic in pictures:
            self._write_files(pic, out)
        out.periodic_paths.append(rel)
        if config.periodic_into_note(span.kind):
            name = region_name(span.kind)
            whole = whole_region(span.kind, regions)
            return self.notes.write_regions(rel, {name: whole},
                                            lambda: render_region(name, whole), out,
                                            append_missing=True)
        return self.notes.write_regions(rel, regions,
                                        lambda: periodic_note(span.kind, label, regions), out)

    def _write_files(self, picture: Picture, out: Outcome) -> None:
        """A picture's files (an SVG beside the review): written when their bytes change."""
        for rel, text in picture.files:
            old, failed = self.notes.read(rel, out)
            if failed is not None or (old is not None and old == text.encode("utf-8")):
                continue
            out.results.append(self.notes.writer.write(rel, text, old))

    def _is_final(self, span: Span) -> bool:
        known = self._final.get(span.key)
        if known is None:
            journal = self.history.journal
            try:
                known = journal is not None and journal.get_meta(FINAL_KEY + span.key) is not None
            except JournalError:
                known = False
            self._final[span.key] = known
        return known

    def _mark_final(self, span: Span) -> None:
        self._final[span.key] = True
        journal = self.history.journal
        if journal is None or self.history.dry_run:
            return
        try:
            journal.set_meta(FINAL_KEY + span.key, "final")
        except JournalError:
            self._final[span.key] = False  # (tried again next pass)
