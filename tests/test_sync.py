"""Living with sync and Git (#18 points 8-10): `.vaultgoals/.gitignore`, where the parse
cache lives, and how much generated notes link."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import run_job, write_vault
from vaultgoals.cache.location import STALE_DAYS, cache_file, user_cache_folder, user_cache_root
from vaultgoals.core.config import ConfigError, parse_config
from vaultgoals.store.settings import load_config

GOAL = "---\ntype: goal\n---\n# Run\n\n- [x] Buy shoes ✅ 2026-11-16\n- [ ] Run 5 km\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_state_folder_tells_git_what_not_to_commit(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"Goals/Run.md": GOAL})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    run_job(root, "2026-11-18")
    state = root / ".vaultgoals"
    for name in ("cache.db", "lock", "lock.os", "state.db", "state.db-wal", "watch-canary",
                 "watch-status.json"):
        (state / name).touch()
    ignored = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--ignored", "--untracked-files=all",
         ".vaultgoals"], capture_output=True, text=True, check=True).stdout.splitlines()
    assert "?? .vaultgoals/.gitignore" in ignored  # the file itself is committed
    assert {line[3:] for line in ignored if line.startswith("!! ")} >= {
        ".vaultgoals/cache.db", ".vaultgoals/lock", ".vaultgoals/lock.os",
        ".vaultgoals/state.db", ".vaultgoals/state.db-wal", ".vaultgoals/watch-canary",
        ".vaultgoals/watch-status.json"}
    (state / "lock").unlink()  # (an empty lock file is held for a moment)
    # the user's edit is kept: written once, never again
    (state / ".gitignore").write_text("cache.db\n", encoding="utf-8")
    run_job(root, "2026-11-19")
    assert (state / ".gitignore").read_text(encoding="utf-8") == "cache.db\n"


def test_the_parse_cache_lives_outside_the_vault_unless_told(tmp_path: Path) -> None:
    """`cache: user` (the default): nothing for a sync client to upload at every edit;
    `cache: vault`: beside the journal; going back to `user` removes the vault's copy."""
    root = write_vault(tmp_path / "v", {"Goals/Run.md": GOAL,
                                        ".vaultgoals.yaml": "cache: vault\n"})
    run_job(root, "2026-11-18")
    inside = root / ".vaultgoals" / "cache.db"
    assert inside.is_file()
    (root / ".vaultgoals.yaml").write_text("# cache: user is the default\n", encoding="utf-8")
    run_job(root, "2026-11-18")
    assert not inside.exists() and (root / ".vaultgoals" / "state.db").is_file()
    outside = user_cache_folder(root) / "cache.db"
    assert outside.is_file()
    assert Path(os.environ["XDG_CACHE_HOME"]) in outside.parents  # (this test session's)
    assert cache_file(root, load_config(root)) == outside


def test_caches_of_vaults_long_gone_are_pruned(tmp_path: Path) -> None:
    old = user_cache_root() / "Old vault-0123456789abcdef"
    old.mkdir(parents=True)
    (old / "cache.db").write_bytes(b"")
    long_ago = time.time() - (STALE_DAYS + 1) * 86400
    os.utime(old / "cache.db", (long_ago, long_ago))
    root = write_vault(tmp_path / "v", {"Goals/Run.md": GOAL})
    run_job(root, "2026-11-18")
    assert not old.exists()
    assert (user_cache_folder(root) / "cache.db").is_file()


def test_cache_setting_is_checked() -> None:
    with pytest.raises(ConfigError, match="'cache' must be one of user, vault"):
        parse_config("cache: cloud\n", {})
