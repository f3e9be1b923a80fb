"""The goal map as a Mermaid `flowchart`, for readers without Canvas (the monthly review's
goal map section): the same cards, lines and colour states as `Goals.canvas`.

Obsidian renders Mermaid natively (Mermaid 11). Titles are the user's text: every character
that Mermaid or Markdown could read as syntax is written as a Mermaid entity (`#35;`), so a
title can neither break the chart nor end the code block. The fills are picked to read in
light and dark themes alike (dark fills, white text).
"""

from __future__ import annotations

from collections.abc import Collection

from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.render.goalmap.model import STATES, GoalMap, goal_map

MAX_TITLE = 60  # characters of a title shown in a box; longer ones end in "…"
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,'()/+?!:")
# fill and text colour per colour state, as the canvas presets look (red, orange, …)
_FILLS = {
    "done": "#2e7d32", "active": "#00838f", "behind": "#9e7700", "stuck": "#c25400",
    "blocked": "#6a1b9a", "overdue": "#c62828", "paused": "#616161",
}
_SHAPES = {"vision": ("([", "])"), "goal": ("[", "]"), "milestone": ("(", ")"),
           "skill": ("{{", "}}")}


def _label(title: str) -> str:
    flat = " ".join(title.split())
    if len(flat) > MAX_TITLE:
        flat = flat[:MAX_TITLE - 1].rstrip() + "…"
    return "".join(c if c in _PLAIN else f"#{ord(c)};" for c in flat)


def map_mermaid(gm: GoalMap) -> str:
    """A goal map as a fenced Mermaid flowchart, top-down."""
    if not gm.cards:
        return ""
    short = {card.id: f"n{i}" for i, card in enumerate(gm.cards)}
    out = ["```mermaid", "flowchart TD"]
    for card in gm.cards:
        left, right = _SHAPES.get(card.kind, ("[", "]"))
        out.append(f'    {short[card.id]}{left}"{_label(card.title)}"{right}')
    for line in gm.lines:
        arrow = f"-.->|{_label(line.label)}|" if line.label else "-->"
        out.append(f"    {short[line.from_id]} {arrow} {short[line.to_id]}")
    used = {card.state for card in gm.cards}
    for state, _, _ in STATES:
        if state in used:
            out.append(f"    classDef {state} fill:{_FILLS[state]},stroke:{_FILLS[state]},"
                       "color:#ffffff")
            ids = ",".join(short[c.id] for c in gm.cards if c.state == state)
            out.append(f"    class {ids} {state}")
    out.append("```")
    return "\n".join(out)


def goal_map_mermaid(graph: Graph, behind: Collection[str] = frozenset()) -> str:
    """The goal map of `graph` as a fenced Mermaid `flowchart` (Markdown, ready to put in a
    note; "" when the vault has no vision, goal or milestone). `behind`: keys of the goals
    behind pace (`model.behind_of` over the review's pace verdicts), coloured as such."""
    return map_mermaid(goal_map(graph, behind))
