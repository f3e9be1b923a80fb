"""Reassessment with memory, and the method's smaller steps: what the review adds to
`core.insights` from the journal's memory of goals (`core.revisions`) and from the previous
review. Pure: the graph, the review, the memory and the previous review's text in; values
out (`core/render/memory.py` writes them).

- Revisions seen this week, in words ("deadline moved 2026-12-01 → 2027-03-01 (2nd
  move)").
- Two more reasons to reassess a goal: its deadline moved `reassess.moves` times or more;
  its pace has needed more than it achieved at each of the last `reassess.behind_weeks`
  weeks' ends. Every goal in Reassess gets the answer lines of `core.decisions`.
- Not started: an active goal with nothing done ever (no progress, no activity since it was
  set), oldest first, with its first open step (or a request for one).
- Vision alignment: goals that serve no vision and belong to no area (`untied_goals`), and
  how many goals serve each vision (`goals_by_vision`), for the monthly and quarterly
  reviews.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph, Node, TaskRef
from vaultgoals.core.insights import Leaves, Pace, Reassess, Review, pace_of
from vaultgoals.core.render.markdown import esc
from vaultgoals.core.revisions import Decision, Memory, describe, moves, revisions_between

PROMPT = "Keep it, shrink the target, move the date (with a reason), or drop it?"


@dataclass(frozen=True, slots=True)
class NotStarted:
    node: Node
    since: str  # ISO: its start, else the day the journal first saw it ("" unknown)
    first_step: TaskRef | None


@dataclass(frozen=True, slots=True)
class Previous:
    """The previous review, as its note reads now."""

    path: str
    label: str
    still_open: tuple[tuple[Node, TaskRef], ...]  # its next actions that are still open
    listed: int  # how many next actions it listed
    done: int  # how many of them are done now
    notes: tuple[str, ...]  # the user's lines under its Reflection / Decisions headings


@dataclass(frozen=True, slots=True)
class MemoryReview:
    """What the review says from memory (added to a `core.insights.Review`)."""

    previous: Previous | None
    looked_back: int  # weeks searched for a previous review
    revised: tuple[tuple[Node, tuple[str, ...]], ...]  # this week's revisions, in words
    reasons: tuple[Reassess, ...]  # the reasons memory adds to Reassess
    last_decision: Mapping[str, Decision]  # goal key → its latest recorded decision
    answered: tuple[tuple[Node, Decision], ...]  # recorded for this week's review
    not_started: tuple[NotStarted, ...]


def _active(node: Node) -> bool:
    return node.state not in ("done", "dropped", "paused")


def _goals(graph: Graph) -> list[Node]:
    return [n for _, n in graph.walk() if n.kind == "goal"]


def revised(graph: Graph, memory: Memory, start: date, end: date
            ) -> tuple[tuple[Node, tuple[str, ...]], ...]:
    """Each goal revised from `start` to `end`, with its revisions in words."""
    found = revisions_between(memory.revisions, start, end)
    names = {k: n.title for k, n in graph.nodes.items()} if found else {}
    out = []
    for key, revs in found.items():
        node = graph.nodes.get(key)
        if node is not None:
            history = memory.revisions[key]
            out.append((node, tuple(describe(r, history, names, node.unit) for r in revs)))
    return tuple(sorted(out, key=lambda item: (item[0].path, item[0].line)))


def behind_weeks(graph: Graph, node: Node, today: date, config: Config,
                 snapshots: Mapping[str, tuple[tuple[str, float], ...]],
                 leaves: Leaves) -> tuple[float, float, str] | None:
    """(needed, done per week, unit) now, when at each of the last `behind_weeks` weeks'
    ends (today included) the pace needed more than it achieved; else None."""
    now: tuple[float, float, str] | None = None
    for i in range(config.behind_weeks):
        pace = pace_of(graph, node, today - timedelta(weeks=i), config.pace_weeks,
                       snapshots, leaves)
        if pace is None or pace.needed_per_week <= pace.done_per_week:
            return None
        if now is None:
            now = (pace.needed_per_week, pace.done_per_week, pace.unit)
    return now


# (a reason is Markdown, as Reassess shows it: the user's text in it is escaped)
def memory_reasons(graph: Graph, memory: Memory, today: date, config: Config,
                   snapshots: Mapping[str, tuple[tuple[str, float], ...]],
                   leaves: Leaves | None = None, paces: tuple[Pace, ...] | None = None
                   ) -> list[Reassess]:
    """The reasons to reassess that memory adds: a deadline moved repeatedly, a pace
    behind for weeks. `leaves`, `paces`: the review's own (`build_review`), to share: a
    goal whose pace today is not behind is not looked at further back."""
    out: list[Reassess] = []
    leaves = leaves or Leaves(graph)
    behind_now = None if paces is None else {p.node.key for p in paces
                                             if p.needed_per_week > p.done_per_week}
    for node in _goals(graph):
        if not _active(node):
            continue
        revs = memory.revisions.get(node.key, ())
        n = moves(revs)
        if config.reassess_moves and n >= config.reassess_moves:
            last = [r for r in revs if r.field == "deadline" and r.old and r.new][-1]
            out.append(Reassess(node, f"deadline moved {n} times (last {last.old} → "
                                f"{last.new}, on {last.day})", PROMPT))
        if (config.behind_weeks and node.deadline is not None and node.deadline >= today
                and (behind_now is None or node.key in behind_now)):
            behind = behind_weeks(graph, node, today, config, snapshots, leaves)
            if behind is not None:
                needed, done, unit = behind
                out.append(Reassess(node, f"pace has needed {needed:.1f} {esc(unit)} a week "
                                    f"(done {done:.1f}) for {config.behind_weeks} weeks",
                                    PROMPT))
    return out


def is_not_started(node: Node) -> bool:
    """Nothing done ever: no done step, no dated activity, no amount, no progress."""
    return (node.kind == "goal" and _active(node) and node.done_leaves == 0
            and node.last_activity is None and not node.amount and node.progress == 0)


def not_started(graph: Graph, review: Review, memory: Memory) -> tuple[NotStarted, ...]:
    """The goals not started, oldest first (by start, else first seen; unknown last)."""
    firsts = dict((n.key, ref) for n, ref in review.next_actions)
    found = [NotStarted(n, n.start.isoformat() if n.start else memory.first_seen.get(n.key, ""),
                        firsts.get(n.key)) for n in _goals(graph) if is_not_started(n)]
    return tuple(sorted(found, key=lambda s: (s.since == "", s.since, s.node.path,
                                              s.node.line)))


def last_decisions(memory: Memory) -> dict[str, Decision]:
    """Each goal's latest decision (by day, then week)."""
    return {key: max(ds, key=lambda d: (d.day, d.week)) for key, ds in memory.decisions.items()
            if ds}


def answered(graph: Graph, memory: Memory, week: str) -> tuple[tuple[Node, Decision], ...]:
    """The decisions recorded for the review of `week`, by goal."""
    out = [(graph.nodes[d.goal], d) for ds in memory.decisions.values() for d in ds
           if d.week == week and d.goal in graph.nodes]
    return tuple(sorted(out, key=lambda item: (item[0].path, item[0].line, item[1].option)))


def tied(graph: Graph, node: Node) -> bool:
    """Does the goal serve a vision or belong to an area (itself or a goal above it)?"""
    seen: set[str] = set()
    current: Node | None = node
    while current is not None and current.key not in seen:
        seen.add(current.key)
        if current.area or current.kind == "vision":
            return True
        current = graph.nodes.get(current.parent) if current.parent else None
    return False


def untied_goals(graph: Graph) -> list[Node]:
    """The active goals that link no vision (through their parents) and name no area:
    "not tied to your vision", in the graph's order."""
    return [n for n in _goals(graph) if _active(n) and not tied(graph, n)]


def goals_by_vision(graph: Graph) -> dict[str, list[Node]]:
    """Each vision's key → the active goals under it (at any depth), in the graph's order;
    every vision is listed, those no goal serves with none."""
    out: dict[str, list[Node]] = {k: [] for _, n in graph.walk() if n.kind == "vision"
                                  for k in (n.key,)}
    for node in _goals(graph):
        if not _active(node):
            continue
        current = graph.nodes.get(node.parent) if node.parent else None
        seen: set[str] = set()
        while current is not None and current.key not in seen:
            seen.add(current.key)
            if current.kind == "vision":
                out.setdefault(current.key, []).append(node)
                break
            current = graph.nodes.get(current.parent) if current.parent else None
    return out
