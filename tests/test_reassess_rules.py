"""Specs for reassessment with memory and the method's smaller steps (#17 parts 2 and 4):
revisions (core/revisions.py), the answer lines under Reassess (core/decisions.py) and how a
region keeps them, the status edit (core/statusedit.py), reading the previous review back
(core/previous.py), memory's reasons, Not started and vision alignment (core/reassess.py),
research by goal (core/research.py). In process: values and texts in, values and text out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.conftest import graph_of
from vaultgoals.core.config import Config, ConfigError, parse_config
from vaultgoals.core.decisions import blind, carry, option_lines, ticks, without_decisions
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graphmodel import Node
from vaultgoals.core.insights import build_review, week_of
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.previous import next_actions, user_notes
from vaultgoals.core.reassess import (
    goals_by_vision,
    memory_reasons,
    not_started,
    untied_goals,
)
from vaultgoals.core.regions import render_region, update_regions
from vaultgoals.core.research import research_by_goal
from vaultgoals.core.revisions import (
    Memory,
    Revision,
    describe,
    detect,
    remembered,
    revisions_between,
)
from vaultgoals.core.statusedit import set_status

TODAY = date(2026, 11, 20)
STATUS_KEYS = ("status", "state", "stage")


def goal(props: str, body: str = "") -> str:
    return f"---\ntype: goal\n{props}---\n{body}"


# -- revisions ---------------------------------------------------------------------------


def _node(**kw: object) -> Node:
    return replace(Node("G.md", "goal", "G", "G.md", 1), **kw)  # type: ignore[arg-type]


def test_a_goal_seen_first_is_a_baseline_and_a_change_is_a_revision() -> None:
    first = _node(deadline=date(2026, 12, 1), target=10.0)
    values, found = detect([first], Memory(), "2026-11-01")
    assert found == [] and ("G.md", "deadline", "2026-12-01") in values
    memory = remembered(Memory(), values, found, "2026-11-01")
    assert memory.first_seen["G.md"] == "2026-11-01"
    assert detect([first], memory, "2026-11-02") == ([], [])  # nothing changed: nothing kept
    moved = _node(deadline=date(2027, 3, 1), target=6.0, declared="paused")
    values, found = detect([moved], memory, "2026-11-20")
    assert [(r.field, r.old, r.new) for r in found] == [
        ("deadline", "2026-12-01", "2027-03-01"), ("target", "10", "6"),
        ("status", "active", "paused")]
    inline = replace(moved, inline=True)  # (a goal written as a task is keyed by its line)
    assert detect([inline], Memory(), "2026-11-20") == ([], [])


def test_a_moved_deadline_is_said_with_its_count() -> None:
    revs = (Revision("G.md", "deadline", "2026-10-01", "", "2026-11-01"),
            Revision("G.md", "deadline", "2026-11-02", "2026-11-01", "2026-12-01"),
            Revision("G.md", "deadline", "2026-11-20", "2026-12-01", "2027-03-01"),
            Revision("G.md", "parent", "2026-11-20", "V.md", "W.md"))
    said = [describe(r, revs, {"V.md": "Vision"}) for r in revs]
    assert said == ["deadline set to 2026-11-01",
                    "deadline moved 2026-11-01 → 2026-12-01 (1st move)",
                    "deadline moved 2026-12-01 → 2027-03-01 (2nd move)",
                    "parent changed from Vision to W"]
    week = revisions_between({"G.md": revs}, date(2026, 11, 15), date(2026, 11, 21))
    assert week == {"G.md": revs[2:]}
    assert revisions_between({"G.md": revs}, date(2025, 1, 1), date(2025, 2, 1)) == {}


def test_memory_adds_moved_and_behind_reasons() -> None:
    files = {"Moved.md": goal("deadline: 2027-03-01\n", "- [x] a ✅ 2026-11-02\n- [ ] b\n"),
             "Behind.md": goal("deadline: 2026-12-20\n", "- [x] a ✅ 2026-09-02\n"
                               + "".join(f"- [ ] t{i}\n" for i in range(12)))}
    graph = graph_of(files, TODAY)
    revs = (Revision("Moved.md", "deadline", "2026-10-01", "2026-11-01", "2026-12-01"),
            Revision("Moved.md", "deadline", "2026-11-19", "2026-12-01", "2027-03-01"))
    memory = Memory(revisions={"Moved.md": revs})
    reasons = {r.node.title: r.reason for r in memory_reasons(graph, memory, TODAY, Config(),
                                                               {})}
    assert reasons["Moved"] == "deadline moved 2 times (last 2026-12-01 → 2027-03-01, on " \
                               "2026-11-19)"
    assert reasons["Behind"].startswith("pace has needed 2.8 tasks a week (done 0.0) for 3 weeks")
    off = Config(reassess_moves=0, behind_weeks=0)
    assert memory_reasons(graph, memory, TODAY, off, {}) == []


# -- answer lines ------------------------------------------------------------------------


GENERATED = "- [[G|G]] — deadline passed.\n" + "\n".join(option_lines("G.md")) + "\n"


def test_a_tick_or_typed_words_are_answers_not_edits() -> None:
    ticked = (GENERATED.replace("- [ ] keep", "- [x] keep ✅ 2026-11-21")
              .replace("move to … because …", "move to 2027-03-01 because the course moved"))
    assert blind(ticked) == blind(GENERATED) and blind(GENERATED) != GENERATED
    found = ticks(ticked, lambda mark: mark in "xX")
    assert [(t.option, t.ticked, t.detail, t.day) for t in found] == [
        ("keep", True, "", "2026-11-21"), ("shrink", False, "", None),
        ("move", False, "2027-03-01 because the course moved", None),
        ("pause", False, "", None), ("drop", False, "", None)]
    assert without_decisions(ticked).strip() == "- [[G|G]] — deadline passed."


def test_a_region_keeps_the_ticks_through_its_rewrite() -> None:
    note = "# R\n\n" + render_region("reassess", GENERATED) + "\nmine\n"
    ticked = note.replace("- [ ] drop", "- [x] drop")
    later = GENERATED.replace("deadline passed.", "deadline passed; moved 2 times.")
    content = {r: carry(later, ticked) for r in ("reassess",)}
    upd = update_regions(ticked, content)
    assert upd.updated == ("reassess",) and upd.kept == ()
    assert "    - [x] drop ^vgd-" in upd.text and "moved 2 times" in upd.text
    assert upd.text.endswith("\nmine\n")
    again = update_regions(upd.text, {"reassess": carry(later, upd.text)})
    assert again.text == upd.text  # a fixed point
    edited = ticked.replace("deadline passed.", "my own words.")
    assert update_regions(edited, {"reassess": later}).kept == ("reassess",)


# -- the status edit ---------------------------------------------------------------------


@pytest.mark.parametrize("old, new", [
    ("---\ntitle: x\nstatus: active # mine\n---\nbody\n",
     "---\ntitle: x\nstatus: dropped # mine\n---\nbody\n"),
    ("---\r\ntitle: x\r\n---\r\nbody", "---\r\ntitle: x\r\nstatus: dropped\r\n---\r\nbody"),
    ("# no properties\n", "---\nstatus: dropped\n---\n# no properties\n"),
    ("\ufeff---\nState: 'active'\n---\n", "\ufeff---\nState: dropped\n---\n"),
])
def test_set_status_changes_that_value_only(old: str, new: str) -> None:
    assert set_status(old, "dropped", STATUS_KEYS) == (new, "")


@pytest.mark.parametrize("old, why", [
    ("---\nstatus:\n  - active\n---\n", "not a one-line value"),
    ("---\nstatus: active\nstate: on\n---\n", "more than one status"),
    ("---\nstatus: [active\n---\n", "cannot be read"),
])
def test_set_status_leaves_what_it_cannot_edit_safely(old: str, why: str) -> None:
    new, reason = set_status(old, "dropped", STATUS_KEYS)
    assert new is None and why in reason


# -- the previous review -----------------------------------------------------------------


def test_the_users_part_and_the_next_actions_are_read_back() -> None:
    text = ("# Weekly review\n\n## Next actions\n\n" + render_region("next", (
        "- [[Goals/A|A]]: Write the intro ([[Goals/A|A]]:7)\n"
        "- [[Goals/B|B]]: no open task — add a next step\n")) +
        "\n## 🪞 Reflection\n\nWhat went well? What will I change next week?\n\n"
        "Slipped again: I keep A.\n\n### Later\nstill mine\n\n## Other\nnot this\n")
    assert user_notes(text) == ("Slipped again: I keep A.", "still mine")
    assert next_actions(text.split("begin next")[1]) == [("Goals/A", "Write the intro",
                                                          "Goals/A")]


def test_a_next_action_whose_note_is_not_linked_is_read_back_too() -> None:
    """Under `links: goals` (the default) a next action ticked in a daily note shows its
    note as text, `(2026-11-17:5)`: it is read back all the same, by the note's name."""
    content = ("- [[Goals/A|A]]: Call the venue (2026-11-17:5)\n"
               "- [[Goals/A|A]]: Book it ([[Goals/A|A]]:9) (blocked)\n")
    assert next_actions(content) == [("Goals/A", "Call the venue", "2026-11-17"),
                                     ("Goals/A", "Book it", "Goals/A")]


# -- not started, alignment, research ----------------------------------------------------


def test_not_started_oldest_first_with_their_first_step() -> None:
    files = {"Vision.md": "---\ntype: vision\n---\n",
             "New.md": goal("start: 2026-10-01\nparent: \"[[Vision]]\"\n", "- [ ] first\n"),
             "Old.md": goal("start: 2026-09-01\narea: Health\n"),
             "Begun.md": goal("", "- [x] a ✅ 2026-11-02\n- [ ] b\n")}
    graph = graph_of(files, TODAY)
    review = build_review(graph, Config(), week_of(TODAY), TODAY)
    items = not_started(graph, review, Memory())
    assert [(i.node.title, i.since, i.first_step and i.first_step.task.fields.description)
            for i in items] == [("Old", "2026-09-01", None), ("New", "2026-10-01", "first")]
    # (not started is no reason to reassess; having no step at all is: stuck)
    assert [(r.node.title, r.reason) for r in review.reassess
            if r.node.title in ("Old", "New")] == [("Old", "no open next action")]
    assert [n.title for n in untied_goals(graph)] == ["Begun"]
    assert {k: [n.title for n in v] for k, v in goals_by_vision(graph).items()} == {
        "Vision.md": ["New"]}


def test_research_and_opportunities_by_goal() -> None:
    files = {"Data.md": goal(""),
             "Research/Trends.md": "---\ndate: 2026-11-10\n---\nsee [[Data]]\n",
             "Notes/Offer.md": "---\ntags: [opportunity]\ngoal: \"[[Data]]\"\n"
                               "created: 2026-10-02\n---\n",
             "2026-11-12.md": "- [x] Read the survey #research [[Data]] ✅ 2026-11-12\n"
                              "- [x] unrelated #research ✅ 2026-11-12\n"}
    graph = graph_of(files, TODAY)
    docs = {p: read_conventions(parse_note(p, t), Config()).slim() for p, t in files.items()}
    texts = {p: t for p, t in files.items() if "/" in p}
    got = research_by_goal(graph, docs, Config(), date(2026, 11, 1), date(2026, 11, 30), texts)
    assert [(i.kind, i.tag, i.title, i.day) for i in got["Data.md"]] == [
        ("note", "", "Trends", "2026-11-10"),
        ("task", "research", "Read the survey #research [[Data]]", "2026-11-12")]
    october = research_by_goal(graph, docs, Config(), date(2026, 10, 1), date(2026, 10, 31),
                               texts)
    assert [i.title for i in october["Data.md"]] == ["Offer"]


def test_config_keys_of_memory_and_research() -> None:
    config = parse_config("reassess:\n  moves: 3\n  behind_weeks: 0\nresearch:\n  tags: ideas\n"
                          "  folders: [Reading]\n", {})
    assert (config.reassess_moves, config.behind_weeks, config.research_tags,
            config.research_folders) == (3, 0, ("ideas",), ("Reading",))
    with pytest.raises(ConfigError, match=r"'reassess\.behind_weeks' must be at most 52, got 99"):
        parse_config("reassess:\n  behind_weeks: 99\n", {})
    with pytest.raises(ConfigError, match=r"'research\.tags' must be a list of tags"):
        parse_config("research:\n  tags: [1]\n", {})
