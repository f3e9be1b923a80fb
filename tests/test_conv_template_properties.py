"""template_properties: goal notes from the templates of popular systems (issue #14 point 6),
and the status words and date formats every goal note's properties are read with."""

from __future__ import annotations

from datetime import date

import pytest

from vaultgoals.core.config import Config
from vaultgoals.core.dates import parse_date
from vaultgoals.core.goals import template_properties
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.goals.props import props
from vaultgoals.core.goals.registry import recognise_note
from vaultgoals.core.graph import Node, build_graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()
TODAY = date(2025, 6, 15)


def kind_of(text: str, path: str = "Notes/N.md", config: Config = CONFIG) -> str | None:
    doc = parse_note(path, text)
    found = template_properties.recognise(doc, props(doc.frontmatter), config)
    return found.kind if found is not None else None


def node_of(text: str, path: str = "Notes/N.md",
            config: Config = CONFIG) -> tuple[Node | None, list[str]]:
    doc = read_conventions(parse_note(path, text, config.cue_words), config)
    graph = build_graph({path: doc}, config, TODAY)
    return graph.nodes.get(path), [p.message for p in graph.problems]


@pytest.mark.parametrize(("text", "kind"), [
    ("---\ncategory: goal\n---\n", "goal"),
    ("---\nCategory: Goal\n---\n", "goal"),
    ("---\nnote_type: goal\n---\n", "goal"),
    ("---\nclass: goal\n---\n", "goal"),
    ("---\nfileClass: project\n---\n", "goal"),
    ("---\nkind: objective\n---\n", "goal"),
    ("---\ntype: outcome\n---\n", "goal"),
    ("---\ntype: value-goal\n---\n", "goal"),
    ("---\ncategory: area-goal\n---\n", "goal"),
    ("---\ncategory: key-result\n---\n", "milestone"),
    ("---\nclass: habit\n---\n", "commitment"),
    ("---\ntype: routine\n---\n", "commitment"),
    ("---\ncategory: [personal, goal]\n---\n", "goal"),
    ("---\ncategory: lifeos/goal\n---\n", "goal"),
    ("---\ncategory: Ziel\n---\n", "goal"),
    ("---\ntags: [project, home]\n---\n", "goal"),
    ("---\ntags: [areas/health/objective]\n---\n", "goal"),
    ("---\ntags: outcome\n---\n", "goal"),
])
def test_template_keys_name_a_kind(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize("text", [
    "---\ncategory: recipe\nstatus: tried\n---\n",
    "---\ntype: book\n---\n",
    "---\ncategory: goals\n---\n",  # a note of goals: goal_lists
    "---\ntags: [goals]\n---\n",
    "---\ntags: [okr, 2025]\n---\n",  # a note of several objectives: okrs
    "---\ntags: [projects/website]\n---\n",  # filed under a project, not one
    "---\ntitle: My goal\n---\n",  # not a kind key
    "---\ncategory: 3\n---\n",
    "# Goal\n\ncategory: goal\n",  # body text, not a property
])
def test_template_keys_near_misses(text: str) -> None:
    assert kind_of(text) is None


def test_a_template_is_never_a_goal() -> None:
    doc = parse_note("Templates/Goal (frontmatter).md",
                     "---\ncategory: goal\nstatus: 🟢 active\n---\n# {{title}}\n")
    assert recognise_note(doc, props(doc.frontmatter), CONFIG) is None


def test_a_vault_adds_kind_keys_and_kind_words() -> None:
    config = Config(extra_fields=(("type", ("Art",)),), extra_kinds=(("goal", ("Vorhaben",)),))
    assert kind_of("---\nArt: Vorhaben\n---\n", config=config) == "goal"
    assert kind_of("---\nArt: Vorhaben\n---\n") is None


def test_goals_off_turns_it_off() -> None:
    doc = parse_note("N.md", "---\ncategory: goal\n---\n")
    off = Config(conventions_off=("template_properties",))
    assert recognise_note(doc, props(doc.frontmatter), off) is None
    assert recognise_note(doc, props(doc.frontmatter), CONFIG) is not None


# --- statuses --------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "declared"), [
    ("🟢 active", "active"), ("in-progress", "active"), ("In Progress", "active"),
    ("ongoing", "active"), ("todo", "active"), ("🟢", "active"),
    ("completed", "done"), ("Complete", "done"), ("✅", "done"),
    ("abandoned", "dropped"), ("on hold", "paused"), ("On-Hold", "paused"),
    ("erledigt", "done"), ("en pausa", "paused"),
])
def test_status_words_mean_the_four_statuses(status: str, declared: str) -> None:
    node, problems = node_of(f"---\ncategory: goal\nstatus: {status}\n---\n")
    assert node is not None and node.declared == declared
    assert problems == []


def test_an_unknown_status_word_still_warns() -> None:
    node, problems = node_of("---\ncategory: goal\nstatus: tried\n---\n")
    assert node is not None and node.declared == "active"
    assert problems and "status 'tried' is not one of" in problems[0]


def test_a_completed_date_or_flag_makes_it_done() -> None:
    node, _ = node_of("---\ncategory: goal\ncompleted: 03.04.2025\n---\n")
    assert node is not None and (node.declared, node.completed) == ("done", date(2025, 4, 3))
    node, _ = node_of("---\ncategory: goal\ndone: true\n---\n")
    assert node is not None and node.declared == "done"


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "day"), [
    ("2025-06-30", date(2025, 6, 30)), ("2025-06-30T09:00", date(2025, 6, 30)),
    ("2025/06/30", date(2025, 6, 30)), ("2025.6.3", date(2025, 6, 3)),
    ("30.06.2025", date(2025, 6, 30)), ("1.7.2025", date(2025, 7, 1)),
    ("June 30, 2025", date(2025, 6, 30)), ("Jun 30 2025", date(2025, 6, 30)),
    ("30 June 2025", date(2025, 6, 30)), ("1st July 2025", date(2025, 7, 1)),
    ("30. Juni 2025", date(2025, 6, 30)), ("15 de junio de 2025", date(2025, 6, 15)),
    ("30 juin 2025", date(2025, 6, 30)),
    ("[[2025-06-30]]", date(2025, 6, 30)), ("[[2025-06-30|end of June]]", date(2025, 6, 30)),
    ("30/06/2025", date(2025, 6, 30)), ("06/30/2025", date(2025, 6, 30)),
    ("04/04/2025", date(2025, 4, 4)), (" 2025-06-30 ", date(2025, 6, 30)),
])
def test_dates_in_common_formats(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", [
    "03/04/2025",  # 3 April or March 4: either
    "31.02.2025", "2025-13-01", "10", "2025", "June 2025", "Q3 2025", "due 2025-06-30",
    "30 Smarch 2025", "[[Run a marathon]]", "", "6 months",
])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_takes_dates_and_refuses_other_values() -> None:
    assert parse_date(date(2025, 1, 2)) == date(2025, 1, 2)
    assert parse_date(20250630) is None
    assert parse_date(None) is None


@pytest.mark.parametrize(("key", "value"), [
    ("target", "30.06.2025"), ("due", "June 30, 2025"), ("end", '"[[2025-06-30]]"'),
    ("finish_by", "2025/06/30"), ("deadline", "30/06/2025"), ("End Date", "2025-06-30"),
])
def test_deadline_keys_and_formats(key: str, value: str) -> None:
    node, problems = node_of(f"---\ncategory: goal\n{key}: {value}\n---\n")
    assert node is not None and node.deadline == date(2025, 6, 30)
    assert node.target is None
    assert problems == []


def test_a_number_under_target_is_a_target() -> None:
    node, _ = node_of("---\ncategory: goal\ntarget: 10\nprogress: 4\n---\n")
    assert node is not None and (node.target, node.amount, node.deadline) == (10, 4, None)


def test_a_loose_deadline_key_that_is_no_date_is_passed_over_quietly() -> None:
    node, problems = node_of("---\ncategory: goal\nby: Cal Newport\n---\n")
    assert node is not None and node.deadline is None and problems == []
    node, problems = node_of("---\ncategory: goal\ndeadline: soonish\n---\n")
    assert node is not None and node.deadline is None
    assert problems and "deadline 'soonish'" in problems[0]


def test_area_property() -> None:
    node, _ = node_of('---\ncategory: goal\narea: "[[Health]]"\n---\n')
    assert node is not None and node.area == "Health"
