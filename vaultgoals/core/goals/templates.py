"""Templates, documentation and examples are not goals: such a note is never recognised as
a goal, milestone, commitment or any other node, whatever its properties or body say.

```text
Templates/Goal.md                 any folder named Templates, Template or _Templates, and
Meta/Blueprints/Goal.md           the folders `.obsidian/templates.json` (core Templates) and
                                  Templater's settings name (`Config.template_folders`)
Goals/{{title}}.md                a placeholder in the name,
---
title: <% tp.file.title %>        in a property,
---
# {{date}}                        or in the body: a heading, list item, task or text line
- [ ] <% tp.date.now() %>         (`{{…}}` of core Templates, `<% … %>` of Templater)

Tasks plugin docs/Examples.md     documentation and examples copied into the vault: a folder
Example Vault/Goals/Run.md        with a documentation or examples word (`docs`, `Examples`,
Notes/Dataview cheat sheet.md     `Example vault`, `Samples`, `Demo`), or a title that ends
                                  with a documentation word (`README`, `CHANGELOG`, `cheat
                                  sheet`, `tutorial`), in every language of the word table
                                  (`Give the product demo`, `Get a driving license` are
                                  titles of goals)
```

A placeholder inside a fenced code block is not read (the parser leaves code blocks out).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from operator import attrgetter

from vaultgoals.core.config import Config
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import Concept, Words, folder_word, words_of

_TEMPLATE_FOLDERS = frozenset({"templates", "template", "_templates"})
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|<%.*?%>")
# a placeholder in the body (within one line), as two patterns that each begin with their
# literal: searched much faster than the two as alternatives, on a long note's text
_BODY_BRACES = re.compile(r"\{\{[^{}\n]*\}\}")
_BODY_TEMPLATER = re.compile(r"<%.*?%>")
_TEXT = attrgetter("text")


def is_template(doc: NoteDoc, config: Config | None = None, text: str | None = None) -> bool:
    """Is this note a template (by its folder, the template folders the configuration
    names, its name, or a placeholder in a property or in its body)? `text`: the body's
    headings, items and lines joined, when the caller has them (`Body.text`)."""
    if any(folder_word(f) in _TEMPLATE_FOLDERS for f in doc.path.split("/")[:-1]):
        return True
    if config is not None and any(doc.path.startswith(f.strip("/") + "/")
                                  for f in config.template_folders if f.strip("/")):
        return True
    if _has_placeholder(doc.name):
        return True
    if any(isinstance(v, str) and _has_placeholder(v) for v in doc.frontmatter.values()):
        return True
    return _body_placeholder(doc, text)


def _body_placeholder(doc: NoteDoc, text: str | None) -> bool:
    # (a placeholder never spans lines, so each line is searched on its own, as the lines
    # joined would be; a task's text is its list item's: `items` holds every task of a
    # note read in full, and a slim doc's tasks are searched on their own)
    if text is None:  # (joined at C speed: the patterns' own search beats a test per line)
        text = "\n".join(chain(map(_TEXT, doc.headings), map(_TEXT, doc.items),
                               map(_TEXT, doc.lines)))
    if _BODY_BRACES.search(text) is not None or _BODY_TEMPLATER.search(text) is not None:
        return True
    if doc.full or not doc.tasks:
        return False
    return any(("{{" in t and _BODY_BRACES.search(t) is not None)
               or ("<%" in t and _BODY_TEMPLATER.search(t) is not None)
               for t in (task.fields.description for task in doc.tasks))


def is_documentation(doc: NoteDoc, words: Words) -> bool:
    """Is this note documentation or an example copied into the vault (by a folder or
    its title)?"""
    docs = words["documentation"]
    if any(_doc_folder(f, docs) or _doc_folder(f, words["examples"])
           for f in doc.path.split("/")[:-1]):
        return True
    title = words_of(doc.name)  # a title that ends with one: `Dataview cheat sheet`, not
    tokens = title.split(" ")  # `Demo day prep`
    return any(" ".join(tokens[-n:]) in docs.whole for n in range(1, min(3, len(tokens)) + 1)
               ) or any(title.endswith(piece) for piece in docs.inside)


@lru_cache(maxsize=4096)
def _doc_folder(name: str, docs: Concept) -> bool:
    return docs.has(name)


def is_noise(doc: NoteDoc, config: Config) -> bool:
    """Is this note never a goal: a template, documentation or an example?"""
    return is_template(doc, config) or is_documentation(doc, config.words)


def _has_placeholder(text: str) -> bool:
    return ("{{" in text or "<%" in text) and _PLACEHOLDER.search(text) is not None
