"""OKRs (goals/okrs.py): objectives are goals, their key results milestones.

Markdown in, through the real parser and `read_conventions`, to claims and graph nodes.
"""

from __future__ import annotations

from datetime import date

import pytest

from vaultgoals.core.config import Config
from vaultgoals.core.goals import okrs
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.goals.okrs import kr_title, objective_title
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Node
from vaultgoals.core.noteread import read_as_vaultgoals
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()
WORDS = CONFIG.words


def claims(text: str, path: str = "Plans/Q2.md",
           config: Config = CONFIG) -> list[tuple[int, str]]:
    """(line, kind) of each line the okrs recogniser claims in a note."""
    doc = read_conventions(parse_note(path, text, config.cue_words), config)
    return [(c.line, c.kind) for c in doc.claims if c.by == "okrs"]


def nodes(text: str, path: str = "Plans/Q2.md") -> dict[str, Node]:
    doc = read_conventions(parse_note(path, text), CONFIG)
    return build_graph({path: doc}, CONFIG, date(2025, 6, 15)).nodes


# --- what an objective and a key result line look like ----------------------------------


@pytest.mark.parametrize(("text", "title"), [
    ("O1: Make the newsletter worth reading", "Make the newsletter worth reading"),
    ("O2 - Get stronger", "Get stronger"),
    ("O3. Learn to sail", "Learn to sail"),
    ("**O1:** Ship it", "Ship it"),
    ("OKR 2: Ship it", "Ship it"),
    ("Objective: Cut support response time", "Cut support response time"),
    ("Objective 2 — Ship the app", "Ship the app"),
    ("objective: lower case too", "lower case too"),
    ("Ziel: Den Umzug abschließen", "Den Umzug abschließen"),
    ("Objetivo 1: Correr un maratón", "Correr un maratón"),
    ("Objectif : Apprendre le piano", "Apprendre le piano"),
    ("Цель: Выучить испанский", "Выучить испанский"),
    ("目标1：学会游泳", "学会游泳"),
    ("~~O1: Finish the move~~", "Finish the move"),
])
def test_objective_lines(text: str, title: str) -> None:
    assert objective_title(text, WORDS) == title


@pytest.mark.parametrize("text", [
    "Objectives", "Objective", "Objective:", "O1", "Oxygen: 98%", "Goal: not an objective word",
    "Note: O1: inside", "o1: lower-case o", "Object: a thing",
])
def test_objective_near_misses(text: str) -> None:
    assert objective_title(text, WORDS) is None


@pytest.mark.parametrize(("text", "title"), [
    ("KR1: 3/10 issues published", "3/10 issues published"),
    ("KR 2 - Open rate at 40%", "Open rate at 40%"),
    ("KR1.2: Ten sessions", "Ten sessions"),
    ("kr3: lower case", "lower case"),
    ("KR4 Deadlift 100 kg", "Deadlift 100 kg"),
    ("Key result 1: Beta", "Beta"),
    ("Key Result: Beta", "Beta"),
    ("Schlüsselergebnis 1: Beta", "Beta"),
    ("Resultado clave: Beta", "Beta"),
    ("Résultat clé 2 : Beta", "Beta"),
    ("Ключевой результат: Beta", "Beta"),
    ("关键结果1：Beta", "Beta"),
    ("成果指標：Beta", "Beta"),
    ("KRAKEN: a sea monster", None),
    ("Beta on TestFlight", None),
])
def test_key_result_lines(text: str, title: str | None) -> None:
    assert kr_title(text, WORDS) == title


# --- objectives and their key results in notes ---------------------------------------------

QUARTER = """\
# Q2 2025 OKRs

O1: Make the newsletter worth reading
- KR1: 3/10 issues published on time
- KR2: Open rate at 40%
- KR3: [ 2 / 5 ] guest writers recruited

O2: Get stronger
- KR1: Deadlift 100 kg (80 so far)
- [x] KR2: Ten sessions with a coach

## Notes
- The newsletter tool costs too much.
"""


def test_objective_lines_with_key_result_items() -> None:
    assert claims(QUARTER) == [(3, "goal"), (4, "milestone"), (5, "milestone"),
                               (6, "milestone"), (8, "goal"), (9, "milestone"),
                               (10, "milestone")]


def test_objectives_are_goals_and_key_results_their_milestones() -> None:
    n = nodes(QUARTER)
    goal, kr = n["Plans/Q2.md:3"], n["Plans/Q2.md:4"]
    assert (goal.kind, goal.title, goal.found_by) == ("goal", "Make the newsletter worth "
                                                      "reading", "okrs")
    assert goal.deadline == date(2025, 6, 30)  # the period of the note's heading
    assert (kr.kind, kr.parent, kr.title) == ("milestone", "Plans/Q2.md:3",
                                              "3/10 issues published on time")
    assert (kr.target, kr.amount, kr.deadline) == (10, 3, None)
    assert n["Plans/Q2.md:10"].declared == "done" and n["Plans/Q2.md:10"].title == (
        "Ten sessions with a coach")
    assert n["Plans/Q2.md:10"].parent == "Plans/Q2.md:8"
    assert "Plans/Q2.md:13" not in n  # a note under the Notes heading


def test_a_notes_heading_in_an_okrs_note_is_not_an_objective() -> None:
    text = ("# Q4 2026 OKRs\n\nO1: Make the weekly report self-serve\n"
            "- KR1: 6/10 dashboards moved\n\n## Notes\n"
            "- KR1 of O1 is slow because every dashboard has one odd filter.\n"
            "- Marcus wants it written up.\n")
    assert claims(text, "OKRs/2026 Q4.md") == [(3, "goal"), (4, "milestone")]


def test_a_key_result_ticked_with_the_tasks_plugin_has_no_done_date_in_its_title() -> None:
    text = ("# Q4 2026 OKRs\n\nO1: Make the weekly report self-serve\n"
            "- KR1: 6/10 dashboards moved\n"
            "- [x] KR2: Retire the Monday Excel export ✅ 2026-10-30\n"
            "- [ ] Train the sales teams 📅 2026-12-04\n")
    n = nodes(text, "OKRs/2026 Q4.md")
    kr2, kr3 = n["OKRs/2026 Q4.md:5"], n["OKRs/2026 Q4.md:6"]
    assert (kr2.title, kr2.declared) == ("Retire the Monday Excel export", "done")
    assert kr3.title == "Train the sales teams"


@pytest.mark.parametrize(("line", "target", "progress", "unit"), [
    (4, 10, 3, ""),  # 3/10
    (6, 5, 2, ""),  # [ 2 / 5 ]
    (9, 100, 80, "kg"),  # Deadlift 100 kg (80 so far)
])
def test_a_measure_in_a_key_result_is_its_target_and_progress(
        line: int, target: float, progress: float, unit: str) -> None:
    kr = nodes(QUARTER)[f"Plans/Q2.md:{line}"]
    assert (kr.target, kr.amount, kr.unit) == (target, progress, unit)


def test_a_percentage_is_progress_unless_it_names_the_value_to_reach() -> None:
    text = "O1: Grow\n- KR1: Activation 40%\n- KR2: Open rate at 40%\n- KR3: Churn below 5%\n"
    n = nodes(text)
    assert (n["Plans/Q2.md:2"].amount, n["Plans/Q2.md:2"].target) == (40, 100)
    assert n["Plans/Q2.md:3"].target is None and n["Plans/Q2.md:4"].target is None


TEAM = """\
# Team OKRs H2 2025

## Objective: Cut support response time in half
### Key Results
1. Median first reply under 2 hours
2. Backlog below 20 tickets

## Objective: Ship the mobile app
### Key Results
- [x] Beta on TestFlight
- [ ] 500 beta users
"""


def test_objective_headings_with_a_key_results_sub_heading() -> None:
    assert claims(TEAM, "Work/Team.md") == [
        (3, "goal"), (5, "milestone"), (6, "milestone"), (8, "goal"), (10, "milestone"),
        (11, "milestone")]
    n = nodes(TEAM, "Work/Team.md")
    assert n["Work/Team.md:3"].deadline == date(2025, 12, 31)  # H2 2025
    assert n["Work/Team.md:3"].title == "Cut support response time in half"
    assert n["Work/Team.md:10"].parent == "Work/Team.md:8"
    assert n["Work/Team.md:10"].declared == "done"


def test_objective_heading_with_key_results_right_under_it() -> None:
    text = "## O1 - Ship the app\n- KR1: Beta\n- KR2: Launch\n### O2 - Hire\n- KR1: Two devs\n"
    assert claims(text) == [(1, "goal"), (2, "milestone"), (3, "milestone"), (4, "goal"),
                            (5, "milestone")]
    assert nodes(text)["Plans/Q2.md:5"].parent == "Plans/Q2.md:4"


def test_sub_headings_of_an_objectives_heading_with_marked_key_results() -> None:
    text = ("# Q3 2025\n## Objectives\n### 1. Speak in public\n- KR1: give 3 talks (1/3)\n"
            "### Career\n#### Key results\n- Lead a project\n### Reading\n- Dune\n")
    assert claims(text, "Work/Plan.md") == [(3, "goal"), (4, "milestone"), (5, "goal"),
                                            (7, "milestone")]
    n = nodes(text, "Work/Plan.md")
    assert n["Work/Plan.md:3"].title == "Speak in public"
    assert n["Work/Plan.md:3"].deadline == date(2025, 9, 30)
    assert (n["Work/Plan.md:4"].target, n["Work/Plan.md:4"].amount) == (3, 1)


def test_objective_items_with_nested_key_results() -> None:
    text = ("- O1: Learn to sail\n    - KR1: Pass the practical\n        - [ ] Book the exam\n"
            "- Objective: Move house\n    - Key result: Boxes unpacked\n")
    assert claims(text) == [(1, "goal"), (2, "milestone"), (4, "goal"), (5, "milestone")]
    n = nodes(text)
    assert n["Plans/Q2.md:2"].parent == "Plans/Q2.md:1"
    assert "Plans/Q2.md:3" not in n  # a step of the key result: a task counting toward it
    graph = build_graph({"Plans/Q2.md": read_conventions(parse_note("Plans/Q2.md", text),
                                                         CONFIG)}, CONFIG, date(2025, 6, 15))
    step = next(r for r in graph.tasks if r.task.line == 3)
    assert step.node is None and graph.nodes["Plans/Q2.md:2"].total_leaves == 1


def test_objective_item_with_key_result_siblings() -> None:
    text = "- O1: Ship\n- KR1: Beta\n- KR2: Launch\n- Buy milk\n"
    assert claims(text) == [(1, "goal"), (2, "milestone"), (3, "milestone")]


def test_key_result_text_lines_right_after_an_objective_line() -> None:
    text = "O1: Ship the app\nKR1: Beta on TestFlight\nKR2: 500 users\n\nSome prose.\n"
    assert claims(text) == [(1, "goal"), (2, "milestone"), (3, "milestone")]


def test_a_key_results_label_line_between_objective_and_list() -> None:
    text = "Objective: Ship the app\nKey Results:\n- Beta\n- Launch\n"
    assert claims(text) == [(1, "goal"), (3, "milestone"), (4, "milestone")]


def test_plain_key_results_count_in_an_okrs_note_only() -> None:
    text = "O1: Ship the app\n- Beta\n- Launch\n"
    assert claims(text, "OKRs/2025 Q3.md") == [(1, "goal"), (2, "milestone"),
                                               (3, "milestone")]
    assert claims(text, "Work/Plan.md") == []  # no KR mark, no OKR in sight: not an OKR
    assert claims("# Our OKRs\n" + text, "Work/Plan.md") == [(2, "goal"), (3, "milestone"),
                                                             (4, "milestone")]
    tagged = "---\ntags: [okr]\n---\n" + text
    assert claims(tagged, "Work/Plan.md") == [(4, "goal"), (5, "milestone"), (6, "milestone")]
    item = "- Objective: Ship the app\n    - Beta\n"
    assert claims(item, "Work/Plan.md") == []
    assert claims(item, "Work/OKR plan.md") == [(1, "goal"), (2, "milestone")]


def test_plain_items_under_an_objective_heading_are_its_key_results() -> None:
    assert claims("## Objective: Ship the app\n- Beta\n- [ ] Launch\n", "Work/Plan.md") == [
        (1, "goal"), (2, "milestone"), (3, "milestone")]
    numbered = "## O1: Ship the app\n- Beta\n- [ ] Launch\n"
    assert claims(numbered, "OKRs/Plan.md") == [(1, "goal"), (2, "milestone"),
                                                (3, "milestone")]
    assert claims(numbered, "Work/Plan.md") == []
    assert claims("## O2: Oxygen\n- colourless\n- reactive\n", "Chemistry/Gases.md") == []
    assert claims("# 2025 Goals\n" + numbered, "Work/Plan.md") == [
        (2, "goal"), (3, "milestone"), (4, "milestone")]


def test_another_marked_key_result_makes_the_note_an_okrs_note() -> None:
    text = "O1: Ship\n- KR1: Beta\n\nO2: Hire\n- Two devs\n"
    assert claims(text) == [(1, "goal"), (2, "milestone"), (4, "goal"), (5, "milestone")]


def test_done_markers_on_objectives_and_key_results() -> None:
    text = ("# OKRs 2024\nO1: Finish the house move ✅\n- ~~KR1: Boxes unpacked~~\n"
            "- KR2: Curtains up [DONE]\n- [ ] ~~KR3: Paint the hall~~\n- KR4: Garden\n")
    n = nodes(text)
    assert n["Plans/Q2.md:2"].declared == "done"
    assert [n[f"Plans/Q2.md:{i}"].declared for i in (3, 4, 5, 6)] == [
        "done", "done", "done", "active"]


def test_an_okrs_note_in_an_archive_folder_has_done_objectives() -> None:
    text = "# Q4 2024\n\nO1: Finish the house move\n- [x] KR1: Boxes unpacked\n"
    n = nodes(text, "OKRs/Archive/2024 Q4.md")
    assert n["OKRs/Archive/2024 Q4.md:3"].declared == "done"
    assert n["OKRs/Archive/2024 Q4.md:3"].deadline == date(2024, 12, 31)
    assert nodes(text, "OKRs/2024 Q4.md")["OKRs/2024 Q4.md:3"].declared == "active"


def test_the_period_of_the_objective_heading_or_title() -> None:
    text = "# 2025 OKRs\n## Q3\n### O1: Ship\n- KR1: Beta\n## H1\nO2: Hire\n- KR1: Two\n"
    n = nodes(text, "OKRs/Plan.md")
    assert n["OKRs/Plan.md:3"].deadline == date(2025, 9, 30)
    assert n["OKRs/Plan.md:6"].deadline == date(2025, 6, 30)
    assert nodes("O1: Ship\n- KR1: Beta\n", "OKRs/2026 Q1.md")[
        "OKRs/2026 Q1.md:1"].deadline == date(2026, 3, 31)
    assert nodes("O1: Ship\n- KR1: Beta\n", "OKRs/Team.md")["OKRs/Team.md:1"].deadline is None


def test_okrs_inside_a_goal_note_are_its_sub_goals() -> None:
    text = "---\ntype: goal\n---\n## Objective: Ship\n### Key Results\n- [ ] Beta\n"
    n = nodes(text, "Goals/App.md")
    assert n["Goals/App.md:4"].kind == "goal" and n["Goals/App.md:4"].parent == "Goals/App.md"
    assert n["Goals/App.md:6"].parent == "Goals/App.md:4"  # not a step of the note


def test_goal_lists_leaves_an_objective_heading_to_okrs() -> None:
    text = "# 2025 Goals\n## Objective: Ship the app\n- Beta\n    - Call Apple\n- Launch\n"
    doc = read_conventions(parse_note("Plans/2025.md", text), CONFIG)
    assert [(c.line, c.kind, c.by) for c in doc.claims] == [
        (2, "goal", "okrs"), (3, "milestone", "okrs"), (5, "milestone", "okrs")]


# --- near misses ------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "text"), [
    # an objective with no key result: a meeting's objective, not an OKR
    ("Meetings/2025-05-02.md", "Objective: agree on the budget\n\nWe met at ten.\n"),
    ("Meetings/Kickoff.md", "Objective: agree on the budget\n- Alice\n- Bob\n"),
    # a heading `Objectives` with no title, and advice copied from an article
    ("Inbox/On OKRs.md", "## Objectives\n- An objective should inspire.\n- Key results are "
                         "numbers.\n"),
    # daily notes, templates, book summaries
    ("Daily/2025-05-20.md", "O1: Clear the inbox\n- KR1: zero mails\n"),
    ("Templates/OKR.md", "O1: {{title}}\n- KR1: \n"),
    ("Books/Measure What Matters.md", "O1: Be the best\n- KR1: Win\n"),
    # KR-like words that are not key results
    ("Notes/Sea.md", "O1: Sea monsters\n- KRAKEN: big\n"),
    # key results with no objective above them
    ("OKRs/Loose.md", "- KR1: Beta\n- KR2: Launch\n"),
])
def test_near_misses(path: str, text: str) -> None:
    config = Config(daily_folder="Daily")
    assert claims(text, path, config) == []


def test_okrs_off() -> None:
    assert claims(QUARTER, config=Config(conventions_off=("okrs",))) == []


EXAMPLE_KRS = "    - KR1: NPS from 30 to 50\n    - KR2: Support replies within 4 hours\n"


@pytest.mark.parametrize("intro", [
    "Example from the slides:\n", "## Examples\n", "For example:\n", "e.g.\n",
    "Zum Beispiel:\n", "Por ejemplo:\n", "Par exemple :\n", "Например:\n", "例如：\n",
])
def test_an_objective_given_as_an_example_is_not_read(intro: str) -> None:
    text = ("# The OKR method\n\nNotes from a workshop.\n\n" + intro
            + "- Objective: Delight our customers\n" + EXAMPLE_KRS)
    assert nodes(text, "OKR/OKR method.md") == {}


def test_an_objective_after_ordinary_text_is_read() -> None:
    text = ("# Q2\n\nWhat we agreed on Monday:\n"
            "- Objective: Delight our customers\n" + EXAMPLE_KRS)
    assert "OKR/Q2.md:4" in nodes(text, "OKR/Q2.md")


def test_a_note_naming_no_objective_is_not_walked_for_objectives_under_headings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick test (no objective or key-result word anywhere) comes before the walk
    under `Goals` headings: a long plan of sub-headings naming no objective is not walked."""
    calls = []
    real = okrs._under_objectives
    monkeypatch.setattr(okrs, "_under_objectives",
                        lambda body, outline: calls.append(1) or real(body, outline))
    text = "## Goals\n" + "".join(f"### Learn thing {i}\n- step {i}\n" for i in range(50))
    read_as_vaultgoals("Notes/Plan.md", text.encode(), Config())
    assert calls == []


def test_a_note_with_no_objective_line_and_no_goals_heading_skips_the_quick_test(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick test searches the whole text: a note with no line that starts like an
    objective and no goals heading over sub-headings has nothing it could let through."""
    calls = []
    real = okrs._may_hold_okrs
    monkeypatch.setattr(okrs, "_may_hold_okrs", lambda body: calls.append(1) or real(body))
    text = "# Plan\n## Next\n- Objective in passing: key results matter\n- [ ] KR1 call\n"
    read_as_vaultgoals("Notes/Plan.md", text.encode(), Config())
    assert calls == []
    text = "## Goals\n### Speak in public\n- KR1: give 3 talks\n"
    doc = read_as_vaultgoals("Notes/Plan.md", text.encode(), Config())
    assert calls == [1]
    assert [c.kind for c in doc.found_items or () if c.by == "okrs"] == ["goal", "milestone"]


def test_objectives_under_a_goals_heading_of_many_sub_headings() -> None:
    """Thousands of sub-headings under `## Objectives`: each is asked for its own items and
    sub-headings once (grouped, not searched per heading), and the marked ones are found."""
    text = "## Objectives\n" + "".join(
        f"### Thing {i}\n" + ("- KR1: do 3 talks\n" if i % 1000 == 0 else f"- step {i}\n")
        for i in range(6000))
    doc = read_as_vaultgoals("Notes/Plan.md", text.encode(), Config())
    objectives = [c.line for c in doc.found_items or () if c.by == "okrs" and c.kind == "goal"]
    assert objectives == [2 + 2 * i for i in range(0, 6000, 1000)]
