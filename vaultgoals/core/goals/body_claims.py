"""The lines the body recognisers claimed (goals/body.py) are the nodes they said.

`read_body` has already made each claimed line a task of the note and kept the claims in
`NoteDoc.claims`; this item recogniser hands them on, first, so a body convention decides
what its lines are.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultgoals.core.goals.base import Found, NoteItems


def recognise(note: NoteItems) -> Iterator[Found]:
    for claim in note.doc.claims:
        yield Found(claim.kind, claim.line, claim.reason, claim.by)
