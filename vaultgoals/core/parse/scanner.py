"""Read one note into a `NoteDoc`: exact 1-based lines, the way Obsidian reads the note.

What vaultgoals uses from a note is its frontmatter and its tasks (with the list items
and headings they sit under). A note without a single line that could be a task is read
for its frontmatter only: one regular-expression search decides, so notes without tasks
cost little more than reading them. Of the body's links only their targets are kept
(parse/notelinks.py); a task's own tags and links are in its fields.

Otherwise a single pass over the lines (no recursion, so any nesting depth works): the
loop `_scan_body`, with one named step per construct, and the one-line grammar of
`blockline.py`. The scanner owns the block structure, CommonMark-style, as far as tasks
and headings need it:

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

The Tasks plugin's settings shape what a task is: with a global filter, a checklist line
whose text does not hold it is a plain list item that keeps its checkbox (as for the plugin,
it is no task), and a note without the filter anywhere is read as one without tasks; the
task format says which fields a task's text carries (parse/taskfields.py).

Where this differs from Obsidian's own metadata cache, it is on purpose: an ordered or
bullet item nested on the same line (`- [ ] 1. text`) is one item here, and tags/links in
`%% … %%` comments are not a task's (Obsidian's cache still lists them; a commented-out
tag is one the user switched off).
"""

from __future__ import annotations

import re

from vaultgoals.core.model import Heading, ListItem, NoteDoc, Problem, Task, TextLine
from vaultgoals.core.parse.blockline import (
    ATX,
    ATX_CLOSE,
    HRULE,
    SETEXT,
    fence_open,
    indent,
    quote_prefix,
    quoted_paragraph,
    starts_block,
    strip_comments,
    strip_quote_levels,
)
from vaultgoals.core.parse.cues import reads_in_full
from vaultgoals.core.parse.frontmatter import read_properties, split_lines
from vaultgoals.core.parse.listline import ItemMatch, match_item, maybe_task
from vaultgoals.core.parse.notelinks import body_links
from vaultgoals.core.parse.taskfields import TaskFormat, parse_task_body
from vaultgoals.core.parse.textlines import keep_comment, keep_text

__all__ = ["parse_note", "read_note"]

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


def read_note(path: str, data: bytes, extra: tuple[str, ...] = (), *,
              task_format: TaskFormat = "both", global_filter: str = "") -> NoteDoc:
    """Read a note from its bytes. `path` is vault-relative with `/`, used in problems;
    `extra`: the vault's own goal words (see parse/cues.py); `task_format` and
    `global_filter`: the Tasks plugin's (see `Config`)."""
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
    return _parse(path, text, problems, extra, task_format, global_filter)


def parse_note(path: str, text: str, extra: tuple[str, ...] = (), *,
               task_format: TaskFormat = "both", global_filter: str = "") -> NoteDoc:
    """Read a note from its text (already decoded)."""
    return _parse(path, text, [], extra, task_format, global_filter)


def _line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of byte `offset`, counting `\r\n`, `\r` and `\n` as line breaks."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _lazy(ctx: _Ctx, content: str, st: str) -> bool:
    """Is `st` (in `ctx`, after a deeper quote's paragraph) a lazy continuation line?"""
    w = indent(content[: len(content) - len(st)])
    its = ctx.items
    k = len(its)
    while k and w < its[k - 1][0]:
        k -= 1
    return w - (its[k - 1][0] if k else 0) >= 4 or not starts_block(st)



MAX_TASKS_PER_NOTE = 100_000  # a 50,000-task note is read whole; a runaway export is not
MAX_ITEMS_PER_NOTE = 250_000


class _Note:
    """What the scan of one note has found so far, and the blocks that stay open across
    lines (a fence, a multi-line comment, the quote depths with their lists)."""

    __slots__ = (
        "comment",
        "ctxs",
        "fence",
        "full",
        "global_filter",
        "heading_line",
        "headings",
        "items",
        "lines",
        "over_cap",
        "path",
        "problems",
        "task_format",
        "tasks",
        "text",
    )

    def __init__(self, path: str, lines: list[str], problems: list[Problem],
                 full: bool = False, task_format: TaskFormat = "both",
                 global_filter: str = "") -> None:
        self.path = path
        self.task_format: TaskFormat = task_format  # how a task's fields are written
        self.global_filter = global_filter  # what a task's text must hold ("": nothing)
        self.full = full  # read in full: keep the text lines too
        self.text: list[TextLine] = []
        self.lines = lines
        self.problems = problems
        self.headings: list[Heading] = []
        self.items: list[ListItem] = []
        self.tasks: list[Task] = []
        self.over_cap = False  # the item or task cap was reached: the rest is not read
        self.ctxs: list[_Ctx] = [_Ctx()]  # index = blockquote depth
        self.heading_line: int | None = None  # line of the last heading outside quotes
        self.comment: str | None = None  # closer of an open multi-line comment
        # an open fenced code block: (character, length, quote depth, container column)
        self.fence: tuple[str, int, int, int] | None = None


def _parse(path: str, text: str, problems: list[Problem], extra: tuple[str, ...],
           task_format: TaskFormat = "both", global_filter: str = "") -> NoteDoc:
    """Read a note: its frontmatter, then (when a line could be a task, or the note may
    hold goals written in a convention) its body."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = split_lines(text)
    frontmatter, body_start, tags, property_lines = read_properties(lines, path, problems)
    # (with a global filter, a note that never mentions it has no task: one more search,
    # only in vaults that set one)
    has_task = maybe_task(text) and (not global_filter or global_filter in text)
    body = sum(map(len, lines[:body_start])) + body_start if body_start else 0
    full = reads_in_full(path, text, frontmatter, body, has_task, extra)
    if not has_task and not full:
        # No line can be a task, and no goal convention is in sight: the body holds
        # nothing vaultgoals uses but its links.
        return NoteDoc(
            path=path,
            frontmatter=frontmatter,
            frontmatter_lines=body_start,
            tags=tags, problems=tuple(problems), property_lines=property_lines,
            links=body_links(text, body),  # (the evidence of people and skills)
        )
    note = _Note(path, lines, problems, full, task_format, global_filter)
    _scan_body(note, body_start)
    return NoteDoc(
        path=path,
        frontmatter=frontmatter,
        frontmatter_lines=body_start,
        tags=tags,
        headings=tuple(note.headings),
        items=tuple(note.items),
        tasks=tuple(note.tasks),
        problems=tuple(problems),
        property_lines=property_lines,
        full=full,
        lines=tuple(note.text),
        links=body_links(text, body),
    )


_NO_COLS: list[int] = []  # (never changed: the quote columns of a line without `>`)


def _scan_body(note: _Note, start: int) -> None:
    """Read the lines from index `start` on into `note`'s headings, items and tasks.

    One loop: each line goes to the block open across lines (comment, fence), loses its
    quote markers, and is read as one construct (blank, indented code, comment, heading,
    fence, setext underline, rule, list item, paragraph). Common lines are decided here
    without a call (this runs for every line read); rarer ones in the `_` steps below."""
    lines = note.lines
    ctxs = note.ctxs  # (changed in place only)
    n = len(lines)
    i = start - 1
    while i + 1 < n:
        i += 1
        if note.comment is not None:
            i = _skip_comment(note, i)
            continue
        if note.fence is not None:
            i = _skip_fence(note, i) - 1
            continue
        line = lines[i]

        # ---- blockquote prefixes
        first = line[:1]
        if first == ">" or (
            first in (" ", "\t") and ">" in line and line.lstrip(" \t")[:1] == ">"
        ):
            depth, content, qcols = _quote_of(ctxs[0], line)
        else:
            depth, content, qcols = 0, line, _NO_COLS
        st = content.lstrip(" \t") if content[:1] in (" ", "\t") else content
        if (depth or len(ctxs) > 1) and _lazy_or_enter_quotes(note, depth, content, st, qcols):
            continue  # a lazy continuation line of the paragraph in a deeper quote

        ctx = ctxs[depth]
        stack = ctx.items
        if not st:  # a blank line
            ctx.para = False
            if ctx.empty_top:  # an item can begin with at most one blank line
                ctx.empty_top = False
                stack.pop()
            continue  # (a blank line without `>` has already ended every blockquote)
        ctx.empty_top = False

        w = indent(content[: len(content) - len(st)]) if st is not content else 0

        # ---- indented code continues while indented enough
        if ctx.icode >= 0:
            if w >= ctx.icode + 4:
                continue
            ctx.icode = -1

        # ---- which open list items does this line continue? (the first k of them)
        k = len(stack)
        while k and w < stack[k - 1][0]:
            k -= 1
        col = stack[k - 1][0] if k else 0

        raw_st = st
        if note.full and ((ctx.para and w >= col + 4) or "%%" in st or "<!--" in st):
            keep_text(note.text, i, st, note.heading_line, ctx, k, depth, ctx.para and w >= col + 4)
        if w - col >= 4:
            if ctx.para:  # continuation text (indented code cannot interrupt a paragraph)
                if "%%" in st or "<!--" in st:
                    _, note.comment = strip_comments(st)
            else:  # indented code: it closes the items it is not inside
                del stack[k:]
                ctx.icode = col
            continue

        # ---- comments: work on the visible part of the line
        if "%%" in st or "<!--" in st:
            st, note.comment = strip_comments(st)
            if not st.strip(" \t"):
                # the line is (or opens) a comment: it yields nothing and ends a paragraph
                ctx.para = False
                continue

        f = st[0]
        if f == "#":
            m = ATX.match(st)
            if m is not None:
                del stack[k:]
                ctx.para = False
                _add_heading(note, m, i + 1, depth)
                continue
        elif f in "`~":
            m = fence_open(raw_st)
            if m is not None:
                del stack[k:]
                ctx.para = False
                _open_fence(note, m, depth, col)
                continue

        if (
            (f == "=" or f == "-")
            and ctx.para
            and k == len(stack)
            and not ctx.para_quoted
            and SETEXT.match(st)
        ):  # a setext underline: `===` makes the paragraph a level-1 heading, `---` level 2
            _setext(note, ctx, i, depth, 1 if f == "=" else 2)
            continue

        if f in "-*+_0123456789":
            if f in "-*_" and HRULE.match(st):  # a thematic break
                del stack[k:]
                ctx.para = False
                continue
            if f != "_" and _list_item(note, ctx, k, w, content, st, raw_st, i, depth):
                continue

        # ---- paragraph text
        if not ctx.para:
            del stack[k:]  # not lazy: the items it is not inside are closed
            ctx.para = True
            ctx.para_start = i
            ctx.para_first = st
            ctx.para_quoted = False
        if note.full:
            keep_text(note.text, i, st, note.heading_line, ctx, len(stack), depth, True, False)


def _skip_comment(note: _Note, i: int) -> int:
    """Lines from index `i` inside the open multi-line comment: only its closer matters.

    Returns the index of the last line consumed (the one that closes the comment, or the
    last line of the note); what follows a closer on its line is read only for further
    comments (a line that closes a comment yields nothing else).
    """
    lines = note.lines
    closer = note.comment
    last = len(lines) - 1
    while closer is not None:
        line = lines[i]
        if note.full:
            keep_comment(note.text, i, line, note.heading_line)
        end = line.find(closer)
        if end >= 0:
            _, closer = strip_comments(line[end + len(closer) :])
            if closer is None:
                break
        if i == last:
            break
        i += 1
    note.comment = closer
    return i


def _skip_fence(note: _Note, i: int) -> int:
    """Lines from index `i` inside the open fenced code block.

    Only its closing fence (same character, at least as long, indented at most 3 columns
    past the container, nothing after it) or the end of its container (a line without
    enough `>` markers, or indented less than the container's content) matters. Returns
    the index of the first line to read normally: after the closing fence, or the line
    that ended the container (it is read again as an ordinary line).
    """
    assert note.fence is not None
    fch, flen, fdepth, fcol = note.fence
    note.fence = None
    lines = note.lines
    n = len(lines)
    while i < n:
        line = lines[i]
        inner = strip_quote_levels(line, fdepth) if fdepth else line
        if inner is None:
            return i  # fewer `>` than the fence's quote: the quote ended
        st = inner.lstrip(" \t")
        if st:  # (a blank line stays inside the fence)
            w = indent(inner[: len(inner) - len(st)])
            if w < fcol:
                return i  # outdented past the list item that held the fence
            if (
                w - fcol <= 3
                and st[0] == fch
                and st.startswith(fch * flen)
                and not st.rstrip(" \t").strip(fch)
            ):
                note.ctxs[fdepth].para = False
                return i + 1
        i += 1
    return n  # an unclosed fence runs to the end of the note


def _quote_of(top: _Ctx, line: str) -> tuple[int, str, list[int]]:
    """`line`'s blockquote markers: (depth, content after them, columns before each `>`).

    A `>` indented 4 or more columns opens a quote only inside a list item whose content
    column it reaches (and not inside indented code): otherwise the line has depth 0.
    """
    depth, content, qcols = quote_prefix(line)
    q0 = qcols[0]
    if q0 >= 4:
        its = top.items
        k = len(its)
        while k and q0 < its[k - 1][0]:
            k -= 1
        if (top.icode >= 0 and q0 >= top.icode + 4) or q0 - (its[k - 1][0] if k else 0) >= 4:
            return 0, line, _NO_COLS
    return depth, content, qcols


def _lazy_or_enter_quotes(
    note: _Note, depth: int, content: str, st: str, qcols: list[int]
) -> bool:
    """A line with `depth` quote markers (`qcols`: their columns), in or after a quote.

    True when it is a lazy continuation of the paragraph in a deeper quote (fewer markers,
    but it does not start a block): it stays in that paragraph and yields nothing. Else
    the deeper quotes end, and each `>` is a block start in the container it sits in: it
    ends that container's paragraph and indented code and closes its list items that the
    `>` is not inside (with any deeper quote they held); a quote level the line opens gets
    its own list state, whose top items are children of the item the quote sits in.
    """
    ctxs = note.ctxs
    if depth != len(ctxs) - 1:
        if depth < len(ctxs) - 1 and st and ctxs[-1].para and _lazy(ctxs[depth], content, st):
            if "%%" in st or "<!--" in st:
                _, note.comment = strip_comments(st)
            return True
        del ctxs[depth + 1 :]
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
    return False


def _add_heading(note: _Note, m: re.Match[str], lineno: int, depth: int) -> None:
    """An ATX heading (`m`: its `ATX` match) on line `lineno`. Headings inside quotes are
    not the note's: they neither appear nor become the heading tasks sit under."""
    if depth == 0:
        title = ATX_CLOSE.sub("", m.group(2) or "").strip(" \t")
        note.heading_line = lineno
        note.headings.append(Heading(lineno, len(m.group(1)), title))


def _open_fence(note: _Note, m: re.Match[str], depth: int, col: int) -> None:
    """A fenced code block opens (`m`: its `FENCE_OPEN` match) in the container at quote
    depth `depth` whose content starts at column `col`."""
    note.fence = (m.group(1)[0], len(m.group(1)), depth, col)
    note.comment = None  # a comment marker in an info string opens nothing


def _setext(note: _Note, ctx: _Ctx, i: int, depth: int, level: int) -> None:
    """Line `i` underlines the paragraph above: make it a heading of `level`.

    A task's paragraph, or one in a quote, is left alone (the underline is then a rule or
    text, which changes nothing the scanner reports).
    """
    ctx.para = False
    if depth or ctx.para_first is None:
        return
    if note.full:  # the paragraph's lines were kept as text: they are the heading now
        while note.text and note.text[-1].line > ctx.para_start and not note.text[-1].comment:
            note.text.pop()
    rest = [part.strip(" \t") for part in note.lines[ctx.para_start + 1 : i]]
    title = " ".join([ctx.para_first.strip(" \t"), *rest])
    note.heading_line = ctx.para_start + 1
    note.headings.append(Heading(ctx.para_start + 1, level, title))


def _list_item(
    note: _Note,
    ctx: _Ctx,
    k: int,
    w: int,
    content: str,
    st: str,
    raw_st: str,
    i: int,
    depth: int,
) -> bool:
    """Line `i` as a list item, if it is one: True when it was read as an item.

    `content` is the line without quote markers, `raw_st` the same without indentation
    (`w` columns), `st` that without comments; the line continues the first `k` open items
    of `ctx`. False (the line is paragraph text) when it is no item, when a comment hides
    its marker or checkbox, or when it cannot interrupt the paragraph it follows (an
    empty item, or an ordered one not numbered 1).
    """
    im = match_item(content)  # the item as written ...
    if im is None:
        return False
    body = im.text
    if st is not raw_st:
        # ... and its text without comments, for fields, tags and links
        vis = match_item(content[: len(content) - len(raw_st)] + st)
        if vis is None or vis.status != im.status:
            return False  # a comment hides the marker or checkbox: not an item
        body = vis.text
    status = im.status
    stack = ctx.items
    empty = status is None and not body.strip(" \t")
    if (
        ctx.para
        and k == len(stack)
        and not ctx.para_quoted
        and (empty or (im.marker[-1] in ".)" and int(im.marker[:-1]) != 1))
    ):
        return False  # (those cannot interrupt a paragraph: continuation text)

    del stack[k:]
    parent = stack[-1][1] if stack else ctx.outer_parent
    lineno = i + 1
    # an empty item's content column is one past its marker, however many spaces follow
    # (CommonMark)
    stack.append((w + len(im.marker) + 1 if empty else im.content_col, lineno))
    ctx.para = not empty
    ctx.para_start = i
    ctx.para_first = None
    ctx.para_quoted = False
    ctx.empty_top = empty
    gf = note.global_filter
    if status is not None and gf and gf not in im.text:
        # a checklist line without the Tasks plugin's global filter: neither a task nor a
        # list item any goal convention reads (it stays open for the lines nested in it)
        _item_content(note, ctx, im, body, content, depth, lineno)
        return True
    items = note.items
    items.append(ListItem(lineno, parent, im.marker, status, im.text, note.heading_line, depth))
    if len(items) > MAX_ITEMS_PER_NOTE or len(note.tasks) >= MAX_TASKS_PER_NOTE:
        items.pop()
        if not note.over_cap:
            note.problems.append(Problem(note.path, lineno, (
                f"more than {MAX_TASKS_PER_NOTE:,} tasks or "
                f"{MAX_ITEMS_PER_NOTE:,} list items in one note: the "
                "rest are not read (memory stays bounded)")))
            note.over_cap = True
    elif status is not None:
        fields = parse_task_body(body, note.task_format)
        note.tasks.append(
            Task(lineno, parent, status, im.marker, fields, note.heading_line, depth)
        )
        return True
    _item_content(note, ctx, im, body, content, depth, lineno)
    return True


def _item_content(
    note: _Note, ctx: _Ctx, im: ItemMatch, body: str, content: str, depth: int, lineno: int
) -> None:
    """A plain item's content may open a block on the marker's line: indented code (5+
    spaces after the marker), a fence, an ATX heading, a quote (read as the item's text)
    or a rule. Otherwise it begins a paragraph, which may become a setext heading."""
    c0 = body[:1]
    if im.content_col < indent(content[: len(content) - len(im.text)]):
        ctx.para = False  # 5+ spaces after the marker: indented code
    elif c0 in ("`", "~"):
        m = fence_open(body)
        if m is not None:
            _open_fence(note, m, depth, im.content_col)
            ctx.para = False
            return
    elif c0 == "#":
        m = ATX.match(body)
        if m is not None:
            ctx.para = False
            _add_heading(note, m, lineno, depth)
            return
    elif c0 == ">":  # a quote in the item (read as its text)
        ctx.para = ctx.para_quoted = quoted_paragraph(body)
    elif c0 in ("-", "*", "_") and HRULE.match(body):
        ctx.para = False
    ctx.para_first = body
