"""`vaultgoals explain`, the helpful "No goals found" and the "How vaultgoals reads this
vault" note, with the real CLI (and the real job) on temporary vaults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.conftest import cli, cli_env, edit, run_job
from vaultgoals.app.jobs import Job
from vaultgoals.store.settings import load_config

VaultMaker = Callable[[dict[str, str | bytes]], Path]
TODAY = "2025-06-01"
NOTE = "Reviews/How vaultgoals reads this vault.md"
FILES: dict[str, str | bytes] = {
    "Yearly/2025.md": "# 2025\n\n## 2025 Goals\n- [ ] Swim twice a week\n"
                      "    - [x] Buy a pool pass\n- Run a marathon\n",
    "Areas/Goals/Learn Rust.md": "# Learn Rust\n- [ ] Read the book\n",
    "Templates/Goal.md": "---\ntype: goal\n---\n# {{title}}\n",
    "Someday.md": "# Someday\n\n## Goals\n\n## Ideas\n- a boat\n",
}


def test_explain_the_vault(vault: VaultMaker) -> None:
    root = vault(FILES)
    out = cli("explain", str(root), "--today", TODAY, check=True).stdout
    assert out.splitlines()[:4] == [
        "3 goals, 1 milestone.",
        "  2 goals in Yearly/2025.md: a list item under the goal heading '2025 Goals'",
        "  1 goal in Areas/Goals/: it is in the goals folder Areas/Goals/",
        "  1 milestone in Yearly/2025.md: nested under the goal 'Swim twice a week'",
    ]
    assert "Skipped 1 template with goal-like text: Templates/Goal.md" in out
    assert ("  Someday.md:3: the heading 'Goals' has no list under it → write each goal as a "
            "list item under it (- Run a half marathon)") in out
    data = json.loads(cli("explain", str(root), "--json", check=True).stdout)
    assert data["counts"] == {"goal": 3, "milestone": 1}
    assert data["skipped"] == [{"path": "Templates/Goal.md", "why": "template"}]


def test_explain_a_note_by_path_or_name_and_a_line(vault: VaultMaker) -> None:
    root = vault(FILES)
    by_path = cli("explain", str(root), "Yearly/2025.md", check=True).stdout
    by_name = cli("explain", str(root), "2025", check=True).stdout
    assert by_path == by_name and "line 4: goal 'Swim twice a week'" in by_path
    line = cli("explain", str(root), "Yearly/2025:6", check=True).stdout.splitlines()
    assert line[0] == "Yearly/2025.md:6: - Run a marathon"
    assert line[1] == ("  is a goal 'Run a marathon' (Yearly/2025.md:6), found by goal_lists: "
                       "a list item under the goal heading '2025 Goals'")
    data = json.loads(cli("explain", str(root), "Learn Rust:2", "--json", check=True).stdout)
    assert data["line"]["counts_toward"]["key"] == "Areas/Goals/Learn Rust.md"
    assert data["node"]["found_by"] == "goal_folder"
    template = cli("explain", str(root), "Templates/Goal.md", check=True).stdout
    assert "it is a template" in template


def test_explain_in_the_current_folder(vault: VaultMaker) -> None:
    root = vault(FILES)
    proc = subprocess.run([sys.executable, "-m", "vaultgoals", "explain", "Someday.md:3"],
                          capture_output=True, text=True, env=cli_env(), cwd=root, check=True)
    assert proc.stdout.startswith("Someday.md:3: ## Goals\n")
    assert "near miss: the heading 'Goals' has no list under it" in proc.stdout


def test_explain_errors_name_the_file_and_line(vault: VaultMaker) -> None:
    root = vault(FILES)
    missing = cli("explain", str(root), "Nope")
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"vaultgoals: Nope: no such note in {root}"
    assert cli("explain", str(root), "Nope:3").stderr.strip() == (
        f"vaultgoals: Nope:3: no such note in {root}")
    out_of_range = cli("explain", str(root), "Someday.md:99")
    assert out_of_range.returncode == 2
    assert out_of_range.stderr.strip() == ("vaultgoals: Someday.md:99: line 99 is out of range "
                                           "(the note has 6 lines)")
    assert cli("explain", str(root / "no-such-vault"), "x").returncode == 2


def test_no_goals_found_is_helpful(vault: VaultMaker) -> None:
    root = vault({"Objectives/Ship v2.md": "# Ship v2\n- [ ] Write the spec\n",
                  "Plans.md": "# Plans\n\n## Goals\n\n## Later\n- a boat\n"})
    out = cli("status", str(root), "--today", TODAY, check=True).stdout
    assert out.startswith("No goals found. Conventions tried:\n")
    assert "notes in a goals folder (goals.folders)" in out
    assert "Objectives/: 1 note in Objectives/" in out
    assert ("To include them, add this line to .vaultgoals.yaml: "
            "goals: {folders: [Goals, Goal, Objectives]}") in out
    run_job(root, TODAY)
    review = (root / "Reviews/2025-W23.md").read_text(encoding="utf-8")
    assert "No goals found. vaultgoals looked for\n\n- a type property naming a kind" in review
    assert "`goals: {folders: [Goals, Goal, Objectives]}`" in review
    (root / ".vaultgoals.yaml").write_text("goals:\n  folders: [Goals, Goal, Objectives]\n",
                                           encoding="utf-8")
    assert "1 goal in Objectives/" in cli("explain", str(root), check=True).stdout


def test_the_first_run_writes_the_note_once_and_keeps_it_current(vault: VaultMaker) -> None:
    root = vault(FILES)
    outcome, _ = run_job(root, TODAY)
    path = root / NOTE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# How vaultgoals reads this vault\n")
    assert "- 2 goals in [[Yearly/2025|2025]] · a list item under the goal heading" in text
    assert "[[Areas/Goals/Learn Rust|Learn Rust]]" in text
    assert NOTE in [r.path for r in outcome.written]
    # a second run: nothing to write
    outcome, _ = run_job(root, TODAY)
    assert NOTE not in [r.path for r in outcome.written]
    # the user's text around the region is kept; the region follows the vault
    path.write_text(text + "\nMy own words.\n", encoding="utf-8")
    edit(root / "Yearly/2025.md", "- Run a marathon\n", "- Run a marathon\n- Learn Dutch\n")
    run_job(root, TODAY)
    text = path.read_text(encoding="utf-8")
    assert "- 3 goals in [[Yearly/2025|2025]]" in text and text.endswith("\nMy own words.\n")
    # the note adds no goal of its own
    data = json.loads(cli("status", str(root), "--json", "--today", TODAY, check=True).stdout)
    assert not any(NOTE in json.dumps(g) for g in data["goals"])
    # deleted by the user: not written again
    path.unlink()
    run_job(root, TODAY)
    assert not path.exists()


def test_the_note_can_be_turned_off(vault: VaultMaker) -> None:
    root = vault({**FILES, ".vaultgoals.yaml": "reviews:\n  explain_note: ''\n"})
    run_job(root, TODAY)
    assert not (root / NOTE).exists()


def test_the_note_can_be_renamed(vault: VaultMaker) -> None:
    root = vault({**FILES, ".vaultgoals.yaml":
                  "reviews:\n  folder: Meta\n  explain_note: About vaultgoals\n"})
    run_job(root, TODAY)
    assert (root / "Meta/About vaultgoals.md").exists()


def test_explain_help_has_an_example() -> None:
    out = cli("explain", "--help", check=True).stdout
    assert "vaultgoals explain ~/Vault \"Yearly/2025.md:12\"" in out


def test_a_watchers_passes_keep_the_note_current(vault: VaultMaker) -> None:
    root = vault(FILES)
    job = Job(root, load_config(root))
    try:
        today = date.fromisoformat(TODAY)
        assert NOTE in [r.path for r in job.once(today).written]
        edit(root / "Someday.md", "- a boat\n", "- a boat\n- [ ] sail #goal\n")
        out = job.once(today, changed={"Someday.md"})
        assert NOTE in [r.path for r in out.written]
        assert "Someday|Someday]] · a task tagged `#goal`" in (root / NOTE).read_text("utf-8")
        edit(root / "Someday.md", "- a boat\n", "- a yacht\n")  # nothing the note says
        assert NOTE not in [r.path for r in job.once(today, changed={"Someday.md"}).written]
        (root / NOTE).write_text("", encoding="utf-8")  # emptied: rebuilt (not a save gap)
        os.utime(root / NOTE, (1, 1))
        assert NOTE in [r.path for r in job.once(today, changed={NOTE}).written]
    finally:
        job.close()
