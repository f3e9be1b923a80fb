"""Reading the configuration files: `.vaultgoals.yaml` and Obsidian's own settings.

Each is opened without blocking and read only if it is a regular file of at most
`MAX_SETTINGS_BYTES` (a FIFO would block a plain read forever); what they say is turned into
a `Config` by `vaultgoals.core.config`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vaultgoals.core.config import (
    APP_SETTINGS,
    CONFIG_FILE,
    PLUGIN_SETTINGS,
    Config,
    ConfigError,
    parse_config,
)
from vaultgoals.core.obsidiansettings import obsidian_values
from vaultgoals.store.files import NotRegular, read_regular

MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file larger than this is not read


def _read_settings(path: Path) -> bytes | None:
    """The bytes of a settings file; None if missing. Raises OSError if it is not a regular
    file or is larger than MAX_SETTINGS_BYTES."""
    return read_regular(path, limit=MAX_SETTINGS_BYTES)


def _obsidian_json(vault: Path, rel: str) -> Any:
    try:
        raw = _read_settings(vault / rel)
        return json.loads(raw.decode("utf-8")) if raw is not None else None
    except (OSError, ValueError, RecursionError):
        return None


def load_config(vault: Path) -> Config:
    """Read `.vaultgoals.yaml` (optional) and Obsidian's settings; raise ConfigError if bad."""
    daily, periodic, templates, templater, calendar, tasks = (
        _obsidian_json(vault, rel) for rel in PLUGIN_SETTINGS)
    obsidian = obsidian_values(daily, periodic, templates, templater, calendar, tasks,
                               _obsidian_json(vault, APP_SETTINGS))
    try:
        data = _read_settings(vault / CONFIG_FILE)
    except NotRegular:
        data = None  # a folder (or FIFO, ...) of that name is not a config file
    except OSError as exc:
        raise ConfigError(f"{CONFIG_FILE}: cannot be read: {exc.strerror or exc}") from None
    if data is None:
        return parse_config(None, obsidian)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{CONFIG_FILE}: cannot be read: {exc}") from None
    return parse_config(text, obsidian)
