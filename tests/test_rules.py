"""Specs for the roll-up, the states and the commitment counts (docs/goals.md "Progress",
"States", and the commitment properties), in process: note texts in, graph values out."""

from __future__ import annotations

from datetime import date

import pytest

from tests import conftest
from vaultgoals.core.commitments import days_left
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.insights import week_of, wins

TODAY = date(2026, 11, 20)  # a Friday in 2026-W47


def graph_of(files: dict[str, str], today: date = TODAY) -> Graph:
    return conftest.graph_of(files, today)


def node(files: dict[str, str], key: str, today: date = TODAY) -> Node:
    return graph_of(files, today).nodes[key]


def goal(props: str = "", body: str = "") -> str:
    return f"---\ntype: goal\n{props}---\n{body}"


# ------------------------------------------------------------------------------- progress


def test_progress_counts_leaf_tasks_and_leaves_out_cancelled_ones() -> None:
    n = node({"G.md": goal(body="- [x] a ✅ 2026-11-01\n- [ ] b\n- [-] dropped\n"
                                "- [ ] c\n  - [x] c1\n  - [ ] c2\n")}, "G.md")
    # leaves: a, b, c1, c2 (c has subtasks, the cancelled task does not count)
    assert (n.done_leaves, n.total_leaves) == (2, 4)
    assert n.progress == 0.5
    assert n.explain == "2 of 4 tasks"


def test_a_measurable_goal_is_progress_over_target_capped_at_100() -> None:
    half = node({"G.md": goal("target: 12\nprogress: 3\nunit: books\n")}, "G.md")
    assert half.progress == 0.25 and half.explain == "3 of 12 books"
    over = node({"G.md": goal("target: 12\nprogress: 15\nunit: books\n")}, "G.md")
    assert over.progress == 1.0 and over.explain == "15 of 12 books"


def test_a_done_goal_is_100_whatever_its_tasks() -> None:
    n = node({"G.md": goal("status: done\ncompleted: 2026-11-18\n", "- [ ] never did\n")},
             "G.md")
    assert n.progress == 1.0 and n.state == "done"


def test_milestones_count_with_their_steps() -> None:
    n = node({"G.md": goal(body="## Milestones\n- [x] M1 ✅ 2026-11-17\n  - [x] s ✅ 2026-11-16\n"
                                "- [ ] M2\n  - [ ] t\n")}, "G.md")
    assert n.progress == 0.5
    assert n.explain == "1 of 2 milestones · 1 of 2 tasks"


def test_a_child_note_without_tasks_counts_as_one_leaf_done_when_its_status_is_done() -> None:
    files = {
        "G.md": goal(body="- [ ] own task\n"),
        "A.md": goal('parent: "[[G]]"\nstatus: done\n'),
        "B.md": goal('parent: "[[G]]"\n'),
    }
    n = node(files, "G.md")
    assert (n.done_leaves, n.total_leaves) == (1, 3)


def test_weights_make_a_weighted_mean_and_dropped_children_do_not_count() -> None:
    files = {
        "V.md": "---\ntype: vision\n---\n",
        "A.md": goal('parent: "[[V]]"\nstatus: done\n'),
        "B.md": goal('parent: "[[V]]"\nweight: 3\n', "- [ ] x\n"),
        "D.md": goal('parent: "[[V]]"\nstatus: dropped\n'),
        "C.md": "---\ntype: commitment\nparent: \"[[V]]\"\nevery: week\n---\n",
    }
    v = node(files, "V.md")
    # (1.0 × 1 + 0.0 × 3) / 4; the dropped goal and the commitment are left out
    assert v.progress == 0.25
    assert v.explain == "1 of 2 goals done · weighted mean of 2 goals"


def test_a_negative_weight_is_named_and_read_as_one() -> None:
    """A weight below zero would turn the weighted mean upside down (here a vision whose only
    done goal left it at 0 %): it is named as a problem and read as weight 1, in a goal
    note's properties and on a goal written as a task."""
    files = {"V.md": "---\ntype: vision\n---\n",
             "A.md": goal('parent: "[[V]]"\nweight: -3\n', "- [x] a ✅ 2026-11-01\n"),
             "B.md": goal('parent: "[[V]]"\n', "- [ ] b\n"),
             "C.md": "- [ ] Swim #goal [weight:: -2]\n"}
    graph = graph_of(files)
    assert graph.nodes["V.md"].progress == 0.5
    assert [(p.path, p.line, p.message) for p in graph.problems] == [
        ("A.md", 4, "weight '-3' is below zero; read as weight 1, like a note without one"),
        ("C.md", 1, "weight '-2' is below zero; read as weight 1, like a note without one")]


def test_a_vision_with_one_goal_says_so_in_words() -> None:
    files = {"V.md": "---\ntype: vision\n---\n", "A.md": goal('parent: "[[V]]"\n', "- [ ] x\n")}
    assert node(files, "V.md").explain == "0 of 1 goal done · the progress of its one goal"


# ---------------------------------------------------------------------------------- states


@pytest.mark.parametrize(("props", "body", "state"), [
    ("status: dropped\ndeadline: 2026-11-01\n", "- [ ] a\n", "dropped"),
    ("status: paused\ndeadline: 2026-11-01\n", "- [ ] a\n", "paused"),
    ("status: done\ndeadline: 2026-11-01\n", "- [ ] a\n", "done"),
    ("deadline: 2026-11-01\n", "- [ ] a\n", "overdue"),
    ("", "- [ ] a 🆔 aa ⛔ bb\n- [ ] b 🆔 bb ⛔ aa\n", "blocked"),
    ("", "- [ ] a 🆔 aa\n- [ ] b ⛔ aa\n", "active"),  # a can be done now
    ("", "- [x] a ✅ 2026-11-01\n", "done"),  # every step done: done
    ("deadline: 2026-11-01\n", "- [x] a ✅ 2026-11-03\n", "done"),  # late, but done
    ("", "Words, no tasks.\n", "stuck"),  # active, nothing to do next
    ("", "- [x] a ✅ 2026-11-01\n- [-] b\n", "done"),  # cancelled steps do not count
    ("deadline: 2026-11-20\n", "- [ ] a\n", "active"),  # the deadline is today: not passed
])
def test_states_in_order_of_precedence(props: str, body: str, state: str) -> None:
    assert node({"G.md": goal(props, body)}, "G.md").state == state


def test_a_milestone_note_whose_steps_are_all_done_is_done_on_its_last_step() -> None:
    files = {"G.md": goal("", "- [ ] outline\n"),
             "M.md": "---\ntype: milestone\nparent: \"[[G]]\"\n---\n"
                     "- [x] draft ✅ 2026-11-03\n- [x] edit ✅ 2026-11-05\n"}
    m = node(files, "M.md")
    assert (m.state, m.progress, m.completed) == ("done", 1.0, date(2026, 11, 5))
    assert node(files, "G.md").state == "active"


def test_a_goal_whose_milestones_are_plain_list_items_is_not_stuck() -> None:
    body = "## Milestones\n- Draft the outline\n- ~~Pick a publisher~~\n"
    g = graph_of({"G.md": goal("", body)})
    assert g.nodes["G.md"].state == "active"
    assert [g.nodes[k].state for k in g.nodes["G.md"].children] == ["active", "done"]


# ----------------------------------------------------------------------------- commitments

LOG = ("- [x] a #net ✅ 2026-11-02\n- [x] b #net ✅ 2026-11-03\n- [x] c #net ✅ 2026-10-03\n"
       "- [x] d #net ✅ 2026-09-03\n- [x] e #net ✅ 2026-09-04\n- [x] f ✅ 2026-11-04\n")


def commitment(props: str) -> str:
    return f"---\ntype: commitment\ntag: net\n{props}---\n"


def test_a_commitment_counts_tagged_completions_in_the_current_period() -> None:
    graph = graph_of({"C.md": commitment("every: month\nquota: 2\n"), "Log.md": LOG})
    n = graph.nodes["C.md"]
    assert n.state == "met" and n.progress == 1.0
    status = graph.statuses[("C.md", "sunday")]  # (en weeks, the default: not used here)
    assert [(p.label, p.count, p.met) for p in status.history] == [
        ("September 2026", 2, True), ("October 2026", 1, False), ("November 2026", 2, True)]
    assert status.streak == 1  # October broke the run
    assert n.explain == "2 of 2 done in November 2026 · streak 1"


def test_a_commitment_short_of_its_quota_is_behind_with_partial_progress() -> None:
    n = node({"C.md": commitment("every: month\nquota: 4\n"), "Log.md": LOG}, "C.md")
    assert n.state == "behind" and n.progress == 0.5


def test_weekly_periods_follow_the_week_start() -> None:
    files = {"C.md": commitment("every: week\n"), "Log.md": LOG}
    graph = graph_of(files)  # the default: en weeks, Sunday to Saturday
    current = graph.statuses[("C.md", "sunday")].current
    assert (current.start, current.end) == (date(2026, 11, 15), date(2026, 11, 21))
    assert current.count == 0
    assert days_left(TODAY, current) == 2  # Friday, Saturday
    monday = conftest.graph_of(files, TODAY, Config(week_start="monday"))
    current = monday.statuses[("C.md", "monday")].current
    assert (current.start, current.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert days_left(TODAY, current) == 3  # Friday, Saturday, Sunday


def test_new_links_counts_each_person_once_ever() -> None:
    files = {
        "C.md": commitment("every: month\nquota: 2\ncount: new-links\n"),
        "Ann.md": "", "Bob.md": "",
        "Log.md": "- [x] met [[Ann]] #net ✅ 2026-10-02\n- [x] again [[Ann]] #net ✅ 2026-11-03\n"
                  "- [x] [[Bob]] #net ✅ 2026-11-04\n",
    }
    n = node(files, "C.md")
    assert n.explain == "1 of 2 new contacts in November 2026"  # Ann was met in October
    assert n.state == "behind"


# ------------------------------------------------------------------------------------ wins


def test_wins_are_this_weeks_completed_tasks_by_goal_and_the_nodes_done_in_it() -> None:
    graph = graph_of({
        "G.md": goal(body="- [x] this week ✅ 2026-11-17\n- [x] last week ✅ 2026-11-09\n"
                          "- [x] after today ✅ 2026-11-21\n"
                          "## Milestones\n- [x] M1 ✅ 2026-11-17\n- [x] M0 ✅ 2026-11-09\n"),
        "H.md": goal("status: done\ncompleted: 2026-11-18\n"),
        "Loose.md": "- [x] not toward a goal ✅ 2026-11-16\n",
    })
    found, done = wins(graph, week_of(TODAY), TODAY)
    by_goal = {w.goal.key if w.goal else None: [r.task.fields.description for r in w.tasks]
               for w in found}
    assert by_goal == {"G.md": ["this week"], None: ["not toward a goal"]}
    assert sorted(n.title for n in done) == ["H", "M1"]  # M0 was last week
