"""Research and opportunity notes and tasks by goal, for a period: `core.research` with the
bodies of its candidate notes read from the vault. Asked only by a review that lists them
(the monthly review): it reads those notes' files, work no weekly pass needs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.research import ResearchItem, candidates, research_by_goal
from vaultgoals.store.files import NotRegular, read_regular
from vaultgoals.store.safepath import resolve_inside

MAX_NOTE_BYTES = 2_000_000  # a research note larger than this is read for its properties only


def research_for(vault: Path, graph: Graph, docs: Mapping[str, NoteDoc], config: Config,
                 start: date, end: date) -> dict[str, tuple[ResearchItem, ...]]:
    """Goal key → its research and opportunity items from `start` to `end` (core/research.py);
    a note that cannot be read counts by its properties alone."""
    texts: dict[str, str] = {}
    dates: dict[str, str] = {}
    for rel in candidates(docs, config):
        try:
            path = resolve_inside(vault, rel)
            data = read_regular(path, limit=MAX_NOTE_BYTES, nofollow=True)
            dates[rel] = date.fromtimestamp(os.stat(path).st_mtime).isoformat()
        except (OSError, UnsafePath, NotRegular, ValueError, OverflowError):
            continue
        if data is not None:
            texts[rel] = data.decode("utf-8", "replace")
    return research_by_goal(graph, docs, config, start, end, texts, dates)
