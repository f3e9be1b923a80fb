"""The `smart` convention (goals/smart.py): SMART notes are goals, their Measurable line the
target and their Time-bound line the deadline. Strings in, graph nodes out."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import read_all
from vaultgoals.core.config import Config
from vaultgoals.core.goals.notefields import read_date
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()


def graph(notes: dict[str, str], config: Config = CONFIG) -> Graph:
    docs = read_all(notes, config)
    return build_graph(docs, config, date(2025, 6, 15))


LETTERS = """#SMART

# Conversational Italian

S - Hold a 20 minute conversation in Italian
M - 3 lessons a week, 40 lessons in total
A - Evenings after work are free
R - Summer in Puglia
T - by 2025-07-01
"""


def test_letter_labels_make_a_goal_with_deadline_and_target() -> None:
    node = graph({"Plans/Italian.md": LETTERS}).nodes["Plans/Italian.md"]
    assert (node.kind, node.found_by, node.deadline) == ("goal", "smart", date(2025, 7, 1))
    assert (node.target, node.unit) == (40.0, "lessons")  # `3 … a week` is a rate
    assert node.title == "Italian"


@pytest.mark.parametrize(("text", "deadline"), [
    ("Specific: Finish the Berlin marathon\nMeasurable: a time under 4:30\n"
     "Achievable: I ran a half\nRelevant: a big goal\nTime-bound: 28.09.2025\n",
     date(2025, 9, 28)),
    ("- **S**: Sell 50 prints online\n- **M**: 50 orders\n- **A**: The shop is set up\n"
     "- **R**: Pays for the camera\n- **T**: December 2025\n", date(2025, 12, 31)),
    ("Spezifisch: Halbmarathon laufen\nMessbar: unter 2 Stunden\nTerminiert: 30.06.2025\n",
     date(2025, 6, 30)),
    ("Específico: Leer 12 libros\nMedible: 12 libros\nTemporal: 2025-12-31\n",
     date(2025, 12, 31)),
    ("S: Ship the app\nM: 100 users\nT: June 30, 2025\n", date(2025, 6, 30)),
])
def test_smart_spellings(text: str, deadline: date) -> None:
    node = graph({"Plans/Goal.md": f"# Goal\n\n{text}"}).nodes["Plans/Goal.md"]
    assert (node.kind, node.deadline) == ("goal", deadline)


def test_a_bare_target_is_kept_only_when_no_task_shows_progress() -> None:
    text = "S - Sell prints\nM - 50 orders\nT - 2025-12-31\n"
    assert graph({"A.md": text}).nodes["A.md"].target == 50.0
    assert graph({"A.md": text + "\n- [x] Open the shop\n"}).nodes["A.md"].target is None
    node = graph({"A.md": "S - Read books\nM - 7/12 books\nT - 2025\n- [ ] x\n"}).nodes["A.md"]
    assert (node.target, node.amount) == (12.0, 7.0)


def test_an_untitled_note_takes_the_specific_line_as_title() -> None:
    node = graph({"Untitled 3.md": "S - Run a marathon\nM - 42 km\nT - 2025\n"}).nodes[
        "Untitled 3.md"]
    assert node.title == "Run a marathon"


@pytest.mark.parametrize("text", [
    # a note explaining SMART in sentences
    "# What SMART means\n\nS stands for specific, M for measurable, T for time-bound.\n",
    # too few labels
    "S - Ship it\nT - 2025-06-30\n",
    # no Specific line
    "M - 10 km\nA - yes\nT - 2025\n",
    # labels of an unrelated list (a shopping list with sizes)
    "Sizes:\n- S: two shirts\n- L: one coat\n",
])
def test_smart_near_misses(text: str) -> None:
    assert graph({"Plans/Note.md": text}).nodes == {}


def test_a_smart_article_or_template_is_not_a_goal() -> None:
    text = "Specific: be clear\nMeasurable: numbers\nTime-bound: a date\n"
    assert graph({"Clippings/SMART goals.md": text}).nodes == {}
    assert graph({"Templates/SMART.md": "S - {{title}}\nM - x\nT - 2025\n"}).nodes == {}


def test_smart_can_be_turned_off() -> None:
    config = Config(conventions_off=("smart",))
    assert graph({"A.md": "S - Ship\nM - 10\nT - 2025\n"}, config).nodes == {}


@pytest.mark.parametrize(("text", "day"), [
    ("by 2025-07-01", date(2025, 7, 1)), ("2025/03/31", date(2025, 3, 31)),
    ("28.09.2025", date(2025, 9, 28)), ("June 30, 2025", date(2025, 6, 30)),
    ("30 June 2025", date(2025, 6, 30)), ("[[2025-06-30]]", date(2025, 6, 30)),
    ("Q3 2025", date(2025, 9, 30)), ("end of summer", None), ("4:30", None),
])
def test_read_date(text: str, day: date | None) -> None:
    assert read_date(text) == day


@pytest.mark.parametrize(("text", "full"), [
    ("# Marathon\n\nSpecific: Finish the Berlin marathon\nTime-bound: 2025\n", True),
    ("S - Hold a conversation\nM - 40 lessons\n", True),  # the first line of the note
    ("---\ntags: [x]\n---\n- **S**: Sell 50 prints\n", True),
    ("# Notes\n\n" + "Plain words here.\n" * 60 + "S - too far down\n", False),
    ("# Notes\n\nShe said: S is for small.\n", False),
])
def test_the_gate_reads_a_smart_note_in_full(text: str, full: bool) -> None:
    assert parse_note("Plans/Note.md", text).full is full
