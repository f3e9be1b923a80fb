"""A folder that is not a vault (issue #15, point 16): `run` and `watch` refuse to write
into it and say how to proceed; `vaultgoals init` makes it one with a commented
`.vaultgoals.yaml` saying what it found, and never replaces an existing one. The real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import cli, snapshot_tree, write_vault

TODAY = "2026-11-20"
GOAL = "---\ntype: goal\n---\n## Milestones\n- [x] Run 5k ✅ 2026-11-18\n- [ ] Run 10k\n"


def every_file(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.mark.parametrize("command", ["run", "review", "celebrate", "watch"])
def test_a_folder_that_is_not_a_vault_is_refused_and_left_untouched(
    tmp_path: Path, command: str,
) -> None:
    downloads = write_vault(tmp_path / "Downloads", {"Run a 10k.md": GOAL, "notes.txt": "x"},
                            obsidian=False)
    before = every_file(downloads)
    proc = cli(command, str(downloads), "--today", TODAY, timeout=60)
    # (watch: 3, as for a missing vault: a service tries again once the drive is mounted)
    assert proc.returncode == (3 if command == "watch" else 2), proc.stderr
    assert "does not look like an Obsidian vault" in proc.stderr
    assert f"vaultgoals init {downloads}" in proc.stderr and "--force" in proc.stderr
    assert every_file(downloads) == before  # no Reviews/, no .vaultgoals/


def test_watch_says_it_in_its_log_file_too(tmp_path: Path) -> None:
    downloads = write_vault(tmp_path / "Downloads", {"Run a 10k.md": GOAL}, obsidian=False)
    log = tmp_path / "watch.log"
    proc = cli("watch", str(downloads), "--log-file", str(log), timeout=60)
    assert proc.returncode == 3
    assert "does not look like an Obsidian vault" in log.read_text(encoding="utf-8")


def test_force_writes_into_any_folder(tmp_path: Path) -> None:
    folder = write_vault(tmp_path / "Notes", {"Goals/Run a 10k.md": GOAL}, obsidian=False)
    proc = cli("run", str(folder), "--today", TODAY, "--force")
    assert proc.returncode == 0, proc.stderr
    assert "Run 5k" in (folder / "Reviews/2026-W47.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("marker", [
    {".obsidian/app.json": "{}"},  # opened in Obsidian
    {".vaultgoals.yaml": "stale_days: 30\n"},  # configured for vaultgoals
])
def test_a_vault_marker_is_enough(tmp_path: Path, marker: dict[str, str | bytes]) -> None:
    root = write_vault(tmp_path / "vault", {"Goals/Run a 10k.md": GOAL, **marker},
                       obsidian=False)
    proc = cli("run", str(root), "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert (root / "Reviews/2026-W47.md").exists()


def test_a_folder_vaultgoals_already_keeps_a_journal_in_is_still_a_vault(
    tmp_path: Path,
) -> None:
    """Someone who ran an earlier release in a folder without `.obsidian/` (its journal is
    there) is not stopped by the upgrade."""
    root = write_vault(tmp_path / "vault", {"Goals/Run a 10k.md": GOAL}, obsidian=False)
    assert cli("run", str(root), "--today", TODAY, "--force").returncode == 0
    (root / "Reviews/2026-W47.md").unlink()
    proc = cli("run", str(root), "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert (root / "Reviews/2026-W47.md").exists()


def test_init_writes_a_commented_config_saying_what_it_found(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {
        ".obsidian/daily-notes.json": json.dumps({"folder": "Journal/Daily",
                                                  "format": "YYYY-MM-DD"}),
        ".obsidian/templates.json": json.dumps({"folder": "Meta/Templates"}),
        ".obsidian/plugins/periodic-notes/data.json": json.dumps(
            {"weekly": {"enabled": True, "folder": "Weekly", "format": "gggg-[W]ww",
                        "weekStart": "sunday"}}),
        "Goals/Run a 10k.md": GOAL,
        "Meta/Templates/Goal.md": GOAL,
        "Journal/Daily/2026-11-19.md": "- [x] Meditate\n",
    })
    proc = cli("init", str(root), "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    text = (root / ".vaultgoals.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) is None  # every line a comment: it changes nothing
    assert all(line.startswith("#") for line in text.splitlines() if line)
    for found in ("Obsidian: .obsidian/ found",
                  "daily notes: in Journal/Daily/, named YYYY-MM-DD",
                  "weekly notes: in Weekly/, named gggg-[W]ww",
                  "weeks start on Sunday",
                  "template folders (never read as goals): Meta/Templates/",
                  "top-level folders: Goals, Journal, Meta",
                  "1 goal in Goals/: its type property says goal",
                  "#   week_start: sunday", "#   folder: Reviews"):
        assert found in text, found
    # the commented settings are real settings once uncommented
    block = text.rstrip("\n").rsplit("\n\n", 1)[1]
    uncommented = "\n".join(line[2:].split("  #")[0] for line in block.splitlines())
    assert yaml.safe_load(uncommented)["reviews"]["week_start"] == "sunday"
    (root / ".vaultgoals.yaml").write_text(uncommented, encoding="utf-8")
    assert cli("status", str(root), "--today", TODAY).returncode == 0
    (root / ".vaultgoals.yaml").write_text(text, encoding="utf-8")
    # and the folder is now a vault
    assert cli("run", str(root), "--today", TODAY).returncode == 0


def test_init_makes_a_plain_folder_a_vault(tmp_path: Path) -> None:
    folder = write_vault(tmp_path / "Notes", {"Goals/Run a 10k.md": GOAL}, obsidian=False)
    assert cli("run", str(folder), "--today", TODAY).returncode == 2
    proc = cli("init", str(folder), "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {folder / '.vaultgoals.yaml'}" in proc.stdout
    text = (folder / ".vaultgoals.yaml").read_text(encoding="utf-8")
    assert "no .obsidian/ folder" in text and "Obsidian settings read at every run: none" in text
    proc = cli("run", str(folder), "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "Reviews/2026-W47.md").exists()


def test_init_never_replaces_an_existing_config(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", {".vaultgoals.yaml": "stale_days: 30  # mine\n",
                                            "Goals/Run a 10k.md": GOAL}, obsidian=False)
    before = snapshot_tree(root)
    proc = cli("init", str(root))
    assert proc.returncode == 0
    assert "already exists; left as it is" in proc.stderr
    assert snapshot_tree(root) == before


def test_init_of_a_missing_folder_is_bad_usage(tmp_path: Path) -> None:
    proc = cli("init", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
