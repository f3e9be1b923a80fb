"""A task in a goal-like note counts toward that note.

```markdown
---
type: goal
---
- [ ] Draft the first chapter       ← counts toward this note's goal
```
"""

from __future__ import annotations

from vaultgoals.core.goals.base import Place
from vaultgoals.core.graphmodel import TaskRef


def goal_of(ref: TaskRef, place: Place) -> str | None:
    return ref.path if ref.path in place.nodes else None
