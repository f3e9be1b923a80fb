"""Every goal convention vaultgoals recognises, in the order they are asked.

A note is the kind the first note recogniser that claims it says; a task is a goal or
milestone if an item recogniser claims it (the first one to claim it decides the kind).
"""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.config import Config
from vaultgoals.goals import goal_task, kind_tag, milestone_task, milestones_heading, type_property
from vaultgoals.goals.base import Found, ItemRecogniser, NoteItems, NoteRecogniser
from vaultgoals.model import NoteDoc

NOTE_RECOGNISERS: tuple[NoteRecogniser, ...] = (
    type_property.recognise,
    kind_tag.recognise,
)

ITEM_RECOGNISERS: tuple[ItemRecogniser, ...] = (
    goal_task.recognise,
    milestone_task.recognise,
    milestones_heading.recognise,
)


def recognise_note(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    """What the whole note is (`props`: its properties read by `goalprops.props`), or None."""
    for recogniser in NOTE_RECOGNISERS:
        found = recogniser(doc, props, config)
        if found is not None:
            return found
    return None


def recognise_items(note: NoteItems) -> list[Found]:
    """The tasks of a note that are nodes themselves, in line order."""
    claimed: dict[int, Found] = {}
    for recogniser in ITEM_RECOGNISERS:
        for found in recogniser(note):
            claimed.setdefault(found.line, found)
    if len(claimed) < 2:
        return list(claimed.values())
    return [claimed[line] for line in sorted(claimed)]
