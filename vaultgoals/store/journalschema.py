"""The journal's schema: its migrations, one per version, applied in order.

`PRAGMA user_version` is the number of migrations applied; `PRAGMA application_id` marks the
file as vaultgoals' own. MIGRATIONS[i] takes a database from version i to i + 1 inside one
transaction (SQLite DDL is transactional). Append, never edit a released step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x7667_6C73  # "vgls"

Migration = Callable[[sqlite3.Connection], None]


def _v1_initial(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    conn.execute(
        """CREATE TABLE tasks (
            identity TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            line INTEGER NOT NULL,
            text TEXT NOT NULL,
            status_type TEXT NOT NULL,
            done_date TEXT,
            first_seen TEXT NOT NULL,
            first_done TEXT,
            gone_since TEXT
        ) WITHOUT ROWID"""
    )
    conn.execute(
        """CREATE TABLE snapshots (
            goal_key TEXT NOT NULL,
            day TEXT NOT NULL,
            progress REAL NOT NULL,
            done INTEGER NOT NULL,
            total INTEGER NOT NULL,
            PRIMARY KEY (goal_key, day)
        ) WITHOUT ROWID"""
    )
    conn.execute(
        """CREATE TABLE achievements (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            done_date TEXT NOT NULL,
            celebration_path TEXT NOT NULL,
            recorded_on TEXT NOT NULL
        ) WITHOUT ROWID"""
    )


def _v2_recorded_on_and_anchors(conn: sqlite3.Connection) -> None:
    """The run's today with each task row; where each achievement sat (its anchor)."""
    conn.execute("ALTER TABLE tasks ADD COLUMN recorded_on TEXT")
    for column in ("parent TEXT NOT NULL DEFAULT ''", "path TEXT NOT NULL DEFAULT ''",
                   "position INTEGER NOT NULL DEFAULT -1", "evidence TEXT NOT NULL DEFAULT ''",
                   "signature TEXT NOT NULL DEFAULT ''"):
        conn.execute(f"ALTER TABLE achievements ADD COLUMN {column}")


def _v3_skill_levels(conn: sqlite3.Connection) -> None:
    """Each skill's level as it changes (core/skills.py): "SQL 2 → 3 since September"."""
    conn.execute(
        """CREATE TABLE levels (
            skill_key TEXT NOT NULL,
            day TEXT NOT NULL,
            level TEXT NOT NULL,
            fraction REAL NOT NULL,
            PRIMARY KEY (skill_key, day)
        ) WITHOUT ROWID"""
    )


def _v4_goal_memory(conn: sqlite3.Connection) -> None:
    """Goals' last tracked values, their revisions, and the decisions ticked in reviews
    (core/revisions.py)."""
    conn.execute(
        """CREATE TABLE goal_values (
            goal_key TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (goal_key, field)
        ) WITHOUT ROWID"""
    )
    conn.execute(
        """CREATE TABLE revisions (
            goal_key TEXT NOT NULL,
            field TEXT NOT NULL,
            day TEXT NOT NULL,
            old TEXT NOT NULL,
            new TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX revisions_by_goal ON revisions (goal_key, day)")
    conn.execute(
        """CREATE TABLE decisions (
            goal_key TEXT NOT NULL,
            week TEXT NOT NULL,
            option TEXT NOT NULL,
            detail TEXT NOT NULL,
            day TEXT NOT NULL,
            applied TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (goal_key, week, option)
        ) WITHOUT ROWID"""
    )


MIGRATIONS: list[Migration] = [_v1_initial, _v2_recorded_on_and_anchors, _v3_skill_levels,
                               _v4_goal_memory]
