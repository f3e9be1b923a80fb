"""body_tags: goals marked with a tag anywhere in the body (issue #14 point 5)."""

from __future__ import annotations

from datetime import date

import pytest

from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import Node, build_graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config(daily_folder="Daily")
TODAY = date(2025, 6, 15)


def graph(text: str, path: str = "Notes/N.md", config: Config = CONFIG) -> dict[str, Node]:
    doc = read_conventions(parse_note(path, text, config.cue_words), config)
    return build_graph({path: doc}, config, TODAY).nodes


def nodes(text: str, path: str = "Notes/N.md",
          config: Config = CONFIG) -> dict[str, tuple[str, str, str]]:
    """key (`line` for a line of the note, `note` for the note) → (kind, title, declared)."""
    return {(k.rpartition(":")[2] if ":" in k else "note"): (n.kind, n.title, n.declared)
            for k, n in graph(text, path, config).items()}


SPRING = """# Spring plans

- Repaint the hallway #goal
- [x] Fix the squeaky door #goal
- Buy new curtains

## Get a driving licence #type/goal
- [x] Theory exam
- [ ] Twenty lessons
- [ ] Practical exam
"""


def test_tagged_items_and_a_tagged_heading_with_its_milestones() -> None:
    found = graph(SPRING)
    assert {k: (n.kind, n.title, n.declared) for k, n in found.items()} == {
        "Notes/N.md:3": ("goal", "Repaint the hallway", "active"),
        "Notes/N.md:4": ("goal", "Fix the squeaky door", "done"),
        "Notes/N.md:7": ("goal", "Get a driving licence", "active"),
        "Notes/N.md:8": ("milestone", "Theory exam", "done"),
        "Notes/N.md:9": ("milestone", "Twenty lessons", "active"),
        "Notes/N.md:10": ("milestone", "Practical exam", "active")}
    assert found["Notes/N.md:8"].parent == "Notes/N.md:7"
    assert found["Notes/N.md:4"].found_by == "goal_task"  # the configured tag: goal_task's


@pytest.mark.parametrize(("text", "title"), [
    ("- Read 24 books this year #goal\n", "Read 24 books this year"),
    ("- Read 24 books #goals\n", "Read 24 books"),
    ("- #objective Read 24 books\n", "Read 24 books"),
    ("- Read 24 books #areas/learning/goal\n", "Read 24 books"),
    ("- Read 24 books #okr\n", "Read 24 books"),
    ("- Lire 24 livres #objectif\n", "Lire 24 livres"),
    ("- ~~Read 24 books~~ #goal\n", "Read 24 books"),
    ("1. Read 24 books #resolution\n", "Read 24 books"),
    ("Read 24 books this year #goal\n", "Read 24 books this year"),
    ("#goal Run a half marathon in October\n\nMore text.\n", "Run a half marathon in October"),
    ("Run a half marathon #goal #2025\n", "Run a half marathon"),
    ("Run a half marathon #goal.\n", "Run a half marathon"),
])
def test_a_goal_tag_makes_the_line_a_goal(text: str, title: str) -> None:
    found = nodes("# Plans\n\n" + text)
    assert [(k, t) for k, t, _ in found.values()] == [("goal", title)]


@pytest.mark.parametrize("text", [
    "- [ ] Run 5k #resolution\n", "- [ ] Run 5k #objective\n", "- [ ] Run 5k #type/goal\n",
])
def test_tasks_with_other_goal_tags_are_goals(text: str) -> None:
    found = graph("# Plans\n\n" + text + "    - [ ] Buy shoes\n")
    assert [(n.kind, n.title, n.found_by) for n in found.values()] == [
        ("goal", "Run 5k", "body_tags")]


def test_a_plural_goal_tag_on_a_task_files_it_under_the_topic() -> None:
    assert nodes("# Plans\n\n- [ ] Update the #goals page\n- [ ] Run 5k #goals/2025\n"
                 "- [ ] Draft the KRs #okr\n") == {}
    assert nodes("# Plans\n\n- Run 5k #goals\n") == {"3": ("goal", "Run 5k", "active")}


def test_nested_items_under_a_tagged_bullet_are_milestones() -> None:
    assert nodes("- Learn to sail #goal\n    - Beginner course\n    - [x] Solo trip\n") == {
        "1": ("goal", "Learn to sail", "active"),
        "2": ("milestone", "Beginner course", "active"),
        "3": ("milestone", "Solo trip", "done")}


@pytest.mark.parametrize("text", [
    "- `#goal` for goals\n- `#idea` for ideas\n",  # code: documenting the tag
    "I liked the chapter on goals. #books\n",
    "This spring my #goal was to rest more and see what happens next with the house.\n",
    "Good day. Finished the essay draft, it is essay 5 for the #goal count.\n",
    "Finished the draft for the #goal today\n",
    "Good day. Finished the essay draft #goal\n",  # two sentences: prose
    "- Call the bank about the loan #project\n",  # #project on an item files it
    "- Tidy the vault #meta\n",
    "```\n- Read 24 books #goal\n```\n",
    "- Read 24 books #goalkeeper\n",
    "- #goal\n",  # nothing but the tag
    "%% Read 24 books #goal %%\n",  # a comment
    "## Goals #goal\n",  # a heading with no words but the tag and its word
])
def test_near_misses(text: str) -> None:
    found = nodes("# Plans\n\n" + text)
    assert [v for v in found.values() if v[1] != "Goals"] == []


def test_project_counts_on_a_heading() -> None:
    assert nodes("# Work\n\n## Website relaunch #project\n- [ ] Pick a theme\n") == {
        "3": ("goal", "Website relaunch", "active"), "4": ("milestone", "Pick a theme", "active")}


# --- a tag line at the top ----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "#goal #2025\n\n# Photography\n\nTake one good photo every week.\n",
    "#areas/community/goal\n\nHelp at the food bank.\n",
    "# Photography\n#goal\n\nTake one good photo every week.\n",
    "#project\n\nRelaunch the website.\n",
])
def test_a_tag_line_at_the_top_makes_the_note_a_goal(text: str) -> None:
    found = graph(text)
    assert list(found) == ["Notes/N.md"] and found["Notes/N.md"].found_by == "body_tags"


def test_the_tasks_of_a_tagged_note_are_its_tasks() -> None:
    found = graph("#goal #2025\n\n# Photography\n\n- [ ] Buy a 35mm lens\n")
    assert list(found) == ["Notes/N.md"]


@pytest.mark.parametrize(("text", "path"), [
    ("#goals #2025\n\n- Run\n- Swim\n", "Notes/N.md"),  # plural: a list of goals
    ("#okr\n\nQ3 objectives.\n", "Notes/N.md"),
    ("Some text first.\n#goal\n", "Notes/N.md"),  # not at the top
    ("## Section\n#goal\n\nText.\n", "Notes/N.md"),  # under a sub-heading
    ("#goal and some words\n", "Notes/N.md"),  # not only tags
    ("#goal #2025\n\n# 2025-04-11\n", "Daily/2025-04-11.md"),
    ("#goal\n\n# {{title}}\n", "Templates/Goal.md"),
    ("#goal\n\nChapter notes.\n", "Books/The One Thing.md"),
])
def test_tag_line_near_misses(text: str, path: str) -> None:
    assert path not in graph(text, path)


def test_daily_notes_todays_lists_are_not_goals_but_tagged_lines_elsewhere_are() -> None:
    text = "# 2025-04-11\n\n## Top 3\n- Finish slides #goal\n\n## Log\n- Run a marathon #goal\n"
    assert nodes(text, "Daily/2025-04-11.md") == {"7": ("goal", "Run a marathon", "active")}
    text = "# 2025-05-15\n\nEssay 5 done, for my writing #goal\n"  # a journal's prose
    assert nodes(text, "Daily/2025-05-15.md") == {}


def test_templates_and_book_summaries_have_no_tagged_goals() -> None:
    assert nodes("# {{date}}\n\n- Run #goal\n", "Templates/Daily.md") == {}
    assert nodes("# The One Thing\n\n- Set a goal #goal\n", "Books/The One Thing.md") == {}


def test_a_vault_adds_goal_tags_and_turns_it_off() -> None:
    config = Config(extra_words=(("goal_tags", ("vorhaben",)),))
    assert nodes("# P\n\n- Tomaten ziehen #vorhaben\n", config=config) == {
        "3": ("goal", "Tomaten ziehen", "active")}
    off = Config(conventions_off=("body_tags",))
    assert nodes(SPRING, config=off) == {"4": ("goal", "Fix the squeaky door", "done")}
    assert nodes("#goal\n\nText.\n", config=off) == {}


def test_a_goal_tag_as_the_first_part_and_a_measure() -> None:
    found = graph("# Writing\n\nPublish 12 essays this year #goals/writing (4 so far)\n\n"
                  "- [ ] Pitch a talk #goal/career\n")
    assert [(n.key, n.title, n.target, n.amount) for n in found.values()] == [
        ("Notes/N.md:3", "Publish 12 essays this year (4 so far)", 12, 4)]  # (a task: goal_task)
