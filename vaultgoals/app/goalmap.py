"""The goal map step of a pass: `Goals.canvas` (config `canvas: {enabled, path}`), drawn by
the core (`core.render.goalmap`) and merged into the canvas the user already has.

Cost: the step makes the map's value (`goal_map`: one walk over the goals, no layout) and
compares it with the last pass's, and the canvas file's size and mtime with those it had
after the last write; both equal, it stops there: no file is read, laid out, merged or
written. So a watcher pass after an edit that changes no card (a task ticked, a note
edited that is no goal) costs that walk and one `lstat`. `vaultgoals run` builds the map
once. (A canvas changed in Obsidian meanwhile is merged again at the next pass: cards of
ours it lacks because Obsidian saved an older copy over our write are put back.)

Obsidian may be saving the canvas at any moment (the user dragging a card): the file is
read right before the merge, and written only if it still holds what was read (SafeWriter's
compare-and-swap); if it changed in between, it is read and merged again (up to
`ATTEMPTS` times). A file that is not JSON Canvas is left alone and reported; an empty one
modified in the last minute is taken for a save in progress and left for the next pass.
"""

from __future__ import annotations

from dataclasses import replace

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
# Obsidian saves an open canvas about 2 seconds after a change; a save this soon after our
# write may be the copy it had before it, so what it lacks was not deleted by the user.
STALE_SAVE_SECONDS = 10


class GoalMapStep:
    """Writes the goal map; one per job, so a watcher remembers the last pass's map."""

    def __init__(self, config: Config, notes: NoteWriter, history: History) -> None:
        self.config = config
        self.notes = notes
        self.history = history
        self._last: GoalMap | None = None  # the map as last written (or found up to date)
        self._seen: tuple[int, int] | None = None  # the file's (size, mtime) just after that
        # the map and the file's bytes when the file could not be used (not a canvas): the
        # same again is skipped without a word, so a watcher does not repeat the problem
        self._stuck: tuple[GoalMap, bytes | None] | None = None

    def run(self, graph: Graph, behind: frozenset[str], out: Outcome) -> None:
        """Write the map of `graph` (`behind`: the goals behind pace) if it changed."""
        if not self.config.canvas_enabled:
            return
        gm = goal_map(graph, behind)
        rel = self.config.canvas_path
        if gm == self._last and self.notes.writer.signature(rel) == self._seen:
            return  # nothing changed, on the map or in the file: no read, layout or write
        if self._stuck is not None and self._stuck[0] == gm:
            old, failed = self.notes.read(self.config.canvas_path, Outcome())
            if failed is None and old == self._stuck[1]:
                return  # (the same unusable file: said once already)
        self._stuck = None
        result = self._write(gm, out)
        done = result is not None and result.status in ("written", "unchanged", "would-write")
        self._last = gm if done else None
        self._seen = self.notes.writer.signature(rel) if done else None

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
            merged = merge(existing, fresh, memory, self._trust_deletions(rel, memory))
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
            kept = merged.memory
            if result.status == "written":
                seen = self.notes.writer.signature(rel)
                kept = replace(kept, wrote_ns=seen[1] if seen is not None else 0)
            self.history.set_memo(key, kept.dumps())
        return result

    def _trust_deletions(self, rel: str, memory: Memory) -> bool:
        """Whether a card of ours missing from the file was deleted by the user: not when
        the file was saved within `STALE_SAVE_SECONDS` of our last write (an editor that had
        it open may have saved its older copy over ours; the card is put back)."""
        seen = self.notes.writer.signature(rel)
        return seen is None or seen[1] - memory.wrote_ns >= STALE_SAVE_SECONDS * 10**9
