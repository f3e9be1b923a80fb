"""A note whose `type` property names a node kind.

```markdown
---
type: goal          # also: vision, milestone, skill, commitment
---
```

`fileClass: goal` (Metadata Menu) and `kind: goal` mean the same; the value is read
case-insensitively, and kind words of the word table name their kind (`value-goal`,
`outcome`, `objective`, `project`, `area-goal` → goal; `key-result`, `phase` → milestone;
`habit`, `routine` → commitment). A plural (`type: goals`) names a list, not a kind. A
`type` that names no kind (`type: book`) is left to the next recogniser.
"""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.graphmodel import NODE_KINDS
from vaultgoals.core.model import NoteDoc

_LISTS = frozenset({"goals", "habits", "objectives", "okrs", "projects"})  # a list's type


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    declared = props.get("type")
    if isinstance(declared, str):
        kind = declared.strip().casefold()
        if kind not in NODE_KINDS and kind not in _LISTS:  # `value-goal`, `project`, …
            kind = config.words.kind(kind) or kind
        if kind in NODE_KINDS:
            return Found(kind, 1, f"its type property says {kind}", "type_property")
    return None
