"""Notes about other people's ideas are not the user's goals: book summaries, articles,
clippings, course notes.

```text
Books/The One Thing.md               a folder named for reading material
Clippings/How to set goals.md        (Books, Articles, Clippings, Readwise, Reading, …)
Article - setting goals that stick   a title that says what it is
---
type: book                           a type, category or tag that says so
source: https://…                    or the properties of a clipping (source, url, author)
---
```

A goal heading inside such a note lists the author's advice, not goals; the list
conventions leave them alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import Words, words_of

_SOURCE_KEYS = frozenset({"source", "url", "author", "authors", "isbn", "publisher",
                          "site", "link"})
_TYPE_KEYS = frozenset({"type", "category", "kind", "class", "fileclass", "note_type",
                        "tags", "tag", "medium"})


def is_reference(doc: NoteDoc, words: Words) -> bool:
    """Is this note a book summary, an article, a clipping or the like?"""
    ref = words["reference"]
    folder, _, name = doc.path.rpartition("/")
    if folder and any(ref.has(part) and not words["goals"].has(part)
                      for part in folder.split("/")):
        return True
    title = words_of(name[:-3] if name.endswith(".md") else name).split(" ")
    if (ref.equals(title[0]) or ref.equals(title[-1])) and not words["goals"].has(
            " ".join(title)):
        return True  # `Article - …`, `… summary`, but not `Reading goals`
    return _says_reference(doc.frontmatter, words)


def _says_reference(fm: Mapping[str, object], words: Words) -> bool:
    ref = words["reference"]
    for key, value in fm.items():
        k = key.casefold()
        if k in _SOURCE_KEYS and value:
            return True
        if k in _TYPE_KEYS:
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and ref.has(v.replace("/", " ")) for v in values):
                return True
    return False
