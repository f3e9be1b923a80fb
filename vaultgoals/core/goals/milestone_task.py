"""A task tagged with the milestone tag (`milestone_tag`, default `milestone`) is a milestone.

```markdown
- [ ] Ship the portfolio site #goal
    - [ ] First public draft #milestone
        - [ ] Write the about page
```

Its parent is the goal it is nested under, else the goal note it sits in, else what its
own `[goal:: …]`, tag or link says.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultgoals.core.goals.base import Found, NoteItems


def recognise(note: NoteItems) -> Iterator[Found]:
    tag = note.config.milestone_tag.casefold()
    for task, tags in note.tagged:
        if tag in tags:
            yield Found("milestone", task.line, f"a task tagged #{tag}", "milestone_task")
