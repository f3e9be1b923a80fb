"""The JSON shapes of `vaultgoals status --json` and `vaultgoals tasks --json`.

Both are documented in docs/json.md; change them only together with that page and bump
`STATUS_SCHEMA` when a field changes meaning or disappears.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from operator import attrgetter
from typing import Any

from vaultgoals.core.commitments import commitment_status
from vaultgoals.core.config import Config
from vaultgoals.core.graph import OPEN_TYPES, Graph, Node, TaskRef
from vaultgoals.core.model import Problem
from vaultgoals.core.reassess import is_not_started, tied
from vaultgoals.core.revisions import Memory, describe

STATUS_SCHEMA = "vaultgoals.status/1"


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


class _Titles(Mapping[str, str]):
    """Node key → title, looked up in the graph when asked (a revision names a parent)."""

    def __init__(self, nodes: Mapping[str, Node]) -> None:
        self._nodes = nodes

    def __getitem__(self, key: str) -> str:
        return self._nodes[key].title

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)


def memory_json(graph: Graph, node: Node, memory: Memory) -> dict[str, Any]:
    """A goal's fields from memory: its revisions and decisions (oldest first), whether it
    serves a vision, whether it has started (docs/json.md)."""
    revs = memory.revisions.get(node.key, ())
    names = _Titles(graph.nodes)
    return {
        "revisions": [{"day": r.day, "field": r.field, "old": r.old or None,
                       "new": r.new or None, "said": describe(r, revs, names, node.unit)}
                      for r in revs],
        "decisions": [{"day": d.day, "week": d.week, "option": d.option,
                       "detail": d.detail, "applied": d.applied or None}
                      for d in memory.decisions.get(node.key, ())],
        "first_seen": memory.first_seen.get(node.key) or None,
        "tied_to_vision": tied(graph, node),
        "not_started": is_not_started(node),
    }


def node_json(graph: Graph, node: Node, config: Config,
              memory: Memory | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": node.key,
        "title": node.title,
        "kind": node.kind,
        "path": node.path,
        "line": node.line,
        "state": node.state,
        "progress": round(node.progress, 4),
        "explain": node.explain,
        "deadline": _iso(node.deadline),
        "start": _iso(node.start),
        "completed": _iso(node.completed),
        "done_tasks": node.done_leaves,
        "total_tasks": node.total_leaves,
        "open_tasks": node.open_tasks,
        "last_activity": node.last_activity,
    }
    if node.target is not None:
        out["measure"] = {"amount": node.amount or 0, "target": node.target, "unit": node.unit}
    if node.kind == "commitment" and node.every:
        st = commitment_status(graph, node, config)
        out["commitment"] = {
            "every": node.every,
            "quota": node.quota,
            "count_mode": node.count_mode,
            "period": st.current.label,
            "count": st.count,
            "streak": st.streak,
        }
    if node.skills:
        out["skills"] = [graph.nodes[s].title for s in node.skills]
    if node.kind == "goal":
        out.update(memory_json(graph, node, memory or Memory()))
    out["children"] = [node_json(graph, graph.nodes[c], config, memory)
                       for c in node.children]
    return out


def problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"path": p.path, "line": p.line, "message": p.message} for p in problems]


def status_json(
    graph: Graph, config: Config, problems: list[Problem], conflicts: list[str],
    memory: Memory | None = None,
) -> dict[str, Any]:
    """`memory`: the journal's memory of goals (their revisions and decisions)."""
    refs = graph.tasks
    # (counted at C speed: a 10k-note vault has ~70,000 tasks)
    types = Counter(map(attrgetter("status_type"), refs))
    goals = list(map(attrgetter("goal"), refs))
    return {
        "schema": STATUS_SCHEMA,
        "today": graph.today.isoformat(),
        "goals": [node_json(graph, graph.nodes[k], config, memory) for k in graph.roots],
        "tasks": {
            "total": len(refs),
            "open": sum(types[t] for t in OPEN_TYPES),
            "done": types["DONE"],
            "counted_toward_goals": len(goals) - goals.count(None),
        },
        "conflict_copies": conflicts,
        "warnings": problems_json(problems),
    }


def task_json(ref: TaskRef, graph: Graph) -> dict[str, Any]:
    f = ref.task.fields
    goal = graph.nodes.get(ref.goal) if ref.goal else None
    return {
        "path": ref.path,
        "line": ref.task.line,
        "status": ref.task.status,
        "status_type": ref.status_type,
        "description": f.description,
        "parent_line": ref.task.parent_line,
        "due": f.due,
        "scheduled": f.scheduled,
        "start": f.start,
        "created": f.created,
        "done": f.done,
        "cancelled": f.cancelled,
        "priority": f.priority,
        "recurrence": f.recurrence,
        "id": f.id or None,
        "depends_on": list(f.depends_on),
        "tags": ["#" + t.lstrip("#") for t in f.tags],
        "links": [link.target for link in f.links],
        "goal": goal.key if goal else None,
        "goal_title": goal.title if goal else None,
        "completed_on": ref.completed_on,
    }
