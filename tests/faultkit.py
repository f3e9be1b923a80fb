"""Helpers for the adversarial suites (test_faults, test_hostile, test_properties).

Everything here works on real files and real subprocesses: no mocks. The tree snapshots never
follow symlinks and never open anything but regular files, so a hostile vault (symlink loops,
FIFOs) cannot hang or mislead the test itself.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, cli_env

MEMORY_LIMIT = 1536 * 1024 * 1024  # RLIMIT_AS for "bounded memory": 1.5 GiB
HANG_TIMEOUT = 120.0  # a subprocess still running after this long is a hang, not slowness

OUTPUT_PREFIXES = ("Reviews/", "Celebrations/", "vaultgoals/")  # (chart files: docs/pictures.md)
OUTPUT_FILES = ("Wins log.md", "Goals.canvas")
TEMP_PREFIX = ".vaultgoals-tmp-"


def limits(memory: int | None = MEMORY_LIMIT, fsize: int | None = None) -> Callable[[], None]:
    """A preexec_fn: cap the address space and/or the size of any file the child writes.

    With RLIMIT_FSIZE, SIGXFSZ is ignored so an oversized write fails with EFBIG (what a full
    disk looks like to the writer) instead of killing the process.
    """

    def apply() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return apply


def vg(
    *args: str,
    preexec: Callable[[], None] | None = None,
    timeout: float = HANG_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """`python -m vaultgoals ARGS` in a subprocess (stdin closed, so nothing can wait on it)."""
    return subprocess.run(
        [sys.executable, "-m", "vaultgoals", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        preexec_fn=preexec,
    )


def popen_vg(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "vaultgoals", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=cli_env(),
        cwd=ROOT,
        **kwargs,
    )


def assert_clean(proc: subprocess.CompletedProcess[str], *codes: int) -> None:
    """Exit code in `codes` (default 0), and never a traceback or an internal error."""
    allowed = codes or (0,)
    where = f"exit {proc.returncode}\n--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n" \
            f"{proc.stderr[-3000:]}"
    assert proc.returncode in allowed, where
    assert "Traceback" not in proc.stderr + proc.stdout, where
    assert "internal error" not in proc.stderr, where


def tree(root: Path, *, skip_journal: bool = True) -> dict[str, bytes]:
    """Regular files under `root` (relative path -> bytes). Symlinks and FIFOs are recorded
    as markers, never followed or opened; `.vaultgoals/` (the journal) is skipped."""
    out: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*files, *dirs]:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if skip_journal and (rel == ".vaultgoals" or rel.startswith(".vaultgoals/")):
                continue
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = b"<symlink to " + os.fsencode(os.readlink(path)) + b">"
            elif stat.S_ISREG(st.st_mode):
                out[rel] = path.read_bytes()
            elif stat.S_ISFIFO(st.st_mode):
                out[rel] = b"<fifo>"
    return out


def is_output(rel: str) -> bool:
    return rel.startswith(OUTPUT_PREFIXES) or rel in OUTPUT_FILES


def is_temp(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1].startswith(TEMP_PREFIX)


def journal_ok(vault: Path) -> str:
    """`PRAGMA integrity_check` of the vault's journal ("ok" when there is none yet)."""
    db = vault / ".vaultgoals" / "state.db"
    if not db.exists():
        return "ok"
    conn = sqlite3.connect(db, timeout=30)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    result = "; ".join(str(r[0]) for r in rows)
    if result == "ok" and not {"tasks", "achievements", "snapshots", "meta"} <= tables:
        return f"tables missing: {sorted(tables)}"
    return result


def files_outside(root: Path, before: dict[str, bytes]) -> dict[str, bytes]:
    """What changed under `root` (e.g. the folder around a vault) compared with `before`."""
    now = tree(root, skip_journal=False)
    return {k: v for k, v in now.items() if before.get(k) != v}
