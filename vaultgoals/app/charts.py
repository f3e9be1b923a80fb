"""Chart files of a pass: burn-ups (and any other chart a review embeds) rendered by the
core (`core.render.charts`) and written as SVG files into the attachments folder, through
`SafeWriter` (atomic, confined to the vault, compared before written).

Cost: a chart is rendered only when its values changed since this process last rendered
it (a `BurnUp` is a hashable value: the memo's key), and a file is read and compared only
when its text differs from what this process last wrote or found there; so a watcher's
pass with nothing new for a chart costs a dictionary look-up. (A chart file deleted by
hand while a watcher runs comes back with the next change of its values, or the next
`vaultgoals run`.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta

from vaultgoals.app.notewriter import ATTEMPTS, NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.insights import MAX_LISTED, Leaves, Pace, Review
from vaultgoals.core.render.charts import (
    BurnUp,
    activity_days,
    burnup_for,
    burnup_svg,
    chart_folder,
    chart_path,
    month_calendar_svg,
    year_calendar_svg,
)
from vaultgoals.store.writer import WriteResult

_MEMO_MAX = 4096  # rendered charts kept (a few KB each)


class ChartFiles:
    """The chart files of one vault's passes (the watcher keeps one for weeks)."""

    def __init__(self, notes: NoteWriter) -> None:
        self.notes = notes
        self._svg: dict[BurnUp, str] = {}
        self._known: dict[str, str] = {}  # path → the text it holds, as far as we know

    def folder(self, config: Config, note_path: str) -> str:
        """Where charts embedded in `note_path` go (see `charts.files`)."""
        return chart_folder(config.charts_attachments, config.attachment_folder, note_path)

    def burnup_svg(self, b: BurnUp) -> str:
        text = self._svg.get(b)
        if text is None:
            if len(self._svg) >= _MEMO_MAX:
                self._svg.clear()
            text = self._svg[b] = burnup_svg(b)
        return text

    def write(self, rel: str, text: str, out: Outcome) -> bool:
        """Make the file `rel` hold `text` (written only when it differs); False when it
        could not be (the error is in `out`)."""
        if self._known.get(rel) == text:
            return True
        result: WriteResult | None = None
        for _ in range(ATTEMPTS):
            old, failed = self.notes.read(rel, out)
            if failed is not None:
                return False
            result = self.notes.writer.write(rel, text, old)
            if result.status != "conflict":
                break
        assert result is not None
        if result.diff:  # (a dry run: an SVG's diff says nothing a reader can use)
            result = replace(result, diff="")
        if result.status != "unchanged":
            out.results.append(result)
        if result.status in ("written", "unchanged"):
            if len(self._known) >= _MEMO_MAX:
                self._known.clear()
            self._known[rel] = text
        return result.status in ("written", "unchanged", "would-write")

    def burnup(self, config: Config, graph: Graph, node: Node, note_path: str,
               snapshots: Mapping[str, tuple[tuple[str, float], ...]], today: date,
               out: Outcome, period: str = "", pace: Pace | None = None,
               leaves: Leaves | None = None) -> str | None:
        """Write the burn-up of `node` as of `today` for the note `note_path` (the review
        of `period`: `2026-W47`, `2026-11`, in the file's name); its path (embed it with
        `charts.embed`), or None (no deadline, or it could not be written: the error is in
        `out`). `pace`, `leaves`: the review's, when it has them."""
        b = burnup_for(graph, node, snapshots, today, config.pace_weeks, pace, leaves)
        if b is None:
            return None
        rel = chart_path(self.folder(config, note_path), "burn-up", node.key, node.title,
                         period)
        return rel if self.write(rel, self.burnup_svg(b), out) else None

    def calendar(self, config: Config, graph: Graph, note_path: str, year: int,
                 month: int | None, out: Outcome) -> str | None:
        """Write the activity calendar of `month` of `year` (None: the whole year) for the
        note `note_path`; its path, or None when it could not be written."""
        first = date(year, month or 1, 1)
        last = (date(year, 12, 31) if month is None
                else date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        days = activity_days(graph, first, last)
        rules = config.week_rules
        text = (year_calendar_svg(days, year, rules) if month is None
                else month_calendar_svg(days, year, month, rules))
        name = f"{year}" if month is None else f"{year}-{month:02d}"
        rel = chart_path(self.folder(config, note_path), "activity", name, "", name)
        return rel if self.write(rel, text, out) else None

    def burnups(self, config: Config, graph: Graph, review: Review, note_path: str,
                snapshots: Mapping[str, tuple[tuple[str, float], ...]], today: date,
                out: Outcome) -> dict[str, str]:
        """Write the burn-ups of the review's goals with a deadline (the Pace section's,
        nearest deadline first, the first `MAX_LISTED`); goal key → the chart's path, for
        those written (or already current)."""
        if not config.burnups:
            return {}
        paces = sorted(review.pace, key=lambda p: (p.node.deadline, p.node.key))
        leaves = review.leaves or Leaves(graph)  # (the review's: each goal's leaves known)
        shown: dict[str, str] = {}
        for p in paces[:MAX_LISTED]:
            rel = self.burnup(config, graph, p.node, note_path, snapshots, today, out,
                              review.week.label, p, leaves)
            if rel is not None:
                shown[p.node.key] = rel
        return shown
