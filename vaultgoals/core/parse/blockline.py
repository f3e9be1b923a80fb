"""The block grammar of one line: what a line opens or is, before any state is known.

The block scanner (`scanner.py`) asks these questions of each line, with quote markers
and indentation handled the CommonMark way: how many `>` markers does it carry and where,
what is left once `%% … %%` / `<!-- … -->` comments are cut out, does it open a fence, is
it an ATX heading, a thematic break, a setext underline, and would it start a block (so
that it cannot lazily continue a quoted paragraph). Nothing here keeps state across lines.
"""

from __future__ import annotations

import re

from vaultgoals.core.parse.listline import match_item

__all__ = [
    "ATX",
    "ATX_CLOSE",
    "HRULE",
    "SETEXT",
    "fence_open",
    "indent",
    "quote_prefix",
    "quoted_paragraph",
    "starts_block",
    "strip_comments",
    "strip_quote_levels",
]

# Each applies to a line with its quote markers and indentation removed.
ATX = re.compile(r"(#{1,6})(?:[ \t]+(.*)|[ \t]*)\Z", re.DOTALL)  # `## title`, not `#tag`
ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*\Z")  # an ATX heading's optional closing `##`
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)\Z", re.DOTALL)  # fence and info string
HRULE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*\Z")  # `---`, `* * *`, `___`
SETEXT = re.compile(r"(?:=+|-+)[ \t]*\Z")  # a setext underline
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_COMMENT_OPEN = re.compile(r"%%|<!--")


def indent(ws: str) -> int:
    """Columns of the whitespace `ws` (tabs to stops of 4; only tab-free text is counted
    by its length, the common case)."""
    return len(ws.expandtabs(4)) if "\t" in ws else len(ws)


_QUOTE_RUN = re.compile(r"[ \t>]*")


def quote_prefix(line: str, limit: int = -1) -> tuple[int, str, list[int]]:
    """Strip blockquote markers: (depth, content, columns before each `>`).

    The first `>` may be indented any amount (the caller checks that a list item holds
    it); each further `>` by at most 3 columns. Tabs in the run of markers are expanded
    to their columns (tab stops of 4, as CommonMark does); `limit` >= 0 strips at most
    that many markers.
    """
    run = _QUOTE_RUN.match(line)
    end = run.end() if run is not None else 0
    if "\t" in line[:end]:
        line = line[:end].expandtabs(4) + line[end:]
    n = len(line)
    j = 0
    while j < n and line[j] == " ":
        j += 1
    if j >= n or line[j] != ">" or limit == 0:
        return 0, line, []
    cols = [j]
    pos = j + 1
    while True:
        if pos < n and line[pos] == " ":
            pos += 1  # the optional space after `>`
        if len(cols) == limit:
            return len(cols), line[pos:], cols
        j = pos
        while j < n and line[j] == " " and j - pos < 4:
            j += 1
        if j - pos > 3 or j >= n or line[j] != ">":
            return len(cols), line[pos:], cols
        cols.append(j - pos)
        pos = j + 1


def strip_quote_levels(line: str, levels: int) -> str | None:
    """The line without exactly `levels` quote markers (further `>` are text), or None if
    it has fewer."""
    depth, content, _ = quote_prefix(line, levels)
    return content if depth == levels else None


def strip_comments(text: str) -> tuple[str, str | None]:
    """Remove `%%…%%` and `<!--…-->` from `text` (not inside code spans).

    Returns the visible text and, when a comment stays open at the end of the line, the
    marker that will close it (`%%` or `-->`).
    """
    spans: list[tuple[int, int]] = []
    if "`" in text:
        spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]
    out: list[str] = []
    pos = 0
    search = 0
    while True:
        m = _COMMENT_OPEN.search(text, search)
        if m is None:
            out.append(text[pos:])
            return "".join(out), None
        j = m.start()
        span = next((s for s in spans if s[0] <= j < s[1]), None)
        if span is not None:
            search = span[1]
            continue
        out.append(text[pos:j])
        closer = "%%" if m.group() == "%%" else "-->"
        end = text.find(closer, m.end())
        if end < 0:
            return "".join(out), closer
        pos = search = end + len(closer)


def fence_open(s: str) -> re.Match[str] | None:
    m = _FENCE_OPEN.match(s)
    if m is None or (m.group(1)[0] == "`" and "`" in m.group(2)):
        return None
    return m


def starts_block(s: str) -> bool:
    """Would `s` (indentation removed, indented < 4) start a block outside the quote whose
    paragraph it follows, i.e. not be a lazy continuation line of that paragraph?"""
    f = s[0]
    if f == "#":
        return ATX.match(s) is not None
    if f in "`~":
        return fence_open(s) is not None
    if f in "-*_" and HRULE.match(s):
        return True
    if f in "-*+0123456789":
        # any item: the paragraph it would interrupt is not in a container this line matches
        return match_item(s) is not None
    if f in "%<":
        return s.startswith(("%%", "<!--"))
    return False


def quoted_paragraph(body: str) -> bool:
    """Does `body` (an item's content, starting with `>`) hold a paragraph in its quote,
    which following lines could continue lazily?"""
    _, inner, _ = quote_prefix(body)
    st = inner.lstrip(" \t")
    if not st or indent(inner[: len(inner) - len(st)]) >= 4:
        return False
    f = st[0]
    if f == "#" and ATX.match(st):
        return False
    if f in "`~" and fence_open(st):
        return False
    return not (f in "-*_" and HRULE.match(st))
