"""The Tasks plugin's own settings (`.obsidian/plugins/obsidian-tasks-plugin/data.json`):
its global filter, its statuses and its task format are honoured; `.vaultgoals.yaml` wins
where it says otherwise (#15 point 13)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import cli_json, write_vault
from vaultgoals.core.notepaths import classify
from vaultgoals.core.noteread import read_as_vaultgoals
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.store.settings import load_config

TASKS = ".obsidian/plugins/obsidian-tasks-plugin/data.json"
GOAL = ("---\ntype: goal\n---\n## Milestones\n"
        "- [ ] book the venue #task\n"
        "- [x] send invitations #task ✅ 2026-11-10\n"
        "- [ ] buy milk\n"
        "- [x] call mum ✅ 2026-11-11\n")


def _tasks(root: Path) -> dict[str, Any]:
    data = cli_json("status", str(root), "--today", "2026-11-20", "--json")
    tasks: dict[str, Any] = data["tasks"]
    return tasks


def test_global_filter_only_lines_with_it_are_tasks(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        TASKS: json.dumps({"globalFilter": "#task", "removeGlobalFilter": True}),
        "Goals/Party.md": GOAL,
    })
    tasks = _tasks(root)
    assert (tasks["total"], tasks["open"], tasks["done"]) == (2, 1, 1)
    assert TASKS in load_config(root).sources


def test_without_a_global_filter_every_checklist_line_is_a_task(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        TASKS: json.dumps({"globalFilter": ""}),
        "Goals/Party.md": GOAL,
    })
    assert _tasks(root)["total"] == 4


def test_global_filter_set_later_reads_cached_notes_again(tmp_path: Path) -> None:
    """The filter changes what a note's tasks are: notes cached before it was set are read
    again (it is part of the parse cache's key)."""
    root = write_vault(tmp_path / "vault", {"Goals/Party.md": GOAL})
    assert _tasks(root)["total"] == 4
    write_vault(root, {TASKS: json.dumps({"globalFilter": "#task"})})
    assert _tasks(root)["total"] == 2


def test_global_filter_in_yaml_wins(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        TASKS: json.dumps({"globalFilter": "#task"}),
        ".vaultgoals.yaml": "global_filter: ''\n",
        "Goals/Party.md": GOAL,
    })
    assert _tasks(root)["total"] == 4


STATUSES = {"statusSettings": {
    "coreStatuses": [
        {"symbol": " ", "name": "Todo", "nextStatusSymbol": "x", "availableAsCommand": True,
         "type": "TODO"},
        {"symbol": "x", "name": "Done", "nextStatusSymbol": " ", "availableAsCommand": True,
         "type": "DONE"},
    ],
    "customStatuses": [
        {"symbol": "d", "name": "Delegated done", "nextStatusSymbol": " ",
         "availableAsCommand": False, "type": "DONE"},
        {"symbol": ">", "name": "Forwarded", "nextStatusSymbol": "x",
         "availableAsCommand": False, "type": "CANCELLED"},
        {"symbol": "!", "name": "Important", "nextStatusSymbol": "x",
         "availableAsCommand": False, "type": "IN_PROGRESS"},
        {"symbol": "i", "name": "Info", "nextStatusSymbol": "i",
         "availableAsCommand": False, "type": "NON_TASK"},
    ],
}}
STATUS_GOAL = ("---\ntype: goal\n---\n## Milestones\n- [ ] a\n- [d] b\n- [>] c\n- [!] d\n"
               "- [i] e\n")


def test_custom_statuses_of_the_plugin_say_what_is_done(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {TASKS: json.dumps(STATUSES),
                                            "Goals/G.md": STATUS_GOAL})
    cfg = load_config(root)
    assert [cfg.status_type(c) for c in " dx>!i"] == [
        "TODO", "DONE", "DONE", "CANCELLED", "IN_PROGRESS", "NON_TASK"]
    tasks = _tasks(root)
    assert (tasks["open"], tasks["done"]) == (2, 1)  # a and d open; b done


def test_statuses_in_yaml_win_over_the_plugins_character_by_character(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        TASKS: json.dumps(STATUSES),
        ".vaultgoals.yaml": "statuses:\n  '>': DONE\n",
        "Goals/G.md": STATUS_GOAL,
    })
    cfg = load_config(root)
    assert cfg.status_type(">") == "DONE"
    assert cfg.status_type("d") == "DONE"  # the plugin's, where the YAML is silent
    assert _tasks(root)["done"] == 2


MIXED = "- [ ] pay rent 📅 2026-12-01 [due:: 2026-11-25]\n"  # (by default: 📅 counts)
DATAVIEW = "- [ ] pay rent [due:: 2026-11-25]\n"


def _due(root: Path, note: str) -> str | None:
    doc = read_as_vaultgoals("Rent.md", note.encode(), load_config(root))
    return doc.tasks[0].fields.due


def test_dataview_task_format_of_the_plugin_is_followed(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {TASKS: json.dumps({"taskFormat": "dataview"})})
    assert load_config(root).task_format == "dataview"
    assert _due(root, MIXED) == "2026-11-25"


def test_emoji_task_format_of_the_plugin_is_followed(tmp_path: Path) -> None:
    """In the emoji format the plugin reads no `[due:: ...]` field: neither does
    vaultgoals."""
    root = write_vault(tmp_path / "vault", {
        TASKS: json.dumps({"taskFormat": "tasksPluginEmoji"})})
    assert load_config(root).task_format == "emoji"
    assert _due(root, DATAVIEW) is None
    assert _due(root, MIXED) is None  # (the emoji date is not at the end of the line)


def test_task_format_in_yaml_wins_over_the_plugins(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        TASKS: json.dumps({"taskFormat": "dataview"}),
        ".vaultgoals.yaml": "task_format: emoji\n",
    })
    assert load_config(root).task_format == "emoji"
    assert _due(root, DATAVIEW) is None


def test_a_broken_or_odd_plugin_file_changes_nothing(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        TASKS: json.dumps({"globalFilter": 7, "taskFormat": "other",
                           "statusSettings": {"customStatuses": [
                               {"symbol": "xy", "type": "DONE"}, {"symbol": "q"},
                               {"symbol": "x", "type": "DONE"}, "junk"]}}),
    })
    cfg = load_config(root)
    assert (cfg.global_filter, cfg.task_format, cfg.statuses) == ("", "both", {})
    (root / TASKS).write_text("{not json")
    assert load_config(root).sources == ()


def test_scanner_global_filter_spec() -> None:
    """A checklist line without the filter is no task and no list item; a task nested in it
    is still one; a note that never mentions the filter has no task."""
    text = ("- [ ] groceries\n    - [ ] eggs #task\n- [x] done thing #task\n"
            "- plain item\n")
    doc = parse_note("N.md", text, global_filter="#task")
    assert [(t.line, t.parent_line, t.status) for t in doc.tasks] == [(2, 1, " "), (3, None, "x")]
    assert [i.line for i in doc.items] == [2, 3, 4]
    assert parse_note("N.md", "- [ ] a\n- [ ] b\n", global_filter="#task").tasks == ()
    assert len(parse_note("N.md", text).tasks) == 3  # (no filter: every checklist line)


def test_a_watcher_reloads_the_configuration_when_the_plugins_settings_change() -> None:
    assert classify(TASKS, is_dir=False) == "config"
