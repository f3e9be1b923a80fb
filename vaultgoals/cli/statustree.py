"""The rich tree `vaultgoals status` prints: vision → goals → milestones, with bars."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from vaultgoals.core.graph import Graph, Node
from vaultgoals.core.render.bars import bar

STATE_STYLE = {
    "done": ("✔ done", "green"),
    "active": ("● active", "cyan"),
    "overdue": ("⚠ overdue", "red"),
    "blocked": ("⛔ blocked", "magenta"),
    "stuck": ("◌ stuck", "yellow"),
    "paused": ("⏸ paused", "dim"),
    "dropped": ("✖ dropped", "dim"),
    "met": ("✔ met", "green"),
    "behind": ("⚠ behind", "yellow"),
}
KIND_ICON = {"vision": "🔭", "goal": "🎯", "milestone": "🏁", "skill": "🧠", "commitment": "🔁"}


def node_label(node: Node) -> Text:
    label, style = STATE_STYLE.get(node.state, (node.state, ""))
    text = Text()
    text.append(f"{KIND_ICON.get(node.kind, '•')} ")
    text.append(node.title, style="bold" if node.kind in ("vision", "goal") else "")
    text.append("  ")
    text.append(bar(node.progress), style=style or None)
    text.append(f" {node.progress * 100:3.0f}%  ")
    text.append(label, style=style or None)
    if node.deadline is not None:
        text.append(f"  due {node.deadline.isoformat()}", style="dim")
    text.append(f"\n{node.explain}", style="dim")
    return text


def status_tree(graph: Graph, no_goals: list[str] | None = None) -> Group:
    """The tree; `no_goals`: the lines to show when there is no goal (render/explain.py)."""
    trees: list[Tree | Text] = []
    if not graph.roots:
        lines = no_goals or ["No goals found. See docs/goals.md for how to write them."]
        trees.append(Text("\n".join(lines), style="yellow"))
    for key in graph.roots:
        root = graph.nodes[key]
        tree = Tree(node_label(root), guide_style="dim")
        stack = [(tree, c) for c in reversed(root.children)]
        while stack:
            parent_tree, child_key = stack.pop()
            child = graph.nodes[child_key]
            branch = parent_tree.add(node_label(child))
            stack.extend((branch, c) for c in reversed(child.children))
        trees.append(tree)
    refs = graph.tasks
    open_n = sum(1 for r in refs if r.is_open)
    done_n = sum(1 for r in refs if r.is_done)
    trees.append(Text(f"\n{len(refs)} tasks: {open_n} open, {done_n} done · "
                      f"{sum(1 for r in refs if r.goal)} count toward a goal · "
                      f"today is {graph.today.isoformat()}", style="dim"))
    return Group(*trees)
