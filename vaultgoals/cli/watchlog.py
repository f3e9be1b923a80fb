"""The watch log: rich lines on a terminal; under systemd, plain lines carrying their
journald priority; with `--log-file`, plain timestamped lines in a file that rotates.

Priorities under systemd: when stdout is the journal's own stream (systemd sets
`JOURNAL_STREAM` to its device and inode: systemd.exec(5)), every line starts with the
syslog priority in angle brackets (`<4>` warning, `<3>` error), which journald reads and
strips (sd-daemon(3); `SyslogLevelPrefix=` is on by default). Chosen over a journal client
library (systemd-python): no compiled dependency, no socket of its own (the unit allows
none but AF_UNIX anyway), the stream systemd already connects keeps the order of
everything printed, and outside the journal (a pipe, a file, a terminal) no prefix leaks.

Rotation: `logging.handlers.RotatingFileHandler`, `log.max_bytes` per file and
`log.backups` old files (`watch.log.1`, …) from `.vaultgoals.yaml` (docs/watcher.md).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable
from typing import TextIO

from rich.console import Console

__all__ = ["journal_prefix", "make_logger", "on_journal"]

# logging level -> syslog priority (sd-daemon(3): SD_DEBUG 7 … SD_CRIT 2)
_PRIORITIES = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4),
               (logging.INFO, 6))


def journal_prefix(level: int) -> str:
    """`<N>`: the syslog priority journald reads at the start of a line."""
    return f"<{next((p for lv, p in _PRIORITIES if level >= lv), 7)}>"


def on_journal(stream: TextIO | None) -> bool:
    """Is `stream` the journal's stream systemd connected (`JOURNAL_STREAM=dev:inode`)?"""
    wanted = os.environ.get("JOURNAL_STREAM", "")
    if stream is None or ":" not in wanted:
        return False
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return wanted == f"{st.st_dev}:{st.st_ino}"


class _PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")


class _JournalFormatter(logging.Formatter):
    """`<N>message`, each line of a multi-line message (a traceback) with the same
    priority: journald stores every line as an entry of its own, and timestamps them."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = journal_prefix(record.levelno)
        return "\n".join(prefix + line for line in super().format(record).split("\n"))


def make_logger(
    out: Console, log_file: str | None, quiet: bool, max_bytes: int = 1 << 20,
    backups: int = 3,
) -> tuple[logging.Logger, Callable[[], None]]:
    """The watch log and the function that closes it. `max_bytes` (0: never) and
    `backups` rotate a `log_file`. OSError if the file cannot be opened."""
    logger = logging.getLogger(f"vaultgoals.app.watch.{os.getpid()}.{id(out)}")
    logger.propagate = False
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    handler: logging.Handler
    if log_file:
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        handler.setFormatter(_PlainFormatter())
    elif sys.stdout is None:  # pythonw.exe on Windows: no console at all
        handler = logging.NullHandler()
    elif out.is_terminal:
        from rich.highlighter import NullHighlighter
        from rich.logging import RichHandler

        handler = RichHandler(console=out, show_path=False, markup=False,
                              highlighter=NullHighlighter(),
                              log_time_format="[%Y-%m-%d %H:%M:%S]")
    else:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(_JournalFormatter("%(message)s") if on_journal(sys.stdout)
                             else _PlainFormatter())
    logger.addHandler(handler)

    def close() -> None:
        logger.removeHandler(handler)
        with contextlib.suppress(Exception):
            handler.flush()
        with contextlib.suppress(Exception):
            handler.close()

    return logger, close
