"""In a goal-like note, the top-level tasks under a heading named `Milestones` are milestones.

```markdown
---
type: goal
---
## Milestones
- [x] Draft the outline ✅ 2026-10-02
    - [x] a step of that milestone
- [ ] Send it to the editor
```

Any heading level; the heading is read case-insensitively. Tasks nested under another task
(through plain bullets too) are that task's steps, not milestones; a `Milestones` heading in
a note that is not goal-like makes nothing.

This is the native rule for a note the goal conventions did not read (goals/body.py). In a
note they read, the `steps_heading` body recogniser has already claimed these tasks, with
more heading words and plain items too; when it claimed anything in the note, this rule
adds nothing, so the two never disagree about a line.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultgoals.core.goals.base import Found, NoteItems
from vaultgoals.core.goals.steps_heading import NAME as STEPS


def _is_milestones(heading: str) -> bool:
    return heading.strip().strip("#").strip().casefold() == "milestones"


def recognise(note: NoteItems) -> Iterator[Found]:
    if note.kind is None or any(c.by == STEPS for c in note.doc.claims):
        return
    headings = {h.line: h.text for h in note.doc.headings if _is_milestones(h.text)}
    if not headings:
        return
    for task in note.candidates:
        if task.heading_line in headings and note.enclosing_task(task) is None:
            yield Found("milestone", task.line, "a task under the Milestones heading",
                        "milestones_heading")
