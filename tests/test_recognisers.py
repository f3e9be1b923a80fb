"""Goal recognisers, one by one: Markdown in (parsed by the real parser), what it found out.

Each recogniser has what it must recognise and the near misses it must not; the registry's
order decides between two that claim the same note or task; and `build_graph` makes nodes
of exactly what the registry found.
"""

from __future__ import annotations

from datetime import date

import pytest

from vaultgoals.core.config import CONVENTIONS, Config
from vaultgoals.core.explain import TRIED
from vaultgoals.core.goals import (
    body_claims,
    body_tags,
    breakdowns,
    goal_field,
    goal_folder,
    goal_link,
    goal_lists,
    goal_task,
    gtd_projects,
    habits,
    in_goal_note,
    inline_fields,
    kind_tag,
    milestone_notes,
    milestone_task,
    milestones_heading,
    nested_task,
    okrs,
    owner_tag,
    parent_property,
    skill_folder,
    skills_list,
    smart,
    steps_heading,
    supporting_goals,
    template_properties,
    type_property,
)
from vaultgoals.core.goals.base import (
    Found,
    ItemRecogniser,
    MembershipRule,
    NoteItems,
    NoteRecogniser,
    Place,
)
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.goals.docmemo import by_doc
from vaultgoals.core.goals.props import props
from vaultgoals.core.goals.registry import (
    BODY_RECOGNISERS,
    ITEM_RECOGNISERS,
    MEMBERSHIP_RULES,
    NOTE_RECOGNISERS,
    PARENT_RULES,
    recognise_items,
    recognise_note,
)
from vaultgoals.core.graph import build_graph
from vaultgoals.core.model import NoteDoc, Problem
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()


def note(recogniser: NoteRecogniser, text: str, config: Config = CONFIG) -> str | None:
    """The kind `recogniser` gives the note written as `text`, or None."""
    doc = parse_note("Note.md", text)
    found = recogniser(doc, props(doc.frontmatter), config)
    return found.kind if found is not None else None


def items(recogniser: ItemRecogniser, text: str, kind: str | None = None,
          config: Config = CONFIG) -> list[tuple[int, str]]:
    """(line, kind) of each task `recogniser` finds in the note written as `text`, the note
    itself being of `kind`."""
    doc = parse_note("Note.md", text)
    view = NoteItems(doc, config, kind, [config.status_type(t.status) for t in doc.tasks])
    return [(f.line, f.kind) for f in recogniser(view)]


# --- type_property ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("---\ntype: goal\n---\n", "goal"),
    ("---\ntype: Vision\n---\n", "vision"),
    ("---\nType: ' milestone '\n---\n", "milestone"),
    ("---\nfileClass: skill\n---\n", "skill"),
    ("---\nkind: commitment\n---\n", "commitment"),
])
def test_type_property_recognises_a_kind_in_type_fileclass_or_kind(text: str, kind: str) -> None:
    assert note(type_property.recognise, text) == kind


@pytest.mark.parametrize("text", [
    "---\ntype: book\n---\n",  # a type that names no kind
    "---\ntype: goals\n---\n",  # (not the kind's name)
    "---\ntype: [goal]\n---\n",  # a list, not a value
    "---\ntitle: goal\n---\n",  # another property saying goal
    "type: goal\n",  # in the body, not the properties
    "# My goal\n",
])
def test_type_property_near_misses(text: str) -> None:
    assert note(type_property.recognise, text) is None


# --- kind_tag -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("---\ntags: [goal]\n---\n", "goal"),
    ("---\ntags: [health, lifeos/goal]\n---\n", "goal"),
    ("---\ntags:\n  - '#milestone'\n---\n", "milestone"),
    ("---\ntags: Skill\n---\n", "skill"),
])
def test_kind_tag_recognises_a_kind_among_the_note_tags(text: str, kind: str) -> None:
    assert note(kind_tag.recognise, text) == kind


@pytest.mark.parametrize("text", [
    "---\ntags: [goals]\n---\n",  # plural: another tag
    "---\ntags: [goal/health]\n---\n",  # the kind must be the last part
    "---\ntags: [health]\n---\n",
    "#goal\n\nSome text about a goal.\n",  # a tag in the body is not the note's
    "- [ ] Run #goal\n",
])
def test_kind_tag_near_misses(text: str) -> None:
    assert note(kind_tag.recognise, text) is None


# --- goal_task ------------------------------------------------------------------------------


def test_goal_task_recognises_tasks_tagged_with_the_goal_tag() -> None:
    text = "- [ ] Ship the site #goal\n    - [ ] a step\n- [x] Old one #Goal ✅ 2026-01-02\n"
    assert items(goal_task.recognise, text) == [(1, "goal"), (3, "goal")]


def test_goal_task_follows_the_configured_tag() -> None:
    text = "- [ ] Ship the site #target\n- [ ] Other #goal\n"
    assert items(goal_task.recognise, text, config=Config(goal_tag="target")) == [(1, "goal")]


@pytest.mark.parametrize("text", [
    "- [ ] Sub-tag only #goal/career\n",
    "- [ ] Plural #goals\n",
    "- Ship the site #goal\n",  # a plain bullet, not a task
    "Ship the site #goal\n",
    "- [ ] Ship the site [[goal]]\n",
])
def test_goal_task_near_misses(text: str) -> None:
    assert items(goal_task.recognise, text) == []


def test_a_task_whose_status_is_not_a_task_is_never_a_goal() -> None:
    config = Config(statuses={"?": "NON_TASK"})
    assert items(goal_task.recognise, "- [?] Maybe #goal\n", config=config) == []


# --- milestone_task -------------------------------------------------------------------------


def test_milestone_task_recognises_tasks_tagged_with_the_milestone_tag() -> None:
    text = "- [ ] Goal #goal\n    - [ ] Draft #milestone\n- [ ] Loose #Milestone\n"
    assert items(milestone_task.recognise, text) == [(2, "milestone"), (3, "milestone")]


@pytest.mark.parametrize("text", [
    "- [ ] Draft #milestones\n",
    "- [ ] Draft #milestone/one\n",
    "- Draft #milestone\n",
])
def test_milestone_task_near_misses(text: str) -> None:
    assert items(milestone_task.recognise, text) == []


# --- milestones_heading ---------------------------------------------------------------------

GOAL_NOTE = """\
---
type: goal
---
## Milestones
- [x] Outline ✅ 2026-10-02
    - [ ] a step of the outline
    - plain
        - [ ] a step under a bullet
- [ ] Send it
### Notes
- [ ] not a milestone
"""


def test_milestones_heading_recognises_top_level_tasks_under_it_in_a_goal_note() -> None:
    assert items(milestones_heading.recognise, GOAL_NOTE, "goal") == [
        (5, "milestone"), (9, "milestone")]


@pytest.mark.parametrize("heading", ["# Milestones", "### milestones", "## MILESTONES "])
def test_milestones_heading_at_any_level_and_case(heading: str) -> None:
    text = f"{heading}\n- [ ] one\n"
    assert items(milestones_heading.recognise, text, "goal") == [(2, "milestone")]


@pytest.mark.parametrize(("text", "kind"), [
    (GOAL_NOTE.split("---\n", 2)[2], None),  # the same list in a note that is not goal-like
    ("## Milestone\n- [ ] one\n", "goal"),  # singular: another heading
    ("## My milestones\n- [ ] one\n", "goal"),
    ("## Milestones\n- one\n", "goal"),  # a plain bullet
    ("- [ ] one\n## Milestones\n", "goal"),  # above the heading
])
def test_milestones_heading_near_misses(text: str, kind: str | None) -> None:
    assert items(milestones_heading.recognise, text, kind) == []


def test_milestones_heading_adds_nothing_where_steps_heading_read_the_note() -> None:
    """The native rule and the body recogniser never disagree about a line: under a plain
    milestone, a task is its step, not a milestone of its own."""
    text = "---\ntype: goal\n---\n## Milestones\n- Phase one\n    - [ ] a step\n- [ ] Two\n"
    doc = read_conventions(parse_note("Note.md", text), CONFIG)
    view = NoteItems(doc, CONFIG, "goal", [CONFIG.status_type(t.status) for t in doc.tasks])
    assert list(milestones_heading.recognise(view)) == []
    assert [(f.line, f.kind, f.by) for f in recognise_items(view)] == [
        (5, "milestone", "steps_heading"), (7, "milestone", "steps_heading")]
    assert items(milestones_heading.recognise, text, "goal") == [(6, "milestone"),
                                                                 (7, "milestone")]


# --- the registry ---------------------------------------------------------------------------


def test_the_registry_lists_every_recogniser_once_in_order() -> None:
    assert (type_property.recognise, kind_tag.recognise, template_properties.recognise,
            milestone_notes.recognise, skill_folder.recognise, goal_folder.recognise,
            gtd_projects.recognise, smart.recognise, inline_fields.recognise_note,
            body_tags.recognise_note, habits.recognise_note) == NOTE_RECOGNISERS
    assert (body_claims.recognise, habits.recognise, goal_task.recognise,
            body_tags.recognise_tasks, milestone_task.recognise,
            milestones_heading.recognise) == ITEM_RECOGNISERS
    assert (("okrs", okrs.recognise), ("breakdowns", breakdowns.recognise),
            ("skills_list", skills_list.recognise), ("goal_lists", goal_lists.recognise),
            ("steps_heading", steps_heading.recognise),
            ("inline_fields", inline_fields.recognise),
            ("body_tags", body_tags.recognise)) == BODY_RECOGNISERS


def test_the_first_note_recogniser_that_claims_a_note_decides_its_kind() -> None:
    doc = parse_note("N.md", "---\ntype: milestone\ntags: [goal]\n---\n")
    found = recognise_note(doc, props(doc.frontmatter), CONFIG)
    assert found == Found("milestone", 1, "its type property says milestone", "type_property")
    doc = parse_note("N.md", "---\ntype: book\ntags: [goal]\n---\n")
    found = recognise_note(doc, props(doc.frontmatter), CONFIG)
    assert found is not None and (found.kind, found.by) == ("goal", "kind_tag")


def test_the_first_item_recogniser_that_claims_a_task_decides_its_kind() -> None:
    doc = parse_note("N.md", "## Milestones\n- [ ] both #milestone #goal\n- [ ] plain\n")
    view = NoteItems(doc, CONFIG, "goal", ["TODO", "TODO"])
    assert [(f.line, f.kind, f.by) for f in recognise_items(view)] == [
        (2, "goal", "goal_task"), (3, "milestone", "milestones_heading")]


def test_the_graph_has_a_node_for_exactly_what_the_registry_found() -> None:
    docs = {
        "Goal.md": parse_note("Goal.md", GOAL_NOTE),
        "Tagged.md": parse_note("Tagged.md", "---\ntags: [area/vision]\n---\n"),
        "Book.md": parse_note("Book.md", "---\ntype: book\n---\n## Milestones\n- [ ] x\n"),
        "Plan.md": parse_note("Plan.md", "- [ ] Ship #goal\n  - [ ] Draft #milestone\n"),
    }
    graph = build_graph(docs, CONFIG, date(2026, 11, 20))
    assert {k: n.kind for k, n in graph.nodes.items()} == {
        "Goal.md": "goal", "Goal.md:5": "milestone", "Goal.md:9": "milestone",
        "Tagged.md": "vision", "Plan.md:1": "goal", "Plan.md:2": "milestone"}
    assert graph.nodes["Plan.md:2"].parent == "Plan.md:1"
    assert graph.nodes["Goal.md:5"].parent == "Goal.md"


# --- membership rules: which node a task counts toward ----------------------------------

GOALS = {
    "Run.md": "---\ntype: goal\ntag: sport/run\naliases: [Marathon]\n---\n",
    "Sport.md": "---\ntype: goal\ntag: sport\n---\n",
    "Sam.md": "a person\n",
}


def counts_toward(rule: MembershipRule, text: str, line: int = 1) -> str | None:
    """What `rule` says the task on `line` of `Note.md` (written as `text`, in a vault with
    the goals of GOALS) counts toward."""
    docs = {p: parse_note(p, t) for p, t in {**GOALS, "Note.md": text}.items()}
    graph = build_graph(docs, CONFIG, date(2026, 11, 20))
    tag_owner = {n.tag: k for k, n in graph.nodes.items() if n.tag}
    refs = [r for r in graph.tasks if r.path == "Note.md"]
    place = Place(graph.nodes, graph.resolver, tag_owner,
                  max((t.count("/") + 1 for t in tag_owner), default=0),
                  {r.task.line: r for r in refs}, docs["Note.md"].item_parents(), [])
    [ref] = [r for r in refs if r.task.line == line]
    return rule(ref, place)


@pytest.mark.parametrize(("text", "goal"), [
    ("- [ ] call the coach [goal:: [[Run]]]\n", "Run.md"),
    ("- [ ] call the coach (goal:: [[Marathon]])\n", "Run.md"),  # by alias
    ("- [ ] call [[Sport]] [goal:: [[Run]]]\n", "Run.md"),
])
def test_goal_field_names_the_goal(text: str, goal: str) -> None:
    assert counts_toward(goal_field.goal_of, text) == goal


@pytest.mark.parametrize("text", [
    "- [ ] call the coach [goal:: [[Sam]]]\n",  # a note that is not goal-like
    "- [ ] call the coach [goals:: [[Run]]]\n",
    "- [ ] call the coach [[Run]]\n",
])
def test_goal_field_near_misses(text: str) -> None:
    assert counts_toward(goal_field.goal_of, text) is None


def test_nested_task_counts_toward_the_goal_task_above_through_bullets_and_tasks() -> None:
    text = "- [ ] Ship #goal\n  - [ ] design\n    - a bullet\n      - [ ] spec\n- [ ] other\n"
    assert counts_toward(nested_task.goal_of, text, 2) == "Note.md:1"
    assert counts_toward(nested_task.goal_of, text, 4) == "Note.md:1"
    assert counts_toward(nested_task.goal_of, text, 5) is None  # not nested
    assert counts_toward(nested_task.goal_of, "- [ ] a\n  - [ ] b\n", 2) is None  # no goal


@pytest.mark.parametrize(("text", "goal"), [
    ("- [ ] jog #sport/run\n", "Run.md"),
    ("- [ ] jog #Sport/Run/easy\n", "Run.md"),  # a sub-tag, any case
    ("- [ ] swim #sport/swim\n", "Sport.md"),  # the longest declared tag that matches
    ("- [ ] swim #sport #sport/run\n", "Run.md"),
])
def test_owner_tag_follows_the_longest_declared_tag(text: str, goal: str) -> None:
    assert counts_toward(owner_tag.goal_of, text) == goal


@pytest.mark.parametrize("text", ["- [ ] jog #sports\n", "- [ ] jog #run\n",
                                  "- [ ] jog #goal\n"])
def test_owner_tag_near_misses(text: str) -> None:
    assert counts_toward(owner_tag.goal_of, text) is None


@pytest.mark.parametrize(("text", "goal"), [
    ("- [ ] long run [[Run]]\n", "Run.md"),
    ("- [ ] long run [[Sam]] then [[Run#Plan|the plan]]\n", "Run.md"),  # first goal link
    ("- [ ] shoes [run](Run.md)\n", "Run.md"),
])
def test_goal_link_follows_the_first_link_to_a_goal(text: str, goal: str) -> None:
    assert counts_toward(goal_link.goal_of, text) == goal


@pytest.mark.parametrize("text", ["- [ ] lunch with [[Sam]]\n", "- [ ] read about Run\n",
                                  "- [ ] [[Nowhere]]\n"])
def test_goal_link_near_misses(text: str) -> None:
    assert counts_toward(goal_link.goal_of, text) is None


def test_in_goal_note_counts_a_task_toward_the_goal_note_it_sits_in() -> None:
    assert counts_toward(in_goal_note.goal_of, "---\ntype: goal\n---\n- [ ] draft\n",
                         4) == "Note.md"
    assert counts_toward(in_goal_note.goal_of, "- [ ] draft\n") is None


def test_the_membership_rules_are_asked_in_order() -> None:
    assert (habits.repeat_of, goal_field.goal_of, nested_task.goal_of, owner_tag.goal_of,
                                goal_link.goal_of, in_goal_note.goal_of) == MEMBERSHIP_RULES
    docs = {p: parse_note(p, t) for p, t in {**GOALS, "Note.md": (
        "---\ntype: goal\n---\n"
        "- [ ] a [[Sport]] #sport/run [goal:: [[Sport]]]\n"  # the field first
        "- [ ] b [[Sport]] #sport/run\n"  # the tag before the link
        "- [ ] c [[Sport]]\n"  # the link before the note it is in
        "- [ ] d\n")}.items()}
    graph = build_graph(docs, CONFIG, date(2026, 11, 20))
    goal_of = {r.task.fields.description.split()[0]: r.goal for r in graph.tasks}
    assert goal_of == {"a": "Sport.md", "b": "Run.md", "c": "Sport.md", "d": "Note.md"}


# --- parent rules: which node a goal-like note sits under -------------------------------


def parent(text: str) -> tuple[str | None, list[str]]:
    """The parent `parent_property` gives `Note.md` (written as `text`) in a vault with the
    goals of GOALS, and the problems it reports."""
    docs = {p: parse_note(p, t) for p, t in {**GOALS, "Note.md": text}.items()}
    graph = build_graph(docs, CONFIG, date(2026, 11, 20))
    problems: list[Problem] = []

    def resolve(target: str) -> str | None:
        path = graph.resolver.resolve(target)
        return path if path in graph.nodes else None

    return (parent_property.parent_of(docs["Note.md"], resolve, problems),
            [p.message for p in problems])


@pytest.mark.parametrize(("text", "key"), [
    ('---\ntype: goal\nparent: "[[Sport]]"\n---\n', "Sport.md"),
    ('---\ntype: goal\nUp: "[[Marathon]]"\n---\n', "Run.md"),  # by alias
    ("---\ntype: goal\nparent: [[Sport]]\n---\n", "Sport.md"),  # unquoted: a YAML list
    ('---\ntype: goal\nparent: ["[[Sam]]", "[[Run]]"]\n---\n', "Run.md"),
])
def test_parent_property_names_the_first_goal_like_note_it_links(text: str, key: str) -> None:
    assert parent(text)[0] == key


def test_parent_property_near_misses_are_reported() -> None:
    assert parent('---\ntype: goal\nparent: "[[Sam]]"\n---\n') == (
        None, ["parent [[Sam]] is not a goal-like note "
               "(type: vision, goal, milestone, skill or commitment); this note is shown "
               "without a parent"])
    assert parent('---\ntype: goal\nparent: "[[Note]]"\n---\n') == (
        None, ["a note cannot be its own parent"])
    assert parent('---\ntype: goal\nparents: "[[Sport]]"\n---\n') == (None, [])
    assert parent("---\ntype: goal\n---\nparent: [[Sport]]\n") == (None, [])  # in the body
    assert (parent_property.parent_of, supporting_goals.parent_of) == PARENT_RULES


# --- goal_folder ------------------------------------------------------------------------

def at(path: str, text: str = "Some words.\n", config: Config = CONFIG) -> str | None:
    """The kind `goal_folder` gives a note at `path`, or None."""
    doc = parse_note(path, text)
    found = goal_folder.recognise(doc, props(doc.frontmatter), config)
    return found.kind if found is not None else None


@pytest.mark.parametrize("path", [
    "Goals/Run a half marathon.md",
    "goals/run.md",
    "2 Areas/🎯 Goals/Learn Rust.md",
    "Life/01-Goals/Ship the app.md",
    "Goal/One.md",
    "Goals/Archive/Read 12 books.md",
])
def test_goal_folder_recognises_notes_in_a_goals_folder_at_any_depth(path: str) -> None:
    assert at(path) == "goal"


@pytest.mark.parametrize(("path", "text"), [
    ("Projects/Reference/Manual.md", "Some words.\n"),  # not a goals folder (yet)
    ("OKRs/2025 Q2.md", "O1: Ship it\n"),  # a note of objectives, not one goal
    ("Objectives/Q3.md", "Some words.\n"),
    ("Goalsetting/Article.md", "Some words.\n"),  # a longer word is another folder
    ("My Goals.md", "Some words.\n"),  # a note, not a folder
    ("Goals.md", "Some words.\n"),
    ("Goals/Templates/Goal template.md", "Some words.\n"),
    ("Templates/Goals/Goal.md", "Some words.\n"),
    ("Goals/{{title}}.md", "Some words.\n"),
    ("Goals/New goal.md", "---\ntitle: <% tp.file.title %>\n---\nWords.\n"),
    ("Goals/New goal.md", "---\ncreated: '{{date}}'\n---\nWords.\n"),
])
def test_goal_folder_near_misses(path: str, text: str) -> None:
    assert at(path, text) is None


def test_goal_folder_follows_the_configured_folders_and_can_be_turned_off() -> None:
    mine = Config(goal_folders=("Ziele", "Objetivos"))
    assert at("Ziele/Marathon.md", config=mine) == "goal"
    assert at("🎯 Objetivos/Correr.md", config=mine) == "goal"
    mine = Config(goal_folders=("Vorhaben",))  # (the word table's goals folders stay)
    assert at("Vorhaben/Marathon.md", config=mine) == "goal"
    assert at("Goals/Marathon.md", config=mine) == "goal"
    assert at("Goals/Marathon.md", config=Config(goal_folders=())) is None
    assert at("Ziele/Marathon.md", config=Config(goal_folders=())) is None


def test_a_note_in_a_done_folder_is_done_unless_its_status_says_otherwise() -> None:
    docs = {
        "Goals/Active.md": parse_note("Goals/Active.md", "Words.\n"),
        "Goals/Done/Finished.md": parse_note("Goals/Done/Finished.md", "Words.\n"),
        "Goals/Archive/Paused.md": parse_note("Goals/Archive/Paused.md",
                                              "---\nstatus: paused\n---\n"),
    }
    graph = build_graph(docs, CONFIG, date(2026, 11, 20))
    assert graph.nodes["Goals/Active.md"].declared == "active"
    assert graph.nodes["Goals/Done/Finished.md"].declared == "done"
    assert graph.nodes["Goals/Archive/Paused.md"].declared == "paused"


def test_a_project_in_an_archive_folder_outside_goals_folders_is_done() -> None:
    docs = {p: parse_note(p, "---\ntags: [project]\n---\n- [ ] Tiles\n") for p in (
        "Archive/2023/Kitchen.md", "Areas/Home/Garden.md", "Areas/Done/Shed.md")}
    graph = build_graph(docs, CONFIG, date(2026, 11, 20))
    assert [graph.nodes[p].declared for p in sorted(docs)] == ["done", "done", "active"]


def test_a_typed_note_keeps_its_type_in_a_goals_folder() -> None:
    doc = parse_note("Goals/Vision.md", "---\ntype: vision\n---\n")
    found = recognise_note(doc, props(doc.frontmatter), CONFIG)
    assert found is not None and (found.kind, found.by) == ("vision", "type_property")


@pytest.mark.parametrize("path, text", [
    ("Templates/Goal.md", "---\ntype: goal\n---\n## Milestones\n- [ ] \n"),
    ("Notes/New.md", "---\ntags: [goal]\ntitle: \"{{title}}\"\n---\n"),
    ("Notes/{{date}} plan.md", "---\ntype: goal\n---\n"),
])
def test_a_template_is_never_a_node(path: str, text: str) -> None:
    doc = parse_note(path, text)
    assert recognise_note(doc, props(doc.frontmatter), CONFIG) is None
    graph = build_graph({path: doc}, CONFIG, date(2026, 11, 20))
    assert graph.nodes == {}


def test_tasks_in_a_template_are_not_inline_goals() -> None:
    doc = parse_note("Templates/Day.md", "- [ ] Plan the week #goal\n    - [ ] A step\n")
    assert build_graph({doc.path: doc}, CONFIG, date(2026, 11, 20)).nodes == {}



def test_goals_off_names_every_convention_and_explain_words_each() -> None:
    """`goals.off` accepts exactly the conventions' names (config.CONVENTIONS); every body
    recogniser is one of them, and `explain` has words for each."""
    assert {name for name, _ in BODY_RECOGNISERS} <= set(CONVENTIONS)
    assert set(CONVENTIONS) <= set(TRIED)
    assert len(set(CONVENTIONS)) == len(CONVENTIONS)


def test_a_per_note_answer_is_kept_for_the_same_note_only() -> None:
    """`docmemo.by_doc`: the same note object and settings get the kept answer; a note
    read again (a new object) is asked again."""
    asked: list[str] = []

    @by_doc
    def rule(doc: NoteDoc, config: Config) -> str:
        asked.append(doc.path)
        return doc.path.upper()

    doc = parse_note("a.md", "x\n")
    assert rule(doc, CONFIG) == rule(doc, CONFIG) == "A.MD"
    assert asked == ["a.md"]
    assert rule(parse_note("a.md", "y\n"), CONFIG) == "A.MD" and len(asked) == 2
