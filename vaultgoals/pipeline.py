"""The pipeline every command and the watcher share: config → index → graph (→ write).

This is the seam between the pure core and the shell: it owns the vault index and the
journal, and hands plain values to the pure functions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from vaultgoals.config import Config
from vaultgoals.graph import Graph, build_graph
from vaultgoals.model import Problem
from vaultgoals.vault import VaultIndex


class Pipeline:
    def __init__(self, vault: Path, config: Config, use_journal: bool = False) -> None:
        self.vault = vault
        self.config = config
        self.index = VaultIndex(vault, config)
        self.use_journal = use_journal
        self.ref_cache: dict[str, Any] = {}

    def scan(self, progress: Callable[[int, int], None] | None = None) -> set[str]:
        return self.index.scan(progress)

    def graph(self, today: date, first_done: dict[tuple[str, int], str] | None = None) -> Graph:
        return build_graph(self.index.docs, self.config, today, first_done, self.ref_cache)

    def problems(self, graph: Graph) -> list[Problem]:
        return sorted(self.index.all_problems() + graph.problems,
                      key=lambda p: (p.path, p.line, p.message))
