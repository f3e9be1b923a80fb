"""Measures and done markers in text (issue #14, point 7): goals/itemtext.py for any goal
line, goals/progress_line.py for a goal note's `Progress: 3/10` line.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import read_all
from vaultgoals.core.config import Config, parse_config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.goals.itemtext import (
    Measure,
    is_field_only,
    is_link_only,
    is_prose,
    measure_fields,
    read_measure,
    read_text,
    starts_with_link,
)
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Node
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()


def nodes(files: dict[str, str], config: Config = CONFIG) -> dict[str, Node]:
    docs = read_all(files, config)
    return build_graph(docs, config, date(2025, 6, 15)).nodes


# --- done markers -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "title"), [
    ("~~Learn Spanish~~", "Learn Spanish"),
    ("[DONE] Ship the site", "Ship the site"),
    ("[done] Ship the site", "Ship the site"),
    ("Ship the site [DONE]", "Ship the site"),
    ("Ship the site (done)", "Ship the site"),
    ("(done) Ship the site", "Ship the site"),
    ("✅ Run 5k", "Run 5k"),
    ("Run 5k ✅", "Run 5k"),
    ("✔️ Run 5k", "Run 5k"),
    ("**~~Read 12 books~~**", "Read 12 books"),
    ("~~Read 12 books~~ #goal", "Read 12 books"),
    ("[erledigt] Keller entrümpeln", "Keller entrümpeln"),
    ("Aprender a nadar (hecho)", "Aprender a nadar"),
])
def test_done_markers(text: str, title: str) -> None:
    assert read_text(text) == read_text(text).__class__(title, True)


@pytest.mark.parametrize("text", [
    "Learn Spanish", "~~Learn~~ Spanish", "Write the done list", "Ship it ✅ 2025-05-02",
    "Finish (done by June)", "[x-ray] results",
])
def test_not_done(text: str) -> None:
    assert read_text(text).done is False


def test_done_markers_on_goals_in_a_list() -> None:
    text = ("## 2025 Goals\n- ~~Run a marathon~~\n- [DONE] Ship the site\n- Learn Rust (done)\n"
            "- ✅ Read 12 books\n- [ ] ~~Sell the car~~\n- [ ] Learn Spanish\n")
    n = nodes({"Plans/2025.md": text})
    assert [n[f"Plans/2025.md:{i}"].declared for i in range(2, 8)] == [
        "done", "done", "done", "done", "done", "active"]
    assert n["Plans/2025.md:3"].title == "Ship the site"


# --- measures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "measure"), [
    ("Progress: 3/10", Measure(3, 10)),
    ("3 / 10 chapters", Measure(3, 10)),
    ("[ 0 / 3 ]", Measure(0, 3)),
    ("[ 2 / 5 ] guest writers", Measure(2, 5)),
    ("(2/5)", Measure(2, 5)),
    ("(2 of 5)", Measure(2, 5)),
    ("2 out of 5 done", Measure(2, 5)),
    ("[===>  ] 40%", Measure(40, 100, "%")),
    ("40%", Measure(40, 100, "%")),
    ("Progress: 12.5%", Measure(12.5, 100, "%")),
    ("Read 12 books (7 so far)", Measure(7, 12, "books")),
    ("Run 500 km (120 done)", Measure(120, 500, "km")),
    ("Deadlift 100 kg (80 so far)", Measure(80, 100, "kg")),
    ("Save 5000 (1200 so far)", Measure(1200, 5000)),
    ("2,5/10", Measure(2.5, 10)),
])
def test_measures(text: str, measure: Measure) -> None:
    assert read_measure(text) == measure


@pytest.mark.parametrize("text", [
    "Finish by 30/06/2025", "due 2025-06-30", "Be there 24/7", "Open rate at 40%",
    "Churn below 5%", "Raise conversion to 12%", "Read more", "0/0", "150%",
])
def test_not_measures(text: str) -> None:
    assert read_measure(text) is None


def test_measure_fields() -> None:
    assert measure_fields("Read 12 books (7 so far)") == (
        ("target", "12"), ("progress", "7"), ("unit", "books"))
    assert measure_fields("3/10") == (("target", "10"), ("progress", "3"))
    assert measure_fields("nothing") == ()


def test_inline_goals_carry_their_measure_into_the_node() -> None:
    text = "## 2025 Goals\n- Read 12 books (7 so far)\n- [ ] Publish 10 posts [ 4 / 10 ]\n"
    n = nodes({"Plans/2025.md": text})
    assert (n["Plans/2025.md:2"].target, n["Plans/2025.md:2"].amount,
            n["Plans/2025.md:2"].unit) == (12, 7, "books")
    assert (n["Plans/2025.md:3"].target, n["Plans/2025.md:3"].amount) == (10, 4)
    assert n["Plans/2025.md:2"].explain.startswith("7 of 12 books")


def test_what_a_list_item_is() -> None:
    assert is_link_only("[[Phase 1]]") and is_link_only(" [site](https://x.org) ")
    assert not is_link_only("Read [[Dune]]")
    assert starts_with_link("[[CAPM]] (counts double)") and not starts_with_link("Read [[Dune]]")
    assert is_field_only("status:: active") and not is_field_only("Ship it [due:: 2025-06-30]")
    assert is_prose([("An objective should inspire.", None), ("Keep them few", None)])
    assert not is_prose([("An objective should inspire.", " ")])
    assert not is_prose([("Swim", None), ("Run.", None), ("Read", None)])


# --- a goal note's progress line ---------------------------------------------------------

GOAL = "---\ntype: goal\n---\n# Read more\n\n"


@pytest.mark.parametrize(("line", "target", "progress", "unit"), [
    ("Progress: 3/10", 10, 3, ""),
    ("**Progress:** [ 0 / 3 ]", 3, 0, ""),
    ("Progress: (2 of 5)", 5, 2, ""),
    ("Progress: [===>  ] 40%", 100, 40, "%"),
    ("[=====>    ] 50%", 100, 50, "%"),
    ("- Progress: 7 of 12", 12, 7, ""),
    ("Fortschritt: 3/10", 10, 3, ""),
    ("Progreso: 3/10", 10, 3, ""),
    ("Прогресс: 3/10", 10, 3, ""),
    ("进度：3/10", 10, 3, ""),
])
def test_a_progress_line_is_the_goal_notes_progress(
        line: str, target: float, progress: float, unit: str) -> None:
    node = nodes({"Goals/Read.md": f"{GOAL}{line}\n"})["Goals/Read.md"]
    assert (node.target, node.amount, node.unit) == (target, progress, unit)


@pytest.mark.parametrize("text", [
    f"{GOAL}I read 3/10 chapters this week.\n",  # running text
    f"{GOAL}Progress: slow but steady\n",  # no measure
    f"{GOAL}- [ ] Progress: 3/10\n",  # a task
    f"{GOAL}> Progress: 3/10\n",  # a quote
    f"{GOAL}%% Progress: 3/10 %%\n",  # a comment
    f"{GOAL}- Chapters\n    - Progress: 3/10\n",  # a nested item: a step's
])
def test_progress_line_near_misses(text: str) -> None:
    node = nodes({"Goals/Read.md": text})["Goals/Read.md"]
    assert (node.target, node.amount) == (None, None)


def test_properties_win_over_the_progress_line() -> None:
    text = "---\ntype: goal\ntarget: 20\nprogress: 5\n---\nProgress: 3/10\n"
    node = nodes({"Goals/Read.md": text})["Goals/Read.md"]
    assert (node.target, node.amount) == (20, 5)


def test_a_progress_line_in_a_note_that_is_not_a_goal_is_nothing() -> None:
    doc = read_conventions(parse_note("Notes/Read.md", "## Goals\nProgress: 3/10\n"), CONFIG)
    assert "progress" not in doc.frontmatter


def test_the_first_progress_line_counts_and_the_convention_can_be_turned_off() -> None:
    text = f"{GOAL}Progress: 3/10\n\nProgress: 5/10\n"
    assert nodes({"Goals/Read.md": text})["Goals/Read.md"].amount == 3
    off = Config(conventions_off=("progress_line",))
    assert nodes({"Goals/Read.md": text}, off)["Goals/Read.md"].amount is None


@pytest.mark.parametrize(("settings", "due"), [
    (None, date(2025, 3, 22)),  # the default `en` weeks: Sunday to Saturday
    ("reviews: {locale: en-gb}\n", date(2025, 3, 23)),  # ISO weeks: Monday to Sunday
    ("reviews: {week_start: monday}\n", date(2025, 3, 23)),
])
def test_a_week_in_a_goal_heading_is_the_vault_s_week(settings: str | None, due: date) -> None:
    """`## 2025-W12 Goals` ends on the last day of week 12 as the vault numbers weeks (the
    way its weekly notes and reviews are named), not always on ISO week 12's Sunday."""
    config = parse_config(settings, {})
    found = nodes({"Plans.md": "# Plans\n\n## 2025-W12 Goals\n- Ship the site\n"}, config)
    assert [n.deadline for n in found.values() if n.kind == "goal"] == [due]
    # (so notes read under other week rules are read again, not taken from the cache)
    assert (config.reading_key() == CONFIG.reading_key()) == (settings is None)
