"""A note as vaultgoals reads it once the goal conventions have had their say.

`read_conventions` is a pure function of a parsed note and the configuration: a note read
in full (`NoteDoc.full`) gets its page's inline fields as properties and its body's goals,
milestones and commitments as claimed tasks (goals/body.py); any other note is returned as
it is. `ConventionReader` keeps the result per parsed note, so a repeated run (the
watcher) reads only the notes that changed; it is what the pipeline hands to the journal
and to `build_graph`.
"""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals.body import read_body, with_page_fields
from vaultgoals.core.goals.props import props
from vaultgoals.core.goals.registry import BODY_RECOGNISERS, recognise_note
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.taskrefs import periodic_note


def is_periodic(path: str, config: Config) -> bool:
    """Is this a daily or weekly note (its lists are that day's or week's to-dos)? A
    weekly note is one in the configured weekly folder named in its format; with no
    weekly folder configured, one named in the weekly format (`2025-W12`) anywhere."""
    return periodic_note(path, config)


def read_conventions(doc: NoteDoc, config: Config) -> NoteDoc:
    """The note with its page fields as properties and its body's claims as tasks."""
    if not doc.full:
        return doc
    if config.uses("inline_fields"):
        doc = with_page_fields(doc)
    fm = props(doc.frontmatter) if doc.frontmatter else {}
    found = recognise_note(doc, fm, config)
    kind = found.kind if found is not None else None
    return read_body(doc, config, kind, is_periodic(doc.path, config), fm, BODY_RECOGNISERS)


class ConventionReader:
    """`read_conventions` of every note, kept per parsed note (by identity)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._read: dict[str, tuple[NoteDoc, NoteDoc]] = {}  # path → (parsed, read)
        self._last: dict[str, NoteDoc] = {}

    def docs(self, parsed: Mapping[str, NoteDoc]) -> dict[str, NoteDoc]:
        """Every note as read: the same mapping (and objects) as last time where nothing
        changed."""
        memo = self._read
        out: dict[str, NoteDoc] = {}
        same = len(parsed) == len(self._last)
        for path, doc in parsed.items():
            hit = memo.get(path)
            if hit is None or hit[0] is not doc:
                hit = memo[path] = (doc, read_conventions(doc, self.config))
                same = False
            out[path] = hit[1]
        for path in [p for p in memo if p not in parsed]:
            del memo[path]
        if same and list(out) == list(self._last):
            return self._last
        self._last = out
        return out
