"""What the goal map shows: its cards and lines, from the graph, before any layout.

A `GoalMap` is cheap to make and compares by value, so the app can tell in one comparison
whether anything the map shows has changed since the last pass (and skip the layout, the
merge with the user's canvas and the write when nothing has). It holds only what a card
shows: a goal's title, kind, note or line, its colour state and its place in the tree, not
its progress (the note's preview shows that), so ticking a task changes no card.

Colour states reuse the judgements that exist: the roll-up's `Node.state` (done, overdue,
stuck, blocked, paused) and the review's pace verdicts (`insights.pace_of`) for "behind
pace"; nothing is judged again here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.insights import Leaves, Pace, pace_of

ID_PREFIX = "vg-"  # every card and line vaultgoals makes has an id starting with this
LEGEND_ID = "vg-legend"
TREE_KINDS = ("vision", "goal", "milestone")
# The pace verdicts (insights.Pace.verdict) that mean a goal will miss its deadline at the
# pace of the last weeks: the "behind pace" colour.
BEHIND_VERDICTS = ("at risk", "no recent progress")

# colour state -> (JSON Canvas preset colour or "" for none, the legend's words), in the
# legend's order. Presets: 1 red, 2 orange, 3 yellow, 4 green, 5 cyan, 6 purple.
STATES: tuple[tuple[str, str, str], ...] = (
    ("done", "4", "Done"),
    ("active", "5", "Active, on pace"),
    ("behind", "3", "Behind pace"),
    ("stuck", "2", "Stuck: no next action"),
    ("blocked", "6", "Blocked: waits on another task"),
    ("overdue", "1", "Overdue"),
    ("paused", "", "Paused (and skills)"),
)
COLOUR = {state: colour for state, colour, _ in STATES}


class MapCard(NamedTuple):
    """One card of the map: a note (`file` card) or a goal written as a line (`text` card).
    (A named tuple: one is made for every card at every pass, and a frozen dataclass's
    `__init__` is several times slower.)"""

    id: str
    key: str  # the graph node's key
    kind: str  # vision, goal, milestone, skill (people: see BESIDE_RULES)
    title: str
    path: str  # the note it is, or the note its line is in
    inline: bool  # written as a line: a text card linking the line
    block: str  # the line's block id (without `^`), "" when it has none
    state: str  # a key of COLOUR
    parent: str | None  # the card it hangs under in the tree (its id), None at the top
    beside: str | None = None  # for a card placed beside a goal (a skill): that goal's id


class MapLine(NamedTuple):
    """A line between two cards: a parent link (parent to child) or "needs" (goal to skill)."""

    id: str
    from_id: str
    to_id: str
    label: str  # "" for a parent link


@dataclass(frozen=True, slots=True)
class GoalMap:
    cards: tuple[MapCard, ...]  # parents before children, in the graph's order
    lines: tuple[MapLine, ...]


@lru_cache(maxsize=65536)  # (the same ids pass after pass: a lookup, not a hash)
def digest_id(*parts: str) -> str:
    """A stable card or line id: the prefix and 12 hex digits of the parts' SHA-1."""
    return ID_PREFIX + hashlib.sha1("\x1f".join(parts).encode("utf-8",
                                                         "surrogatepass")).hexdigest()[:12]


def map_state(node: Node, behind: Collection[str]) -> str:
    """The colour state of a node: the roll-up's state, with "behind pace" from the review's
    pace verdicts (`behind`: the keys of goals behind pace)."""
    state = node.state
    if state in ("done", "overdue", "stuck", "blocked"):
        return state
    if state in ("paused", "dropped") or node.kind == "skill":
        return "paused"
    return "behind" if node.key in behind else "active"


def behind_of(paces: Iterable[Pace]) -> frozenset[str]:
    """The keys of the goals behind pace, from the review's pace lines (`Review.pace`)."""
    return frozenset(p.node.key for p in paces if p.verdict in BEHIND_VERDICTS)


def behind_pace(graph: Graph, config: Config, today: date,
                snapshots: Mapping[str, tuple[tuple[str, float], ...]]) -> frozenset[str]:
    """The goals behind pace as of `today`, judged as the review judges them (`pace_of`):
    for a pass whose review is of another day (a past week's)."""
    leaves = Leaves(graph)
    return behind_of(p for _, n in graph.walk() if n.kind == "goal"
                     and (p := pace_of(graph, n, today, config.pace_weeks, snapshots, leaves)))


# What is placed beside a goal, each rule giving (key of the node beside it, the line's
# label) for a goal, () when nothing (asked for every card at every pass: keep it cheap).
# Skills a goal needs (`skills:`) today; people a goal involves are one more rule here once
# the graph has people (issue #17): the layout, the merge and the Mermaid chart need no
# change for a new kind of card beside goals.
BesideRule = Callable[[Graph, Node], Sequence[tuple[str, str]]]


def needs_skill(graph: Graph, node: Node) -> Sequence[tuple[str, str]]:
    if not node.skills:
        return ()
    return [(key, "needs") for key in node.skills
            if (skill := graph.nodes.get(key)) is not None and skill.kind == "skill"]


BESIDE_RULES: tuple[BesideRule, ...] = (needs_skill,)


def _card(graph: Graph, node: Node, ident: str, state: str, parent: str | None,
          beside: str | None = None) -> MapCard:
    block = ""
    own = graph.own.get(node.key) if node.inline else None
    if own is not None and own.task.fields.block_link:
        block = own.task.fields.block_link.strip().lstrip("^")
    return MapCard(ident, node.key, node.kind, node.title, node.path, node.inline, block,
                   state, parent, beside)


def goal_map(graph: Graph, behind: Collection[str] = frozenset()) -> GoalMap:
    """The goal map of `graph`: visions, goals and milestones as a tree (dropped ones and
    what hangs under them left out), what BESIDE_RULES places beside a goal (placed once,
    beside the first goal that needs it, and linked from every one), and the lines between
    them. `behind`: keys of the goals behind pace (`behind_of`)."""
    cards: list[MapCard] = []
    lines: list[MapLine] = []
    ids: dict[str, str] = {}  # graph key -> card id
    seen_inline: dict[tuple[str, str], int] = {}
    beside_pending: list[tuple[str, str, str]] = []  # (card id, key beside it, label)
    seen_lines: set[str] = set()
    stack: list[tuple[str, str | None]] = [(k, None) for k in reversed(graph.roots)]
    while stack:
        key, parent = stack.pop()
        node = graph.nodes[key]
        if node.kind not in TREE_KINDS or node.declared == "dropped":
            continue
        if node.inline:  # (a line's number moves as the note is edited: not part of its id)
            n = seen_inline.get((node.path, node.title), 0)
            seen_inline[(node.path, node.title)] = n + 1
            ident = digest_id(node.path, node.title, str(n))
        else:
            ident = digest_id(node.path)
        ids[key] = ident
        cards.append(_card(graph, node, ident, map_state(node, behind), parent))
        if parent is not None:
            lines.append(MapLine(digest_id(parent, ">", ident), parent, ident, ""))
        for rule in BESIDE_RULES:
            for other, label in rule(graph, node):
                beside_pending.append((ident, other, label))
        for child in reversed(node.children):
            stack.append((child, ident))
    for ident, other, label in beside_pending:
        if other not in ids:
            node = graph.nodes[other]
            ids[other] = digest_id(node.path) if not node.inline else digest_id(
                node.path, node.title, "beside")
            cards.append(_card(graph, node, ids[other], map_state(node, behind), None,
                               beside=ident))
        line_id = digest_id(ident, label, ids[other])
        if line_id not in seen_lines:  # (a goal that lists a skill twice)
            seen_lines.add(line_id)
            lines.append(MapLine(line_id, ident, ids[other], label))
    return GoalMap(tuple(cards), tuple(lines))
