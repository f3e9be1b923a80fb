"""`vaultgoals watch VAULT --status`: is a watcher running for this vault, since when, how
it listens, its last pass and its last error. Reads only: the lock (`VaultLock.probe`,
which also asks the OS lock) and `.vaultgoals/watch-status.json`.

Exit 0 when a watcher runs, 1 when none does, 3 when the vault folder is missing.
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console

from vaultgoals.app.watch import EXIT_VAULT_GONE
from vaultgoals.cli.common import check_vault
from vaultgoals.core.words import counted
from vaultgoals.store.lock import VaultLock
from vaultgoals.store.watchstatus import WatchStatus, read_status

__all__ = ["status_command", "status_lines"]

_EXITS = {0: "stopped", 2: "refused (bad usage, or another watcher held the vault)",
          EXIT_VAULT_GONE: "the vault folder was missing"}


def _when(iso: str, now: datetime) -> str:
    """`2026-11-20 08:00:02 (3 h 12 min ago)` in local time; "" for no time."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = max(0, int((now - moment).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    ago = (f"{days} d {hours} h" if days else f"{hours} h {minutes} min" if hours
           else f"{minutes} min" if minutes else f"{seconds} s")
    return f"{moment.astimezone().strftime('%Y-%m-%d %H:%M:%S')} ({ago} ago)"


def status_lines(vault: Path, now: datetime | None = None) -> tuple[bool, list[str]]:
    """Whether a watcher runs for `vault`, and the lines that say so."""
    now = now or datetime.now(timezone.utc)
    holder, alive = VaultLock(Path(os.path.abspath(vault))).probe()
    status = read_status(vault)
    running = alive and (holder is None or holder.command in ("", "watch"))
    mine = status if status is not None and holder is not None and (
        status.pid, status.host) == (holder.pid, holder.host) else None
    lines: list[str] = []
    if running and holder is None:  # (the OS lock is held, the file missing or unreadable)
        lines.append(f"a vaultgoals process holds {vault} (its lock file is missing or "
                     "being written)")
        mine = status if status is not None and not status.stopped else None
    elif running and holder is not None:
        since = _when(mine.started if mine else holder.started, now)
        lines.append(f"a watcher is running for {vault}: {holder.describe()}"
                     + (f", since {since}" if since else ""))
    elif alive and holder is not None:
        lines.append(f"no watcher is running for {vault}; vaultgoals {holder.command} "
                     f"({holder.describe()}) is writing to it now")
    else:
        lines.append(f"no watcher is running for {vault}")
    shown = mine if running else status
    if shown is not None:
        lines.extend(_details(shown, running, now))
    return running, lines


def _details(status: WatchStatus, running: bool, now: datetime) -> list[str]:
    out: list[str] = []
    if not running:
        started, stopped = _when(status.started, now), _when(status.stopped, now)
        why = _EXITS.get(status.exit_code, f"exit code {status.exit_code}") \
            if status.exit_code is not None else "it did not say why: killed, or a crash"
        out.append(f"  last watcher: pid {status.pid} on {status.host}, started {started}"
                   + (f", ended {stopped}" if stopped else "") + f" ({why})")
    if status.mode:
        out.append(f"  listening: {status.mode}")
    if status.last_pass:
        out.append(f"  last pass: {_when(status.last_pass, now)}: {status.last_reason}; "
                   f"{counted(status.passes, 'pass', 'passes')}, "
                   f"{counted(status.written, 'note')} written since the start")
    if status.last_error:
        out.append(f"  last error: {_when(status.last_error_at, now)}: {status.last_error}")
    else:
        out.append("  last error: none")
    return out


def status_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    if not os.path.isdir(os.path.expanduser(args.vault)):
        err.print(f"vaultgoals: vault {args.vault!r} does not exist", markup=False,
                  highlight=False, soft_wrap=True)
        return EXIT_VAULT_GONE
    running, lines = status_lines(check_vault(args.vault))
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    return 0 if running else 1
