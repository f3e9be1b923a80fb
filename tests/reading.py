"""Notes read as vaultgoals reads them (core/noteread.py), from strings: what the
convention specs build their graphs from."""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.scanner import parse_note


def read_all(notes: Mapping[str, str], config: Config) -> dict[str, NoteDoc]:
    """Each note (path → text) parsed with the vault's own goal words, then read by the
    conventions (not slimmed: the specs look at everything)."""
    return {p: read_conventions(parse_note(p, t, config.cue_words), config)
            for p, t in notes.items()}
