"""Read one note into a `NoteDoc`: exact 1-based lines, the way Obsidian reads the note.

A single pass over the lines (no recursion, so any nesting depth works). The scanner owns
the block structure, CommonMark-style, as far as tasks, headings, tags and links need it:

- frontmatter lines are skipped (see `frontmatter.py`);
- fenced code (``` and ~~~, also inside quotes and list items; an unclosed fence runs to
  the end of its container), indented code (4+ columns after a non-paragraph line, and
  not a nested list item), `%% … %%` and `<!-- … -->` comments (inline or spanning
  lines): nothing inside them is a task, heading, tag or link;
- blockquotes and callouts at any depth (`>`, `>>`, `> >`, up to 3 spaces before each
  `>`): the prefixes are stripped and the depth kept; each depth has its own lists;
- list items: the parent of an item is the nearest open item whose content column is at
  most the item's indentation (tabs count 4); a non-list line indented less than the open
  item's content closes it, unless it is a lazy continuation of a paragraph; headings,
  fences and rules close the items they are not inside;
- headings: ATX (`# …`, not `#tag`) and setext (`text` over `===`/`---`), outside quotes.

Where this differs from Obsidian's own metadata cache, it is on purpose: an ordered or
bullet item nested on the same line (`- [ ] 1. text`) is one item here, and tags/links in
`%% … %%` comments are ignored (Obsidian's cache still lists them; a commented-out tag is
one the user switched off).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from vaultgoals.markdown.frontmatter import (
    frontmatter_tags,
    load_frontmatter,
    split_frontmatter_lines,
    split_lines,
)
from vaultgoals.markdown.listline import match_item
from vaultgoals.markdown.taskfields import extract_links, extract_tags, parse_task_body
from vaultgoals.model import Heading, Link, ListItem, NoteDoc, Problem, Task

__all__ = ["parse_note", "read_note"]

_ATX = re.compile(r"(#{1,6})(?:[ \t]+(.*)|[ \t]*)\Z", re.DOTALL)
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*\Z")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)\Z", re.DOTALL)
_HRULE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*\Z")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*\Z")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_COMMENT_OPEN = re.compile(r"%%|<!--")
# Anything that could make a body produce a heading or a list item (fast-path test).
_MAYBE_BLOCK = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t\r]|$)|=+[ \t\r]*$|-+[ \t\r]*$)", re.MULTILINE
)
_LONE_CR = re.compile(r"\r(?!\n)")
_ORDERED_ONE = ("1.", "1)")


class _Ctx:
    """List state at one blockquote depth."""

    __slots__ = ("icode", "items", "para", "para_item", "para_start")

    def __init__(self) -> None:
        self.items: list[tuple[int, int]] = []  # open list items: (content column, line)
        self.para = False  # the previous line is paragraph text (can be continued lazily)
        self.para_item = False  # ... and that paragraph began on a list item line
        self.para_start = 0  # line index where the paragraph began
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
    """1-based line of byte `offset`, counting `\\r\\n`, `\\r` and `\\n` as line breaks."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _indent(ws: str) -> int:
    return len(ws.expandtabs(4)) if "\t" in ws else len(ws)


def _quote_prefix(line: str) -> tuple[int, str, list[int]]:
    """Strip blockquote markers: (depth, content, spaces before each `>`)."""
    n = len(line)
    pos = 0
    cols: list[int] = []
    pad = ""
    while True:
        j = pos
        while j < n and line[j] == " " and j - pos < 4:
            j += 1
        if j - pos > 3 or j >= n or line[j] != ">":
            break
        cols.append(j - pos)
        pos = j + 1
        if pos < n:
            ch = line[pos]
            if ch == " ":
                pos += 1
            elif ch == "\t":  # `>` + tab: the optional space takes one column of the tab
                pos += 1
                pad = "  "
                break
    return len(cols), pad + line[pos:], cols


def _strip_quote_levels(line: str, levels: int) -> str | None:
    """The line without exactly `levels` quote markers, or None if it has fewer."""
    n = len(line)
    pos = 0
    pad = ""
    for _ in range(levels):
        if pad:
            return None
        j = pos
        while j < n and line[j] == " " and j - pos < 4:
            j += 1
        if j - pos > 3 or j >= n or line[j] != ">":
            return None
        pos = j + 1
        if pos < n:
            if line[pos] == " ":
                pos += 1
            elif line[pos] == "\t":
                pos += 1
                pad = "  "
    return pad + line[pos:]


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


def _starts_block(s: str) -> bool:
    """Would `s` (indentation removed, indented < 4) start a block outside the quote whose
    paragraph it follows, i.e. not be a lazy continuation line of that paragraph?"""
    f = s[0]
    if f == "#":
        return _ATX.match(s) is not None
    if f in "`~":
        m = _FENCE_OPEN.match(s)
        return m is not None and not (m.group(1)[0] == "`" and "`" in m.group(2))
    if f in "-*_" and _HRULE.match(s):
        return True
    if f in "-*+0123456789":
        # any item: the paragraph it would interrupt is not in a container this line matches
        return match_item(s) is not None
    if f in "%<":
        return s.startswith(("%%", "<!--"))
    return False


def _walk_strings(value: Any) -> Iterable[str]:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            stack.extend(reversed(list(v.values())))
        elif isinstance(v, list):
            stack.extend(reversed(v))


def _parse(path: str, text: str, problems: list[Problem]) -> NoteDoc:
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = split_lines(text)
    yaml_text, body_start, fm_problems = split_frontmatter_lines(lines, path)
    problems.extend(fm_problems)
    frontmatter: dict[str, Any] = {}
    tags: dict[str, None] = {}
    links: list[Link] = []
    if yaml_text is not None:
        frontmatter, yaml_problems = load_frontmatter(yaml_text, path)
        problems.extend(yaml_problems)
        for tag in frontmatter_tags(frontmatter):
            tags.setdefault(tag, None)
        for value in _walk_strings(frontmatter):
            if "[" in value:
                links.extend(extract_links(value))

    if _nothing_to_scan(text, lines, body_start):
        return NoteDoc(
            path=path,
            frontmatter=frontmatter,
            frontmatter_lines=body_start,
            tags=tuple(tags),
            links=tuple(links),
            problems=tuple(problems),
        )

    headings: list[Heading] = []
    items: list[ListItem] = []
    tasks: list[Task] = []

    def harvest_tags(s: str) -> None:
        for tag in extract_tags(s):
            tags.setdefault(tag.lstrip("#"), None)

    def harvest(s: str) -> None:
        """Note-level tags and links of visible text `s` (not code, not a comment)."""
        if "#" in s:
            harvest_tags(s)
        if "[" in s:
            links.extend(extract_links(s))

    ctxs: list[_Ctx] = [_Ctx()]
    depth_now = 0  # == len(ctxs) - 1
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
            rest = line[end + len(comment) :]
            visible, comment = _strip_comments(rest)
            harvest(visible)
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
        if first == ">" or (first == " " and ">" in line[:4]):
            depth, content, qcols = _quote_prefix(line)
        else:
            depth, content, qcols = 0, line, []

        st = content.lstrip(" \t") if content[:1] in (" ", "\t") else content

        if depth != depth_now:
            if (
                depth < depth_now
                and st
                and ctxs[-1].para
                and (_indent(content[: len(content) - len(st)]) >= 4 or not _starts_block(st))
            ):
                # a lazy continuation line of the paragraph in the deeper quote
                if "%%" in st or "<!--" in st:
                    st, comment = _strip_comments(st)
                harvest(st)
                continue
            if depth < depth_now:
                del ctxs[depth + 1 :]
            else:
                ctxs.extend(_Ctx() for _ in range(depth - depth_now))
            depth_now = depth
        if depth:
            # each `>` is a block start in the container it sits in
            for level in range(depth):
                outer = ctxs[level]
                outer.para = False
                outer.icode = -1
                its = outer.items
                q = qcols[level]
                while its and its[-1][0] > q:
                    its.pop()

        ctx = ctxs[depth]
        if not st:  # a blank line
            ctx.para = False
            if depth == 0 and len(ctxs) > 1:  # ... ends every blockquote
                del ctxs[1:]
                depth_now = 0
            continue

        w = _indent(content[: len(content) - len(st)]) if st is not content else 0
        stack = ctx.items

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
                    st, comment = _strip_comments(st)
                harvest(st)
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
                harvest(title)
                continue
        elif f in "`~":
            m = _FENCE_OPEN.match(raw_st)
            if m is not None and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                del stack[k:]
                ctx.para = False
                fence = (f, len(m.group(1)), depth, col)
                comment = None  # a comment marker in an info string opens nothing
                continue
        elif (
            f == "=" and ctx.para and k == len(stack) and not ctx.para_item and _SETEXT.match(st)
        ):
            ctx.para = False
            heading_line = _setext(lines, ctx, i, depth, headings, 1, heading_line)
            continue

        if f in "-*+_0123456789":
            if f in "-*_" and _HRULE.match(st):
                if (
                    f == "-"
                    and ctx.para
                    and k == len(stack)
                    and not ctx.para_item
                    and _SETEXT.match(st)
                ):
                    heading_line = _setext(lines, ctx, i, depth, headings, 2, heading_line)
                else:
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
                    empty = im.status is None and not im.text.strip()
                    if (
                        ctx.para
                        and k == len(stack)
                        and (empty or (im.marker[-1] in ".)" and int(im.marker[:-1]) != 1))
                    ):
                        pass  # cannot interrupt a paragraph: continuation text
                    else:
                        del stack[k:]
                        parent = stack[-1][1] if stack else None
                        lineno = i + 1
                        stack.append((im.content_col, lineno))
                        status = im.status
                        marker = im.marker
                        items.append(
                            ListItem(lineno, parent, marker, status, im.text, heading_line, depth)
                        )
                        if status is not None:
                            fields = parse_task_body(body)
                            tasks.append(
                                Task(lineno, parent, status, marker, fields, heading_line, depth)
                            )
                            # The fields' tags/links were read from the description, which is
                            # the body minus its fields: reuse them unless a field held some.
                            desc = fields.description
                            if "#" in body:
                                if body.count("#") == desc.count("#"):
                                    for tag in fields.tags:
                                        tags.setdefault(tag.lstrip("#"), None)
                                else:
                                    harvest_tags(body)
                            if "[" in body:
                                if body.count("[") == desc.count("["):
                                    links.extend(fields.links)
                                else:
                                    links.extend(extract_links(body))
                        else:
                            harvest(body)
                        ctx.para = not empty
                        ctx.para_item = True
                        ctx.para_start = i
                        continue

        # ---- paragraph text
        if not ctx.para:
            del stack[k:]  # not lazy: the items it is not inside are closed
            ctx.para = True
            ctx.para_item = False
            ctx.para_start = i
        harvest(st)

    return NoteDoc(
        path=path,
        frontmatter=frontmatter,
        frontmatter_lines=body_start,
        tags=tuple(tags),
        links=tuple(links),
        headings=tuple(headings),
        items=tuple(items),
        tasks=tuple(tasks),
        problems=tuple(problems),
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
    """Turn the paragraph above line `i` into a setext heading; return the heading line."""
    if depth:
        return heading_line
    title = " ".join(part.strip(" \t") for part in lines[ctx.para_start : i])
    headings.append(Heading(ctx.para_start + 1, level, title))
    return ctx.para_start + 1


def _nothing_to_scan(text: str, lines: list[str], body_start: int) -> bool:
    """True when the body cannot hold a heading, list item, tag or link (the fast path).

    Tags need `#`, links `[`, list items a marker at the start of a line and setext
    headings an underline; one C-speed search each instead of a Python loop over lines.
    """
    offset = 0
    crlf = "\r" in text
    if crlf and _LONE_CR.search(text):
        return False  # `^` in the search below would miss lines after a lone `\r`
    for line in lines[:body_start]:
        offset += len(line)
        offset += 2 if crlf and text.startswith("\r\n", offset) else 1
    if text.find("[", offset) >= 0 or text.find("#", offset) >= 0:
        return False
    return _MAYBE_BLOCK.search(text, offset) is None
