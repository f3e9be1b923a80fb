"""`.vaultgoals.yaml` and Obsidian's own settings: the rules in process (`parse_config`,
`obsidian_values`: texts and values in, a Config out), then reading them from a vault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import cli_json, write_vault
from vaultgoals.core.config import Config, ConfigError, parse_config
from vaultgoals.core.notepaths import classify
from vaultgoals.core.obsidiansettings import obsidian_values
from vaultgoals.store.settings import load_config


def test_defaults_without_any_file(tmp_path: Path) -> None:
    cfg = load_config(tmp_path)
    assert cfg == Config()
    assert cfg.status_type("x") == "DONE"
    assert cfg.status_type("?") == "TODO"  # unknown characters count as TODO


def test_every_documented_key_is_accepted() -> None:
    cfg = parse_config(
        "ignore: [Templates/]\n"
        "task_format: emoji\n"
        "statuses: {'>': TODO, '?': NON_TASK, 'd': done}\n"
        "goal_tag: objective\n"
        "milestone_tag: step\n"
        "stale_days: 30\n"
        "due_soon_days: 7\n"
        "pace_weeks: 6\n"
        "chart: progress\n"
        "journal: .state/goals.db\n"
        "reviews: {folder: Weekly Reviews, format: 'YYYY-[W]WW', week_start: sunday,"
        " into_weekly_note: false}\n"
        "celebrations: {folder: Wins, wins_log: Wins/All.md, lookback_days: 30}\n",
        {},
    )
    assert cfg.ignore == ("Templates/",)
    assert cfg.status_type("d") == "DONE" and cfg.status_type("?") == "NON_TASK"
    assert (cfg.reviews_folder, cfg.week_start, cfg.wins_log) == ("Weekly Reviews", "sunday",
                                                                  "Wins/All.md")
    assert cfg.stale_days == 30 and cfg.chart == "progress" and cfg.lookback_days == 30


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stale_dayz: 3\n", "unknown key 'stale_dayz'"),
        ("stale_days: soon\n", "'stale_days' must be int"),
        ("stale_days: true\n", "'stale_days' must be int"),
        ("stale_days: -1\n", "'stale_days' must not be negative"),
        ("reviews: {colour: red}\n", "unknown key 'reviews.colour'"),
        ("reviews: 3\n", "'reviews' must be a mapping"),
        ("task_format: markdown\n", "'task_format' must be one of"),
        ("statuses: {ab: DONE}\n", "exactly one character"),
        ("statuses: {a: FINISHED}\n", "'statuses.a' must be one of"),
        ("- a list\n", "must be a mapping"),
        ("key: [unclosed\n", ".vaultgoals.yaml:2: not valid YAML"),
    ],
)
def test_bad_config_names_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, {})
    assert message in str(info.value)
    assert str(info.value).startswith(".vaultgoals.yaml")


def test_the_config_file_overrides_obsidian_and_an_empty_one_changes_nothing() -> None:
    obsidian = obsidian_values(None, {"weekly": {"folder": "Weeks", "weekStart": "sunday"}})
    assert parse_config(None, obsidian).week_start == "sunday"
    assert parse_config("", obsidian) == parse_config(None, obsidian)
    assert parse_config("reviews: {week_start: monday}\n", obsidian).week_start == "monday"
    assert parse_config(None, {}) == Config()


def test_obsidian_values_read_what_each_plugin_says() -> None:
    found = obsidian_values(
        {"folder": "/Journal/", "format": "DD-MM-YYYY"},
        {"daily": {"enabled": False, "folder": "Ignored"},
         "weekly": {"enabled": True, "folder": "Weeks/", "format": "gggg-[W]ww"},
         "weekStart": "Saturday"},
    )
    assert found == {
        "daily_folder": "Journal", "daily_format": "DD-MM-YYYY",  # a disabled section: unused
        "weekly_folder": "Weeks", "weekly_format": "gggg-[W]ww",
        "week_start": "saturday",  # the plugin's top-level week start, any case
        "sources": (".obsidian/daily-notes.json", ".obsidian/plugins/periodic-notes/data.json"),
    }


@pytest.mark.parametrize(("daily", "periodic"), [
    (None, None), ([], "text"),
    ({"folder": 3, "format": ""}, {"weekly": {"weekStart": "someday"}, "localeOverride": "xx"}),
])
def test_obsidian_values_ignore_what_they_cannot_use(daily: object, periodic: object) -> None:
    found = obsidian_values(daily, periodic)
    assert set(found) <= {"sources"}
    assert parse_config(None, found) == Config(sources=found["sources"])


def test_obsidian_daily_and_periodic_settings(tmp_path: Path) -> None:
    obs = tmp_path / ".obsidian"
    (obs / "plugins" / "periodic-notes").mkdir(parents=True)
    (obs / "daily-notes.json").write_text(
        json.dumps({"folder": "Journal/", "format": "DD-MM-YYYY"}))
    (obs / "plugins" / "periodic-notes" / "data.json").write_text(json.dumps(
        {"weekly": {"enabled": True, "folder": "Weeks", "format": "gggg-[W]ww",
                    "weekStart": "sunday"}}))
    cfg = load_config(tmp_path)
    assert (cfg.daily_folder, cfg.daily_format) == ("Journal", "DD-MM-YYYY")
    assert (cfg.weekly_folder, cfg.week_start) == ("Weeks", "sunday")
    assert cfg.sources == (".obsidian/daily-notes.json",
                           ".obsidian/plugins/periodic-notes/data.json")


def test_broken_obsidian_settings_are_ignored(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text("{not json")
    assert load_config(tmp_path).daily_format == "YYYY-MM-DD"


def test_goals_off_written_unquoted_in_yaml_is_off() -> None:
    """YAML 1.1 reads an unquoted `off:` key as the boolean false; it still means goals.off."""
    config = parse_config("goals:\n  off: [habits, okrs]\n", {})
    assert config.conventions_off == ("habits", "okrs")
    assert not config.uses("habits") and config.uses("goal_lists")


def test_own_goal_words_title_goal_lists_too() -> None:
    """A vault's own `goals.words.goals` words also make a heading a goals list."""
    config = parse_config("goals:\n  words:\n    goals: [Ambitions]\n", {})
    assert config.words["goal_list"].has("## My ambitions")


def test_the_reading_key_changes_with_what_reading_depends_on_only() -> None:
    """The parse cache keeps notes as read under the settings of `Config.reading_key`: a
    setting a recogniser reads changes it; one that only shapes the review does not."""
    base = Config().reading_key()
    assert Config(project_folders=("Vorhaben",)).reading_key() != base
    assert Config(goal_folders=("Ziele",)).reading_key() != base
    assert Config(conventions_off=("habits",)).reading_key() != base
    assert Config(stale_days=7, reviews_folder="R").reading_key() == base


@pytest.mark.parametrize(("text", "attr", "expected"), [
    ("ignore: Archive/\n", "ignore", ("Archive/",)),
    ("ignore: 'Templates/*'\n", "ignore", ("Templates/*",)),
    ("ignore: [Archive/, Old/]\n", "ignore", ("Archive/", "Old/")),
    ("goals: {folders: Objectives}\n", "goal_folders", ("Objectives",)),
    ("goals: {done_folders: Finished}\n", "goal_done_folders", ("Finished",)),
    ("goals: {off: okrs}\n", "conventions_off", ("okrs",)),
])
def test_a_list_of_names_may_be_written_as_a_single_string(
    text: str, attr: str, expected: tuple[str, ...],
) -> None:
    cfg = parse_config(text, {})
    assert getattr(cfg, attr)[:len(expected)] == expected


def _goal_titles(root: Path) -> list[str]:
    data = cli_json("status", str(root), "--today", "2026-11-20", "--json")
    return sorted(g["title"] for g in data["goals"])


GOAL = "---\ntype: goal\n---\n## Milestones\n- [ ] one\n"


def test_ignore_as_a_single_string_skips_that_folder(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        ".obsidian/app.json": "{}",
        ".vaultgoals.yaml": "ignore: Archive/\n",
        "Goals/Run.md": GOAL,
        "Archive/Old goal.md": GOAL,
    })
    assert _goal_titles(root) == ["Run"]


def test_template_folders_named_in_obsidian_settings_are_skipped(tmp_path: Path) -> None:
    """The folders `.obsidian/templates.json` (core Templates) and Templater's settings
    name hold templates, not goals, whatever they are called and without any placeholder
    in the notes."""
    root = write_vault(tmp_path / "vault", {
        ".obsidian/templates.json": json.dumps({"folder": "Meta/Blueprints"}),
        ".obsidian/plugins/templater-obsidian/data.json": json.dumps(
            {"templates_folder": "_tpl/"}),
        "Goals/Run.md": GOAL,
        "Meta/Blueprints/Goal.md": GOAL,
        "_tpl/Goal.md": GOAL,
        "Meta/Real goal.md": GOAL,
    })
    assert _goal_titles(root) == ["Real goal", "Run"]


@pytest.mark.parametrize("rel", [".obsidian/templates.json",
                                 ".obsidian/plugins/templater-obsidian/data.json"])
def test_a_watcher_rereads_the_vault_when_a_template_folder_setting_changes(rel: str) -> None:
    """Moving the template folder in Obsidian changes which notes are goals: the watcher
    treats both settings files as configuration, as it does the vault's own config."""
    assert classify(rel, is_dir=False) == "config"
