"""A goal-like note's parent is the first goal-like note its `parent` (or `up`) property links.

```markdown
---
type: goal
parent: "[[Vision 2030]]"      # also: up: "[[Vision 2030]]", or a list of links
---
```

A link to a note that is not goal-like, or to the note itself, is reported and passed over.
"""

from __future__ import annotations

from collections.abc import Callable

from vaultgoals.core.goals.props import line_of, link_targets, prop
from vaultgoals.core.model import NoteDoc, Problem


def parent_of(doc: NoteDoc, resolve_node: Callable[[str], str | None],
              problems: list[Problem]) -> str | None:
    raw = prop(doc.frontmatter, "parent")
    if raw is None:
        return None
    line = line_of(doc, "parent")
    for target in link_targets(raw):
        parent = resolve_node(target)
        if parent is None:
            problems.append(Problem(doc.path, line, f"parent [[{target}]] is not a goal-like "
                                    "note (type: vision, goal, milestone, skill or commitment)"))
        elif parent == doc.path:
            problems.append(Problem(doc.path, line, "a note cannot be its own parent"))
        else:
            return parent
    return None
