"""In a goal note, the items under a heading that names its steps are its milestones.

```markdown
---
type: goal                       ← a goal-like note (properties, a goals folder, …)
---
## 🪜 Steps                      ← Milestones, Mile Stones, Steps, Phases, Plan,
- [x] Book the beginner course      Deliverables, Key Results, `What? (Milestones)`, …
- Pass the practical test        ← a milestone: checkbox, plain bullet or numbered item
    - [ ] Book the exam date     ← nested: a step of that milestone (a task counts toward it)
- ~~Buy a wetsuit~~              ← struck through, [DONE], (done) or a leading ✅: done
### Phase 2                      ← a sub-heading of the steps heading: its items too
1. Sail solo to the island       ← `(3/10)`, `[ 2 / 5 ]`, `40%`: the milestone's measure
```

The heading words are the word table's `steps` in every language it has (`Meilensteine`,
`Hitos`, `Étapes`, `Этапы`, `里程碑`, …; `goals.words.steps` adds more), at any heading
level, with emoji, numbering or other words around them. The top-level items of the
heading's section are milestones, and so are those of its sub-headings (`### Phase 2`)
unless a sub-heading is notes, ideas, links and the like (`not_goals`).

Not recognised: the same heading in a note that is not goal-like (a goal list there is
goals/goal_lists.py's), a steps heading about today (`Steps for today`), notes (`Plan
notes`) or the next tasks (`Next steps`, `To do`: tasks that count toward the goal), a list
of plain bullets that reads as prose (most items are sentences ending with `.`), a plain
item that starts with a link (`[[CAPM certification]] (counts double)`: the note it links
is the step, a node by its own conventions), an item that is only a `key:: value` field,
items above the heading.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultgoals.core.goals.body import Body, Item
from vaultgoals.core.goals.itemtext import (
    is_field_only,
    is_prose,
    measure_fields,
    read_text,
    starts_with_link,
)
from vaultgoals.core.model import ListItem

NAME = "steps_heading"


def recognise(body: Body) -> Iterator[Item]:
    if body.kind is None:
        return
    words = body.words
    steps, skip = words["steps"], (words["not_goals"], words["today"], words["next_steps"])
    done: set[int] = set()
    for section in body.sections:
        h = section.heading
        if h.line in done or not steps.has(h.text) or any(c.has(h.text) for c in skip):
            continue
        reason = f"a list item under the steps heading '{read_text(h.text).title}'"
        yield from _milestones(body, body.top_items(h.line), reason)
        for sub in body.subsections(section):
            done.add(sub.heading.line)
            if not any(c.has(sub.heading.text) for c in skip):
                yield from _milestones(body, body.top_items(sub.heading.line), reason)


def _milestones(body: Body, items: list[ListItem], reason: str) -> Iterator[Item]:
    if is_prose([(i.text, i.status) for i in items]):
        return
    goal_tag = f"#{body.config.goal_tag}".casefold()
    for item in items:
        text = read_text(item.text)
        if item.status is None and (not text.title or starts_with_link(item.text)
                                    or is_field_only(item.text)):
            continue
        if goal_tag in item.text.casefold() and goal_tag in {
                w.casefold() for w in item.text.split()}:
            continue  # a goal of its own (goal_task)
        fields = measure_fields(item.text)
        status = text.status
        task = body.task_at.get(item.line)
        if task is not None:  # a real task keeps its own words and status
            yield Item(item.line, "milestone", reason, NAME, "",
                       status if task.status == " " else None, None, None, fields)
        else:
            yield Item(item.line, "milestone", reason, NAME, text.title, status, None, None,
                       fields)
