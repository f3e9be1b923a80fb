"""What every recogniser takes and returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Node, TaskRef
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.model import NoteDoc, Problem, Task


@dataclass(frozen=True, slots=True)
class Found:
    """What a recogniser recognised: a node of `kind` written at `line` (1 for a whole
    note, else the line of the task that is the node), `reason` in words for the user,
    `by` the recogniser's name."""

    kind: str
    line: int
    reason: str
    by: str


class NoteItems:
    """One note as the item recognisers see it: the doc, the configuration, the kind the
    note recognisers gave the whole note (None: not goal-like) and its tasks. Only real
    tasks are candidates: a checkbox whose status is configured NON_TASK never is a node."""

    __slots__ = ("_candidates", "_tagged", "_task_lines", "config", "doc", "kind",
                 "status_types")

    def __init__(self, doc: NoteDoc, config: Config, kind: str | None,
                 status_types: Sequence[str]) -> None:
        self.doc = doc
        self.config = config
        self.kind = kind
        self.status_types = status_types  # of `doc.tasks`, as the config reads their status
        self._candidates: list[Task] | None = None
        self._tagged: list[tuple[Task, frozenset[str]]] | None = None
        self._task_lines: frozenset[int] | None = None

    @property
    def candidates(self) -> list[Task]:
        """The note's tasks that may be nodes (not NON_TASK), in line order."""
        if self._candidates is None:
            self._candidates = [t for t, s in zip(self.doc.tasks, self.status_types,
                                                  strict=True) if s != "NON_TASK"]
        return self._candidates

    @property
    def tagged(self) -> list[tuple[Task, frozenset[str]]]:
        """The candidates that carry tags, each with its tags without `#`, case-folded."""
        if self._tagged is None:
            self._tagged = [
                (t, frozenset(x.lstrip("#").casefold() for x in t.fields.tags))
                for t, s in zip(self.doc.tasks, self.status_types, strict=True)
                if t.fields.tags and s != "NON_TASK"]
        return self._tagged

    def enclosing_task(self, task: Task) -> int | None:
        """The line of the nearest task `task` is nested under, looking through plain
        bullets; None at the top of the outline."""
        if self._task_lines is None:
            self._task_lines = frozenset(t.line for t in self.doc.tasks)
        lines = self._task_lines
        parent_of = None
        line = task.parent_line
        while line is not None:
            if line in lines:
                return line
            if parent_of is None:
                parent_of = self.doc.item_parents()
            line = parent_of.get(line)
        return None


class Place:
    """Where a task sits, as the membership rules see it: the nodes recognised so far (goal
    notes and inline nodes), how links resolve, which goal owns which tag, and the task's
    note: its tasks by line and its outline (`NoteDoc.item_parents`). A rule reports what
    is wrong in `problems`."""

    __slots__ = ("by_line", "nodes", "parent_of", "problems", "resolver", "tag_depth",
                 "tag_owner")

    def __init__(self, nodes: Mapping[str, Node], resolver: LinkResolver,
                 tag_owner: Mapping[str, str], tag_depth: int, by_line: Mapping[int, TaskRef],
                 parent_of: Mapping[int, int | None], problems: list[Problem]) -> None:
        self.nodes = nodes
        self.resolver = resolver
        self.tag_owner = tag_owner  # a goal's `tag:` → its key
        self.tag_depth = tag_depth  # the most `/`-separated parts a goal's tag has
        self.by_line = by_line
        self.parent_of = parent_of
        self.problems = problems

    def resolve_node(self, target: str) -> str | None:
        """The goal-like note a link target names, or None."""
        path = self.resolver.resolve(target)
        return path if path is not None and path in self.nodes else None


# A note recogniser: (the note, its properties read by `goalprops.props`, the config) →
# what the whole note is, or None.
NoteRecogniser = Callable[[NoteDoc, Mapping[str, object], Config], Found | None]
# An item recogniser: a note → the tasks in it that are goals or milestones themselves.
ItemRecogniser = Callable[[NoteItems], Iterable[Found]]
# A parent rule: (a goal-like note, a link target → the goal-like note it names or None,
# where to report problems, the config, a link target → whether it names any note) → the
# key of the node the note sits under, or None.
ParentRule = Callable[[NoteDoc, Callable[[str], str | None], list[Problem], Config,
                       Callable[[str], bool] | None], str | None]
# A membership rule: a task and where it sits → the key of the node it counts toward, or None.
MembershipRule = Callable[[TaskRef, Place], str | None]
