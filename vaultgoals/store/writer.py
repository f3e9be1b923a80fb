"""The one place that writes user-visible files into the vault.

Every write is a compare-and-swap against what the caller read when planning:

1. The path is split by `path_parts` (no absolute paths, no `..`) and its folder is opened
   as a descriptor from the vault's own (`confined.VaultRoot`: `O_NOFOLLOW` at every
   step, no symlink out of the vault); every later call names one entry relative to that
   descriptor, so a folder swapped for a symlink mid-write cannot redirect anything. A
   note that is itself a symlink is refused even when its target is inside the vault: the
   simplest rule that can never write somewhere the user did not expect.
2. If the file's current bytes differ from `expected_old` (None = must not exist), the
   result is "conflict" and nothing is written: the caller re-reads and re-plans.
3. If the new bytes equal the current bytes: "unchanged", no write, mtime untouched.
4. Otherwise: a temp file `.vaultgoals-tmp-*` in the same folder (hidden, so Obsidian and
   watchers ignore it) is written, flushed and fsynced, then swapped in so that a save the
   user makes at that very moment is never lost:
   - an existing note is opened and re-checked through that descriptor, then exchanged
     with the temp file atomically (Linux `renameat2(RENAME_EXCHANGE)` in the folder's
     descriptor); what was displaced is now at the temp name and is checked once more: if
     it is not exactly the
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
import difflib
import errno
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vaultgoals.core.notepaths import TEMP_PREFIX
from vaultgoals.core.paths import UnsafePath, path_parts
from vaultgoals.store.confined import Folder, VaultRoot
from vaultgoals.store.files import NotRegular

__all__ = ["STALE_TEMP_SECONDS", "TEMP_PREFIX", "SafeWriter", "WriteResult", "WriteStatus"]

WriteStatus = Literal["written", "unchanged", "conflict", "error", "would-write"]

STALE_TEMP_SECONDS = 3600.0

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not hang
_READ_FLAGS = os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_BINARY


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


def _split(rel: str) -> tuple[str, str]:
    """(folder, name) of a vault-relative note path; `UnsafePath` for a bad one."""
    parts = path_parts(rel)
    return "/".join(parts[:-1]), parts[-1]


def _read_entry(folder: Folder, name: str, rel: str) -> bytes | None:
    """The bytes of `name` in `folder`, None if it does not exist. Never follows a symlink
    (`UnsafePath`), never blocks on a FIFO, refuses anything but a regular file."""
    try:
        fd = folder.open(name, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) or (
            exc.errno == errno.ENOTDIR and stat.S_ISLNK(folder.lstat(name).st_mode)
        ):
            raise UnsafePath(rel, "is a symlink; vaultgoals never reads or writes through "
                             "one") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file", rel)
        return _read_fd(fd)
    finally:
        os.close(fd)


def remove_stale_temps(folder: Folder, max_age: float = STALE_TEMP_SECONDS) -> None:
    """Delete `.vaultgoals-tmp-*` files older than `max_age` seconds (left by a killed run)."""
    now = time.time()
    try:
        entries = [e for e in folder.entries() if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for entry in entries:
        try:
            st = folder.lstat(entry.name)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > max_age:
                folder.unlink(entry.name)
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
        self.root = VaultRoot(self.vault)

    def _folder(self, rel: str, create: bool = False) -> tuple[Folder | None, str]:
        """The open folder of `rel` (None if it does not exist yet) and the note's name."""
        folder_rel, name = _split(rel)
        try:
            return self.root.folder(folder_rel, create=create), name
        except FileNotFoundError:
            if create:
                raise
            return None, name

    def read_for_update(self, rel: str) -> bytes | None:
        """The current bytes of `rel` (None if missing), to pass back as `expected_old`.

        Raises `UnsafePath` for the paths `write` refuses, and OSError if unreadable.
        """
        folder, name = self._folder(rel)
        if folder is None:
            return None
        with folder:
            return _read_entry(folder, name, rel)

    def seconds_since_modified(self, rel: str) -> float | None:
        """How long ago `rel` was last modified (None if it is missing or unreachable)."""
        try:
            folder, name = self._folder(rel)
            if folder is None:
                return None
            with folder:
                return max(0.0, time.time() - folder.lstat(name).st_mtime)
        except (OSError, UnsafePath):
            return None

    def signature(self, rel: str) -> tuple[int, int] | None:
        """(size, mtime in ns) of `rel`, to tell cheaply whether it changed since the last
        look; None if it is missing or unreachable."""
        try:
            folder, name = self._folder(rel)
            if folder is None:
                return None
            with folder:
                st = folder.lstat(name)
                return st.st_size, st.st_mtime_ns
        except (OSError, UnsafePath):
            return None

    def write(self, rel: str, new_text: str, expected_old: bytes | None) -> WriteResult:
        """Replace `rel` with `new_text` if it still holds `expected_old` (see module doc)."""
        try:
            new = new_text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError as exc:
            return WriteResult(rel, "error", f"could not encode text for {rel}: {exc.reason}")
        folder: Folder | None = None
        try:
            folder, name = self._folder(rel)
            current = None if folder is None else _read_entry(folder, name, rel)
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
            if folder is None:
                folder, name = self._folder(rel, create=True)
                assert folder is not None  # made, or an OSError was raised
            return self._replace(rel, folder, name, new, expected_old)
        except UnsafePath as exc:
            return WriteResult(rel, "error", f"refused to write {rel}: {exc.reason}")
        except OSError as exc:
            return WriteResult(rel, "error", f"could not write {rel}: {_describe(exc)}")
        finally:
            if folder is not None:
                folder.close()

    @staticmethod
    def _create(folder: Folder, tmp: str, name: str) -> None:
        """Create `name` from `tmp` only if it does not exist (`link` never overwrites)."""
        try:
            folder.link(tmp, name)
        except FileExistsError:
            raise _Conflict from None
        except OSError as exc:  # no hard links here (FAT, some network drives)
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                 errno.EMLINK):
                raise
            try:
                folder.lstat(name)
            except FileNotFoundError:
                folder.replace(tmp, name)
                return
            raise _Conflict from None

    def _replace(
        self, rel: str, folder: Folder, name: str, new: bytes, expected_old: bytes | None
    ) -> WriteResult:
        tmp: str | None = None
        st: os.stat_result | None = None
        try:
            if expected_old is not None:
                st = folder.lstat(name)
                if not st.st_mode & stat.S_IWUSR:
                    return WriteResult(rel, "error", f"{rel} is read-only; left as is")
            remove_stale_temps(folder)
            tmp = f"{TEMP_PREFIX}{secrets.token_hex(8)}.tmp"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY
            fd = folder.open(tmp, flags, 0o666 if st is None else 0o600)  # new files: umask
            with os.fdopen(fd, "wb") as f:
                f.write(new)
                f.flush()
                os.fsync(f.fileno())
                if st is not None:
                    _copy_owner_and_mode(f.fileno(), folder, tmp, st)
            if expected_old is None:
                self._create(folder, tmp, name)
            else:
                _swap_in(folder, tmp, name, expected_old)
            folder.fsync()
        except _Conflict:
            return WriteResult(
                rel, "conflict", f"{rel} changed while it was being written; left as is"
            )
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    folder.unlink(tmp)
        verb = "created" if expected_old is None else "updated"
        return WriteResult(rel, "written", f"{verb} {rel}")


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


def _swap_in(folder: Folder, tmp: str, name: str, expected_old: bytes) -> None:
    """Put `tmp` at `name` if `name` still holds `expected_old`; else raise _Conflict,
    leaving the user's bytes at `name` (see the module doc). `tmp` is left for the caller
    to remove (after a swap it holds the old note)."""
    fd = folder.open(name, _READ_FLAGS)
    try:
        st_old = os.fstat(fd)
        if not stat.S_ISREG(st_old.st_mode) or _read_fd(fd) != expected_old:
            raise _Conflict
        if folder.exchange(tmp, name):
            displaced = folder.lstat(tmp)
            same = (displaced.st_ino, displaced.st_dev) == (st_old.st_ino, st_old.st_dev)
            if not same or _read_fd(fd) != expected_old:
                folder.exchange(tmp, name)  # the user saved in between: theirs goes back
                raise _Conflict
            return
        folder.replace(tmp, name)
        after = _read_fd(fd)
        if after != expected_old:  # written into the old note after our check: restore it
            out = folder.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_NOFOLLOW
                              | _O_BINARY, 0o600)
            with os.fdopen(out, "wb") as fh:
                fh.write(after)
                fh.flush()
                os.fsync(fh.fileno())
            folder.replace(tmp, name)
            raise _Conflict
    finally:
        os.close(fd)


def _copy_owner_and_mode(fd: int, folder: Folder, tmp: str, st: os.stat_result) -> None:
    """Give the temp file (open as `fd`) the permission bits and owner of the note."""
    if hasattr(os, "fchown"):
        own = os.fstat(fd)
        if (st.st_uid, st.st_gid) != (own.st_uid, own.st_gid):
            with contextlib.suppress(OSError):  # only root may give a file away; best effort
                os.fchown(fd, st.st_uid, st.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(st.st_mode))
    else:
        os.chmod(folder.path / tmp, stat.S_IMODE(st.st_mode))


def _conflict_message(rel: str, expected: bytes | None, current: bytes | None) -> str:
    if expected is None:
        return f"{rel} already exists; left as is"
    if current is None:
        return f"{rel} was deleted since it was read; not recreated"
    return f"{rel} changed since it was read; left as is"
