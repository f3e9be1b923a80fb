"""Templates are not goals: a note that is a template for new notes is never recognised
as a goal, milestone or any other node, whatever its properties say.

```text
Templates/Goal.md                 (any folder named Templates, Template or _Templates)
Goals/{{title}}.md                (a placeholder in the name)
---
title: <% tp.file.title %>        (a placeholder in a property: Templater or core Templates)
---
```
"""

from __future__ import annotations

import re
from functools import lru_cache

from vaultgoals.core.model import NoteDoc

_TEMPLATE_FOLDERS = frozenset({"templates", "template", "_templates"})
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|<%.*?%>")
# what may stand before a folder's name: numbering, emoji, separators ("2 Areas", "🎯 Goals")
_LEAD = re.compile(r"^[\W\d_]+", re.UNICODE)


@lru_cache(maxsize=8192)  # (every note of a vault is asked about: folder names repeat)
def folder_word(name: str) -> str:
    """A folder's name as matched: without leading numbers, emoji or punctuation, and
    without case (`🎯 Goals` → `goals`, `01-Templates` → `templates`)."""
    return _LEAD.sub("", name).strip().casefold()


def is_template(doc: NoteDoc) -> bool:
    """Is this note a template (by its folder, its name or a placeholder in a property)?"""
    if any(folder_word(f) in _TEMPLATE_FOLDERS for f in doc.path.split("/")[:-1]):
        return True
    if _has_placeholder(doc.name):
        return True
    return any(isinstance(v, str) and _has_placeholder(v) for v in doc.frontmatter.values())


def _has_placeholder(text: str) -> bool:
    return ("{{" in text or "<%" in text) and _PLACEHOLDER.search(text) is not None
