"""The one place that writes user-visible files into the vault.

Every write is a compare-and-swap against what the caller read when planning:

1. The path goes through `resolve_path` (no absolute paths, no `..`, no symlink out of the
   vault). A path that is itself a symlink is refused even when its target is inside the
   vault: the simplest rule that can never write somewhere the user did not expect.
2. If the file's current bytes differ from `expected_old` (None = must not exist), the
   result is "conflict" and nothing is written: the caller re-reads and re-plans.
3. If the new bytes equal the current bytes: "unchanged", no write, mtime untouched.
4. Otherwise: a temp file `.vaultgoals-tmp-*` in the same folder (hidden, so Obsidian and
   watchers ignore it) is written, flushed and fsynced, then swapped in so that a save the
   user makes at that very moment is never lost:
   - an existing note is opened and re-checked through that descriptor, then exchanged
     with the temp file atomically (Linux `renameat2(RENAME_EXCHANGE)`); what was
     displaced is now at the temp name and is checked once more: if it is not exactly the
     note we read (the user saved in between), the two are exchanged back and the result
     is "conflict". Where the exchange is not available, `os.replace` is used and the old
     note is re-read through the open descriptor afterwards: bytes written into it in the
     meantime are put back (and the result is "conflict");
   - a new note is created with `link()`, which fails if the user created it meanwhile.
   Then the folder is fsynced. The existing file's permission bits (and owner, when
   permitted) are kept; a read-only note (no owner write bit) is refused.

OS errors never escape `write`: they become a "error" result with a one-line message naming
the path, and the temp file is removed. Text is encoded as UTF-8 with `surrogateescape` and
written in binary, so a note decoded with `errors="surrogateescape"` round-trips exactly.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import errno
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from vaultgoals.files import read_regular
from vaultgoals.safepath import UnsafePath, resolve_path

__all__ = ["STALE_TEMP_SECONDS", "TEMP_PREFIX", "SafeWriter", "WriteResult", "WriteStatus"]

WriteStatus = Literal["written", "unchanged", "conflict", "error", "would-write"]

TEMP_PREFIX = ".vaultgoals-tmp-"
STALE_TEMP_SECONDS = 3600.0

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not hang
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, slots=True)
class WriteResult:
    path: str  # vault-relative, as given to `write`
    status: WriteStatus
    message: str = ""
    diff: str = ""  # unified diff, only for "would-write"

    def __str__(self) -> str:
        return f"{self.status}: {self.message}" if self.message else f"{self.status}: {self.path}"


class _Conflict(Exception):
    pass


def _describe(err: OSError) -> str:
    name = errno.errorcode.get(err.errno or 0, "")
    text = err.strerror or str(err)
    return f"{text} ({name})" if name else text


def _read_nofollow(path: Path) -> bytes | None:
    """The file's bytes, None if it does not exist. Never follows a final symlink, never
    blocks on a FIFO, refuses anything but a regular file."""
    return read_regular(path, nofollow=True)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the replace itself is still atomic
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, max_age: float = STALE_TEMP_SECONDS) -> None:
    """Delete `.vaultgoals-tmp-*` files older than `max_age` seconds (left by a killed run)."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and (
                now - entry.stat(follow_symlinks=False).st_mtime > max_age
            ):
                os.unlink(entry.path)
        except OSError:
            pass


def _unified_diff(rel: str, old: bytes | None, new: bytes) -> str:
    def lines(data: bytes) -> list[str]:
        out = data.decode("utf-8", "replace").splitlines(keepends=True)
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += "\n\\ No newline at end of file\n"
        return out

    return "".join(
        difflib.unified_diff(
            lines(old) if old is not None else [],
            lines(new),
            fromfile=f"a/{rel}" if old is not None else "/dev/null",
            tofile=f"b/{rel}",
        )
    )


class SafeWriter:
    """Writes notes into `vault`, never outside it, never over an edit it did not see."""

    def __init__(self, vault: Path, dry_run: bool = False) -> None:
        self.vault = Path(vault)
        self.dry_run = dry_run

    def _target(self, rel: str) -> Path:
        path, is_link = resolve_path(self.vault, rel)
        if is_link:
            raise UnsafePath(rel, "is a symlink; vaultgoals never reads or writes through one")
        return path

    def read_for_update(self, rel: str) -> bytes | None:
        """The current bytes of `rel` (None if missing), to pass back as `expected_old`.

        Raises `UnsafePath` for the paths `write` refuses, and OSError if unreadable.
        """
        return _read_nofollow(self._target(rel))

    def write(self, rel: str, new_text: str, expected_old: bytes | None) -> WriteResult:
        """Replace `rel` with `new_text` if it still holds `expected_old` (see module doc)."""
        try:
            target = self._target(rel)
        except UnsafePath as exc:
            return WriteResult(rel, "error", f"refused to write {rel}: {exc.reason}")
        try:
            new = new_text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError as exc:
            return WriteResult(rel, "error", f"could not encode text for {rel}: {exc.reason}")
        try:
            current = _read_nofollow(target)
        except OSError as exc:
            return WriteResult(rel, "error", f"could not read {rel}: {_describe(exc)}")
        if current != expected_old:
            return WriteResult(rel, "conflict", _conflict_message(rel, expected_old, current))
        if current == new:
            return WriteResult(rel, "unchanged", f"{rel} is already up to date")
        if self.dry_run:
            verb = "create" if current is None else "update"
            return WriteResult(
                rel,
                "would-write",
                f"would {verb} {rel} ({len(new)} bytes)",
                _unified_diff(rel, current, new),
            )
        return self._replace(rel, target, new, expected_old)

    @staticmethod
    def _create(tmp: Path, target: Path) -> None:
        """Create `target` from `tmp` only if it does not exist (`link` never overwrites)."""
        try:
            os.link(tmp, target, follow_symlinks=False)
        except FileExistsError:
            raise _Conflict from None
        except OSError as exc:  # no hard links here (FAT, some network drives)
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                 errno.EMLINK):
                raise
            if _read_nofollow(target) is not None:
                raise _Conflict from None
            os.replace(tmp, target)

    def _replace(
        self, rel: str, target: Path, new: bytes, expected_old: bytes | None
    ) -> WriteResult:
        tmp: Path | None = None
        st: os.stat_result | None = None
        try:
            if expected_old is not None:
                st = os.stat(target, follow_symlinks=False)
                if not st.st_mode & stat.S_IWUSR:
                    return WriteResult(rel, "error", f"{rel} is read-only; left as is")
            else:
                if not target.parent.is_dir():
                    os.makedirs(target.parent, exist_ok=True)
                    target = self._target(rel)  # re-check: nothing may have raced us out
            folder = target.parent
            remove_stale_temps(folder)
            tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}.tmp"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY | _O_CLOEXEC
            fd = os.open(tmp, flags, 0o666 if st is None else 0o600)  # new files: umask
            with os.fdopen(fd, "wb") as f:
                f.write(new)
                f.flush()
                os.fsync(f.fileno())
            if st is not None:
                _copy_owner_and_mode(tmp, st)
            if expected_old is None:
                self._create(tmp, target)
            else:
                _swap_in(tmp, target, expected_old)
            _fsync_dir(folder)
        except _Conflict:
            return WriteResult(
                rel, "conflict", f"{rel} changed while it was being written; left as is"
            )
        except UnsafePath as exc:
            return WriteResult(rel, "error", f"refused to write {rel}: {exc.reason}")
        except OSError as exc:
            return WriteResult(rel, "error", f"could not write {rel}: {_describe(exc)}")
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        verb = "created" if expected_old is None else "updated"
        return WriteResult(rel, "written", f"{verb} {rel}")


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: Any = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux `renameat2(RENAME_EXCHANGE)`); False where the
    system or the file system cannot (then the caller falls back to `os.replace`)."""
    global _renameat2
    if _renameat2 is None:
        try:
            _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
        except (AttributeError, OSError):
            _renameat2 = False
    if _renameat2 is False:
        return False
    rc = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _read_fd(fd: int) -> bytes:
    """All bytes of an open file, from the start (the descriptor's offset is not used)."""
    chunks: list[bytes] = []
    offset = 0
    while True:
        chunk = os.pread(fd, 1 << 20, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def _swap_in(tmp: Path, target: Path, expected_old: bytes) -> None:
    """Put `tmp` at `target` if `target` still holds `expected_old`; else raise _Conflict,
    leaving the user's bytes at `target` (see the module doc). `tmp` is left for the caller
    to remove (after a swap it holds the old note)."""
    fd = os.open(target, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY)
    try:
        st_old = os.fstat(fd)
        if not stat.S_ISREG(st_old.st_mode) or _read_fd(fd) != expected_old:
            raise _Conflict
        if _exchange(tmp, target):
            displaced = os.stat(tmp, follow_symlinks=False)
            same = (displaced.st_ino, displaced.st_dev) == (st_old.st_ino, st_old.st_dev)
            if not same or _read_fd(fd) != expected_old:
                _exchange(tmp, target)  # the user saved in between: theirs goes back
                raise _Conflict
            return
        os.replace(tmp, target)
        after = _read_fd(fd)
        if after != expected_old:  # written into the old note after our check: restore it
            with open(tmp, "wb") as fh:
                fh.write(after)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            raise _Conflict
    finally:
        os.close(fd)


def _copy_owner_and_mode(tmp: Path, st: os.stat_result) -> None:
    if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(tmp):
        with contextlib.suppress(OSError):  # only root may give a file away; best effort
            os.chown(tmp, st.st_uid, st.st_gid)
    os.chmod(tmp, stat.S_IMODE(st.st_mode))


def _owner(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _conflict_message(rel: str, expected: bytes | None, current: bytes | None) -> str:
    if expected is None:
        return f"{rel} already exists; left as is"
    if current is None:
        return f"{rel} was deleted since it was read; not recreated"
    return f"{rel} changed since it was read; left as is"
