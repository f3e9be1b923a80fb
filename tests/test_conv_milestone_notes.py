"""Milestone notes (goals/milestone_notes.py) and breakdowns (goals/breakdowns.py): phase
notes that name their goal, and `[[Goal]]:` label lists in plan notes. Strings in, graph
nodes out."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import read_all
from vaultgoals.core.config import Config
from vaultgoals.core.goals.notefields import head_fields
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()
GOAL = "---\ntype: goal\n---\n# Publish a board game\n"
FIT = "---\ntype: goal\n---\n# Get fit\n"


def graph(notes: dict[str, str], config: Config = CONFIG) -> Graph:
    docs = read_all(notes, config)
    return build_graph(docs, config, date(2025, 6, 15))


PHASE = """Start Date: 2025-01-06
End Date: 2025-03-01
Status: {status}
Goal:: [[Publish a board game]]

Cardboard version with hand-drawn cards.
"""


@pytest.mark.parametrize(("status", "declared"), [
    ("Complete", "done"), ("In Progress", "active"), ("Delayed", "active"),
    ("On hold", "paused"), ("Cancelled", "dropped"),
])
def test_a_phase_note_is_a_milestone_of_the_goal_it_names(status: str, declared: str) -> None:
    nodes = graph({"Goals/Publish a board game.md": GOAL,
                   "Phases/Phase 1.md": PHASE.format(status=status)}).nodes
    phase = nodes["Phases/Phase 1.md"]
    assert (phase.kind, phase.found_by, phase.parent) == (
        "milestone", "milestone_notes", "Goals/Publish a board game.md")
    assert (phase.declared, phase.start, phase.deadline) == (
        declared, date(2025, 1, 6), date(2025, 3, 1))


@pytest.mark.parametrize("text", [
    "---\nstart: 2025-01-06\ndue: 2025-03-01\nstatus: done\ngoal: '[[Publish a board game]]'\n"
    "---\n# Phase 1\n",
    "# Phase 1\n\n**Start Date**: 2025-01-06\n**Status**: Complete\n"
    "**Objective**: [[Publish a board game]]\n",
    "status:: in progress\nend date:: 2025-03-01\nvalue goal:: [[Publish a board game]]\n",
])
def test_phase_note_spellings(text: str) -> None:
    nodes = graph({"Goals/Publish a board game.md": GOAL, "Phases/P.md": text}).nodes
    assert (nodes["Phases/P.md"].kind, nodes["Phases/P.md"].parent) == (
        "milestone", "Goals/Publish a board game.md")


@pytest.mark.parametrize("text", [
    # dates and a status, no goal: a meeting or an event
    "Start Date: 2025-01-06\nEnd Date: 2025-01-07\nStatus: Complete\n",
    # a generic parent: a goal filed under an area stays a goal (or nothing)
    "---\nstart: 2025-01-06\nstatus: active\nup: '[[Publish a board game]]'\n---\n",
    # a goal link but no dates
    "Status: Complete\nGoal:: [[Publish a board game]]\n",
    # a sentence with a colon is not a property block
    "Note: we met on 2025-01-06 to talk about [[Publish a board game]]\n",
])
def test_phase_note_near_misses(text: str) -> None:
    nodes = graph({"Goals/Publish a board game.md": GOAL, "Notes/N.md": text}).nodes
    assert "Notes/N.md" not in nodes


def test_head_fields_are_only_the_block_at_the_top() -> None:
    doc = parse_note("N.md", "# T\n\nStart Date: 2025-01-06\nStatus: Done\n\nLater: x\nY: z\n"
                     "## Section\nStatus: Done\nEnd: 2025\n")
    assert head_fields(doc) == [("Start Date", "2025-01-06", 3), ("Status", "Done", 4)]


BREAKDOWN = """# June 2025

[[Publish a board game]]:
- [ ] Order printed cards
- [ ] Three playtests
    - [ ] book the room

[[Get fit]]:
- [x] Run 3 times a week
- ~~Sign up for the 10k~~

Shopping:
- Birthday present for Ana
"""


def test_breakdown_items_are_milestones_of_the_linked_goal() -> None:
    nodes = graph({"Goals/Publish a board game.md": GOAL, "Goals/Get fit.md": FIT,
                   "Months/2025-06 breakdown.md": BREAKDOWN}).nodes
    got = {k: (n.kind, n.parent, n.declared) for k, n in nodes.items() if n.inline}
    assert got == {
        "Months/2025-06 breakdown.md:4": ("milestone", "Goals/Publish a board game.md",
                                          "active"),
        "Months/2025-06 breakdown.md:5": ("milestone", "Goals/Publish a board game.md",
                                          "active"),
        "Months/2025-06 breakdown.md:9": ("milestone", "Goals/Get fit.md", "done"),
        "Months/2025-06 breakdown.md:10": ("milestone", "Goals/Get fit.md", "done"),
    }
    assert nodes["Months/2025-06 breakdown.md:4"].deadline == date(2025, 6, 30)
    assert nodes["Months/2025-06 breakdown.md:10"].title == "Sign up for the 10k"
    assert [r.task.line for r in nodes["Months/2025-06 breakdown.md:5"].tasks] == [6]


def test_a_markdown_link_label_and_a_plan_note_without_a_period() -> None:
    text = "[Get fit](Goals/Get%20fit.md):\n- [ ] Ten pull-ups\n"
    nodes = graph({"Goals/Get fit.md": FIT, "Plans/Fitness plan.md": text}).nodes
    assert nodes["Plans/Fitness plan.md:2"].parent == "Goals/Get fit.md"


@pytest.mark.parametrize(("path", "text"), [
    ("Daily/2025-06-03.md", "[[Get fit]]:\n- [ ] Run\n"),  # a daily note's to-dos
    ("People/Ana.md", "[[Get fit]]:\n- [ ] Run\n"),  # not a plan note
    ("Months/June 2025.md", "Call [[Get fit]] about:\n- [ ] Run\n"),  # more than a link
    ("Months/June 2025.md", "[[Get fit]]\n- [ ] Run\n"),  # no colon
    ("Templates/Month.md", "# {{date}} 2025\n[[Get fit]]:\n- [ ] \n"),
])
def test_breakdown_near_misses(path: str, text: str) -> None:
    config = Config(daily_folder="Daily")
    nodes = graph({"Goals/Get fit.md": FIT, path: text}, config).nodes
    assert not [k for k in nodes if k.startswith(path)]


def test_breakdowns_can_be_turned_off() -> None:
    config = Config(conventions_off=("breakdowns",))
    nodes = graph({"Goals/Get fit.md": FIT, "Months/June 2025.md": BREAKDOWN}, config).nodes
    assert list(nodes) == ["Goals/Get fit.md"]


@pytest.mark.parametrize(("text", "full"), [
    ("Start Date: 2025-01-06\nStatus: Complete\nObjective: [[Publish a board game]]\n", True),
    ("# Phase 1\n\n**End Date**: 2025-03-01\n**Status**: Delayed\n", True),
    ("# June 2025\n\n[[Get fit]]:\n- [ ] Run\n", True),
    ("# Ana\n\nWe talked about dates and a status.\n", False),
])
def test_the_gate_reads_phase_notes_and_breakdowns_in_full(text: str, full: bool) -> None:
    assert parse_note("Notes/N.md", text).full is full


LISTED = "Start Date: 2025-03-02\nEnd Date: 2025-06-30\nStatus: {status}\n\nPlaytests.\n"


@pytest.mark.parametrize("goal", [
    GOAL + "\nPhases: [[Phase 2]], [[Phase 3]]\n",
    GOAL + "\n## Milestones\n- [[Phase 2]]\n- [ ] Print the box\n",
])
def test_a_phase_note_in_a_phases_folder_is_a_milestone_of_the_goal_that_lists_it(
        goal: str) -> None:
    nodes = graph({"Goals/Publish a board game.md": goal,
                   "Phases/Phase 2.md": LISTED.format(status="Delayed")}).nodes
    phase = nodes["Phases/Phase 2.md"]
    assert (phase.kind, phase.parent, phase.declared) == (
        "milestone", "Goals/Publish a board game.md", "active")


def test_phase_folder_near_misses() -> None:
    listed = GOAL + "\nPhases: [[Phase 2]]\n"
    # dates and a status outside a steps folder, listed or not: not a milestone
    nodes = graph({"Goals/Publish a board game.md": listed,
                   "Notes/Phase 2.md": LISTED.format(status="Delayed")}).nodes
    assert "Notes/Phase 2.md" not in nodes
    # in a Phases folder without dates and a status: not a milestone
    assert "Phases/Phase 2.md" not in graph({"Goals/Publish a board game.md": listed,
                                             "Phases/Phase 2.md": "Playtests.\n"}).nodes
    # a goal's step item with more than a link does not adopt the note it mentions
    goal = GOAL + "\n## Milestones\n- Finish [[Phase 2]] by June\n"
    nodes = graph({"Goals/Publish a board game.md": goal,
                   "Phases/Phase 2.md": LISTED.format(status="Complete")}).nodes
    assert nodes["Phases/Phase 2.md"].parent is None
