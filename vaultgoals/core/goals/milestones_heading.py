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
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultgoals.core.goals.base import Found, NoteItems


def _is_milestones(heading: str) -> bool:
    return heading.strip().strip("#").strip().casefold() == "milestones"


def recognise(note: NoteItems) -> Iterator[Found]:
    if note.kind is None:
        return
    headings = {h.line: h.text for h in note.doc.headings if _is_milestones(h.text)}
    if not headings:
        return
    for task in note.candidates:
        if task.heading_line in headings and note.enclosing_task(task) is None:
            yield Found("milestone", task.line, "a task under the Milestones heading",
                        "milestones_heading")
