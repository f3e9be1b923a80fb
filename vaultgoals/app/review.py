"""The review step of a pass: the week's review, judged by the core (`build_review`),
rendered (`core.render.review`) and written as managed regions into its own note or into
the user's weekly note.
"""

from __future__ import annotations

from datetime import date

from vaultgoals.app.charts import ChartFiles
from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.identity import JournalView
from vaultgoals.core.insights import Leaves, Review, Week, build_review
from vaultgoals.core.model import Problem
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.links import goal_notes, relink
from vaultgoals.core.render.review import REGION_ORDER, review_note, review_regions
from vaultgoals.core.skills import LevelHistory


def review_path_for(config: Config, week: Week) -> str:
    """Where the review of `week` goes: named `week.label` (`week_of` names it by
    `Config.review_name_format`, and the title repeats it), in the reviews folder or, with
    `into_weekly_note`, the weekly notes' folder: the note Obsidian opens for that week."""
    folder = (config.weekly_folder if config.review_into_weekly_note
              else config.reviews_folder).strip("/")
    name = week.label
    return f"{folder}/{name}.md" if folder else f"{name}.md"


def write_review(notes: NoteWriter, config: Config, graph: Graph, view: JournalView,
                 week: Week, today: date, celebrations: dict[str, str],
                 conflicts: tuple[str, ...], out: Outcome, no_goals: str = "",
                 problems: list[Problem] | None = None,
                 months: tuple[tuple[str, str], ...] = (),
                 leaves: Leaves | None = None,
                 evidence: EvidenceIndex | None = None,
                 levels: LevelHistory | None = None,
                 charts: ChartFiles | None = None) -> Review:
    """Judge, render and write the review of `week` as of `today` (or the week's end);
    `no_goals`: what its progress section says when the vault has no goal at all;
    `problems`: what its Problems section lists (render/problems.py `review_problems`);
    `months`: the monthly reviews its header links (app/periodic.py `month_links`);
    `leaves`: the pass's `Leaves` of this graph (shared with the periodic reviews);
    `evidence`, `levels`: for the Skills and People sections (build_review);
    `charts`: writes the burn-ups of the goals with a deadline (None: none are shown).
    A review note written before the Problems section existed gets it appended. Returns
    the review, for the steps that show its judgements elsewhere (the goal map's pace)."""
    as_of = min(today, week.end)
    review = build_review(graph, config, week, as_of, view.snapshots, leaves=leaves,
                          evidence=evidence, levels=levels)
    rel = review_path_for(config, week)
    burnups = (charts.burnups(config, graph, review, rel, view.snapshots, as_of, out)
               if charts is not None else {})
    regions = review_regions(review, config, len(graph.tasks), celebrations, conflicts,
                             no_goals, problems, months, burnups)
    if config.links != "full":  # (one place decides what stays a link: render/links.py)
        # (the monthly reviews, celebration notes and people stay links; Problems links
        # the notes to fix while it must)
        keep = goal_notes(graph, [*(p for _, p in months), *celebrations.values(),
                                  *(sorted(evidence.people) if evidence else ())])
        regions = {name: text if name == "problems" else relink(text, config.links, keep)
                   for name, text in regions.items()}
    out.review_path = rel
    if config.review_into_weekly_note:
        whole = "\n\n".join(
            (f"### {h}\n\n" if h else "") + regions[n] for n, h in REGION_ORDER
            if h or regions[n])
        notes.write_regions(rel, {"review": whole},
                            lambda: render_region("review", whole), out, append_missing=True)
    else:
        notes.write_regions(rel, regions, lambda: review_note(week.label, regions), out,
                            append_missing=("problems",) if regions["problems"] else False)
    return review
