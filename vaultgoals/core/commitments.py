"""Recurring commitments: "reach out to 2 new contacts every month", "one meetup a month".

Counted per calendar period from the completed tasks that count toward the commitment
(its tag, a link to it, or `[goal:: [[…]]]`; a habit's daily copies, a recurring task's
done copies), and the tick of the task a commitment is written as. In `count: new-links`
mode a period counts the distinct linked notes (people) that no earlier completed task had
linked.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.dates import (
    in_period,
    parse_iso,
    period_bounds,
    period_label,
    previous_period,
)
from vaultgoals.core.graphmodel import CommitmentStatus, Graph, Node, Period, TaskRef, link_key
from vaultgoals.core.links import LinkResolver

__all__ = ["MAX_PERIODS", "CommitmentStatus", "Period", "commitment_status", "days_left",
           "status_of"]

MAX_PERIODS = 400  # history shown and scanned is bounded, whatever dates a note claims
_DAY = timedelta(days=1)


def _counted_events(
    nodes: Mapping[str, Node], resolver: LinkResolver, node: Node, own: TaskRef | None = None,
) -> list[tuple[date, str, str]]:
    """(day, dedupe key, label) for every completion that counts, oldest first (`own`: the
    task a commitment is written as, a tick of its own)."""
    tasks = [*node.tasks, own] if own is not None else node.tasks
    done = sorted(
        (t for t in tasks if t.is_done and t.completed_on),
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
            key = link_key(link, resolver)
            if key in nodes or key in seen:
                continue
            seen.add(key)
            events.append((day, key, link.alias or link.target.rsplit("/", 1)[-1]))
    return events


def commitment_status(graph: Graph, node: Node, config: Config) -> CommitmentStatus:
    """The commitment's count in the current period, its history and streak. The build
    computes it for every commitment (the roll-up needs it); asked with another week start
    than the graph was built with, it is computed here."""
    status = graph.statuses.get((node.key, config.first_day))
    if status is None:
        status = status_of(graph.nodes, graph.resolver, graph.today, node, config.first_day,
                           graph.own_task(node))
    return status


def commitment_status_on(graph: Graph, node: Node, config: Config, day: date
                         ) -> CommitmentStatus:
    """The commitment's status as it stood on `day` (the ticks done by then): a celebration
    of a past win tells the streaks of its own day."""
    if day == graph.today:
        return commitment_status(graph, node, config)
    events = tuple(e for e in _counted_events(graph.nodes, graph.resolver, node,
                                              graph.own_task(node)) if e[0] <= day)
    return _status(events, day, node.every, node.quota, node.start, node.count_mode,
                   config.first_day)  # (the week rules' first day, as commitment_status)


def status_of(
    nodes: Mapping[str, Node], resolver: LinkResolver, today: date, node: Node,
    week_start: str, own: TaskRef | None = None,
) -> CommitmentStatus:
    """A commitment's status on `today`, from the completed tasks that count toward it
    (`nodes` and `resolver`: the graph's, to tell goals and people apart; `own`: the task
    a commitment written as a task is, whose tick counts too)."""
    events = tuple(_counted_events(nodes, resolver, node, own))
    return _status(events, today, node.every, node.quota, node.start, node.count_mode,
                   week_start)


@lru_cache(maxsize=4096)  # (a rebuild asks again for every commitment: most are the same)
def _status(events: tuple[tuple[date, str, str], ...], today: date, every: str, quota: int,
            since: date | None, count_mode: str, week_start: str) -> CommitmentStatus:
    cur_start, cur_end = period_bounds(today, every, week_start)
    first_day = since or (events[0][0] if events else cur_start)
    first_day = min(first_day, cur_start)
    periods: list[Period] = []
    start, end = cur_start, cur_end
    days = [day for day, _, _ in events]  # in order: completion dates are ISO days
    while len(periods) < MAX_PERIODS:
        lo = bisect_left(days, start)
        hi = bisect_right(days, end, lo=lo) if lo < len(days) else lo
        items = tuple(label for _, _, label in events[lo:hi]) if hi > lo else ()
        periods.append(Period(start, end, period_label(start, every), len(items),
                              len(items) >= quota, items))
        if start <= first_day:
            break
        if every == "day":  # (the common case, without the general calendar step)
            start = end = start - _DAY
        else:
            start, end = previous_period(start, every, week_start)
    periods.reverse()
    current = periods[-1]
    streak = 0
    idx = len(periods) - 1 if current.met else len(periods) - 2
    while idx >= 0 and periods[idx].met:
        streak += 1
        idx -= 1
    what = "new contacts" if count_mode == "new-links" else "done"
    explain = f"{current.count} of {quota} {what} {in_period(current.start, every)}"
    if streak:
        explain += f" · streak {streak}"
    return CommitmentStatus(current.count, quota, current, tuple(periods), streak, explain)


def days_left(today: date, period: Period) -> int:
    return (period.end - today).days + 1 if period.end >= today else 0

