"""A note as vaultgoals reads it once the goal conventions have had their say.

`read_conventions` is a pure function of a parsed note and the configuration: a note read
in full (`NoteDoc.full`) gets its page's inline fields as properties and its body's goals,
milestones and commitments as claimed tasks (goals/body.py); any other note is returned as
it is. It runs when a note is read (core/noteread.py), so the parse cache keeps its result
(keyed by the configuration: `Config.reading_key`).
"""

from __future__ import annotations

from vaultgoals.core.config import Config
from vaultgoals.core.dates import parse_moment_day
from vaultgoals.core.goals.body import read_body, with_page_fields
from vaultgoals.core.goals.props import props
from vaultgoals.core.goals.registry import BODY_RECOGNISERS, recognise_note
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.taskrefs import daily_date


def is_periodic(path: str, config: Config) -> bool:
    """Is this a daily or weekly note (its lists are that day's or week's to-dos)?"""
    if daily_date(path, config) is not None:
        return True
    folder, _, name = path.rpartition("/")
    name = name[:-3] if name.endswith(".md") else name
    if config.weekly_folder and folder != config.weekly_folder.strip("/"):
        return False
    return bool(config.weekly_folder) and parse_moment_day(config.weekly_format, name) is not None


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
