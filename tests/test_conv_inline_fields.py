"""inline_fields: Dataview inline fields as properties, and goals written with them (issue #14
point 4)."""

from __future__ import annotations

from datetime import date

import pytest

from vaultgoals.core.config import Config
from vaultgoals.core.goals.body import full_line_field, page_fields
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import Node, build_graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config(daily_folder="Daily")
TODAY = date(2025, 6, 15)


def graph(notes: dict[str, str], config: Config = CONFIG) -> dict[str, Node]:
    docs = {p: read_conventions(parse_note(p, t, config.cue_words), config)
            for p, t in notes.items()}
    return build_graph(docs, config, TODAY).nodes


def nodes(text: str, path: str = "Notes/N.md",
          config: Config = CONFIG) -> dict[str, tuple[str, str, str]]:
    """key → (kind, title, declared) of every node of one note."""
    return {k: (n.kind, n.title, n.declared) for k, n in graph({path: text}, config).items()}


def problems(text: str, path: str = "Notes/N.md") -> list[str]:
    doc = read_conventions(parse_note(path, text), CONFIG)
    return [p.message for p in build_graph({path: doc}, CONFIG, TODAY).problems]


# --- the page's fields ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "field"), [
    ("Deadline:: 2025-06-30", ("Deadline", "2025-06-30")),
    ("**Deadline**:: 2025-06-30", ("Deadline", "2025-06-30")),
    ("**Deadline::** 2025-06-30", ("Deadline", "2025-06-30")),
    ("Due Date:: 30.06.2025", ("Due Date", "30.06.2025")),
    ("Goal:: [[Run a marathon]]", ("Goal", "[[Run a marathon]]")),
    ("🎯:: Run", ("🎯", "Run")),
])
def test_a_full_line_field(text: str, field: tuple[str, str]) -> None:
    assert full_line_field(text) == field


@pytest.mark.parametrize("text", [
    "Inline fields look like `Goal:: text`",  # code
    "Note: this:: that",  # a colon in the key
    "Today's goal:: x",  # Dataview keys have no apostrophe
    "a/b:: c",
    "no field here",
])
def test_not_a_full_line_field(text: str) -> None:
    assert full_line_field(text) == ("", "")


def test_page_fields_in_every_form_and_not_a_tasks_own() -> None:
    doc = parse_note("N.md", "# N\n\nGoal:: Grow\nDeadline:: 2025-06-30\n"
                     "It is [status:: active] now.\n"
                     "> [!info]\n> area:: Health\n%% priority:: high %%\n- start:: 2025-01-01\n"
                     "- [ ] Ship [due:: 2025-05-01]\n")
    assert [(k, v) for k, v, _ in page_fields(doc)] == [
        ("Goal", "Grow"), ("Deadline", "2025-06-30"), ("status", "active"), ("area", "Health"),
        ("priority", "high"), ("start", "2025-01-01")]


def test_page_fields_are_the_notes_properties_and_the_frontmatter_wins() -> None:
    text = ("---\ntype: goal\nstatus: paused\n---\n# N\n\nstatus:: done\nDeadline:: 30.06.2025\n"
            "End Date:: 2025-12-31\n")
    node = graph({"N.md": text})["N.md"]
    assert (node.declared, node.deadline) == ("paused", date(2025, 6, 30))


def test_type_field_on_the_page_makes_the_note_a_goal() -> None:
    assert nodes("# Plan\n\ntype:: goal\nstatus:: in progress\n") == {
        "Notes/N.md": ("goal", "N", "active")}
    assert nodes("# Plan\n\ncategory:: objective\n") == {"Notes/N.md": ("goal", "N", "active")}


# --- a goal field --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "# Garden\n\nGoal:: Grow tomatoes\nDeadline:: 2025-08-31\nstatus:: active\n",
    "# Bike trip\n\n> [!goal]\n> Goal:: Cycle along the Rhine\n> due:: 2025-09-20\n",
    "# Piano\n\n%% Goal:: Play a Gymnopédie %%\n",
    "# Piano\n\n**Goal**:: Play a Gymnopédie\n",
    "# Piano\n\n- Goal:: Play a Gymnopédie\n",
    "# Klavier\n\nZiel:: Eine Gymnopédie auswendig spielen\n",
    "# Piano\n\nObjective:: Play a Gymnopédie\n",
])
def test_one_goal_field_makes_the_note_a_goal(text: str) -> None:
    found = nodes(text)
    assert list(found) == ["Notes/N.md"] and found["Notes/N.md"][0] == "goal"


def test_the_page_fields_of_a_goal_note_are_the_goals() -> None:
    node = graph({"N.md": "# Piano\n\n%% Goal:: Play it %%\n%% status:: done %%\n"
                          "Deadline:: June 30, 2025\n"})["N.md"]
    assert (node.declared, node.deadline, node.found_by) == ("done", date(2025, 6, 30),
                                                              "inline_fields")


def test_several_goal_fields_are_a_goal_each() -> None:
    found = nodes("# 2025\n\nGoal:: Run a half marathon\nGoal:: Read 20 books\n")
    assert found == {"Notes/N.md:3": ("goal", "Run a half marathon", "active"),
                     "Notes/N.md:4": ("goal", "Read 20 books", "active")}


@pytest.mark.parametrize("text", [
    "# Run\n\nGoal:: [[Run a marathon]]\n",  # a link: the goal it serves
    "# Run\n\nGoal:: [Marathon](Marathon.md)\n",
    "# Steps\n\ngoal:: 10000\n",  # a number: a day's target
    "# Run\n\nGoal:: 2025-06-30\n",
    "# Run\n\nGoal::\n",
    "# Cheat sheet\n\nInline fields look like `Goal:: text` or `[key:: value]`.\n",
    "# Run\n\nMy goal is to run. Deadline:: soon\n",  # not a goal field
    "# Run\n\n```\nGoal:: Run a marathon\n```\n",  # code block
    "# Run\n\n- [ ] Goal:: Run a marathon\n",  # a task, not a page field
])
def test_goal_field_near_misses(text: str) -> None:
    assert nodes(text) == {}


def test_no_goal_fields_in_daily_notes_templates_or_book_summaries() -> None:
    assert nodes("# 2025-03-04\n\nGoal:: Finish the slides\n", "Daily/2025-03-04.md") == {}
    assert nodes("# 2025-03-04\n\nGoal:: One\nGoal:: Two\n", "Daily/2025-03-04.md") == {}
    assert nodes("# <% tp.file.title %>\n\nGoal:: One\nGoal:: Two\n", "Templates/Goal.md") == {}
    assert nodes("# Atomic Habits\n\nGoal:: One\nGoal:: Two\n", "Books/Atomic Habits.md") == {}
    assert nodes("# {{title}}\n\nGoal:: Write it\n", "Templates/Goal.md") == {}
    assert nodes("# Atomic Habits\n\nGoal:: Systems\n", "Books/Atomic Habits.md") == {}


def test_goals_off_turns_it_off() -> None:
    off = Config(conventions_off=("inline_fields",))
    assert nodes("# G\n\nGoal:: Grow tomatoes\n", config=off) == {}
    assert nodes("- Learn Portuguese [goal:: true]\n", config=off) == {}


def test_a_vault_adds_goal_field_names() -> None:
    config = Config(extra_words=(("goal_fields", ("Vorhaben",)),))
    assert list(nodes("# G\n\nVorhaben:: Tomaten\n", config=config)) == ["Notes/N.md"]


# --- fields on list items --------------------------------------------------------------------


def test_items_that_their_fields_make_goals() -> None:
    text = ("# Things I might do\n\n- Learn Portuguese [goal:: true] [status:: dropped]\n"
            "- Visit Iceland [goal:: yes] (due:: 2026-07-01)\n"
            "    - Book the ferry\n"
            "- Read about the history of maps\n"
            "- Ship the beta [type:: milestone]\n")
    found = graph({"N.md": text})
    assert {k: (n.kind, n.title, n.declared) for k, n in found.items()} == {
        "N.md:3": ("goal", "Learn Portuguese", "dropped"),
        "N.md:4": ("goal", "Visit Iceland", "active"),
        "N.md:5": ("milestone", "Book the ferry", "active"),
        "N.md:7": ("milestone", "Ship the beta", "active")}
    assert found["N.md:4"].deadline == date(2026, 7, 1)
    assert found["N.md:5"].parent == "N.md:4"


def test_a_task_with_a_goal_flag_keeps_its_checkbox_and_loses_its_fields_in_the_title() -> None:
    found = graph({"N.md": "- [x] Fix the door [goal:: true] [by:: 2025-05-01]\n"})
    node = found["N.md:1"]
    assert (node.kind, node.title, node.declared, node.deadline) == (
        "goal", "Fix the door", "done", date(2025, 5, 1))
    assert problems("- [ ] Fix the door [goal:: true]\n") == []


@pytest.mark.parametrize("text", [
    "- Train for it [goal:: Fitness]\n",  # words naming a goal elsewhere
    "- Train for it [goal:: false]\n",
    "- Train for it [type:: book]\n",
    "- Train for it [status:: done]\n",
    "- `[goal:: true]` marks a goal\n",  # code
])
def test_item_field_near_misses(text: str) -> None:
    assert nodes(text) == {}


def test_titles_of_inline_goals_drop_their_fields() -> None:
    found = graph({"N.md": "- [ ] Ship v1 [due:: 2025-06-30] (area:: Work) #goal\n"})
    assert found["N.md:1"].title == "Ship v1"


def test_a_goal_field_further_down_is_a_goal_line_and_the_note_stays_a_list() -> None:
    text = ("# Jahresplanung 2025\n\n## Jahresziele\n- [ ] Zehn Klimmzüge\n\n"
            "Ziel:: Eine Woche ohne Internet\n\n## Rückblick\n- Viel gearbeitet.\n")
    found = nodes(text)
    assert found["Notes/N.md:6"] == ("goal", "Eine Woche ohne Internet", "active")
    assert found["Notes/N.md:4"][0] == "goal"  # the list under the goal heading: goal_lists
    assert "Notes/N.md" not in found
    assert "Notes/N.md" not in nodes("# Run\n\n- [ ] Buy shoes\n\nGoal:: Run a marathon\n")
