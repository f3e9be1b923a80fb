"""Milestones under any steps heading in a goal note (goals/steps_heading.py).

Markdown in, through the real parser and `read_conventions`, to claims and graph nodes.
"""

from __future__ import annotations

from datetime import date

import pytest

from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()
GOAL = "---\ntype: goal\n---\n"  # three lines: the body starts at line 4


def claims(text: str, path: str = "Goals/Sail.md",
           config: Config = CONFIG) -> list[tuple[int, str]]:
    doc = read_conventions(parse_note(path, text, config.cue_words), config)
    return [(c.line, c.kind) for c in doc.claims if c.by == "steps_heading"]


def graph(text: str, path: str = "Goals/Sail.md") -> Graph:
    doc = read_conventions(parse_note(path, text), CONFIG)
    return build_graph({path: doc}, CONFIG, date(2025, 6, 15))


@pytest.mark.parametrize("heading", [
    "## Milestones", "# milestones", "### MILESTONES", "## Mile Stones", "## Steps",
    "## 🪜 Steps", "## Phases", "## Plan", "## Action plan", "## Deliverables",
    "## Key Results", "## What? (Milestones)", "## 1. Milestones", "## Milestone",
    "## Meilensteine", "## Hitos", "## Étapes", "## Marcos", "## Этапы", "## 里程碑",
    "## マイルストーン", "## 计划", "## Plano", "**Milestones**",
])
def test_steps_headings(heading: str) -> None:
    if heading.startswith("**"):  # not a heading: a bold line
        assert claims(f"{GOAL}{heading}\n- [ ] one\n") == []
        return
    assert claims(f"{GOAL}{heading}\n- [ ] one\n- two\n1. three\n") == [
        (5, "milestone"), (6, "milestone"), (7, "milestone")]


def test_in_a_goals_folder_note_without_properties() -> None:
    text = "# Learn to sail\n\n## Steps\n- [x] Book the course\n- [ ] Pass the test\n"
    assert claims(text, "2 Areas/Goals/Learn to sail.md") == [(4, "milestone"),
                                                            (5, "milestone")]


SAIL = f"""{GOAL}## Plan
- [x] Book the beginner course
- Pass the practical test (1/3)
    - [ ] Book the exam date
    - a note
- ~~Buy a wetsuit~~
- ✅ Find a club
- Read the manual [DONE]
### Phase 2
1. Sail solo to the island
### Notes
- ask Sam about the boat
## Why
- [ ] not a milestone
"""


def test_milestones_and_their_steps() -> None:
    assert claims(SAIL) == [(5, "milestone"), (6, "milestone"), (9, "milestone"),
                            (10, "milestone"), (11, "milestone"), (13, "milestone")]
    g = graph(SAIL)
    n = g.nodes
    assert {k for k, v in n.items() if v.kind == "milestone"} == {
        f"Goals/Sail.md:{i}" for i in (5, 6, 9, 10, 11, 13)}
    assert all(n[f"Goals/Sail.md:{i}"].parent == "Goals/Sail.md" for i in (5, 6, 13))
    assert [n[f"Goals/Sail.md:{i}"].declared for i in (5, 6, 9, 10, 11, 13)] == [
        "done", "active", "done", "done", "done", "active"]
    practical = n["Goals/Sail.md:6"]
    assert (practical.title, practical.target, practical.amount) == (
        "Pass the practical test (1/3)", 3, 1)
    step = next(r for r in g.tasks if r.task.line == 7)
    assert step.node is None and practical.total_leaves == 1  # a step of the milestone
    assert n["Goals/Sail.md:10"].title == "Find a club"


def test_a_task_under_a_plain_milestone_is_its_step_not_a_milestone() -> None:
    text = f"{GOAL}## Milestones\n- Phase one\n    - [ ] a step\n- [ ] Two\n"
    g = graph(text)
    assert {k for k, v in g.nodes.items() if v.kind == "milestone"} == {
        "Goals/Sail.md:5", "Goals/Sail.md:7"}
    assert g.nodes["Goals/Sail.md:5"].total_leaves == 1


def test_the_native_milestones_heading_still_reads_notes_not_read_in_full() -> None:
    """build_graph on a parsed note the conventions did not read: milestones_heading."""
    text = f"{GOAL}## Milestones\n- [ ] One\n"
    nodes = build_graph({"G.md": parse_note("G.md", text)}, CONFIG, date(2025, 6, 15)).nodes
    assert nodes["G.md:5"].found_by == "milestones_heading"
    assert graph(text).nodes["Goals/Sail.md:5"].found_by == "steps_heading"


@pytest.mark.parametrize(("path", "text"), [
    ("Notes/Sail.md", "## Milestones\n- [ ] one\n- two\n"),  # not a goal-like note
    ("Goals/Sail.md", f"{GOAL}## Steps for today\n- [ ] one\n"),  # today's to-dos
    ("Goals/Sail.md", f"{GOAL}## Plan notes\n- one\n"),  # notes
    ("Goals/Sail.md", f"{GOAL}## Next steps\n- [ ] one\n"),  # the next tasks
    ("Goals/Sail.md", f"{GOAL}## Nächste Schritte\n- [ ] eins\n"),
    ("Goals/Sail.md", f"{GOAL}## Plan\n- I will start slowly.\n- Then build up.\n"),  # prose
    ("Goals/Sail.md", f"{GOAL}## Plan\n- [[Phase 1]]\n- [site](https://x.org)\n"),  # links
    ("Goals/Sail.md", f"{GOAL}## Milestones\n- [[CAPM certification]] (counts double)\n"),
    ("Goals/Sail.md", f"{GOAL}## Plan\n- status:: active\n"),  # a page field
    ("Goals/Sail.md", f"{GOAL}- [ ] above\n## Milestones\n"),  # above the heading
    ("Goals/Sail.md", f"{GOAL}## Plan\n"),  # a heading with no items
    ("Goals/Sail.md", f"{GOAL}## Why\n- [ ] one\n"),  # another heading
    ("Templates/Goal.md", f"{GOAL}## Milestones\n- [ ] \n"),  # a template
])
def test_near_misses(path: str, text: str) -> None:
    assert claims(text, path) == []


def test_a_goal_tagged_item_is_a_goal_of_its_own() -> None:
    text = f"{GOAL}## Milestones\n- [ ] Ship v1 #goal\n- [ ] Two\n"
    assert claims(text) == [(6, "milestone")]
    assert graph(text).nodes["Goals/Sail.md:5"].kind == "goal"


def test_steps_heading_off_leaves_the_native_rule() -> None:
    config = Config(conventions_off=("steps_heading",))
    text = f"{GOAL}## Milestones\n- [ ] One\n- two\n## Steps\n- [ ] three\n"
    doc = read_conventions(parse_note("Goals/Sail.md", text), config)
    assert doc.claims == ()
    nodes = build_graph({"Goals/Sail.md": doc}, config, date(2025, 6, 15)).nodes
    assert {k for k, v in nodes.items() if v.kind == "milestone"} == {"Goals/Sail.md:5"}


def test_a_vault_adds_its_own_step_words() -> None:
    config = Config(extra_words=(("steps", ("Etappen-Plan", "Waypoints")),))
    assert claims(f"{GOAL}## Waypoints\n- [ ] one\n", config=config) == [(5, "milestone")]
