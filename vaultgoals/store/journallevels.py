"""The skill levels a journal recorded, read without writing anything (for `status`).

The table is the journal's `levels` (store/journalschema.py, version 3); the journal writes
it (`Journal.record_level`) when a run sees a skill's level change.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vaultgoals.store.journal import BUSY_TIMEOUT_S


def read_levels(path: Path) -> dict[str, tuple[tuple[str, str, float], ...]]:
    """Skill key → ((day, level as written, fraction of its scale), ...) by day; {} when the
    journal at `path` is missing, older than the table, or cannot be read."""
    if not path.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            rows = conn.execute("SELECT skill_key, day, level, fraction FROM levels "
                                "ORDER BY skill_key, day").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    out: dict[str, list[tuple[str, str, float]]] = {}
    for key, day, level, fraction in rows:
        out.setdefault(str(key), []).append((str(day), str(level), float(fraction)))
    return {k: tuple(v) for k, v in out.items()}
