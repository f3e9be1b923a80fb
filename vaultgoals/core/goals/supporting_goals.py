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

from collections.abc import Callable, Iterator

from vaultgoals.core.config import Config
from vaultgoals.core.goals.docmemo import by_doc
from vaultgoals.core.goals.notefields import key_value
from vaultgoals.core.model import NoteDoc, Problem
from vaultgoals.core.parse.inline import extract_links

_DEFAULT = Config()


def parent_of(doc: NoteDoc, resolve_node: Callable[[str], str | None],
              problems: list[Problem], config: Config = _DEFAULT) -> str | None:
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
    return tuple(_supporting_links(doc, config))


def _supporting_links(doc: NoteDoc, config: Config) -> Iterator[str]:
    supporting = config.words["supporting"]
    heads = {h.line for h in doc.headings if supporting.equals(h.text)}
    texts = [(i.line, i.text, i.heading_line in heads and i.parent_line is None)
             for i in doc.items]
    texts += [(t.line, t.text, t.heading_line in heads and t.parent_line is None)
              for t in doc.lines if not t.comment]
    for _, text, under in sorted(texts):
        if not under:
            kv = key_value(text)
            if kv is None or not supporting.equals(kv[0]):
                continue
            text = kv[1]
        for link in extract_links(text):
            if link.target:
                yield link.target
