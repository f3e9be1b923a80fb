"""`vaultgoals init`: write a commented `.vaultgoals.yaml` saying what was found in the
vault (its text is `vaultgoals.core.render.initconfig`). Never over an existing file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vaultgoals.app.explainnote import explain_note_path
from vaultgoals.app.pipeline import Pipeline
from vaultgoals.core.config import CONFIG_FILE, Config
from vaultgoals.core.explain import summarise
from vaultgoals.core.render.explain import summary_lines
from vaultgoals.core.render.initconfig import init_config_text, top_folders
from vaultgoals.store.writer import SafeWriter, WriteResult


def init_text(vault: Path, config: Config, today: date) -> str:
    """The configuration file `init` would write for `vault` as it is now."""
    pipe = Pipeline(vault, config)
    try:
        pipe.scan()
    finally:
        pipe.close()
    docs = pipe.docs()
    summary = summarise(pipe.graph(today), docs, config, skip=explain_note_path(config))
    return init_config_text(config, obsidian=(vault / ".obsidian").is_dir(),
                            folders=top_folders(docs), goals=summary_lines(summary))


def init_vault(vault: Path, config: Config, today: date) -> WriteResult:
    """Write `.vaultgoals.yaml` into `vault` unless there is one: then a "conflict"
    result and the file is left exactly as it is."""
    return SafeWriter(vault).write(CONFIG_FILE, init_text(vault, config, today), None)
