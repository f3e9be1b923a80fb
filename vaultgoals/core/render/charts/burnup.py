"""A goal's burn-up: its progress over time from the journal's daily snapshots, the
straight line from its start to 100 % at its deadline, and where the current pace leads.

`burnup_of` gathers the values (pure: a node, its snapshot rows, today and the review's
`Pace`); `burnup_svg` draws them for a note (a dated x axis with month ticks, the deadline
as a marked line: what Mermaid's `xychart-beta` cannot draw) and `burnup_lines` for a
terminal. Both are byte-deterministic: the same `BurnUp`, the same text.

What is drawn, and from what:
- progress: each snapshot the journal kept (one per day it changed) as a step line, since
  progress stays what it was until the next snapshot; today's point is the graph's own
  progress (the value the run records as today's snapshot). Before the journal's first
  snapshot of a goal counted by its tasks, the line is reconstructed from the tasks'
  completion days (`history_before`, as the review reconstructs "progress as of") and drawn
  fainter: a new journal does not mean an empty chart;
- the plan: from the goal's `start` (0 %, or the snapshot value of that day) to 100 % at
  the deadline; without a `start`, from the first snapshot;
- the projection: from today's point to 100 % on the day the Pace section projects (the
  rate of the last `pace_weeks` weeks), cut at the chart's right edge.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import vaultgoals.core.render.charts.svg as svg
from vaultgoals.core.dates import parse_iso
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.insights import Leaves, Pace, counts_tasks, pace_of
from vaultgoals.core.render.markdown import pct

WIDTH, HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 620, 36, 206


@dataclass(frozen=True, slots=True)
class BurnUp:
    """What one burn-up shows; every value is the chart's own (hashable: renders memoise)."""

    title: str
    start: date  # where the plan begins
    start_value: float  # progress there
    deadline: date
    today: date
    points: tuple[tuple[date, float], ...]  # (day, progress 0..1), by day, today's last
    projected: date | None  # 100 % at the current pace (None: not at this pace)
    verdict: str  # the Pace section's ("on track", "at risk", ...; "done")
    reconstructed: int = 0  # the first points come from completion days, not the journal

    @property
    def now(self) -> float:
        return self.points[-1][1]

    def plan_on(self, day: date) -> float:
        """Where the plan says progress should be on `day` (0 to 1)."""
        if day <= self.start:
            return self.start_value
        if day >= self.deadline:
            return 1.0
        elapsed = (day - self.start).days / (self.deadline - self.start).days
        return self.start_value + (1 - self.start_value) * elapsed

    def span(self) -> tuple[date, date]:
        """The first and last day on the x axis: from the earliest of start and the first
        snapshot to the later of deadline and today; a projection past that widens it by
        at most half the span (and is cut there)."""
        first = min(self.start, self.points[0][0])
        last = max(self.deadline, self.today)
        if self.projected is not None and self.projected > last:
            last = min(self.projected, _plus(last, max(1, (last - first).days // 2)))
        if last <= first:  # (one day: a day's width, before it at the calendar's end)
            last = _plus(first, 1)
            first = min(first, last - timedelta(days=1))
        return first, last


def history_before(graph: Graph, node: Node, day: date,
                   leaves: Leaves | None = None) -> list[tuple[date, float]]:
    """A task-counted goal's progress on each day before `day` that it changed (a leaf
    done or added), reconstructed from completion days as `insights.progress_as_of` does;
    [] for a goal measured by a number (only the journal knows its past). `leaves`: a
    `Leaves` of this graph shared across goals."""
    if not counts_tasks(graph, node):
        return []
    done, total = (leaves or Leaves(graph)).days(node)
    iso = day.isoformat()
    out: list[tuple[date, float]] = []
    for when in sorted({d for d in (*done, *total) if d and d < iso}):
        n_total = bisect_right(total, when)
        value = bisect_right(done, when) / n_total if n_total else None
        if value is None or (out and out[-1][1] == value):
            continue
        try:
            out.append((date.fromisoformat(when), value))
        except ValueError:  # (not a day: left out, as a day the chart cannot place)
            continue
    return out


def first_snapshot(snapshots: Sequence[tuple[str, float]], today: date) -> date:
    """The day of the journal's first snapshot of a goal (today when it has none): where
    a reconstructed history stops."""
    return (parse_iso(snapshots[0][0]) or today) if snapshots else today


def burnup_of(node: Node, snapshots: Sequence[tuple[str, float]], today: date,
              pace: Pace | None = None,
              history: Sequence[tuple[date, float]] = ()) -> BurnUp | None:
    """The burn-up of a goal with a deadline (None without one): `snapshots` are the
    journal's rows for it (`JournalView.snapshots[node.key]`: (ISO day, progress)),
    `pace` the review's judgment of it (`insights.pace_of`; None for a goal that is done,
    paused or dropped: no projection), `history` its reconstructed progress
    (`history_before` the first snapshot), drawn where the journal has nothing."""
    if node.deadline is None:
        return None
    iso = today.isoformat()
    points: list[tuple[date, float]] = []
    for day, value in snapshots:
        when = parse_iso(day) if day < iso else None
        if when is not None:
            points.append((when, _clip(value)))
    first = points[0][0] if points else today
    early = [(d, _clip(v)) for d, v in history if d < first]
    points[:0] = early
    points.append((today, _clip(node.progress)))
    start, start_value = points[0]
    if node.start is not None and node.start < node.deadline:
        start = node.start
        start_value = next((v for d, v in reversed(points) if d <= start), 0.0)
    projected = pace.projected if pace is not None else None
    verdict = pace.verdict if pace is not None else node.state
    return BurnUp(node.title, start, start_value, node.deadline, today, tuple(points),
                  projected if node.progress < 1 else None, verdict, len(early))


def burnup_for(graph: Graph, node: Node,
               snapshots: Mapping[str, tuple[tuple[str, float], ...]], today: date,
               weeks: int, pace: Pace | None = None, leaves: Leaves | None = None
               ) -> BurnUp | None:
    """`burnup_of` with everything gathered: the node's snapshots, its reconstructed
    history before the first, and its pace over `weeks` (`pace`: the review's, when it
    judged it already; `leaves`: a `Leaves` of this graph shared across goals)."""
    if node.deadline is None:
        return None
    leaves = leaves or Leaves(graph)
    rows = snapshots.get(node.key, ())
    if pace is None:
        pace = pace_of(graph, node, today, weeks, snapshots, leaves)
    history = history_before(graph, node, first_snapshot(rows, today), leaves)
    return burnup_of(node, rows, today, pace, history)


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def _plus(day: date, days: int) -> date:
    """`day` plus `days`, or the calendar's last day past it."""
    return day + timedelta(days=days) if days < (date.max - day).days else date.max


class _Axes:
    """Days and progress to pixels."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.days = (last - first).days

    def x(self, day: date) -> float:
        return _LEFT + (day - self.first).days / self.days * (_RIGHT - _LEFT)

    @staticmethod
    def y(value: float) -> float:
        return _BOTTOM - _clip(value) * (_BOTTOM - _TOP)


def _month_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Month starts inside the span (every 3rd past a year, every January past four), each
    labelled by its month, with the year on January and on the first tick."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 12 else 3 if months <= 48 else 12
    out: list[tuple[date, str]] = []
    year, month = first.year, first.month
    while True:
        month += 1
        if month > 12:
            if year == date.max.year:
                return out
            year, month = year + 1, 1
        day = date(year, month, 1)
        if day > last:
            return out
        if (month - 1) % step == 0:
            label = f"{day:%b %Y}" if month == 1 or not out else f"{day:%b}"
            out.append((day, label))


def burnup_svg(b: BurnUp) -> str:
    """The burn-up as an SVG document (see the module doc for what it draws)."""
    first, last = b.span()
    ax = _Axes(first, last)
    desc = describe(b)
    out = svg.open_svg(WIDTH, HEIGHT, f"Burn-up: {b.title}", desc)
    out.append(svg.text(_LEFT, 18, _clip_title(b.title), extra='font-weight="600"'))
    out.append(svg.text(_RIGHT, 18, f"{pct(b.now)} · {b.verdict}", "end"))
    for value in (0, 0.25, 0.5, 0.75, 1):  # grid and the percent axis
        y = svg.num(ax.y(value))
        out.append(f'<line x1="{_LEFT}" y1="{y}" x2="{_RIGHT}" y2="{y}" stroke="{svg.GRID}" '
                   'stroke-opacity="0.25"/>')
        out.append(svg.text(_LEFT - 6, ax.y(value) + 4, f"{round(value * 100)}%", "end"))
    shown = _LEFT - 40.0
    for day, label in _month_ticks(first, last):  # the dated axis
        x = ax.x(day)
        out.append(f'<line x1="{svg.num(x)}" y1="{_BOTTOM}" x2="{svg.num(x)}" '
                   f'y2="{_BOTTOM + 4}" stroke="{svg.GRID}"/>')
        if x - shown >= 44:  # (labels never overlap)
            out.append(svg.text(x, _BOTTOM + 17, label, "middle"))
            shown = x
    dx = svg.num(ax.x(b.deadline))
    out.append(f'<line x1="{dx}" y1="{_TOP - 4}" x2="{dx}" y2="{_BOTTOM}" '
               f'stroke="{svg.DEADLINE}" stroke-width="1.5" stroke-dasharray="4 3"/>')
    out.append(svg.text(ax.x(b.deadline) - 4, _TOP + 8, f"deadline {b.deadline.isoformat()}",
                        "end", f'fill-opacity="1" style="fill:{svg.DEADLINE}"'))
    out.append(f'<path d="M{svg.num(ax.x(b.start))} {svg.num(ax.y(b.start_value))} '
               f'L{dx} {svg.num(ax.y(1))}" fill="none" stroke="{svg.PLAN}" '
               'stroke-width="1.5" stroke-dasharray="6 4"/>')
    pace = _projection(b, ax, last)
    if pace:
        out.append(pace)
    if b.reconstructed:  # (up to the journal's first snapshot: fainter, thinner)
        out.append(f'<path d="{_steps(b.points[:b.reconstructed + 1], ax)}" fill="none" '
                   f'stroke="{svg.PROGRESS}" stroke-opacity="0.6" stroke-width="1.5" '
                   'stroke-linejoin="round"/>')
    out.append(f'<path d="{_steps(b.points[b.reconstructed:], ax)}" fill="none" '
               f'stroke="{svg.PROGRESS}" stroke-width="2.5" stroke-linejoin="round"/>')
    out.append(f'<circle cx="{svg.num(ax.x(b.today))}" cy="{svg.num(ax.y(b.now))}" r="4" '
               f'fill="{svg.PROGRESS}"/>')
    out.extend(_legend(bool(pace), b.reconstructed > 0))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _clip_title(title: str, most: int = 48) -> str:
    return title if len(title) <= most else title[: most - 1].rstrip() + "…"


def _steps(points: Sequence[tuple[date, float]], ax: _Axes) -> str:
    """The progress line: level from one snapshot to the next, up (or down) on its day."""
    parts: list[str] = []
    for day, value in points:
        x, y = svg.num(ax.x(day)), svg.num(ax.y(value))
        if parts:
            parts.append(f"H{x}")
            parts.append(f"V{y}")
        else:
            parts.append(f"M{x} {y}")
    return " ".join(parts)


def _projection(b: BurnUp, ax: _Axes, last: date) -> str:
    """The dotted line from today's point to 100 % on the projected day (cut at `last`)."""
    if b.projected is None or b.projected <= b.today or b.now >= 1:
        return ""
    end, value = b.projected, 1.0
    if end > last:
        value = b.now + (1 - b.now) * (last - b.today).days / (end - b.today).days
        end = last
    return (f'<path d="M{svg.num(ax.x(b.today))} {svg.num(ax.y(b.now))} '
            f'L{svg.num(ax.x(end))} {svg.num(ax.y(value))}" fill="none" stroke="{svg.PACE}" '
            'stroke-width="2" stroke-dasharray="2 3"/>')


def _legend(pace: bool, reconstructed: bool) -> list[str]:
    items = [("progress", svg.PROGRESS, ""), ("plan", svg.PLAN, ' stroke-dasharray="6 4"')]
    if pace:
        items.append(("at the current pace", svg.PACE, ' stroke-dasharray="2 3"'))
    if reconstructed:
        items.append(("before the journal", svg.PROGRESS,
                      ' stroke-opacity="0.6"'))
    out: list[str] = []
    x = float(_LEFT)
    y = HEIGHT - 12
    for label, colour, dash in items:
        out.append(f'<line x1="{svg.num(x)}" y1="{y - 4}" x2="{svg.num(x + 18)}" '
                   f'y2="{y - 4}" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(svg.text(x + 24, y, label))
        x += 24 + 7.5 * len(label) + 18
    return out


def describe(b: BurnUp) -> str:
    """The chart in one sentence (its accessible description, and the text a review can
    print beside it)."""
    where = f"{pct(b.now)} on {b.today.isoformat()}, due {b.deadline.isoformat()}"
    if b.now >= 1:
        return f"{b.title}: {where}: done."
    if b.projected is None:
        return f"{b.title}: {where}: {b.verdict}."
    return (f"{b.title}: {where}: 100% on {b.projected.isoformat()} at the current pace "
            f"({b.verdict}).")
