"""Running the watcher as a service: the vault's lock first, signals to stop it."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from vaultgoals.app.history import History
from vaultgoals.app.jobs import Refused
from vaultgoals.app.watch import Watcher
from vaultgoals.app.watchreport import StatusReport
from vaultgoals.core.config import Config
from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.lock import LockHeld, VaultLock


def serve(
    vault: Path, config: Config, log: logging.Logger, today: date | None, debounce: float,
    polling: bool, apply_decisions: bool = False,
) -> int:
    """Take the vault's lock (waiting up to a minute for a short `vaultgoals run` to
    finish), then watch until stopped: the watcher's exit code. Raises `Refused` (a bad
    journal path), LockHeld and OSError (the lock cannot be made) for the caller to say."""
    try:
        History(vault, config)  # the journal path is checked before anything is locked
    except ValueError as exc:
        raise Refused(str(exc)) from None
    lock = VaultLock(Path(os.path.abspath(vault)), command="watch")
    try:
        lock.acquire()
    except UnsafePath as exc:
        raise Refused.state_folder(vault, exc) from None
    except LockHeld as exc:
        holder = exc.holder
        if holder is None or holder.command in ("", "watch"):
            raise
        log.info("waiting for %s to finish", holder.describe())
        lock.acquire(wait=60.0)
    report = StatusReport(vault)
    log.addHandler(report)  # (errors logged become the status file's last error)
    try:
        for notice in lock.notices:
            log.warning("%s", notice)
        watcher = Watcher(vault, config, log=log, today=today, debounce=debounce,
                          polling=polling, lock=lock, report=report,
                          apply_decisions=apply_decisions)
        with _signals(watcher):
            code = watcher.run()
        report.stopped(code)
        return code
    finally:
        log.removeHandler(report)
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
