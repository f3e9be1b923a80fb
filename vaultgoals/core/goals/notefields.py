"""Properties a note writes as plain text, and how note conventions add them to the note.

```markdown
Start Date: 2025-01-06          ← a block of `Key: value` lines at the top of a note
End Date: 2025-03-01               (before any section; `Key:: value` lines too)
Status: Complete
```

`head_fields` reads such a block; `with_fields` adds properties found by a convention
(SMART lines, a phase note's block) to the note's frontmatter where the frontmatter does
not set them, keeping each one's line for warnings. `read_date` reads a date in the forms
people type (`2025-07-01`, `2025/07/01`, `28.09.2025`, `June 30, 2025`, `30 June 2025`,
`[[2025-06-30]]`) or, failing that, the last day of a period (`December 2025`, `Q3 2025`).
All pure functions of a parsed note or of strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from vaultgoals.core.goals.itemtext import period_end
from vaultgoals.core.goals.records import evolve
from vaultgoals.core.lazyre import later
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.inline import extract_links
from vaultgoals.core.words import Concept

# `Key: value`, `**Key**: value`, `Key:: value` (a short key, no link or code in it)
_KEY_VALUE = later(r"^(?:\*\*|__)?([^\W\d_][^:\[\]()`*_]{0,38}?)(?:\*\*|__)?\s*::?"
                        r"(?:\*\*|__)?\s+(\S.*)$")
_ISO = later(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DMY = later(r"\b(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d\d)\b")
_MONTH_DAY = later(r"\b([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+"
                        r"((?:19|20)\d\d)\b")
_DAY_MONTH = later(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([^\W\d_]{3,10})\.?,?\s+"
                        r"((?:19|20)\d\d)\b")
_MONTHS = {m: i for i, names in enumerate((
    (), ("january", "jan", "januar", "enero", "janvier", "janeiro"),
    ("february", "feb", "februar", "febrero", "février", "fevereiro"),
    ("march", "mar", "märz", "marzo", "mars", "março"), ("april", "apr", "abril", "avril"),
    ("may", "mai", "mayo", "maio"), ("june", "jun", "juni", "junio", "juin", "junho"),
    ("july", "jul", "juli", "julio", "juillet", "julho"), ("august", "aug", "agosto", "août"),
    ("september", "sep", "sept", "septiembre", "septembre", "setembro"),
    ("october", "oct", "oktober", "octubre", "octobre", "outubro"),
    ("november", "nov", "noviembre", "novembre", "novembro"),
    ("december", "dec", "dezember", "diciembre", "décembre", "dezembro"),
)) for m in names}


_LINKS_ONLY = later(r"(?:\[\[[^\]]+\]\]|\[[^\]]*\]\([^)]*\))(?:[\s,;]+(?:\[\[[^\]]+\]\]|"
                         r"\[[^\]]*\]\([^)]*\)))*")


def listed_links(doc: NoteDoc, heading: Callable[[str], bool], label: Concept,
                 lines_under: bool, links_only: bool) -> Iterator[str]:
    """The link targets a note lists under a heading `heading` accepts (its top-level items;
    its text lines too when `lines_under`; only items that are nothing but links when
    `links_only`) or on a `Label: [[A]], [[B]]` line whose label is a word of `label`, in
    line order: how a note names its parents (`Supporting Goals`) or its steps (`Phases`)."""
    heads = {h.line for h in doc.headings if heading(h.text)}
    texts = [(i.line, i.text, i.heading_line in heads and i.parent_line is None)
             for i in doc.items if "[" in i.text]
    texts += [(t.line, t.text, lines_under and t.heading_line in heads and t.parent_line is None)
              for t in doc.lines if not t.comment and "[" in t.text]
    for _, text, under in sorted(texts):
        if not under:
            kv = key_value(text)
            if kv is None or not label.equals(kv[0]):
                continue
            text = kv[1]
        elif links_only and _LINKS_ONLY.fullmatch(text.strip()) is None:
            continue  # (an item with more than links says more than which notes)
        yield from (link.target for link in extract_links(text) if link.target)


def key_value(text: str) -> tuple[str, str] | None:
    """A text line written as `Key: value` (or `Key:: value`, `**Key**: value`): (key,
    value), else None."""
    m = _KEY_VALUE.match(text.strip())
    return (m.group(1).strip(), m.group(2).strip()) if m is not None else None


def head_fields(doc: NoteDoc) -> list[tuple[str, str, int]]:
    """The `Key: value` lines of the block of text at the top of the note (before any
    heading but the note's title), as (key, value, line); [] if the block has fewer than
    two of them (a sentence with a colon is not a property block)."""
    first_section = min((h.line for h in doc.headings if h.level > 1), default=None)
    block: list[tuple[str, str, int]] = []
    last = None
    for t in doc.lines:  # (in line order)
        if t.comment or t.parent_line is not None or t.quote_depth:
            continue
        if first_section is not None and t.line > first_section:
            break
        if last is not None and t.line != last + 1:
            break  # the block ends at the first blank line
        if last is None and ":" not in t.text:
            break  # (most notes: a first paragraph that is no property block)
        last = t.line
        kv = key_value(t.text)
        if kv is not None:
            block.append((kv[0], kv[1], t.line))
    return block if len(block) >= 2 else []


def with_fields(doc: NoteDoc, fields: Iterable[tuple[str, object, int]]) -> NoteDoc:
    """The note with `fields` (name, value, line) added to its properties where it sets
    none of that name (its frontmatter's own keys, and fields added before, win; a field
    keeps its line for warnings about it)."""
    fm = dict(doc.frontmatter)
    taken = {k.casefold() for k in fm}
    lines = list(doc.property_lines)
    added = False
    for key, value, line in fields:
        name = key.casefold()
        if name in taken:
            continue
        taken.add(name)
        fm[key] = value
        lines.append((name, line))
        added = True
    return evolve(doc, frontmatter=fm, property_lines=tuple(lines)) if added else doc


def read_date(text: str, period: bool = True) -> date | None:
    """The first date `text` names (see the module's doc); with `period`, else the last
    day of the period it names; None if neither."""
    for rx, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_MONTH_DAY, "mdy"), (_DAY_MONTH, "dmy")):
        for m in rx.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            month = _MONTHS.get(parts["m"].casefold()) if not parts["m"].isdigit() else int(
                parts["m"])
            try:
                return date(int(parts["y"]), month or 0, int(parts["d"]))
            except ValueError:
                continue
    return period_end(text) if period else None
