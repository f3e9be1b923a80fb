"""The persistent parse cache: one row per note, keyed by path, size, mtime and the parser's
version, so a start with nothing changed parses nothing and a changed note re-parses only
itself.

Stored as JSON (never pickle: the cache sits inside the vault, which may be synced or
shared, and loading it must not be able to run code). A cache that is corrupt, locked, from
another version, or simply wrong is never trusted: a row must match the note's size and
mtime_ns and the parser version exactly, and a cache that cannot be read is deleted and
rebuilt. The cache never changes a result: tests compare cold and warm scans.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from vaultgoals.core.codec import VERSION, decode, encode
from vaultgoals.core.model import NoteDoc

Stamp = tuple[int, int]  # (size, mtime_ns) of a note when it was read


class ParseCache:
    """`.vaultgoals/cache.db`. Every method degrades to "no cache" rather than failing."""

    def __init__(self, db_path: Path, reading: str = "") -> None:
        """`reading`: what the configuration adds to the parser's version
        (`Config.reading_key`): rows read under other settings are not used."""
        self.path = db_path
        self.version = f"{VERSION}/{reading}" if reading else VERSION
        self.notices: list[str] = []
        self._conn: sqlite3.Connection | None = None
        try:
            self._conn = self._open()
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._conn = self._rebuild(exc)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=5, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA page_size=16384")  # (for a new file: rows are a few KB to MB)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")  # a cache: losing it costs a re-parse
        # A rowid table: rows arrive in no order of path, and a WITHOUT ROWID table would
        # keep its big rows in path order (docs/performance.md). `notes` is the table of
        # an older cache format, whose rows this version cannot use.
        conn.execute("DROP TABLE IF EXISTS notes")
        conn.execute("CREATE TABLE IF NOT EXISTS docs (path TEXT PRIMARY KEY, size INTEGER, "
                     "mtime_ns INTEGER, version TEXT, doc TEXT)")
        conn.execute("SELECT count(*) FROM docs").fetchone()
        return conn

    def _rebuild(self, exc: Exception) -> sqlite3.Connection | None:
        self.notices.append(f"parse cache {self.path.name} was unreadable ({exc}); rebuilt")
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            return self._open()
        except (sqlite3.Error, OSError, ValueError) as exc2:
            self.notices.append(f"parse cache disabled: {exc2}")
            return None

    def load(self, wanted: dict[str, Stamp]) -> dict[str, NoteDoc]:
        """Cached docs for the notes whose stamp still matches."""
        if self._conn is None or not wanted:
            return {}
        out: dict[str, NoteDoc] = {}
        try:
            rows = self._conn.execute(
                "SELECT path, size, mtime_ns, doc FROM docs WHERE version = ?", (self.version,)
            ).fetchall()
        except sqlite3.Error as exc:
            self._conn = self._rebuild(exc)
            return {}
        for path, size, mtime_ns, blob in rows:
            if wanted.get(path) != (size, mtime_ns):
                continue
            try:
                out[path] = decode(path, blob)
            except (ValueError, TypeError, IndexError, KeyError):
                continue  # a damaged row is simply re-parsed
        return out

    def store(self, docs: Iterable[tuple[NoteDoc, Stamp]], gone: Iterable[str] = (),
              encoded: Mapping[str, str] | None = None) -> None:
        """Remember `docs` (`encoded`: some of them already encoded, by path) and forget
        the notes `gone`."""
        if self._conn is None:
            return
        done = encoded or {}
        try:
            self._conn.execute("BEGIN")
            self._conn.executemany(
                "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?)",
                ((d.path, st[0], st[1], self.version, done.get(d.path) or encode(d))
                 for d, st in docs))
            self._conn.executemany("DELETE FROM docs WHERE path = ?", ((p,) for p in gone))
            self._conn.execute("COMMIT")
        except (sqlite3.Error, ValueError) as exc:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            self.notices.append(f"parse cache not updated: {exc}")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
