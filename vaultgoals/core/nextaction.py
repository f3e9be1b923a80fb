"""A goal's next action: the first open task under it, as the weekly review lists it."""

from __future__ import annotations

from vaultgoals.core.graphmodel import OPEN_TYPES, Graph, Node, TaskRef


def next_action(graph: Graph, node: Node) -> TaskRef | None:
    """The first open task under the node (not blocked, in its own note first); an open
    milestone or goal written as a list item with no open step of its own is one too."""
    found = [r for r in graph.subtree_tasks(node.key)
             if r.status_type in OPEN_TYPES and r.node is None]
    stack = list(node.children)
    while stack:
        kid = graph.nodes[stack.pop()]
        stack.extend(kid.children)
        own = graph.own_task(kid)
        if (own is not None and own.status_type in OPEN_TYPES
                and kid.kind in ("goal", "milestone")
                and not any(t.status_type in OPEN_TYPES for t in kid.tasks)):
            found.append(own)
    # the min by (blocked, not in its own note, path, line), one key at a time: the same
    # task (the first of equal keys, as `min` gives), with the last key asked of fewer
    if not found:
        return None
    found = [r for r in found if not r.blocked] or found
    path = node.path
    found = [r for r in found if r.path == path] or found
    return min(found, key=_place)


def _place(r: TaskRef) -> tuple[str, int]:
    return r.path, r.task.line
