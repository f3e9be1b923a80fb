"""What a review gathers once per graph from each node's children gives what the rule for
one node gives: `Leaves` (countable leaves by day) is `leaf_days`, whichever node is asked
first."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import DATA, SAMPLE, graph_of
from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import GraphCache, build_graph
from vaultgoals.core.graphmodel import Graph, Node, TaskRef
from vaultgoals.core.insights import Leaves, _due_items, leaf_days
from vaultgoals.core.nextaction import next_action
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.store.settings import load_config

TODAY = date(2026, 11, 20)
VAULTS = [SAMPLE, *sorted(p for p in (DATA / "vaults").iterdir() if p.is_dir())]


def _graph(root: Path) -> Graph:
    config = load_config(root) if (root / ".vaultgoals.yaml").exists() else Config()
    files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(root.rglob("*.md")) if ".vaultgoals" not in p.parts}
    return graph_of(files, TODAY, config)


@pytest.mark.parametrize("root", VAULTS, ids=lambda p: p.name)
def test_leaves_are_each_nodes_leaf_days(root: Path) -> None:
    graph = _graph(root)
    shared = Leaves(graph)
    for key in reversed(list(graph.nodes)):  # (parents and children in either order)
        node = graph.nodes[key]
        found = leaf_days(graph, node)
        want = (sorted(d for _, d in found if d is not None), sorted(s for s, _ in found))
        assert shared.days(node) == want, key
        assert Leaves(graph).days(node) == want, key


def test_a_milestone_without_steps_counts_once_and_done_when_done() -> None:
    graph = graph_of({
        "G.md": "---\ntype: goal\n---\n- [x] Plan #milestone ✅ 2026-11-02\n"
                "- [ ] Build #milestone\n  - [x] a ✅ 2026-11-03\n  - [ ] b\n",
    }, TODAY)
    assert Leaves(graph).days(graph.nodes["G.md"]) == (["2026-11-02", "2026-11-03"],
                                                     ["", "", ""])


def test_leaves_follow_an_edit_through_a_kept_graph_build() -> None:
    """A goal's leaves are memoised by its task records: a note edited (a task ticked, one
    added) makes new records, and the days follow; an unchanged note's records are
    reused, and so are their days."""
    config = Config()
    texts = {"G.md": "---\ntype: goal\n---\n- [ ] a\n- [ ] b ➕ 2026-11-02\n",
             "Daily/2026-11-10.md": "- [x] c [[G]] ✅ 2026-11-10\n"}
    cache = GraphCache()

    def days() -> tuple[list[str], list[str]]:
        docs = {p: read_conventions(parse_note(p, t, config.cue_words), config).slim()
                for p, t in texts.items()}
        graph = build_graph(docs, config, TODAY, None, cache)
        node = graph.nodes["G.md"]
        found = leaf_days(graph, node)
        assert Leaves(graph).days(node) == (sorted(d for _, d in found if d is not None),
                                            sorted(s for s, _ in found))
        return Leaves(graph).days(node)

    assert days() == (["2026-11-10"], ["", "2026-11-02", "2026-11-10"])
    texts["G.md"] = texts["G.md"].replace("- [ ] a", "- [x] a ✅ 2026-11-12")
    assert days() == (["2026-11-10", "2026-11-12"], ["", "2026-11-02", "2026-11-10"])
    texts["Daily/2026-11-10.md"] += "- [ ] d [[G]]\n"
    assert days() == (["2026-11-10", "2026-11-12"],
                      ["", "2026-11-02", "2026-11-10", "2026-11-10"])


def _due_by_walk(graph: Graph, today: date, soon_days: int) -> list[tuple[object, ...]]:
    """The overdue and due-soon rows as the rule says them: each active goal's and
    milestone's open tasks (not nodes themselves) due by the horizon, node by node."""
    horizon = today + timedelta(days=soon_days)
    rows = []
    for _, node in graph.walk():
        if node.kind not in ("goal", "milestone") or node.state in ("done", "dropped",
                                                                     "paused"):
            continue
        rows += [(r.due_day, r.path, r.task.line, node.key) for r in node.tasks
                 if r.due_day is not None and r.due_day <= horizon and r.node is None
                 and r.is_open]
    return sorted(rows)


@pytest.mark.parametrize("root", VAULTS, ids=lambda p: p.name)
@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2025, 1, 1), date(2027, 6, 1)])
def test_due_items_are_each_goals_open_tasks_due(root: Path, day: date) -> None:
    """The due tasks `_due_items` takes from the graph's due index are the ones each
    node's tasks hold, as many, and listed (the limit aside) in the rule's order."""
    graph = _graph(root)
    want = _due_by_walk(graph, day, 7)
    late, n_late, soon, n_soon = _due_items(graph, day, 7, 10_000)
    got = sorted((i.due, i.path, i.line, i.goal.key) for i in (*late, *soon)
                 if i.kind == "task")
    assert [(d, p, n) for d, p, n, _ in got] == [(d, p, n) for d, p, n, _ in want]
    assert n_late + n_soon == len(got) + sum(1 for i in (*late, *soon) if i.kind != "task")


def _next_action_by_rule(graph: Graph, node: Node) -> TaskRef | None:
    """The next action as docs say it: of the open tasks under the node (not nodes
    themselves) and the open inline goals and milestones below it with no open task of
    their own, the unblocked ones if any, those in the node's own note if any, then the
    first by path and line."""
    found = [r for r in graph.subtree_tasks(node.key) if r.is_open and r.node is None]
    stack = list(node.children)
    while stack:
        kid = graph.nodes[stack.pop()]
        stack.extend(kid.children)
        own = graph.own_task(kid)
        if (own is not None and own.is_open and kid.kind in ("goal", "milestone")
                and not any(t.is_open for t in kid.tasks)):
            found.append(own)
    if not found:
        return None
    found = [r for r in found if not r.blocked] or found
    found = [r for r in found if r.path == node.path] or found
    return min(found, key=lambda r: (r.path, r.task.line))


@pytest.mark.parametrize("root", VAULTS, ids=lambda p: p.name)
def test_next_action_is_the_rules_task(root: Path) -> None:
    """`next_action` picks the task the rule, written out here, picks."""
    graph = _graph(root)
    for node in graph.nodes.values():
        assert next_action(graph, node) is _next_action_by_rule(graph, node), node.key


def test_next_action_of_an_inline_milestone_with_open_steps_is_a_step() -> None:
    graph = graph_of({
        "G.md": "---\ntype: goal\n---\n- [ ] Build #milestone\n  - [ ] b\n"
                "- [ ] Ship #milestone\n  - [x] c ✅ 2026-11-03\n",
    }, TODAY)
    found = next_action(graph, graph.nodes["G.md"])
    assert found is not None and found.task.fields.description == "b"
    assert found is _next_action_by_rule(graph, graph.nodes["G.md"])
