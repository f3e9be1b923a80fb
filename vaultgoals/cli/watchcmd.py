"""`vaultgoals watch VAULT`: the exit codes, and `--status`; the log is
`vaultgoals.cli.watchlog`, the watching itself `vaultgoals.app.watch`."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings

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
from vaultgoals.cli.watchlog import journal_prefix, make_logger, on_journal
from vaultgoals.cli.watchstatus import status_command
from vaultgoals.store.lock import LockHeld

# The exit code of a usage error or a vault another watcher holds: 2, or what
# VAULTGOALS_USAGE_EXIT says. The launchd agent sets 0: launchd can only tell 0 from any
# other code, and starting again would fail the same way (docs/watcher.md).
USAGE_EXIT_ENV = "VAULTGOALS_USAGE_EXIT"


def _usage_exit() -> int:
    value = os.environ.get(USAGE_EXIT_ENV, "")
    return int(value) if value.isdigit() and int(value) < 256 else 2


def _error(err: Console, args: argparse.Namespace, message: str) -> None:
    """Say why the watcher does not start: on stderr (an error's priority when that is the
    journal) and in its log file too (pythonw on Windows has no stderr)."""
    prefix = journal_prefix(40) if on_journal(sys.stderr) else ""
    err.print(f"{prefix}vaultgoals: {message}", markup=False, highlight=False, soft_wrap=True)
    if args.log_file:
        with contextlib.suppress(OSError):
            log, close_log = make_logger(err, args.log_file, args.quiet)
            log.error("%s", message)
            close_log()


def watch_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Exit 0 on SIGINT/SIGTERM, 2 (`VAULTGOALS_USAGE_EXIT`) on bad usage or a held lock,
    `EXIT_VAULT_GONE` when the vault folder is missing (at the start or later) or does not
    look like a vault (an empty mount point): a service manager restarts it, and it
    watches again once the vault is back (a drive mounted)."""
    if getattr(args, "status", False):
        return status_command(args, out, err)
    try:
        code = _watch(args, out, err)
    except UsageError as exc:
        _error(err, args, str(exc))
        return _usage_exit()
    return _usage_exit() if code == 2 else code


def _watch(args: argparse.Namespace, out: Console, err: Console) -> int:
    if not os.path.exists(os.path.expanduser(args.vault)):
        _error(err, args, f"vault {args.vault!r} does not exist")
        return EXIT_VAULT_GONE
    vault = check_vault(args.vault)
    try:
        check_writable_vault(vault, args.vault, args.force)
    except UsageError as exc:
        # A folder that is not (yet) a vault is most often a drive not mounted yet, or a
        # path mistyped in a service: the same exit code as a missing vault, so a service
        # manager tries again later, and nothing is written meanwhile.
        _error(err, args, str(exc))
        return EXIT_VAULT_GONE
    today = parse_today(args.today) if args.today else None
    # watchdog 7.1 warns while it re-homes the watches of a moved folder; harmless noise
    warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)
    config = read_config(vault)
    debounce = DEFAULT_DEBOUNCE if args.debounce is None else float(args.debounce)
    try:
        log, close_log = make_logger(out, args.log_file, args.quiet, config.log_max_bytes,
                                     config.log_backups)
    except OSError as exc:
        raise UsageError(f"--log-file {args.log_file!r} cannot be opened: "
                         f"{exc.strerror or exc}") from None
    try:
        return serve(vault, config, log, today, debounce, args.polling,
                     getattr(args, "apply_decisions", False))
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
