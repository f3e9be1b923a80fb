"""The "How vaultgoals reads this vault" note: written by the first `run` on a vault into
the reviews folder (`reviews.explain_note`; the weekly notes' folder when the review goes
into the weekly note), then kept current inside its managed region
only (the user's text around it is theirs). A note the user deleted after vaultgoals wrote
it is not written again. What it says is `vaultgoals.core.explain` (the same summary as
`vaultgoals explain`), rendered by `vaultgoals.core.render.explain`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.explain import Summary, summarise
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.nearmiss import FactsMemo
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.explain import (
    EXPLAIN_REGION,
    explain_note_text,
    summary_markdown,
)
from vaultgoals.store.writer import WriteResult


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
                       out: Outcome) -> WriteResult | None:
    """Write the note (a new one, or its region), unless it was deleted after it was
    written; the result (None: nothing was tried)."""
    rel = explain_note_path(config)
    if rel is None:
        return None
    if notes.history.wrote_with_content(rel):
        old, failed = notes.read(rel, out)
        if failed is not None or old is None:
            return failed  # written once, then deleted by the user: left deleted
    region = summary_markdown(summary)
    return notes.write_regions(
        rel, {EXPLAIN_REGION: region},
        lambda: explain_note_text(render_region(EXPLAIN_REGION, region)), out)


class ExplainStep:
    """The explain step of a job's passes, and what it keeps between them: each note's
    facts (`FactsMemo`) and what the note last said. A pass in which no node changed, no
    note's facts changed and the note itself was not touched writes nothing and renders
    nothing (a watcher's pass after an edit to a daily note costs well under a millisecond
    here)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.facts = FactsMemo()
        self._said: object = None

    def summary(self, graph: Graph, docs: Mapping[str, NoteDoc],
                read: Collection[str] | None) -> Summary:
        """The vault's summary (`read`: the notes read again since the last pass)."""
        return summarise(graph, docs, self.config, self.facts, read,
                         explain_note_path(self.config))

    def run(self, notes: NoteWriter, graph: Graph, docs: Mapping[str, NoteDoc],
            read: Collection[str] | None, out: Outcome) -> None:
        rel = explain_note_path(self.config)
        if rel is None:
            self.skip()
            return
        facts = self.facts.facts(docs, self.config, graph.nodes, read)
        said = (tuple((n.key, n.kind, n.found_by, n.reason, n.title, n.path, n.line)
                      for n in graph.nodes.values()), sorted(facts.items(), key=_path))
        if said == self._said and read is not None and rel not in read:
            return
        self._said = None
        result = write_explain_note(notes, self.config, self.summary(graph, docs, ()), out)
        if result is None or result.status in ("written", "unchanged"):
            self._said = said

    def skip(self) -> None:
        """A pass without this step: the next one looks at every note again."""
        self.facts.forget()
        self._said = None


def _path(item: tuple[str, object]) -> str:
    return item[0]
