"""Reassessment with memory, end to end (#17 parts 2 and 4): a small vault lived through
two weeks. A deadline moved twice, answers ticked in the review (kept through its rewrite,
recorded in the journal, a drop applied only with `--apply-decisions`), the next week's
review carrying the last one forward, `status --json` and `vaultgoals history`."""

from __future__ import annotations

import json
import logging
import os
import threading
from datetime import date
from pathlib import Path

from tests.conftest import cli, edit, run_job, sql_rows, wait_until, write_vault
from vaultgoals.app.pipeline import Pipeline
from vaultgoals.app.research import research_for
from vaultgoals.app.watch import Watcher
from vaultgoals.core.decisions import goal_hash
from vaultgoals.store.settings import load_config

FILES = {
    "Vision.md": "---\ntype: vision\n---\n# Vision\n",
    "Goals/Launch.md": "---\ntype: goal\nparent: \"[[Vision]]\"\ndeadline: 2026-12-01\n---\n"
                       "- [x] Sketch the screens ✅ 2026-11-02\n- [ ] Ship the beta\n",
    "Goals/Spanish.md": "---\ntype: goal\narea: Languages\nstart: 2026-09-01\n---\n"
                        "- [ ] Book a tutor\n",
    "Goals/Side.md": "---\ntype: goal\nstatus: active  # mine\n---\n"
                     "- [x] Old thing ✅ 2026-10-01\n- [ ] Next thing\n",
}
REVIEW = "Reviews/2026-W47.md"


def _tick(root: Path, goal: str, option: str, words: str = "") -> None:
    """Tick an answer line in the review, as in Obsidian (the Tasks plugin adds a date)."""
    mark = f"^vgd-{goal_hash(goal)}-{option}"
    text = (root / REVIEW).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.endswith(mark))
    ticked = line.replace("- [ ]", "- [x]", 1).replace(f" {mark}", f"{words} ✅ 2026-11-19 "
                                                                     f"{mark}")
    edit(root / REVIEW, line, ticked)


def test_two_weeks_of_reassessment_with_memory(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    launch = root / "Goals/Launch.md"
    run_job(root, "2026-11-16")
    edit(launch, "deadline: 2026-12-01", "deadline: 2027-01-15")
    run_job(root, "2026-11-17")
    edit(launch, "deadline: 2027-01-15", "deadline: 2027-03-01")
    run_job(root, "2026-11-18")
    review = (root / REVIEW).read_text(encoding="utf-8")
    assert ("- [[Goals/Launch|Launch]]: deadline moved 2026-12-01 → 2027-01-15 (1st move); "
            "deadline moved 2027-01-15 → 2027-03-01 (2nd move)") in review
    assert ("deadline moved 2 times (last 2027-01-15 → 2027-03-01, on 2026-11-18). *Keep it, "
            "shrink the target, move the date (with a reason), or drop it?*") in review
    assert "- [[Goals/Spanish|Spanish]] (set 2026-09-01) — first step: Book a tutor" in review
    assert "No earlier review found" in review

    # answers ticked in Obsidian are read, recorded and kept exactly as ticked
    _tick(root, "Goals/Launch.md", "keep")
    _tick(root, "Goals/Side.md", "drop")
    edit(root / REVIEW, "What went well? What will I change next week?",
         "What went well? What will I change next week?\n\nThe launch slipped twice; I keep "
         "it, scope cut to the beta.")
    ticked = [line for line in (root / REVIEW).read_text(encoding="utf-8").splitlines()
              if "- [x]" in line]
    out, _ = run_job(root, "2026-11-19")
    review = (root / REVIEW).read_text(encoding="utf-8")
    assert [line for line in review.splitlines() if "- [x]" in line] == ticked
    assert not [n for n in out.notices if "you edited" in n]
    assert "- [[Goals/Side|Side]]: drop (2026-11-19)" in review  # Answered this week
    assert "Not linked to a goal" not in review  # (a ticked answer is no task, no win)
    db = root / ".vaultgoals/state.db"
    assert sql_rows(db, "SELECT goal_key, week, option, day, applied FROM decisions "
                        "ORDER BY goal_key") == [
        ("Goals/Launch.md", "2026-W47", "keep", "2026-11-19", ""),
        ("Goals/Side.md", "2026-W47", "drop", "2026-11-19", "")]
    side = (root / "Goals/Side.md").read_text(encoding="utf-8")
    assert "status: active  # mine" in side  # never without --apply-decisions

    proc = cli("run", str(root), "--today", "2026-11-19", "--apply-decisions", check=True)
    assert "status set to dropped" in proc.stderr
    assert (root / "Goals/Side.md").read_text(encoding="utf-8") == side.replace(
        "status: active  # mine", "status: dropped  # mine")
    edit(root / "Goals/Side.md", "status: dropped", "status: active")  # the user's call
    cli("run", str(root), "--today", "2026-11-20", "--apply-decisions", check=True)
    assert "status: active  # mine" in (root / "Goals/Side.md").read_text(encoding="utf-8")

    # the next week remembers the last
    run_job(root, "2026-11-24")
    nxt = (root / "Reviews/2026-W48.md").read_text(encoding="utf-8")
    assert "Previous review: [[Reviews/2026-W47|2026-W47]]." in nxt
    assert "- [[Goals/Launch|Launch]]: Ship the beta ([[Goals/Launch|Launch]]:7)" in nxt
    assert "> The launch slipped twice; I keep it, scope cut to the beta." in nxt
    assert "- [[Goals/Launch|Launch]]: keep (2026-11-19)" in nxt
    assert "    - Last decided (2026-W47, 2026-11-19): keep" in nxt

    status = json.loads(cli("status", str(root), "--json", "--today", "2026-11-24",
                            check=True).stdout)
    goals = {g["title"]: g for v in status["goals"] for g in [v, *v["children"]]}
    assert [r["said"] for r in goals["Launch"]["revisions"]] == [
        "deadline moved 2026-12-01 → 2027-01-15 (1st move)",
        "deadline moved 2027-01-15 → 2027-03-01 (2nd move)"]
    assert goals["Launch"]["decisions"][0]["option"] == "keep"
    assert goals["Side"]["decisions"][0]["applied"] == "2026-11-19"
    assert [r["field"] for r in goals["Side"]["revisions"]] == ["status", "status"]
    assert (goals["Spanish"]["not_started"], goals["Spanish"]["tied_to_vision"]) == (True, True)
    assert (goals["Side"]["tied_to_vision"], goals["Launch"]["tied_to_vision"]) == (False, True)

    history = cli("history", str(root), "Launch", check=True).stdout.splitlines()
    assert history == ["Goals/Launch.md", "  2026-11-16  first seen",
                       "  2026-11-17  deadline moved 2026-12-01 → 2027-01-15 (1st move)",
                       "  2026-11-18  deadline moved 2027-01-15 → 2027-03-01 (2nd move)",
                       "  2026-11-19  decided keep (review 2026-W47)",
                       "  now: deadline 2027-03-01, target none, status active, parent Vision.md"]
    assert cli("history", str(root), "Nope").returncode == 2


def test_research_notes_and_tasks_by_goal_from_the_vault(tmp_path: Path) -> None:
    """`app.research.research_for` (for the monthly review): the candidates' texts are read
    from the vault, a note's links in its body count, a file's day dates an undated note."""
    root = write_vault(tmp_path / "v", {
        "Goals/Data science.md": "---\ntype: goal\n---\n- [ ] Pick a course\n",
        "Research/Industry trends 2026.md": "---\ndate: 2026-11-10\n---\nFor [[Data science]].\n",
        "Research/Old.md": "---\ndate: 2026-09-01\n---\n[[Data science]]\n",
        "Notes/Offer.md": "---\ntags: [opportunity]\n---\nA role that fits [[Data science]].\n",
        "Daily/2026-11-12.md": "- [x] Read the survey #research [[Data science]] ✅ 2026-11-12\n",
    })
    os.utime(root / "Notes/Offer.md", (1_763_800_000, 1_763_800_000))  # 2025-11-22
    config = load_config(root)
    pipe = Pipeline(root, config, use_cache=False)
    pipe.scan()
    graph = pipe.graph(date(2026, 11, 20))
    got = research_for(root, graph, pipe.docs(), config, date(2026, 11, 1), date(2026, 11, 30))
    assert [(i.kind, i.title) for i in got["Goals/Data science.md"]] == [
        ("note", "Industry trends 2026"), ("task", "Read the survey #research [[Data science]]")]
    year = research_for(root, graph, pipe.docs(), config, date(2025, 11, 1), date(2025, 11, 30))
    assert [i.title for i in year["Goals/Data science.md"]] == ["Offer"]


def test_a_watcher_with_apply_decisions_applies_a_tick_on_its_next_pass(tmp_path: Path) -> None:
    """`watch --apply-decisions`: the user ticks "drop" in the review while the watcher runs;
    the watcher's next pass records it and writes it into the goal's status (a real
    observer). The CLI accepts the flag for `watch` (it is parsed, not started, here)."""
    root = write_vault(tmp_path / "v", FILES)
    run_job(root, "2026-11-16")  # (a first review, and the goal first seen, a week earlier)
    log = logging.getLogger(f"tests.reassess.{id(root)}")
    log.propagate = False
    watcher = Watcher(root, load_config(root), log=log, today=date(2026, 11, 19),
                      debounce=0.1, apply_decisions=True)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        assert watcher.ready.wait(60), "the first pass did not finish"
        side = root / "Goals/Side.md"
        assert "status: active  # mine" in side.read_text(encoding="utf-8")
        _tick(root, "Goals/Side.md", "drop")
        wait_until(lambda: "status: dropped  # mine" in side.read_text(encoding="utf-8"),
                   "the ticked drop to be written into the goal's status")
    finally:
        watcher.request_stop()
        thread.join(60)
    assert sql_rows(root / ".vaultgoals/state.db",
                    "SELECT goal_key, option, applied FROM decisions") == [
        ("Goals/Side.md", "drop", "2026-11-19")]
    assert "--apply-decisions" in cli("watch", "--help", check=True).stdout
