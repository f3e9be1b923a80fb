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

And by its structure, whatever the vault's words for its folders:

```markdown
Source: https://example.com/why-goals-fail      a line that says where it comes from
- Author: Jane Doe                              (`Source:`, `URL:`, `Author:`, `By:`,
                                                 `Quelle:`, …, a line or a top-level item)
https://example.com/post                        a bare link on a line of its own

# On OKRs and goals
A copied essay about goal frameworks.           an opening line that names a kind of
                                                 reference (article, essay, book, blog
                                                 post, …) and is not written in the first
                                                 person (`I want to write a book.` is not)
```

A goal heading inside such a note lists the author's advice, not goals; the list
conventions leave them alone.
"""

from __future__ import annotations

import re
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
    return _says_reference(doc.frontmatter, words) or _cites(doc, words)


_URL = re.compile(r"(?:<)?https?://\S+(?:>)?\Z")
# first-person words: an opening line in them is the user's own (`I want to write a book`)
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "my", "me", "we", "our", "ich", "mein",
                           "meine", "wir", "yo", "mi", "mis", "je", "mon", "ma", "mes",
                           "eu", "meu", "minha", "я", "мой", "моя", "мы"})
_FIRST_PERSON_CJK = ("我", "私", "僕")
_INTRO_WORDS = 14  # an opening line that says what the note is is short


def _cites(doc: NoteDoc, words: Words) -> bool:
    """Does the body say where it comes from (a `Source:` line, a bare link), or open with
    a short line naming a kind of reference?"""
    source = words["source"]
    texts = [t.text for t in doc.lines if not t.comment and t.parent_line is None]
    texts += [i.text for i in doc.items if i.parent_line is None and i.status is None]
    for raw in texts:
        text = raw.strip()
        key, sep, value = text.partition(":")
        if sep and value.strip() and not value.startswith(":") and len(key) <= 20 and (
                source.equals(key) and not key.strip().startswith("[")):
            return True
        if _URL.match(text) is not None:
            return True
    body = sorted((t for t in doc.lines if not t.comment and t.quote_depth == 0
                   and not t.text.startswith("#")), key=lambda t: t.line)
    if not body or (doc.items and doc.items[0].line < body[0].line):
        return False
    first = words_of(body[0].text).split(" ")
    return (len(first) <= _INTRO_WORDS and words["reference_intro"].has(body[0].text)
            and _FIRST_PERSON.isdisjoint(first)
            and not any(c in body[0].text for c in _FIRST_PERSON_CJK))


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
