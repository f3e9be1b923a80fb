"""The goal map: vision → goals → milestones (and the skills they need) as a JSON Canvas that
the user may rearrange, and as a Mermaid flowchart. Pure.

- `model.goal_map(graph, behind)`: what the map shows, cheap and comparable by value;
- `build.fresh_canvas(map)`: drawn afresh (`layout`: a tidy layered tree);
- `merge.merge(existing, fresh, memory)`: put into the user's canvas, keeping their edits;
- `jsoncanvas`: reading, writing and checking JSON Canvas 1.0;
- `mermaid.goal_map_mermaid(graph, behind)`: the same map as a Mermaid flowchart.
"""

from vaultgoals.core.render.goalmap.build import fresh_canvas
from vaultgoals.core.render.goalmap.jsoncanvas import (
    CanvasError,
    canvas_problems,
    dump_canvas,
    parse_canvas,
)
from vaultgoals.core.render.goalmap.merge import Memory, Merged, merge
from vaultgoals.core.render.goalmap.mermaid import goal_map_mermaid, map_mermaid
from vaultgoals.core.render.goalmap.model import GoalMap, behind_of, behind_pace, goal_map

__all__ = [
    "CanvasError", "GoalMap", "Memory", "Merged", "behind_of", "behind_pace", "canvas_problems",
    "dump_canvas", "fresh_canvas", "goal_map", "goal_map_mermaid", "map_mermaid", "merge",
    "parse_canvas",
]
