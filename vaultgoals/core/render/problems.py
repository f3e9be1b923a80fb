"""The review's Problems section: what vaultgoals could not read in the notes that make the
goal graph, and what it assumed instead. Pure: problems in, region text out.

Which problems belong there (`review_problems`): every problem met while reading goals,
milestones, commitments and the tasks that count toward them (a start that is not a date,
`weight: heavy`, a deadline before its start, a `parent` link to a missing note, …), and any
other problem (frontmatter that is not valid YAML, tags written oddly, a note that cannot be
read) only in a note that is itself part of the goal graph. A formatting problem in any other
note is not about goals: `vaultgoals status` lists it, the review does not (a real vault has
hundreds of those, and they would bury the few that change the numbers). Nor does it list
style hints that lose nothing (STYLE_ONLY: the value was read all the same).

The section is a collapsed callout, grouped by note in path order, at most MAX_PROBLEMS
lines; nothing at all when there is no problem. Every message is made inert (no task, tag,
link or Dataview field can come out of a value the user wrote).
"""

from __future__ import annotations

from collections.abc import Iterable

from vaultgoals.core.model import Problem, problem_order
from vaultgoals.core.render.markdown import inert, link
from vaultgoals.core.words import counted

MAX_PROBLEMS = 20
# The beginnings of warnings that are advice on style only: what they are about was read
# as meant (frontmatter.py's tag hints), so they change no number in the review.
STYLE_ONLY = ("tags written as one text;", "tags in properties are written without")


def review_problems(problems: Iterable[Problem], graph_problems: Iterable[Problem],
                    goal_paths: Iterable[str]) -> list[Problem]:
    """The problems the review lists (see the module doc), sorted by note, line and message,
    each once. `problems`: everything the pass found; `graph_problems`: those met while
    building the goal graph; `goal_paths`: the notes that hold a node of the graph."""
    about_goals = set(graph_problems)
    paths = set(goal_paths)
    kept = {p for p in problems if (p in about_goals or p.path in paths)
            and not p.message.startswith(STYLE_ONLY)} | about_goals
    return sorted(kept, key=problem_order)


def problems_section(problems: list[Problem], limit: int = MAX_PROBLEMS) -> str:
    """The Problems callout, or "" when there is none (no empty callout)."""
    if not problems:
        return ""
    lines = [f"> [!warning]- Problems ({len(problems)})",
             "> What vaultgoals could not read in your goals, and what it assumed "
             "instead:"]
    shown = problems[:limit]
    current = ""
    for p in shown:
        if p.path != current:
            current = p.path
            lines.append(f"> - {link(p.path)}")
        # (a message's own code spans are dropped: the text is made inert as a whole)
        lines.append(f">     - line {p.line}: {inert(p.message.replace('`', ''))}")
    if len(problems) > limit:
        lines.append(f"> - … and {counted(len(problems) - limit, 'more problem')}: "
                     "`vaultgoals status VAULT` lists them all")
    return "\n".join(lines)
