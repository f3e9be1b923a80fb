"""A tidy layered layout of the goal map: each card's rectangle, no two overlapping.

Blocks, children first: a card's block is the card, the cards placed beside it (skills) in a
column to its right, and its children's blocks below it. Children that have nothing under
or beside them (most milestones) are stacked in a column under their parent, slightly
indented, like an outline; other children's blocks go in rows under their parent, wrapped
so that a vision with 300 goals makes a block about as wide as it is tall instead of one
row 100,000 pixels wide; the parent is centred over its first row. Blocks never overlap
(each is placed beside or under the others' bounding boxes), so neither do cards. The same
map gives the same rectangles: everything is in integers and in the map's order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from vaultgoals.core.render.goalmap.model import STATES, GoalMap, MapCard

Rect = tuple[int, int, int, int]  # x, y, width, height
Sides = tuple[str, str]  # an edge's fromSide, toSide

# card sizes (width, height): a note card shows the note's preview, a line's card its text
NOTE_SIZE = {"vision": (400, 200), "goal": (360, 200), "milestone": (320, 140)}
LINE_SIZE = {"vision": (400, 120), "goal": (360, 120), "milestone": (320, 100)}
SIDE_SIZE = (260, 100)  # a card beside a goal (a skill)
GAP_X = 60  # between blocks in a row
GAP_Y = 120  # between a card and the row of blocks under it (room for the lines)
STACK_GAP = 30  # between stacked cards
INDENT = 60  # of a stacked child under its parent
SIDE_GAP = 40  # between a card and the column beside it
WRAP_MIN = 4800  # a row of blocks is wrapped at this width at the least (~10 goals)
LEGEND_ITEM = (240, 60)
LEGEND_PAD = 20
MAP_LEFT = LEGEND_ITEM[0] + 2 * LEGEND_PAD + 160  # where the map starts, right of the legend


@dataclass(slots=True)
class _Block:
    w: int = 0
    h: int = 0
    own: tuple[int, int] = (0, 0)  # the card's offset in its block
    side: list[tuple[str, int, int]] = field(default_factory=list)  # cards beside it
    kids: list[tuple[str, int, int]] = field(default_factory=list)  # child blocks' offsets
    stacked: bool = False  # children stacked in a column (else in rows)


@dataclass(frozen=True, slots=True)
class Layout:
    rects: dict[str, Rect]  # card id -> its rectangle (legend cards included)
    sides: dict[str, Sides]  # line id -> the sides it leaves and reaches


def card_size(card: MapCard) -> tuple[int, int]:
    if card.beside is not None:
        return SIDE_SIZE
    table = LINE_SIZE if card.inline else NOTE_SIZE
    return table.get(card.kind, SIDE_SIZE)


def _wrap_width(blocks: Sequence[_Block]) -> int:
    """How wide a row of these blocks may grow: about the square root of their area (so
    many blocks make a roughly square field), never less than WRAP_MIN or the widest."""
    area = sum((b.w + GAP_X) * (b.h + GAP_Y) for b in blocks)
    return max(WRAP_MIN, max((b.w for b in blocks), default=0), math.isqrt(2 * area))


def _rows(ids: Sequence[str], blocks: dict[str, _Block], top: int
          ) -> tuple[list[tuple[str, int, int]], int, int]:
    """`ids`' blocks in wrapped rows starting at `top`: offsets, total width, bottom."""
    limit = _wrap_width([blocks[i] for i in ids])
    placed: list[tuple[str, int, int]] = []
    x = y = row_h = width = 0
    y = top
    for ident in ids:
        b = blocks[ident]
        if x and x + b.w > limit:
            y += row_h + GAP_Y
            x = row_h = 0
        placed.append((ident, x, y))
        width = max(width, x + b.w)
        x += b.w + GAP_X
        row_h = max(row_h, b.h)
    return placed, width, y + row_h


def _block(card: MapCard, size: tuple[int, int], side: list[MapCard], kids: list[str],
           blocks: dict[str, _Block]) -> _Block:
    w, h = size
    block = _Block()
    head_w, head_h = w, h
    y = 0
    for other in side:
        sw, sh = SIDE_SIZE
        block.side.append((other.id, w + SIDE_GAP, y))
        head_w = max(head_w, w + SIDE_GAP + sw)
        y += sh + STACK_GAP
    head_h = max(h, y - STACK_GAP)
    if not kids:
        block.w, block.h = head_w, head_h
        return block
    if all(not blocks[k].kids and not blocks[k].side for k in kids):
        block.stacked = True
        y = head_h + STACK_GAP
        width = head_w
        for k in kids:
            block.kids.append((k, INDENT, y))
            y += blocks[k].h + STACK_GAP
            width = max(width, INDENT + blocks[k].w)
        block.w, block.h = width, y - STACK_GAP
        return block
    placed, rows_w, bottom = _rows(kids, blocks, head_h + GAP_Y)
    first_row = [p for p in placed if p[2] == placed[0][2]]
    first_w = first_row[-1][1] + blocks[first_row[-1][0]].w
    own_x = max(0, (first_w - w) // 2)  # centred over the first row
    shift = max(0, (w - first_w) // 2)  # (a card wider than its first row: rows centred)
    block.own = (own_x, 0)
    block.side = [(i, x + own_x, y) for i, x, y in block.side]
    block.kids = [(i, x + shift, y) for i, x, y in placed]
    block.w = max(own_x + head_w, rows_w + shift)
    block.h = bottom
    return block


def layout(gm: GoalMap) -> Layout:
    """Every card's rectangle and every line's sides, for a map drawn afresh."""
    children: dict[str, list[str]] = {}
    beside: dict[str, list[MapCard]] = {}
    roots: list[str] = []
    for card in gm.cards:
        if card.beside is not None:
            beside.setdefault(card.beside, []).append(card)
        elif card.parent is None:
            roots.append(card.id)
        else:
            children.setdefault(card.parent, []).append(card.id)
    sizes = {c.id: card_size(c) for c in gm.cards}
    blocks: dict[str, _Block] = {}
    for card in reversed(gm.cards):  # (children before their parents)
        if card.beside is None:
            blocks[card.id] = _block(card, sizes[card.id], beside.get(card.id, []),
                                     children.get(card.id, []), blocks)
    rects: dict[str, Rect] = {}
    sides: dict[str, Sides] = {}
    placed, _, _ = _rows(roots, blocks, 0)
    todo = [(i, x + MAP_LEFT, y) for i, x, y in placed]
    while todo:
        ident, ox, oy = todo.pop()
        block = blocks[ident]
        w, h = sizes[ident]
        rects[ident] = (ox + block.own[0], oy + block.own[1], w, h)
        for other, dx, dy in block.side:
            rects[other] = (ox + dx, oy + dy, *SIDE_SIZE)
        todo.extend((k, ox + dx, oy + dy) for k, dx, dy in block.kids)
    stacked = {k for ident, b in blocks.items() if b.stacked for k, _, _ in b.kids}
    for line in gm.lines:
        if line.label:
            sides[line.id] = ("right", "left")
        else:
            sides[line.id] = ("left", "left") if line.to_id in stacked else ("bottom", "top")
    rects.update(legend_rects())
    return Layout(rects, sides)


def legend_ids() -> list[tuple[str, str, str, str]]:
    """The legend's cards: (id, state, preset colour, words), in order."""
    return [(f"vg-legend-{state}", state, colour, words) for state, colour, words in STATES]


def legend_rects() -> dict[str, Rect]:
    """The legend group (top left) and its cards, stacked inside it."""
    items = legend_ids()
    w, h = LEGEND_ITEM
    out: dict[str, Rect] = {"vg-legend": (0, 0, w + 2 * LEGEND_PAD,
                                          LEGEND_PAD + len(items) * (h + LEGEND_PAD))}
    for i, (ident, _, _, _) in enumerate(items):
        out[ident] = (LEGEND_PAD, LEGEND_PAD + i * (h + LEGEND_PAD), w, h)
    return out
