"""An advisory lock the operating system keeps: held while a descriptor is open, released
by the kernel when the process ends however it ends (a crash, `kill -9`, a power cut).

One small seam over the two platform calls:

* POSIX: `fcntl.flock(LOCK_EX | LOCK_NB)`. A lock belongs to the open file description,
  not to the process (unlike `fcntl`/`lockf` record locks, which any `close()` of the same
  file in the process would drop: the vault lock's code opens its folder's files often).
  On Linux, flock is kept by the kernel for every file system on one host, and on NFS is
  forwarded to the server's lock manager.
* Windows: `msvcrt.locking(LK_NBLCK)` on the file's first byte, released when the handle is
  closed or the process ends.

Neither crosses a sync service (Dropbox, iCloud, Syncthing copy files, never locks), and
on network folders whether it reaches other computers depends on the mount: `store.lock`
uses this lock only to judge holders on the same computer (see its docstring).
"""

from __future__ import annotations

import contextlib
import os

try:  # (one of the two exists on every platform Python runs on)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]

__all__ = ["try_lock", "unlock"]


def try_lock(fd: int) -> bool | None:
    """Take the exclusive advisory lock on the open file `fd` without waiting: True if it
    is ours now, False if another open file holds it, None if the file system has no
    locks to give (ENOLCK, EOPNOTSUPP: the caller goes by its own rules alone)."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return None
        return True
    if msvcrt is not None:  # pragma: no cover - Windows
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:  # (EACCES: another handle holds the byte)
            return False
        except OSError:
            return None
        return True
    return None  # pragma: no cover


def unlock(fd: int) -> None:
    """Give the lock back (closing `fd` does too)."""
    with contextlib.suppress(OSError):
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        elif msvcrt is not None:  # pragma: no cover - Windows
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
