"""GTD projects (goals/gtd_projects.py), Projects folders (goals/goal_folder.py), the goals
they serve (goals/supporting_goals.py, goals/parent_property.py) and kind words
(goals/type_property.py). Strings in, graph nodes out."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import read_all
from vaultgoals.core.config import Config, parse_config
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()
GOAL = "---\ntype: goal\n---\n# Be debt free\n"


def graph(notes: dict[str, str], config: Config = CONFIG) -> Graph:
    docs = read_all(notes, config)
    return build_graph(docs, config, date(2025, 6, 15))


def test_activation_and_completion_dates_make_a_project() -> None:
    nodes = graph({
        "Work/Refinance.md": "---\nactivationDate: 2025-01-10\n---\n# Refinance\n",
        "Work/Sell the car.md": "---\nactivationDate: 2024-10-01\ncompletionDate: 2025-02-14"
                                "\n---\n# Sell the car\n",
    }).nodes
    refinance, car = nodes["Work/Refinance.md"], nodes["Work/Sell the car.md"]
    assert (refinance.kind, refinance.found_by, refinance.start) == (
        "goal", "gtd_projects", date(2025, 1, 10))
    assert (refinance.declared, car.declared, car.completed) == ("active", "done",
                                                                date(2025, 2, 14))


def test_gtd_dates_near_misses() -> None:
    assert graph({"A.md": "---\ncreated: 2025-01-10\n---\n# A\n"}).nodes == {}
    assert graph({"Templates/P.md": "---\nactivationDate: {{date}}\n---\n"}).nodes == {}
    off = Config(conventions_off=("gtd_projects",))
    assert graph({"A.md": "---\nactivationDate: 2025-01-10\n---\n"}, off).nodes == {}


@pytest.mark.parametrize(("path", "text"), [
    ("Projects/Kitchen.md", "# Kitchen\n\n- [ ] Measure the walls\n"),  # tasks
    ("1 Projects/Kitchen.md", "---\nstatus: active\n---\n# Kitchen\n"),  # a status
    ("Work/🚀 Projects/Kitchen.md", "# Kitchen\n\n## Desired outcome\nA new kitchen.\n"),
    ("Projects/Kitchen.md", "# Kitchen\n\nOutcome: a kitchen we can cook in\n"),
    ("Projects/Kitchen/Kitchen.md", "# Kitchen\n\n- [ ] Measure\n"),  # a folder note
    ("Projects/Kitchen.md", "---\ndeadline: 2025-09-30\n---\n# Kitchen\n"),  # dates
])
def test_a_note_in_a_projects_folder_that_looks_like_a_project_is_a_goal(
        path: str, text: str) -> None:
    node = graph({path: text}).nodes[path]
    assert (node.kind, node.found_by) == ("goal", "goal_folder")
    assert "project" in node.reason


@pytest.mark.parametrize(("path", "text"), [
    ("Projects/Woodworking joints.md", "# Joints\n\nDovetail, mortise and tenon.\n"),
    ("Projects/Kitchen references.md", "# Refs\n\n- Oak worktops look warm\n- Tiles\n"),
    ("Projects/Kitchen/Tiles we liked.md", "# Tiles\n\n- [ ] ask the shop\n"),  # filed under
    ("Projects/Templates/Project.md", "# {{title}}\n\n- [ ] \n"),
    ("Projects/2025-03-02 kickoff.md", "# Kickoff\n\n- [ ] send the minutes\n"),
    ("Projects/Kitchen — notes.md", "# Notes\n\n- [ ] ask about tiles\n"),
    ("Projects/Reference - bank letters.md", "---\nstatus: filed\n---\n# Letters\n"),
])
def test_projects_folder_near_misses(path: str, text: str) -> None:
    assert graph({path: text}).nodes == {}


def test_a_project_in_a_done_folder_is_done_and_the_switch_turns_folders_off() -> None:
    node = graph({"Projects/Archive/Car.md": "- [ ] Sell it\n"}).nodes["Projects/Archive/Car.md"]
    assert node.declared == "done"
    off = parse_config("goals:\n  project_folders: []\n", {})
    assert graph({"Projects/Kitchen.md": "- [ ] Measure\n"}, off).nodes == {}
    mine = parse_config("goals:\n  project_folders: [Vorhaben]\n", {})
    assert "Vorhaben/Küche.md" in graph({"Vorhaben/Küche.md": "- [ ] Messen\n"}, mine).nodes


@pytest.mark.parametrize("text", [
    "## Supporting Goals\n- [[Be debt free]]\n\n## Next actions\n- [ ] Ask two banks\n",
    "Supporting Goals: [[Be debt free]]\n\n- [x] List it online\n",
    "- Supports: [[Be debt free]]\n- [ ] Call the bank\n",
    "## Übergeordnete Ziele\n- [[Be debt free]]\n- [ ] Bank anrufen\n",
])
def test_supporting_goals_link_a_project_to_its_goal(text: str) -> None:
    nodes = graph({"Goals/Be debt free.md": GOAL, "Projects/Refinance.md": text}).nodes
    assert nodes["Projects/Refinance.md"].parent == "Goals/Be debt free.md"


def test_supporting_goals_pass_over_links_that_are_not_goals() -> None:
    text = "## Supporting Goals\n- [[Finance]]\n- [[Be debt free]]\n- [ ] x\n"
    nodes = graph({"Goals/Be debt free.md": GOAL, "Areas/Finance.md": "# Finance\n",
                   "Projects/Refinance.md": text}).nodes
    assert nodes["Projects/Refinance.md"].parent == "Goals/Be debt free.md"
    lone = graph({"Areas/Finance.md": "# Finance\n", "Projects/R.md": text}).nodes
    assert lone["Projects/R.md"].parent is None


@pytest.mark.parametrize("field", [
    'parent: "[debt](Goals/Be%20debt%20free.md)"', "up: Be debt free",
    'goal: "[[Be debt free]]"', "Value Goal: [[Be debt free]]",
    'outcome: "[debt](Goals/Be%20debt%20free.md)"', 'Objective: ["[[Be debt free]]"]',
])
def test_a_goal_level_property_with_a_link_is_the_parent(field: str) -> None:
    text = f"---\ntype: project\n{field}\n---\n# Refinance\n"
    nodes = graph({"Goals/Be debt free.md": GOAL, "Work/Refinance.md": text}).nodes
    assert nodes["Work/Refinance.md"].parent == "Goals/Be debt free.md"


def test_a_goal_level_field_in_the_body_is_the_parent_and_plain_text_is_not() -> None:
    text = "---\ntype: goal\n---\n# Refinance\n\nOutcome:: [[Be debt free]]\n"
    nodes = graph({"Goals/Be debt free.md": GOAL, "Work/Refinance.md": text}).nodes
    assert nodes["Work/Refinance.md"].parent == "Goals/Be debt free.md"
    plain = "---\ntype: goal\ngoal: Be debt free\n---\n"
    nodes = graph({"Goals/Be debt free.md": GOAL, "Work/Refinance.md": plain}).nodes
    assert nodes["Work/Refinance.md"].parent is None


@pytest.mark.parametrize(("value", "kind"), [
    ("value-goal", "goal"), ("Outcome", "goal"), ("objective", "goal"), ("project", "goal"),
    ("area-goal", "goal"), ("key-result", "milestone"), ("habit", "commitment"),
    ("routine", "commitment"),
])
def test_kind_words(value: str, kind: str) -> None:
    nodes = graph({"N.md": f"---\ntype: {value}\n---\n"}).nodes
    assert nodes["N.md"].kind == kind


@pytest.mark.parametrize("value", ["goals", "book", "projects", "meeting"])
def test_kind_word_near_misses(value: str) -> None:
    assert graph({"N.md": f"---\ntype: {value}\n---\n"}).nodes == {}


@pytest.mark.parametrize(("path", "text", "full"), [
    ("Projects/Kitchen.md", "# Kitchen\n\n## Desired outcome\nA new kitchen.\n", True),
    ("Projects/Kitchen.md", "# Kitchen\n\n- [ ] Measure\n", True),
    ("Projects/Kitchen.md", "# Kitchen\n\nLinks and pictures I liked.\n", False),
    ("Work/Refinance.md", "---\nactivationDate: 2025-01-10\n---\n# Refinance\n", True),
])
def test_the_gate_reads_projects_in_full(path: str, text: str, full: bool) -> None:
    assert parse_note(path, text).full is full
