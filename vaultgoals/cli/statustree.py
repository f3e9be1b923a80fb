"""The rich tree `vaultgoals status` prints: vision → goals → milestones, with bars. A goal
with a deadline gets a pace marker in its bar (`┃`: where its plan, the straight line from
its start to 100 % at the deadline, says it should be today; the same plan its burn-up
draws), green when the progress has reached it, yellow when it is behind."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from vaultgoals.core.graph import Graph, Node
from vaultgoals.core.insights import Leaves
from vaultgoals.core.render.bars import bar, pace_bar
from vaultgoals.core.render.charts import burnup_of, first_snapshot, history_before

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


Snapshots = Mapping[str, tuple[tuple[str, float], ...]]


def node_label(node: Node, plan: float | None = None) -> Text:
    """One node's line: its bar (with the pace marker at `plan`, where its plan says it
    should be today), percent, state, deadline, and how it is counted."""
    label, style = STATE_STYLE.get(node.state, (node.state, ""))
    text = Text()
    text.append(f"{KIND_ICON.get(node.kind, '•')} ")
    text.append(node.title, style="bold" if node.kind in ("vision", "goal") else "")
    text.append("  ")
    if plan is None:
        text.append(bar(node.progress), style=style or None)
    else:
        drawn, at = pace_bar(node.progress, plan)
        text.append(drawn[:at], style=style or None)
        text.append(drawn[at], style="bold green" if node.progress >= plan else "bold yellow")
        text.append(drawn[at + 1:], style=style or None)
    text.append(f" {node.progress * 100:3.0f}%  ")
    text.append(label, style=style or None)
    if node.deadline is not None:
        text.append(f"  due {node.deadline.isoformat()}", style="dim")
    if plan is not None:
        text.append(f" · plan {plan * 100:.0f}% today", style="dim")
    text.append(f"\n{node.explain}", style="dim")
    return text


class _Plans:
    """Where each node's plan says it should be today: its burn-up's plan (from its start,
    else its first snapshot or reconstructed day, to 100 % at the deadline)."""

    def __init__(self, graph: Graph, snapshots: Snapshots) -> None:
        self.graph, self.snapshots, self.leaves = graph, snapshots, Leaves(graph)

    def __call__(self, node: Node) -> float | None:
        """None: no deadline, or finished."""
        if node.deadline is None or node.state in ("done", "dropped", "paused"):
            return None
        today = self.graph.today
        rows = self.snapshots.get(node.key, ())
        b = burnup_of(node, rows, today, None, history_before(
            self.graph, node, first_snapshot(rows, today), self.leaves))
        return None if b is None else b.plan_on(today)


def status_tree(graph: Graph, no_goals: list[str] | None = None,
                snapshots: Snapshots | None = None) -> Group:
    """The tree; `no_goals`: the lines to show when there is no goal (render/explain.py);
    `snapshots`: the journal's (`JournalView.snapshots`), where a goal's plan starts when
    it declares no `start`."""
    plan = _Plans(graph, snapshots or {})
    trees: list[Tree | Text] = []
    if not graph.roots:
        lines = no_goals or ["No goals found. See docs/goals.md for how to write them."]
        trees.append(Text("\n".join(lines), style="yellow"))
    for key in graph.roots:
        root = graph.nodes[key]
        tree = Tree(node_label(root, plan(root)), guide_style="dim")
        stack = [(tree, c) for c in reversed(root.children)]
        while stack:
            parent_tree, child_key = stack.pop()
            child = graph.nodes[child_key]
            branch = parent_tree.add(node_label(child, plan(child)))
            stack.extend((branch, c) for c in reversed(child.children))
        trees.append(tree)
    refs = graph.tasks
    open_n = sum(1 for r in refs if r.is_open)
    done_n = sum(1 for r in refs if r.is_done)
    trees.append(Text(f"\n{len(refs)} tasks: {open_n} open, {done_n} done · "
                      f"{sum(1 for r in refs if r.goal)} count toward a goal · "
                      f"today is {graph.today.isoformat()}", style="dim"))
    return Group(*trees)
