"""Goals' revisions and the user's decisions as history: what the journal remembers of
how a goal was changed, and what was decided about it in a review. Pure: rows in, values
out (the shell is `vaultgoals.app.memory` and `vaultgoals.store.memorystore`).

A revision is a change of one of a goal's tracked properties (`TRACKED`: `deadline`,
`target`, `status`, `parent`) between two passes that read its note, dated by the pass that
saw it. The first pass that sees a goal records its values as the baseline, not as a
revision. Only goals written as notes are tracked (a goal written as a task is keyed by
its line, which moves with every edit above it).

`revisions_between` is the public question ("what changed in this period, goal by
goal"): the weekly review's Reassess and the monthly review ask it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from vaultgoals.core.graphmodel import Node

TRACKED = ("deadline", "target", "status", "parent")
# the options of a reassessment prompt, in the order the review lists them
OPTIONS = ("keep", "shrink", "move", "pause", "drop")


@dataclass(frozen=True, slots=True)
class Revision:
    """One property of one goal changed: `old` → `new` ("" when unset), seen on `day`."""

    goal: str  # the goal's key (its note's path)
    field: str  # one of TRACKED
    day: str  # ISO day of the pass that saw the change
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Decision:
    """An answer the user ticked under a reassessment prompt of the review of `week`."""

    goal: str
    week: str  # the review's name (its week label)
    option: str  # one of OPTIONS
    detail: str  # what the user wrote after the option's words (a date, a reason), inert
    day: str  # ISO: the tick's ✅ date, else the day a pass first read the tick
    applied: str = ""  # ISO day `--apply-decisions` wrote it to the goal's status, or ""


def _empty() -> Mapping[Any, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Memory:
    """What the journal remembers of goals: their last values (with the day each goal was
    first seen), their revisions and the decisions recorded about them, by goal key."""

    values: Mapping[str, Mapping[str, str]] = field(default_factory=_empty)
    first_seen: Mapping[str, str] = field(default_factory=_empty)
    revisions: Mapping[str, tuple[Revision, ...]] = field(default_factory=_empty)
    decisions: Mapping[str, tuple[Decision, ...]] = field(default_factory=_empty)

    @classmethod
    def of(cls, values: Iterable[tuple[str, str, str, str]],
           revisions: Iterable[Revision], decisions: Iterable[Decision]) -> Memory:
        """From journal rows: values as (goal, field, value, first seen day)."""
        vals: dict[str, dict[str, str]] = {}
        seen: dict[str, str] = {}
        for goal, name, value, since in values:
            vals.setdefault(goal, {})[name] = value
            seen[goal] = min(since, seen.get(goal, since))
        return cls(MappingProxyType(vals), MappingProxyType(seen), _grouped(revisions),
                   _grouped(decisions))


def _grouped(rows: Iterable[Any]) -> Mapping[str, tuple[Any, ...]]:
    out: dict[str, list[Any]] = {}
    for row in rows:
        out.setdefault(row.goal, []).append(row)
    return MappingProxyType({k: tuple(sorted(v, key=_order)) for k, v in out.items()})


def _order(row: Revision | Decision) -> tuple[str, ...]:
    return (row.day, row.field, row.old) if isinstance(row, Revision) else (row.day, row.week,
                                                                              row.option)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def values_of(node: Node) -> dict[str, str]:
    """A goal's tracked properties as the journal stores them ("" when unset)."""
    return {
        "deadline": node.deadline.isoformat() if node.deadline else "",
        "target": _number(node.target) if node.target is not None else "",
        "status": node.declared,
        "parent": node.parent or "",
    }


def tracked(node: Node) -> bool:
    """Is this node's history kept? Goals written as notes (see the module doc)."""
    return node.kind == "goal" and not node.inline


def detect(nodes: Iterable[Node], memory: Memory, today: str
           ) -> tuple[list[tuple[str, str, str]], list[Revision]]:
    """Compare `nodes` (goals whose note was read again) with the journal's last values:
    the values to store, as (goal, field, value), and the revisions (a goal seen for the
    first time gets its baseline, no revision)."""
    values: list[tuple[str, str, str]] = []
    found: list[Revision] = []
    for node in nodes:
        if not tracked(node):
            continue
        last = memory.values.get(node.key)
        for name, value in values_of(node).items():
            before = None if last is None else last.get(name)
            if before == value:
                continue
            values.append((node.key, name, value))
            if before is not None:
                found.append(Revision(node.key, name, today, before, value))
    return values, found


def remembered(memory: Memory, values: list[tuple[str, str, str]],
               found: list[Revision], today: str) -> Memory:
    """`memory` after `detect`'s values and revisions were stored."""
    vals = {k: dict(v) for k, v in memory.values.items()}
    seen = dict(memory.first_seen)
    for goal, name, value in values:
        vals.setdefault(goal, {})[name] = value
        seen.setdefault(goal, today)
    revs = {k: list(v) for k, v in memory.revisions.items()}
    for rev in found:
        revs.setdefault(rev.goal, []).append(rev)
    return Memory(MappingProxyType(vals), MappingProxyType(seen),
                  MappingProxyType({k: tuple(v) for k, v in revs.items()}), memory.decisions)


def revisions_between(revisions: Mapping[str, tuple[Revision, ...]], start: date,
                      end: date) -> dict[str, tuple[Revision, ...]]:
    """Every goal's revisions seen from `start` to `end` (both included), oldest first,
    by goal key (goals without one left out). `revisions`: `Memory.revisions` (a job's
    `history.memory`, or `JournalView.memory`)."""
    first, last = start.isoformat(), end.isoformat()
    out: dict[str, tuple[Revision, ...]] = {}
    for goal, revs in revisions.items():
        inside = tuple(r for r in revs if first <= r.day <= last)
        if inside:
            out[goal] = inside
    return out


def moves(revisions: tuple[Revision, ...], upto: Revision | None = None) -> int:
    """How many times the deadline moved (a change from one date to another; setting a
    first deadline or removing it is no move), up to and including `upto`."""
    count = 0
    for rev in revisions:
        if rev.field == "deadline" and rev.old and rev.new:
            count += 1
        if rev is upto:
            break
    return count


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(rev: Revision, history: tuple[Revision, ...], names: Mapping[str, str],
             unit: str = "") -> str:
    """A revision in words: `deadline moved 2026-12-01 → 2027-03-01 (2nd move)`.
    `history`: the goal's revisions (for the count of moves); `names`: node key → title
    (for a parent)."""
    old, new = rev.old or "none", rev.new or "none"
    if rev.field == "parent":
        old = names.get(rev.old, _stem(rev.old)) if rev.old else "none"
        new = names.get(rev.new, _stem(rev.new)) if rev.new else "none"
        return f"parent changed from {old} to {new}"
    if rev.field == "deadline":
        if not rev.old:
            return f"deadline set to {new}"
        if not rev.new:
            return f"deadline removed (was {old})"
        return f"deadline moved {old} → {new} ({ordinal(moves(history, rev))} move)"
    if rev.field == "target":
        tail = f" {unit}" if unit and rev.new else ""
        return f"target changed {old} → {new}{tail}"
    return f"status changed {old} → {new}"


def _stem(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name
