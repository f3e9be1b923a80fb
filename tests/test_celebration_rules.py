"""Specs for the celebration rules (vaultgoals/core/celebrations.py, docs/goals.md
"Celebrations: one per achievement"), in process: note texts in, plans and texts out."""

from __future__ import annotations

from datetime import date

from tests.conftest import graph_of
from vaultgoals.core.celebrations import (
    Achievement,
    achievement_keys,
    celebration_note,
    celebration_path,
    key_marker,
    parse_celebration_note,
    parse_wins_log,
    plan_celebrations,
    wins_log_body,
)
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.identity import AchievementRecord

TODAY = date(2026, 11, 20)
COURSE = ("---\ntype: goal\n---\n## Milestones\n- [x] Week 1 ✅ 2026-11-18\n"
          "- [x] week 1 ✅ 2026-11-19\n- [ ] Week 2\n")
DONE_GOAL = "---\ntype: goal\nstatus: done\ncompleted: 2026-11-17\n---\n"


def records(graph: Graph, achs: tuple[Achievement, ...]) -> dict[str, AchievementRecord]:
    """What the journal keeps once `achs` are celebrated."""
    return {a.key: a.record(celebration_path(Config(), a), TODAY) for a in achs}


def test_keys_are_kind_normalised_title_and_parent_with_a_number_for_repeats() -> None:
    graph = graph_of({"Goals/A.md": COURSE, "Goals/B.md": DONE_GOAL}, TODAY)
    assert achievement_keys(graph) == {
        "Goals/A.md:5": "milestone:week 1@Goals/A.md",
        "Goals/A.md:6": "milestone:week 1@Goals/A.md#2",  # same title, same parent
        "Goals/B.md": "goal:b@",
    }


def test_the_same_title_under_two_goals_is_two_achievements() -> None:
    graph = graph_of({"Goals/A.md": COURSE, "Goals/C.md": COURSE}, TODAY)
    keys = set(achievement_keys(graph).values())
    assert {"milestone:week 1@Goals/A.md", "milestone:week 1@Goals/C.md"} <= keys


def test_a_first_plan_celebrates_every_recent_done_item_once_known_nothing() -> None:
    graph = graph_of({"Goals/A.md": COURSE, "Goals/B.md": DONE_GOAL}, TODAY)
    plan = plan_celebrations(graph, {}, TODAY)
    assert [(a.key, a.done_on, a.celebrate, a.occurrence) for a in plan.new] == [
        ("milestone:week 1@Goals/A.md", date(2026, 11, 18), True, 1),
        ("milestone:week 1@Goals/A.md#2", date(2026, 11, 19), True, 2),
        ("goal:b@", date(2026, 11, 17), True, 1),
    ]
    assert plan.renames == ()
    again = plan_celebrations(graph, records(graph, plan.new), TODAY)
    assert (again.new, again.renames) == ((), ())


def test_older_than_the_lookback_is_recorded_not_celebrated() -> None:
    graph = graph_of({"Goals/B.md": DONE_GOAL}, TODAY)
    (ach,) = plan_celebrations(graph, {}, TODAY, lookback_days=2).new
    assert not ach.celebrate
    (ach,) = plan_celebrations(graph, {}, TODAY, lookback_days=3).new
    assert ach.celebrate


def test_a_done_date_after_today_is_not_a_fact_yet() -> None:
    graph = graph_of({"Goals/B.md": DONE_GOAL.replace("2026-11-17", "2026-11-25")}, TODAY)
    assert plan_celebrations(graph, {}, TODAY).new == ()
    later = graph_of({"Goals/B.md": DONE_GOAL.replace("2026-11-17", "2026-11-25")},
                     date(2026, 11, 25))
    assert [a.key for a in plan_celebrations(later, {}, date(2026, 11, 25)).new] == ["goal:b@"]


def test_a_renamed_note_claims_its_old_record_instead_of_a_new_celebration() -> None:
    before = graph_of({"Goals/Read.md": DONE_GOAL + "- [x] book one ✅ 2026-11-10\n"}, TODAY)
    known = records(before, plan_celebrations(before, {}, TODAY).new)
    after = graph_of({"Goals/Read twelve.md": DONE_GOAL + "- [x] book one ✅ 2026-11-10\n"},
                     TODAY)
    plan = plan_celebrations(after, known, TODAY)
    assert plan.new == ()
    assert [(old, a.key) for old, a in plan.renames] == [("goal:read@", "goal:read twelve@")]


def test_a_record_whose_item_is_still_in_the_vault_cannot_be_claimed() -> None:
    """Unticking milestone A and ticking B in one edit celebrates B."""
    ticked_a = "---\ntype: goal\n---\n## Milestones\n- [x] A ✅ 2026-11-18\n- [ ] B\n"
    before = graph_of({"G.md": ticked_a}, TODAY)
    known = records(before, plan_celebrations(before, {}, TODAY).new)
    after = graph_of({"G.md": ticked_a.replace("[x] A", "[ ] A").replace(
        "[ ] B", "[x] B ✅ 2026-11-18")}, TODAY)
    plan = plan_celebrations(after, known, TODAY)
    assert [a.key for a in plan.new] == ["milestone:b@G.md"] and plan.renames == ()


def test_celebration_paths_carry_the_date_and_number_repeats() -> None:
    graph = graph_of({"Goals/A.md": COURSE}, TODAY)
    paths = [celebration_path(Config(), a) for a in plan_celebrations(graph, {}, TODAY).new]
    assert paths == ["Celebrations/2026-11-18 Week 1.md", "Celebrations/2026-11-19 week 1 (2).md"]


def test_a_celebration_note_is_read_back_as_what_it_celebrates() -> None:
    graph = graph_of({"Goals/A.md": COURSE}, TODAY)
    ach = plan_celebrations(graph, {}, TODAY).new[0]
    note = celebration_note(graph, Config(), ach)
    assert note.startswith("# 🎉 Week 1\n")
    assert "**Milestone reached on 2026-11-18**: [[Goals/A|Week 1]], part of [[Goals/A|A]]" in note
    seen = parse_celebration_note("Celebrations/x.md", note)
    assert seen is not None
    assert (seen.kind, seen.title, seen.done_date, seen.parent, seen.marker) == (
        "milestone", "week 1", "2026-11-18", "Goals/A", key_marker(ach.key))
    assert parse_celebration_note("Notes/mine.md", "# 🎉 My party\n\nNo marker here.\n") is None


def test_the_wins_log_lists_newest_first_and_is_read_back() -> None:
    graph = graph_of({"Goals/A.md": COURSE, "Goals/B.md": DONE_GOAL}, TODAY)
    log = wins_log_body(records(graph, plan_celebrations(graph, {}, TODAY).new))
    assert log.splitlines() == [
        "- 2026-11-19 🏁 week 1 — [[Celebrations/2026-11-19 week 1 (2)|celebration]]",
        "- 2026-11-18 🏁 Week 1 — [[Celebrations/2026-11-18 Week 1|celebration]]",
        "- 2026-11-17 🎯 B — [[Celebrations/2026-11-17 B|celebration]]",
    ]
    assert [(s.kind, s.title, s.done_date) for s in parse_wins_log(log)] == [
        ("milestone", "week 1", "2026-11-19"), ("milestone", "week 1", "2026-11-18"),
        ("goal", "b", "2026-11-17")]
    assert wins_log_body({}) == "No milestones or goals reached yet."


def test_a_past_wins_celebration_tells_the_streaks_of_its_own_day() -> None:
    ticks = "".join(f"- [x] run #run ✅ {d}\n" for d in (
        "2026-10-20", "2026-10-27", "2026-11-03", "2026-11-10", "2026-11-17"))
    graph = graph_of({
        "Run.md": "---\ntype: commitment\nevery: week\nquota: 1\ntag: run\n---\n",
        "Log.md": ticks,
        "Goals/A.md": "---\ntype: goal\n---\n## Milestones\n- [x] Week 1 ✅ 2026-11-04\n"
                      "- [ ] Week 2\n"}, TODAY)
    plan = plan_celebrations(graph, {}, TODAY)
    (ach,) = [a for a in plan.new if a.node.kind == "milestone"]
    text = celebration_note(graph, Config(), ach)
    assert "met 3 weeks in a row" in text  # W43–W45 on 2026-11-04, not today's 5


def test_keys_follow_each_new_graph() -> None:
    """The done nodes are kept for the last graph asked: a graph built after an edit (a
    milestone ticked, one unticked) has its own keys, and the plan agrees with them."""
    graph = graph_of({"Goals/A.md": COURSE}, TODAY)
    assert set(achievement_keys(graph)) == {"Goals/A.md:5", "Goals/A.md:6"}
    edited = graph_of({"Goals/A.md": COURSE.replace("- [ ] Week 2", "- [x] Week 2 ✅ 2026-11-20")
                       .replace("- [x] week 1 ✅ 2026-11-19", "- [ ] week 1")}, TODAY)
    assert set(achievement_keys(edited)) == {"Goals/A.md:5", "Goals/A.md:7"}
    plan = plan_celebrations(edited, {}, TODAY)
    assert {a.node.key for a in plan.new} == {"Goals/A.md:5", "Goals/A.md:7"}
    assert set(achievement_keys(graph)) == {"Goals/A.md:5", "Goals/A.md:6"}
