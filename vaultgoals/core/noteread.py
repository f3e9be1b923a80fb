"""A note as vaultgoals reads it: parsed (parse/scanner.py), then read by the goal
conventions (goals/conventions.py). What the vault index keeps and the parse cache stores;
a pure function of the note's bytes and the configuration.
"""

from __future__ import annotations

from vaultgoals.core.config import Config
from vaultgoals.core.evidence import read_facts
from vaultgoals.core.goals.conventions import read_conventions, with_items
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.scanner import read_note


def read_as_vaultgoals(path: str, data: bytes, config: Config) -> NoteDoc:
    """The note at vault-relative `path` with bytes `data`, slimmed (`NoteDoc.slim`), with
    what evidence needs of it (`NoteDoc.evidence`)."""
    doc = read_note(path, data, config.cue_words, task_format=config.tasks_format,
                    global_filter=config.global_filter)
    doc = with_items(read_conventions(doc, config), config).slim()
    doc.evidence = read_facts(doc, config)  # (set on the fresh record: no copy of it made)
    return doc
