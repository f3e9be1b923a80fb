"""Daily and weekly notes: their lists are that day's or week's to-dos, not goals."""

from __future__ import annotations

from vaultgoals.core.config import Config
from vaultgoals.core.dates import parse_moment_day
from vaultgoals.core.taskrefs import daily_date


def is_periodic(path: str, config: Config) -> bool:
    """Is this a daily or weekly note (its lists are that day's or week's to-dos)?"""
    if daily_date(path, config) is not None:
        return True
    folder, _, name = path.rpartition("/")
    name = name[:-3] if name.endswith(".md") else name
    if config.weekly_folder and folder != config.weekly_folder.strip("/"):
        return False
    return bool(config.weekly_folder) and parse_moment_day(config.weekly_format, name) is not None
