"""`vaultgoals explain` in process: notes in (parsed and read by the goal conventions as the
pipeline does), the summary, one note's and one line's account, and the near misses out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vaultgoals.core.config import Config
from vaultgoals.core.explain import LABELS, Summary, explain_note, summarise
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import Graph, build_graph
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.nearmiss import FactsMemo, NearMiss, near_misses, within_one
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.checklist import checklist_items
from vaultgoals.core.render.explain import (
    EXPLAIN_REGION,
    explain_note_text,
    no_goals_lines,
    no_goals_markdown,
    note_json,
    summary_json,
    summary_lines,
    summary_markdown,
)
from vaultgoals.core.render.json import status_json
from vaultgoals.store.settings import load_config

TODAY = date(2025, 6, 1)
YEARLY = """\
# 2025

## 2025 Goals
- [ ] Swim twice a week
    - [x] Buy a pool pass
- Run a marathon
"""
GOAL_NOTE = "---\ntype: goal\n---\n# Learn Rust\n"


def read(files: dict[str, str], config: Config | None = None
         ) -> tuple[dict[str, NoteDoc], Graph, Config]:
    config = config or Config()
    docs = {p: read_conventions(parse_note(p, t, config.cue_words), config).slim()
            for p, t in files.items()}
    return docs, build_graph(docs, config, TODAY), config


def summary_of(files: dict[str, str], config: Config | None = None) -> Summary:
    docs, graph, config = read(files, config)
    return summarise(graph, docs, config)


def misses(files: dict[str, str], config: Config | None = None) -> list[NearMiss]:
    docs, graph, config = read(files, config)
    return near_misses(docs, config, graph.nodes)


# ---- the summary ------------------------------------------------------------------------------


def test_the_summary_groups_by_recogniser_and_place() -> None:
    s = summary_of({"Yearly/2025.md": YEARLY, "Areas/Goals/Learn Rust.md": "# Learn Rust\n",
                    "Areas/Goals/Ship v2.md": "", "Notes/Rust.md": GOAL_NOTE})
    assert dict(s.counts) == {"goal": 5, "milestone": 1}
    shape = [(g.kind, g.found_by, g.place, len(g.nodes)) for g in s.groups]
    assert shape == [("goal", "goal_folder", "Areas/Goals/", 2),
                     ("goal", "goal_lists", "Yearly/2025.md", 2),
                     ("goal", "type_property", "Notes/", 1),
                     ("milestone", "goal_lists", "Yearly/2025.md", 1)]
    text = summary_lines(s)
    assert text[0] == "5 goals, 1 milestone."
    assert "  2 goals in Yearly/2025.md: a list item under the goal heading '2025 Goals'" in text


def test_unknown_recogniser_names_are_shown_as_they_are() -> None:
    docs, graph, config = read({"Goals/A.md": ""})
    graph.nodes["Goals/A.md"].found_by = "someone_elses"
    graph.nodes["Goals/A.md"].reason = ""
    s = summarise(graph, docs, config)
    assert s.groups[0].label == "someone_elses" and "someone_elses" not in LABELS
    assert "  1 goal in Goals/: someone_elses" in summary_lines(s)


def test_templates_and_reference_notes_with_goal_lists_are_counted_as_skipped() -> None:
    s = summary_of({"Templates/Year.md": YEARLY, "Books/The One Thing.md": YEARLY,
                    "Yearly/2025.md": YEARLY})
    assert s.templates == ("Templates/Year.md",)
    assert s.references == ("Books/The One Thing.md",)
    assert {m.what for m in s.near} == {"template", "reference"}


def test_summary_json_has_stable_keys() -> None:
    data = summary_json(summary_of({"Yearly/2025.md": YEARLY, "Objectives/Ship.md": "x\n"}))
    assert list(data) == ["counts", "groups", "skipped", "near_misses", "conventions",
                          "conventions_off"]
    assert list(data["groups"][0]) == ["kind", "found_by", "label", "place", "headings",
                                       "count", "nodes"]
    assert list(data["near_misses"][0]) == ["path", "line", "what", "message", "fix", "config"]
    assert data["groups"][0]["nodes"][0] == {"key": "Yearly/2025.md:4", "path": "Yearly/2025.md",
                                             "line": 4, "title": "Swim twice a week"}


# ---- near misses ------------------------------------------------------------------------------


def test_a_goal_heading_with_no_list_is_a_near_miss() -> None:
    found = misses({"Someday.md": "# Someday\n\n## Goals\n\n## Ideas\n- a bike\n"})
    assert [(m.what, m.line) for m in found] == [("empty_heading", 3)]
    assert "'Goals' has no list under it" in found[0].message


def test_a_goal_heading_over_a_query_or_at_the_end_is_not_a_near_miss() -> None:
    query = "# Board\n\n## Goals\n\n```dataview\nTABLE x\nFROM y\nWHERE z\n```\n\n## Other\n"
    assert misses({"Board.md": query}) == []
    assert misses({"Board.md": "# Board\n\n## Goals\n"}) == []  # (a query may follow)
    assert misses({"Yearly.md": YEARLY}) == []  # the heading has its list


def test_today_headings_in_daily_notes_are_no_near_miss() -> None:
    daily = "## Today's goals\n\n## Log\nwent running\n"
    assert misses({"2025-06-01.md": daily}, Config(daily_folder="")) == []


@pytest.mark.parametrize("value, kind, config_fix", [
    ("gaol", "goal", True), ("Milestne", "milestone", True), ("habbit", "commitment", True),
    ("goals", "goal", False),
])
def test_a_kind_value_close_to_a_kind_is_a_near_miss(value: str, kind: str,
                                                      config_fix: bool) -> None:
    found = misses({"Notes/Thing.md": f"---\ntype: {value}\n---\n# Thing\n"})
    assert [(m.what, m.line, m.config) for m in found] == [("kind", 2, config_fix)]
    assert kind in found[0].message
    if config_fix:
        assert found[0].fix == f"goals: {{kinds: {{{kind}: [{value}]}}}}"
    else:
        assert found[0].fix == f"write type: {kind}"


@pytest.mark.parametrize("value", ["goal", "Goal ", '"Goal:"', "book", "meeting", "go", "project-x",
                                   "beta", "note", "gold"])
def test_kind_values_that_are_kinds_or_far_from_one_are_no_near_miss(value: str) -> None:
    assert [m for m in misses({"N.md": f"---\ntype: {value}\n---\n"}) if m.what == "kind"] == []


def test_a_folder_named_like_a_goals_folder_is_a_near_miss_with_its_config_line() -> None:
    found = misses({"Objectives/Ship v2.md": "# Ship\n", "Objectives/Hire.md": "",
                    "Life/🎯 Targets/Run.md": "", "My Goals 2025/Swim.md": "",
                    "Books/Goal setting/On goals.md": ""})
    assert [(m.path, m.fix) for m in found] == [
        ("Life/🎯 Targets/", "goals: {folders: [Goals, Goal, Targets]}"),
        ("My Goals 2025/", "goals: {folders: [Goals, Goal, My Goals 2025]}"),
        ("Objectives/", "goals: {folders: [Goals, Goal, Objectives]}"),
    ]
    assert found[2].message.startswith("2 notes in Objectives/")


def test_a_goals_folder_that_is_read_is_no_near_miss() -> None:
    assert misses({"Goals/Run.md": "", "Goal/Swim.md": ""}) == []
    config = Config(goal_folders=("Goals", "Objectives"))
    assert misses({"Objectives/Ship v2.md": ""}, config) == []


@pytest.mark.parametrize("tag", ["Goals", "goal-2025", "goals", "goal2025", "GOAL_2025"])
def test_a_goal_tag_spelled_differently_is_a_near_miss(tag: str) -> None:
    found = misses({"Inbox.md": f"# Inbox\n- [ ] Learn Rust #{tag}\n"})
    assert [(m.what, m.line, m.fix) for m in found] == [("tag", 2, f"goal_tag: {tag}")]


@pytest.mark.parametrize("tag", ["goal", "Goal", "goalkeeper-notes", "go", "project", "gaol"])
def test_the_goal_tag_or_unrelated_tags_are_no_near_miss(tag: str) -> None:
    assert misses({"Inbox.md": f"# Inbox\n- [ ] Learn Rust #{tag}\n"}) == []


def test_within_one() -> None:
    assert within_one("gaol", "goal") and within_one("goal", "goals")
    assert within_one("gal", "goal") and within_one("goak", "goal")
    assert not within_one("glow", "goal") and not within_one("goalies", "goal")


# ---- one note, one line ----------------------------------------------------------------------


def test_a_note_and_its_lines_say_who_found_them() -> None:
    docs, graph, config = read({"Yearly/2025.md": YEARLY})
    report = explain_note(graph, docs, config, "Yearly/2025.md")
    assert report.node is None
    assert [(n.line, n.kind, n.found_by) for n in report.nodes] == [
        (4, "goal", "goal_lists"), (5, "milestone", "goal_lists"), (6, "goal", "goal_lists")]
    line = explain_note(graph, docs, config, "Yearly/2025.md", 6).line
    assert line is not None and line.node is not None and line.claim_by == "goal_lists"
    assert line.node.reason == "a list item under the goal heading '2025 Goals'"
    data = note_json(explain_note(graph, docs, config, "Yearly/2025.md", 1), "# 2025")
    assert data["line"]["node"] is None and data["line"]["text"] == "# 2025"
    assert data["line"]["why_not"] == [
        "a heading is a node only with a goal tag on it; its list items may be goals"]


def test_a_note_nothing_recognised_says_why() -> None:
    docs, graph, config = read({"Templates/Goal.md": GOAL_NOTE, "Notes/Plain.md": "hello\n",
                                "Books/Deep Work.md": YEARLY})
    assert "template" in explain_note(graph, docs, config, "Templates/Goal.md").why_not[0]
    plain = explain_note(graph, docs, config, "Notes/Plain.md").why_not
    assert "only its tasks were read" in plain[0] and plain[1].startswith("conventions tried")
    book = explain_note(graph, docs, config, "Books/Deep Work.md")
    assert book.skipped == "reference" and "author's" in book.why_not[0]


def test_a_task_line_says_which_goal_it_counts_toward() -> None:
    docs, graph, config = read({"Goals/Run.md": "# Run\n- [ ] Buy shoes\n"})
    line = explain_note(graph, docs, config, "Goals/Run.md", 2).line
    assert line is not None and line.node is None
    assert line.counts_toward is not None and line.counts_toward.key == "Goals/Run.md"


def test_a_near_miss_line_says_what_is_missing() -> None:
    docs, graph, config = read({"Someday.md": "# Someday\n\n## Goals\n\n## Ideas\n"})
    line = explain_note(graph, docs, config, "Someday.md", 3).line
    assert line is not None and [m.what for m in line.near] == ["empty_heading"]


# ---- no goals --------------------------------------------------------------------------------


def test_no_goals_names_what_was_tried_the_near_misses_and_the_config_line() -> None:
    s = summary_of({"OKRs/Q3.md": "# Q3\n", "OKRs/Q4.md": "", "Plans.md": "## Goals\n\n## X\n"})
    assert not s.counts
    text = no_goals_lines(s)
    assert text[0] == "No goals found. Conventions tried:"
    assert any("goals folder" in t for t in text)
    assert text[-1] == ("To include them, add this line to .vaultgoals.yaml: "
                        "goals: {folders: [Goals, Goal, OKRs]}")
    md = no_goals_markdown(s, "Reviews/How vaultgoals reads this vault.md")
    assert "`goals: {folders: [Goals, Goal, OKRs]}`" in md
    assert "[[Reviews/How vaultgoals reads this vault|" in md


def test_off_conventions_are_not_said_to_be_tried() -> None:
    s = summary_of({"A.md": ""}, Config(conventions_off=("goal_lists",), goal_folders=()))
    assert "goal_lists" not in s.tried and "goal_folder" not in s.tried
    assert "Turned off (goals.off): goal_lists." in no_goals_lines(s)


# ---- the note ------------------------------------------------------------------------------


HOSTILE = {
    "Yearly/2025.md": "## 2025 Goals\n- [ ] Ship [[v2]] #goal %% hidden %% ==mark== [due:: x]\n",
    "Goals/- [ ] a task.md": "", "Goals/#tag and %%.md": "",
    "Someday.md": "## Goals: `code` [x:: y]\n\n## Ideas\n",
    "Objectives/A.md": "", "Inbox.md": "- [ ] Learn #Goals\n",
}


def test_the_note_is_never_read_as_goals_nor_as_tasks() -> None:
    s = summary_of(HOSTILE)
    text = explain_note_text(render_region(EXPLAIN_REGION, summary_markdown(s)))
    assert checklist_items(text) == []
    docs, graph, _ = read({"Reviews/How vaultgoals reads this vault.md": text})
    assert graph.nodes == {} and graph.tasks == ()
    doc = docs["Reviews/How vaultgoals reads this vault.md"]
    assert doc.claims == () and doc.tags == ()
    no_goals = no_goals_markdown(summary_of({"Objectives/A.md": "", "Inbox.md": "#Goals\n"}))
    assert checklist_items(no_goals) == []
    assert read({"R.md": "## Progress\n\n" + no_goals})[1].nodes == {}


def test_the_note_links_the_notes_and_says_the_config_line() -> None:
    md = summary_markdown(summary_of({"Goals/Run.md": "", "Objectives/A.md": ""}))
    assert "- 1 goal in Goals/ · it is in the goals folder Goals/ · [[Goals/Run|Run]]" in md
    assert "add to .vaultgoals.yaml `goals: {folders: [Goals, Goal, Objectives]}`" in md
    assert md.startswith("\n") and md.endswith("\n\n")


def test_the_memo_gives_what_a_fresh_look_gives() -> None:
    files = {"Yearly/2025.md": YEARLY, "Objectives/A.md": "", "Someday.md": "## Goals\n\n## X\n",
             "Inbox.md": "- [ ] Learn #Goals\n", "Templates/Y.md": YEARLY}
    docs, graph, config = read(files)
    memo = FactsMemo()
    memo.facts(docs, config, graph.nodes)
    edited = {**files, "Inbox.md": "- [ ] Learn #goal\n", "Objectives/B.md": "",
              "Someday.md": "## Goals\n- Swim\n"}
    del edited["Objectives/A.md"]
    docs2, graph2, _ = read(edited, config)
    docs2 = {p: docs[p] if edited.get(p) == files.get(p) else d for p, d in docs2.items()}
    changed = {"Inbox.md", "Objectives/B.md", "Objectives/A.md", "Someday.md"}
    assert memo.facts(docs2, config, graph2.nodes, changed) == FactsMemo().facts(
        docs2, config, graph2.nodes)
    assert summarise(graph2, docs2, config, memo, set()) == summarise(graph2, docs2, config)



ROOT = Path(__file__).resolve().parent
CONVENTION_VAULTS = sorted(p for base in ("data/conventions", "data/heldout")
                           for p in (ROOT / base).iterdir() if p.is_dir())


@pytest.mark.parametrize("root", CONVENTION_VAULTS, ids=lambda p: p.name)
def test_slim_docs_explain_and_build_what_whole_docs_do(root: Path) -> None:
    """The index keeps slim docs (a note read in full without its tasks' own list items):
    the graph and the summary (near misses, templates, references) are the same."""
    config = load_config(root)
    whole = {}
    for path in root.rglob("*.md"):
        rel = path.relative_to(root).as_posix()
        whole[rel] = read_conventions(parse_note(rel, path.read_text(encoding="utf-8"),
                                                 config.cue_words), config)
    views = []
    for docs in (whole, {rel: doc.slim() for rel, doc in whole.items()}):
        graph = build_graph(docs, config, TODAY)
        views.append((status_json(graph, config, graph.problems, []),
                      summary_json(summarise(graph, docs, config))))
    assert views[0] == views[1]
