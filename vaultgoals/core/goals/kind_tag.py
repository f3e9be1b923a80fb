"""A note whose `tags` property holds a node kind, alone or as the last part of a nested tag.

```markdown
---
tags: [lifeos/goal, health]     # also: goal, vision, milestone, skill, commitment
---
```

Only the tags of the properties count: `#goal` in the body of a note tags a task or a
line, not the note.
"""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.props import frontmatter_tags
from vaultgoals.core.graphmodel import NODE_KINDS
from vaultgoals.core.model import NoteDoc


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    for tag in doc.tags:
        folded = tag.casefold()
        last = folded.rsplit("/", 1)[-1]
        if last in NODE_KINDS and folded in frontmatter_tags(doc):
            return Found(last, 1, f"its tags property holds #{tag}", "kind_tag")
    return None
