"""graph: which goal a task counts toward, from parsed notes (the pure core)."""

from __future__ import annotations

from datetime import date

from vaultgoals.core.config import Config
from vaultgoals.core.graph import build_graph
from vaultgoals.core.parse.scanner import parse_note

PLAN = """\
- [ ] Ship v2 #goal
  - [ ] design
    - a plain bullet
      - [ ] spec section
  - notes
    - [x] prototype ✅ 2026-11-02
- [ ] unrelated
  - [ ] its subtask
"""


def test_a_task_nested_under_an_inline_goal_counts_toward_it_through_tasks_and_bullets(
) -> None:
    doc = parse_note("Plan.md", PLAN).slim()
    graph = build_graph({"Plan.md": doc}, Config(), date(2026, 11, 20))
    goal_of = {r.task.fields.description: r.goal for r in graph.tasks}
    assert graph.nodes["Plan.md:1"].kind == "goal"
    assert goal_of["design"] == "Plan.md:1"
    assert goal_of["spec section"] == "Plan.md:1"  # under a bullet under a task under it
    assert goal_of["prototype"] == "Plan.md:1"
    assert goal_of["unrelated"] is None
    assert goal_of["its subtask"] is None
