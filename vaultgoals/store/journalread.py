"""Reading the journal without writing anything (not even the file, if there is none),
for commands that only report (`status`, `tasks`, `chart`): what the last run left."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from vaultgoals.store.journal import BUSY_TIMEOUT_S


def _read_only(path: Path, sql: str) -> list[Any]:
    """The rows of `sql` in the journal at `path`, read without writing anything (not even
    the file, if there is none): for commands that only report. [] when unreadable."""
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def read_done_days(path: Path) -> list[tuple[str, int, str, str]]:
    """(path, line, text, first done day) of the done tasks without a ✅ date that the
    journal at `path` last saw in the vault (read-only, see `_read_only`)."""
    rows = _read_only(path, "SELECT path, line, text, first_done FROM tasks WHERE gone_since "
                      "IS NULL AND status_type = 'DONE' AND done_date IS NULL AND first_done "
                      "IS NOT NULL")
    return [(str(p), int(n), str(t), str(d)) for p, n, t, d in rows]


def read_snapshots(path: Path) -> dict[str, tuple[tuple[str, float], ...]]:
    """Goal key → its daily progress snapshots ((ISO day, progress), by day), as
    `JournalView.snapshots` holds them (read-only, see `_read_only`)."""
    out: dict[str, list[tuple[str, float]]] = {}
    for key, day, progress in _read_only(
            path, "SELECT goal_key, day, progress FROM snapshots ORDER BY goal_key, day"):
        out.setdefault(str(key), []).append((str(day), float(progress)))
    return {k: tuple(v) for k, v in out.items()}
