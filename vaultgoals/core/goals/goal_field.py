"""A task with a `goal` inline field counts toward the goal-like note it links.

```markdown
- [ ] Call the running coach [goal:: [[Run a marathon]]]
- [ ] Book the venue (goal:: [[Wedding]])
```

The first link in the field that names a goal-like note wins; a field that links none is
reported (and the task is left to the next rules). `[goal:: true]` says the task is a goal
itself (inline_fields) and names none.
"""

from __future__ import annotations

from vaultgoals.core.goals.base import Place
from vaultgoals.core.goals.inline_fields import YES
from vaultgoals.core.goals.props import link_targets
from vaultgoals.core.graphmodel import TaskRef
from vaultgoals.core.model import Problem


def goal_of(ref: TaskRef, place: Place) -> str | None:
    for key, value in ref.task.fields.fields:
        if key == "goal" and value.strip().casefold() not in YES:
            for target in link_targets(value):
                hit = place.resolve_node(target)
                if hit is not None:
                    return hit
            place.problems.append(Problem(ref.path, ref.task.line,
                                          f"goal:: {value} does not link a goal-like note"))
    return None
