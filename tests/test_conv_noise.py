"""What is not a goal (issue #14, point 12): templates, daily and weekly notes' to-dos,
documentation and examples, articles about goals, headings with no items. Markdown in, no
node out; each with the near miss that still is a goal."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import read_all
from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import is_periodic
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.goals.templates import is_documentation, is_template
from vaultgoals.core.graph import build_graph
from vaultgoals.core.obsidiansettings import obsidian_values
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config(daily_folder="Daily")
TODAY = date(2025, 6, 15)
GOAL_LIST = "# 2025\n\n## 2025 Goals\n- [ ] Swim twice a week\n- Run a half marathon\n"


def nodes(notes: dict[str, str], config: Config = CONFIG) -> list[str]:
    docs = read_all(notes, config)
    return sorted(build_graph(docs, config, TODAY).nodes)


def test_the_goal_list_is_goals_where_it_is_not_noise() -> None:
    assert nodes({"Yearly/2025.md": GOAL_LIST}) == ["Yearly/2025.md:4", "Yearly/2025.md:5"]


# --- templates ----------------------------------------------------------------------------------


def test_the_template_folders_obsidian_names_are_templates() -> None:
    config = Config(daily_folder="Daily", **{
        k: v for k, v in obsidian_values(None, None, {"folder": "Meta/Blueprints"},
                                         {"templates_folder": "_tpl/"}).items()
        if k == "template_folders"})
    assert config.template_folders == ("Meta/Blueprints", "_tpl")
    for path in ("Meta/Blueprints/Year.md", "_tpl/Year.md"):
        assert is_template(parse_note(path, GOAL_LIST), config)
        assert nodes({path: GOAL_LIST}, config) == []
    assert not is_template(parse_note("Meta/Year.md", GOAL_LIST), config)
    assert nodes({"Goals/Run.md": "- [ ] x\n"}, Config(template_folders=("Goals",))) == []


@pytest.mark.parametrize("text", [
    "# {{date}}\n\n## Goals\n- [ ] Swim\n",
    "## Goals\n- [ ] <% tp.file.cursor() %>\n- [ ] Swim\n",
    "## Goals\n- Swim\n\nCreated {{date:YYYY-MM-DD}}\n",
    "---\ntype: goal\n---\n# <% tp.file.title %>\n## Milestones\n- [ ] one\n",
    "---\ntitle: '{{title}}'\ntype: goal\n---\n",
])
def test_a_placeholder_anywhere_makes_a_template(text: str) -> None:
    assert is_template(parse_note("Notes/Plan 2025.md", text))
    assert nodes({"Notes/Plan 2025.md": text}) == []


def test_braces_that_are_no_placeholder_are_not_a_template() -> None:
    text = "## Goals\n- [ ] Learn what a set {a, b} is\n"
    assert not is_template(parse_note("Notes/Plan 2025.md", text))


# --- daily and weekly notes -----------------------------------------------------------------------


@pytest.mark.parametrize(("path", "text"), [
    ("Daily/2025-05-20.md", "## Goals for today\n- [ ] Clear the inbox\n- [ ] Walk 8k\n"),
    ("Daily/2025-05-20.md", "## Top 3\n1. Call the bank\n2. Pay the bill\n"),
    ("Daily/2025-05-20.md", "## Goals\n- [ ] Clear the inbox\n"),
    ("Weekly/2025-W21.md", "## Goals this week\n- [ ] Ship the draft\n"),
    ("Journal/2025-W21.md", "## Goals\n- [ ] Ship the draft\n"),
])
def test_a_daily_or_weekly_notes_lists_are_that_days_to_dos(path: str, text: str) -> None:
    assert nodes({path: text}) == []


def test_a_weekly_note_is_one_by_its_name_wherever_no_weekly_folder_is_set() -> None:
    assert is_periodic("Journal/2025-W21.md", CONFIG)
    assert not is_periodic("Journal/2025-W21.md", Config(weekly_folder="Weekly"))
    assert not is_periodic("Yearly/2025.md", CONFIG)
    assert not is_periodic("Notes/Goals for week 21.md", CONFIG)


# --- documentation and examples -----------------------------------------------------------------


@pytest.mark.parametrize(("path", "text"), [
    ("Tasks plugin docs/Examples.md", "- [ ] Read more #goal\n"),
    ("Example Vault/Goals/Run a marathon.md", "- [ ] Buy shoes\n"),
    ("Notes/Dataview cheat sheet.md", "## Goals\n- [ ] Learn Rust #goal\n"),
    ("README.md", "---\ntype: goal\n---\n"),
    ("Plugins/Habit tracker/Beispiele/2025.md", GOAL_LIST),
    ("Notes/Templater tutorial.md", GOAL_LIST),
    ("Manual Testing/Smoke Testing the Tasks Plugin.md", "- [ ] Tidy up 🔁 every week\n"),
    ("Formats/Tasks Format.md", "- [ ] Is a recurring task 🔁 every day\n"),
    ("Plugin/Test Data/Sample.md", GOAL_LIST),
    ("Pruebas manuales/Metas.md", GOAL_LIST),
    ("テスト/目標.md", GOAL_LIST),
])
def test_documentation_and_examples_are_not_goals(path: str, text: str) -> None:
    assert is_documentation(parse_note(path, text), CONFIG.words)
    assert nodes({path: text}) == []


@pytest.mark.parametrize("path", ["Goals/Run a marathon.md", "Areas/Health.md",
                                  "Yearly/2025.md", "Work/Demo day prep.md",
                                  "Notes/Sample size for the survey.md",
                                  "Goals/Give the product demo.md",
                                  "Goals/Get a driving license.md",
                                  "Goals/Pass the driving test.md",
                                  "Health/Blood tests.md"])
def test_ordinary_folders_and_titles_are_not_documentation(path: str) -> None:
    assert not is_documentation(parse_note(path, GOAL_LIST), CONFIG.words)


# --- articles about goals -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "# On OKRs and goals\n\nA copied essay about goal frameworks.\n\n## Objectives\n"
    "- An objective should inspire.\n",
    "# Why goals fail\n\nSource: a blog post I saved.\n\n## Good goals\n- are specific\n",
    "# Goal setting\n\nhttps://example.com/goal-setting\n\n## Goals\n- Write it down\n",
    "# Goal setting\n\n## Metadata\n- Author: Jane Doe\n- Title: Goals\n\n## Goals\n"
    "- Write it down\n",
    "# Goals\n\nNotes from an article.\n\n## Goals\n- Write the goal down\n",
    "# Ziele\n\nQuelle: ein Artikel\n\n## Ziele\n- Aufschreiben\n",
])
def test_an_article_about_goals_is_reference_material(text: str) -> None:
    assert is_reference(parse_note("Inbox/Note.md", text), CONFIG.words)
    assert nodes({"Inbox/Note.md": text}) == []


@pytest.mark.parametrize("text", [
    "# 2025\n\nThis year I want to write a book.\n\n## 2025 Goals\n- Finish the draft\n",
    "# 2025\n\nBy: 2025-12-31\n\n## 2025 Goals\n- Finish the draft\n",
    "# 2025\n\nMy reading list is long this year.\n\n## 2025 Goals\n- Finish the draft\n",
    "# 2025\n\n## 2025 Goals\n- Read the article on sleep\n- Finish the draft\n",
])
def test_a_note_of_ones_own_goals_is_not_reference_material(text: str) -> None:
    assert not is_reference(parse_note("Yearly/2025.md", text), CONFIG.words)
    assert nodes({"Yearly/2025.md": text}) != []


# --- headings with no items ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "# Ideas\n\n## Goals\n\n## Places\n- Lisbon in spring\n",
    "## Goals\nI should write some down.\n",
    "## Goals\n### Health\n### Career\n",
    "## Goals\n",
])
def test_a_goal_heading_with_no_items_is_nothing(text: str) -> None:
    assert nodes({"Someday/Ideas.md": text}) == []


def test_a_placeholder_in_a_code_block_is_no_template() -> None:
    text = "## Goals\n- [ ] Learn Jinja\n\n```\n{{ title }}\n<% tp.file.title %>\n```\n"
    assert not is_template(parse_note("Notes/Plan 2025.md", text))
