"""Following the vault: starting an observer (native, else polling, else the watcher's own
scan), telling whether it still listens, and replacing it when it does not.

An observer can die without a sign: watchdog's inotify reader thread dies on a very deep
folder tree (RecursionError) while the observer and emitter threads stay alive. So besides
asking whether its threads are alive, a watcher on native events rewrites a canary file
(`CANARY`, in `.vaultgoals/`) after `CANARY_SECONDS` without any other event, and at once
when a watchdog thread died; no event for it within `CANARY_TIMEOUT` (while no other event
arrives either) means the observer is deaf. It is then restarted (polling after the second
deaf one), or, when no observer can start (watchdog's own walks recurse too), replaced by
the watcher's own scan: compare the notes' sizes and mtimes every `poll_seconds` and rescan
when they differ. One warning per incident. (A poller is judged by its threads only: one
poll of a big vault on a network drive can outlast any canary timeout.)

`ObserverKeeper` holds this for `Watcher`, which it is mixed into.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from vaultgoals.app.changes import (
    CANARY,
    INOTIFY_EVENTS,
    OTHER_EVENTS,
    ChangeSet,
    EnqueueHandler,
    WatchdogLogTap,
)
from vaultgoals.app.watchguard import VaultFolder
from vaultgoals.core.config import CONFIG_FILE, Config
from vaultgoals.core.notepaths import CONFIG_PATHS
from vaultgoals.store.walk import walk_notes

POLL_SECONDS = 1.0
CANARY_SECONDS = 300.0  # how often, when all is well and no other event was heard
CANARY_TIMEOUT = 5.0  # no event for it (nor any other) this long after: the observer is deaf
OBSERVER_RETRY_SECONDS = 60.0  # how often the watcher's own scan tries an observer again
SCAN_REASON = "the notes changed on disk"  # a full rescan the watcher's own scan asks for

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

def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if isinstance(exc, RecursionError) else str(exc)


ObserverFactory = Callable[[], BaseObserver]


def native_observer() -> BaseObserver:
    from watchdog.observers import Observer

    observer: BaseObserver = Observer()
    return observer


def is_inotify(observer: BaseObserver) -> bool:
    return type(observer).__name__ == "InotifyObserver"


def limit_message(exc: OSError) -> str:
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



class ObserverKeeper:
    """The observer of one vault and its health; mixed into `Watcher`, whose state it
    shares (the attributes below are set by `Watcher.__init__`)."""

    vault: Path
    config: Config
    log: logging.Logger
    changes: ChangeSet
    handler: EnqueueHandler
    folder: VaultFolder
    polling: bool
    native_factory: ObserverFactory
    poll_seconds: float
    canary_seconds: float
    canary_timeout: float
    observer: BaseObserver | None
    mode: str
    _watch_error: str
    _native_error: str
    _tap: WatchdogLogTap | None
    _probe_sent: float
    _probe_due: float
    _canary_count: int
    _canary_broken: str
    _deaf_native: int
    _thread_death: str
    _scanning: bool
    _scan_state: list[tuple[str, int, int]] | None
    _scan_at: float
    _scan_why: str
    _observer_retry_at: float

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
                events = INOTIFY_EVENTS if is_inotify(observer) else OTHER_EVENTS
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
                self._native_error = (limit_message(exc) if isinstance(exc, OSError) else
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
                self.log.warning("%s", limit_message(OSError(code, os.strerror(code))))
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
