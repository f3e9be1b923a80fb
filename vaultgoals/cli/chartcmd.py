"""`vaultgoals chart VAULT GOAL`: a goal's burn-up in the terminal (the same values as the
review's SVG: `core.render.charts`), drawn in text and coloured by rich.

GOAL is matched the way `explain` finds a note, then by title: a goal's key (its note's
path, `.md` optional, or `path:line` for a goal written as a task), a note's name as in a
[[link]], a title (case-insensitive), or a part of one title that no other title has.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from rich.console import Console
from rich.text import Text

from vaultgoals.app.history import journal_snapshots
from vaultgoals.cli.common import UsageError
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.render.charts import burnup_for, burnup_lines
from vaultgoals.core.render.charts.terminal import DEADLINE, EARLY, PACE, PLAN, PROGRESS

_STYLE = {PROGRESS: "blue", EARLY: "blue", PLAN: "bright_black", PACE: "yellow",
          DEADLINE: "red"}
_KINDS = ("goal", "milestone", "vision")
_SHOWN = 8  # candidates listed when a name matches several goals


def find_goal(graph: Graph, name: str) -> Node:
    """The goal (or milestone, or vision) `name` names, or a UsageError saying why not."""
    typed = name.replace("\\", "/").strip()
    nodes = [n for _, n in graph.walk() if n.kind in _KINDS]
    for key in (typed, f"{typed}.md"):
        if key in graph.nodes and graph.nodes[key].kind in _KINDS:
            return graph.nodes[key]
    path = graph.resolver.resolve(typed[:-3] if typed.lower().endswith(".md") else typed)
    if path is not None and path in graph.nodes and graph.nodes[path].kind in _KINDS:
        return graph.nodes[path]
    folded = typed.casefold()
    for found in ([n for n in nodes if n.title.casefold() == folded],
                  [n for n in nodes if folded in n.title.casefold()]):
        if len(found) == 1:
            return found[0]
        if found:
            listed = "; ".join(f"{n.title} ({n.key})" for n in found[:_SHOWN])
            more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
            raise UsageError(f"{name!r} names {len(found)} goals: {listed}{more}; give a "
                             "whole title or the note's path")
    raise UsageError(f"{name!r}: no goal of that title, path or name (`vaultgoals status` "
                     "lists them)")


def chart_command(args: argparse.Namespace, pipe: Any, graph: Graph, today: date,
                  out: Console, err: Console) -> int:
    """Print the burn-up of the goal `args.goal`; 1 when it has no deadline to draw."""
    node = find_goal(graph, args.goal)
    snapshots = journal_snapshots(pipe.vault, pipe.config)
    b = burnup_for(graph, node, snapshots, today, pipe.config.pace_weeks)
    if b is None:
        err.print(f"vaultgoals: {node.title} ({node.key}) has no deadline: a burn-up draws "
                  "progress against one (add `deadline:` to the goal)", markup=False,
                  highlight=False, soft_wrap=True)
        return 1
    width = args.width or max(24, min(100, out.width - 8))
    lines = burnup_lines(b, width, args.height)
    for line in lines:
        text = Text()
        for ch in line:
            text.append(ch, style=_STYLE.get(ch))
        out.print(text, soft_wrap=True)
    if not snapshots.get(node.key):
        err.print("vaultgoals: the journal has no snapshot of this goal yet (a `vaultgoals "
                  "run` or the watcher records one a day): what is drawn before today is "
                  "reconstructed from completion days", markup=False, highlight=False,
                  soft_wrap=True)
    return 0
