"""The answers ticked in reviews: read them (before the review is rewritten), record them in
the journal, and, with `--apply-decisions`, write a ticked drop or pause into the goal's
`status` property. The lines themselves are `vaultgoals.core.decisions`; the status edit is
`vaultgoals.core.statusedit`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vaultgoals.app.history import History
from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.decisions import answer_lines, goal_hash, ticks
from vaultgoals.core.goals.props import property_keys
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.revisions import Decision, tracked
from vaultgoals.core.statusedit import set_status

APPLIED = {"drop": "dropped", "pause": "paused"}  # the options written back, as a status


def record_ticks(history: History, config: Config, graph: Graph,
                 notes: list[tuple[str, str]], today: date) -> None:
    """Read the answer lines of the review notes `notes` ((week label, text), oldest first)
    and record what changed: a new tick (dated by its ✅ date, else today), a changed
    answer, a tick taken back (forgotten unless already applied). A note read unchanged
    since the last pass (`history.answers_read`) is not parsed again."""
    last = history.answers_read
    history.answers_read = {label: answer_lines(text) for label, text in notes}
    notes = [(label, text) for label, text in notes
             if last.get(label) != history.answers_read[label]]
    hashes: dict[str, str] | None = None
    known = {(d.goal, d.week, d.option): d for ds in history.memory.decisions.values()
             for d in ds}
    added: list[Decision] = []
    withdrawn: list[Decision] = []
    for label, text in notes:
        found = ticks(text, lambda mark: config.status_type(mark) == "DONE")
        if not found:
            continue
        if hashes is None:  # (hash the goals only when a note has answer lines)
            hashes = {goal_hash(n.key): n.key for n in graph.nodes.values()
                      if n.kind == "goal"}
        for tick in found:
            key = hashes.get(tick.goal)
            if key is None:
                continue
            had = known.get((key, label, tick.option))
            if tick.ticked:
                day = tick.day or (had.day if had is not None else today.isoformat())
                new = Decision(key, label, tick.option, tick.detail, day,
                               had.applied if had is not None else "")
                if new != had:
                    added.append(new)
            elif had is not None and not had.applied:
                withdrawn.append(had)
    history.record_decisions(added, withdrawn)


def apply_decisions(notes: NoteWriter, config: Config, graph: Graph, today: date,
                    out: Outcome) -> None:
    """Write each ticked drop or pause not yet applied into its goal's `status` (the goal's
    own note, a minimal frontmatter edit, compare-and-swap); record that it was applied, so
    it is applied once: a status the user sets back later stays theirs."""
    history = notes.history
    keys = property_keys("status", config.extra_fields)
    for goal, decisions in sorted(history.memory.decisions.items()):
        node = graph.nodes.get(goal)
        if node is None:
            continue
        if not tracked(node):  # (a goal written in a note's body has no status property)
            if any(APPLIED.get(d.option) and not d.applied for d in decisions):
                out.notices.append(f"{node.path}:{node.line}: '{node.title}' is written in "
                                   "the note's body; set its status there yourself")
            continue
        for d in decisions:
            status = APPLIED.get(d.option)
            if status is None or d.applied:
                continue
            if node.declared == status:
                history.record_decisions([_applied(d, today)], [])
                continue
            if _write_status(notes, node.path, status, keys, out):
                history.record_decisions([_applied(d, today)], [])
                history.record_nodes([replace(node, declared=status)], today)  # (a revision)


def _applied(d: Decision, today: date) -> Decision:
    return Decision(d.goal, d.week, d.option, d.detail, d.day, today.isoformat())


def _write_status(notes: NoteWriter, rel: str, status: str, keys: tuple[str, ...],
                  out: Outcome) -> bool:
    try:
        old = notes.writer.read_for_update(rel)
    except (OSError, UnsafePath) as exc:
        out.notices.append(f"{rel}: cannot set its status to {status}: {exc}")
        return False
    if old is None:
        return False
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError:
        out.notices.append(f"{rel}: not valid UTF-8; its status was left alone")
        return False
    new, why = set_status(text, status, keys)
    if new is None:
        out.notices.append(f"{rel}: the decision to set its status to {status} was not "
                           f"applied: {why}; change it yourself")
        return False
    result = notes.writer.write(rel, new, old)
    out.results.append(result)
    if result.status not in ("written", "unchanged"):
        return False
    out.notices.append(f"{rel}: status set to {status}, as you decided in a review")
    return True
