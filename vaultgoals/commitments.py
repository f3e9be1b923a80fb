"""Recurring commitments: "reach out to 2 new contacts every month", "one meetup a month".

Counted per calendar period from the completed tasks that count toward the commitment
(its tag, a link to it, or `[goal:: [[…]]]`). In `count: new-links` mode a period counts the
distinct linked notes (people) that no earlier completed task had linked.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vaultgoals.config import Config
from vaultgoals.dates import parse_iso, period_bounds, period_label, previous_period

if TYPE_CHECKING:
    from vaultgoals.graph import Graph, Node

MAX_PERIODS = 400  # history shown and scanned is bounded, whatever dates a note claims


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    label: str
    count: int
    met: bool
    items: tuple[str, ...]  # what was counted: task texts or linked names


@dataclass(frozen=True, slots=True)
class CommitmentStatus:
    count: int
    quota: int
    current: Period
    history: tuple[Period, ...]  # oldest first, the current period last
    streak: int  # consecutive periods met, ending with the current one if met, else the last
    explain: str


def _counted_events(graph: Graph, node: Node) -> list[tuple[date, str, str]]:
    """(day, dedupe key, label) for every completion that counts, oldest first."""
    from vaultgoals.graph import link_key

    done = sorted(
        (t for t in node.tasks if t.is_done and t.completed_on),
        key=lambda t: (t.completed_on or "", t.path, t.task.line),
    )
    events: list[tuple[date, str, str]] = []
    seen: set[str] = set()
    for ref in done:
        day = parse_iso(ref.completed_on)
        if day is None:
            continue
        if node.count_mode != "new-links":
            events.append((day, f"{ref.path}:{ref.task.line}", ref.task.fields.description))
            continue
        for link in ref.task.fields.links:
            key = link_key(link, graph.resolver)
            if key in graph.nodes or key in seen:
                continue
            seen.add(key)
            events.append((day, key, link.alias or link.target.rsplit("/", 1)[-1]))
    return events


def commitment_status(graph: Graph, node: Node, config: Config) -> CommitmentStatus:
    """The commitment's count in the current period, its history and streak. Asked by the
    roll-up, the review and the celebrations alike: computed once per graph."""
    key = (node.key, config.week_start)
    status = graph.statuses.get(key)
    if status is None:
        status = graph.statuses[key] = _status(graph, node, config.week_start)
    return status


def _status(graph: Graph, node: Node, week_start: str) -> CommitmentStatus:
    today = graph.today
    events = _counted_events(graph, node)
    cur_start, cur_end = period_bounds(today, node.every, week_start)
    first_day = node.start or (events[0][0] if events else cur_start)
    first_day = min(first_day, cur_start)
    periods: list[Period] = []
    start, end = cur_start, cur_end
    days = [day for day, _, _ in events]  # in order: completion dates are ISO days
    while len(periods) < MAX_PERIODS:
        lo = bisect_left(days, start)
        items = tuple(label for _, _, label in events[lo:bisect_right(days, end, lo=lo)])
        periods.append(Period(start, end, period_label(start, node.every), len(items),
                              len(items) >= node.quota, items))
        if start <= first_day:
            break
        start, end = previous_period(start, node.every, week_start)
    periods.reverse()
    current = periods[-1]
    streak = 0
    idx = len(periods) - 1 if current.met else len(periods) - 2
    while idx >= 0 and periods[idx].met:
        streak += 1
        idx -= 1
    what = "new contacts" if node.count_mode == "new-links" else "done"
    explain = f"{current.count} of {node.quota} {what} in {current.label}"
    if streak:
        explain += f" · streak {streak}"
    return CommitmentStatus(current.count, node.quota, current, tuple(periods), streak, explain)


def days_left(today: date, period: Period) -> int:
    return (period.end - today).days + 1 if period.end >= today else 0

