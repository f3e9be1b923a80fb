"""`vaultgoals watch`: keep the reviews and celebrations current while the user edits.

The service loop. Events arrive in a `ChangeSet` (`vaultgoals.app.changes`), filed by the
observer's thread; `ObserverKeeper` (`vaultgoals.app.observers`) starts the observer and
replaces it when it dies or goes deaf. Here, the main thread:

* waits until the vault has been quiet for `debounce` seconds, takes the whole set, turns
  folders into the notes under them (the index's known paths plus a walk of what is on
  disk now), re-reads those notes in chunks of `BATCH_LIMIT`, and runs one
  `Job.once(today, changed=…)` over the final state. A batch with a note the index does
  not know yet also re-checks that the known notes still exist: watchdog reports the
  source of some moves up to 0.5 s late, and a moved goal must never count twice;
* rescans the whole vault by size and mtime (`changed=None`) after lost events (a queue
  overflow, more than `PENDING_LIMIT` pending paths), a new observer, and every
  `RESCAN_SECONDS`;
* checks the vault folder itself (same device and inode as at the start) before every
  pass, canary, lock heartbeat and health check: deleted, renamed away or replaced (by a
  symlink to another folder, say) ends the watcher with `EXIT_VAULT_GONE`, before
  anything is written; it never follows the path into another folder.

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
import logging
import os
import threading
import time
import traceback
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from watchdog.observers.api import BaseObserver

from vaultgoals.app.changes import (
    CANARY,
    PENDING_LIMIT,
    Batch,
    ChangeSet,
    EnqueueHandler,
    WatchdogLogTap,
)
from vaultgoals.app.jobs import Job
from vaultgoals.app.notewriter import Outcome
from vaultgoals.app.observers import (
    CANARY_SECONDS,
    CANARY_TIMEOUT,
    POLL_SECONDS,
    SCAN_REASON,
    ObserverFactory,
    ObserverKeeper,
    native_observer,
)
from vaultgoals.app.watchguard import VaultFolder, listen_for_thread_deaths
from vaultgoals.app.watchreport import StatusReport
from vaultgoals.core.config import Config, ConfigError
from vaultgoals.core.notepaths import classify
from vaultgoals.core.regions import find_regions
from vaultgoals.store.lock import HEARTBEAT_SECONDS, LockHeld, VaultLock
from vaultgoals.store.settings import load_config
from vaultgoals.store.writer import SafeWriter, WriteResult

__all__ = [
    "BATCH_LIMIT",
    "CANARY",
    "EXIT_VAULT_GONE",
    "PENDING_LIMIT",
    "ChangeSet",
    "Watcher",
]

DEFAULT_DEBOUNCE = 1.0
BATCH_LIMIT = 5000  # notes re-read between two checks of the stop flag
RETRY_SECONDS = 30.0
MAX_RETRY_SECONDS = 600.0
HEALTH_SECONDS = 2.0
RESCAN_SECONDS = 900.0
EXIT_VAULT_GONE = 3  # the vault folder was deleted, renamed away or replaced while watching
MAX_DELAY_FACTOR = 10.0  # a never-quiet vault is still processed every 10 debounce periods
MIN_MAX_DELAY = 10.0
PROBLEM_LOG_LIMIT = 20
# Full rescans that are routine, logged at debug level only.
QUIET_RESCANS = frozenset({"periodic rescan", SCAN_REASON})


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


# -- the watcher -----------------------------------------------------------------------

class Watcher(ObserverKeeper):
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
        report: StatusReport | None = None,
        native_factory: ObserverFactory = native_observer,
        poll_seconds: float = POLL_SECONDS,
        rescan_seconds: float = RESCAN_SECONDS,
        retry_seconds: float = RETRY_SECONDS,
        canary_seconds: float = CANARY_SECONDS,
        canary_timeout: float = CANARY_TIMEOUT,
        apply_decisions: bool = False,
    ) -> None:
        self.vault = Path(vault)
        self.config = config
        self.log = log
        self.today = today
        self.debounce = debounce
        self.polling = polling
        self.apply_decisions = apply_decisions  # `watch --apply-decisions` (app/decide.py)
        self.lock = lock
        self.report = report  # .vaultgoals/watch-status.json (`watch --status`)
        self.native_factory = native_factory
        self.poll_seconds = poll_seconds
        self.rescan_seconds = rescan_seconds
        self.retry_seconds = retry_seconds
        self.canary_seconds = canary_seconds
        self.canary_timeout = canary_timeout
        self.max_delay = max(MIN_MAX_DELAY, MAX_DELAY_FACTOR * debounce)
        self.changes = ChangeSet(self.vault, config.ignore)
        self.handler = EnqueueHandler(self.changes)
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
        self._tap: WatchdogLogTap | None = None
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
        tap = WatchdogLogTap(self.changes, self.log)
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
                if self.report is not None:
                    self.report.started(self.mode)
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
                    if self.report is not None:
                        self.report.tick()
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
        if self.report is not None:
            self.report.passed(reason, len(outcome.written))
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
        job = Job(self.vault, config, apply_decisions=self.apply_decisions)
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
