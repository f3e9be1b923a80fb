"""`.vaultgoals/.gitignore`: what of vaultgoals' own state a Git-kept vault should not commit.

Written once, the first time a command takes the vault's lock, and never again: after
that the file is the user's (to commit the journal, delete its lines). Machine-local state
(the parse cache, the lock and its OS-lock file, the watcher's canary and status) is
never worth committing; the journal is ignored too, by choice (docs/sync.md): it is a
binary SQLite file that changes every day, so two clones that both run vaultgoals would
meet in merge conflicts Git cannot resolve, and a clone without it loses nothing it
cannot rebuild (celebrations already written are recognised from the notes).
"""

from __future__ import annotations

import contextlib
import os

from vaultgoals.store.confined import Folder

__all__ = ["GITIGNORE", "GITIGNORE_NAME", "ensure_gitignore"]

GITIGNORE_NAME = ".gitignore"
GITIGNORE = """\
# Written once by vaultgoals; yours to edit, never rewritten (docs/sync.md).
# Machine-local state, never worth committing:
cache.db
cache.db-*
lock
lock.*
watch-canary
watch-status.json*
.vaultgoals-tmp-*
# The journal: vaultgoals' memory of when tasks were done and which wins were celebrated.
# Ignored because it is a binary file that changes daily (two clones running vaultgoals
# would meet in merge conflicts). To commit it (one computer runs vaultgoals), delete
# these two lines:
state.db
state.db-*
"""

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def ensure_gitignore(state: Folder) -> bool:
    """Write `.gitignore` into the open `.vaultgoals/` folder unless a file (or anything)
    of that name is there; True if it was written. Errors are ignored: a state folder
    without it works as before."""
    try:
        fd = state.open(GITIGNORE_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW,
                        0o644)
    except OSError:
        return False
    try:
        os.write(fd, GITIGNORE.encode("utf-8"))
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            state.unlink(GITIGNORE_NAME)  # (a full disk: try again next time)
        return False
    os.close(fd)
    return True
