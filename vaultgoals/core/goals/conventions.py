"""A note as vaultgoals reads it once the goal conventions have had their say.

`read_conventions` is a pure function of a parsed note and the configuration: a note read
in full (`NoteDoc.full`) is judged by the note recognisers (`judged`, `recognised`,
`noise`), and gets its page's inline fields as properties (and, for a goal-like
note, its `Progress: 3/10` line: goals/progress_line.py) and its body's goals,
milestones and commitments as claimed tasks (goals/body.py); any other note is returned as
it is. It runs when a note is read (core/noteread.py), so the parse cache keeps its result
(keyed by the configuration: `Config.reading_key`).
"""

from __future__ import annotations

from vaultgoals.core.config import Config
from vaultgoals.core.goals import progress_line
from vaultgoals.core.goals.base import Found, NoteItems
from vaultgoals.core.goals.body import read_body, with_page_fields
from vaultgoals.core.goals.notefields import with_fields
from vaultgoals.core.goals.periodic import is_periodic
from vaultgoals.core.goals.props import props
from vaultgoals.core.goals.records import evolve
from vaultgoals.core.goals.registry import (
    BODY_RECOGNISERS,
    NOTE_FIELDS,
    note_claim,
    recognise_items,
)
from vaultgoals.core.goals.templates import is_noise
from vaultgoals.core.model import Claim, NoteDoc

__all__ = ["is_periodic", "read_conventions", "with_items"]


def read_conventions(doc: NoteDoc, config: Config) -> NoteDoc:
    """The note with its page fields as properties, its body's claims as tasks, and what
    the note recognisers make of it (`NoteDoc.judged`, `recognised`, `noise`)."""
    if not doc.full:  # nothing to claim (the gate is a superset of the note recognisers:
        return doc  # parse/cues.py); whether it is noise is asked if a task is claimed
    if config.uses("inline_fields"):
        doc = with_page_fields(doc)
    doc = with_fields(doc, [f for name, read in NOTE_FIELDS if config.uses(name)
                            for f in read(doc, config)])
    fm = props(doc.frontmatter, config.extra_fields) if doc.frontmatter else {}
    found, noise = note_claim(doc, fm, config)
    kind = found.kind if found is not None else None
    if kind is not None and config.uses(progress_line.NAME):
        doc = progress_line.with_progress(doc, config.words)
    doc = read_body(doc, config, kind, is_periodic(doc.path, config), fm, BODY_RECOGNISERS)
    return judged(doc, found, config, noise)


def judged(doc: NoteDoc, found: Found | None, config: Config,
           noise: bool | None = None) -> NoteDoc:
    """`doc` with what the note recognisers found (`found`) kept in it; whether it is noise
    is asked only of a note that may hold a node (a claim, or a task), unless `noise` says
    (as the note recognisers found it: the body's claims and a progress line change no
    answer of `is_noise`, which reads the note's place, name, text and text properties)."""
    if found is None and not doc.tasks:
        noise = False
    elif noise is None:
        noise = is_noise(doc, config)
    claim = Claim(found.line, found.kind, found.reason, found.by) if found else None
    return evolve(doc, judged=True, noise=noise, recognised=claim)


def with_items(doc: NoteDoc, config: Config) -> NoteDoc:
    """`doc` (as `read_conventions` returned it) with the tasks that are nodes themselves
    found (`NoteDoc.found_items`): what the build would ask the item recognisers, asked once
    when the note is read, so a warm start does not ask again for every note with tasks."""
    if not doc.tasks:
        return doc
    kind = doc.recognised.kind if doc.recognised is not None else None
    kinds = {s: config.status_type(s) for s in {t.status for t in doc.tasks}}
    types = [kinds[t.status] for t in doc.tasks]
    found = recognise_items(NoteItems(doc, config, kind, types))
    return evolve(doc, found_items=tuple(Claim(f.line, f.kind, f.reason, f.by)
                                          for f in found))
