"""What a running watcher tells about itself in `.vaultgoals/watch-status.json`: since when
it runs, how it listens, its last pass and its last error (`vaultgoals watch --status`).

It is also a logging handler on the watch log: every error logged (a pass that failed, a
note not written, the vault gone) becomes the last error, whatever part of the watcher
logged it. Writes are few, for the sake of sync clients that upload every change of the
vault: at the start, after the first pass and at the stop, when an error is logged, and after
later passes at most once every `WRITE_SECONDS` (a pass in between is written at the next
`tick`, so `--status` may be up to a minute behind).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.confined import VaultRoot
from vaultgoals.store.watchstatus import WatchStatus, write_status

__all__ = ["WRITE_SECONDS", "StatusReport"]

WRITE_SECONDS = 60.0


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StatusReport(logging.Handler):
    def __init__(self, vault: Path) -> None:
        super().__init__(logging.ERROR)
        self.root = VaultRoot(vault)  # (the folder as found now: see write_status)
        with contextlib.suppress(OSError, UnsafePath):
            self.root.folder("").close()
        try:
            host = socket.gethostname() or "unknown-host"
        except OSError:
            host = "unknown-host"
        self.status = WatchStatus(pid=os.getpid(), host=host, started=_now())
        self._written_at = 0.0
        self._pending = False

    def started(self, mode: str) -> None:
        self.status.mode = mode
        self._write()

    def passed(self, reason: str, written: int) -> None:
        self.status.passes += 1
        self.status.written += written
        self.status.last_pass = _now()
        self.status.last_reason = reason
        self._pending = True
        if self.status.passes == 1:
            self._write()  # (the first pass at once: `--status` right after the start)
        else:
            self.tick()

    def tick(self) -> None:
        """Write a pass not written yet, once `WRITE_SECONDS` have passed since the last
        write."""
        if self._pending and time.monotonic() - self._written_at >= WRITE_SECONDS:
            self._write()

    def stopped(self, exit_code: int) -> None:
        self.status.stopped = _now()
        self.status.exit_code = exit_code
        self._write()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage().split("\n", 1)[0]  # (not the traceback)
        except Exception:
            return
        self.status.last_error = message
        self.status.last_error_at = _now()
        self._write()

    def _write(self) -> None:
        self._pending = False
        self._written_at = time.monotonic()
        write_status(self.root, self.status)
