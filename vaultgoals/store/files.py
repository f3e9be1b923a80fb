"""Reading a file that something hostile may have put in the vault's place.

A FIFO where a note, a setting, the lock or the journal should be would block a plain
`open()` forever; a folder would fail with a confusing message; a symlink may point
anywhere. Every reader goes through `read_regular`: opened non-blocking, checked with
`fstat` before anything is read, and bounded in size.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


class NotRegular(OSError):
    """The path exists but is not a regular file (a folder, a FIFO, a device)."""


def read_regular(
    path: Path, *, limit: int | None = None, nofollow: bool = False, prefix: int | None = None
) -> bytes | None:
    """The file's bytes (only the first `prefix` bytes, if given), or None if it does not
    exist.

    Raises `NotRegular` for anything but a regular file, `OSError(EFBIG)` when it is larger
    than `limit` bytes, and the usual `OSError`s otherwise. With `nofollow`, a final symlink
    is refused (ELOOP) instead of followed."""
    flags = os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY | (_O_NOFOLLOW if nofollow else 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file", str(path))
        if limit is not None and st.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
        if prefix is not None or limit is None:
            with os.fdopen(fd, "rb", closefd=False) as fh:
                return fh.read(prefix) if prefix is not None else fh.read()
        # Bounded (every note): plain reads, no file object (half the cost over 10k notes).
        # What fstat said and one byte more, then on to the end of the file, which is
        # nearly always already reached (a file may have grown since fstat, and a read may
        # come back short). Never `read(limit + 1)` at once: that allocates `limit` bytes.
        parts = [os.read(fd, st.st_size + 1)]
        total = len(parts[0])
        want = 1
        while total <= limit:
            chunk = os.read(fd, min(want, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = 1 << 20
        data = parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
    return data
