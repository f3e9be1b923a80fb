"""Where the parse cache lives: `cache: vault` (beside the journal, inside the vault) or
`cache: user` (the default: the platform's cache folder for the user, via platformdirs).

A cache inside the vault is rewritten at every edit; in a vault kept by Dropbox, iCloud,
OneDrive or Syncthing every sync client uploads it again and again (Obsidian Sync and the
`.gitignore` vaultgoals writes leave it alone). In the user's cache folder it is one
computer's, like any other cache: `~/.cache/vaultgoals` (Linux, `$XDG_CACHE_HOME`),
`~/Library/Caches/vaultgoals` (macOS), `%LOCALAPPDATA%\\vaultgoals\\Cache` (Windows),
one sub-folder per vault, named by the vault folder's name and a hash of its full path.
Sub-folders of vaults not opened for `STALE_DAYS` are deleted (a temporary copy of a vault
leaves nothing behind for long); a cache is only ever a shortcut, so losing one costs a
cold scan.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import time
from pathlib import Path, PurePosixPath

from vaultgoals.core.config import Config
from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.confined import VaultRoot
from vaultgoals.store.safepath import resolve_inside

__all__ = ["CACHE_NAME", "STALE_DAYS", "cache_file", "user_cache_folder", "user_cache_root"]

CACHE_NAME = "cache.db"
STALE_DAYS = 30
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def user_cache_root() -> Path:
    """`<the platform's user cache folder>/vaultgoals/vaults`."""
    # lazy: platformdirs imports tempfile and shutil (4 ms), needed only here
    import platformdirs

    return Path(platformdirs.user_cache_dir("vaultgoals", appauthor=False)) / "vaults"


def user_cache_folder(vault: Path) -> Path:
    """This vault's folder under `user_cache_root()`: `<name>-<hash of the full path>`."""
    real = os.path.realpath(vault)
    slug = _SLUG.sub("_", os.path.basename(real.rstrip(os.sep)) or "vault")[:40]
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return user_cache_root() / f"{slug}-{digest}"


def cache_file(vault: Path, config: Config) -> Path | None:
    """The parse cache's file for this vault and setting (None: no safe place for it).
    With `cache: user` a cache left inside the vault by `cache: vault` is deleted, and so
    are other vaults' caches not used for `STALE_DAYS`."""
    beside_journal = PurePosixPath(config.journal).parent
    if config.cache == "vault":
        try:
            return resolve_inside(vault, str(beside_journal / CACHE_NAME))
        except (UnsafePath, ValueError):
            return None
    _forget_vault_cache(vault, str(beside_journal))
    _prune(user_cache_root())
    path = user_cache_folder(vault) / CACHE_NAME
    with contextlib.suppress(OSError):
        os.utime(path)  # (in use: `_prune` goes by this time)
    return path


def _forget_vault_cache(vault: Path, folder: str) -> None:
    """Delete the vault's own cache (moved out: left there, it would be synced stale)."""
    with contextlib.suppress(OSError, UnsafePath, ValueError), \
            VaultRoot(vault).folder(folder) as state:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                state.unlink(CACHE_NAME + suffix)


def _prune(root: Path) -> None:
    """Delete the caches of vaults not opened for `STALE_DAYS` (by their file's mtime:
    `cache_file` touches it)."""
    cutoff = time.time() - STALE_DAYS * 86400
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            try:
                if os.stat(os.path.join(entry.path, CACHE_NAME)).st_mtime >= cutoff:
                    continue
            except FileNotFoundError:
                if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                    continue  # (being made right now)
            except OSError:
                continue
            shutil.rmtree(entry.path, ignore_errors=True)
