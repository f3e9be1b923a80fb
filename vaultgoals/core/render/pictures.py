"""The periodic reviews' pictures, behind one seam: burn-ups, the activity calendar and the
goal map, each with a plain-text fallback.

Three slots, each a function that returns a `Picture` (Markdown to put in the review, and
files to write beside it, such as an SVG in the attachments folder) or None when no drawer
is wired in; the review then shows the slot's fallback, which says the same in text:

- `burnup_slot(graph, node, span, as_of, snapshots, charts)`: in the monthly Progress
  section, under the table, one per goal with a deadline (the first `MAX_LISTED`, nearest
  deadline first); without `charts`, the progress table alone (start → end of the month,
  change, deadline);
- `calendar_slot(graph, activity, span, rules, charts)`: the monthly and yearly Activity
  sections; without `charts`, `activity_table` (weeks × days, a count per day; a year: a
  row per month);
- `goal_map_slot(graph)`: the monthly and quarterly Map sections, the goal map as a Mermaid
  flowchart; fallback (a map too big to read as one): `goal_outline` (vision → goals →
  milestones as nested bullets).

The drawers are render/charts (burn-ups, calendars) and render/goalmap (the flowchart).
Pure: values in, Markdown (and file texts) out; the app writes the files through the
vault's writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.periods import Span, weeks_in
from vaultgoals.core.render.charts import (
    activity_days,
    burnup_for,
    burnup_svg,
    chart_path,
    embed,
    month_calendar_svg,
    year_calendar_svg,
)
from vaultgoals.core.render.goalmap import goal_map_mermaid
from vaultgoals.core.render.markdown import link, pct
from vaultgoals.core.weeks import DAY_NAMES, WeekRules

MAX_OUTLINE = 60  # lines of the goal outline: past that, a count


@dataclass(frozen=True, slots=True)
class Picture:
    markdown: str  # what the review shows (an embed `![[…]]`, a Mermaid block, …)
    files: tuple[tuple[str, str], ...] = ()  # (vault-relative path, text) to write beside it


@dataclass(frozen=True, slots=True)
class Charts:
    """How a periodic review draws its charts: the folder its chart files go in (for its
    note: render/charts/files.py), the pace window, and whether burn-ups are drawn."""

    folder: str
    label: str  # the review's name (`2026-10`), in each file's name
    weeks: int = 4
    burnups: bool = True


def burnup_slot(graph: Graph, node: Node, span: Span, as_of: date,
                snapshots: Mapping[str, tuple[tuple[str, float], ...]],
                charts: Charts | None = None) -> Picture | None:
    """A goal's burn-up as of the period's end (progress from the journal's snapshots, the
    line to its deadline, the projection: render/charts/burnup.py), an SVG file beside the
    review; None without `charts` or a deadline (the progress table says it in text)."""
    if charts is None or not charts.burnups:
        return None
    b = burnup_for(graph, node, snapshots, as_of, charts.weeks)
    if b is None:
        return None
    path = chart_path(charts.folder, "burn-up", node.key, node.title, charts.label)
    return Picture(embed(path), ((path, burnup_svg(b)),))


def calendar_slot(graph: Graph, activity: tuple[tuple[date, int], ...], span: Span,
                  rules: WeekRules, charts: Charts | None = None) -> Picture | None:
    """The period's activity calendar (a contribution grid of done goal tasks, habit ticks
    and milestones: render/charts/calendar.py), an SVG file beside the review, with the
    count of active days in words; None without `charts` (`activity_table`)."""
    if charts is None or span.kind not in ("month", "year"):
        return None
    days = activity_days(graph, span.start, span.end)
    svg = (year_calendar_svg(days, span.start.year, rules) if span.kind == "year"
           else month_calendar_svg(days, span.start.year, span.start.month, rules))
    path = chart_path(charts.folder, "activity", charts.label, "", charts.label)
    active = sum(1 for _, n in activity if n)
    return Picture(f"{embed(path)}\n\nDays with something done: {active} of "
                   f"{(span.end - span.start).days + 1}.", ((path, svg),))


def goal_map_slot(graph: Graph) -> Picture | None:
    """The goal map (vision → goals → milestones) as a Mermaid flowchart, the canvas's map
    for readers without Canvas (render/goalmap); None past MAX_OUTLINE cards, where a
    flowchart is too dense to read (`goal_outline` then lists them, and Goals.canvas has
    room for all)."""
    cards = sum(1 for _, n in graph.walk() if n.kind in ("vision", "goal", "milestone"))
    if not cards or cards > MAX_OUTLINE:
        return None
    chart = goal_map_mermaid(graph)
    return Picture(chart) if chart else None


def activity_table(activity: tuple[tuple[date, int], ...], span: Span,
                   rules: WeekRules) -> str:
    """The calendar as a table: a row per week, a column per day, the number of things done
    that day (`·` none; blank outside the period)."""
    counts = dict(activity)
    days = [DAY_NAMES[(rules.dow + i) % 7][:3].capitalize() for i in range(7)]
    lines = ["| Week of | " + " | ".join(days) + " | Total |",
             "|---|" + "---|" * 8]
    for first in weeks_in(span, rules):
        cells: list[str] = []
        total = 0
        for i in range(7):
            day = first + timedelta(days=i)
            if not span.start <= day <= span.end:
                cells.append("")
                continue
            n = counts.get(day, 0)
            total += n
            cells.append(str(n) if n else "·")
        lines.append(f"| {first:%d %b} | " + " | ".join(cells) + f" | {total} |")
    active = sum(1 for _, n in activity if n)
    lines.append("")
    lines.append(f"Days with something done: {active} of {(span.end - span.start).days + 1}.")
    return "\n".join(lines)


def goal_outline(graph: Graph) -> str:
    """Vision → goals → milestones as nested bullets with their progress and state."""
    lines: list[str] = []
    shown = 0
    indent = -1  # (never deeper than one level below the line before: a list, not code)
    for depth, node in graph.walk():
        if node.kind not in ("vision", "goal", "milestone"):
            continue
        shown += 1
        if shown > MAX_OUTLINE:
            continue
        indent = min(depth, indent + 1)
        state = "" if node.kind == "vision" else f" — {pct(node.progress)}, {node.state}"
        lines.append(f"{'    ' * indent}- {node.kind}: {link(node.path, node.title)}{state}")
    if shown > MAX_OUTLINE:
        lines.append(f"- … and {shown - MAX_OUTLINE} more (see `vaultgoals status`)")
    return "\n".join(lines) if lines else "No vision, goal or milestone yet."
