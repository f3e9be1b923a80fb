"""The goal graph's values: tasks in their vault context, nodes, and the graph itself.

`vaultgoals.core.graph.build_graph` makes them; everything after the build only reads them. A
`Graph` is frozen and holds what its readers need already computed: the depth-first order
of its nodes, each inline node's own task, the day indexes, and every commitment's status.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from vaultgoals.core.dayindex import DayIndex
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.model import Link, Problem, Task

NODE_KINDS = ("vision", "goal", "milestone", "skill", "commitment")
DECLARED_STATUSES = ("active", "paused", "done", "dropped")
OPEN_TYPES = ("TODO", "IN_PROGRESS")


@dataclass(slots=True)
class TaskRef:
    """A task in its vault context. `goal`, `node` and `blocked` are set by the build that
    returns it. A later build with the same `GraphCache` reuses the record of an unchanged
    note and sets them again (graphcache.py): the graph it was in is then stale."""

    path: str
    task: Task
    status_type: str
    completed_on: str | None  # ISO date: taskrefs.completion_day (✅, periodic note, journal)
    is_leaf: bool
    goal: str | None = None  # key of the node it counts toward
    node: str | None = None  # key of the node this task *is* (inline goal / milestone)
    blocked: bool = False  # depends (⛔) on a task that is still open
    since: str | None = None  # earliest day it is known to exist: ➕ date, or its daily note
    done_day: date | None = None  # completed_on, parsed
    due_day: date | None = None  # the task's due date, parsed

    @property
    def is_open(self) -> bool:
        return self.status_type in OPEN_TYPES

    @property
    def is_done(self) -> bool:
        return self.status_type == "DONE"

    @property
    def counts(self) -> bool:
        return self.status_type in ("TODO", "IN_PROGRESS", "DONE")


@dataclass(slots=True)
class Node:
    """A vision, goal, milestone, skill or commitment. Filled in by the build (the roll-up
    fields last); read-only once the build has returned its graph."""

    key: str  # the note's path, or `path:line` for a goal written as a task
    kind: str
    title: str
    path: str
    line: int
    declared: str = "active"
    start: date | None = None
    deadline: date | None = None
    completed: date | None = None
    target: float | None = None
    unit: str = ""
    amount: float | None = None
    weight: float | None = None
    tag: str = ""
    every: str = ""
    quota: int = 1
    count_mode: str = "tasks"
    parent: str | None = None
    inline: bool = False  # written as a task (its own task is its first leaf)
    found_by: str = ""  # the recogniser that made it (goals/registry.py)
    reason: str = ""  # why, in words
    area: str = ""
    skills: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    tasks: list[TaskRef] = field(default_factory=list)
    # computed by the roll-up
    progress: float = 0.0
    explain: str = ""
    state: str = "active"
    done_leaves: int = 0
    total_leaves: int = 0
    open_tasks: int = 0
    blocked_tasks: int = 0
    last_activity: str | None = None


@dataclass(slots=True, unsafe_hash=True)  # (not frozen: a daily commitment's history makes
class Period:  # hundreds, and a frozen dataclass's __init__ is ~5× slower; see model.py)
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


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: Mapping[str, Node]
    roots: tuple[str, ...]
    tasks: tuple[TaskRef, ...]
    problems: tuple[Problem, ...]
    resolver: LinkResolver
    today: date
    order: tuple[tuple[int, Node], ...]  # depth-first from the roots, with each node's depth
    own: Mapping[str, TaskRef]  # inline node key → the task it is written as
    done_index: DayIndex[TaskRef]  # done tasks by completion day
    due_index: DayIndex[TaskRef]  # open tasks by due date
    # (commitment key, week start) → its status, for the config the graph was built with
    statuses: Mapping[tuple[str, str], CommitmentStatus]

    def walk(self) -> Iterator[tuple[int, Node]]:
        """Nodes depth-first from the roots, with their depth."""
        return iter(self.order)

    def own_task(self, node: Node) -> TaskRef | None:
        """The task an inline goal or milestone is written as."""
        return self.own.get(node.key) if node.inline else None

    def subtree_tasks(self, key: str) -> list[TaskRef]:
        out: list[TaskRef] = []
        stack = [key]
        while stack:
            node = self.nodes[stack.pop()]
            out.extend(node.tasks)
            stack.extend(node.children)
        return out


def depth_first(nodes: Mapping[str, Node], roots: Sequence[str]) -> list[tuple[int, Node]]:
    """Nodes depth-first from `roots` (children in their order), with their depth."""
    walked: list[tuple[int, Node]] = []
    stack = [(0, k) for k in reversed(roots)]
    while stack:
        depth, key = stack.pop()
        node = nodes[key]
        walked.append((depth, node))
        stack.extend((depth + 1, c) for c in reversed(node.children))
    return walked


def link_key(link: Link, resolver: LinkResolver) -> str:
    """What a link points at, for counting distinct people: a path, else the bare name."""
    return resolver.resolve(link.target) or LinkResolver.identity(link.target)
