"""Habits and commitments people already track (goals/habits.py): Markdown in, the graph's
commitments out, near misses included."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from tests.reading import read_all
from tests.test_graphcache import dump
from vaultgoals.core.commitments import commitment_status
from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.goals.habits import Grouping, group, recurrence_schedule, schedule
from vaultgoals.core.graph import Graph, GraphCache, build_graph
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.taskrefs import NoteTasks, note_tasks

CONFIG = Config(daily_folder="Daily")
TODAY = date(2025, 6, 15)


def graph(notes: dict[str, str], config: Config = CONFIG, today: date = TODAY,
          cache: GraphCache | None = None) -> Graph:
    docs = read_all(notes, config)
    return build_graph(docs, config, today, cache=cache)


def commitments(g: Graph) -> dict[str, tuple[str, int]]:
    """key → (period, count per period) of every commitment."""
    return {k: (n.every, n.quota) for k, n in g.nodes.items() if n.kind == "commitment"}


def days(lines: list[str], start: date = date(2025, 6, 10)) -> dict[str, str]:
    """A daily note per line (its body), one day after another."""
    return {f"Daily/{start + timedelta(days=i)}.md": f"# Day\n\n## Habits\n{body}\n"
            for i, body in enumerate(lines)}


# --- how often --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("daily", ("day", 1)),
    ("weekly", ("week", 1)),
    ("Monthly", ("month", 1)),
    ("quarterly", ("quarter", 1)),
    ("yearly", ("year", 1)),
    ("5 times a week", ("week", 5)),
    ("3x/week", ("week", 3)),
    ("3/week", ("week", 3)),
    ("twice a month", ("month", 2)),
    ("3 days a week", ("week", 3)),
    ("every 2 weeks", ("month", 2)),
    ("every day", ("day", 1)),
    ("täglich", ("day", 1)),
    ("3 mal pro Woche", ("week", 3)),
    ("semanal", ("week", 1)),
    ("2 fois par mois", ("month", 2)),
    ("ежедневно", ("day", 1)),
    ("每周3次", ("week", 3)),
    ("週3回", ("week", 3)),
    ("often", None),
    ("", None),
    ("some day maybe when I have the time and energy for it, not now", None),
])
def test_a_period_or_frequency_reads_as_a_count_per_period(
        text: str, want: tuple[str, int] | None) -> None:
    assert schedule(text, CONFIG.words) == want


@pytest.mark.parametrize(("rule", "want"), [
    ("every week", ("week", 1)),
    ("every week on Sunday", ("week", 1)),
    ("every day", ("day", 1)),
    ("every weekday", ("week", 5)),
    ("every Monday, Thursday", ("week", 2)),
    ("every month", ("month", 1)),
    ("every 2 weeks", ("month", 2)),
    ("every 3 days", ("week", 2)),
    ("every 3 months", ("quarter", 1)),
    ("every year", ("year", 1)),
])
def test_a_recurrence_rule_reads_as_a_count_per_period(rule: str, want: tuple[str, int]) -> None:
    assert recurrence_schedule(rule) == want


# --- recurring tasks --------------------------------------------------------------------------


ROUTINES = """# Weekly routines

- [ ] Call grandma 🔁 every week 📅 2025-06-22
- [x] Call grandma 🔁 every week 📅 2025-06-15 ✅ 2025-06-14
- [x] Call grandma 🔁 every week 📅 2025-06-08 ✅ 2025-06-08
- [ ] Water the ferns 🔁 every week on Sunday
- [x] Clean the fridge 🔁 every month ✅ 2025-05-01
- [ ] Not recurring
"""


def test_a_recurring_task_is_a_commitment_with_its_rules_period() -> None:
    g = graph({"Routines/Weekly.md": ROUTINES})
    assert commitments(g) == {"Routines/Weekly.md:3": ("week", 1),
                              "Routines/Weekly.md:6": ("week", 1),
                              "Routines/Weekly.md:7": ("month", 1)}
    assert g.nodes["Routines/Weekly.md:3"].found_by == "habits"


def test_the_done_copies_of_a_recurring_task_are_its_ticks_not_nodes() -> None:
    monday = Config(daily_folder="Daily", week_start="monday")  # weeks Monday to Sunday
    g = graph({"Routines/Weekly.md": ROUTINES}, config=monday)
    grandma = g.nodes["Routines/Weekly.md:3"]
    assert [t.task.line for t in grandma.tasks] == [4, 5]
    st = commitment_status(g, grandma, monday)
    assert (st.count, st.quota) == (1, 1)  # done 2025-06-14, in the week of 2025-06-09
    assert grandma.state == "met"


def test_a_done_recurring_task_is_not_a_done_commitment() -> None:
    g = graph({"Routines/Weekly.md": ROUTINES})
    fridge = g.nodes["Routines/Weekly.md:7"]
    assert fridge.declared == "active" and fridge.state == "behind"
    st = commitment_status(g, fridge, CONFIG)
    assert [p.count for p in st.history][-2:] == [1, 0]  # its own tick counts, in May


def test_a_task_with_a_frequency_field_is_a_commitment() -> None:
    g = graph({"Plan.md": "- [ ] Run 5k [frequency:: 3 times a week]\n"
                          "- [ ] Buy shoes [due:: 2025-07-01]\n"})
    assert commitments(g) == {"Plan.md:1": ("week", 3)}


def test_a_recurring_task_in_a_goal_note_is_a_commitment_under_the_goal() -> None:
    g = graph({"Goals/Marathon.md": "- [ ] Long run 🔁 every week\n- [ ] Buy shoes\n"})
    node = g.nodes["Goals/Marathon.md:1"]
    assert node.kind == "commitment" and node.parent == "Goals/Marathon.md"


def test_a_recurring_task_in_a_template_is_nothing() -> None:
    g = graph({"Templates/Weekly.md": ROUTINES})
    assert commitments(g) == {}


@pytest.mark.parametrize("path", ["Manual Testing/Smoke Testing the Tasks Plugin.md",
                                  "Formats/Tasks Format.md", "Test Data/Recurring.md",
                                  "Manuelles Testen/Wiederholung.md"])
def test_a_recurring_task_in_test_notes_or_format_samples_is_nothing(path: str) -> None:
    assert commitments(graph({path: ROUTINES})) == {}


OLD_ROUTINES = """# Routines

- [x] Renew the passport 🔁 every year ✅ 2023-03-01
- [x] Water the ferns 🔁 every week ✅ 2025-01-05
- [ ] Call the bank 🔁 every month 📅 2024-11-02
- [/] Stretch 🔁 every day ⏳ 2025-06-01
- [x] Pay rent 🔁 every month ✅ 2025-06-01
- [-] Dust the attic 🔁 every month
- [ ] Mow the lawn 🔁 every week 📅 2024-05-01
- [x] Mow the lawn 🔁 every week 📅 2025-05-04 ✅ 2025-05-03
"""


def test_a_recurring_task_counts_only_while_it_is_live() -> None:
    # live: open with a date in the window or no date, or done within it (90 days, or
    # two of its periods when longer); an old series is an old to-do
    assert sorted(commitments(graph({"Home.md": OLD_ROUTINES}))) == [
        "Home.md:6", "Home.md:7", "Home.md:9"]


def test_a_yearly_task_done_within_two_years_is_live() -> None:
    g = graph({"Home.md": "- [x] Renew the passport 🔁 every year ✅ 2023-07-01\n"})
    assert commitments(g) == {"Home.md:1": ("year", 1)}


def test_a_recurring_task_goes_quiet_as_the_days_pass_and_the_cache_follows() -> None:
    notes = {"Home.md": "- [x] Pay rent 🔁 every month ✅ 2025-06-01\n- [ ] Buy a lamp\n"}
    cache = GraphCache()
    for day in (TODAY, date(2025, 8, 29), date(2025, 8, 31), TODAY):
        cached, fresh = graph(notes, today=day, cache=cache), graph(notes, today=day)
        assert dump(cached) == dump(fresh)
        assert bool(commitments(fresh)) is (day < date(2025, 8, 31))


# --- period and frequency fields ----------------------------------------------------------------


def test_a_note_with_period_and_frequency_fields_is_a_commitment() -> None:
    text = "# Stretching\n\nperiod:: daily\nfrequency:: 5 times a week\n\nTen minutes.\n"
    g = graph({"Routines/Stretching.md": text})
    assert commitments(g) == {"Routines/Stretching.md": ("week", 5)}
    assert g.nodes["Routines/Stretching.md"].found_by == "habits"


@pytest.mark.parametrize("text", [
    "---\nfrequency: weekly\n---\n# Yoga\n",
    "---\ntype: habit\nperiod: daily\n---\n",
    "# Yoga\n\nfrequency:: 2x/week\n",
])
def test_period_fields_in_properties_or_the_page(text: str) -> None:
    g = graph({"Yoga.md": text})
    assert list(commitments(g)) == ["Yoga.md"]


@pytest.mark.parametrize(("path", "text"), [
    ("Podcasts/Hard Fork.md", "---\ntype: podcast\nfrequency: weekly\n---\n"),
    ("Reading/Newsletter.md", "---\nsource: https://example.com\nfrequency: weekly\n---\n"),
    ("Yoga.md", "# Yoga\n\nfrequency:: often\n"),
    ("Yoga.md", "# Yoga\n\nThe class meets weekly.\n"),
    ("Templates/Habit.md", "---\nfrequency: weekly\n---\n# {{title}}\n"),
    ("Reviews/2025-W12.md", "---\nperiod: weekly\n---\n# Review\n"),
    ("Daily/2025-06-01.md", "---\nperiod: daily\n---\n"),
    ("Reviews/Q1.md", "---\nperiod: Q1 2025\n---\n"),
])
def test_period_fields_that_are_not_commitments(path: str, text: str) -> None:
    assert commitments(graph({path: text})) == {}


def test_a_goal_note_with_a_frequency_is_a_commitment_like_every() -> None:
    g = graph({"Goals/Piano.md": "# Piano\n\nfrequency:: 4 times a week\n"})
    assert commitments(g) == {"Goals/Piano.md": ("week", 4)}


# --- habit lists in daily notes ---------------------------------------------------------------


def test_the_same_checkbox_in_daily_notes_is_one_daily_commitment() -> None:
    notes = days(["- [x] Meditate\n- [ ] Floss", "- [x] Meditate\n- [x] Floss",
                  "- [ ] meditate!\n- [x] Floss"])
    g = graph(notes)
    assert commitments(g) == {"Daily/2025-06-10.md:4": ("day", 1),
                              "Daily/2025-06-10.md:5": ("day", 1)}
    meditate = g.nodes["Daily/2025-06-10.md:4"]
    assert [(t.path, t.task.line) for t in meditate.tasks] == [
        ("Daily/2025-06-11.md", 4), ("Daily/2025-06-12.md", 4)]
    st = commitment_status(g, meditate, CONFIG)
    assert [p.count for p in st.history] == [1, 1, 0, 0, 0, 0]  # the 10th to the 15th
    assert meditate.declared == "active"


@pytest.mark.parametrize("lines", [
    ["- [x] Meditate", "- [x] Meditate"],  # in two notes only
    ["- [ ] Call the bank", "- [ ] Call the bank", "- [x] Call the bank"],  # carried over
    ["- [ ] Call the bank", "- [ ] Call the bank", "- [ ] Call the bank"],
])
def test_a_line_in_few_daily_notes_or_ticked_once_is_no_habit(lines: list[str]) -> None:
    assert commitments(graph(days(lines))) == {}


def test_the_same_checkbox_in_notes_that_are_not_daily_is_no_habit() -> None:
    notes = {f"Notes/{n}.md": "- [x] Meditate\n" for n in ("a", "b", "c", "d")}
    assert commitments(graph(notes)) == {}


def test_a_habit_is_seen_within_the_last_90_days() -> None:
    notes = days(["- [x] Meditate"] * 3, start=date(2025, 1, 2))
    assert commitments(graph(notes)) == {}
    assert list(commitments(graph(notes, today=date(2025, 1, 10)))) == [
        "Daily/2025-01-02.md:4"]


def test_a_repeated_goal_task_stays_a_goal() -> None:
    notes = days(["- [x] Ship it #goal", "- [x] Ship it #goal", "- [x] Ship it #goal"])
    g = graph(notes)
    assert commitments(g) == {}
    assert {n.kind for n in g.nodes.values()} == {"goal"}


def test_habits_off() -> None:
    config = Config(daily_folder="Daily", conventions_off=("habits",))
    notes = {**days(["- [x] Meditate"] * 3), "Routines/Weekly.md": ROUTINES}
    assert commitments(graph(notes, config)) == {}


def test_a_cached_build_with_habits_equals_a_cold_one() -> None:
    notes = {**days(["- [x] Meditate\n- [x] Floss"] * 3), "Routines/Weekly.md": ROUTINES}
    cache = GraphCache()
    steps: list[tuple[dict[str, str], date]] = [
        (dict(notes), TODAY),
        ({**notes, "Daily/2025-06-11.md": "# Day\n\n## Habits\n- [ ] Meditate\n"}, TODAY),
        ({**notes, "Daily/2025-06-13.md": "- [x] Floss\n"}, TODAY),
        ({**notes, "Daily/2025-06-13.md": "- [x] Floss\n"}, date(2025, 12, 1)),
        ({**notes, "Other.md": "- [ ] x [[Daily/2025-06-10]]\n"}, TODAY),
        (dict(notes), TODAY),
    ]
    docs: dict[str, object] = {}
    for texts, today in steps:
        parsed = {}
        for p, t in texts.items():  # an unchanged note keeps its doc, as the index does
            old = docs.get(p)
            parsed[p] = old if old is not None and old[0] == t else (  # type: ignore[index]
                t, read_conventions(parse_note(p, t), CONFIG))
        docs = dict(parsed)
        view = {p: d for p, (_, d) in parsed.items()}  # type: ignore[misc]
        warm = build_graph(view, CONFIG, today, cache=cache)
        cold = build_graph({p: read_conventions(parse_note(p, t), CONFIG)
                            for p, t in texts.items()}, CONFIG, today)
        assert dump(warm) == dump(cold)


CALLOUT = "# Day\n\n> [!success]+ Habits\n> - [{}] 🏋️\n> - [{}] 📖\n"


def callout_days(marks: list[str], start: date) -> dict[str, str]:
    return {f"Daily/{start + timedelta(days=i)}.md": CALLOUT.format(m, m)
            for i, m in enumerate(marks)}


def test_emoji_checkboxes_in_a_callout_are_daily_commitments() -> None:
    notes = callout_days(["x", "x", " "], date(2025, 6, 10))
    assert commitments(graph(notes)) == {"Daily/2025-06-10.md:4": ("day", 1),
                                         "Daily/2025-06-10.md:5": ("day", 1)}



def test_the_kept_grouping_follows_every_edit_of_the_daily_notes() -> None:
    """`Grouping.update` (the watcher's, note by note) gives what `group` gives from
    scratch, after each edit: a line added, ticked, removed; a note deleted or added."""
    rng = random.Random(7)
    words = ["Meditate", "Floss", "Read", "Call the bank", "Stretch"]
    config = Config()

    def tasks_of(path: str, text: str) -> NoteTasks:
        doc = read_conventions(parse_note(path, text, config.cue_words), config)
        return note_tasks(doc, config, {}, False, {})

    def text() -> str:
        return "".join(f"- [{rng.choice(' x')}] {rng.choice(words)}\n"
                       for _ in range(rng.randint(0, 4)))

    notes = {f"Daily/2025-06-{d:02d}.md": text() for d in range(1, 9)}
    live = {p: tasks_of(p, t) for p, t in notes.items()}
    kept = Grouping()
    for step in range(60):
        assert kept.update(live) == group(live.items()), step
        path = f"Daily/2025-06-{rng.randint(1, 10):02d}.md"
        if path in live and rng.random() < 0.2:
            del live[path]
        else:
            live[path] = tasks_of(path, text())
        live = dict(sorted(live.items()))
