"""`vaultgoals watch VAULT`: the log (rich on a terminal, plain lines to a file or a pipe)
and the exit codes; the watching itself is `vaultgoals.app.watch`."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import warnings
from collections.abc import Callable
from typing import TextIO

from rich.console import Console

from vaultgoals.app.jobs import Refused
from vaultgoals.app.serve import serve
from vaultgoals.app.watch import DEFAULT_DEBOUNCE, EXIT_VAULT_GONE
from vaultgoals.cli.common import (
    UsageError,
    check_vault,
    check_writable_vault,
    parse_today,
    read_config,
)
from vaultgoals.store.lock import LockHeld


class _PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")


def make_logger(
    out: Console, log_file: str | None, quiet: bool
) -> tuple[logging.Logger, Callable[[], None]]:
    """The watch log: rich on a terminal, plain lines to a file or a pipe."""
    logger = logging.getLogger(f"vaultgoals.app.watch.{os.getpid()}.{id(out)}")
    logger.propagate = False
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    handler: logging.Handler
    stream: TextIO | None = None
    if log_file:
        stream = open(log_file, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        handler = logging.StreamHandler(stream)
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
        handler.setFormatter(_PlainFormatter())
    logger.addHandler(handler)

    def close() -> None:
        logger.removeHandler(handler)
        with contextlib.suppress(Exception):
            handler.flush()
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()

    return logger, close


def _log_only(out: Console, args: argparse.Namespace, message: str) -> None:
    """Say why the watcher does not start in its log file too (pythonw on Windows has no
    stderr)."""
    if args.log_file:
        with contextlib.suppress(OSError):
            log, close_log = make_logger(out, args.log_file, args.quiet)
            log.error("%s", message)
            close_log()


def watch_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Exit 0 on SIGINT/SIGTERM, 2 on bad usage or a held lock, `EXIT_VAULT_GONE` when the
    vault folder is missing (at the start or later) or does not look like a vault (an empty
    mount point): a service manager restarts it, and it watches again once the vault is
    back (a drive mounted)."""
    if not os.path.exists(os.path.expanduser(args.vault)):
        message = f"vault {args.vault!r} does not exist"
        err.print(f"vaultgoals: {message}", markup=False, highlight=False, soft_wrap=True)
        _log_only(out, args, message)
        return EXIT_VAULT_GONE
    vault = check_vault(args.vault)
    try:
        check_writable_vault(vault, args.vault, args.force)
    except UsageError as exc:
        # A folder that is not (yet) a vault is most often a drive not mounted yet, or a
        # path mistyped in a service: the same exit code as a missing vault, so a service
        # manager tries again later, and nothing is written meanwhile.
        err.print(f"vaultgoals: {exc}", markup=False, highlight=False, soft_wrap=True)
        _log_only(out, args, str(exc))
        return EXIT_VAULT_GONE
    today = parse_today(args.today) if args.today else None
    # watchdog 7.1 warns while it re-homes the watches of a moved folder; harmless noise
    warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)
    config = read_config(vault)
    debounce = DEFAULT_DEBOUNCE if args.debounce is None else float(args.debounce)
    try:
        log, close_log = make_logger(out, args.log_file, args.quiet)
    except OSError as exc:
        raise UsageError(f"--log-file {args.log_file!r} cannot be opened: "
                         f"{exc.strerror or exc}") from None
    try:
        return serve(vault, config, log, today, debounce, args.polling)
    except Refused as exc:
        raise UsageError(str(exc)) from None
    except LockHeld as exc:
        err.print(f"vaultgoals: {exc}", markup=False, highlight=False)
        if args.log_file:
            log.error("%s", exc)
        return 2
    except OSError as exc:
        where = exc.filename or f"in {vault}"
        err.print(f"vaultgoals: cannot create the lock file {where}: "
                  f"{exc.strerror or exc}", markup=False, highlight=False)
        return 2
    finally:
        close_log()
