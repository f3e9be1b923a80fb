"""The review step of a pass: the week's review, judged by the core (`build_review`),
rendered (`core.render.review`) and written as managed regions into its own note or into
the user's weekly note.
"""

from __future__ import annotations

from datetime import date

from vaultgoals.app.charts import ChartFiles
from vaultgoals.app.notewriter import NoteWriter, Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.identity import JournalView
from vaultgoals.core.insights import Week, build_review
from vaultgoals.core.model import Problem
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.review import REGION_ORDER, review_note, review_regions


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
                 charts: ChartFiles | None = None) -> None:
    """Judge, render and write the review of `week` as of `today` (or the week's end);
    `no_goals`: what its progress section says when the vault has no goal at all;
    `problems`: what its Problems section lists (render/problems.py `review_problems`).
    `charts`: writes the burn-ups of the goals with a deadline (None: none are shown).
    A review note written before the Problems section existed gets it appended."""
    as_of = min(today, week.end)
    review = build_review(graph, config, week, as_of, view.snapshots)
    rel = review_path_for(config, week)
    burnups = (charts.burnups(config, graph, review, rel, view.snapshots, as_of, out)
               if charts is not None else {})
    regions = review_regions(review, config, len(graph.tasks), celebrations, conflicts,
                             no_goals, problems, burnups)
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
