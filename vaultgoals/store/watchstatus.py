"""`.vaultgoals/watch-status.json`: what a watcher says about itself, for `vaultgoals watch
--status` (whether one runs is the lock's to say: `VaultLock.probe`).

One small JSON object, replaced atomically (a temp file renamed over it) by the watcher::

    {"pid": 4242, "host": "laptop", "started": "2026-11-20T08:00:02+00:00",
     "mode": "native (InotifyObserver)", "passes": 12, "written": 4,
     "last_pass": "2026-11-20T11:10:40+00:00", "last_reason": "3 changed",
     "last_error": "not written: …", "last_error_at": "2026-11-20T09:00:01+00:00",
     "stopped": "", "exit_code": null}

Read leniently: a missing, damaged or foreign file is "nothing known", never an error.
The file lives with the other state files (`vaultgoals.store.confined` keeps its writes
inside the vault) and, like them, is ignored by the watcher itself and by Git.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.confined import VaultRoot

__all__ = ["STATUS_NAME", "WatchStatus", "read_status", "write_status"]

STATE_DIR = ".vaultgoals"
STATUS_NAME = "watch-status.json"
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_LIMIT = 64 * 1024


@dataclass
class WatchStatus:
    pid: int = 0
    host: str = ""
    started: str = ""  # ISO 8601 times, UTC
    mode: str = ""
    passes: int = 0
    written: int = 0  # notes written since the start
    last_pass: str = ""
    last_reason: str = ""
    last_error: str = ""  # the last error logged ("" if none since the start)
    last_error_at: str = ""
    stopped: str = ""  # set when it stops
    exit_code: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> WatchStatus | None:
        if not isinstance(data, dict):
            return None
        out = cls()
        for f in fields(cls):
            value = data.get(f.name)
            default = getattr(out, f.name)
            if f.name == "exit_code":
                if isinstance(value, int) and not isinstance(value, bool):
                    out.exit_code = value
            elif isinstance(value, type(default)) and not isinstance(value, bool):
                setattr(out, f.name, value)
        return out


def write_status(root: VaultRoot, status: WatchStatus) -> bool:
    """Replace the status file; False (and nothing changed) if it cannot be written. `root`
    is kept by the caller from the start: once the vault path leads to another folder, it
    refuses (nothing is written into a folder the watcher did not start on)."""
    tmp = f"{STATUS_NAME}.{os.getpid()}.tmp"
    data = json.dumps(asdict(status), sort_keys=True).encode("utf-8")
    try:
        with root.folder(STATE_DIR, create=True) as state:
            try:
                fd = state.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_NOFOLLOW
                                | _O_BINARY, 0o644)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                state.replace(tmp, STATUS_NAME)
            except OSError:
                with contextlib.suppress(OSError):
                    state.unlink(tmp)
                return False
    except (OSError, UnsafePath):
        return False
    return True


def read_status(vault: Path) -> WatchStatus | None:
    """The status file's content; None if there is none or it cannot be read."""
    try:
        with VaultRoot(vault).folder(STATE_DIR) as state:
            fd = state.open(STATUS_NAME, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY)
            with os.fdopen(fd, "rb") as fh:
                raw = fh.read(_LIMIT)
        return WatchStatus.from_json(json.loads(raw.decode("utf-8")))
    except (OSError, UnsafePath, UnicodeDecodeError, ValueError):
        return None
