"""Read one note into a `NoteDoc`: exact 1-based lines, the way Obsidian reads the note.

What vaultgoals uses from a note is its frontmatter and its tasks (with the list items
and headings they sit under). A note without a single line that could be a task is read
for its frontmatter only: one C-speed search decides, so the many notes without tasks cost
little more than reading them. Tags and links in the body are not collected at the note
level; a task's own tags and links are in its fields.

Otherwise a single pass over the lines (no recursion, so any nesting depth works). The
scanner owns the block structure, CommonMark-style, as far as tasks and headings need it:

- frontmatter lines are skipped (see `frontmatter.py`);
- fenced code (``` and ~~~, also inside quotes and list items; an unclosed fence runs to
  the end of its container), indented code (4+ columns after a non-paragraph line, and
  not a nested list item), `%% … %%` and `<!-- … -->` comments (inline or spanning
  lines): nothing inside them is a task or a heading, and a comment inside a task's
  line hides its text from the task's fields;
- blockquotes and callouts at any depth (`>`, `>>`, `> >`, `>` without a space, also
  inside list items): the prefixes are stripped and the depth kept; each depth has its
  own lists, whose top items are children of the list item the quote sits in (if any);
- list items: the parent of an item is the nearest open item whose content column is at
  most the item's indentation (tabs count 4); a non-list line indented less than the open
  item's content closes it, unless it is a lazy continuation of a paragraph; headings,
  fences and rules close the items they are not inside; an ordered item not numbered 1,
  or an empty one, cannot interrupt a paragraph (it is text); an empty item followed by a
  blank line is closed;
- headings: ATX (`# …`, not `#tag`) and setext (`text` over `===`/`---`), outside quotes.

Where this differs from Obsidian's own metadata cache, it is on purpose: an ordered or
bullet item nested on the same line (`- [ ] 1. text`) is one item here, and tags/links in
`%% … %%` comments are not a task's (Obsidian's cache still lists them; a commented-out
tag is one the user switched off).
"""

from __future__ import annotations

import re
from typing import Any

from vaultgoals.markdown.frontmatter import (
    frontmatter_tags,
    load_frontmatter,
    split_frontmatter_lines,
    split_lines,
)
from vaultgoals.markdown.listline import match_item
from vaultgoals.markdown.taskfields import parse_task_body
from vaultgoals.model import Heading, ListItem, NoteDoc, Problem, Task

__all__ = ["parse_note", "read_note"]

_ATX = re.compile(r"(#{1,6})(?:[ \t]+(.*)|[ \t]*)\Z", re.DOTALL)
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*\Z")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)\Z", re.DOTALL)
_HRULE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*\Z")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*\Z")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_COMMENT_OPEN = re.compile(r"%%|<!--")
# What any task line is: at the start of a line, blanks and quote markers, a list marker,
# blanks, a one-character checkbox, then a blank or the end of the line. A note without one
# has no task, and then nothing in its body matters (the fast path: one C-speed search).
# Anchored, so that `code - [ ] x` in the middle of a sentence does not count; searched
# from the line break before it, which the regex engine finds fastest as a literal.
_TASK_LINE = r"[ \t>]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[[^\r\n]\](?=[ \t\r\n]|\Z)"
_FIRST_TASK_LINE = re.compile(_TASK_LINE)
_NEXT_TASK_LINE = re.compile("\n" + _TASK_LINE)
_NEXT_TASK_LINE_CR = re.compile("[\r\n]" + _TASK_LINE)  # (`\r` alone also ends a line)


def _maybe_task(text: str) -> bool:
    """Could any line of `text` be a task?"""
    if _FIRST_TASK_LINE.match(text) is not None:
        return True
    rx = _NEXT_TASK_LINE_CR if "\r" in text else _NEXT_TASK_LINE
    return rx.search(text) is not None


class _Ctx:
    """List state at one blockquote depth."""

    __slots__ = (
        "empty_top",
        "icode",
        "items",
        "outer_parent",
        "para",
        "para_first",
        "para_quoted",
        "para_start",
    )

    def __init__(self, outer_parent: int | None = None) -> None:
        self.items: list[tuple[int, int]] = []  # open list items: (content column, line)
        self.outer_parent = outer_parent  # line of the list item this quote sits in
        self.empty_top = False  # the innermost item is empty so far (`- ` alone)
        self.para = False  # the previous line is paragraph text (can be continued lazily)
        self.para_start = 0  # line index where that paragraph began
        self.para_first: str | None = None  # its first line (None: cannot be a heading)
        self.para_quoted = False  # it is inside a quote that began on a list item's line
        self.icode = -1  # container column of an open indented code block, -1 if none


def read_note(path: str, data: bytes) -> NoteDoc:
    """Read a note from its bytes. `path` is vault-relative with `/`, used in problems."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        line = _line_of_offset(data, exc.start)
        bad = data[exc.start]
        problems.append(
            Problem(path, line, f"not valid UTF-8 (byte 0x{bad:02x}); read with replacements")
        )
    return _parse(path, text, problems)


def parse_note(path: str, text: str) -> NoteDoc:
    """Read a note from its text (already decoded)."""
    return _parse(path, text, [])


def _line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of byte `offset`, counting `\r\n`, `\r` and `\n` as line breaks."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _indent(ws: str) -> int:
    return len(ws.expandtabs(4)) if "\t" in ws else len(ws)


_QUOTE_RUN = re.compile(r"[ \t>]*")


def _quote_prefix(line: str, limit: int = -1) -> tuple[int, str, list[int]]:
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


def _strip_quote_levels(line: str, levels: int) -> str | None:
    """The line without exactly `levels` quote markers (further `>` are text), or None if
    it has fewer."""
    depth, content, _ = _quote_prefix(line, levels)
    return content if depth == levels else None


def _strip_comments(text: str) -> tuple[str, str | None]:
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


def _fence_open(s: str) -> re.Match[str] | None:
    m = _FENCE_OPEN.match(s)
    if m is None or (m.group(1)[0] == "`" and "`" in m.group(2)):
        return None
    return m


def _starts_block(s: str) -> bool:
    """Would `s` (indentation removed, indented < 4) start a block outside the quote whose
    paragraph it follows, i.e. not be a lazy continuation line of that paragraph?"""
    f = s[0]
    if f == "#":
        return _ATX.match(s) is not None
    if f in "`~":
        return _fence_open(s) is not None
    if f in "-*_" and _HRULE.match(s):
        return True
    if f in "-*+0123456789":
        # any item: the paragraph it would interrupt is not in a container this line matches
        return match_item(s) is not None
    if f in "%<":
        return s.startswith(("%%", "<!--"))
    return False


def _lazy(ctx: _Ctx, content: str, st: str) -> bool:
    """Is `st` (in `ctx`, after a deeper quote's paragraph) a lazy continuation line?"""
    w = _indent(content[: len(content) - len(st)])
    its = ctx.items
    k = len(its)
    while k and w < its[k - 1][0]:
        k -= 1
    return w - (its[k - 1][0] if k else 0) >= 4 or not _starts_block(st)


def _quoted_paragraph(body: str) -> bool:
    """Does `body` (an item's content, starting with `>`) hold a paragraph in its quote,
    which following lines could continue lazily?"""
    _, inner, _ = _quote_prefix(body)
    st = inner.lstrip(" \t")
    if not st or _indent(inner[: len(inner) - len(st)]) >= 4:
        return False
    f = st[0]
    if f == "#" and _ATX.match(st):
        return False
    if f in "`~" and _fence_open(st):
        return False
    return not (f in "-*_" and _HRULE.match(st))


_PROPERTY = re.compile(r"([^\s#:\-][^:]*):(?:\s|$)")  # a top-level `key:` line


MAX_TASKS_PER_NOTE = 100_000  # a 50,000-task note is read whole; a runaway export is not
MAX_ITEMS_PER_NOTE = 250_000


def _parse(path: str, text: str, problems: list[Problem]) -> NoteDoc:
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = split_lines(text)
    yaml_text, body_start, fm_problems = split_frontmatter_lines(lines, path)
    problems.extend(fm_problems)
    frontmatter: dict[str, Any] = {}
    tags: tuple[str, ...] = ()
    property_lines: tuple[tuple[str, int], ...] = ()
    if yaml_text is not None:
        frontmatter, yaml_problems = load_frontmatter(yaml_text, path)
        problems.extend(yaml_problems)
        property_lines = tuple(
            (m.group(1).strip().strip("\"'").casefold(), i + 1)
            for i in range(1, body_start) if (m := _PROPERTY.match(lines[i])) is not None
        )
        tags = tuple(dict.fromkeys(frontmatter_tags(frontmatter)))

    if not _maybe_task(text):
        # No line can be a task: the body holds nothing vaultgoals uses (the fast path).
        return NoteDoc(
            path=path,
            frontmatter=frontmatter,
            frontmatter_lines=body_start,
            tags=tags,
            problems=tuple(problems),
            property_lines=property_lines,
        )

    headings: list[Heading] = []
    items: list[ListItem] = []
    tasks: list[Task] = []
    over_cap = False

    ctxs: list[_Ctx] = [_Ctx()]
    heading_line: int | None = None
    comment: str | None = None  # closer of an open multi-line comment
    fence: tuple[str, int, int, int] | None = None  # (char, length, depth, container col)

    n = len(lines)
    i = body_start - 1
    while i + 1 < n:
        i += 1
        line = lines[i]

        # ---- inside a multi-line comment: only its closer matters
        if comment is not None:
            end = line.find(comment)
            if end < 0:
                continue
            _, comment = _strip_comments(line[end + len(comment) :])
            continue

        # ---- inside fenced code: only the closing fence or the end of its container
        if fence is not None:
            fch, flen, fdepth, fcol = fence
            inner = _strip_quote_levels(line, fdepth) if fdepth else line
            if inner is not None:
                st = inner.lstrip(" \t")
                if not st:
                    continue  # a blank line inside the fence
                w = _indent(inner[: len(inner) - len(st)])
                if w >= fcol:
                    if (
                        w - fcol <= 3
                        and st[0] == fch
                        and st.startswith(fch * flen)
                        and not st.rstrip(" \t").strip(fch)
                    ):
                        fence = None
                        ctxs[fdepth].para = False
                    continue
            fence = None  # its container ended: read this line normally

        # ---- blockquote prefixes
        first = line[:1]
        depth = 0
        content = line
        qcols: list[int] = []
        if first == ">" or (
            first in (" ", "\t") and ">" in line and line.lstrip(" \t")[:1] == ">"
        ):
            depth, content, qcols = _quote_prefix(line)
            q0 = qcols[0]
            if q0 >= 4:  # indented: a quote only inside a list item that holds it
                top = ctxs[0]
                its = top.items
                k = len(its)
                while k and q0 < its[k - 1][0]:
                    k -= 1
                if (top.icode >= 0 and q0 >= top.icode + 4) or q0 - (
                    its[k - 1][0] if k else 0
                ) >= 4:
                    depth, content, qcols = 0, line, []

        st = content.lstrip(" \t") if content[:1] in (" ", "\t") else content

        if depth != len(ctxs) - 1:
            if depth < len(ctxs) - 1 and st and ctxs[-1].para and _lazy(ctxs[depth], content, st):
                # a lazy continuation line of the paragraph in the deeper quote
                if "%%" in st or "<!--" in st:
                    _, comment = _strip_comments(st)
                continue
            del ctxs[depth + 1 :]
        if depth:
            # each `>` is a block start in the container it sits in
            for level in range(depth):
                outer = ctxs[level]
                outer.para = False
                outer.icode = -1
                outer.empty_top = False
                its = outer.items
                q = qcols[level]
                if its and its[-1][0] > q:
                    while its and its[-1][0] > q:
                        its.pop()
                    del ctxs[level + 1 :]  # the quote that was inside them ended too
                if level + 1 == len(ctxs):
                    ctxs.append(_Ctx(its[-1][1] if its else outer.outer_parent))

        ctx = ctxs[depth]
        stack = ctx.items
        if not st:  # a blank line
            ctx.para = False
            if ctx.empty_top:  # an item can begin with at most one blank line
                ctx.empty_top = False
                stack.pop()
            continue  # (a blank line without `>` has already ended every blockquote)
        ctx.empty_top = False

        w = _indent(content[: len(content) - len(st)]) if st is not content else 0

        # ---- indented code continues while indented enough
        if ctx.icode >= 0:
            if w >= ctx.icode + 4:
                continue
            ctx.icode = -1

        # ---- which open list items does this line continue?
        k = len(stack)
        while k and w < stack[k - 1][0]:
            k -= 1
        col = stack[k - 1][0] if k else 0

        raw_st = st
        if w - col >= 4:
            if ctx.para:  # continuation text (indented code cannot interrupt a paragraph)
                if "%%" in st or "<!--" in st:
                    _, comment = _strip_comments(st)
            else:
                del stack[k:]
                ctx.icode = col
            continue

        # ---- comments: work on the visible part of the line
        if "%%" in st or "<!--" in st:
            st, comment = _strip_comments(st)
            if not st.strip(" \t"):
                # the line is (or opens) a comment: it yields nothing and ends a paragraph
                ctx.para = False
                continue

        f = st[0]
        if f == "#":
            m = _ATX.match(st)
            if m is not None:
                del stack[k:]
                ctx.para = False
                title = _ATX_CLOSE.sub("", m.group(2) or "").strip(" \t")
                if depth == 0:
                    heading_line = i + 1
                    headings.append(Heading(heading_line, len(m.group(1)), title))
                continue
        elif f in "`~":
            m = _fence_open(raw_st)
            if m is not None:
                del stack[k:]
                ctx.para = False
                fence = (f, len(m.group(1)), depth, col)
                comment = None  # a comment marker in an info string opens nothing
                continue

        if (
            (f == "=" or f == "-")
            and ctx.para
            and k == len(stack)
            and not ctx.para_quoted
            and _SETEXT.match(st)
        ):  # a setext underline: `===` makes the paragraph a level-1 heading, `---` level 2
            level = 1 if f == "=" else 2
            heading_line = _setext(lines, ctx, i, depth, headings, level, heading_line)
            continue

        if f in "-*+_0123456789":
            if f in "-*_" and _HRULE.match(st):
                del stack[k:]
                ctx.para = False
                continue
            if f != "_":
                im = match_item(content)  # the item as written ...
                body = im.text if im is not None else ""
                if im is not None and st is not raw_st:
                    # ... and its text without comments, for fields, tags and links
                    vis = match_item(content[: len(content) - len(raw_st)] + st)
                    if vis is None or vis.status != im.status:
                        im = None  # a comment hides the marker or checkbox: not an item
                    else:
                        body = vis.text
                if im is not None:
                    status = im.status
                    empty = status is None and not body.strip(" \t")
                    if not (
                        ctx.para
                        and k == len(stack)
                        and not ctx.para_quoted
                        and (empty or (im.marker[-1] in ".)" and int(im.marker[:-1]) != 1))
                    ):  # (those cannot interrupt a paragraph: continuation text)
                        del stack[k:]
                        parent = stack[-1][1] if stack else ctx.outer_parent
                        lineno = i + 1
                        # an empty item's content column is one past its marker, however
                        # many spaces follow (CommonMark)
                        stack.append((w + len(im.marker) + 1 if empty else im.content_col, lineno))
                        marker = im.marker
                        items.append(
                            ListItem(lineno, parent, marker, status, im.text, heading_line, depth)
                        )
                        ctx.para = not empty
                        ctx.para_start = i
                        ctx.para_first = None
                        ctx.para_quoted = False
                        ctx.empty_top = empty
                        if len(items) > MAX_ITEMS_PER_NOTE or len(tasks) >= MAX_TASKS_PER_NOTE:
                            if not over_cap:
                                items.pop()
                                problems.append(Problem(path, lineno, (
                                    f"more than {MAX_TASKS_PER_NOTE:,} tasks or "
                                    f"{MAX_ITEMS_PER_NOTE:,} list items in one note: the "
                                    "rest are not read (memory stays bounded)")))
                                over_cap = True
                            else:
                                items.pop()
                        elif status is not None:
                            fields = parse_task_body(body)
                            tasks.append(
                                Task(lineno, parent, status, marker, fields, heading_line, depth)
                            )
                            continue
                        # a plain item's content may open a block on the marker's line
                        c0 = body[:1]
                        if im.content_col < _indent(content[: len(content) - len(im.text)]):
                            ctx.para = False  # 5+ spaces after the marker: indented code
                        elif c0 in ("`", "~"):
                            m = _fence_open(body)
                            if m is not None:
                                fence = (c0, len(m.group(1)), depth, im.content_col)
                                comment = None
                                ctx.para = False
                                continue
                        elif c0 == "#":
                            m = _ATX.match(body)
                            if m is not None:
                                ctx.para = False
                                title = _ATX_CLOSE.sub("", m.group(2) or "").strip(" \t")
                                if depth == 0:
                                    heading_line = lineno
                                    headings.append(Heading(lineno, len(m.group(1)), title))
                                continue
                        elif c0 == ">":  # a quote in the item (read as its text)
                            ctx.para = ctx.para_quoted = _quoted_paragraph(body)
                        elif c0 in ("-", "*", "_") and _HRULE.match(body):
                            ctx.para = False
                        ctx.para_first = body
                        continue

        # ---- paragraph text
        if not ctx.para:
            del stack[k:]  # not lazy: the items it is not inside are closed
            ctx.para = True
            ctx.para_start = i
            ctx.para_first = st
            ctx.para_quoted = False

    return NoteDoc(
        path=path,
        frontmatter=frontmatter,
        frontmatter_lines=body_start,
        tags=tags,
        headings=tuple(headings),
        items=tuple(items),
        tasks=tuple(tasks),
        problems=tuple(problems),
        property_lines=property_lines,
    )


def _setext(
    lines: list[str],
    ctx: _Ctx,
    i: int,
    depth: int,
    headings: list[Heading],
    level: int,
    heading_line: int | None,
) -> int | None:
    """Line `i` underlines the paragraph above: make it a heading, return the heading line.

    A task's paragraph, or one in a quote, is left alone (the underline is then a rule or
    text, which changes nothing the scanner reports).
    """
    ctx.para = False
    if depth or ctx.para_first is None:
        return heading_line
    rest = [part.strip(" \t") for part in lines[ctx.para_start + 1 : i]]
    title = " ".join([ctx.para_first.strip(" \t"), *rest])
    headings.append(Heading(ctx.para_start + 1, level, title))
    return ctx.para_start + 1
