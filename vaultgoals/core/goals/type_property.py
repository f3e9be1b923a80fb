"""A note whose `type` property names a node kind.

```markdown
---
type: goal          # also: vision, milestone, skill, commitment
---
```

`fileClass: goal` (Metadata Menu) and `kind: goal` mean the same; the value is read
case-insensitively. A `type` that names no kind (`type: book`) is left to the next
recogniser.
"""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.graphmodel import NODE_KINDS
from vaultgoals.core.model import NoteDoc


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    declared = props.get("type")
    if isinstance(declared, str):
        kind = declared.strip().casefold()
        if kind in NODE_KINDS:
            return Found(kind, 1, f"its type property says {kind}", "type_property")
    return None
