"""The journal: what vaultgoals has seen over time, kept in one SQLite file.

The imperative shell around `vaultgoals.core.identity`: `view()` loads a `JournalView` for the
pure core, `apply()` stores the `JournalDelta` that `reconcile` computed. Nothing here
decides anything about goals or tasks.

Robustness rules:

- `Journal.open` never raises (short of a broken migration, which cannot build even an
  in-memory journal: `JournalError`). A file that is not a database, is corrupt (fails
  `PRAGMA quick_check`), is not a vaultgoals journal, or has a schema from a newer version
  is moved aside to `<name>.corrupt-YYYYmmddHHMMSS` (with its `-wal` / `-shm`) and a fresh
  journal is created; a file that cannot be opened at all (permissions, a directory, locked
  for longer than the busy timeout, disk full) gives an in-memory journal for this run.
  Either way the reason is returned as a warning.
- Moving aside is for files in vaultgoals' own state folder. A journal path configured
  elsewhere (`journal: Journal.md`) is opened with `adopt_any=False`: a file there that
  does not carry vaultgoals' header (SQLite magic and application id) is someone's note or
  another program's data, and is refused (`JournalRefused`) without being touched.
- Every later method raises only `JournalError` for database trouble (including a file
  corrupted on disk mid-session). `recover()` then reopens, moving the file aside if it
  really is damaged; the caller rebuilds from the vault (`reconcile` against the new, empty
  view) and carries on.

Schema (`PRAGMA user_version` = len(MIGRATIONS); `PRAGMA application_id` = APPLICATION_ID):

    meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
    tasks(identity TEXT PRIMARY KEY, path, line, text, status_type, done_date,
          first_seen TEXT NOT NULL, first_done TEXT, gone_since TEXT,
          recorded_on TEXT)                                            -- v2: recorded_on
    snapshots(goal_key, day, progress REAL, done INTEGER, total INTEGER,
              PRIMARY KEY (goal_key, day))
    achievements(key TEXT PRIMARY KEY, kind, title, done_date, celebration_path, recorded_on,
                 parent, path, position INTEGER, evidence, signature)  -- v2: the anchor
    goal_values, revisions, decisions                         -- v3: store/memorystore.py

`recorded_on` is the today of the run that wrote the row. No stored date is later than
the today of the run that stored it; `repair_future` fixes the rows a run with a wrong
clock left behind (see `vaultgoals.core.identity` for the task rows).

Meta keys in use: `journal_since` (day of the first reconcile). Others are the callers'
(parser version, last run date, ...).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from vaultgoals.core.identity import AchievementRecord, JournalDelta, JournalView, SeenTask
from vaultgoals.store.files import NotRegular, read_regular
from vaultgoals.store.journalschema import APPLICATION_ID, MIGRATIONS, Migration

BUSY_TIMEOUT_S = 10.0
SINCE_KEY = "journal_since"


def _achievement_row(rec: AchievementRecord) -> tuple[object, ...]:
    return (rec.key, rec.kind, rec.title, rec.done_date, rec.celebration_path, rec.recorded_on,
            rec.parent, rec.path, rec.position, rec.evidence, rec.signature)


class JournalError(Exception):
    """The journal's database failed. Catch it, call `Journal.recover()`, rebuild."""


class _Unusable(Exception):
    """The file opens but is not a journal this version can use: move it aside."""


_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_CORRUPT_WORDS = ("malformed", "not a database", "file is encrypted", "corrupt")


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None and (code & 0xFF) in _CORRUPT_CODES:
        return True
    message = str(exc).lower()
    return any(word in message for word in _CORRUPT_WORDS)


def _sidecars(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _move_aside(path: Path, label: str) -> Path:
    """Rename `path` and its -wal/-shm to `<name>.<label>-STAMP[-N]`; returns the new db
    path (which may not exist if only sidecars were there)."""
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    base = f"{path.name}.{label}-{stamp}"
    n = 0
    while True:
        name = base if n == 0 else f"{base}-{n}"
        targets = [path.with_name(name + suffix) for suffix in ("", "-wal", "-shm")]
        if not any(t.exists() for t in targets):
            break
        n += 1
    for src, dst in zip(_sidecars(path), targets, strict=True):
        if src.exists():
            src.replace(dst)
    return targets[0]


_MAGIC = b"SQLite format 3\x00"
_APP_ID_OFFSET = 68  # big-endian 32-bit `PRAGMA application_id` in the database header


class JournalRefused(ValueError):
    """The journal path names a file that vaultgoals did not create: it is left untouched."""


def foreign_file_reason(path: Path) -> str | None:
    """Why `path` must not be used as a journal (None if it is absent or is ours).

    Ours means: an SQLite database whose header carries vaultgoals' application id. Any
    other file (a note, an empty file, another program's database, a folder) is someone
    else's, and vaultgoals neither writes into it nor moves it aside."""
    try:
        head = read_regular(path, prefix=100)
    except NotRegular:
        return "it is not a regular file"
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    if head is None:
        return None
    if not head.startswith(_MAGIC) or len(head) < 100:
        return "it is not a vaultgoals journal (not an SQLite database)"
    app_id = int.from_bytes(head[_APP_ID_OFFSET:_APP_ID_OFFSET + 4], "big")
    if app_id != APPLICATION_ID:
        return "it is not a vaultgoals journal (another program's database)"
    return None


def _precheck(path: Path) -> None:
    """Reject a file that is not SQLite before SQLite opens it: SQLite would discard the
    file's -wal/-shm on close, and they belong with the file that is moved aside."""
    try:
        head = read_regular(path, prefix=100)
    except NotRegular:  # a FIFO would hang SQLite's reads; a folder is not ours to move
        raise sqlite3.OperationalError("not a regular file") from None
    except OSError:  # unreadable: SQLite will say why
        return
    if head and (len(head) < 100 or not head.startswith(_MAGIC)):
        raise _Unusable("it is damaged (not an SQLite database)")


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None:
        return (code & 0xFF) in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def _configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    if wal:
        # Switching to WAL while another connection does the same can return SQLITE_BUSY
        # without calling the busy handler: retry for as long as the busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
    conn.execute("PRAGMA synchronous = NORMAL")


def _check(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    """Raise _Unusable if this database is not one we can use. One read transaction, so a
    migration committed by another process meanwhile is seen whole or not at all."""
    conn.execute("BEGIN")
    try:
        _check_snapshot(conn, migrations)
    finally:
        _rollback(conn)


def _check_snapshot(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if version > len(migrations):
        raise _Unusable(
            f"its schema version {version} is newer than this vaultgoals knows ({len(migrations)})"
        )
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise _Unusable("it is not a vaultgoals journal (unknown tables, no version)")
    elif app_id != APPLICATION_ID:
        raise _Unusable("it is not a vaultgoals journal (foreign application id)")
    problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise _Unusable("it failed its integrity check: " + "; ".join(problems[:3]))


def _migrate(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    latest = len(migrations)
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) == latest:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])  # under the lock
        if version > latest:
            raise _Unusable(f"its schema version {version} is newer than {latest}")
        for step in migrations[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {latest}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


def _connect(target: str, migrations: Sequence[Migration]) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        _configure(conn, wal=target != ":memory:")
        _check(conn, migrations)
        _migrate(conn, migrations)
    except BaseException:
        conn.close()
        raise
    return conn


def _open_connection(
    path: Path | None, adopt_any: bool = True
) -> tuple[sqlite3.Connection, Path | None, list[str]]:
    """A usable connection for `path` (None: in memory), the path it is really on (None
    when it fell back to memory) and warnings. Never raises sqlite3 errors.

    With `adopt_any` false, a file at `path` that is not recognisably a vaultgoals journal
    is neither opened nor moved aside: `JournalRefused`."""
    migrations = list(MIGRATIONS)
    warnings: list[str] = []
    if path is None:
        return _memory(migrations), None, warnings
    if not adopt_any:
        refusal = foreign_file_reason(path)
        if refusal is not None:
            raise JournalRefused(f"{path}: {refusal}")
    fallback = "history is kept in memory for this run only"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() and any(p.exists() for p in _sidecars(path)[1:]):
            moved = _move_aside(path, "orphan")
            warnings.append(
                f"{path}: stray -wal/-shm files with no journal beside them; "
                f"moved them to {moved.name}-wal/-shm"
            )
    except OSError as exc:
        warnings.append(f"{path}: cannot prepare the journal ({exc}); {fallback}")
        return _memory(migrations), None, warnings
    for attempt in (1, 2):
        try:
            _precheck(path)
            return _connect(str(path), migrations), path, warnings
        except (_Unusable, sqlite3.Error) as exc:
            if isinstance(exc, sqlite3.Error) and not _is_corruption(exc):
                warnings.append(f"{path}: cannot open the journal ({exc}); {fallback}")
                break
            reason = exc if isinstance(exc, _Unusable) else f"it is damaged ({exc})"
            if attempt == 2:
                warnings.append(f"{path}: fresh journal unusable too ({reason}); {fallback}")
                break
            try:
                moved = _move_aside(path, "corrupt")
            except OSError as move_exc:
                warnings.append(
                    f"{path}: unusable ({reason}) and cannot be moved aside ({move_exc}); "
                    f"{fallback}"
                )
                break
            warnings.append(
                f"{path}: {reason}; moved it to {moved.name} and started a fresh journal"
            )
    return _memory(migrations), None, warnings


def _memory(migrations: Sequence[Migration]) -> sqlite3.Connection:
    try:
        return _connect(":memory:", migrations)
    except (_Unusable, sqlite3.Error) as exc:  # only if a migration itself is broken
        raise JournalError(f"cannot create even an in-memory journal: {exc}") from exc


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


_TASK_COLUMNS = (
    "identity, path, line, text, status_type, done_date, first_seen, first_done, gone_since, "
    "recorded_on"
)
_ACHIEVEMENT_COLUMNS = (
    "key, kind, title, done_date, celebration_path, recorded_on, parent, path, position, "
    "evidence, signature"
)


class Journal:
    """One journal database. Methods are serialised by a lock (usable from any thread)."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, adopt_any: bool = True
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._path = path
        self._adopt_any = adopt_any
        self._lock = threading.RLock()

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, db_path: Path, adopt_any: bool = True) -> tuple[Journal, list[str]]:
        """Open (creating folder and file as needed) and migrate; never raises for a bad
        file: see the module doc. Returns the journal and warnings for the user.

        `adopt_any=False` (a journal path outside vaultgoals' own state folder): a file
        there that is not recognisably a vaultgoals journal raises `JournalRefused` and is
        left exactly as it is, now and on `recover()`."""
        conn, path, warnings = _open_connection(Path(db_path), adopt_any)
        return cls(conn, path, adopt_any), warnings

    @classmethod
    def in_memory(cls) -> Journal:
        """A journal that forgets everything on close (tests, `--no-journal`)."""
        conn, _, _ = _open_connection(None)
        return cls(conn, None)

    @property
    def path(self) -> Path | None:
        """The database file, or None when the journal lives in memory."""
        return self._path

    def recover(self, db_path: Path | None = None) -> list[str]:
        """Close and reopen after a `JournalError` (moving a damaged file aside); returns
        warnings. The journal may come back empty: reconcile against its new view.
        `db_path` is needed only when a previous open fell back to memory."""
        with self._lock:
            self.close()
            target = Path(db_path) if db_path is not None else self._path
            try:
                self._conn, self._path, warnings = _open_connection(target, self._adopt_any)
            except JournalRefused as exc:  # no longer ours (replaced meanwhile): hands off
                self._conn, self._path, _ = _open_connection(None)
                return [f"{exc}; history is kept in memory for this run only"]
            return warnings

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None) -> None:
        self.close()

    # -- plumbing ----------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise JournalError("the journal is closed")
        return self._conn

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            conn = self._db()
            try:
                return list(conn.execute(sql, params).fetchall())
            except sqlite3.Error as exc:
                _rollback(conn)
                raise JournalError(f"reading the journal failed: {exc}") from exc

    def _write(self, body: Callable[[sqlite3.Connection], object]) -> None:
        """Run `body` in one IMMEDIATE transaction."""
        with self._lock:
            conn = self._db()
            try:
                conn.execute("BEGIN IMMEDIATE")
                body(conn)
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                # (SQLite says "disk I/O error" for a write refused by a full disk or a file
                # size limit: the errno is lost, so the likely causes are named)
                hint = (" (perhaps the disk is full, or the journal grew past this system's "
                        "file size limit)" if "disk I/O error" in str(exc) else "")
                raise JournalError(f"writing the journal failed: {exc}{hint}") from exc
            except BaseException:
                _rollback(conn)
                raise

    # -- the view ----------------------------------------------------------------------------

    def view(self) -> JournalView:
        """Everything the pure core reads, from one consistent read transaction."""
        with self._lock:
            conn = self._db()
            try:
                conn.execute("BEGIN")
                try:
                    task_rows = conn.execute(f"SELECT {_TASK_COLUMNS} FROM tasks").fetchall()
                    snap_rows = conn.execute(
                        "SELECT goal_key, day, progress FROM snapshots ORDER BY goal_key, day"
                    ).fetchall()
                    ach_rows = conn.execute(
                        f"SELECT {_ACHIEVEMENT_COLUMNS} FROM achievements"
                    ).fetchall()
                    since_row = conn.execute(
                        "SELECT value FROM meta WHERE key = ?", (SINCE_KEY,)
                    ).fetchone()
                finally:
                    conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise JournalError(f"reading the journal failed: {exc}") from exc
        snapshots: dict[str, list[tuple[str, float]]] = {}
        for goal_key, day, progress in snap_rows:
            snapshots.setdefault(goal_key, []).append((day, float(progress)))
        return JournalView.from_tasks(
            (SeenTask(*row) for row in task_rows),
            snapshots={k: tuple(v) for k, v in snapshots.items()},
            achievements={row[0]: AchievementRecord(*row) for row in ach_rows},
            since=None if since_row is None else str(since_row[0]),
        )

    def apply(self, delta: JournalDelta) -> None:
        """Store a `reconcile` result, all or nothing."""
        if delta.is_empty:
            return

        def body(conn: sqlite3.Connection) -> None:
            conn.executemany(
                f"INSERT OR REPLACE INTO tasks ({_TASK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        r.identity,
                        r.path,
                        r.line,
                        r.text,
                        r.status_type,
                        r.done_date,
                        r.first_seen,
                        r.first_done,
                        r.gone_since,
                        r.recorded_on,
                    )
                    for r in delta.rows
                ),
            )
            conn.executemany("DELETE FROM tasks WHERE identity = ?", ((i,) for i in delta.purged))
            if delta.since is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                    (SINCE_KEY, delta.since),
                )

        self._write(body)

    # -- snapshots and achievements ----------------------------------------------------------

    def record_snapshot(
        self, goal_key: str, day: str, progress: float, done: int, total: int
    ) -> None:
        """One row per goal per day: a later call for the same day replaces it."""
        row = (goal_key, day, float(progress), int(done), int(total))

        def body(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO snapshots (goal_key, day, progress, done, total) "
                "VALUES (?, ?, ?, ?, ?)",
                row,
            )

        self._write(body)

    def record_achievement(self, rec: AchievementRecord, old_key: str | None = None) -> None:
        """Insert, or replace the record with the same key; with `old_key`, the record
        stored under it is replaced by `rec` (a renamed achievement), all or nothing."""

        def body(conn: sqlite3.Connection) -> None:
            if old_key is not None and old_key != rec.key:
                conn.execute("DELETE FROM achievements WHERE key = ?", (old_key,))
            conn.execute(
                f"INSERT OR REPLACE INTO achievements ({_ACHIEVEMENT_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _achievement_row(rec),
            )

        self._write(body)

    def repair_future(self, today: str) -> bool:
        """Make the achievements, snapshots and journal start agree with the clock: nothing
        may be dated after `today` (a run with a wrong clock stored it). An achievement
        recorded without a celebration note is dropped, so it is celebrated when it is real;
        one with a note keeps it, dated today. Returns whether anything changed. Task rows
        are repaired by `reconcile`."""
        probe = self._read(
            "SELECT EXISTS (SELECT 1 FROM achievements WHERE done_date > ?1 OR recorded_on > ?1)"
            " OR EXISTS (SELECT 1 FROM snapshots WHERE day > ?1)"
            " OR EXISTS (SELECT 1 FROM meta WHERE key = ?2 AND value > ?1)",
            (today, SINCE_KEY),
        )
        if not probe or not probe[0][0]:
            return False

        def body(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM achievements WHERE done_date > ? AND celebration_path = ''",
                         (today,))
            conn.execute("UPDATE achievements SET done_date = ?1 WHERE done_date > ?1", (today,))
            conn.execute("UPDATE achievements SET recorded_on = ?1 WHERE recorded_on > ?1",
                         (today,))
            conn.execute("DELETE FROM snapshots WHERE day > ?", (today,))
            conn.execute("UPDATE meta SET value = ?1 WHERE key = ?2 AND value > ?1",
                         (today, SINCE_KEY))

        self._write(body)
        return True

    def rename_achievement(self, old_key: str, new_key: str) -> bool:
        """Move a record to a new key (its goal note was renamed). Returns False, changing
        nothing, when `old_key` is unknown or `new_key` is already taken."""
        renamed = False

        def body(conn: sqlite3.Connection) -> None:
            nonlocal renamed
            if old_key == new_key:
                return
            taken = conn.execute("SELECT 1 FROM achievements WHERE key = ?", (new_key,)).fetchone()
            if taken is None:
                cur = conn.execute(
                    "UPDATE achievements SET key = ? WHERE key = ?", (new_key, old_key)
                )
                renamed = cur.rowcount == 1

        self._write(body)
        return renamed

    # -- skill levels (store/journalschema.py v3) ---------------------------------------------

    def levels(self) -> dict[str, tuple[tuple[str, str, float], ...]]:
        """Each skill's recorded levels: (day, level as written, fraction of its scale)."""
        out: dict[str, list[tuple[str, str, float]]] = {}
        for key, day, level, frac in self._read("SELECT * FROM levels ORDER BY 1, 2"):
            out.setdefault(str(key), []).append((str(day), str(level), float(frac)))  # type: ignore[arg-type]
        return {k: tuple(v) for k, v in out.items()}

    def record_level(self, key: str, day: str, level: str, fraction: float) -> None:
        """A skill's level on a day: one row per skill per day, a later call replaces it."""
        self._write(lambda conn: conn.execute(
            "INSERT OR REPLACE INTO levels VALUES (?, ?, ?, ?)", (key, day, level, fraction)))

    def read_rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        return self._read(sql, params)  # (for the stores of other tables: memorystore.py)

    def write_rows(self, statements: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> None:
        """Each (sql, rows) executed for every row, all in one transaction."""
        def body(conn: sqlite3.Connection) -> None:
            for sql, rows in statements:
                conn.executemany(sql, rows)
        self._write(body)

    # -- meta --------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return default if not rows else str(rows[0][0])

    def set_meta(self, key: str, value: str) -> None:
        def body(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

        self._write(body)
