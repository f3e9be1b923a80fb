"""What the monthly, quarterly and yearly reviews say: pure judgments over the graph, a
period and today, made with the weekly review's own rules (`core/insights.py`: wins,
progress as of a day, pace; `core/commitments.py`: a commitment's periods).

A period's review is as of its last day, or today while it runs. Task-counted progress
at any earlier day comes from completion dates; a measurable goal's (the number the user
types) from the journal's daily snapshots, so a period the journal did not see from its
start is marked as a reconstruction. Everything here is a function of (graph, config,
period, today, journal values); no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from operator import itemgetter

from vaultgoals.core.commitments import commitment_status_on
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph, Node, Period
from vaultgoals.core.identity import JournalView
from vaultgoals.core.insights import (
    Leaves,
    Pace,
    Week,
    Win,
    pace_of,
    progress_as_of,
    wins,
)
from vaultgoals.core.periods import Span, weeks_in
from vaultgoals.core.revisions import revisions_between

Snapshots = Mapping[str, tuple[tuple[str, float], ...]]
_SHORT = ("day", "week")  # commitments counted per week in the monthly review


@dataclass(frozen=True, slots=True)
class GoalChange:
    """A goal's progress the day before the period and at its end (None: unknown)."""

    node: Node
    before: float | None
    after: float | None
    done: int  # leaves done during the period
    added: int  # leaves that appeared during the period


@dataclass(frozen=True, slots=True)
class CommitmentWeeks:
    """A commitment over the period: per week (a daily or weekly one) the periods met and
    counted in it; for a longer period, the one period that holds the review's end."""

    node: Node
    cells: tuple[tuple[int, int], ...]  # per week of `PeriodicReview.weeks`: (met, counted)
    whole: Period | None  # a monthly, quarterly or yearly commitment's period


@dataclass(frozen=True, slots=True)
class VisionPart:
    """One vision (None: goals tied to none) and the goals that serve it."""

    vision: Node | None
    active: tuple[Node, ...]
    done: tuple[Node, ...]  # done during the period
    areas: tuple[tuple[str, int], ...]  # (area, active goals) for the areas its goals name


@dataclass(frozen=True, slots=True)
class Streak:
    node: Node
    longest: int  # consecutive periods met within the review's period
    last: date  # the last day of that run


@dataclass(frozen=True, slots=True)
class Revision:
    """A change the user made to a goal: its deadline, target, status or parent."""

    day: date
    node: Node
    field: str  # "deadline", "target", "status", "parent"
    old: str
    new: str


def revisions_during(view: JournalView, graph: Graph, span: Span, as_of: date
                     ) -> tuple[Revision, ...] | None:
    """The goals' revisions the journal recorded (core/revisions.py) from the span's start
    to `as_of`, by day; None without a journal (nothing was recorded)."""
    if view.since is None:
        return None
    found = revisions_between(view.memory.revisions, span.start, min(as_of, span.end))
    out = [Revision(date.fromisoformat(r.day), graph.nodes[key], r.field, r.old, r.new)
           for key, revs in found.items() if key in graph.nodes for r in revs]
    return tuple(sorted(out, key=lambda r: (r.day, r.node.key, r.field)))


@dataclass(frozen=True, slots=True)
class PeriodicReview:
    span: Span
    label: str  # its name, as the note is named: e.g. 2026-10
    as_of: date
    today: date
    reconstructed: str  # why this is a reconstruction, "" when the journal saw it all
    weeks: tuple[date, ...]  # the first days of the weeks that overlap it
    reached: tuple[Node, ...] = ()  # goals and milestones done in it, by date
    wins: tuple[Win, ...] = ()  # done tasks by the goal they count toward
    changes: tuple[GoalChange, ...] = ()
    commitments: tuple[CommitmentWeeks, ...] = ()
    untied: tuple[Node, ...] = ()  # active goals that serve no vision
    has_vision: bool = False
    pace: tuple[Pace, ...] = ()
    vision: tuple[VisionPart, ...] = ()
    set_goals: tuple[Node, ...] = ()
    done_goals: tuple[Node, ...] = ()
    dropped_goals: tuple[Node, ...] = ()
    streaks: tuple[Streak, ...] = ()
    activity: tuple[tuple[date, int], ...] = ()  # (day, things done) for days with any
    revisions: tuple[Revision, ...] | None = None  # None: the journal keeps none


def _active(node: Node) -> bool:
    return node.state not in ("done", "dropped", "paused")


def goals_of(graph: Graph) -> list[Node]:
    """Every goal, depth-first (the review's order)."""
    return [n for _, n in graph.walk() if n.kind == "goal"]


def vision_of(graph: Graph, node: Node) -> Node | None:
    """The vision above a node, if any."""
    seen = {node.key}
    while node.parent is not None and node.parent in graph.nodes and node.parent not in seen:
        node = graph.nodes[node.parent]
        seen.add(node.key)
        if node.kind == "vision":
            return node
    return None


def reconstruction(span: Span, since: str | None) -> str:
    """Why the review of `span` is a reconstruction ("": the journal saw all of it).
    `since`: the journal's first day (None: no journal)."""
    if since is None:
        return ("Reconstructed from the vault alone (no journal yet): progress before today "
                "comes from completion dates; a measurable goal's earlier values are unknown.")
    if since > span.start.isoformat():
        return (f"Reconstructed in part: the journal began on {since}, after this period "
                "began. Progress before then comes from completion dates; a measurable "
                "goal's earlier values are unknown.")
    return ""


def changes(graph: Graph, span: Span, as_of: date, snaps: Snapshots,
            leaves: Leaves) -> tuple[GoalChange, ...]:
    """Each goal that existed during the period, from the day before it to `as_of`."""
    before = span.start - timedelta(days=1)
    out: list[GoalChange] = []
    for node in goals_of(graph):
        if node.state == "dropped" or (node.start is not None and node.start > as_of):
            continue
        if node.state == "done" and not (node.completed and node.completed >= span.start):
            continue
        then = progress_as_of(graph, node, before, snaps, leaves)
        now = progress_as_of(graph, node, as_of, snaps, leaves)
        if now is None and as_of >= graph.today:
            now = node.progress
        done_then, total_then = leaves.as_of(node, before)
        done_now, total_now = leaves.as_of(node, as_of)
        out.append(GoalChange(node, then, now, done_now - done_then, total_now - total_then))
    return tuple(out)


def reached(graph: Graph, span: Span, as_of: date) -> tuple[Node, ...]:
    """Goals and milestones done during the period (up to `as_of`), by date."""
    found = [n for _, n in graph.walk() if n.kind in ("goal", "milestone")
             and n.state == "done" and n.completed is not None
             and span.start <= n.completed <= as_of]
    return tuple(sorted(found, key=lambda n: n.completed or span.start))


def commitment_weeks(graph: Graph, config: Config, span: Span, as_of: date,
                     weeks: list[date]) -> tuple[CommitmentWeeks, ...]:
    """Every active commitment's periods met, week by week (daily and weekly ones), or its
    period that holds `as_of` (monthly and longer)."""
    out: list[CommitmentWeeks] = []
    for _, node in graph.walk():
        if node.kind != "commitment" or not node.every or node.state in ("dropped", "paused"):
            continue
        status = commitment_status_on(graph, node, config, as_of)
        if (node.start is None or node.start > as_of) and not any(
                p.count for p in status.history):
            continue  # (nothing says it existed yet: a habit first ticked later)
        if node.every not in _SHORT:
            whole = next((p for p in status.history if p.start <= as_of <= p.end), None)
            out.append(CommitmentWeeks(node, (), whole))
            continue
        cells: list[tuple[int, int]] = []
        for first in weeks:
            lo, hi = max(first, span.start), min(first + timedelta(days=6), as_of)
            inside = [p for p in status.history if lo <= p.start <= hi]
            cells.append((sum(p.met for p in inside), len(inside)))
        out.append(CommitmentWeeks(node, tuple(cells), None))
    return tuple(out)


def untied(graph: Graph) -> tuple[Node, ...]:
    """Active goals with no vision above them."""
    return tuple(n for n in goals_of(graph) if _active(n) and vision_of(graph, n) is None)


def vision_parts(graph: Graph, span: Span, as_of: date) -> tuple[VisionPart, ...]:
    """How many goals serve each vision (and each area its goals name); the goals tied to
    no vision last."""
    served: dict[str | None, list[Node]] = {n.key: [] for _, n in graph.walk()
                                             if n.kind == "vision"}
    for node in goals_of(graph):
        vision = vision_of(graph, node)
        served.setdefault(vision.key if vision else None, []).append(node)
    out: list[VisionPart] = []
    for key, goals in served.items():
        active = tuple(n for n in goals if _active(n))
        done = tuple(n for n in goals if n.state == "done" and n.completed is not None
                     and span.start <= n.completed <= as_of)
        areas = Counter(n.area for n in active if n.area)
        for n in goals:  # (an area whose goals are all done or dropped: 0)
            if n.area:
                areas.setdefault(n.area, 0)
        if key is None and not goals:
            continue
        out.append(VisionPart(graph.nodes[key] if key else None, active, done,
                              tuple(sorted(areas.items()))))
    return tuple(out)


def activity(graph: Graph, span: Span, as_of: date) -> tuple[tuple[date, int], ...]:
    """Things done per day of the period: done tasks (habit ticks too) and the goals and
    milestones reached that day (but for one written as a task: its tick is counted)."""
    days: Counter[date] = Counter(map(itemgetter(0), graph.done_index.between(span.start,
                                                                            as_of)))
    for node in reached(graph, span, as_of):
        if node.completed is not None and not node.inline:
            days[node.completed] += 1
    return tuple(sorted(days.items()))


def _first_seen(node: Node, snaps: Snapshots, since: str | None) -> date | None:
    """When a goal was set: its start, else the journal's first snapshot of it when that
    is later than the journal's own first day (a goal there from the start: unknown)."""
    if node.start is not None:
        return node.start
    history = snaps.get(node.key)
    if not history or since is None or history[0][0] <= since:
        return None
    return date.fromisoformat(history[0][0])


def year_counts(graph: Graph, span: Span, as_of: date, snaps: Snapshots,
                since: str | None = None
                ) -> tuple[tuple[Node, ...], tuple[Node, ...], tuple[Node, ...]]:
    """Goals set (started, or first seen by the journal), done and dropped during the
    period. A drop has no date in the vault: a dropped goal counts in the period of its
    last snapshot, or in the current one when the journal never saw it."""
    goals = goals_of(graph)
    set_ = [n for n in goals if (d := _first_seen(n, snaps, since)) and span.start <= d <= as_of]
    done = [n for n in goals if n.state == "done" and n.completed is not None
            and span.start <= n.completed <= as_of]
    dropped = []
    for n in goals:
        if n.state != "dropped":
            continue
        history = snaps.get(n.key)
        last = date.fromisoformat(history[-1][0]) if history else graph.today
        if span.start <= last <= span.end:
            dropped.append(n)
    return tuple(set_), tuple(sorted(done, key=lambda n: n.completed or as_of)), tuple(dropped)


def streaks(graph: Graph, config: Config, span: Span, as_of: date) -> tuple[Streak, ...]:
    """Each commitment's longest run of periods met within the period, longest first."""
    out: list[Streak] = []
    for _, node in graph.walk():
        if node.kind != "commitment" or not node.every:
            continue
        status = commitment_status_on(graph, node, config, as_of)
        run, best, best_end = 0, 0, span.start
        for p in status.history:
            if p.start < span.start or p.start > as_of:
                continue
            run = run + 1 if p.met else 0
            if run > best:
                best, best_end = run, min(p.end, as_of)
        if best:
            out.append(Streak(node, best, best_end))
    return tuple(sorted(out, key=lambda s: (-s.longest, s.node.title.casefold())))


def build_periodic(graph: Graph, config: Config, span: Span, label: str, today: date,
                   view: JournalView | None = None, leaves: Leaves | None = None
                   ) -> PeriodicReview:
    """The review of a month, quarter or year as of `today` (or its last day), with the
    sections its kind has (docs/periodic.md), from the journal's `view` (its snapshots,
    its first day, its revisions; None: no journal); `leaves`: a `Leaves` of this graph
    shared by the reviews of one pass."""
    view = view or JournalView.empty()
    snaps, since = view.snapshots, view.since
    as_of = min(today, span.end)
    leaves = leaves or Leaves(graph)
    weeks = weeks_in(span, config.week_rules)
    base = PeriodicReview(span, label, as_of, today, reconstruction(span, since),
                          tuple(weeks), reached=reached(graph, span, as_of))
    has_vision = any(n.kind == "vision" for n in graph.nodes.values())
    if span.kind == "month":
        task_wins, _ = wins(graph, Week(span.start, span.end, label), as_of)
        return replace(base, wins=task_wins, changes=changes(graph, span, as_of, snaps, leaves),
                     commitments=commitment_weeks(graph, config, span, as_of, weeks),
                     untied=untied(graph), has_vision=has_vision,
                     activity=activity(graph, span, as_of),
                     revisions=revisions_during(view, graph, span, as_of))
    if span.kind == "quarter":
        paces = tuple(p for n in goals_of(graph)
                      if (p := pace_of(graph, n, as_of, config.pace_weeks, snaps, leaves)))
        return replace(base, changes=changes(graph, span, as_of, snaps, leaves), pace=paces,
                     vision=vision_parts(graph, span, as_of), has_vision=has_vision)
    set_, done, dropped = year_counts(graph, span, as_of, snaps, since)
    return replace(base, set_goals=set_, done_goals=done, dropped_goals=dropped,
                 streaks=streaks(graph, config, span, as_of),
                 activity=activity(graph, span, as_of))
