"""`vaultgoals watch`: keep the reviews and celebrations current while the user edits.

The shape (watchdog's own split: observers produce events, a handler consumes them):

* the observer thread calls `_EnqueueHandler.dispatch`, which only files the event's
  paths (source and destination of moves, files and folders) into a `ChangeSet` — a
  lock-protected, coalescing set — and never raises;
* the main thread waits until the vault has been quiet for `debounce` seconds, takes the
  whole set, turns folders into the notes under them (the index's known paths plus a walk
  of what is on disk now), re-reads those notes in chunks of `BATCH_LIMIT`, and runs one
  `Job.once(today, changed=…)` over the final state. A batch with a note the index does
  not know yet also re-checks that the known notes still exist: watchdog reports the
  source of some moves up to 0.5 s late, and a moved goal must never count twice;
* lost events (watchdog's "queue overflowed" warning, or more than `PENDING_LIMIT` pending
  paths), a dead observer, a restart and a timer (`RESCAN_SECONDS`) all lead to a full
  rescan by size and mtime instead (`changed=None`).

An observer can die without a sign: watchdog's inotify reader thread dies on a very deep
folder tree (RecursionError) while the observer and emitter threads stay alive. So besides
asking whether its threads are alive, a watcher on native events rewrites a canary file
(`CANARY`, in `.vaultgoals/`) every `CANARY_SECONDS`, and at once when a watchdog thread
died; no event for it within `CANARY_TIMEOUT` (while no other event arrives either) means
the observer is deaf. It is then restarted (polling after the second deaf one), or, when
no observer can start (watchdog's own walks recurse too), replaced by the watcher's own
scan: compare the notes' sizes and mtimes every `poll_seconds` and rescan when they
differ. One warning per incident. (A poller is judged by its threads only: one poll of a
big vault on a network drive can outlast any canary timeout.)

The vault folder itself is checked (same device and inode as at the start) before every
pass, canary, lock heartbeat and health check: deleted, renamed away or replaced (by a
symlink to another folder, say) ends the watcher with `EXIT_VAULT_GONE`, before anything
is written; it never follows the path into another folder.

Because a batch is read only after the quiet period, what counts is the final state of the
disk: an editor's save dance (temp file + rename, vim's `4913` probe and `note.md~` backup)
ends as one update of the note. The watcher's own writes come back as events too; the
re-read finds the same content, the plan produces the same bytes, and `SafeWriter` writes
nothing ("unchanged"), so the loop settles by content, not by timing.

Nothing stops the loop but a signal: an exception in a pass is logged (with the note's
path when it is known) and the pass is retried later; write errors are retried after
`RETRY_SECONDS` (doubling up to `MAX_RETRY_SECONDS`) or at the next change.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from vaultgoals.app.jobs import Job, Outcome, Refused
from vaultgoals.app.watchguard import VaultFolder, listen_for_thread_deaths
from vaultgoals.core.config import CONFIG_FILE, Config, ConfigError
from vaultgoals.core.notepaths import CONFIG_PATHS, classify
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.regions import find_regions
from vaultgoals.store.lock import HEARTBEAT_SECONDS, LockHeld, VaultLock
from vaultgoals.store.settings import load_config
from vaultgoals.store.walk import walk_notes
from vaultgoals.store.writer import SafeWriter, WriteResult

__all__ = [
    "BATCH_LIMIT",
    "CANARY",
    "EXIT_VAULT_GONE",
    "PENDING_LIMIT",
    "ChangeSet",
    "Watcher",
    "serve",
]

DEFAULT_DEBOUNCE = 1.0
BATCH_LIMIT = 5000  # notes re-read between two checks of the stop flag
PENDING_LIMIT = 50_000  # more pending paths than this: forget them and rescan everything
RETRY_SECONDS = 30.0
MAX_RETRY_SECONDS = 600.0
HEALTH_SECONDS = 2.0
RESCAN_SECONDS = 900.0
POLL_SECONDS = 1.0
CANARY = ".vaultgoals/watch-canary"  # rewritten to prove that events still arrive
CANARY_SECONDS = 300.0  # how often, when all is well and no other event was heard
CANARY_TIMEOUT = 5.0  # no event for it (nor any other) this long after: the observer is deaf
OBSERVER_RETRY_SECONDS = 60.0  # how often the watcher's own scan tries an observer again
EXIT_VAULT_GONE = 3  # the vault folder was deleted, renamed away or replaced while watching
MAX_DELAY_FACTOR = 10.0  # a never-quiet vault is still processed every 10 debounce periods
MIN_MAX_DELAY = 10.0
PROBLEM_LOG_LIMIT = 20

# Settings files whose change reloads the configuration (see config.load_config).
# Full rescans that are routine, logged at debug level only.
SCAN_REASON = "the notes changed on disk"
QUIET_RESCANS = frozenset({"periodic rescan", SCAN_REASON})


# Linux (inotify): `closed` (IN_CLOSE_WRITE) catches in-place overwrites without the flood
# of one `modified` per write(2); measured: no event lost out of 100,000.
INOTIFY_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileClosedEvent, FileMovedEvent, FileDeletedEvent,
    DirCreatedEvent, DirMovedEvent, DirDeletedEvent,
]
# Other native observers (FSEvents, kqueue, Windows) and polling report no `closed`.
OTHER_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent,
    DirCreatedEvent, DirMovedEvent, DirDeletedEvent,
]

WATCH_LIMIT_ADVICE = (
    "To raise the limit now: sudo sysctl fs.inotify.max_user_watches=524288 ; to keep it "
    "after a reboot: echo fs.inotify.max_user_watches=524288 | sudo tee "
    "/etc/sysctl.d/60-inotify-watches.conf && sudo sysctl --system"
)
INSTANCE_LIMIT_ADVICE = (
    "To raise the limit now: sudo sysctl fs.inotify.max_user_instances=512 ; to keep it "
    "after a reboot: echo fs.inotify.max_user_instances=512 | sudo tee "
    "/etc/sysctl.d/60-inotify-instances.conf && sudo sysctl --system"
)


# -- the thread-safe change set ----------------------------------------------------------

@dataclass
class Batch:
    notes: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    config: bool = False
    rescan: str = ""  # why a full rescan is needed ("" = none)


class ChangeSet:
    """Paths changed since the last batch, coalesced per path. Safe to call from any thread.

    Bounded: past `limit` pending paths it forgets them all and asks for a full rescan.
    """

    def __init__(self, root: Path, ignore: tuple[str, ...] = (), limit: int = PENDING_LIMIT):
        self.root = os.path.abspath(root)
        # FSEvents reports resolved paths (/private/var/… for /var/…): accept both spellings
        self._prefixes = tuple(dict.fromkeys(
            p.rstrip(os.sep) + os.sep for p in (self.root, os.path.realpath(root))))
        self.ignore = ignore
        self.limit = limit
        self._lock = threading.Lock()
        self._notes: dict[str, None] = {}
        self._dirs: dict[str, None] = {}
        self._config = False
        self._rescan = ""
        self._first = 0.0  # monotonic time of the oldest pending change (0: none)
        self._last = 0.0  # monotonic time of the newest change
        self.events = 0  # relevant paths seen (for logs and tests)
        # Proof that the observer still reports (monotonic times; plain float stores):
        self.heard = 0.0  # any path, relevant or not
        self.canary_heard = 0.0  # the canary file: a signal of its own, never a change

    def rel(self, path: str) -> str | None:
        for prefix in self._prefixes:
            if path.startswith(prefix):
                rel = path[len(prefix):]
                return rel.replace(os.sep, "/") if os.sep != "/" else rel
        return None

    def push(self, path: str, is_dir: bool) -> None:
        now = time.monotonic()
        self.heard = now
        rel = self.rel(path)
        if rel is None:
            return
        if rel == CANARY:
            self.canary_heard = now
            return
        kind = classify(rel, is_dir, self.ignore)
        if kind is None:
            return
        with self._lock:
            self.events += 1
            if not self._first:
                self._first = now
            self._last = now
            if kind == "config":
                self._config = True
                return
            if self._rescan:
                return  # a full rescan is coming anyway: keep memory flat
            target = self._notes if kind == "note" else self._dirs
            target[rel] = None
            if len(self._notes) + len(self._dirs) > self.limit:
                self._notes.clear()
                self._dirs.clear()
                self._rescan = f"more than {self.limit} changed paths pending"

    def request_rescan(self, why: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._notes.clear()
            self._dirs.clear()
            if not self._rescan:
                self._rescan = why
            if not self._first:
                self._first = now
            self._last = now

    def pending(self) -> bool:
        with self._lock:
            return bool(self._first)

    def due(self, now: float, debounce: float, max_delay: float) -> bool:
        """True once the vault was quiet for `debounce` s (or changes waited `max_delay` s)."""
        with self._lock:
            if not self._first:
                return False
            return now - self._last >= debounce or now - self._first >= max_delay

    def take(self) -> Batch:
        with self._lock:
            batch = Batch(set(self._notes), set(self._dirs), self._config, self._rescan)
            self._notes.clear()
            self._dirs.clear()
            self._config = False
            self._rescan = ""
            self._first = 0.0
            return batch


class _EnqueueHandler(FileSystemEventHandler):
    """Runs on the observer's thread: files paths, nothing else, and never raises
    (an exception here would silently kill watchdog's thread)."""

    def __init__(self, changes: ChangeSet) -> None:
        super().__init__()
        self.changes = changes

    def dispatch(self, event: FileSystemEvent) -> None:
        try:
            is_dir = bool(event.is_directory)
            self.changes.push(os.fsdecode(event.src_path), is_dir)
            dest = getattr(event, "dest_path", "")
            if dest:
                self.changes.push(os.fsdecode(dest), is_dir)
        except Exception:  # pragma: no cover - defensive: never let watchdog's thread die
            with contextlib.suppress(Exception):
                self.changes.request_rescan("an event could not be handled")


class _WatchdogLogTap(logging.Handler):
    """Hears watchdog's own warnings: a queue overflow means lost events → rescan; an
    inotify limit reached while adding the watches of new folders → `limit_errno`, for the
    watcher to fall back to polling as it does when the limit stops it at the start."""

    def __init__(self, changes: ChangeSet, log: logging.Logger) -> None:
        super().__init__(logging.WARNING)
        self.changes = changes
        self.log = log
        self.limit_errno = 0  # ENOSPC / EMFILE once watchdog reported it (read and reset
        # by the watcher's thread)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            lowered = message.lower()
            if "overflow" in lowered:
                self.changes.request_rescan("the system dropped file events (queue overflow)")
            if "inotify watch limit" in lowered or f"[errno {errno.ENOSPC}]" in lowered:
                self.limit_errno = errno.ENOSPC
                return  # the watcher says it, with the advice
            if "inotify instance limit" in lowered or f"[errno {errno.EMFILE}]" in lowered:
                self.limit_errno = errno.EMFILE
                return
            self.log.log(record.levelno, "watchdog: %s", message)
        except Exception:  # pragma: no cover - a log handler must not raise
            pass


# -- the writer that counts regions (for "updated X (2 regions)") -----------------------

class _ReportingWriter(SafeWriter):
    def __init__(self, vault: Path, dry_run: bool = False) -> None:
        super().__init__(vault, dry_run=dry_run)
        self.regions_changed: dict[str, int] = {}

    def write(self, rel: str, new_text: str, expected_old: bytes | None) -> WriteResult:
        result = super().write(rel, new_text, expected_old)
        if result.status == "written" and expected_old is not None:
            try:
                old = {r.name: r.content for r in
                       find_regions(expected_old.decode("utf-8", "surrogateescape"))}
                new = {r.name: r.content for r in find_regions(new_text)}
                self.regions_changed[rel] = sum(1 for n in new if old.get(n) != new[n])
            except Exception:
                self.regions_changed.pop(rel, None)
        return result


# -- observers -------------------------------------------------------------------------

def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if isinstance(exc, RecursionError) else str(exc)


ObserverFactory = Callable[[], BaseObserver]


def _native_observer() -> BaseObserver:
    from watchdog.observers import Observer

    observer: BaseObserver = Observer()
    return observer


def _is_inotify(observer: BaseObserver) -> bool:
    return type(observer).__name__ == "InotifyObserver"


def _limit_message(exc: OSError) -> str:
    def current(name: str) -> str:
        try:
            with open(f"/proc/sys/fs/inotify/{name}", encoding="ascii") as fh:
                return fh.read().strip()
        except OSError:
            return "?"

    if exc.errno == errno.ENOSPC:
        return (f"the system's limit on inotify watches is reached "
                f"(fs.inotify.max_user_watches = {current('max_user_watches')}); "
                f"polling the vault instead, which costs more CPU. {WATCH_LIMIT_ADVICE}")
    if exc.errno == errno.EMFILE:
        return (f"the system's limit on inotify instances is reached "
                f"(fs.inotify.max_user_instances = {current('max_user_instances')}); "
                f"polling the vault instead, which costs more CPU. {INSTANCE_LIMIT_ADVICE}")
    return f"native file watching could not start ({exc}); polling the vault instead"


# -- the watcher -----------------------------------------------------------------------

class Watcher:
    """The watch loop for one vault. `run()` blocks until `request_stop()` (or a signal)."""

    def __init__(
        self,
        vault: Path,
        config: Config,
        *,
        log: logging.Logger,
        today: date | None = None,
        debounce: float = DEFAULT_DEBOUNCE,
        polling: bool = False,
        lock: VaultLock | None = None,
        native_factory: ObserverFactory = _native_observer,
        poll_seconds: float = POLL_SECONDS,
        rescan_seconds: float = RESCAN_SECONDS,
        retry_seconds: float = RETRY_SECONDS,
        canary_seconds: float = CANARY_SECONDS,
        canary_timeout: float = CANARY_TIMEOUT,
    ) -> None:
        self.vault = Path(vault)
        self.config = config
        self.log = log
        self.today = today
        self.debounce = debounce
        self.polling = polling
        self.lock = lock
        self.native_factory = native_factory
        self.poll_seconds = poll_seconds
        self.rescan_seconds = rescan_seconds
        self.retry_seconds = retry_seconds
        self.canary_seconds = canary_seconds
        self.canary_timeout = canary_timeout
        self.max_delay = max(MIN_MAX_DELAY, MAX_DELAY_FACTOR * debounce)
        self.changes = ChangeSet(self.vault, config.ignore)
        self.handler = _EnqueueHandler(self.changes)
        self.job = self._new_job(config)
        self.observer: BaseObserver | None = None
        self.mode = ""  # "native (InotifyObserver)" / "polling"
        self.exit_code = 0
        self.ready = threading.Event()  # set after the first pass (tests, demos)
        # statistics, read by tests
        self.passes = 0
        self.full_passes = 0
        self.written: list[str] = []
        self.failures = 0
        self._stop = threading.Event()
        self._last_today: date | None = None
        self._retry_at = 0.0
        self._retry_full = False
        self._retry_delay = retry_seconds
        self._last_failure = ""
        self._watch_error = ""
        self._native_error = ""  # why the native observer could not start, if it could not
        self._seen_problems: set[tuple[str, int, str]] = set()
        self._seen_notices: set[str] = set()
        # observer health (see the module docstring)
        self._tap: _WatchdogLogTap | None = None
        self._probe_sent = 0.0  # monotonic time of the unanswered canary (0: none)
        self._probe_due = 0.0
        self._canary_count = 0
        self._canary_broken = ""  # why the canary cannot be written (said once)
        self._deaf_native = 0  # native observers that went deaf: after two, poll
        self._thread_death = ""  # set by the thread hook, from a dying watchdog thread
        self._scanning = False  # no observer could start: the watcher scans itself
        self._scan_state: list[tuple[str, int, int]] | None = None
        self._scan_at = 0.0
        self._scan_why = ""
        self._observer_retry_at = 0.0
        self.folder = VaultFolder(self.vault)  # the folder watched from the start

    # control ----------------------------------------------------------------------------

    def request_stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # the loop ---------------------------------------------------------------------------

    def run(self) -> int:
        tap = _WatchdogLogTap(self.changes, self.log)
        wd_logger = logging.getLogger("watchdog")
        old_propagate, old_level = wd_logger.propagate, wd_logger.level
        wd_logger.addHandler(tap)
        wd_logger.propagate = False
        if wd_logger.level == logging.NOTSET or wd_logger.level > logging.WARNING:
            wd_logger.setLevel(logging.WARNING)
        self._tap = tap
        listen_for_thread_deaths(self._on_thread_death, True)
        try:
            self.folder.open()
            if not self._vault_gone():
                self._start_observer()
                self._pass(None, "start")
            self.ready.set()
            if not self._stop.is_set():
                self.log.info("watching %s (%s, debounce %gs); stop with Ctrl-C", self.vault,
                              self.mode, self.debounce)
                self._loop()
        finally:
            self.ready.set()
            listen_for_thread_deaths(self._on_thread_death, False)
            self._stop_observer()
            with contextlib.suppress(Exception):
                self.job.close()
            wd_logger.removeHandler(tap)
            wd_logger.propagate = old_propagate
            wd_logger.setLevel(old_level)
        self.log.info("stopped watching %s", self.vault)
        return self.exit_code

    def _loop(self) -> None:
        tick = max(0.02, min(0.25, self.debounce / 4 if self.debounce > 0 else 0.02))
        now = time.monotonic()
        health = min(HEALTH_SECONDS, self.canary_seconds, self.canary_timeout)
        next_health = now + health
        next_rescan = now + self.rescan_seconds
        next_heartbeat = now + HEARTBEAT_SECONDS
        self._probe_due = now + self.canary_seconds
        while not self._stop.wait(tick):
            try:
                now = time.monotonic()
                if now >= next_health or self._thread_death:
                    next_health = now + health
                    if self._vault_gone():
                        break
                    self._check_observer(now)
                if self._scanning and now >= self._scan_at:
                    self._scan_at = now + self.poll_seconds
                    self._scan()
                if self.lock is not None and now >= next_heartbeat:
                    next_heartbeat = now + HEARTBEAT_SECONDS
                    self._heartbeat()
                    if self._stop.is_set():
                        break
                if now >= next_rescan:
                    next_rescan = now + self.rescan_seconds
                    self.changes.request_rescan("periodic rescan")
                if self.changes.due(now, self.debounce, self.max_delay):
                    self._process(self.changes.take())
                    next_rescan = max(next_rescan, time.monotonic() + 1.0)
                elif self._retry_at and now >= self._retry_at:
                    full = self._retry_full
                    self._pass(None if full else set(), "retry")
                elif self.today is None and self._last_today is not None \
                        and date.today() != self._last_today:
                    self.log.info("a new day: %s", date.today().isoformat())
                    self._pass(set(), "new day")
            except Exception as exc:  # the loop itself must survive anything
                self._failed(exc, None)

    # one batch ------------------------------------------------------------------------

    def _process(self, batch: Batch) -> None:
        if self._vault_gone():  # (not even a read: the parse cache would write beside it)
            return
        if batch.config:
            self._reload_config()
            if batch.rescan == "" and not batch.notes and not batch.dirs:
                return
        if batch.rescan:
            level = logging.DEBUG if batch.rescan in QUIET_RESCANS else logging.INFO
            self.log.log(level, "rescanning the whole vault (%s)", batch.rescan)
            self._pass(None, batch.rescan)
            return
        notes = set(batch.notes)
        if batch.dirs:
            notes |= self._expand_dirs(batch.dirs)
        if not notes:
            return
        index = self.job.pipe.index
        known = index.stamps.keys() | index.docs.keys()
        if not notes <= known:
            # A new note may be the far end of a move whose source is not reported yet
            # (watchdog holds an unpaired "moved from" back for 0.5 s, and every event
            # behind it): re-check that the known notes still exist, or the moved goal
            # would be counted twice, and perhaps celebrated twice, for one pass.
            root = str(self.vault)
            notes |= {p for p in known if not os.path.isfile(os.path.join(root, p))}
        ordered = sorted(notes)
        # Re-read all but the last chunk here (checking the stop flag between chunks),
        # then plan and write once, over the final state: never over half a move.
        for start in range(0, len(ordered) - BATCH_LIMIT, BATCH_LIMIT):
            if self._stop.is_set():
                return  # nothing was written yet: the next start rescans anyway
            try:
                index.update(ordered[start:start + BATCH_LIMIT])
            except Exception as exc:
                self._failed(exc, None)
                return
        last = (len(ordered) - 1) // BATCH_LIMIT * BATCH_LIMIT
        self._pass(set(ordered[last:]), f"{len(ordered)} changed")

    def _expand_dirs(self, dirs: set[str]) -> set[str]:
        """Folders created, deleted or moved: the notes the index knows under them (gone
        or moved away) plus the notes on disk under them now."""
        out: set[str] = set()
        index = self.job.pipe.index
        for rel in set(index.stamps) | set(index.docs):
            parts = rel.split("/")
            for i in range(1, len(parts)):
                if "/".join(parts[:i]) in dirs:
                    out.add(rel)
                    break
        walked: set[str] = set()
        for rel_dir in sorted(dirs):
            if any(rel_dir.startswith(w + "/") for w in walked):
                continue
            top = self.vault / rel_dir
            if not top.is_dir():
                continue
            walked.add(rel_dir)
            out.update(self._walk(rel_dir))
        return out

    def _walk(self, rel_dir: str) -> Iterator[str]:
        # (not os.walk: it recurses, and dies of a folder tree deeper than the recursion
        # limit; folder symlinks are not followed, as in vault.walk_notes)
        stack = [rel_dir]
        root = str(self.vault)
        while stack:
            rel_root = stack.pop()
            try:
                entries = list(os.scandir(os.path.join(root, rel_root)))
            except OSError:
                continue
            for entry in entries:
                rel = f"{rel_root}/{entry.name}"
                try:
                    if entry.is_dir():
                        if not entry.name.startswith(".") and not entry.is_symlink():
                            stack.append(rel)
                        continue
                except OSError:
                    continue
                if classify(rel, False, self.config.ignore) == "note":
                    yield rel

    # one pass ---------------------------------------------------------------------------

    def _pass(self, changed: set[str] | None, reason: str) -> None:
        if self._vault_gone():
            return
        if self._retry_full:
            changed = None  # a failed pass may have left notes unread: rescan them
        today = self.today or date.today()
        started = time.monotonic()
        writer = self.job.writer
        if isinstance(writer, _ReportingWriter):
            writer.regions_changed.clear()
        try:
            outcome = self.job.once(today, changed=changed)
        except Exception as exc:
            self._failed(exc, changed)
            return
        self.passes += 1
        if changed is None:
            self.full_passes += 1
        self._last_today = today
        self._retry_full = False
        self._report(outcome, time.monotonic() - started, reason)
        if outcome.errors:
            self._schedule_retry(full=False)
        else:
            self._retry_at = 0.0
            self._retry_delay = self.retry_seconds
            self._last_failure = ""

    def _report(self, outcome: Outcome, seconds: float, reason: str) -> None:
        writer = self.job.writer
        counts = writer.regions_changed if isinstance(writer, _ReportingWriter) else {}
        for res in outcome.results:
            if res.status == "written":
                self.written.append(res.path)
                n = counts.get(res.path)
                extra = f" ({n} region{'s' if n != 1 else ''})" if n else ""
                self.log.info("%s%s", res.message or f"wrote {res.path}", extra)
            elif res.status in ("error", "conflict"):
                self.log.error("not written: %s; will retry", res.message or res.path)
        for note in self.job.journal_notices:
            self.log.warning("journal: %s", note)
        self.job.journal_notices.clear()
        notices = set(outcome.notices)
        for note in sorted(notices - self._seen_notices):
            self.log.warning("%s", note)
        self._seen_notices = notices
        problems = {(p.path, p.line, p.message) for p in outcome.problems}
        fresh = sorted(problems - self._seen_problems)
        for path, line, message in fresh[:PROBLEM_LOG_LIMIT]:
            self.log.warning("%s:%d: %s", path, line, message)
        if len(fresh) > PROBLEM_LOG_LIMIT:
            self.log.warning("… and %d more warnings (vaultgoals status shows them all)",
                             len(fresh) - PROBLEM_LOG_LIMIT)
        self._seen_problems = problems
        self.log.debug("pass (%s) in %.2fs: %d written", reason, seconds,
                       len(outcome.written))

    def _failed(self, exc: BaseException, changed: set[str] | None) -> None:
        self.failures += 1
        where = getattr(exc, "filename", None)
        if not isinstance(where, str):  # OSError.filename can be an fd number
            where = next(iter(changed)) if changed is not None and len(changed) == 1 else ""
        text = f"update failed{f' at {where}' if where else ''} ({type(exc).__name__}: {exc})"
        frames = traceback.extract_tb(exc.__traceback__)
        key = f"{type(exc).__name__}@{frames[-1].filename}:{frames[-1].lineno}" if frames \
            else type(exc).__name__
        if key != self._last_failure:  # the traceback once per kind of failure
            self.log.error("%s; will retry in %gs\n%s", text, self._retry_delay,
                           "".join(traceback.format_exception(type(exc), exc,
                                                              exc.__traceback__)).rstrip())
        else:
            self.log.error("%s again; will retry in %gs", text, self._retry_delay)
        self._last_failure = key
        self._schedule_retry(full=True)

    def _schedule_retry(self, full: bool) -> None:
        self._retry_at = time.monotonic() + self._retry_delay
        self._retry_full = self._retry_full or full
        self._retry_delay = min(MAX_RETRY_SECONDS, self._retry_delay * 2)

    # configuration ----------------------------------------------------------------------

    def _new_job(self, config: Config) -> Job:
        job = Job(self.vault, config)
        job.writer = _ReportingWriter(self.vault)
        return job

    def _reload_config(self) -> None:
        try:
            config = load_config(self.vault)
        except ConfigError as exc:
            self.log.error("%s; keeping the previous settings", exc)
            return
        if config == self.config:
            return
        try:
            job = self._new_job(config)
        except ValueError as exc:  # e.g. a journal path naming the user's note
            self.log.error("%s; keeping the previous settings", exc)
            return
        self.log.info("settings changed; reloading them and rescanning the vault")
        with contextlib.suppress(Exception):
            self.job.close()
        self.config = config
        self.changes.ignore = config.ignore
        self.job = job
        self.changes.request_rescan("settings changed")

    # observer ---------------------------------------------------------------------------

    def _start_observer(self, quiet: bool = False) -> None:
        """Follow the vault natively, else by polling, else by the watcher's own scan (all
        of watchdog's observers fail to start on some trees). Says why it fell back, unless
        `quiet` (the caller says it)."""
        vault = self.changes.root
        self._scanning = False
        self._native_error = ""
        native_limit = False  # the native observer met an inotify limit: always say so
        if not self.polling:
            observer: BaseObserver | None = None
            try:
                observer = self.native_factory()
                events = INOTIFY_EVENTS if _is_inotify(observer) else OTHER_EVENTS
                observer.schedule(self.handler, vault, recursive=True, event_filter=events)
                observer.start()
                self.observer = observer
                self.mode = f"native: {type(observer).__name__}"
                self._watch_error = ""
                return
            except Exception as exc:
                if observer is not None:
                    with contextlib.suppress(Exception):
                        observer.stop()
                self.polling = True  # and stay on polling: no retry storm against a limit
                native_limit = isinstance(exc, OSError)
                self._native_error = (_limit_message(exc) if isinstance(exc, OSError) else
                                      f"native file watching could not start "
                                      f"({_describe(exc)}); polling the vault instead")
        poller: BaseObserver | None = None
        try:
            poller = PollingObserver(timeout=self.poll_seconds)
            poller.schedule(self.handler, vault, recursive=True, event_filter=OTHER_EVENTS)
            poller.start()
        except Exception as exc:
            if poller is not None:
                with contextlib.suppress(Exception):
                    poller.stop()
            if self._native_error and native_limit and not quiet:
                self.log.warning("%s", self._native_error)
            self.observer = None
            self._scanning = True
            # the state to compare with is taken now, before the pass that follows a
            # start or a recovery: a change in between is read by that pass
            self._scan_state = None
            self._scan()
            self._scan_at = time.monotonic() + self.poll_seconds
            self._observer_retry_at = time.monotonic() + OBSERVER_RETRY_SECONDS
            self.mode = f"scanning every {self.poll_seconds:g}s"
            self._scan_why = _describe(exc)
            text = (f"cannot watch {self.vault} ({_describe(exc)}); comparing the notes' "
                    f"sizes and modification times every {self.poll_seconds:g}s instead")
            if not quiet and text != self._watch_error:
                self.log.warning("%s", text)
            self._watch_error = text
            return
        if self._native_error and not quiet:
            self.log.warning("%s", self._native_error)
        self.observer = poller
        self.mode = f"polling every {self.poll_seconds:g}s"
        self._watch_error = ""

    def _stop_observer(self) -> None:
        observer, self.observer = self.observer, None
        self._probe_sent = 0.0
        if observer is None:
            return
        with contextlib.suppress(Exception):
            observer.stop()
        with contextlib.suppress(Exception):
            if observer.is_alive():
                observer.join(timeout=10)

    def _observer_healthy(self) -> bool:
        """What watchdog shows publicly: its threads. (A dead inotify reader does not show:
        the canary finds it.)"""
        observer = self.observer
        if observer is None or not observer.is_alive():
            return False
        return all(e.is_alive() for e in list(observer.emitters))

    def _on_thread_death(self, what: str, exc: BaseException | None) -> None:
        """From the thread hook, on the dying thread: note it for the watcher's thread (an
        inotify limit reached while watching new folders: as at the start, poll)."""
        tap = self._tap
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EMFILE) \
                and tap is not None:
            tap.limit_errno = exc.errno
        self._thread_death = what
        self.log.debug("watchdog: %s", what)

    def _check_observer(self, now: float) -> None:
        died, self._thread_death = self._thread_death, ""
        tap = self._tap
        if tap is not None and tap.limit_errno:
            code, tap.limit_errno = tap.limit_errno, 0
            if not self.polling:
                self._stop_observer()
                self.polling = True
                self._start_observer(quiet=True)
                self.log.warning("%s", _limit_message(OSError(code, os.strerror(code))))
                self.changes.request_rescan("file watching restarted")
                return
        if self.observer is None:
            if self._scanning and now >= self._observer_retry_at:
                self._observer_retry_at = now + OBSERVER_RETRY_SECONDS
                self._start_observer(quiet=True)
                if self.observer is not None:
                    self.log.info("watching %s again (%s)", self.vault, self.mode)
                    self.changes.request_rescan("file watching restarted")
                    self._probe_due = now
            return
        if not self._observer_healthy():
            self._recover("stopped unexpectedly")
            return
        if self.polling:
            # A poller whose threads run does report (its emitter dies of what stops it);
            # one poll of a big vault on a network drive can outlast any canary timeout.
            return
        if self._probe_sent:
            if self.changes.canary_heard >= self._probe_sent:
                self._probe_sent = 0.0
                self._probe_due = now + self.canary_seconds
                return
            if now - max(self._probe_sent, self.changes.heard) >= self.canary_timeout:
                self._deaf_native += 1
                self._recover("stopped reporting changes")
            return
        if not died and now >= self._probe_due and now - self.changes.heard < self.canary_seconds:
            # events arrive anyway: the observer is listening; no write needed (a canary
            # rewritten on a timer alone would be churn for every sync client)
            self._probe_due = self.changes.heard + self.canary_seconds
            return
        if died or now >= self._probe_due:
            self._probe_due = now + self.canary_seconds
            sent = time.monotonic()
            if self._write_canary():
                self._probe_sent = sent

    def _recover(self, why: str) -> None:
        """Replace a dead or deaf observer (the same kind again; polling after a second
        deaf native one; the watcher's own scan when none starts): one warning."""
        was = self.mode
        self._stop_observer()
        if not self.polling and self._deaf_native >= 2:
            self.polling = True  # native events are not reliable here
        self._start_observer(quiet=True)
        if self.mode == was:
            now = "restarted it"
        elif self.observer is None:
            now = (f"no observer can start ({self._scan_why}): comparing the notes' sizes "
                   f"and modification times every {self.poll_seconds:g}s instead")
        elif self._native_error:
            now = self._native_error
        else:
            now = f"{self.mode} instead"
        self.log.warning("file watching %s (%s); %s, and rescanning the vault", why, was, now)
        self.changes.request_rescan("file watching restarted")
        self._probe_due = time.monotonic()  # is the new one listening?

    def _write_canary(self) -> bool:
        """Rewrite `CANARY` in the vault folder watched from the start (through its
        descriptor where the system has them: never through a path swapped since)."""
        self._canary_count += 1
        try:
            self.folder.rewrite(CANARY, f"{self._canary_count}\n".encode("ascii"))
        except OSError as exc:
            if not self._canary_broken:
                self.log.info("cannot write %s (%s): file watching is checked by its "
                              "threads only", CANARY, exc.strerror or exc)
            self._canary_broken = str(exc)
            return False
        self._canary_broken = ""
        return True

    def _scan(self) -> None:
        """The watcher's own scan, when no observer runs: a full rescan once the notes'
        (or the settings') sizes and mtimes differ from the last look."""
        state = [(rel, st.st_size, st.st_mtime_ns)
                 for rel, st in walk_notes(self.vault, self.config)]
        for rel in sorted(CONFIG_PATHS):
            with contextlib.suppress(OSError):
                st = os.stat(self.vault / rel)
                state.append((rel, st.st_size, st.st_mtime_ns))
        if self._scan_state is not None and state != self._scan_state:
            self.changes.request_rescan(SCAN_REASON)
            self.changes.push(os.path.join(self.changes.root, CONFIG_FILE), False)
        self._scan_state = state

    # the vault folder -----------------------------------------------------------------

    def _vault_gone(self) -> bool:
        """True, once said and the stop flag set (exit code `EXIT_VAULT_GONE`), when the
        vault path no longer leads to the folder watched from the start."""
        if self.exit_code == EXIT_VAULT_GONE:
            return True
        what = self.folder.gone()
        if not what:
            return False
        self.log.error("the vault folder %s %s; stopping without writing anything more "
                       "(exit code %d: start it again once the vault is back)",
                       self.vault, what, EXIT_VAULT_GONE)
        self.exit_code = EXIT_VAULT_GONE
        self._stop.set()
        return True

    def _heartbeat(self) -> None:
        lock = self.lock
        if lock is None or self._vault_gone():  # (never re-take the lock in another folder)
            return
        try:
            if lock.heartbeat():
                return
        except Exception as exc:
            self.log.warning("could not refresh the lock file (%s)", exc)
            return
        self.log.warning("the lock file %s was removed or replaced; taking it again",
                         lock.path)
        lock.release()
        try:
            lock.acquire(wait=0)
        except LockHeld as exc:
            self.log.error("%s; stopping so that only one process writes to the vault", exc)
            self.exit_code = 2
            self._stop.set()
        except OSError as exc:
            self.log.warning("could not take the lock again (%s)", exc)


# -- serving ------------------------------------------------------------------------------

def serve(
    vault: Path, config: Config, log: logging.Logger, today: date | None, debounce: float,
    polling: bool,
) -> int:
    """Take the vault's lock (waiting up to a minute for a short `vaultgoals run` to
    finish), then watch until stopped: the watcher's exit code. Raises `Refused` (a bad
    journal path), LockHeld and OSError (the lock cannot be made) for the caller to say."""
    try:
        Job(vault, config).close()  # the journal path is checked before anything is locked
    except ValueError as exc:
        raise Refused(str(exc)) from None
    lock = VaultLock(Path(os.path.abspath(vault)), command="watch")
    try:
        lock.acquire()
    except UnsafePath as exc:
        raise Refused(f"{vault}: {exc.reason}; vaultgoals keeps its state only inside the "
                      "vault") from None
    except LockHeld as exc:
        holder = exc.holder
        if holder is None or holder.command in ("", "watch"):
            raise
        log.info("waiting for %s to finish", holder.describe())
        lock.acquire(wait=60.0)
    try:
        for notice in lock.notices:
            log.warning("%s", notice)
        watcher = Watcher(vault, config, log=log, today=today, debounce=debounce,
                          polling=polling, lock=lock)
        with _signals(watcher):
            return watcher.run()
    finally:
        lock.release()


@contextlib.contextmanager
def _signals(watcher: Watcher) -> Iterator[None]:
    """SIGINT/SIGTERM set the stop flag (the pass in progress finishes); a second
    Ctrl-C interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        if watcher.stopping and signum == signal.SIGINT:
            raise KeyboardInterrupt
        watcher.request_stop()

    wanted = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGBREAK"):
        wanted.append(signal.SIGBREAK)
    old: dict[int, Any] = {}
    for sig in wanted:
        with contextlib.suppress(ValueError, OSError):
            old[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for signum, previous in old.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, previous)
