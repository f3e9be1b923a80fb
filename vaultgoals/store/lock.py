"""One writer per vault: the lock file `VAULT/.vaultgoals/lock`.

The file holds one JSON object::

    {"pid": 4242, "host": "laptop", "started": "2026-11-20T08:00:00+00:00",
     "heartbeat": "2026-11-20T09:15:00+00:00", "command": "watch", "token": "9f…",
     "proc_start": "123456", "boot_id": "…"}

Rules (README and docs/watcher.md say the same):

* It is created atomically (`O_CREAT | O_EXCL`): of two processes starting at once, exactly
  one wins; the other sees the winner's lock.
* A lock of a live process on this host is respected (`LockHeld`). "Live" means
  `os.kill(pid, 0)` succeeds (or is refused with EPERM: the process exists) and, where
  Linux tells, the process has the start time and boot id the lock recorded — so a pid
  reused after a crash or a reboot does not keep the vault locked forever.
* A lock of a dead process on this host is stale: it is taken over, and the notice says so.
* A lock written on another host (a synced vault) cannot be checked with a pid. It is
  respected while its heartbeat is fresh: a watcher rewrites `heartbeat` every
  `HEARTBEAT_SECONDS` (5 minutes); a foreign lock whose newest sign of life (heartbeat,
  start, or the file's mtime) is older than `FOREIGN_STALE_SECONDS` (30 minutes) is
  taken over. A short `vaultgoals run` never heartbeats and is stale after the same time.
* An unreadable or half-written lock file (a process killed between create and write) is
  treated as held for `UNREADABLE_GRACE_SECONDS`, then as stale.
* Taking over is itself guarded by a second `O_EXCL` file (`lock.takeover`), so two
  processes that both found the same stale lock cannot both win.
* `release()` deletes the file only while it still carries this holder's random token.
* Within one process the lock is re-entrant (counted per lock file), so a watcher that
  holds the lock can call code that takes it again briefly (e.g. `Job.once`).
* Beside the file, the holder keeps an advisory lock of the operating system on
  `lock.os` (`vaultgoals.store.oslock`: flock, or msvcrt on Windows), which the kernel
  releases when the process ends, however it ends, and records `"os_lock": true` in the
  file. On this computer the OS lock wins: while another process holds it, the vault is
  held, whatever the file says (or if it is missing); once it is free, a lock file of this
  host that says `os_lock` is stale unless its pid is alive with the recorded start time
  (Linux tells; a pid reused on macOS or Windows no longer keeps the vault locked). A lock
  file without `os_lock` (an older vaultgoals), or a file system with no locks to give,
  goes by the pid rules above; a lock file of another host by its heartbeat (sync
  services copy files, never locks).
* Every file here (the lock, its temp, takeover and OS-lock files) is made, read and removed
  relative to the `.vaultgoals/` folder opened as a descriptor from the vault's
  (`vaultgoals.store.confined`): a `.vaultgoals` that is a symlink out of the vault is refused
  (`UnsafePath`), and one swapped for such a symlink mid-way cannot redirect a write.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import stat
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.confined import Folder, VaultRoot
from vaultgoals.store.oslock import try_lock, unlock
from vaultgoals.store.stateignore import ensure_gitignore

__all__ = [
    "FOREIGN_STALE_SECONDS",
    "HEARTBEAT_SECONDS",
    "LockHeld",
    "LockInfo",
    "VaultLock",
]

LOCK_DIR = ".vaultgoals"
LOCK_NAME = "lock"
OS_LOCK_NAME = "lock.os"  # the file the OS-level advisory lock is taken on; never removed
HEARTBEAT_SECONDS = 300.0
FOREIGN_STALE_SECONDS = 1800.0
UNREADABLE_GRACE_SECONDS = 10.0
TAKEOVER_STALE_SECONDS = 10.0

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_LOCK_LIMIT = 64 * 1024  # a lock file is ~300 bytes; anything bigger is junk

_held: dict[str, int] = {}  # lock path → re-entrant count within this process
_held_lock = threading.Lock()


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _parse_iso(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _hostname() -> str:
    try:
        return socket.gethostname() or "unknown-host"
    except OSError:
        return "unknown-host"


def _boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def _proc_start(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), "" when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except OSError:
        return ""
    fields = data[data.rfind(b")") + 2:].split()
    return fields[19].decode("ascii", "replace") if len(fields) > 19 else ""


def pid_alive(pid: int) -> bool:
    """True if a process with this pid exists on this host."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just not ours
    except OSError:
        return False
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 - absent on POSIX type stubs
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


@dataclass(frozen=True)
class LockInfo:
    """What a lock file says about its holder (fields may be missing in a damaged file)."""

    pid: int
    host: str
    started: str
    command: str
    heartbeat: str
    token: str
    proc_start: str
    boot_id: str
    os_lock: bool = False  # the holder also holds the OS lock on `lock.os`

    @classmethod
    def from_json(cls, data: Any) -> LockInfo | None:
        if not isinstance(data, dict):
            return None
        pid = data.get("pid")
        host = data.get("host")
        if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(host, str):
            return None

        def text(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        return cls(pid, host, text("started"), text("command"), text("heartbeat"),
                   text("token"), text("proc_start"), text("boot_id"),
                   data.get("os_lock") is True)

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}"


class LockHeld(Exception):
    """Another live vaultgoals holds the vault's lock."""

    def __init__(self, vault: Path, holder: LockInfo | None, lock_path: Path) -> None:
        self.vault = vault
        self.holder = holder
        self.lock_path = lock_path
        if holder is None:
            who = f"(the lock file {lock_path} is being written or cannot be read)"
        else:
            who = f"({holder.describe()})"
        if holder is not None and holder.command and holder.command != "watch":
            what = f"another vaultgoals {holder.command} is writing to {vault}"
        else:
            what = f"another vaultgoals is already watching {vault}"
        super().__init__(f"{what} {who}")


class VaultLock:
    """The vault's single-writer lock; use as a context manager or acquire()/release().

    `command` is recorded in the file ("watch", "run", …) so a refused process can say who
    holds the vault. `wait` (seconds) keeps retrying while the lock is held.
    """

    def __init__(self, vault: Path, command: str = "run", wait: float = 0.0) -> None:
        self.vault = Path(vault)
        self.path = self.vault / LOCK_DIR / LOCK_NAME
        self.command = command
        self.wait = wait
        self.token = secrets.token_hex(8)
        self.host = _hostname()
        self.notices: list[str] = []  # e.g. "took over a stale lock of pid 12 on host"
        self._owned = False  # True when this object wrote the file (not re-entrant use)
        self._entered = False
        self._started = _now_iso()
        self._root = VaultRoot(self.vault)
        self._os_fd: int | None = None  # `lock.os`, open and locked while we hold the vault

    # public API -------------------------------------------------------------------

    def acquire(self, wait: float | None = None) -> None:
        """Take the lock or raise `LockHeld` (after up to `wait` seconds of retrying).

        Raises OSError when the `.vaultgoals` folder cannot be created or written.
        """
        if self._entered:
            return
        key = self._key()
        with _held_lock:
            if _held.get(key, 0) > 0:
                _held[key] += 1
                self._entered = True
                return
        deadline = time.monotonic() + (self.wait if wait is None else wait)
        while True:
            try:
                self._try_acquire()
                break
            except LockHeld:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)
        with _held_lock:
            _held[key] = _held.get(key, 0) + 1
        self._owned = True
        self._entered = True
        with contextlib.suppress(OSError, UnsafePath), self._state() as state:
            ensure_gitignore(state)  # (first run: what Git should not commit)

    def release(self) -> None:
        """Give the lock back; the file is removed only if it is still ours."""
        if not self._entered:
            return
        self._entered = False
        key = self._key()
        with _held_lock:
            count = _held.get(key, 0) - 1
            if count > 0:
                _held[key] = count
            else:
                _held.pop(key, None)
        if not self._owned or count > 0:
            return
        self._owned = False
        info = self.read()
        if info is not None and info.token == self.token:
            with contextlib.suppress(OSError, UnsafePath), self._state() as state:
                state.unlink(LOCK_NAME)
        self._drop_os_lock()  # (after the file: whoever gets it next finds no lock file)

    def heartbeat(self) -> bool:
        """Refresh `heartbeat` in the file (atomically); False if the lock is no longer ours."""
        if not self._owned:
            return self._entered
        info = self.read()
        if info is None or info.token != self.token:
            return False
        data = self._payload()
        data["heartbeat"] = _now_iso()
        tmp = f"{LOCK_NAME}.{self.token}.tmp"
        try:
            with self._state() as state:
                try:
                    fd = state.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_NOFOLLOW
                                    | _O_BINARY, 0o644)
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(json.dumps(data).encode("utf-8"))
                    state.replace(tmp, LOCK_NAME)
                except OSError:
                    with contextlib.suppress(OSError):
                        state.unlink(tmp)
        except (OSError, UnsafePath):
            pass
        return True

    def read(self) -> LockInfo | None:
        """The current lock file's holder, None if absent or unreadable."""
        return self._info(self._raw()[0])

    def probe(self) -> tuple[LockInfo | None, bool]:
        """Who holds the vault now, and whether that holder is alive by the rules above,
        without taking or changing anything (`vaultgoals watch --status`)."""
        try:
            with self._root.folder(LOCK_DIR) as state:
                fd = state.open(OS_LOCK_NAME, os.O_RDWR | _O_NOFOLLOW | _O_BINARY)
        except (OSError, UnsafePath):
            fd = -1
        os_free: bool | None = None
        if fd >= 0:
            os_free = try_lock(fd)
            if os_free:
                unlock(fd)
            os.close(fd)
        raw, mtime = self._raw()
        info = self._info(raw)
        if os_free is False:
            return info, True
        if raw is None:
            return None, False
        return info, self._judge(raw, mtime, os_free is True) is None

    @property
    def held(self) -> bool:
        return self._entered

    def __enter__(self) -> VaultLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    # internals --------------------------------------------------------------------

    def _key(self) -> str:
        try:
            return str(self.path.resolve())
        except OSError:
            return str(self.path.absolute())

    def _payload(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "host": self.host,
            "started": self._started,
            "heartbeat": self._started,
            "command": self.command,
            "token": self.token,
            "proc_start": _proc_start(os.getpid()),
            "boot_id": _boot_id(),
            "os_lock": self._os_fd is not None,
        }

    def _state(self) -> Folder:
        """`.vaultgoals/`, opened (and made if missing) inside the vault; `UnsafePath` if it
        leads out of it, OSError (naming the folder) if it cannot be made."""
        try:
            return self._root.folder(LOCK_DIR, create=True)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.path.parent)) from None

    def _create(self) -> bool:
        """Create the lock file with our payload; False if it already exists."""
        with self._state() as state:
            try:
                fd = state.open(LOCK_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW
                                | _O_BINARY, 0o644)
            except FileExistsError:
                return False
            try:
                os.write(fd, json.dumps(self._payload()).encode("utf-8"))
                os.fsync(fd)
            except OSError as exc:  # (a full disk): say which file could not be written
                os.close(fd)
                with contextlib.suppress(OSError):
                    state.unlink(LOCK_NAME)
                raise OSError(exc.errno, exc.strerror, str(self.path)) from None
            os.close(fd)
            return True

    def _try_acquire(self) -> None:
        os_free = self._take_os_lock()
        if os_free is False:  # a live process on this computer holds the vault
            raise LockHeld(self.vault, self.read(), self.path)
        try:
            self._try_file(os_free is True)
        except BaseException:
            self._drop_os_lock()
            raise

    def _try_file(self, os_free: bool) -> None:
        """Create the lock file, or take over a stale one; `os_free`: we hold the OS lock."""
        if self._create():
            return
        raw, mtime = self._raw()
        if raw is None:  # vanished between our create and our read: try once more
            if self._create():
                return
            raw, mtime = self._raw()
        verdict = self._judge(raw, mtime, os_free)
        if verdict is None:
            raise LockHeld(self.vault, self._info(raw), self.path)
        if self._take_over(raw):
            self.notices.append(f"took over the lock of {verdict}")
            return
        raise LockHeld(self.vault, self._info(self._raw()[0]), self.path)

    def _take_os_lock(self) -> bool | None:
        """The OS lock on `lock.os`: True (ours now), False (another process here holds
        it), None (this file system has none to give)."""
        if self._os_fd is not None:
            return True
        with self._state() as state:
            try:
                fd = state.open(OS_LOCK_NAME, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW | _O_BINARY,
                                0o644)
            except OSError:
                return None  # (a read-only folder fails at the lock file itself, named)
        got = try_lock(fd)
        if got:
            self._os_fd = fd
        else:
            os.close(fd)
        return got

    def _drop_os_lock(self) -> None:
        fd, self._os_fd = self._os_fd, None
        if fd is not None:
            unlock(fd)
            with contextlib.suppress(OSError):
                os.close(fd)

    def _raw(self) -> tuple[bytes | None, float]:
        """The lock file's bytes (None if absent or unreadable) and its mtime."""
        try:
            with self._root.folder(LOCK_DIR) as state:
                fd = state.open(LOCK_NAME, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_BINARY)
                try:
                    st = os.fstat(fd)
                    if not stat.S_ISREG(st.st_mode) or st.st_size > _LOCK_LIMIT:
                        return None, 0.0  # a FIFO, a folder or junk: stale at once
                    return os.read(fd, _LOCK_LIMIT), st.st_mtime
                finally:
                    os.close(fd)
        except (OSError, UnsafePath):
            return None, 0.0

    @staticmethod
    def _info(raw: bytes | None) -> LockInfo | None:
        if raw is None:
            return None
        try:
            return LockInfo.from_json(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError):
            return None

    def _judge(self, raw: bytes | None, mtime: float, os_free: bool = False) -> str | None:
        """None while the lock is held; otherwise why it is stale (for the notice).
        `os_free`: no process on this computer holds the OS lock."""
        info = self._info(raw)
        now = time.time()
        if info is None:
            if now - mtime < UNREADABLE_GRACE_SECONDS:
                return None
            return "an unreadable lock file (left by a killed process)"
        if info.host == self.host:
            if info.boot_id and _boot_id() and info.boot_id != _boot_id():
                return f"{info.describe()} (from before a reboot)"
            if not pid_alive(info.pid):
                return f"{info.describe()} (that process is gone)"
            if info.proc_start and info.proc_start != _proc_start(info.pid):
                return f"{info.describe()} (that process is gone; its pid was reused)"
            if os_free and info.os_lock and not (info.proc_start and _proc_start(info.pid)):
                # its pid is alive but may be another program's (no start time to compare,
                # as on macOS and Windows): the OS released the holder's lock, so it is gone
                return f"{info.describe()} (that process is gone: its OS lock was released)"
            return None
        signs = [mtime, *(t for t in (_parse_iso(info.heartbeat), _parse_iso(info.started))
                          if t is not None)]
        age = now - max(signs)
        if age < FOREIGN_STALE_SECONDS:
            return None
        return f"{info.describe()} (no sign of life for {int(age // 60)} minutes)"

    def _take_over(self, stale: bytes | None) -> bool:
        """Replace the stale lock `stale` with ours; False if someone else got there first."""
        guard = f"{LOCK_NAME}.takeover"
        with self._state() as state:
            for _ in range(2):
                try:
                    fd = state.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW,
                                    0o644)
                    break
                except FileExistsError:
                    try:
                        if time.time() - state.lstat(guard).st_mtime <= TAKEOVER_STALE_SECONDS:
                            return False  # another process is taking over right now
                        state.unlink(guard)  # a takeover that crashed half-way
                    except OSError:
                        pass
            else:
                return False
            os.close(fd)
            try:
                if self._raw()[0] != stale:
                    return self._create()  # changed under us: only win if it is gone now
                with contextlib.suppress(FileNotFoundError):
                    state.unlink(LOCK_NAME)
                return self._create()
            finally:
                with contextlib.suppress(OSError):
                    state.unlink(guard)

