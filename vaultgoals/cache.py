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
import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vaultgoals import __version__
from vaultgoals.model import Heading, Link, ListItem, NoteDoc, Problem, Task, TaskFields

FORMAT = 7
VERSION = f"{__version__}/{FORMAT}"  # bump FORMAT when NoteDoc or the parser changes output

Stamp = tuple[int, int]


def _link(v: Link) -> list[Any]:
    return [v.target, v.heading, v.alias, v.embed]


def _dlink(v: list[Any]) -> Link:
    return Link(v[0], v[1], v[2], v[3])


_PLAIN = TaskFields()
# TaskFields attributes past the description, stored only when not their default: most
# tasks have none, and decoding `TaskFields(description)` is what a warm start does most.
_SPARSE = [(f.name, getattr(_PLAIN, f.name)) for f in dataclasses.fields(TaskFields)
           if f.name != "description"]


def _fields(f: TaskFields) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that are not their default: (plain values, lists)."""
    plain: dict[str, Any] = {}
    lists: dict[str, Any] = {}
    for name, default in _SPARSE:
        value = getattr(f, name)
        if value != default:
            if name == "links":
                lists[name] = [_link(x) for x in value]
            elif name == "fields":
                lists[name] = [list(kv) for kv in value]
            elif isinstance(value, tuple):
                lists[name] = list(value)
            else:
                plain[name] = value
    return plain, lists


def _dlists(lists: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in lists.items():
        if name == "links":
            out[name] = tuple(_dlink(x) for x in value)
        elif name == "fields":
            out[name] = tuple((k, v) for k, v in value)
        else:
            out[name] = tuple(value)
    return out


def _task_columns(tasks: tuple[Task, ...]) -> list[Any]:
    """A note's tasks as columns (one list per attribute): a note of 50,000 tasks decodes
    about twice as fast as from one row per task. Fields beyond the description are stored
    only for the tasks that have some, as [index, plain values] or [index, plain values,
    lists] (most have only dates)."""
    if not tasks:
        return []
    extras: list[list[Any]] = []
    for index, t in enumerate(tasks):
        plain, lists = _fields(t.fields)
        if lists:
            extras.append([index, plain, lists])
        elif plain:
            extras.append([index, plain])
    return [[t.line for t in tasks], [t.parent_line for t in tasks],
            [t.status for t in tasks], [t.marker for t in tasks],
            [t.heading_line for t in tasks], [t.quote_depth for t in tasks],
            [t.fields.description for t in tasks], extras]


def _tasks_from_columns(columns: list[Any]) -> tuple[Task, ...]:
    lines, parents, statuses, markers, headings, depths, descriptions, extras = columns
    fields = list(map(TaskFields, descriptions))
    for extra in extras:
        index = extra[0]
        if len(extra) == 2:
            fields[index] = TaskFields(descriptions[index], **extra[1])
        else:
            fields[index] = TaskFields(descriptions[index], **extra[1], **_dlists(extra[2]))
    return tuple(map(Task, lines, parents, statuses, markers, fields, headings, depths))


def encode(doc: NoteDoc) -> str:
    return json.dumps([
        doc.frontmatter,
        doc.frontmatter_lines,
        list(doc.tags),
        [[h.line, h.level, h.text] for h in doc.headings],
        [[i.line, i.parent_line, i.marker, i.status, i.text, i.heading_line, i.quote_depth]
         for i in doc.items],
        _task_columns(doc.tasks),
        [[p.line, p.message] for p in doc.problems],
        [list(kv) for kv in doc.property_lines],
    ], ensure_ascii=False, separators=(",", ":"))


def decode(path: str, blob: str) -> NoteDoc:
    # (most notes have no tasks, headings or problems: no generator for an empty list)
    fm, fm_lines, tags, headings, items, tasks, problems, props = json.loads(blob)
    return NoteDoc(
        path,
        fm,
        fm_lines,
        tuple(tags),
        tuple([Heading(*h) for h in headings]) if headings else (),
        tuple([ListItem(*i) for i in items]) if items else (),
        _tasks_from_columns(tasks) if tasks else (),
        tuple([Problem(path, p[0], p[1]) for p in problems]) if problems else (),
        tuple([(k, v) for k, v in props]) if props else (),
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
                "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)",
                ((d.path, st[0], st[1], VERSION, done.get(d.path) or encode(d))
                 for d, st in docs))
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
