"""Living with sync and Git (#18 points 8-10): `.vaultgoals/.gitignore`, where the parse
cache lives, and how much generated notes link."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import graph_of, run_job, write_vault
from vaultgoals.cache.location import STALE_DAYS, cache_file, user_cache_folder, user_cache_root
from vaultgoals.core.celebrations import parse_celebration_note
from vaultgoals.core.config import ConfigError, parse_config
from vaultgoals.core.render.links import goal_notes, relink
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


# -- links: full | goals | none (#18 point 10) --------------------------------------------

def test_relink_keeps_what_the_setting_allows() -> None:
    text = ("- 🎉 [[Goals/Run|Run]] — [[Celebrations/2026-11-16 Run|celebration]]\n"
            "    - Buy shoes [[Shop]] ([[Daily/2026-11-15|2026-11-15]]:2)\n"
            "| [[Goals/Run\\|Run]] | `[[not a link]]` | ![[chart.svg]] |\n"
            "```mermaid\nflowchart TD\n  A[[Goals/Run]]\n```\n"
            "> - [[Notes/Mixed#Heading|Mixed]] and [[a_b*c]]")
    goals = {"Goals/Run", "Notes/Mixed"}
    assert relink(text, "full", goals.__contains__) == text
    assert relink(text, "goals", goals.__contains__) == (
        "- 🎉 [[Goals/Run|Run]] — celebration\n"
        "    - Buy shoes Shop (2026-11-15:2)\n"
        "| [[Goals/Run\\|Run]] | `[[not a link]]` | ![[chart.svg]] |\n"
        "```mermaid\nflowchart TD\n  A[[Goals/Run]]\n```\n"
        "> - [[Notes/Mixed#Heading|Mixed]] and a\\_b\\*c")
    assert relink(text, "none", goals.__contains__) == (
        "- 🎉 Run — celebration\n"
        "    - Buy shoes Shop (2026-11-15:2)\n"
        "| Run | `[[not a link]]` | ![[chart.svg]] |\n"
        "```mermaid\nflowchart TD\n  A[[Goals/Run]]\n```\n"
        "> - Mixed and a\\_b\\*c")


def _links(text: str) -> list[str]:
    return re.findall(r"(?<!!)\[\[([^\]|\\#]+)", text)


def test_a_review_links_only_goals_by_default_and_nothing_when_told(sample_copy: Path) -> None:
    """The sample's review links 37 different notes 89 times under `links: full`; by
    default (`goals`) only the notes that hold goals, visions, commitments and skills,
    people, the celebration of a win, and the previous review; with `none`, none.
    Celebrations written under `none` are still recognised as the vault's own once the
    journal is lost (no second celebration)."""
    run_job(sample_copy, "2026-11-20")
    review = sample_copy / "Reviews/2026-W47.md"
    linked = set(_links(review.read_text(encoding="utf-8")))
    assert linked == {
        "Goals/Become a data scientist", "Goals/Launch a personal project",
        "Goals/Learn Spanish for conferences", "Goals/Project manager path",
        "Goals/Publish a technical blog", "Goals/Read 12 career books", "Notes/Health",
        "Notes/Kaggle competition", "OKRs/2026 Q4", "Yearly/2026", "Commitments/Networking",
        "Commitments/Meetups", "Health", "Kaggle competition", "Launch a personal project",
        "Project manager path", "Celebrations/2026-11-16 Read 12 career books",
        "Skills/Communication", "Skills/Leadership", "Skills/Python", "Skills/SQL",
        "Skills/Statistics", "Skills/Time management", "People/Aisha Rahman",
        "People/Mei Chen", "Marcus Lee", "Mei Chen", "Priya Patel", "Reviews/2026-W46"}
    shutil.rmtree(sample_copy / "Celebrations")
    shutil.rmtree(sample_copy / ".vaultgoals")
    (sample_copy / "Wins log.md").unlink()
    (sample_copy / ".vaultgoals.yaml").write_text("links: none\n", encoding="utf-8")
    run_job(sample_copy, "2026-11-20")
    assert _links(review.read_text(encoding="utf-8")) == []
    celebrated = sorted((sample_copy / "Celebrations").iterdir())
    assert len(celebrated) == 14
    assert all(_links(p.read_text(encoding="utf-8")) == [] for p in celebrated)
    seen = [parse_celebration_note(p.name, p.read_text(encoding="utf-8")) for p in celebrated]
    assert all(s is not None and s.marker for s in seen)  # (found by their markers)
    shutil.rmtree(sample_copy / ".vaultgoals")
    (sample_copy / "Wins log.md").unlink()
    run_job(sample_copy, "2026-11-20")
    assert sorted((sample_copy / "Celebrations").iterdir()) == celebrated


def test_relink_answers_for_the_graph_it_is_given() -> None:
    """`relink` is memoised across passes: the same text relinked for a graph in which its
    target stopped being a goal drops the link; for an equal graph, the answer is reused."""
    text = "- [[Run]] moved\n"
    as_goal = graph_of({"Run.md": "---\ntype: goal\n---\n- [ ] 5k\n"}, date(2026, 11, 20))
    as_note = graph_of({"Run.md": "- [ ] 5k\n"}, date(2026, 11, 20))
    assert relink(text, "goals", goal_notes(as_goal)) == text
    assert relink(text, "goals", goal_notes(as_note)) == "- Run moved\n"
    assert relink(text, "goals", goal_notes(as_goal)) == text
    assert goal_notes(as_goal) == goal_notes(as_goal) != goal_notes(as_note)
