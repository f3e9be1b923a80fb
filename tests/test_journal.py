"""The SQLite journal: schema, migrations, damaged files, concurrency, round trips."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import task
from vaultgoals.core.identity import (
    AchievementRecord,
    JournalView,
    assign_identities,
    reconcile,
)
from vaultgoals.store import journal as journal_mod
from vaultgoals.store.journal import APPLICATION_ID, Journal, JournalError

LATEST = len(journal_mod.MIGRATIONS)  # the schema version this release creates


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def moved_aside(path: Path) -> list[Path]:
    found = path.parent.glob(path.name + ".corrupt-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm")))


def fill(j: Journal, n: int, day: str = "2026-11-16") -> JournalView:
    """Store `n` tasks (half of them done) and return the resulting view."""
    tasks = [
        ("a.md", task(i + 1, f"task {i}", "x", "2026-11-02") if i % 2 else task(i + 1, f"task {i}"))
        for i in range(n)
    ]
    view = j.view()
    delta = reconcile(view, assign_identities(tasks), day)
    j.apply(delta)
    return view.with_delta(delta)


# --------------------------------------------------------------------------------------------
# Opening


def test_open_creates_folder_and_schema(tmp_path: Path) -> None:
    db = tmp_path / "deep" / ".vaultgoals" / "state.db"
    j, warnings = Journal.open(db)
    with j:
        assert warnings == []
        assert j.path == db
        assert j.view() == JournalView.empty()
    assert db.exists()
    assert user_version(db) == len(journal_mod.MIGRATIONS) == LATEST
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta", "tasks", "snapshots", "achievements", "levels", "goal_values",
                      "revisions", "decisions"}
    conn.close()


def test_reopening_gives_the_same_view(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    j, _ = Journal.open(db)
    expected = fill(j, 50)
    j.record_snapshot("Goals/A.md", "2026-11-16", 0.25, 1, 4)
    j.record_achievement(AchievementRecord("k", "milestone", "M", "2026-11-16", "C/x.md", "d"))
    expected = j.view()
    assert len(expected.tasks) == 50 and len(expected.first_done) == 25
    j.close()
    j2, warnings = Journal.open(db)
    with j2:
        assert warnings == []
        assert j2.view() == expected


def test_snapshot_upsert_last_value_of_the_day_wins(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "s.db")[0] as j:
        j.record_snapshot("g", "2026-11-17", 0.5, 1, 2)
        j.record_snapshot("g", "2026-11-16", 0.1, 1, 10)
        j.record_snapshot("g", "2026-11-17", 0.75, 3, 4)
        j.record_snapshot("h", "2026-11-17", 1.0, 2, 2)
        view = j.view()
    assert view.snapshots == {
        "g": (("2026-11-16", 0.1), ("2026-11-17", 0.75)),
        "h": (("2026-11-17", 1.0),),
    }


def test_achievements_record_and_rename(tmp_path: Path) -> None:
    a = AchievementRecord("Goals/A.md", "goal", "A", "2026-11-20", "C/a.md", "2026-11-20")
    b = AchievementRecord("Goals/B.md", "goal", "B", "2026-11-20", "C/b.md", "2026-11-20")
    with Journal.open(tmp_path / "s.db")[0] as j:
        j.record_achievement(a)
        j.record_achievement(b)
        assert j.rename_achievement("Goals/A.md", "Archive/A.md")
        assert not j.rename_achievement("nope", "x")
        assert not j.rename_achievement("Archive/A.md", "Goals/B.md")  # taken
        achievements = j.view().achievements
    assert set(achievements) == {"Archive/A.md", "Goals/B.md"}
    assert achievements["Archive/A.md"].title == "A"
    assert achievements["Archive/A.md"].key == "Archive/A.md"


def test_meta(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "s.db")[0] as j:
        assert j.get_meta("parser_version") is None
        assert j.get_meta("parser_version", "0") == "0"
        j.set_meta("parser_version", "3")
        j.set_meta("parser_version", "4")
        assert j.get_meta("parser_version") == "4"


def test_first_apply_records_since(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "s.db")[0] as j:
        fill(j, 2, day="2026-11-16")
        fill(j, 3, day="2026-11-18")
        assert j.view().since == "2026-11-16"
        assert j.get_meta("journal_since") == "2026-11-16"


# --------------------------------------------------------------------------------------------
# Damaged, foreign and newer files


def test_random_bytes_are_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    junk = os.urandom(8192)
    db.write_bytes(junk)
    (tmp_path / "state.db-wal").write_bytes(b"wal junk")
    (tmp_path / "state.db-shm").write_bytes(b"shm junk")
    j, warnings = Journal.open(db)
    with j:
        assert len(warnings) == 1 and "moved it to state.db.corrupt-" in warnings[0]
        assert j.path == db
        assert j.view() == JournalView.empty()
        fill(j, 3)  # usable
    (aside,) = moved_aside(db)
    assert aside.read_bytes() == junk
    assert Path(str(aside) + "-wal").read_bytes() == b"wal junk"
    assert Path(str(aside) + "-shm").read_bytes() == b"shm junk"
    assert user_version(db) == LATEST


def test_a_truncated_database_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    with Journal.open(db)[0] as j:
        fill(j, 3000)
    size = db.stat().st_size
    assert size > 100_000
    with db.open("r+b") as f:
        f.truncate(size // 2)
    j, warnings = Journal.open(db)
    with j:
        assert len(warnings) == 1, warnings
        assert "damaged" in warnings[0] or "integrity check" in warnings[0]
        assert j.view().tasks == {}
    assert len(moved_aside(db)) == 1


def test_a_newer_schema_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    with Journal.open(db)[0] as j:
        fill(j, 3)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    j, warnings = Journal.open(db)
    with j:
        assert len(warnings) == 1 and "newer" in warnings[0]
        assert j.view().tasks == {}
    (aside,) = moved_aside(db)
    assert user_version(aside) == 99


def test_a_foreign_database_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE tasks (x)")
    conn.commit()
    conn.close()
    j, warnings = Journal.open(db)
    with j:
        assert len(warnings) == 1 and "not a vaultgoals journal" in warnings[0]
    assert len(moved_aside(db)) == 1


def test_two_corruptions_in_one_second_do_not_collide(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    for _ in range(2):
        db.write_bytes(os.urandom(4096))
        Journal.open(db)[0].close()
    assert len(moved_aside(db)) == 2


def test_stray_wal_without_database_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    (tmp_path / "state.db-wal").write_bytes(os.urandom(5000))
    j, warnings = Journal.open(db)
    with j:
        assert len(warnings) == 1 and "stray" in warnings[0]
        assert j.view() == JournalView.empty()
    assert len(list(tmp_path.glob("state.db.orphan-*-wal"))) == 1


def test_unopenable_path_falls_back_to_memory(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    db.mkdir()  # a directory where the file should be
    j, warnings = Journal.open(db)
    with j:
        assert j.path is None
        assert len(warnings) == 1 and "in memory" in warnings[0]
        fill(j, 3)
        assert len(j.view().tasks) == 3
    assert db.is_dir() and moved_aside(db) == []


def test_corruption_mid_session_raises_journal_error_then_recovers(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    j, _ = Journal.open(db)
    fill(j, 20_000)  # larger than SQLite's page cache, so reads must hit the file
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.seek(4096)
        f.write(os.urandom(size - 4096))
    with pytest.raises(JournalError):
        j.view()
    warnings = j.recover()
    assert len(warnings) == 1 and "corrupt-" in warnings[0]
    assert j.view() == JournalView.empty()
    fill(j, 2)
    j.close()
    assert len(moved_aside(db)) == 1


def test_closed_journal_raises_journal_error(tmp_path: Path) -> None:
    j, _ = Journal.open(tmp_path / "s.db")
    j.close()
    j.close()  # idempotent
    with pytest.raises(JournalError):
        j.view()
    with pytest.raises(JournalError):
        j.set_meta("a", "b")


# --------------------------------------------------------------------------------------------
# Migrations


def test_a_v0_database_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    db.write_bytes(b"")  # an empty file is an empty SQLite database (user_version 0)
    j, warnings = Journal.open(db)
    with j:
        assert warnings == []
        fill(j, 1)
    assert user_version(db) == LATEST


def _v2_parse_cache(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE parse_cache (path TEXT PRIMARY KEY, doc BLOB)")
    conn.execute("INSERT INTO meta (key, value) VALUES ('migrated', 'v2')")


def test_a_v1_database_is_migrated_forward_keeping_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.db"
    with Journal.open(db)[0] as j:
        before = fill(j, 10)
    monkeypatch.setattr(journal_mod, "MIGRATIONS", [*journal_mod.MIGRATIONS, _v2_parse_cache])
    j, warnings = Journal.open(db)
    with j:
        assert warnings == []
        assert j.get_meta("migrated") == "v2"
        assert j.view() == before
    assert user_version(db) == LATEST + 1


def _v2_trips_on_data(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE parse_cache (path TEXT)")
    conn.execute("CREATE UNIQUE INDEX one_per_status ON tasks (status_type)")  # duplicates


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.db"
    with Journal.open(db)[0] as j:
        before = fill(j, 5)
    monkeypatch.setattr(journal_mod, "MIGRATIONS", [*journal_mod.MIGRATIONS, _v2_trips_on_data])
    j, warnings = Journal.open(db)
    with j:
        assert j.path is None and len(warnings) == 1  # this run in memory
        assert "UNIQUE constraint failed" in warnings[0]
    monkeypatch.undo()
    assert user_version(db) == LATEST
    assert moved_aside(db) == []
    with Journal.open(db)[0] as j:
        assert j.view() == before


# --------------------------------------------------------------------------------------------
# Concurrency


def test_concurrent_opens_of_a_fresh_file(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    results: list[tuple[Journal, list[str]]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait()
            results.append(Journal.open(db))
        except BaseException as exc:  # pragma: no cover - the failure being tested
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [(w, j.path) for j, w in results] == [([], db)] * 4
    for j, _ in results:
        j.close()
    assert user_version(db) == LATEST


def test_a_writer_holding_the_lock_is_waited_for(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    j1, _ = Journal.open(db)
    j2, _ = Journal.open(db)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta VALUES ('other', '1')")

    def release() -> None:
        time.sleep(0.5)
        other.execute("COMMIT")

    t = threading.Thread(target=release)
    t.start()
    j1.set_meta("j1", "1")  # waits for the lock instead of raising "database is locked"
    t.join()
    other.close()
    fill(j2, 5)
    assert j1.get_meta("other") == "1"
    assert len(j1.view().tasks) == 5
    j1.close()
    j2.close()


# --------------------------------------------------------------------------------------------
# Property: the database agrees with the pure model


TEXTS = ["Ship", "Call mom", "Read", "Write"]
DAYS = [f"2026-11-{d:02d}" for d in range(1, 29)]

obs_st = st.lists(
    st.tuples(
        st.sampled_from(["a.md", "b.md"]),
        st.integers(min_value=1, max_value=20),
        st.sampled_from(TEXTS),
        st.sampled_from([" ", "x", "-"]),
        st.none() | st.sampled_from(DAYS),
    ),
    max_size=8,
    unique_by=lambda t: (t[0], t[1]),
)


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(st.tuples(obs_st, st.sampled_from(DAYS)), min_size=1, max_size=4))
def test_journal_matches_with_delta_and_is_idempotent(
    steps: list[tuple[list[tuple[str, int, str, str, str | None]], str]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "state.db"
        j, _ = Journal.open(db)
        model = JournalView.empty()
        for rows, day in sorted(steps, key=lambda s: s[1]):
            obs = assign_identities([(p, task(ln, t, s, d)) for p, ln, t, s, d in rows])
            delta = reconcile(j.view(), obs, day)
            j.apply(delta)
            model = model.with_delta(delta)
            assert j.view() == model
            assert reconcile(j.view(), obs, day).is_empty  # the second time: nothing
        j.close()
        with Journal.open(db)[0] as again:
            assert again.view() == model
