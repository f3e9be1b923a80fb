"""A task tagged with the goal tag (`goal_tag`, default `goal`) is a goal itself.

```markdown
- [ ] Ship the portfolio site #goal 📅 2026-12-15
    - [x] Pick a static site generator ✅ 2026-10-02
```

Anywhere in the vault; the tasks nested under it count toward it. `#goal/career` is a
different tag and does not make a goal.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultgoals.core.goals.base import Found, NoteItems


def recognise(note: NoteItems) -> Iterator[Found]:
    tag = note.config.goal_tag.casefold()
    for task, tags in note.tagged:
        if tag in tags:
            yield Found("goal", task.line, f"a task tagged #{tag}", "goal_task")
