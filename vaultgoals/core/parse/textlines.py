"""The text lines a note read in full keeps (`NoteDoc.lines`): paragraph text and the text
of comments, where goal conventions put labels, inline fields and SMART lines. The scanner
calls these for a note read in full only.
"""

from __future__ import annotations

from typing import Protocol

from vaultgoals.core.model import TextLine


class _Lists(Protocol):
    items: list[tuple[int, int]]  # open list items: (content column, line)
    outer_parent: int | None


def keep_text(out: list[TextLine], i: int, st: str, heading_line: int | None, ctx: _Lists,
              k: int, depth: int, text: bool, comments: bool = True) -> None:
    """Line `i` (its visible text `st`, inside the first `k` open items of `ctx`): kept as
    text when `text`, and the text of a comment on it when `comments`."""
    if comments and ("%%" in st or "<!--" in st):
        keep_comment(out, i, st, heading_line)
    if text:
        clean = st.strip(" \t")
        if clean:
            parent = ctx.items[k - 1][1] if k else ctx.outer_parent
            out.append(TextLine(i + 1, clean, heading_line, parent, depth))


def keep_comment(out: list[TextLine], i: int, line: str, heading_line: int | None) -> None:
    """The text of a comment on line `i` (`%% … %%`, `<!-- … -->`), where people hide
    inline fields."""
    text = line.replace("%%", " ").replace("<!--", " ").replace("-->", " ").strip(" \t")
    if text:
        out.append(TextLine(i + 1, text, heading_line, None, 0, True))
