"""Putting the goal map into the canvas the user already has: once written, it is theirs.

- A card or line vaultgoals made has an id starting with `vg-` (the only marker: Obsidian
  keeps a node's unknown keys today, but nothing promises that a save keeps them). Every
  other node and edge is the user's and is kept exactly as it is.
- A card of ours keeps the place and size it has (the user may have dragged it) and every
  key it has; vaultgoals updates only what the card shows (its note or its text) and its
  colour, and the colour only while the user has not changed it (`Memory`).
- A card or line of ours that the user deleted stays deleted (`Memory.deleted`); one whose
  goal is gone is removed, with the user's lines to it (a line to no card breaks the file).
- A new card is placed where the fresh layout puts it relative to its parent, wherever the
  user dragged the parent, in the nearest free space (`free_spot`): it overlaps no card or
  group, except a group the parent is in (a new milestone joins its goal's group).
- A goal note the user renamed keeps its card: Obsidian rewrites the `file` of every card
  on a rename, and a card of ours showing the renamed note is that goal's card.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vaultgoals.core.render.goalmap.build import Fresh
from vaultgoals.core.render.goalmap.jsoncanvas import PRESETS, Canvas
from vaultgoals.core.render.goalmap.model import ID_PREFIX

GAP = 40  # free space kept around a newly placed card
MAX_ROWS = 200  # rows searched above and below a new card's place (one always fits)
USERS = "!"  # in Memory.colours: the user changed this card's colour; it is theirs now

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Memory:
    """What vaultgoals wrote last time, kept in the journal between runs: the id of every
    card and line of ours with the colour vaultgoals gave it (`USERS`: the user's colour),
    the ids of ours the user deleted, and when it last wrote the file (its mtime in ns, set
    by the app: a save right after it may be an editor's older copy, not a deletion)."""

    colours: dict[str, str] = field(default_factory=dict)
    deleted: frozenset[str] = frozenset()
    wrote_ns: int = 0

    def dumps(self) -> str:
        return json.dumps({"colours": self.colours, "deleted": sorted(self.deleted),
                           "wrote_ns": self.wrote_ns}, sort_keys=True, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str | None) -> Memory:
        """A memory from its text; an empty one from none or from text it cannot read."""
        try:
            data = json.loads(text or "{}")
            colours = {str(k): str(v) for k, v in dict(data.get("colours", {})).items()}
            return cls(colours, frozenset(str(x) for x in data.get("deleted", [])),
                       int(data.get("wrote_ns", 0)))
        except (ValueError, TypeError, AttributeError):
            return cls()


@dataclass(frozen=True, slots=True)
class Merged:
    canvas: Canvas
    memory: Memory
    added: int  # cards of ours newly placed
    removed: int  # cards of ours removed (their goal is gone)


def ours(item: Any) -> bool:
    return isinstance(item, dict) and str(item.get("id", "")).startswith(ID_PREFIX)


def _box(node: dict[str, Any]) -> Box | None:
    try:
        box = (int(node["x"]), int(node["y"]), int(node["width"]), int(node["height"]))
    except (KeyError, TypeError, ValueError):
        return None
    return box


def _inside(inner: Box, outer: Box) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1]
            and inner[0] + inner[2] <= outer[0] + outer[2]
            and inner[1] + inner[3] <= outer[1] + outer[3])


def _free_x(w: int, px: int, y: int, h: int, boxes: Iterable[Box]) -> int:
    """The x nearest `px` where a w×h card at `y` keeps GAP from every box."""
    spans = sorted((bx - GAP - w, bx + bw + GAP) for bx, by, bw, bh in boxes
                   if by < y + h + GAP and by + bh + GAP > y)
    merged: list[list[int]] = []
    for lo, hi in spans:  # x is taken when lo < x < hi
        if merged and lo < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    for lo, hi in merged:
        if lo < px < hi:
            return lo if px - lo <= hi - px else hi
    return px


def free_spot(w: int, h: int, px: int, py: int, boxes: list[Box]) -> tuple[int, int]:
    """The free place for a w×h card nearest (px, py): searched row by row (rows a card's
    height apart, nearest first), each row's nearest free x."""
    best: tuple[int, int] | None = None
    best_d = 0.0
    step = h + GAP
    for k in range(MAX_ROWS + 1):
        if best is not None and k * step >= best_d:
            break
        for y in ((py,) if k == 0 else (py + k * step, py - k * step)):
            x = _free_x(w, px, y, h, boxes)
            d = ((x - px) ** 2 + (y - py) ** 2) ** 0.5
            if best is None or d < best_d:
                best, best_d = (x, y), d
    assert best is not None
    return best


def _colour(node: dict[str, Any], want: str, known: str | None) -> str:
    """Set our colour on a card of ours unless the user changed it; what Memory keeps."""
    now = node.get("color")
    if known == USERS:
        return USERS
    if known is not None:
        user_changed = (now or "") != known
    else:  # (no memory of it: a preset or none is ours, another colour the user's)
        user_changed = now is not None and now not in PRESETS
    if user_changed:
        return USERS
    if want:
        node["color"] = want
    else:
        node.pop("color", None)
    return want


def _update(node: dict[str, Any], new: dict[str, Any]) -> None:
    """What a card of ours shows, from `new`; its place, size and other keys stay."""
    for key in ("text", "file", "subpath", "label"):
        if key in node and key not in new:
            del node[key]
    for key, value in new.items():
        if key not in ("x", "y", "width", "height", "color", "id"):
            node[key] = value


def _renames(fresh: Fresh, by_id: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Fresh id -> the id of the card of ours that shows the same note under a new name."""
    wanted = {n["id"] for n in fresh.nodes}
    spare: dict[str, str] = {}
    for ident, node in by_id.items():
        if ours(node) and ident not in wanted and node.get("type") == "file":
            spare.setdefault(str(node.get("file")), ident)
    return {n["id"]: spare[n["file"]] for n in fresh.nodes
            if n["id"] not in by_id and n.get("type") == "file" and n["file"] in spare}


def merge(existing: Canvas | None, fresh: Fresh, memory: Memory,
          trust_deletions: bool = True) -> Merged:
    """The user's canvas (`existing`, None: there is none) with the map put in (see the
    module doc); `memory`: what the last write left (ignored for a canvas that is new).
    `trust_deletions` False: a card of ours missing from `existing` was not deleted by the
    user but lost to an editor saving its older copy over our write; it is put back."""
    if existing is None:
        canvas: Canvas = {"nodes": [dict(n) for n in fresh.nodes],
                          "edges": [dict(e) for e in fresh.edges]}
        return Merged(canvas, Memory(dict(fresh.colours)), len(fresh.nodes), 0)
    old_nodes: list[dict[str, Any]] = list(existing.get("nodes", []))
    by_id = {n["id"]: n for n in old_nodes}
    alias = _renames(fresh, by_id)
    present = set(by_id) | {e["id"] for e in existing.get("edges", [])}
    deleted = set(memory.deleted)
    if trust_deletions:
        deleted |= {i for i in memory.colours if i not in present}
    want = {alias.get(n["id"], n["id"]): n for n in fresh.nodes}
    want = {i: n for i, n in want.items() if i not in deleted}
    colours: dict[str, str] = {}
    nodes: list[dict[str, Any]] = []
    removed: set[str] = set()
    for node in old_nodes:
        if not ours(node):
            nodes.append(node)
        elif node["id"] in want:
            kept = dict(node)
            _update(kept, want[node["id"]])
            fresh_id = want[node["id"]]["id"]
            colours[node["id"]] = _colour(kept, fresh.colours.get(fresh_id, ""),
                                          memory.colours.get(node["id"]))
            nodes.append(kept)
        else:
            removed.add(node["id"])
    new = [(i, n) for i, n in want.items() if i not in by_id]
    placed = _place_new(new, nodes, fresh, alias)
    groups = [n for n in placed if n.get("type") == "group"]
    nodes = groups + nodes + [n for n in placed if n.get("type") != "group"]
    colours.update((n["id"], fresh.colours.get(n["id"], "")) for n in placed)
    edges = _edges(existing, fresh, alias, {n["id"] for n in nodes}, removed, deleted)
    colours.update((e["id"], "") for e in edges if ours(e))
    still = frozenset(deleted & ({n["id"] for n in fresh.nodes} | set(alias.values())
                                 | {e["id"] for e in fresh.edges}))
    out: Canvas = {k: v for k, v in existing.items()}  # (its keys in the file's order)
    out["nodes"], out["edges"] = nodes, edges
    return Merged(out, Memory(colours, still, memory.wrote_ns), len(placed), len(removed))


def _place_new(new: list[tuple[str, dict[str, Any]]], nodes: list[dict[str, Any]],
               fresh: Fresh, alias: dict[str, str]) -> list[dict[str, Any]]:
    """New cards of ours, each placed near its parent's card as it is now (fresh order:
    parents first), in free space."""
    fresh_box = {n["id"]: _box(n) for n in fresh.nodes}
    now: dict[str, Box] = {}
    boxes: list[tuple[Box, bool]] = []  # (box, is a group)
    for node in nodes:
        box = _box(node)
        if box is not None:
            now[node["id"]] = box
            boxes.append((box, node.get("type") == "group"))
    placed: list[dict[str, Any]] = []
    for ident, spec in new:
        fb = fresh_box[spec["id"]]
        assert fb is not None
        _, _, w, h = fb
        parent = fresh.anchor.get(spec["id"])
        pbox = now.get(alias.get(parent, parent)) if parent is not None else None
        pfresh = fresh_box.get(parent) if parent is not None else None
        if pbox is not None and pfresh is not None:  # (below a card: below its bottom,
            px = pbox[0] + fb[0] - pfresh[0]  # wherever the user resized it to)
            below = fb[1] - (pfresh[1] + pfresh[3])
            py = pbox[1] + pbox[3] + below if below >= 0 else pbox[1] + fb[1] - pfresh[1]
        else:
            px, py = fb[0], fb[1]
        obstacles = [b for b, group in boxes
                     if not (group and pbox is not None and _inside(pbox, b))]
        x, y = free_spot(w, h, px, py, obstacles)
        node = dict(spec)
        node["id"] = ident
        node["x"], node["y"] = x, y
        placed.append(node)
        now[ident] = (x, y, w, h)
        boxes.append(((x, y, w, h), node.get("type") == "group"))
    return placed


def _edges(existing: Canvas, fresh: Fresh, alias: dict[str, str], node_ids: set[str],
           removed: set[str], deleted: set[str]) -> list[dict[str, Any]]:
    """The user's edges (less those to a card of ours that was removed), ours that are still
    in the map, and the map's new ones."""
    wanted: dict[str, dict[str, Any]] = {}
    for edge in fresh.edges:
        e = dict(edge)
        e["fromNode"] = alias.get(e["fromNode"], e["fromNode"])
        e["toNode"] = alias.get(e["toNode"], e["toNode"])
        wanted[e["id"]] = e
    out: list[dict[str, Any]] = []
    have: set[str] = set()
    for edge in existing.get("edges", []):
        ends = (edge.get("fromNode"), edge.get("toNode"))
        if not ours(edge):
            if not any(end in removed for end in ends):
                out.append(edge)
            continue
        spec = wanted.get(edge["id"])
        if spec is None or spec["fromNode"] not in node_ids or spec["toNode"] not in node_ids:
            continue
        kept = dict(edge)
        kept["fromNode"], kept["toNode"] = spec["fromNode"], spec["toNode"]
        out.append(kept)
        have.add(edge["id"])
    for ident, spec in wanted.items():
        if (ident not in have and ident not in deleted and spec["fromNode"] in node_ids
                and spec["toNode"] in node_ids):
            out.append(spec)
    return out
