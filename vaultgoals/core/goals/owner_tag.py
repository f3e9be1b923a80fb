"""A task carrying a goal's tag (declared on the goal with `tag:`), or a sub-tag of it,
counts toward that goal.

```markdown
---
type: goal
tag: career/data
---
```
```markdown
- [ ] Finish the SQL course #career/data/sql     ← counts toward that goal
```

The longest declared tag that matches wins (`#career/data/sql` goes to the goal of
`career/data` rather than to one of `career`). `#career/database` is not a sub-tag of
`career/data`.
"""

from __future__ import annotations

from vaultgoals.core.goals.base import Place
from vaultgoals.core.graphmodel import TaskRef


def goal_of(ref: TaskRef, place: Place) -> str | None:
    best: tuple[int, str] | None = None
    depth = place.tag_depth
    tag_owner = place.tag_owner
    for tag in ref.task.fields.tags:
        t = tag.lstrip("#").casefold()
        if t.count("/") >= depth:  # no goal's tag is deeper: skip the longer prefixes
            t = "/".join(t.split("/", depth)[:depth])  # (each costs a hash of the tag)
        while t:
            owner = tag_owner.get(t)
            if owner is not None:
                if best is None or len(t) > best[0]:
                    best = (len(t), owner)
                break
            t = t.rpartition("/")[0]
    return best[1] if best is not None else None
