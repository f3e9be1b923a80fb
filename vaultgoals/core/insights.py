"""What the weekly review says: pure judgments over the graph, the week and today.

Everything here is a function of (graph, config, week, today, journal snapshots); no I/O.
Progress "as of" an earlier day is reconstructed from completion dates, so a review says
the same thing whenever it is regenerated; measurable goals (whose number the user types)
fall back to the journal's daily snapshots.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from vaultgoals.core.commitments import CommitmentStatus, commitment_status
from vaultgoals.core.config import Config
from vaultgoals.core.dates import format_moment, parse_iso
from vaultgoals.core.dayindex import Row
from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.graph import Graph, Node, TaskRef
from vaultgoals.core.nextaction import next_action
from vaultgoals.core.people import PeopleReview, people_review
from vaultgoals.core.skills import LevelHistory, SkillReport, far_and_untouched, skill_reports
from vaultgoals.core.weeks import WeekRules, week_of_year, week_start_of

GOAL_KINDS = ("goal", "milestone")
MAX_LISTED = 12  # per list in the review: a review is read on a Sunday, not searched


@dataclass(frozen=True, slots=True)
class Week:
    start: date
    end: date
    label: str  # its name, as the review's file is named: e.g. 2026-W47


@dataclass(frozen=True, slots=True)
class Win:
    goal: Node | None
    tasks: tuple[TaskRef, ...]


@dataclass(frozen=True, slots=True)
class ProgressLine:
    node: Node
    delta: float | None  # change since the end of last week, None when unknown
    done: int = 0  # leaves completed during the week
    added: int = 0  # leaves that appeared during the week (known from ➕ or daily notes)


@dataclass(frozen=True, slots=True)
class Pace:
    node: Node
    weeks_left: float
    needed_per_week: float
    done_per_week: float
    projected: date | None
    verdict: str  # "on track", "at risk", "no recent progress"
    unit: str  # "tasks" or "%"


@dataclass(frozen=True, slots=True)
class DueItem:
    title: str
    path: str
    line: int
    due: date
    kind: str  # "goal", "milestone", "task"
    goal: Node  # the goal it is listed under (a goal: itself)


@dataclass(frozen=True, slots=True)
class Reassess:
    node: Node
    reason: str
    question: str


@dataclass(frozen=True, slots=True)
class Review:
    week: Week
    today: date
    wins: tuple[Win, ...]
    completed_nodes: tuple[Node, ...]
    progress: tuple[ProgressLine, ...]
    commitments: tuple[tuple[Node, CommitmentStatus], ...]
    overdue: tuple[DueItem, ...]  # the first MAX_LISTED by date
    due_soon: tuple[DueItem, ...]
    pace: tuple[Pace, ...]
    reassess: tuple[Reassess, ...]
    next_actions: tuple[tuple[Node, TaskRef | None], ...]
    chart: tuple[tuple[str, int], ...]  # (week label, completions)
    overdue_total: int = 0
    due_soon_total: int = 0
    # the commitments whose quota is met, with a tick this week (a habit's win)
    quotas_met: tuple[tuple[Node, CommitmentStatus], ...] = ()
    skills: tuple[SkillReport, ...] = ()  # core/skills.py (none without the evidence index)
    people: PeopleReview | None = None  # core/people.py
    # the goals' leaves as the review counted them, for what draws the same goals (charts)
    leaves: Leaves | None = field(default=None, compare=False, repr=False)


def week_of(day: date, config: Config | None = None) -> Week:
    """The week that holds `day` under the configured week rules, named by the review's
    format from its first day (as Obsidian names a weekly note): the review's file name
    and its title are this one name."""
    config = config or Config()
    rules = config.week_rules
    start = week_start_of(day, rules)
    return Week(start, start + timedelta(days=6),
                format_moment(config.review_name_format, start, rules))


def _short_label(start: date, rules: WeekRules) -> str:
    """A chart's label for the week starting on `start`: its number, `W47`."""
    return f"W{week_of_year(start, rules)[1]:02d}"


def _place(row: Row[TaskRef]) -> tuple[str, int]:
    return row[1], row[2]


def leaf_days(graph: Graph, node: Node) -> list[tuple[str, str | None]]:
    """The countable leaves of a node's subtree as the roll-up counts them, each as (the ISO
    day it counts from, "" when unknown; the day it counts as done from, or None): leaf
    tasks, the task a milestone is written as when it has no subtasks of its own, and a
    child note with no tasks at all (done from its `completed` day, or always when it is done
    without one)."""
    out: list[tuple[str, str | None]] = []
    stack = [node.key]
    while stack:
        current = graph.nodes[stack.pop()]
        kids = [c for c in current.children if graph.nodes[c].kind not in ("commitment", "skill")
                and graph.nodes[c].declared != "dropped"]
        mine = [r for r in current.tasks if r.is_leaf and r.counts]
        own = graph.own_task(current)
        if own is not None and own.counts and not mine and not any(
            graph.nodes[c].total_leaves for c in kids
        ):
            mine = [own]
        for r in mine:
            since = r.since or ""
            done = (max(since, r.done_day.isoformat()) if r.is_done and r.done_day is not None
                    else None)
            out.append((since, done))
        for c in kids:
            kid = graph.nodes[c]
            if kid.total_leaves == 0:  # (a leaf of its own: done when it is done)
                out.append(("", (kid.completed.isoformat() if kid.completed else "")
                            if kid.state == "done" else None))
            else:
                stack.append(c)
    return out


_COUNTED = ("TODO", "IN_PROGRESS", "DONE")  # the statuses of tasks that count (TaskRef.counts)


# (ids of the task records) → (the records, kept alive so no id is reused while here;
# `_task_leaves` of them): an unchanged note's records are the same objects build after
# build (graphmemo.py). Each `Leaves` starts a generation; an answer not asked for since
# the one before is let go, with the records it keeps alive.
_Answer = tuple[tuple[TaskRef, ...], list[str], list[str]]
_TASK_LEAVES: dict[tuple[int, ...], _Answer] = {}
_TASK_LEAVES_BEFORE: dict[tuple[int, ...], _Answer] = {}


def _turn_task_leaves() -> None:
    """A new generation of `_task_leaves`' answers (see `_TASK_LEAVES`)."""
    _TASK_LEAVES_BEFORE.clear()
    _TASK_LEAVES_BEFORE.update(_TASK_LEAVES)
    _TASK_LEAVES.clear()


def _task_leaves(tasks: list[TaskRef]) -> tuple[list[str], list[str]]:
    """(the days they count as done from, the days they count from), each sorted, of the
    countable leaf tasks among `tasks` (see `leaf_days`). Not to be changed: memoised."""
    key = tuple(map(id, tasks))
    hit = _TASK_LEAVES.get(key)
    if hit is None:
        hit = _TASK_LEAVES_BEFORE.pop(key, None)
        if hit is not None:
            _TASK_LEAVES[key] = hit
    if hit is not None:
        return hit[1], hit[2]
    done: list[str] = []
    total: list[str] = []
    for r in tasks:
        if r.is_leaf and r.status_type in _COUNTED:
            since = r.since or ""
            total.append(since)
            if r.status_type == "DONE" and r.done_day is not None:
                done.append(max(since, r.done_day.isoformat()))
    done.sort()
    total.sort()
    _TASK_LEAVES[key] = (tuple(tasks), done, total)
    return done, total


class Leaves:
    """Nodes' countable leaves as they stood on any day (see `leaves_as_of`). Each node's
    leaves are gathered once and kept sorted by the day they count from, so a review's many
    questions about one graph are answered by bisection."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._days: dict[str, tuple[list[str], list[str]]] = {}
        _turn_task_leaves()

    def days(self, node: Node) -> tuple[list[str], list[str]]:
        """(the days its leaves count as done from, the days they count from), each sorted:
        ISO days (which sort as the dates do), "" for always. A leaf counts from its `since`
        day (always when unknown), and as done from its completion day, if later."""
        days = self._days.get(node.key)
        if days is None:
            days = self._days[node.key] = self._gather(node)
        return days

    def _gather(self, node: Node) -> tuple[list[str], list[str]]:
        """`leaf_days` of the node, sorted: its own leaves, and each child's days as
        `days` keeps them (a child with leaves is asked once, whoever asks)."""
        nodes = self.graph.nodes
        done: list[str] = []
        total: list[str] = []
        kids = [k for k in map(nodes.__getitem__, node.children)
                if k.kind not in ("commitment", "skill") and k.declared != "dropped"]
        own_done, own_total = _task_leaves(node.tasks)
        done += own_done
        total += own_total
        if not own_total and node.inline:
            own = self.graph.own.get(node.key)
            if (own is not None and own.status_type in _COUNTED
                    and not any(k.total_leaves for k in kids)):  # (its own line: a leaf)
                since = own.since or ""
                total.append(since)
                if own.status_type == "DONE" and own.done_day is not None:
                    done.append(max(since, own.done_day.isoformat()))
        for kid in kids:
            if kid.total_leaves == 0:  # (a leaf of its own: done when it is done)
                total.append("")
                if kid.state == "done":
                    done.append(kid.completed.isoformat() if kid.completed else "")
            else:
                kid_done, kid_total = self.days(kid)
                done += kid_done
                total += kid_total
        done.sort()
        total.sort()
        return done, total

    def as_of(self, node: Node, day: date) -> tuple[int, int]:
        done, total = self.days(node)
        iso = day.isoformat()
        return bisect_right(done, iso), bisect_right(total, iso)


def leaves_as_of(
    graph: Graph, node: Node, day: date, leaves: Leaves | None = None
) -> tuple[int, int]:
    """(done, total) countable leaves of the node's subtree as they stood on `day`; tasks
    known to be newer (a ➕ date, or a later daily note) are left out of the total.
    `leaves`: a `Leaves` of this graph to reuse across calls."""
    return (leaves or Leaves(graph)).as_of(node, day)


def progress_as_of(
    graph: Graph,
    node: Node,
    day: date,
    snapshots: Mapping[str, tuple[tuple[str, float], ...]],
    leaves: Leaves | None = None,
) -> float | None:
    if counts_tasks(graph, node):
        done, total = leaves_as_of(graph, node, day, leaves)
        return done / total if total else None
    best: float | None = None
    for snap_day, value in snapshots.get(node.key, ()):
        if snap_day <= day.isoformat():
            best = value
    return best


def counts_tasks(graph: Graph, node: Node) -> bool:
    """Is the node's progress its done leaves over all of them (so its past can be
    reconstructed from completion days), rather than a number typed, a weighted mean or a
    status? Those only the journal's snapshots remember."""
    return node.target is None and node.declared != "done" and not _weighted(graph, node)


def _weighted(graph: Graph, node: Node) -> bool:
    return node.kind == "vision" or any(graph.nodes[c].weight is not None for c in node.children)


def _active(node: Node) -> bool:
    return node.state not in ("done", "dropped", "paused")


def _goal_nodes(graph: Graph) -> list[Node]:
    return [n for _, n in graph.walk() if n.kind in GOAL_KINDS]


def wins(graph: Graph, week: Week, today: date) -> tuple[tuple[Win, ...], tuple[Node, ...]]:
    """This week's done tasks by the goal they count toward, and the goals and milestones
    done this week. A habit's tick counts toward its commitment, not as a win of its own
    (`ticked`: the commitments ticked this week, whose met quota is the win)."""
    last = min(week.end, today)
    by_goal: dict[str | None, list[TaskRef]] = {}
    # each goal's wins in the vault's order (by path, then line)
    for _, _, _, ref in sorted(graph.done_index.between(week.start, last), key=_place):
        if ref.node is None and not _ticks(graph, ref):
            by_goal.setdefault(ref.goal, []).append(ref)
    order = {n.key: i for i, (_, n) in enumerate(graph.walk())}
    keys = sorted(by_goal, key=lambda k: (k is None, order.get(k or "", 0)))
    out = tuple(Win(graph.nodes[k] if k else None, tuple(by_goal[k])) for k in keys)
    completed = tuple(
        n for _, n in graph.walk()
        if n.state == "done" and n.completed is not None and week.start <= n.completed <= last
    )
    return out, completed


def _ticks(graph: Graph, ref: TaskRef) -> bool:
    """Is this done task a tick of a habit or another commitment?"""
    return ref.goal is not None and graph.nodes[ref.goal].kind == "commitment"


def ticked(graph: Graph, week: Week, today: date) -> set[str]:
    """The commitments with a tick done this week."""
    return {ref.goal for _, _, _, ref in graph.done_index.between(week.start, min(week.end, today))
            if ref.goal is not None and _ticks(graph, ref)}


def pace_of(
    graph: Graph,
    node: Node,
    today: date,
    weeks: int,
    snapshots: Mapping[str, tuple[tuple[str, float], ...]] | None = None,
    leaves: Leaves | None = None,
) -> Pace | None:
    """Rate needed to meet the deadline versus the rate of the last `weeks` weeks.

    Task-based goals count leaf tasks (completion dates say when); measurable goals count
    their unit, the earlier amount coming from the journal's daily snapshots."""
    if node.deadline is None or not _active(node) or node.kind == "commitment":
        return None
    days_left = (node.deadline - today).days
    weeks_left = max(days_left, 0) / 7
    window_start = today - timedelta(weeks=weeks)
    remaining: float
    rate: float
    if node.target is None:
        leaves = leaves or Leaves(graph)
        done_now, total = leaves.as_of(node, today)
        if total == 0:
            return None
        done_then, _ = leaves.as_of(node, window_start)
        remaining, rate, unit = float(total - done_now), (done_now - done_then) / weeks, "tasks"
    else:
        amount = node.amount or 0.0
        then = progress_as_of(graph, node, window_start, snapshots or {}, leaves)
        remaining = max(node.target - amount, 0.0)
        rate = (amount - then * node.target) / weeks if then is not None else 0.0
        unit = node.unit or "units"
    needed = remaining / weeks_left if weeks_left > 0 else remaining
    projected = _projection(today, remaining / rate * 7) if rate > 0 else None
    if remaining <= 0:
        verdict, projected = "on track", today
    elif days_left < 0:
        verdict = "past deadline"
    elif rate <= 0:
        verdict = "no recent progress"
    elif projected is not None and projected <= node.deadline:
        verdict = "on track"
    else:
        verdict = "at risk"
    return Pace(node, weeks_left, needed, rate, projected, verdict, unit)


def _projection(today: date, days: float) -> date | None:
    """`today` plus `days`, or None past the calendar's end (a rate so slow it never
    finishes: the verdict is then "at risk")."""
    if not days < (date.max - today).days:  # (also when `days` is infinite)
        return None
    return today + timedelta(days=round(days))


def _due_items(
    graph: Graph, today: date, soon_days: int, limit: int
) -> tuple[list[DueItem], int, list[DueItem], int]:
    """The overdue and due-soon goals and milestones, and the open tasks that count toward
    one, grouped by the goal they belong to: the goals in order of their nearest date, each
    with its items by date; the first `limit` items (and how many there are in all). Tasks
    that belong to no goal are chores: the Tasks plugin lists those."""
    late: list[_Due] = []
    soon: list[_Due] = []
    horizon = today + timedelta(days=soon_days)
    due: dict[str, list[TaskRef]] = {}  # goal key → its open tasks due by the horizon
    for _, _, _, r in graph.due_index.between(None, horizon):  # (the open tasks by due day)
        if r.goal is not None and r.node is None:
            due.setdefault(r.goal, []).append(r)
    for _, node in graph.walk():
        if node.kind not in GOAL_KINDS or not _active(node):
            continue
        goal: Node | None = None
        if node.deadline is not None and node.deadline <= horizon:
            goal = _goal_above(graph, node)
            (late if node.deadline < today else soon).append(
                (node.deadline, node.path, node.line, node.title, node.kind, goal))
        # (the tasks that count toward it; a node's own task is not one)
        dated = due.get(node.key)  # (a node's tasks are those whose goal it is)
        if dated:
            goal = goal or _goal_above(graph, node)
            for r in dated:
                assert r.due_day is not None
                (late if r.due_day < today else soon).append(
                    (r.due_day, r.path, r.task.line, r.task.fields.description, "task", goal))
    return _grouped(late, limit), len(late), _grouped(soon, limit), len(soon)


_Due = tuple[date, str, int, str, str, Node]  # (due, path, line, title, kind, its goal)


def _goal_above(graph: Graph, node: Node) -> Node:
    """The nearest goal at or above `node` (a milestone without one: itself)."""
    seen = node
    while seen.kind != "goal" and seen.parent is not None and seen.parent in graph.nodes:
        seen = graph.nodes[seen.parent]
    return seen if seen.kind == "goal" else node


def _grouped(rows: list[_Due], limit: int) -> list[DueItem]:
    """The first `limit` rows, goal by goal (nearest first), each goal's by date, its own
    deadline first."""
    first: dict[str, date] = {}
    for row in rows:
        key = row[5].key
        if key not in first or row[0] < first[key]:
            first[key] = row[0]
    top = heapq.nsmallest(limit, rows, key=lambda r: (
        first[r[5].key], r[5].key, (r[1], r[2]) != (r[5].path, r[5].line), r[0], r[1], r[2]))
    return [DueItem(title, path, line, due, kind, goal)
            for due, path, line, title, kind, goal in top]


def _reassess(graph: Graph, today: date, stale_days: int) -> list[Reassess]:
    out: list[Reassess] = []
    for node in _goal_nodes(graph):
        if node.kind != "goal" or not _active(node):
            continue
        if node.state == "overdue":
            out.append(Reassess(node, f"deadline {node.deadline} has passed",
                                "Extend the deadline, cut the scope, or drop it?"))
        elif node.state == "stuck":
            out.append(Reassess(node, "no open next action",
                                "What is the next concrete step, or is this goal done?"))
        elif node.state == "blocked":
            out.append(Reassess(node, "every open task waits on another open task",
                                "What would unblock it this week?"))
        last = parse_iso(node.last_activity) if node.last_activity else None
        idle = (today - last).days if last else None
        if node.state not in ("stuck",) and (idle is None or idle >= stale_days):
            if idle is None and not node.done_leaves and not node.amount and not node.progress:
                continue  # not started: the review's Not started section (core/reassess.py)
            if idle is None:  # (steps ticked or struck through without a date say so)
                reason = ("no completion dated yet" if node.done_leaves
                          else "nothing completed yet")
            else:
                reason = f"no task completed for {idle} days (last: {node.last_activity})"
            out.append(Reassess(node, reason, "Keep it, adjust it, or drop it?"))
    return out


def _skill_gaps(reports: tuple[SkillReport, ...], today: date,
                stale_days: int) -> list[Reassess]:
    """Goals whose required skills are far below target and not practised lately."""
    flagged: dict[str, tuple[Node, list[SkillReport]]] = {}
    for r in reports:
        if far_and_untouched(r, today, stale_days):
            for goal in r.goals:
                if goal.kind == "goal":
                    flagged.setdefault(goal.key, (goal, []))[1].append(r)
    return [Reassess(goal, "needs skills far below target, not practised in the last "
                     f"{stale_days} days: " + ", ".join(f"{r.node.title} ({r.shown})"
                                                        for r in rs),
                     "Plan the practice, lower the target, or move the date?")
            for goal, rs in flagged.values()]


def chart(graph: Graph, today: date, config: Config, weeks: int = 8) -> list[tuple[str, int]]:
    """Completions toward goals per week, the last `weeks` weeks up to `today`'s week."""
    current = week_of(today, config)
    starts = [current.start - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    first, end = starts[0], current.end
    counts = [0] * weeks
    for day, _, _, ref in graph.done_index.between(first, end):
        if ref.goal is not None and not _ticks(graph, ref):  # (habits: the Commitments)
            counts[(day - first).days // 7] += 1
    return [(_short_label(start, config.week_rules), n)
            for start, n in zip(starts, counts, strict=True)]


def progress_chart(
    graph: Graph, today: date, config: Config, weeks: int = 8
) -> list[tuple[str, int]]:
    """Mean progress (percent) of the active task-counted goals at the end of each of the
    last `weeks` weeks, reconstructed from completion dates."""
    current = week_of(today, config)
    goals = [n for n in _goal_nodes(graph) if n.kind == "goal" and _active(n)
             and n.target is None]
    out: list[tuple[str, int]] = []
    leaves = Leaves(graph)
    for i in range(weeks - 1, -1, -1):
        wk = week_of(current.start - timedelta(weeks=i), config)
        ratios = [done / total for done, total in
                  (leaves.as_of(n, min(wk.end, today)) for n in goals) if total]
        mean = round(100 * sum(ratios) / len(ratios)) if ratios else 0
        out.append((_short_label(wk.start, config.week_rules), mean))
    return out


def build_review(
    graph: Graph,
    config: Config,
    week: Week,
    today: date,
    snapshots: Mapping[str, tuple[tuple[str, float], ...]] | None = None,
    *,
    leaves: Leaves | None = None,
    evidence: EvidenceIndex | None = None,
    levels: LevelHistory | None = None,
) -> Review:
    """`leaves`: a `Leaves` of this graph to share with other reviews of the same pass;
    `evidence`: the vault's backlinks (core/evidence.py), for the Skills and People
    sections (none without it); `levels`: the journal's skill levels."""
    snaps = snapshots or {}
    skills = skill_reports(graph, evidence, today, levels) if evidence is not None else ()
    win_list, completed = wins(graph, week, today)
    before = week.start - timedelta(days=1)
    as_of_now = min(today, week.end)
    goals = [n for n in _goal_nodes(graph) if n.kind == "goal"]
    leaves = leaves or Leaves(graph)
    progress = []
    for node in goals:
        if node.state in ("dropped",):
            continue
        if node.state == "done" and not (node.completed and node.completed >= week.start):
            continue
        done_then, total_then = leaves.as_of(node, before)
        done_now, total_now = leaves.as_of(node, as_of_now)
        if counts_tasks(graph, node):  # (progress_as_of, from the counts just taken)
            then = done_then / total_then if total_then else None
            now = done_now / total_now if total_now else None
        else:
            then = progress_as_of(graph, node, before, snaps, leaves)
            now = progress_as_of(graph, node, as_of_now, snaps, leaves)
        if now is None:
            now = node.progress
        progress.append(ProgressLine(node, None if then is None else now - then,
                                     done_now - done_then, total_now - total_then))
    commitments = tuple(
        (n, commitment_status(graph, n, config))
        for _, n in graph.walk() if n.kind == "commitment" and n.every and _active(n)
    )
    overdue, n_overdue, soon, n_soon = _due_items(graph, today, config.due_soon_days,
                                                  MAX_LISTED)
    this_week = ticked(graph, week, today)
    quotas = tuple((n, st) for n, st in commitments
                   if n.key in this_week and st.count >= st.quota)
    paces = tuple(
        p for n in goals if (p := pace_of(graph, n, today, config.pace_weeks, snaps, leaves))
    )
    nexts = tuple((n, next_action(graph, n)) for n in goals if _active(n))
    return Review(
        week=week,
        today=today,
        wins=win_list,
        completed_nodes=completed,
        quotas_met=quotas,
        progress=tuple(progress),
        commitments=commitments,
        overdue=tuple(overdue),
        due_soon=tuple(soon),
        overdue_total=n_overdue,
        due_soon_total=n_soon,
        pace=paces,
        reassess=(*_reassess(graph, today, config.stale_days),
                  *_skill_gaps(skills, today, config.stale_days)),
        skills=skills,
        people=people_review(graph, evidence, today) if evidence is not None else None,
        next_actions=nexts,
        leaves=leaves,
        chart=tuple(
            progress_chart(graph, min(today, week.end), config)
            if config.chart == "progress"
            else chart(graph, min(today, week.end), config)
        ),
    )
