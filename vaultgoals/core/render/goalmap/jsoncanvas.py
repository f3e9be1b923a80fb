"""JSON Canvas 1.0 (jsoncanvas.org/spec/1.0): reading a canvas file, writing one the way
Obsidian does, and checking one against the spec.

Written as Obsidian writes a canvas (tab-indented, one node or edge per line, compact, keys
in their order), so a canvas Obsidian saved and vaultgoals rewrote differs only where
something changed. Keys the spec does not name are kept as they are: on a node, an edge and
at the top level (Obsidian's own API types allow any further key "for forward
compatibility"; plugins and newer Obsidian versions add some, e.g. `metadata`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

NODE_TYPES = ("text", "file", "link", "group")
SIDES = ("top", "right", "bottom", "left")
ENDS = ("none", "arrow")
PRESETS = ("1", "2", "3", "4", "5", "6")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\Z|#[0-9A-Fa-f]{3}\Z")
# what each node type requires besides the generic fields
_REQUIRED = {"text": ("text",), "file": ("file",), "link": ("url",), "group": ()}

Canvas = dict[str, Any]


class CanvasError(ValueError):
    """A canvas file that cannot be read as JSON Canvas: `line` says where (1 if unknown)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def parse_canvas(text: str) -> Canvas:
    """A canvas file's text as a dict with `nodes` and `edges` lists (either may be missing
    in the file: the spec makes both optional). `CanvasError` when it is not JSON, not an
    object, or its `nodes`/`edges` are not lists of objects with a string `id`: nothing of
    such a file can be merged without risking what the user put in it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CanvasError(f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})",
                          exc.lineno) from None
    except RecursionError:
        raise CanvasError("nested too deeply to be a canvas") from None
    if not isinstance(data, dict):
        raise CanvasError("not a JSON Canvas: the file is not a JSON object")
    for key in ("nodes", "edges"):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise CanvasError(f"not a JSON Canvas: '{key}' is not a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise CanvasError(f"not a JSON Canvas: {key}[{i}] has no string 'id'")
    return data


def _one_line(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def dump_canvas(canvas: Canvas) -> str:
    """The canvas as text, laid out as Obsidian writes one: its top-level keys in their
    order (`nodes` and `edges` added at the end where missing), each node and edge on a
    line of its own, other values compact on one line; no newline at the end."""
    keys = list(canvas) + [k for k in ("nodes", "edges") if k not in canvas]
    parts: list[str] = []
    for key in keys:
        if key in ("nodes", "edges"):
            items = canvas.get(key, [])
            body = ",\n".join("\t\t" + _one_line(item) for item in items)
            parts.append(f'\t"{key}":[\n{body}\n\t]' if items else f'\t"{key}":[]')
        else:
            parts.append(f"\t{_one_line(key)}:{_one_line(canvas[key])}")
    return "{\n" + ",\n".join(parts) + "\n}"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_colour(value: Any) -> bool:
    """A `canvasColor`: a preset "1"–"6" or a hex colour."""
    return isinstance(value, str) and (value in PRESETS or _HEX.match(value) is not None)


def _node_problems(i: int, node: Any) -> list[str]:
    if not isinstance(node, dict):
        return [f"nodes[{i}] is not an object"]
    out: list[str] = []
    where = f"node {node.get('id', i)!r}"
    if not isinstance(node.get("id"), str) or not node.get("id"):
        out.append(f"nodes[{i}] has no string id")
    kind = node.get("type")
    if kind not in NODE_TYPES:
        out.append(f"{where}: type {kind!r} is none of {', '.join(NODE_TYPES)}")
    for key in ("x", "y", "width", "height"):
        if not _is_int(node.get(key)):
            out.append(f"{where}: {key} is not an integer")
    for key in _REQUIRED.get(str(kind), ()):
        if not isinstance(node.get(key), str):
            out.append(f"{where}: a {kind} node needs a string '{key}'")
    if "color" in node and not is_colour(node["color"]):
        out.append(f"{where}: color {node['color']!r} is neither a preset nor a hex colour")
    subpath = node.get("subpath")
    if subpath is not None and not (isinstance(subpath, str) and subpath.startswith("#")):
        out.append(f"{where}: subpath must start with '#'")
    if kind == "group" and node.get("backgroundStyle") not in (None, "cover", "ratio",
                                                                "repeat"):
        out.append(f"{where}: backgroundStyle is not cover, ratio or repeat")
    return out


def _edge_problems(i: int, edge: Any, node_ids: set[str]) -> list[str]:
    if not isinstance(edge, dict):
        return [f"edges[{i}] is not an object"]
    out: list[str] = []
    where = f"edge {edge.get('id', i)!r}"
    if not isinstance(edge.get("id"), str) or not edge.get("id"):
        out.append(f"edges[{i}] has no string id")
    for end in ("fromNode", "toNode"):
        if edge.get(end) not in node_ids:
            out.append(f"{where}: {end} {edge.get(end)!r} is no node of the canvas")
    for key, allowed in (("fromSide", SIDES), ("toSide", SIDES), ("fromEnd", ENDS),
                         ("toEnd", ENDS)):
        if key in edge and edge[key] not in allowed:
            out.append(f"{where}: {key} {edge[key]!r} is none of {', '.join(allowed)}")
    if "color" in edge and not is_colour(edge["color"]):
        out.append(f"{where}: color {edge['color']!r} is neither a preset nor a hex colour")
    if "label" in edge and not isinstance(edge["label"], str):
        out.append(f"{where}: label is not a string")
    return out


def canvas_problems(canvas: Any) -> list[str]:
    """Where `canvas` breaks JSON Canvas 1.0: required fields and their types, node types,
    ids unique across nodes and edges, edge ends that are nodes of the canvas, sides and
    ends from the spec's lists, colours a preset or hex. Empty: a valid canvas."""
    if not isinstance(canvas, dict):
        return ["the canvas is not a JSON object"]
    nodes, edges = canvas.get("nodes", []), canvas.get("edges", [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        return ["'nodes' and 'edges' must be lists"]
    out: list[str] = []
    for i, node in enumerate(nodes):
        out.extend(_node_problems(i, node))
    node_ids = {n["id"] for n in nodes if isinstance(n, dict) and isinstance(n.get("id"), str)}
    for i, edge in enumerate(edges):
        out.extend(_edge_problems(i, edge, node_ids))
    counts = Counter(x["id"] for x in [*nodes, *edges]
                     if isinstance(x, dict) and isinstance(x.get("id"), str))
    out.extend(f"id {d!r} is used more than once" for d, n in sorted(counts.items()) if n > 1)
    return out
