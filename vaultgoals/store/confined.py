"""Folders of the vault held open as descriptors, so that no path is resolved twice by name.

Checking a path and then opening it by name leaves a gap: a folder swapped for a symlink in
between sends the write wherever the link points. Here a folder is reached by walking from
the vault's own descriptor one component at a time, each opened with
`O_DIRECTORY | O_NOFOLLOW` relative to the one before (`openat`); every later call (open,
stat, link, rename, unlink) names a single entry relative to that descriptor. A symlink
swapped in anywhere on the way makes the open fail instead of leading elsewhere.

A symlinked folder that stays inside the vault (an alias of `Reviews/`) is still allowed:
its target is resolved by name once, checked to be inside the vault, and the walk restarts
along the resolved components, again with `O_NOFOLLOW` at each step, so a swap after the
check is refused, not followed.

The vault folder itself is opened by the path the user gave (it may be a symlink: that is
the user's choice) and must stay the same folder (device and inode) for the object's life:
a vault replaced by another folder is refused.

Where the platform has no `dir_fd` support (Windows), `Folder` holds the checked path and
the same calls are made by name; SECURITY.md states what that leaves open.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from vaultgoals.core.paths import UnsafePath, path_parts

__all__ = ["HAS_DIR_FD", "Folder", "VaultRoot"]

_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC

HAS_DIR_FD = (
    bool(_O_DIRECTORY and _O_NOFOLLOW)
    and {os.open, os.stat, os.mkdir, os.unlink, os.rename, os.link}  # replace = rename
    <= os.supports_dir_fd
    and os.scandir in os.supports_fd
)
_MAX_RESTARTS = 16  # symlinked folders followed on one walk (a loop of links fails)


class Folder:
    """One folder of the vault: an open descriptor (or, without dir_fd support, its path)
    and the single-entry calls the writer and the lock make inside it."""

    def __init__(self, fd: int | None, path: Path) -> None:
        self.fd = fd
        self.path = path  # for messages, and for the calls where there is no descriptor

    def _at(self, name: str) -> tuple[str, dict[str, Any]]:
        if self.fd is None:
            return str(self.path / name), {}
        return name, {"dir_fd": self.fd}

    def open(self, name: str, flags: int, mode: int = 0o666) -> int:
        where, kw = self._at(name)
        return os.open(where, flags | _O_CLOEXEC, mode, **kw)

    def lstat(self, name: str) -> os.stat_result:
        where, kw = self._at(name)
        return os.stat(where, follow_symlinks=False, **kw)

    def unlink(self, name: str) -> None:
        where, kw = self._at(name)
        os.unlink(where, **kw)

    def replace(self, src: str, dst: str) -> None:
        if self.fd is None:
            os.replace(self.path / src, self.path / dst)
        else:
            os.replace(src, dst, src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def link(self, src: str, dst: str) -> None:
        """A second name for `src`; FileExistsError if `dst` exists (it never overwrites)."""
        if self.fd is None:
            os.link(self.path / src, self.path / dst, follow_symlinks=False)
        else:
            os.link(src, dst, src_dir_fd=self.fd, dst_dir_fd=self.fd, follow_symlinks=False)

    def exchange(self, a: str, b: str) -> bool:
        """Swap two entries atomically (Linux `renameat2(RENAME_EXCHANGE)`); False where
        the system or the file system cannot (the caller then falls back to `replace`)."""
        return _exchange(self, a, b)

    def entries(self) -> Iterator[os.DirEntry[str]]:
        if self.fd is None:
            with os.scandir(self.path) as it:
                yield from it
        else:
            with os.scandir(self.fd) as it:
                yield from it

    def fsync(self) -> None:
        """Make the folder's entries durable (a rename is atomic without it, not durable)."""
        if os.name == "nt":
            return
        fd = self.fd
        opened = fd is None
        try:
            if fd is None:
                fd = os.open(self.path, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
            os.fsync(fd)
        except OSError:
            pass  # some file systems cannot fsync a folder
        finally:
            if opened and fd is not None:
                os.close(fd)

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> Folder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class VaultRoot:
    """The vault folder, from which every folder vaultgoals writes in is reached."""

    def __init__(self, vault: Path) -> None:
        self.vault = Path(vault)
        self._identity: tuple[int, int] | None = None  # (st_dev, st_ino) when first opened

    @property
    def identity(self) -> tuple[int, int] | None:
        """(st_dev, st_ino) of the vault folder when first opened; None before that."""
        return self._identity

    def _open_root(self) -> tuple[int, Path]:
        real = Path(os.path.realpath(self.vault))
        try:
            fd = os.open(real, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            raise UnsafePath(str(self.vault), "the vault folder is gone") from None
        st = os.fstat(fd)
        if not stat.S_ISDIR(st.st_mode):
            os.close(fd)
            raise UnsafePath(str(self.vault), "the vault is not a folder")
        ident = (st.st_dev, st.st_ino)
        if self._identity is None:
            self._identity = ident
        elif ident != self._identity:
            os.close(fd)
            raise UnsafePath(str(self.vault), "the vault folder was replaced by another one")
        return fd, real

    def folder(self, rel_dir: str, create: bool = False) -> Folder:
        """Open the vault-relative folder `rel_dir` ("" for the vault itself).

        Missing folders are created when `create` is true, else FileNotFoundError. Raises
        `UnsafePath` for a path that leaves the vault in any way, OSError otherwise."""
        parts = path_parts(rel_dir) if rel_dir.strip("/.") else []
        fd, real_root = self._open_root()
        if not HAS_DIR_FD:
            os.close(fd)
            return self._folder_by_name(real_root, rel_dir, parts, create)
        try:
            for _ in range(_MAX_RESTARTS):
                walked = _walk(fd, parts, create)
                if isinstance(walked, int):
                    return Folder(walked, real_root.joinpath(*parts))
                parts = _through_link(real_root, rel_dir, parts, walked)
            raise UnsafePath(rel_dir, "too many symlinked folders on the way")
        finally:
            os.close(fd)

    def _folder_by_name(
        self, real_root: Path, rel_dir: str, parts: list[str], create: bool
    ) -> Folder:
        path = real_root.joinpath(*parts)
        real = Path(os.path.realpath(path))
        if real != real_root and not real.is_relative_to(real_root):
            raise UnsafePath(rel_dir, "resolves to a location outside the vault")
        if create:
            os.makedirs(real, exist_ok=True)
        elif not real.is_dir():
            raise FileNotFoundError(errno.ENOENT, "no such folder", str(path))
        return Folder(None, real)


def _walk(root_fd: int, parts: list[str], create: bool) -> int | tuple[int]:
    """The descriptor of root/parts, or the index of the first component that is a
    symlink (as a one-element tuple). Opens with O_NOFOLLOW at every step."""
    cur = os.dup(root_fd)
    try:
        for i, part in enumerate(parts):
            try:
                nxt = os.open(part, _DIR_FLAGS, dir_fd=cur)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):  # made meanwhile: open it anyway
                    os.mkdir(part, 0o777, dir_fd=cur)
                nxt = os.open(part, _DIR_FLAGS, dir_fd=cur)
            except OSError as exc:
                if exc.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise
                st = os.stat(part, dir_fd=cur, follow_symlinks=False)
                if stat.S_ISLNK(st.st_mode):
                    return (i,)
                shown = "/".join(parts[: i + 1])
                raise NotADirectoryError(errno.ENOTDIR, "not a folder", shown) from None
            os.close(cur)
            cur = nxt
        result, cur = cur, -1
        return result
    finally:
        if cur >= 0:
            os.close(cur)


def _through_link(
    real_root: Path, rel_dir: str, parts: list[str], walked: tuple[int]
) -> list[str]:
    """The components to walk instead when parts[i] is a symlinked folder: its target,
    resolved by name once, must be inside the vault (or be the vault itself)."""
    i = walked[0]
    link = real_root.joinpath(*parts[: i + 1])
    target = Path(os.path.realpath(link))
    shown = "/".join(parts[: i + 1])
    if target != real_root and not target.is_relative_to(real_root):
        raise UnsafePath(rel_dir, f"{shown!r} is a symlink pointing outside the vault")
    return [*target.relative_to(real_root).parts, *parts[i + 1 :]]


_RENAME_EXCHANGE = 2
_renameat2: Any = None


def _exchange(folder: Folder, a: str, b: str) -> bool:
    global _renameat2
    if folder.fd is None:
        return False
    if _renameat2 is None:
        try:
            _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
        except (AttributeError, OSError):
            _renameat2 = False
    if _renameat2 is False:
        return False
    rc = _renameat2(folder.fd, os.fsencode(a), folder.fd, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(folder.path / b))
