"""Daily and weekly notes: their lists are that day's or week's to-dos, not goals."""

from __future__ import annotations

from vaultgoals.core.config import Config
from vaultgoals.core.taskrefs import periodic_note


def is_periodic(path: str, config: Config) -> bool:
    """Is this a daily or weekly note (its lists are that day's or week's to-dos)? A
    weekly note is one in the configured weekly folder named in its format; with no
    weekly folder configured, one named in the weekly format (`2025-W12`) anywhere."""
    return periodic_note(path, config)
