"""Specs of the block scanner's steps, one construct at a time, in-process.

`vaultgoals.core.parse.scanner._scan_body` reads a note line by line and hands each
construct to a named step; `vaultgoals.core.parse.blockline` holds the one-line grammar the
steps ask. Each spec here feeds one step a few lines (or one line) and checks what it
reports and which state it leaves for the next line. The whole-note behaviour of these
constructs is specified in tests/test_scanner.py.
"""

from __future__ import annotations

import pytest

from vaultgoals.core.model import Heading, Problem
from vaultgoals.core.parse import scanner
from vaultgoals.core.parse.blockline import (
    ATX,
    fence_open,
    indent,
    quote_prefix,
    quoted_paragraph,
    starts_block,
    strip_comments,
    strip_quote_levels,
)
from vaultgoals.core.parse.frontmatter import read_properties, split_lines
from vaultgoals.core.parse.listline import match_item


def note_of(text: str) -> scanner._Note:
    """A scan state over `text`'s lines, before any line is read."""
    return scanner._Note("note.md", split_lines(text), [])


def scan(text: str) -> scanner._Note:
    note = note_of(text)
    scanner._scan_body(note, 0)
    return note


# --------------------------------------------------------------------------- one-line grammar


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("text", (0, "text", [])),
        ("> a", (1, "a", [0])),
        (">a", (1, "a", [0])),
        ("> > a", (2, "a", [0, 0])),
        (">> a", (2, "a", [0, 0])),
        ("  > a", (1, "a", [2])),
        (">     > a", (1, "    > a", [0])),  # a second `>` 4+ columns in is text
        (">\t- x", (1, "  - x", [0])),  # the tab after `>` expanded to its stop
    ],
)
def test_quote_prefix(line: str, expected: tuple[int, str, list[int]]) -> None:
    assert quote_prefix(line) == expected


def test_strip_quote_levels_strips_exactly_that_many() -> None:
    assert strip_quote_levels(">> > x", 2) == "> x"
    assert strip_quote_levels("> x", 2) is None
    assert strip_quote_levels("x", 1) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", ("plain", None)),
        ("a %% hidden %% b", ("a  b", None)),
        ("a <!-- hidden --> b", ("a  b", None)),
        ("a %% open", ("a ", "%%")),
        ("a <!-- open", ("a ", "-->")),
        ("`%%` stays", ("`%%` stays", None)),  # inside a code span: no comment
        ("a %%x%% b %% c", ("a  b ", "%%")),
    ],
)
def test_strip_comments(text: str, expected: tuple[str, str | None]) -> None:
    assert strip_comments(text) == expected


@pytest.mark.parametrize(
    ("line", "opens"),
    [("```", True), ("~~~~ py", True), ("```py `x`", False), ("~~~ `x`", True), ("``", False)],
)
def test_fence_open(line: str, opens: bool) -> None:
    assert (fence_open(line) is not None) is opens


@pytest.mark.parametrize(
    ("line", "starts"),
    [
        ("# h", True),
        ("#tag", False),
        ("```", True),
        ("---", True),
        ("- item", True),
        ("1. item", True),
        ("%% c", True),
        ("<!-- c", True),
        ("text", False),
        ("-text", False),
    ],
)
def test_starts_block(line: str, starts: bool) -> None:
    assert starts_block(line) is starts


@pytest.mark.parametrize(
    ("body", "paragraph"),
    [("> text", True), ("> # h", False), ("> ```", False), ("> ---", False), (">", False)],
)
def test_quoted_paragraph(body: str, paragraph: bool) -> None:
    assert quoted_paragraph(body) is paragraph


def test_indent_counts_tabs_to_stops_of_four() -> None:
    assert indent("  ") == 2
    assert indent("\t") == 4
    assert indent(" \t") == 4
    assert indent("  \t ") == 5


# --------------------------------------------------------------------------- frontmatter step


def test_read_properties_reports_lines_tags_and_body_start() -> None:
    lines = split_lines("---\ntags: [a, b, a]\nStatus: done\n---\nbody")
    problems: list[Problem] = []
    props, body_start, tags, prop_lines = read_properties(lines, "n.md", problems)
    assert props == {"tags": ["a", "b", "a"], "Status": "done"}
    assert body_start == 4
    assert tags == ("a", "b")
    assert prop_lines == (("tags", 2), ("status", 3))
    assert problems == []


def test_read_properties_without_frontmatter() -> None:
    problems: list[Problem] = []
    assert read_properties(["text"], "n.md", problems) == ({}, 0, (), ())
    assert read_properties(["---", "a: 1"], "n.md", problems) == ({}, 0, (), ())
    assert [p.message for p in problems] == ["frontmatter starts with --- but is never closed"]


# --------------------------------------------------------------------------- comment step


def test_skip_comment_stops_on_the_closing_line() -> None:
    note = note_of("inside\nstill %% closed here\nafter")
    note.comment = "%%"
    assert scanner._skip_comment(note, 0) == 1
    assert note.comment is None


def test_skip_comment_follows_a_comment_reopened_on_the_closing_line() -> None:
    note = note_of("a --> b <!-- again\nc\nd --> e")
    note.comment = "-->"
    assert scanner._skip_comment(note, 0) == 2
    assert note.comment is None


def test_skip_comment_left_open_runs_to_the_end() -> None:
    note = note_of("a\nb")
    note.comment = "%%"
    assert scanner._skip_comment(note, 0) == 1
    assert note.comment == "%%"


# --------------------------------------------------------------------------- fence step


def test_skip_fence_resumes_after_the_closing_fence() -> None:
    note = note_of("```\n- [ ] no\n\n````\n- [ ] yes")
    note.fence = ("`", 3, 0, 0)
    assert scanner._skip_fence(note, 1) == 4
    assert note.fence is None


@pytest.mark.parametrize(
    "closer",
    ["``", "~~~", "``` x", "    ```"],  # too short, other character, text after, indented 4
)
def test_skip_fence_ignores_what_does_not_close_it(closer: str) -> None:
    note = note_of(f"{closer}\nx")
    note.fence = ("`", 3, 0, 0)
    assert scanner._skip_fence(note, 0) == 2  # unclosed: runs to the end of the note


def test_skip_fence_ends_with_its_quote() -> None:
    note = note_of("> code\n- [ ] after")
    note.ctxs.append(scanner._Ctx())
    note.fence = ("`", 3, 1, 0)
    assert scanner._skip_fence(note, 0) == 1  # the line without `>` is read again


def test_skip_fence_ends_with_its_list_item() -> None:
    note = note_of("    code\n  - [ ] after")
    note.fence = ("`", 3, 0, 4)
    assert scanner._skip_fence(note, 0) == 1


# --------------------------------------------------------------------------- quote steps


def test_quote_of_an_indented_marker_outside_a_list_item_is_no_quote() -> None:
    top = scanner._Ctx()
    assert scanner._quote_of(top, "    > x") == (0, "    > x", [])
    top.items.append((4, 1))  # an open item whose content starts at column 4
    assert scanner._quote_of(top, "    > x") == (1, "x", [4])


def test_entering_a_quote_gives_it_list_state_under_the_item_it_sits_in() -> None:
    note = note_of("")
    note.ctxs[0].items.append((2, 1))
    note.ctxs[0].para = True
    assert not scanner._lazy_or_enter_quotes(note, 1, "- [ ] x", "- [ ] x", [2])
    assert len(note.ctxs) == 2
    assert note.ctxs[1].outer_parent == 1
    assert note.ctxs[0].para is False


def test_a_quote_marker_left_of_an_item_closes_it() -> None:
    note = note_of("")
    note.ctxs[0].items.append((2, 1))
    scanner._lazy_or_enter_quotes(note, 1, "x", "x", [0])
    assert note.ctxs[0].items == []
    assert note.ctxs[1].outer_parent is None


def test_lazy_continuation_of_a_quoted_paragraph() -> None:
    note = note_of("")
    note.ctxs.append(scanner._Ctx())
    note.ctxs[1].para = True
    assert scanner._lazy_or_enter_quotes(note, 0, "more %% c", "more %% c", [])
    assert len(note.ctxs) == 2  # still inside the quote
    assert note.comment == "%%"  # a comment opened on the lazy line stays open


def test_a_block_start_ends_the_quote_instead_of_continuing_it() -> None:
    note = note_of("")
    note.ctxs.append(scanner._Ctx())
    note.ctxs[1].para = True
    assert not scanner._lazy_or_enter_quotes(note, 0, "- [ ] x", "- [ ] x", [])
    assert len(note.ctxs) == 1


# --------------------------------------------------------------------------- heading steps


def test_add_heading_outside_and_inside_quotes() -> None:
    note = note_of("")
    m = ATX.match("## Title ##")
    assert m is not None
    scanner._add_heading(note, m, 3, 0)
    assert note.headings == [Heading(3, 2, "Title")]
    assert note.heading_line == 3
    scanner._add_heading(note, m, 7, 1)  # in a quote: not the note's
    assert note.headings == [Heading(3, 2, "Title")]
    assert note.heading_line == 3


def test_setext_joins_the_paragraph_lines_into_the_title() -> None:
    note = note_of("first\n  second\n===")
    ctx = note.ctxs[0]
    ctx.para, ctx.para_start, ctx.para_first = True, 0, "first"
    scanner._setext(note, ctx, 2, 0, 1)
    assert note.headings == [Heading(1, 1, "first second")]
    assert note.heading_line == 1
    assert ctx.para is False


def test_setext_under_an_item_or_in_a_quote_is_no_heading() -> None:
    note = note_of("- [ ] task\n---")
    ctx = note.ctxs[0]
    ctx.para, ctx.para_first = True, None  # a task's paragraph
    scanner._setext(note, ctx, 1, 0, 2)
    ctx.para, ctx.para_first = True, "text"
    scanner._setext(note, ctx, 1, 1, 2)
    assert note.headings == []


def test_open_fence_records_its_container_and_closes_comments() -> None:
    note = note_of("")
    note.comment = "%%"
    m = fence_open("~~~~ %% info")
    assert m is not None
    scanner._open_fence(note, m, 1, 2)
    assert note.fence == ("~", 4, 1, 2)
    assert note.comment is None


# --------------------------------------------------------------------------- list item step


def item(note: scanner._Note, line: str, i: int = 0, *, visible: str | None = None) -> bool:
    """Offer `line` (at index `i`, no quote markers) to the list item step."""
    raw_st = line.lstrip(" \t")
    ctx = note.ctxs[0]
    k = len(ctx.items)
    w = indent(line[: len(line) - len(raw_st)])
    while k and w < ctx.items[k - 1][0]:
        k -= 1
    st = raw_st if visible is None else visible
    return scanner._list_item(note, ctx, k, w, line, st, raw_st, i, 0)


def test_a_task_is_read_with_its_fields_and_parent() -> None:
    note = note_of("")
    assert item(note, "- plain", 0)
    assert item(note, "  - [ ] sub 📅 2026-01-02 #goal", 1)
    assert [(i.line, i.parent_line, i.status) for i in note.items] == [(1, None, None), (2, 1, " ")]
    (task,) = note.tasks
    assert (task.line, task.parent_line, task.fields.due) == (2, 1, "2026-01-02")
    assert task.fields.tags == ("goal",)
    assert note.ctxs[0].items == [(2, 1), (4, 2)]


def test_the_task_fields_come_from_the_visible_text() -> None:
    note = note_of("")
    line = "- [ ] a %% #hidden %% b"
    visible, _ = strip_comments(line)
    assert item(note, line, visible=visible)
    assert note.tasks[0].fields.tags == ()
    assert note.items[0].text == "a %% #hidden %% b"  # the item's text as written


@pytest.mark.parametrize(
    "line",
    [
        "%%x%%- [ ] t",  # the marker is in a comment
        "- %%x%% [ ] t",  # a checkbox only once the comment is cut out
    ],
)
def test_a_comment_that_changes_the_marker_or_checkbox_makes_it_no_item(line: str) -> None:
    note = note_of("")
    assert not item(note, line, visible=strip_comments(line)[0])
    assert note.items == []


@pytest.mark.parametrize("line", ["2. two", "- ", "-"])
def test_what_cannot_interrupt_a_paragraph(line: str) -> None:
    note = note_of("")
    note.ctxs[0].para = True
    assert not item(note, line)
    assert note.items == []


def test_an_empty_item_has_its_content_one_past_the_marker() -> None:
    note = note_of("")
    assert item(note, "-     ")
    assert note.ctxs[0].items == [(2, 1)]
    assert note.ctxs[0].empty_top is True


def test_the_item_cap_is_reported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanner, "MAX_TASKS_PER_NOTE", 2)
    note = scan("- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d")
    assert [t.line for t in note.tasks] == [1, 2]
    assert [p.line for p in note.problems] == [3]
    assert note.over_cap


# --------------------------------------------------------------------------- item content step


def content_of(body_line: str) -> scanner._Note:
    """The item content step run on a plain item's line."""
    note = note_of("")
    im = match_item(body_line)
    assert im is not None
    note.ctxs[0].para = True
    scanner._item_content(note, note.ctxs[0], im, im.text, body_line, 0, 1)
    return note


def test_item_content_fence() -> None:
    note = content_of("- ```py")
    assert note.fence == ("`", 3, 0, 2)
    assert note.ctxs[0].para is False


def test_item_content_heading() -> None:
    note = content_of("- ## In item")
    assert note.headings == [Heading(1, 2, "In item")]
    assert note.heading_line == 1


@pytest.mark.parametrize(
    ("line", "para", "quoted"),
    [
        ("- text", True, False),
        ("- > quoted", True, True),
        ("- > # quoted heading", False, False),
        ("- ---", False, False),
        ("-      code", False, False),  # 5+ spaces after the marker: indented code
    ],
)
def test_item_content_paragraph_state(line: str, para: bool, quoted: bool) -> None:
    ctx = content_of(line).ctxs[0]
    assert (ctx.para, ctx.para_quoted) == (para, quoted)
    assert ctx.para_first is not None


# --------------------------------------------------------------------------- the loop


def test_scan_body_reads_each_construct() -> None:
    note = scan(
        "# Plan\n"
        "- [ ] one\n"
        "  > - [ ] quoted child\n"
        "```\n- [ ] fenced\n```\n"
        "%% - [ ] commented\n%%\n"
        "    - [ ] indented code\n"
        "\n"
        "Setext\n---\n"
        "- [x] two\n"
    )
    assert [(t.line, t.parent_line, t.quote_depth, t.heading_line) for t in note.tasks] == [
        (2, None, 0, 1),
        (3, 2, 1, 1),
        (13, None, 0, 11),
    ]
    assert note.headings == [Heading(1, 1, "Plan"), Heading(11, 2, "Setext")]
