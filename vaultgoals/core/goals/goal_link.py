"""A task that links a goal-like note counts toward it: the first such link in the line.

```markdown
- [x] Long run, 18 km [[Run a marathon]] ✅ 2026-11-02
- [ ] Stretch [[Goals/Run a marathon#Plan|marathon]]
- [ ] Buy shoes [marathon](Run%20a%20marathon.md)
```

Links resolve as in Obsidian (by path or name, case-insensitively, then by alias). A link
to a note that is not goal-like (a person, a book) is passed over.
"""

from __future__ import annotations

from vaultgoals.core.goals.base import Place
from vaultgoals.core.graphmodel import TaskRef


def goal_of(ref: TaskRef, place: Place) -> str | None:
    for link in ref.task.fields.links:
        hit = place.resolve_node(link.target)
        if hit is not None and hit != ref.node:
            return hit
    return None
