"""The goal map step of a pass: `Goals.canvas` (config `canvas: {enabled, path}`), drawn by
the core (`core.render.goalmap`) and merged into the canvas the user already has.

Cost: the step makes the map's value (`goal_map`: one walk over the goals, no layout) and
compares it with the last pass's; equal, it stops there: no file is read, laid out, merged
or written. So a watcher pass after an edit that changes no card (a task ticked, a note
edited that is no goal) costs that one walk. `vaultgoals run` builds the map once.

Obsidian may be saving the canvas at any moment (the user dragging a card): the file is
read right before the merge, and written only if it still holds what was read (SafeWriter's
compare-and-swap); if it changed in between, it is read and merged again (up to
`ATTEMPTS` times). A file that is not JSON Canvas is left alone and reported; an empty one
modified in the last minute is taken for a save in progress and left for the next pass.
"""

from __future__ import annotations

from vaultgoals.app.history import History
from vaultgoals.app.notewriter import ATTEMPTS, SAVE_GAP_SECONDS, NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.model import Problem
from vaultgoals.core.render.goalmap import (
    CanvasError,
    GoalMap,
    Memory,
    canvas_problems,
    dump_canvas,
    fresh_canvas,
    goal_map,
    merge,
    parse_canvas,
)
from vaultgoals.core.render.goalmap.jsoncanvas import Canvas
from vaultgoals.core.render.goalmap.merge import ours
from vaultgoals.store.writer import WriteResult

MEMO_KEY = "canvas:"  # journal meta key prefix: what the last write of a canvas left (Memory)


class GoalMapStep:
    """Writes the goal map; one per job, so a watcher remembers the last pass's map."""

    def __init__(self, config: Config, notes: NoteWriter, history: History) -> None:
        self.config = config
        self.notes = notes
        self.history = history
        self._last: GoalMap | None = None  # the map as last written (or found up to date)
        # the map and the file's bytes when the file could not be used (not a canvas): the
        # same again is skipped without a word, so a watcher does not repeat the problem
        self._stuck: tuple[GoalMap, bytes | None] | None = None

    def run(self, graph: Graph, behind: frozenset[str], out: Outcome) -> None:
        """Write the map of `graph` (`behind`: the goals behind pace) if it changed."""
        if not self.config.canvas_enabled:
            return
        gm = goal_map(graph, behind)
        if gm == self._last:
            return  # nothing the map shows has changed: no read, no layout, no write
        if self._stuck is not None and self._stuck[0] == gm:
            old, failed = self.notes.read(self.config.canvas_path, Outcome())
            if failed is None and old == self._stuck[1]:
                return  # (the same unusable file: said once already)
        self._stuck = None
        result = self._write(gm, out)
        self._last = gm if result is not None and result.status in (
            "written", "unchanged", "would-write") else None

    def _read(self, rel: str, out: Outcome) -> tuple[bytes | None, Canvas | None, bool]:
        """(the file's bytes, its canvas or None for a new one, whether to go on)."""
        old, failed = self.notes.read(rel, out)
        if failed is not None:
            return None, None, False
        if old is None:
            return None, None, True
        try:
            text = old.decode("utf-8")
        except UnicodeDecodeError:
            out.problems.append(Problem(rel, 1, "the goal map canvas is not UTF-8 text; left "
                                        "as is and not updated (delete it for a fresh map)"))
            return old, None, False
        if not text.strip():
            age = self.notes.writer.seconds_since_modified(rel)
            if age is not None and age < SAVE_GAP_SECONDS:
                out.notices.append(f"{rel} is empty, as while Obsidian is saving it; left "
                                   "alone for now")
                return old, None, False
            return old, None, True  # emptied on purpose: drawn afresh
        try:
            return old, parse_canvas(text), True
        except CanvasError as exc:
            out.problems.append(Problem(rel, exc.line, f"the goal map canvas is {exc}; left "
                                        "as is and not updated (fix it, or delete it for a "
                                        "fresh map)"))
            return old, None, False

    def _write(self, gm: GoalMap, out: Outcome) -> WriteResult | None:
        rel = self.config.canvas_path
        key = MEMO_KEY + rel
        fresh = fresh_canvas(gm)
        result: WriteResult | None = None
        for _ in range(ATTEMPTS):
            old, existing, go_on = self._read(rel, out)
            if not go_on:
                self._stuck = (gm, old)
                return None
            memory = Memory.loads(self.history.memo(key)) if existing is not None else Memory()
            merged = merge(existing, fresh, memory)
            broken = canvas_problems({k: [x for x in merged.canvas[k] if ours(x)]
                                      for k in ("nodes", "edges")})
            if broken:  # (what vaultgoals drew must be valid JSON Canvas: a bug if not)
                out.problems.append(Problem(rel, 1, f"vaultgoals drew an invalid canvas "
                                            f"({broken[0]}); not written, please report"))
                return None
            result = self.notes.writer.write(rel, dump_canvas(merged.canvas), old)
            if result.status != "conflict":
                break
        assert result is not None
        out.results.append(result)
        if result.status in ("written", "unchanged"):
            self.history.set_memo(key, merged.memory.dumps())
        return result
