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
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vaultgoals import __version__
from vaultgoals.model import Heading, Link, ListItem, NoteDoc, Problem, Task, TaskFields

FORMAT = 3
VERSION = f"{__version__}/{FORMAT}"  # bump FORMAT when NoteDoc or the parser changes output

Stamp = tuple[int, int]


def _link(v: Link) -> list[Any]:
    return [v.target, v.heading, v.alias, v.embed]


def _fields(f: TaskFields) -> list[Any]:
    return [f.description, f.priority, f.due, f.scheduled, f.start, f.created, f.done,
            f.cancelled, f.recurrence, f.id, list(f.depends_on), f.on_completion,
            list(f.tags), f.block_link, [_link(x) for x in f.links],
            [list(kv) for kv in f.fields]]


def encode(doc: NoteDoc) -> str:
    return json.dumps([
        doc.frontmatter,
        doc.frontmatter_lines,
        list(doc.tags),
        [[h.line, h.level, h.text] for h in doc.headings],
        [[i.line, i.parent_line, i.marker, i.status, i.text, i.heading_line, i.quote_depth]
         for i in doc.items],
        [[t.line, t.parent_line, t.status, t.marker, _fields(t.fields), t.heading_line,
          t.quote_depth] for t in doc.tasks],
        [[p.line, p.message] for p in doc.problems],
        [list(kv) for kv in doc.property_lines],
    ], ensure_ascii=False, separators=(",", ":"))


def _dlink(v: list[Any]) -> Link:
    return Link(v[0], v[1], v[2], v[3])


def decode(path: str, blob: str) -> NoteDoc:
    fm, fm_lines, tags, headings, items, tasks, problems, props = json.loads(blob)
    return NoteDoc(
        path,
        fm,
        fm_lines,
        tuple(tags),
        tuple(Heading(*h) for h in headings),
        tuple(ListItem(*i) for i in items),
        tuple(
            Task(t[0], t[1], t[2], t[3], TaskFields(
                f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], tuple(f[10]),
                f[11], tuple(f[12]), f[13], tuple(_dlink(x) for x in f[14]),
                tuple((k, v) for k, v in f[15])), t[5], t[6])
            for t in tasks for f in (t[4],)
        ),
        tuple(Problem(path, p[0], p[1]) for p in problems),
        tuple((k, v) for k, v in props),
    )


class ParseCache:
    """`.vaultgoals/cache.db`. Every method degrades to "no cache" rather than failing."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
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
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")  # a cache: losing it costs a re-parse
        conn.execute("CREATE TABLE IF NOT EXISTS notes (path TEXT PRIMARY KEY, size INTEGER, "
                     "mtime_ns INTEGER, version TEXT, doc TEXT) WITHOUT ROWID")
        conn.execute("SELECT count(*) FROM notes").fetchone()
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
                "SELECT path, size, mtime_ns, doc FROM notes WHERE version = ?", (VERSION,)
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

    def store(self, docs: Iterable[tuple[NoteDoc, Stamp]], gone: Iterable[str] = ()) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute("BEGIN")
            self._conn.executemany(
                "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)",
                ((d.path, st[0], st[1], VERSION, encode(d)) for d, st in docs))
            self._conn.executemany("DELETE FROM notes WHERE path = ?", ((p,) for p in gone))
            self._conn.execute("COMMIT")
        except (sqlite3.Error, ValueError) as exc:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            self.notices.append(f"parse cache not updated: {exc}")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
