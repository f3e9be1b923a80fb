"""A task nested under a goal or milestone written as a task counts toward it.

```markdown
- [ ] Ship the portfolio site #goal
    - [ ] Write the about page          ← counts toward "Ship the portfolio site"
    - notes
        - [ ] Ask Sam for a photo       ← through plain bullets too
```

The nearest enclosing task decides: under a plain task that is under a goal, the task
counts toward that goal as well (the plain task is one of its steps).
"""

from __future__ import annotations

from vaultgoals.core.goals.base import Place
from vaultgoals.core.graphmodel import TaskRef


def goal_of(ref: TaskRef, place: Place) -> str | None:
    by_line, parent_of = place.by_line, place.parent_of
    line = ref.task.parent_line
    while line is not None:
        parent = by_line.get(line)
        if parent is None:  # a plain bullet
            line = parent_of.get(line)
        elif parent.node is not None:
            return parent.node
        else:
            line = parent.task.parent_line
    return None
