"""The grammar of one list line: indentation, list marker, optional `[c]` checkbox.

This is the Obsidian Tasks plugin's task regular expression (indentation, `-`/`*`/`+` or
`1.`/`1)`, one or more spaces, `[` one character `]`, the rest), applied to a line whose
blockquote / callout prefixes (`> `) have already been removed by the block scanner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CommonMark allows at most 9 digits in an ordered-list number.
_ITEM = re.compile(r"([ \t]*)([-*+]|[0-9]{1,9}[.)])(?:([ \t]+)(.*))?\Z", re.DOTALL)
_CHECKBOX = re.compile(r"\[(.)\](?:[ \t]+(.*)|[ \t]*)\Z", re.DOTALL)


# What any task line is: at the start of a line, blanks and quote markers, a list marker,
# blanks, a one-character checkbox, then a blank or the end of the line. A note without one
# has no task, and then nothing in its body matters. Anchored at a line start, so that
# `code - [ ] x` in the middle of a sentence does not count; searched from the line break
# before it, a literal the regular-expression engine scans for quickly.
_TASK_LINE = r"[ \t>]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[[^\r\n]\](?=[ \t\r\n]|\Z)"
_FIRST_TASK_LINE = re.compile(_TASK_LINE)
_NEXT_TASK_LINE = re.compile("\n" + _TASK_LINE)
_NEXT_TASK_LINE_CR = re.compile("[\r\n]" + _TASK_LINE)  # (`\r` alone also ends a line)


def maybe_task(text: str) -> bool:
    """Could any line of `text` be a task?"""
    if _FIRST_TASK_LINE.match(text) is not None:
        return True
    rx = _NEXT_TASK_LINE_CR if "\r" in text else _NEXT_TASK_LINE
    return rx.search(text) is not None


@dataclass(slots=True)  # (not frozen: one is made per list line; frozen ones build slower)
class ItemMatch:
    indent: str  # the whitespace before the marker, as written
    marker: str
    content_col: int  # column where the item's content starts (for nesting of children)
    status: str | None  # checkbox character, or None for a plain bullet
    text: str  # content after the marker, or after the checkbox for a task


def indent_width(ws: str, tab: int = 4) -> int:
    """Visual width of leading whitespace (blanks and tabs), tabs advancing to the next
    multiple of `tab`."""
    return len(ws.expandtabs(tab)) if "\t" in ws else len(ws)


def match_item(content: str) -> ItemMatch | None:
    """Read `content` (one line, quote prefixes removed) as a list item, or return None."""
    m = _ITEM.match(content)
    if m is None:
        return None
    indent, marker, gap, rest = m.groups()
    width = len(indent.expandtabs(4)) if "\t" in indent else len(indent)
    if gap is None:  # a bare marker: an empty list item
        return ItemMatch(indent, marker, width + len(marker) + 1, None, "")
    content_col = width + len(marker) + (len(gap) if len(gap) <= 4 else 1)
    box = _CHECKBOX.match(rest)
    if box is None:
        return ItemMatch(indent, marker, content_col, None, rest)
    return ItemMatch(indent, marker, content_col, box.group(1), box.group(2) or "")
