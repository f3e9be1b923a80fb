"""A project's (or goal's) parent is the first goal-like note its `Supporting Goals` list
links.

```markdown
# Refinance the mortgage

## Supporting Goals                 ← a heading of the word table's `supporting` concept
- [[Be debt free]]                  ← the parent (the first link that names a goal)

Supporting Goals: [[Be debt free]]  ← the same as a label line (or a list item)
```

The words (`Supporting goals`, `Serves`, `Contributes to`, `Part of`, `Related goals`,
`Übergeordnete Ziele`, …) come from the word table (`goals.words.supporting` adds more).
Asked after the properties (goals/parent_property.py): a `parent:` property wins. A link to
a note that is not goal-like (an area, a person) is passed over.
"""

from __future__ import annotations

from collections.abc import Callable

from vaultgoals.core.config import Config
from vaultgoals.core.goals.docmemo import by_doc
from vaultgoals.core.goals.notefields import listed_links
from vaultgoals.core.model import NoteDoc, Problem

_DEFAULT = Config()


def parent_of(doc: NoteDoc, resolve_node: Callable[[str], str | None],
              problems: list[Problem], config: Config = _DEFAULT,
              note_exists: Callable[[str], bool] | None = None) -> str | None:
    if not doc.full:
        return None
    for target in supporting_links(doc, config):
        parent = resolve_node(target)
        if parent is not None and parent != doc.path:
            return parent
    return None


@by_doc
def supporting_links(doc: NoteDoc, config: Config) -> tuple[str, ...]:
    """The link targets of the note's supporting-goals lists and label lines, in order."""
    supporting = config.words["supporting"]
    return tuple(listed_links(doc, supporting.equals, supporting, lines_under=True,
                              links_only=False))
