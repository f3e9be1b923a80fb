"""A wrong clock (`--today` far ahead, a system clock off by years) leaves no lasting trace.

Dates after a run's today are never stored as facts; a later run with an earlier today
repairs the journal's rows; each task row keeps the today of the run that wrote it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

import vaultgoals.store.journal as journal_mod
from tests.conftest import edit, run_job, sql_rows, write_vault
from vaultgoals.app.jobs import Job
from vaultgoals.core.identity import JournalView, SeenTask, TaskObs, reconcile
from vaultgoals.store.journal import Journal
from vaultgoals.store.settings import load_config

GOAL = ("---\ntype: goal\n---\n## Milestones\n- [x] Outline ✅ 2026-11-10\n- [ ] Draft\n"
        "    - [ ] write part one\n    - [ ] write part two\n")


def rows(root: Path, sql: str) -> list[tuple[object, ...]]:
    return sql_rows(root / ".vaultgoals/state.db", sql)


def dates_after(root: Path, today: str) -> list[tuple[str, object]]:
    """Every date the journal holds that is later than `today`."""
    found: list[tuple[str, object]] = []
    queries = {
        "tasks.first_seen": "SELECT first_seen FROM tasks",
        "tasks.first_done": "SELECT first_done FROM tasks",
        "tasks.gone_since": "SELECT gone_since FROM tasks",
        "snapshots.day": "SELECT day FROM snapshots",
        "achievements.done_date": "SELECT done_date FROM achievements",
        "achievements.recorded_on": "SELECT recorded_on FROM achievements",
        "meta.journal_since": "SELECT value FROM meta WHERE key = 'journal_since'",
    }
    for what, sql in queries.items():
        found.extend((what, v) for (v,) in rows(root, sql) if isinstance(v, str) and v > today)
    return found


def test_a_run_from_the_future_is_repaired_by_the_next_correct_run(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"Goals/Book.md": GOAL})
    run_job(root, "2026-11-18")
    edit(root / "Goals/Book.md", "- [ ] write part one", "- [x] write part one")
    edit(root / "Goals/Book.md", "- [ ] write part two", "- [ ] write part two\n- [ ] Proofread")
    run_job(root, "2031-01-01")  # the wrong clock
    assert dates_after(root, "2026-11-19")  # (what the wrong run stored)
    run_job(root, "2026-11-19")
    assert dates_after(root, "2026-11-19") == []
    # the task ticked meanwhile counts as done no later than the correct run's today
    done = rows(root, "SELECT first_done FROM tasks WHERE text = 'write part one'")
    assert done == [("2026-11-19",)]
    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    assert "1 task completed this week." in review, review


def test_dates_after_today_are_never_stored(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"Goals/Book.md": GOAL.replace(
        "- [ ] Draft\n", "- [x] Draft ✅ 2027-01-05\n").replace(
        "- [ ] write part one", "- [x] write part one ✅ 2027-01-04")})
    run_job(root, "2026-11-18")
    run_job(root, "2026-11-19")
    assert dates_after(root, "2026-11-19") == []


def test_each_task_row_keeps_the_today_of_the_run_that_wrote_it(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"Goals/Book.md": GOAL})
    run_job(root, "2026-11-18")
    edit(root / "Goals/Book.md", "- [ ] write part one", "- [x] write part one")
    run_job(root, "2026-11-19")
    got = {r[0]: r[1] for r in rows(root, "SELECT text, recorded_on FROM tasks")}
    assert got == {"Outline": "2026-11-18", "Draft": "2026-11-18",
                   "write part one": "2026-11-19", "write part two": "2026-11-18"}, got


def test_a_watcher_whose_clock_goes_back_repairs_its_view(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"Goals/Book.md": GOAL})
    job = Job(root, load_config(root))
    try:
        job.once(date(2026, 11, 18))
        edit(root / "Goals/Book.md", "- [ ] write part one", "- [x] write part one")
        job.once(date(2031, 1, 1))
        job.once(date(2026, 11, 19))  # the clock was fixed while it ran
        assert job.view is not None
        assert max(job.view.first_done.values()) <= "2026-11-19"
        assert max(job.view.first_seen.values()) <= "2026-11-19"
        assert all(d <= "2026-11-19" for h in job.view.snapshots.values() for d, _ in h)
    finally:
        job.close()
    assert dates_after(root, "2026-11-19") == []


def test_reconcile_repairs_future_rows() -> None:
    future = SeenTask("h-0", "a.md", 1, "t", "DONE", None, first_seen="2031-01-01",
                      first_done="2031-01-01")
    gone = SeenTask("g-0", "a.md", 2, "u", "TODO", None, first_seen="2031-01-01",
                    gone_since="2031-01-01")
    view = JournalView.from_tasks([future, gone], since="2026-11-01")
    delta = reconcile(view, [TaskObs("h-0", "a.md", 1, "DONE", None, "t")], "2026-11-19")
    by_id = {r.identity: r for r in delta.rows}
    assert by_id["h-0"].first_seen == "2026-11-19"
    assert by_id["h-0"].first_done == "2026-11-19"
    assert by_id["h-0"].recorded_on == "2026-11-19"
    assert by_id["g-0"].gone_since == "2026-11-19"
    assert by_id["g-0"].first_seen == "2026-11-19"
    again = view.with_delta(delta)
    assert reconcile(again, [TaskObs("h-0", "a.md", 1, "DONE", None, "t")],
                     "2026-11-19").is_empty


def test_a_v1_journal_migrates_keeping_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.db"
    with monkeypatch.context() as m:
        m.setattr(journal_mod, "MIGRATIONS", journal_mod.MIGRATIONS[:1])
        conn = sqlite3.connect(db)
        conn.close()
        with Journal.open(db)[0]:
            pass
        conn = sqlite3.connect(db)
        conn.execute("INSERT INTO tasks VALUES ('h-0', 'a.md', 1, 't', 'DONE', NULL, "
                     "'2026-11-01', '2026-11-02', NULL)")
        conn.execute("INSERT INTO achievements VALUES ('milestone:t', 'milestone', 't', "
                     "'2026-11-02', 'Celebrations/2026-11-02 t.md', '2026-11-02')")
        conn.commit()
        conn.close()
    j, warnings = Journal.open(db)
    with j:
        assert warnings == []
        view = j.view()
    assert view.tasks["h-0"].first_done == "2026-11-02"
    assert view.tasks["h-0"].recorded_on is None
    assert view.achievements["milestone:t"].celebration_path == "Celebrations/2026-11-02 t.md"
    assert len(journal_mod.MIGRATIONS) >= 2
    columns = {r[1] for r in sql_rows(db, "PRAGMA table_info(tasks)")}
    assert "recorded_on" in columns
