"""The goal map drawn afresh as JSON Canvas nodes and edges: what `merge` puts into the
user's canvas (or writes as it is when there is none yet).

A goal note is a `file` card (Obsidian opens and previews it); a goal or milestone written
as a line is a `text` card: its title and a link to the line, `[[Note#^id]]` when the line
has a block id, else `[[Note]]` (vaultgoals never writes a block id into a note to link
it). A legend group explains the colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vaultgoals.core.render.goalmap.layout import Layout, layout, legend_ids
from vaultgoals.core.render.goalmap.model import COLOUR, LEGEND_ID, GoalMap, MapCard
from vaultgoals.core.render.markdown import esc

LEGEND_LABEL = "Goal map colours (vaultgoals)"


@dataclass(frozen=True, slots=True)
class Fresh:
    """The map's nodes and edges as drawn afresh."""

    nodes: list[dict[str, Any]]  # the legend group first (groups lie under cards)
    edges: list[dict[str, Any]]
    anchor: dict[str, str]  # card id -> the card it is placed relative to (its parent)
    colours: dict[str, str]  # card id -> the colour vaultgoals gives it ("" for none)


def _target(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


def line_link(card: MapCard) -> str:
    """A link to the line a card stands for: to its block when it has a block id, else to
    its note (the card's title is the line's text)."""
    target = _target(card.path).replace("[", "").replace("]", "").replace("|", "")
    name = target.rsplit("/", 1)[-1]
    sub = f"#^{card.block}" if card.block else ""
    return f"[[{target}{sub}|{name}]]"


def card_text(card: MapCard) -> str:
    return f"{esc(card.title)}\n\n{line_link(card)}"


def _rect(node: dict[str, Any], rect: tuple[int, int, int, int]) -> dict[str, Any]:
    node["x"], node["y"], node["width"], node["height"] = rect
    return node


def card_node(card: MapCard) -> dict[str, Any]:
    """The card's node without its place (`x`, `y`, `width`, `height`) and colour: the parts
    vaultgoals keeps current on a card it made."""
    if card.inline:
        return {"id": card.id, "type": "text", "text": card_text(card)}
    return {"id": card.id, "type": "file", "file": card.path}


def fresh_canvas(gm: GoalMap, placed: Layout | None = None) -> Fresh:
    """The map as nodes and edges, laid out afresh (`placed`: a layout of `gm` already made)."""
    placed = placed or layout(gm)
    rects = placed.rects
    nodes: list[dict[str, Any]] = [
        _rect({"id": LEGEND_ID, "type": "group", "label": LEGEND_LABEL}, rects[LEGEND_ID])]
    colours: dict[str, str] = {LEGEND_ID: ""}
    anchor: dict[str, str] = {}
    for ident, _, colour, words in legend_ids():
        node = _rect({"id": ident, "type": "text", "text": words}, rects[ident])
        if colour:
            node["color"] = colour
        nodes.append(node)
        colours[ident] = colour
        anchor[ident] = LEGEND_ID
    for card in gm.cards:
        node = _rect(card_node(card), rects[card.id])
        colour = COLOUR[card.state]
        if colour:
            node["color"] = colour
        colours[card.id] = colour
        nodes.append(node)
        parent = card.beside or card.parent
        if parent is not None:
            anchor[card.id] = parent
    edges: list[dict[str, Any]] = []
    for line in gm.lines:
        from_side, to_side = placed.sides[line.id]
        edge: dict[str, Any] = {"id": line.id, "fromNode": line.from_id, "fromSide": from_side,
                                "toNode": line.to_id, "toSide": to_side}
        if line.label:
            edge["label"] = line.label
        edges.append(edge)
    return Fresh(nodes, edges, anchor, colours)
