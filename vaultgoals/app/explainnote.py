"""The "How vaultgoals reads this vault" note: written by the first `run` on a vault into
the reviews folder (`reviews.explain_note`; the weekly notes' folder when the review goes
into the weekly note), then kept current inside its managed region
only (the user's text around it is theirs). A note the user deleted after vaultgoals wrote
it is not written again. What it says is `vaultgoals.core.explain` (the same summary as
`vaultgoals explain`), rendered by `vaultgoals.core.render.explain`.
"""

from __future__ import annotations

from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.explain import Summary
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.explain import (
    EXPLAIN_REGION,
    explain_note_text,
    summary_markdown,
)


def explain_note_path(config: Config) -> str | None:
    """Where the note goes (None: `reviews.explain_note` is empty)."""
    name = config.explain_note.strip().strip("/")
    if not name:
        return None
    if not name.lower().endswith(".md"):
        name += ".md"
    # (beside the reviews: in the weekly notes' folder when the review goes into them)
    folder = (config.weekly_folder if config.review_into_weekly_note
              else config.reviews_folder).strip("/")
    return f"{folder}/{name}" if folder else name


def write_explain_note(notes: NoteWriter, config: Config, summary: Summary,
                       out: Outcome) -> None:
    rel = explain_note_path(config)
    if rel is None:
        return
    if notes.history.wrote_with_content(rel):
        old, failed = notes.read(rel, out)
        if failed is not None or old is None:
            return  # written once, then deleted by the user: left deleted
    region = summary_markdown(summary)
    notes.write_regions(rel, {EXPLAIN_REGION: region},
                        lambda: explain_note_text(render_region(EXPLAIN_REGION, region)), out)
