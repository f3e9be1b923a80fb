"""A SMART note is a goal: its Specific, Measurable, …, Time-bound lines say what, how much
and by when.

```markdown
#SMART
# Conversational Italian            ← the note's title is the goal's title

S - Hold a 20 minute conversation with my neighbour
M - 3 lessons a week, 40 lessons in total     ← the measure: target 40 (lessons)
A - Evenings after work are free
R - Summer in Puglia with her family
T - by 2025-07-01                   ← the deadline (a date, or a period: `December 2025`)
```

The labels may be letters (`S -`, `S:`, `**S**:`, as lines or bullets) or words
(`Specific:`, `Measurable:`, `Achievable:`, `Relevant:`, `Time-bound:`, in every language of
the word table: `Spezifisch:`, `Medible:`, …). A note is a SMART goal when it has a
Specific line near its top (in its first 40 lines, the first 800 characters for the cheap
test of parse/cues.py) and at least two more of the five, one of them Measurable or
Time-bound; the `#SMART` tag is welcome but not needed. The measurable line's measure
becomes the target (`12 / 40` or `40%` also give the progress); a bare target (`50
orders`) is used only in a note with no tasks, whose progress would otherwise be nothing
to show. A note named by a date or `Untitled` takes the Specific line as its title.

Not recognised: a note that explains SMART in sentences (`S stands for specific, …`), a
note with one or two such labels, book summaries and clippings (goals/reference.py),
templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.itemtext import read_measure, read_text
from vaultgoals.core.goals.notefields import read_date
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.lazyre import later
from vaultgoals.core.model import ListItem, NoteDoc, TextLine
from vaultgoals.core.words import Words, words_of

NAME = "smart"
_LETTERS = {"S": "specific", "M": "measurable", "A": "achievable", "R": "relevant",
            "T": "time-bound"}
# `S - text`, `S: text`, `Specific: text`, `Time-bound – text` (bold marks already dropped)
_LABEL = later(r"^([^\W\d_][^\W\d_'’ -]{0,24}(?:[- ][^\W\d_]+){0,3})\s*"
                    r"(?:[:：]|\s[-–—])\s*(\S.*)$")
_NUMBER = later(r"(?<![\d.:/,-])(\d+(?:[.,]\d+)?)(?![\d:/]|[.,]\d)\s*([^\W\d_]+)?")
_RATE = later(r"^\s*(?:a|an|per|each|every|/|pro|por|par|в)\s", re.IGNORECASE)
_UNTITLED = later(r"^(?:untitled|unbenannt|sin título|sans titre)?[\s\d_.-]*$",
                       re.IGNORECASE)


@lru_cache(maxsize=8)
def _specific_start(whole: frozenset[str], inside: tuple[str, ...]) -> re.Pattern[str]:
    """What a Specific line starts with (`S -`, `**S**:`, a word of the concept): the cheap
    test that spares the other lines of most notes a closer look."""
    names = sorted({*whole, *inside}, key=len, reverse=True)
    return re.compile(r"(?:\*\*|__)?(?:S(?:\*\*|__)?\s*(?:[:：]|[-–—]\s)|"
                      + "|".join(map(re.escape, names)) + ")", re.IGNORECASE)


@lru_cache(maxsize=8)
def _first_chars(whole: frozenset[str], inside: tuple[str, ...]) -> frozenset[str]:
    """The characters a Specific line may start with (for a test faster than a regex)."""
    return frozenset({"S", "s", "*", "_", *(w[:1].upper() for w in (*whole, *inside)),
                      *(w[:1] for w in (*whole, *inside))})


_TOP_LINES = 40  # the Specific line is near the top (parse/cues.py looks there too)


def _starts(lines: Iterable[TextLine | ListItem], top: int, first: frozenset[str],
            start: Callable[[str], object]) -> bool:
    """Does one of `lines` (in line order) up to line `top` start like a Specific line?"""
    for t in lines:
        if t.line > top:
            return False
        if t.text[:1] in first and start(t.text):
            return True
    return False


def smart_lines(doc: NoteDoc, words: Words) -> dict[str, tuple[str, int]]:
    """The note's SMART lines: concept (`specific`, …) → (its text, its line); the first
    of each. Text lines and top-level list items are read."""
    out: dict[str, tuple[str, int]] = {}
    specific = words["specific"]
    start = _specific_start(specific.whole, specific.inside).match
    first = _first_chars(specific.whole, specific.inside)
    top = doc.frontmatter_lines + _TOP_LINES
    if not _starts(doc.lines, top, first, start) and not _starts(doc.items, top, first, start):
        return out
    candidates = [(t.text, t.line) for t in doc.lines if not t.comment and t.quote_depth == 0]
    candidates += [(i.text, i.line) for i in doc.items if i.parent_line is None
                   and i.status is None]
    for text, line in sorted(candidates, key=lambda c: c[1]):
        found = _label(text.replace("**", "").replace("__", ""), words)
        if found is not None and found[0] not in out:
            out[found[0]] = (found[1], line)
    return out


def _label(text: str, words: Words) -> tuple[str, str] | None:
    m = _LABEL.match(text.strip())
    if m is None:
        return None
    label, rest = m.group(1).strip(), m.group(2).strip()
    if label in _LETTERS:
        return _LETTERS[label], rest
    plain = words_of(label)
    for name in _LETTERS.values():
        concept = words[name]
        if concept.equals(label) or (concept.inside and concept.find(label) == plain):
            return name, rest
    return None


def is_smart(doc: NoteDoc, words: Words) -> bool:
    return _is_smart(smart_lines(doc, words) if doc.full else {})


def _is_smart(found: Mapping[str, object]) -> bool:
    return ("specific" in found and len(found) >= 3
            and ("measurable" in found or "time-bound" in found))


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    words = config.words
    if not doc.full or not is_smart(doc, words) or is_template(doc) or is_reference(
            doc, words):
        return None
    return Found("goal", 1, "it is a SMART goal (Specific, Measurable, … Time-bound lines)",
                 NAME)


def properties(doc: NoteDoc, config: Config) -> list[tuple[str, object, int]]:
    """What a SMART note's lines say as properties: (name, value, line) for `deadline`,
    `target`, `progress`, `unit` and (for an untitled note) `title`."""
    words = config.words
    found = smart_lines(doc, words) if doc.full else {}
    if not _is_smart(found):
        return []
    out: list[tuple[str, object, int]] = []
    if "time-bound" in found:
        text, line = found["time-bound"]
        day = read_date(text)
        if day is not None:
            out.append(("deadline", day.isoformat(), line))
    if "measurable" in found:
        out += _measure(*found["measurable"], has_tasks=bool(doc.tasks))
    if _UNTITLED.match(doc.name):
        text, line = found["specific"]
        out.append(("title", read_text(text).title, line))
    return out


def _measure(text: str, line: int, has_tasks: bool) -> list[tuple[str, object, int]]:
    measure = read_measure(text)
    if measure is not None:
        out: list[tuple[str, object, int]] = [("target", measure.target, line),
                                              ("progress", measure.progress, line)]
        return [*out, ("unit", measure.unit, line)] if measure.unit else out
    if has_tasks:
        return []  # a bare target would hide the progress the tasks show
    for m in _NUMBER.finditer(text):
        unit = m.group(2) or ""
        if _RATE.match(text[m.end():]):
            continue  # `3 lessons a week`: a rate, not the target
        target = float(m.group(1).replace(",", "."))
        if target > 0:
            return [("target", target, line), ("unit", unit, line)] if unit else [
                ("target", target, line)]
    return []
