"""Goals' memory in the journal: their last tracked values, revisions and decisions
(`vaultgoals.core.revisions`), in three tables of the journal's schema v3:

    goal_values(goal_key, field, value, first_seen, PRIMARY KEY (goal_key, field))
    revisions(goal_key, field, day, old, new)
    decisions(goal_key, week, option, detail, day, applied,
              PRIMARY KEY (goal_key, week, option))

`load` and `store_*` work on an open `Journal`; `read_memory` reads a journal file without
writing anything, for the commands that only report (`status`, `history`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from vaultgoals.core.revisions import Decision, Memory, Revision
from vaultgoals.store.journal import BUSY_TIMEOUT_S, Journal

_VALUES = "SELECT goal_key, field, value, first_seen FROM goal_values"
_REVISIONS = "SELECT goal_key, field, day, old, new FROM revisions ORDER BY rowid"
_DECISIONS = "SELECT goal_key, week, option, detail, day, applied FROM decisions"


def _memory(rows: tuple[list[tuple[object, ...]], ...]) -> Memory:
    values, revisions, decisions = rows
    return Memory.of(
        ((str(g), str(f), str(v), str(s)) for g, f, v, s in values),
        (Revision(*map(str, r)) for r in revisions),
        (Decision(*map(str, d)) for d in decisions),
    )


def load(journal: Journal) -> Memory:
    """Everything the journal remembers of goals."""
    return _memory((journal.read_rows(_VALUES), journal.read_rows(_REVISIONS),
                    journal.read_rows(_DECISIONS)))


def store_values(journal: Journal, values: Iterable[tuple[str, str, str]],
                 revisions: Iterable[Revision], today: str) -> None:
    """New last values (a goal's first keeps its first-seen day) and revisions, at once."""
    journal.write_rows([
        ("INSERT INTO goal_values (goal_key, field, value, first_seen) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (goal_key, field) DO UPDATE SET value = excluded.value",
         [(g, f, v, today) for g, f, v in values]),
        ("INSERT INTO revisions (goal_key, field, day, old, new) VALUES (?, ?, ?, ?, ?)",
         [(r.goal, r.field, r.day, r.old, r.new) for r in revisions]),
    ])


def store_decisions(journal: Journal, added: Iterable[Decision],
                    withdrawn: Iterable[Decision]) -> None:
    """Record ticked answers (replacing the same goal, week and option) and forget the ones
    whose tick was taken back (never one already applied)."""
    journal.write_rows([
        ("INSERT OR REPLACE INTO decisions (goal_key, week, option, detail, day, applied) "
         "VALUES (?, ?, ?, ?, ?, ?)",
         [(d.goal, d.week, d.option, d.detail, d.day, d.applied) for d in added]),
        ("DELETE FROM decisions WHERE goal_key = ? AND week = ? AND option = ? "
         "AND applied = ''", [(d.goal, d.week, d.option) for d in withdrawn]),
    ])


def read_memory(path: Path) -> Memory:
    """The memory of the journal at `path`, read-only; empty when there is none, or it
    cannot be read, or it is older than schema v3."""
    if not path.is_file():
        return Memory()
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            rows = tuple(conn.execute(sql).fetchall() for sql in (_VALUES, _REVISIONS,
                                                                   _DECISIONS))
        finally:
            conn.close()
    except sqlite3.Error:
        return Memory()
    return _memory(rows)
