"""The review step of a pass: the week's review, judged by the core (`build_review`),
rendered (`core.render.review`) and written as managed regions into its own note or into
the user's weekly note.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from vaultgoals.app.charts import ChartFiles
from vaultgoals.app.decide import apply_decisions, record_ticks
from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.decisions import carry, kept_answers
from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.identity import JournalView
from vaultgoals.core.insights import Leaves, Review, Week, build_review, week_of
from vaultgoals.core.model import Problem
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.previous import previous
from vaultgoals.core.reassess import (
    MemoryReview,
    answered,
    last_decisions,
    memory_reasons,
    not_started,
    revised,
)
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.links import GoalNotes, goal_notes, relink
from vaultgoals.core.render.review import REGION_ORDER, review_note, review_regions
from vaultgoals.core.skills import LevelHistory

LOOK_BACK_WEEKS = 8  # how far back the previous review is looked for


def review_path_for(config: Config, week: Week) -> str:
    """Where the review of `week` goes: named `week.label` (`week_of` names it by
    `Config.review_name_format`, and the title repeats it), in the reviews folder or, with
    `into_weekly_note`, the weekly notes' folder: the note Obsidian opens for that week."""
    folder = (config.weekly_folder if config.review_into_weekly_note
              else config.reviews_folder).strip("/")
    name = week.label
    return f"{folder}/{name}.md" if folder else f"{name}.md"


def _text(notes: NoteWriter, rel: str) -> str | None:
    """A note's text as it is now, None when absent or unreadable (never raises)."""
    try:
        data = notes.writer.read_for_update(rel)
    except (OSError, UnsafePath):
        return None
    return None if data is None else data.decode("utf-8", "replace")


def _previous_review(notes: NoteWriter, config: Config, week: Week,
                     exists: Callable[[str], object]) -> tuple[Week, str, str] | None:
    """The latest review before `week` (up to LOOK_BACK_WEEKS back): its week, path, text.
    `exists(path)`: the vault index's record of that note (None: no such note; nothing is
    opened), which stays the same object while the note is unchanged: its text is read
    again only when it changed."""
    for back in range(1, LOOK_BACK_WEEKS + 1):
        earlier = week_of(week.start - timedelta(weeks=back), config)
        rel = review_path_for(config, earlier)
        record = exists(rel)
        if record is None:
            continue
        held = notes.history.previous_read  # (last week's review, read on an earlier pass)
        if held is not None and held[0] == rel and held[1] is record:
            text: str | None = held[2]
        else:
            text = _text(notes, rel)
            notes.history.previous_read = (rel, record, text or "")
        if text and not text.isspace():
            return earlier, rel, text
    return None


def remember(notes: NoteWriter, config: Config, graph: Graph, review: Review, week: Week,
             today: date, rel: str, apply: bool, out: Outcome,
             leaves: Leaves | None = None,
             exists: Callable[[str], object] | None = None) -> MemoryReview:
    """What the review says from memory. Reads the answers ticked in this week's and the
    previous review before either is rewritten, records them (and applies a drop or pause
    with `apply`), then judges (core/reassess.py). `exists(path)`: whether a note is in the
    vault (default: the graph's notes and the review notes are looked for on disk)."""
    prev = _previous_review(notes, config, week, exists or (lambda rel: object()))
    texts = [(prev[0].label, prev[2])] if prev is not None else []
    current = _text(notes, rel)
    if current is not None:
        texts.append((week.label, current))
    history = notes.history
    record_ticks(history, config, graph, texts, today)
    if apply:
        apply_decisions(notes, config, graph, today, out)
    memory = history.memory
    return MemoryReview(
        previous=None if prev is None else previous(graph, prev[1], prev[0].label, prev[2],
                                                    review.next_actions),
        looked_back=LOOK_BACK_WEEKS,
        revised=revised(graph, memory, week.start, week.end),
        reasons=tuple(memory_reasons(graph, memory, review.today, config,
                                     history.view.snapshots if history.view else {},
                                     leaves, review.pace)),
        last_decision=last_decisions(memory),
        answered=answered(graph, memory, week.label) + (
            answered(graph, memory, prev[0].label) if prev is not None else ()),
        not_started=not_started(graph, review, memory),
    )


def _carried(old_text: str, regions: dict[str, str]) -> dict[str, str]:
    """`regions` with the answer lines the note holds now kept as they are (each line is
    one goal's one option: it is looked up in the whole note)."""
    kept = kept_answers(old_text)
    return {name: carry(text, kept) for name, text in regions.items()} if kept else regions


@lru_cache(maxsize=64)  # (a watcher's next pass renders most sections as they were)
def _relinked(text: str, mode: str, keep: GoalNotes) -> str:
    """`relink` of a whole section, memoised: `keep` is the same object while the goal
    notes and the link resolver are the same (render/links.py `goal_notes`)."""
    return relink(text, mode, keep)


def write_review(notes: NoteWriter, config: Config, graph: Graph, view: JournalView,
                 week: Week, today: date, celebrations: dict[str, str],
                 conflicts: tuple[str, ...], out: Outcome, no_goals: str = "",
                 problems: list[Problem] | None = None,
                 months: tuple[tuple[str, str], ...] = (),
                 leaves: Leaves | None = None,
                 evidence: EvidenceIndex | None = None,
                 levels: LevelHistory | None = None,
                 charts: ChartFiles | None = None,
                 apply: bool = False,
                 exists: Callable[[str], object] | None = None) -> Review:
    """Judge, render and write the review of `week` as of `today` (or the week's end);
    `no_goals`: what its progress section says when the vault has no goal at all;
    `problems`: what its Problems section lists (render/problems.py `review_problems`);
    `months`: the monthly reviews its header links (app/periodic.py `month_links`);
    `leaves`: the pass's `Leaves` of this graph (shared with the periodic reviews);
    `evidence`, `levels`: for the Skills and People sections (build_review);
    `charts`: writes the burn-ups of the goals with a deadline (None: none are shown);
    `apply`: write ticked drops and pauses into the goals' status (`--apply-decisions`);
    `exists(path)`: the vault index's record of a note, None when there is none (to find
    the previous review).
    A review note written before the Problems section existed gets it appended. Returns
    the review, for the steps that show its judgements elsewhere (the goal map's pace)."""
    as_of = min(today, week.end)
    leaves = leaves or Leaves(graph)
    review = build_review(graph, config, week, as_of, view.snapshots, leaves=leaves,
                          evidence=evidence, levels=levels)
    rel = review_path_for(config, week)
    out.review_path = rel
    memory = remember(notes, config, graph, review, week, today, rel, apply, out, leaves,
                      exists)
    burnups = (charts.burnups(config, graph, review, rel, view.snapshots, as_of, out)
               if charts is not None else {})
    regions = review_regions(review, config, len(graph.tasks), celebrations, conflicts,
                             no_goals, problems, months, burnups, memory)
    if config.links != "full":  # (one place decides what stays a link: render/links.py)
        # (other reviews, celebration notes and people stay links; Problems links the
        # notes to fix while it must)
        keep = goal_notes(graph, [*(p for _, p in months), *celebrations.values(),
                                  *(evidence.people if evidence else ()),
                                  *([memory.previous.path] if memory.previous else [])])
        regions = {name: text if name == "problems" else _relinked(text, config.links, keep)
                   for name, text in regions.items()}
    if config.review_into_weekly_note:
        whole = "\n\n".join(
            (f"### {h}\n\n" if h else "") + regions[n] for n, h in REGION_ORDER
            if h or regions[n])
        notes.write_regions(rel, {"review": whole},
                            lambda: render_region("review", whole), out, append_missing=True,
                            carry=_carried)
    else:
        # (a note written before the Problems section existed gets it at its end; one
        # written before the memory's sections gets them in next week's note)
        notes.write_regions(rel, regions, lambda: review_note(week.label, regions), out,
                            append_missing=("problems",) if regions["problems"] else False,
                            carry=_carried)
    return review
