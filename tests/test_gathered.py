"""What a review gathers once per graph from each node's children gives what the rule for
one node gives: `Leaves` (countable leaves by day) is `leaf_days`, and the next actions are
those of the rule's words (`next_action` below), whichever node is asked first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import DATA, SAMPLE, graph_of
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph, Node, TaskRef
from vaultgoals.core.insights import GOAL_KINDS, Leaves, _NextActions, leaf_days
from vaultgoals.store.settings import load_config

TODAY = date(2026, 11, 20)
VAULTS = [SAMPLE, *sorted(p for p in (DATA / "vaults").iterdir() if p.is_dir())]


def _graph(root: Path) -> Graph:
    config = load_config(root) if (root / ".vaultgoals.yaml").exists() else Config()
    files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(root.rglob("*.md")) if ".vaultgoals" not in p.parts}
    return graph_of(files, TODAY, config)


def next_action(graph: Graph, node: Node) -> TaskRef | None:
    """The first open task under the node (not blocked, in its own note first); an open
    milestone or goal written as a list item with no open step of its own is one too."""
    found = [r for r in graph.subtree_tasks(node.key) if r.is_open and r.node is None]
    stack = list(node.children)
    while stack:
        kid = graph.nodes[stack.pop()]
        stack.extend(kid.children)
        own = graph.own_task(kid)
        if (own is not None and own.is_open and kid.kind in GOAL_KINDS
                and not any(t.is_open for t in kid.tasks)):
            found.append(own)
    return min(found, key=lambda r: (r.blocked, r.path != node.path, r.path, r.task.line),
               default=None)


@pytest.mark.parametrize("root", VAULTS, ids=lambda p: p.name)
def test_next_actions_are_each_nodes_next_action(root: Path) -> None:
    graph = _graph(root)
    shared = _NextActions(graph)
    for key in reversed(list(graph.nodes)):
        node = graph.nodes[key]
        assert shared.of(node) is next_action(graph, node), key
        assert _NextActions(graph).of(node) is next_action(graph, node), key


def test_the_next_action_is_in_the_goals_own_note_first() -> None:
    graph = graph_of({
        "G.md": "---\ntype: goal\n---\n- [ ] Build #milestone\n  - [ ] step\n",
        "A.md": "- [ ] elsewhere [[G]]\n- [ ] more [[G]]\n",
    }, TODAY)
    found = _NextActions(graph).of(graph.nodes["G.md"])
    assert found is not None and (found.path, found.task.line) == ("G.md", 5)
    graph = graph_of({"G.md": "---\ntype: goal\n---\n",
                      "B.md": "- [ ] also [[G]]\n", "A.md": "- [x] done [[G]]\n- [ ] more [[G]]\n"},
                     TODAY)
    found = _NextActions(graph).of(graph.nodes["G.md"])
    assert found is not None and (found.path, found.task.line) == ("A.md", 2)


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
