"""The celebration step of a pass: new achievements get a note (once), the journal records
them, and the wins log lists them all. What counts as an achievement and what its note
says is `vaultgoals.core.celebrations`; this reads what the vault already shows (a lost
journal must not mean a second celebration) and writes through the note writer.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from vaultgoals.app.history import History
from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.core.celebrations import (
    Achievement,
    SeenCelebration,
    achievement_keys,
    celebration_note,
    celebration_path,
    key_marker,
    parse_celebration_note,
    parse_wins_log,
    plan_celebrations,
    recognise,
    wins_log_body,
)
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.identity import JournalView
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.regions import link_targets, render_region
from vaultgoals.store.safepath import resolve_inside


class Celebrations:
    """The celebration step for one vault (the watcher keeps it between passes, with what
    it read of the celebration notes)."""

    def __init__(self, vault: Path, config: Config, history: History,
                 notes: NoteWriter) -> None:
        self.vault = vault
        self.config = config
        self.history = history
        self.notes = notes
        # celebration note -> ((size, mtime_ns), what it says): read again only when changed
        self._seen_notes: dict[str, tuple[tuple[int, int], SeenCelebration | None]] = {}

    @property
    def view(self) -> JournalView | None:
        return self.history.view

    def known(self, graph: Graph, view: JournalView) -> dict[str, str]:
        keys = achievement_keys(graph)
        return {nk: view.achievements[ak].celebration_path for nk, ak in keys.items()
                if ak in view.achievements and view.achievements[ak].celebration_path}

    def run(self, graph: Graph, view: JournalView, today: date,
                  out: Outcome) -> dict[str, str]:
        plan = plan_celebrations(graph, view.achievements, today, self.config.lookback_days)
        for old, ach in plan.renames:
            self.history.record_achievement(ach.rekey(view.achievements[old]), old_key=old)
        fresh: list[Achievement] = list(plan.new)
        if fresh:  # the vault may already show them (the journal was lost or deleted)
            known = self.view.achievements if self.view else view.achievements
            found, fresh = recognise(graph, fresh, self._seen_celebrations(), known)
            for ach, seen in found:
                day = ach.done_on
                if not ach.dated and seen.done_date <= today.isoformat():
                    day = date.fromisoformat(seen.done_date)  # the day it was celebrated
                self.history.record_achievement(ach.record(seen.path, today, day))
        taken = {r.celebration_path for r in (self.view or view).achievements.values()}
        for ach in fresh:
            rel = ""
            if ach.celebrate:
                rel = self._free_path(ach, taken)
                text = celebration_note(graph, self.config, ach)
                result = self.notes.write_new(rel, text, out)
                if result is not None and result.status not in ("written", "would-write"):
                    continue  # not recorded: tried again next pass
                out.celebrated.append(rel)
                taken.add(rel)
            self.history.record_achievement(ach.record(rel, today))
        self._follow_renamed_notes()
        achievements = dict(self.view.achievements) if self.view else {}
        if achievements or self.notes.read(self.config.wins_log, Outcome())[0] is not None:
            body = wins_log_body(achievements)
            self.notes.write_regions(
                self.config.wins_log, {"wins-log": body},
                lambda: f"# Wins log\n\n{render_region('wins-log', body)}", out)
        return self.known(graph, JournalView(achievements=achievements))

    def _follow_renamed_notes(self) -> None:
        """A celebration note renamed (or moved) in Obsidian is found again by its marker,
        and the journal records its new path: the wins log links it where it is now, as
        Obsidian's own rewrite of the link did. Looked for only when the wins log no longer
        links a recorded note (one read of the log per pass)."""
        records = self.view.achievements if self.view else {}
        raw, _ = self.notes.read(self.config.wins_log, Outcome())
        if raw is None or not records:
            return
        linked = {t[:-3] if t.lower().endswith(".md") else t
                  for t in link_targets(raw.decode("utf-8", "replace"))}
        lost = [r for r in records.values() if r.celebration_path
                and r.celebration_path.removesuffix(".md") not in linked]
        if not lost:
            return
        taken = {r.celebration_path for r in records.values()}
        notes = [seen for seen in self._seen_celebrations()
                 if seen.path and seen.path not in taken]
        for rec in lost:
            # its marker (the key it was celebrated under; a renamed goal has a new key),
            # else the one unclaimed note of its kind and day
            mine = [n for n in notes if n.marker == key_marker(rec.key)] or [
                n for n in notes if (n.kind, n.done_date) == (rec.kind, rec.done_date)]
            if len(mine) == 1:
                self.history.record_achievement(replace(rec, celebration_path=mine[0].path))
                notes.remove(mine[0])

    def _free_path(self, ach: Achievement, taken: set[str]) -> str:
        """The note path for a new achievement: its usual name unless another achievement
        has it (in the journal, or by the marker in the note there); then " (2)", ...
        A note there without a marker is taken as this one's, as before markers."""
        n = ach.occurrence
        while True:
            rel = celebration_path(self.config, ach, n)
            if rel not in taken:
                old, _ = self.notes.read(rel, Outcome())
                if old is None:
                    return rel
                seen = parse_celebration_note(rel, old.decode("utf-8", "replace"))
                if seen is None or seen.marker in ("", key_marker(ach.key)):
                    return rel
            n += 1

    def _seen_celebrations(self) -> list[SeenCelebration]:
        """The celebrations the vault shows: its celebration notes and wins-log lines.
        Read only when there is a new achievement; unchanged notes are not parsed again."""
        seen: list[SeenCelebration] = []
        folder = self.config.celebrations_folder.strip("/")
        entries: list[os.DirEntry[str]] = []
        try:
            with os.scandir(resolve_inside(self.vault, folder)) as found:
                entries = sorted(found, key=lambda e: e.name)
        except (OSError, UnsafePath):
            pass  # no folder yet, or not a safe one: no notes to recognise
        cache: dict[str, tuple[tuple[int, int], SeenCelebration | None]] = {}
        for entry in entries:
            if not entry.name.endswith(".md") or not entry.is_file(follow_symlinks=False):
                continue
            rel = f"{folder}/{entry.name}" if folder else entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            hit = self._seen_notes.get(rel)
            if hit is not None and hit[0] == stamp:
                item = hit[1]
            else:
                raw, _ = self.notes.read(rel, Outcome())
                item = (None if raw is None
                        else parse_celebration_note(rel, raw.decode("utf-8", "replace")))
            cache[rel] = (stamp, item)
            if item is not None:
                seen.append(item)
        self._seen_notes = cache
        log, _ = self.notes.read(self.config.wins_log, Outcome())
        if log is not None:
            seen.extend(parse_wins_log(log.decode("utf-8", "replace")))
        return seen
