"""What the held-out evaluation found (issue #14): partial strike-through and dropped notes
(itemtext.read_text), measures that are rates or frequencies and progress written as
`(got to 17)` / `(320 now)` (itemtext.read_measure), a slug or ID note's title from its H1
(nodes.note_node), and titles without Markdown marks in what vaultgoals writes.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import read_all
from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.goals.itemtext import Measure, Text, read_measure, read_text
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Node
from vaultgoals.core.insights import build_review, week_of
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.render.markdown import link
from vaultgoals.core.render.review import review_regions

CONFIG = Config()


def nodes(files: dict[str, str], config: Config = CONFIG) -> dict[str, Node]:
    docs = read_all(files, config)
    return build_graph(docs, config, date(2025, 6, 15)).nodes


# --- strike-through with a note or a label outside ---------------------------------------


@pytest.mark.parametrize(("text", "read"), [
    ("~~Learn Japanese to N4~~ (dropped in June)", Text("Learn Japanese to N4", True, True)),
    ("~~Learn Japanese~~ (abandoned)", Text("Learn Japanese", True, True)),
    ("~~Japanisch lernen~~ (abgebrochen)", Text("Japanisch lernen", True, True)),
    ("~~Aprender japonés~~ (cancelado)", Text("Aprender japonés", True, True)),
    ("~~Japanisch lernen~~ (im März aufgegeben)",
     Text("Japanisch lernen (im März aufgegeben)", True)),  # the note must start with it
    ("~~Japanisch lernen~~ (aufgegeben im März)", Text("Japanisch lernen", True, True)),
    ("~~日本語を学ぶ~~ (中止)", Text("日本語を学ぶ", True, True)),
    ("~~Learn Japanese~~ (finally, in May)", Text("Learn Japanese (finally, in May)", True)),
    ("KR1.3: ~~Write a chapter for the team handbook~~",
     Text("KR1.3: Write a chapter for the team handbook", True)),
    ("~~Read 12 books~~", Text("Read 12 books", True)),
])
def test_all_words_struck_through_is_done(text: str, read: Text) -> None:
    assert read_text(text) == read


@pytest.mark.parametrize("text", [
    "~~Learn~~ Spanish", "Learn ~~Spanish~~ Japanese", "~~Learn~~ Spanish (dropped)",
    "Learn Japanese (dropped in June)", "My note: ~~old plan~~ new plan",
])
def test_part_struck_through_is_not_done(text: str) -> None:
    assert read_text(text).done is False


def test_a_dropped_goal_in_a_list_is_dropped_and_a_struck_kr_is_done() -> None:
    text = ("## 2024 goals\n- [x] Move into the new flat\n"
            "- ~~Learn Japanese to N4~~ (dropped in June)\n- [ ] ~~Sell the car~~ (dropped)\n")
    n = nodes({"Yearly/2024 review.md": text})
    assert n["Yearly/2024 review.md:3"].declared == "dropped"
    assert n["Yearly/2024 review.md:3"].title == "Learn Japanese to N4"
    assert n["Yearly/2024 review.md:4"].declared == "dropped"
    okr = ("# OKRs 2025-Q2\n\n## O1 — Become known for data visualisation\n"
           "- KR1.1: Give 2 talks at meetups — 1/2\n"
           "- KR1.3: ~~Write a chapter for the team handbook~~\n")
    n = nodes({"OKR/2025-Q2.md": okr})
    assert n["OKR/2025-Q2.md:5"].declared == "done"
    assert n["OKR/2025-Q2.md:4"].declared != "done"


# --- rates and frequencies are not progress; progress after the target --------------------


@pytest.mark.parametrize("text", [
    "Put 15% of income into the index fund", "Save 20 % of every pay cheque",
    "Mit dem Rad zur Arbeit fahren (3 von 5 Tagen)", "Run 3 of 7 days a week",
    "Meditate (4 of 7 days)", "Go to the gym 3 of 5 times a week", "Read 2/7 days",
    "Reduce sugar by 30%",
])
def test_rates_and_frequencies_are_not_progress(text: str) -> None:
    assert read_measure(text) is None


@pytest.mark.parametrize(("text", "measure"), [
    ("Progress 40%", Measure(40, 100, "%")),
    ("Fortschritt 25 %", Measure(25, 100, "%")),
    ("Launch the course (40%)", Measure(40, 100, "%")),
    ("Launch the course: 40%", Measure(40, 100, "%")),
    ("Launch the course [====>     ] 40%", Measure(40, 100, "%")),
    ("Read 24 books (got to 17)", Measure(17, 24, "books")),
    ("500 newsletter subscribers (320 now)", Measure(320, 500, "newsletter subscribers")),
    ("KR1.2: 500 newsletter subscribers (320 now)",
     Measure(320, 500, "newsletter subscribers")),
    ("Publish 12 essays on the blog this year #goals/writing (4 so far)",
     Measure(4, 12, "essays")),
    ("Publish 12 essays #goals/writing (4 so far)", Measure(4, 12, "essays")),
    ("Read 12 books (7 so far)", Measure(7, 12, "books")),
    ("2 of 5 done", Measure(2, 5)),
])
def test_progress_read(text: str, measure: Measure) -> None:
    assert read_measure(text) == measure


@pytest.mark.parametrize("text", [
    "Read more (got to the library)", "Call mum (now)", "Things (4 so far)",
    "Cleaned the garage (320 now)",
])
def test_progress_without_a_target_is_not_a_measure(text: str) -> None:
    assert read_measure(text) is None


# --- a slug or ID note's title is its H1 --------------------------------------------------


@pytest.mark.parametrize(("path", "title"), [
    ("Goals/drums-independence-30day.md", "Drum independence in 30 days"),
    ("Zettel/202504021900 Reading habit.md", "Drum independence in 30 days"),
    ("Goals/20250402.md", "Drum independence in 30 days"),
    ("Goals/Drum practice.md", "Drum practice"),  # a name written as a title stays
])
def test_a_slug_or_id_note_takes_its_title_from_its_h1(path: str, title: str) -> None:
    text = "---\ntype: goal\n---\n# **Drum** independence in 30 days\n\nPractice.\n"
    assert nodes({path: text})[path].title == title


def test_a_title_property_wins_and_no_h1_keeps_the_name() -> None:
    text = "---\ntype: goal\ntitle: Drums\n---\n# Drum independence\n"
    assert nodes({"Goals/drums-30.md": text})["Goals/drums-30.md"].title == "Drums"
    text = "---\ntype: goal\n---\n## Drum independence\n"
    assert nodes({"Goals/drums-30.md": text})["Goals/drums-30.md"].title == "drums-30"


# --- titles carry no Markdown marks into what vaultgoals writes ----------------------------


@pytest.mark.parametrize(("text", "title"), [
    ("==Run a marathon==", "Run a marathon"),
    ("*Learn* Spanish", "Learn Spanish"),
    ("_Learn_ Spanish", "Learn Spanish"),
    ("**Ship** the ~~old~~ site", "Ship the old site"),
    ("Fix snake_case_names", "Fix snake_case_names"),
    ("2 * 3 * 4 boxes", "2 * 3 * 4 boxes"),
])
def test_titles_lose_their_marks(text: str, title: str) -> None:
    assert read_text(text).title == title


def test_the_review_line_shows_a_title_without_escaped_marks() -> None:
    text = "## 2025 Goals\n- ==Run a marathon==\n- **Ship** the ~~old~~ site\n"
    n = nodes({"Plans/2025.md": text})
    assert link("Plans/2025.md", n["Plans/2025.md:2"].title) == "[[Plans/2025|Run a marathon]]"
    assert link("Plans/2025.md", n["Plans/2025.md:3"].title) == (
        "[[Plans/2025|Ship the old site]]")


def test_the_written_review_shows_titles_without_escaped_marks() -> None:
    text = "## 2025 Goals\n- ==Run a marathon== #goal\n- [ ] **Ship** the ~~old~~ site\n"
    docs = {"Plans/2025.md": read_conventions(parse_note("Plans/2025.md", text), CONFIG)}
    today = date(2025, 6, 15)
    graph = build_graph(docs, CONFIG, today)
    review = build_review(graph, CONFIG, week_of(today, CONFIG), today, {})
    written = "\n".join(review_regions(review, CONFIG, len(graph.tasks), {}).values())
    assert "[[Plans/2025|Run a marathon]]" in written
    assert "[[Plans/2025|Ship the old site]]" in written
    assert "\\*" not in written and "\\=" not in written and "\\~" not in written
