"""The roll-up: every node's progress, a one-line explanation of it, and its state.

Children before parents: a goal's progress is its own leaf tasks and its children's; a
weighted mean where weights are given (and always for a vision); `target`/`progress` for a
measurable goal; a commitment's count in its current period. docs/goals.md says the rules
in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from vaultgoals.core.commitments import status_of
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import OPEN_TYPES, CommitmentStatus, Node, TaskRef
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.words import counted


def rollup(
    nodes: Mapping[str, Node], walked: Sequence[tuple[int, Node]], own: Mapping[str, TaskRef],
    resolver: LinkResolver, today: date, config: Config,
) -> dict[tuple[str, str], CommitmentStatus]:
    """Compute progress, explanation and state for every node, children before parents
    (`walked`: the nodes depth-first from the roots). Returns every commitment's status,
    keyed by (node key, week start)."""
    statuses: dict[tuple[str, str], CommitmentStatus] = {}
    first_day = config.first_day
    # over each node's subtree tasks (its own task aside): open, blocked, last completion
    subtree: dict[str, tuple[int, int, str | None]] = {}
    for _, node in reversed(walked):
        key = node.key
        kids = [k for k in map(nodes.__getitem__, node.children)
                if k.declared != "dropped" and k.kind not in ("commitment", "skill")
                ] if node.children else []
        # over the node's own tasks: countable leaves (done ones), open and blocked tasks
        own_leaves = own_done = n_open = n_blocked = 0
        stamp = ""  # the latest completion
        for t in node.tasks:
            stype = t.status_type
            if stype in OPEN_TYPES:
                n_open += 1
                n_blocked += t.blocked
                own_leaves += t.is_leaf
            elif stype == "DONE":
                own_leaves += t.is_leaf
                own_done += t.is_leaf
            if t.completed_on and t.completed_on > stamp:
                stamp = t.completed_on
        done, total = own_done, own_leaves
        for k in kids:
            if k.total_leaves == 0:
                total += 1
                done += 1 if k.state == "done" else 0
            else:
                done += k.done_leaves
                total += k.total_leaves
        own_task = own.get(node.key) if node.inline else None
        if total == 0 and own_task is not None and own_task.counts:
            total, done = 1, 1 if own_task.is_done else 0
        node.done_leaves, node.total_leaves = done, total
        for k in kids:  # (a milestone note marked done is activity too)
            if k.state == "done" and k.completed is not None and k.completed.isoformat() > stamp:
                stamp = k.completed.isoformat()
        for child in node.children:  # (every child: commitments and dropped ones too)
            c_open, c_blocked, c_last = subtree[child]
            n_open, n_blocked = n_open + c_open, n_blocked + c_blocked
            if c_last is not None and c_last > stamp:
                stamp = c_last
        if own_task is not None and own_task.is_open:  # (an inline node's own line is
            n_open += 1  # work left in it, and in what it sits under)
            n_blocked += own_task.blocked
        subtree[key] = n_open, n_blocked, stamp or None
        node.open_tasks, node.blocked_tasks = n_open, n_blocked
        node.last_activity = subtree[key][2]
        parts: list[str] = []
        if kids:
            milestones = [k for k in kids if k.kind == "milestone"]
            goals = [k for k in kids if k.kind == "goal"]
            if milestones:
                parts.append(f"{sum(1 for k in milestones if k.state == 'done')} of "
                             f"{counted(len(milestones), 'milestone')}")
            if goals:
                parts.append(f"{sum(1 for k in goals if k.state == 'done')} of "
                             f"{counted(len(goals), 'goal')} done")
        weighted = node.kind == "vision" or (bool(kids)
                                             and any(k.weight is not None for k in kids))
        if node.kind == "commitment" and node.every:
            status = status_of(nodes, resolver, today, node, first_day, own_task)
            statuses[(node.key, first_day)] = status
            node.progress = min(1.0, status.count / node.quota) if node.quota else 1.0
            node.explain = status.explain
            node.state = "met" if status.count >= node.quota else "behind"
            if node.declared in ("paused", "dropped"):
                node.state = node.declared
            continue
        if node.declared == "done":
            node.progress = 1.0
            parts.insert(0, "marked done")
            if total and not (node.inline and not node.tasks and not kids):
                parts.append(f"{done} of {counted(total, 'task')}")
        elif node.target is not None:
            amount = node.amount or 0.0
            node.progress = max(0.0, min(1.0, amount / node.target))
            unit = f" {node.unit}" if node.unit else ""
            parts.insert(0, f"{_fmt_num(amount)} of {_fmt_num(node.target)}{unit}")
        elif weighted and kids:
            pairs = [(k.weight if k.weight is not None else 1.0, k.progress) for k in kids]
            if own_leaves:
                pairs.append((1.0, own_done / own_leaves))
            wsum = sum(w for w, _ in pairs)
            node.progress = sum(w * p for w, p in pairs) / wsum if wsum > 0 else 0.0
            what, many = ("goal", "goals") if node.kind == "vision" else ("child", "children")
            parts.append(f"the progress of its one {what}" if len(pairs) == 1
                         else f"weighted mean of {counted(len(pairs), what, many)}")
            if own_leaves:
                parts.append(f"{own_done} of {counted(own_leaves, 'own task')}")
        else:
            node.progress = done / total if total else 0.0
            if node.inline and own_task is not None and total == 1 and not node.tasks:
                parts.append("done" if done else "not done yet")
            else:
                parts.append(f"{done} of {counted(total, 'task')}" if total else "no tasks yet")
        node.explain = " · ".join(parts)
        node.state = _state(node, today)
        if (node.state == "done" and node.completed is None and node.declared == "active"
                and node.last_activity is not None):
            node.completed = date.fromisoformat(node.last_activity)  # (its last step's day)
    return statuses


def _state(node: Node, today: date) -> str:
    if node.declared in ("dropped", "paused", "done"):
        return node.declared
    if node.target is not None and node.amount is not None and node.amount >= node.target:
        return "done"
    if (node.kind in ("goal", "milestone") and node.open_tasks == 0 and node.total_leaves
            and node.progress >= 1.0):
        return "done"  # every step done (cancelled ones aside)
    if node.deadline is not None and node.deadline < today:
        return "overdue"
    if node.kind in ("vision", "skill"):
        return "active"
    if node.open_tasks and node.blocked_tasks == node.open_tasks:
        return "blocked"
    if node.open_tasks == 0:
        return "stuck"
    return "active"


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
