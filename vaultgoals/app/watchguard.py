"""What the watcher checks besides the events themselves: that the vault folder is still the
folder it started on, and that none of watchdog's threads died unseen.

* `VaultFolder` remembers the vault folder's device and inode. `gone()` says why the path
  no longer leads to that folder: deleted, renamed or moved away, or replaced by another
  folder or a symlink to one. `rewrite()` writes a small file into one of its dot-folders
  the way the writer does (`confined.VaultRoot`: folder by folder through descriptors, and
  refused once the vault folder is another one).
* `listen_for_thread_deaths()` puts a hook in `threading.excepthook` while watchers run:
  a watchdog thread that dies of an exception (its inotify reader on a folder tree deeper
  than the recursion limit, an emitter on a folder it cannot list) would print a traceback
  to stderr and leave an observer that looks alive; the hook tells the watchers instead.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.confined import VaultRoot

__all__ = ["ThreadDeathListener", "VaultFolder", "listen_for_thread_deaths"]

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


class VaultFolder:
    """The vault folder as it was when `open()` was called."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._root = VaultRoot(path)

    @property
    def identity(self) -> tuple[int, int] | None:
        """(st_dev, st_ino) of the folder `open()` found; None if it found none."""
        return self._root.identity

    def open(self) -> None:
        """Remember which folder the path leads to now (nothing if it leads nowhere:
        `gone()` then says so)."""
        with contextlib.suppress(OSError, UnsafePath):
            self._root.folder("").close()

    def gone(self) -> str:
        """Why the path no longer leads to the folder (a phrase), or "" if it still does."""
        try:
            st = os.stat(self.path)
        except (FileNotFoundError, NotADirectoryError):
            return "no longer exists (deleted, or renamed or moved away)"
        except OSError as exc:
            return f"cannot be reached ({exc.strerror or exc})"
        known = self.identity
        if known is None or known[1] == 0 or (st.st_dev, st.st_ino) == known:
            return ""  # (inode 0: a file system without inode numbers: existence only)
        return "now leads to another folder (replaced, or swapped for a link to one)"

    def rewrite(self, rel: str, data: bytes) -> None:
        """Replace the content of the vault-relative file `rel` in place (its folder created
        if missing; no symlink followed). Raises OSError."""
        folder_rel, name = rel.rsplit("/", 1)
        try:
            folder = self._root.folder(folder_rel, create=True)
        except UnsafePath as exc:
            raise OSError(errno.EPERM, exc.reason, rel) from None
        with folder:
            fd = folder.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_NOFOLLOW
                             | _O_BINARY, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)


# -- watchdog's threads ------------------------------------------------------------------

ThreadDeathListener = Callable[[str, BaseException | None], None]

_listeners: list[ThreadDeathListener] = []
_hook_lock = threading.Lock()
_previous_hook: Callable[[threading.ExceptHookArgs], Any] | None = None


def _thread_died(args: threading.ExceptHookArgs) -> None:
    thread = args.thread
    if thread is not None and (type(thread).__module__.startswith("watchdog")
                               or thread.name.startswith("InotifyFD")):
        what = (f"{type(thread).__name__} thread died ({args.exc_type.__name__}: "
                f"{args.exc_value})")
        with _hook_lock:
            listeners = list(_listeners)
        for listener in listeners:
            with contextlib.suppress(Exception):
                listener(what, args.exc_value)
        if listeners:
            return
    (_previous_hook or threading.__excepthook__)(args)


def listen_for_thread_deaths(listener: ThreadDeathListener, on: bool) -> None:
    """Add (`on`) or remove a listener; the hook is in place while there is one. It is
    called on the dying thread with a one-line description and the exception."""
    global _previous_hook
    with _hook_lock:
        if on:
            _listeners.append(listener)
            if threading.excepthook is not _thread_died:
                _previous_hook = threading.excepthook
                threading.excepthook = _thread_died
            return
        with contextlib.suppress(ValueError):
            _listeners.remove(listener)
        if not _listeners and threading.excepthook is _thread_died:
            threading.excepthook = _previous_hook or threading.__excepthook__
            _previous_hook = None
