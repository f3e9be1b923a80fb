"""The block scanner: which lines Obsidian reads as list items and tasks, with exact lines.

Real-vault answer keys (`tests/data/vaults/*-expected.json`)
-------------------------------------------------------------
`tasks-demo-expected.json` covers every note of the Obsidian Tasks plugin's demo vault
`Test Data/` folder (copied with its MIT LICENSE to `tests/data/vaults/tasks-demo/`);
`lifeos-expected.json` covers the trickiest notes of a LifeOS demo vault (MIT, copied to
`tests/data/vaults/lifeos/`): callout habits in daily notes, custom statuses, a Templater
template whose `> - [ ]` sits inside a JS string, code blocks inside `%%` comments.

Each key lists, per note, the (1-based line, status character) of every line Obsidian marks
as a checklist item. It was written by reading each note's Markdown (`cat -A`, so tabs, BOMs
and zero-width spaces show) against CommonMark's block rules and Obsidian's
additions (callouts, `%% %%` comments) — not by running the scanner and pasting its output.
Notes worth knowing: `zero_width.md` line 6 starts with a zero-width space, so it is lazy
paragraph text, not a task; `inheritance_1parent1child1sibling_emptystring.md` line 4 (one
leading space) is a new root; `numbered_tasks_issue_3481.md` has 6 tasks. For six notes
(zero_width, numbered_tasks_issue_3481, inheritance_non_task_child, comments_markdown_style,
callouts_nested_issue_2890_labelled, inheritance_1parent1child1sibling_emptystring) the key
was then checked against Obsidian's own `cachedMetadata.listItems`, which the Tasks plugin
records in its repository (tests/Obsidian/__test_data__/*.json): they agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import strip_quotes
from vaultgoals.core.model import Heading, Link, NoteDoc
from vaultgoals.core.parse.frontmatter import split_lines
from vaultgoals.core.parse.listline import match_item
from vaultgoals.core.parse.scanner import parse_note, read_note

VAULTS = Path(__file__).resolve().parent / "data" / "vaults"


def doc(text: str) -> NoteDoc:
    return parse_note("note.md", text)


def tasks(text: str) -> list[tuple[int, str]]:
    return [(t.line, t.status) for t in doc(text).tasks]


def parents(text: str) -> dict[int, int | None]:
    return {i.line: i.parent_line for i in doc(text).items}


# --------------------------------------------------------------------------- list nesting


def test_nesting_by_content_column() -> None:
    text = "- [ ] a\n    - [ ] b\n        - [ ] c\n    - [ ] d\n- [ ] e\n"
    assert parents(text) == {1: None, 2: 1, 3: 2, 4: 1, 5: None}


def test_two_space_nesting_and_plain_bullets() -> None:
    text = "- goal\n  - [x] step\n  - note\n    - [ ] sub\n"
    d = doc(text)
    assert [(i.line, i.parent_line, i.status) for i in d.items] == [
        (1, None, None),
        (2, 1, "x"),
        (3, 1, None),
        (4, 3, " "),
    ]
    assert [t.line for t in d.tasks] == [2, 4]


def test_less_indented_item_is_a_sibling_not_a_child() -> None:
    # tasks-demo inheritance_1parent1child1sibling_emptystring.md
    assert parents("- [ ] a\n    - [ ] b\n\n - [ ] c\n") == {1: None, 2: 1, 4: None}
    # one space more than the parent's marker is not enough for `- ` (content at column 2)
    assert parents("- [ ] a\n - [ ] b\n") == {1: None, 2: None}


def test_ordered_list_content_column() -> None:
    assert parents("10. [ ] a\n   - [ ] b\n") == {1: None, 2: None}  # needs 4 columns
    assert parents("10. [ ] a\n    - [ ] b\n") == {1: None, 2: 1}
    assert parents("1) [ ] a\n   1) b\n") == {1: None, 2: 1}


def test_two_spaces_after_the_marker_move_the_content_column() -> None:
    # tasks-demo inheritance_non_task_child.md: `-  [ ]`, children at 4 spaces
    text = "-  [ ] #task task parent\n    - [ ] #task task child\n    - list item child\n"
    assert parents(text) == {1: None, 2: 1, 3: 1}
    assert tasks(text) == [(1, " "), (2, " ")]


def test_tabs_count_four_columns() -> None:
    assert parents("- [ ] a\n\t- [ ] b\n\t\t- [ ] c\n\t- [ ] d\n") == {1: None, 2: 1, 3: 2, 4: 1}
    assert parents("- a\n  \t- [ ] b\n") == {1: None, 2: 1}


def test_lazy_continuation_keeps_the_list_open() -> None:
    assert parents("- a\nlazy text\n  - [ ] b\n") == {1: None, 3: 1}
    assert parents("- a\n  - b\nlazy\n    - [ ] c\n") == {1: None, 2: 1, 4: 2}


def test_unindented_paragraph_after_a_blank_line_ends_the_list() -> None:
    assert parents("- a\n\ntext\n  - [ ] b\n") == {1: None, 4: None}
    assert parents("- a\n\n  text in a\n  - [ ] b\n") == {1: None, 4: 1}


def test_blank_lines_do_not_end_a_list() -> None:
    assert parents("- a\n\n\n  - [ ] b\n\n- [ ] c\n") == {1: None, 4: 1, 6: None}


def test_a_heading_ends_all_lists() -> None:
    d = doc("- a\n  - b\n# H\n  - [ ] c\n")
    assert {i.line: i.parent_line for i in d.items} == {1: None, 2: 1, 4: None}
    assert d.tasks[0].heading_line == 3


def test_an_empty_item_followed_by_a_blank_line_is_closed() -> None:
    assert parents("-\n\n  - [ ] a\n") == {1: None, 3: None}
    assert parents("-\n  - [ ] a\n") == {1: None, 2: 1}
    assert parents("1.   \n    - [ ] a\n") == {1: None, 2: 1}  # content column 3, not 5


def test_item_content_can_open_a_block() -> None:
    assert tasks("- ```\n  - [ ] no\n  ```\n- [ ] yes\n") == [(4, " ")]
    d = doc("- # Heading in an item\n  - [ ] a\n")
    assert d.headings == (Heading(1, 1, "Heading in an item"),)
    assert [(t.line, t.parent_line, t.heading_line) for t in d.tasks] == [(2, 1, 1)]
    assert tasks("-     code, not a paragraph\n\n      - [ ] code too\n") == []


def test_a_rule_ends_the_list() -> None:
    assert parents("- [ ] a\n***\n  - [ ] b\n") == {1: None, 3: None}
    assert tasks("* * *\n- - -\n") == []  # rules, not items


def test_a_quote_line_is_a_block_in_the_list_it_sits_in() -> None:
    assert parents("- [ ] a\n  > note\n  - [ ] b\n") == {1: None, 3: 1}
    assert parents("- [ ] a\n> note\n  - [ ] b\n") == {1: None, 3: None}


def test_ordered_item_not_starting_at_1_cannot_interrupt_a_paragraph() -> None:
    assert tasks("Some text\n2. [ ] not a task\n") == []
    assert tasks("Some text\n1. [ ] a task\n") == [(2, " ")]
    assert tasks("Some text\n- [ ] a task\n") == [(2, " ")]
    assert tasks("Some text\n\n2. [ ] a task\n") == [(3, " ")]
    assert tasks("- a\n2. [ ] new list\n") == [(2, " ")]  # item `a` is closed: no paragraph
    assert [i.line for i in doc("text\n-\n").items] == []  # an empty item cannot either


def test_item_fields() -> None:
    d = doc("## Plan\n\n> [!todo]\n\n> 3) [/] Write #goal/x [[Goal]] ✅ 2026-10-02\n")
    (item,) = d.items
    assert (item.line, item.marker, item.status, item.quote_depth, item.heading_line) == (
        5,
        "3)",
        "/",
        1,
        1,
    )
    assert item.text == "Write #goal/x [[Goal]] ✅ 2026-10-02"
    (task,) = d.tasks
    assert task.fields.done == "2026-10-02"
    assert task.fields.tags == ("goal/x",)
    assert task.fields.links == (Link("Goal"),)
    assert (task.line, task.marker, task.parent_line) == (5, "3)", None)
    assert d.tags == ()  # a note's tags are its frontmatter's; the task's are its own


def test_every_status_character() -> None:
    chars = ' xX/-><?!*"lbiSIpcfkwud+'
    text = "".join(f"- [{c}] t\n" for c in chars)
    assert tasks(text) == [(n + 1, c) for n, c in enumerate(chars)]


def test_not_checkboxes() -> None:
    text = "- [] no\n- [xx] no\n-[ ] no\n- [ ]no space\n[ ] no\n"
    assert tasks(text) == []


# --------------------------------------------------------------------------- quotes, callouts


def test_quotes_and_callouts() -> None:
    text = (
        "> - [ ] a\n"  # 1
        ">     - [ ] b\n"  # 2
        "\n"
        ">> - [ ] c\n"  # 4
        "> > - [x] d\n"  # 5
        "\n"
        ">- [ ] e\n"  # 7
        "\n"
        "   > - [ ] f\n"  # 9
        "\n"
        "> [!todo] Callout\n"  # 11
        "> - [ ] g\n"  # 12
        ">   - [ ] h\n"  # 13
        "\n"
        "    > - [ ] code, not a quote\n"  # 15
    )
    d = doc(text)
    assert [(t.line, t.status, t.parent_line, t.quote_depth) for t in d.tasks] == [
        (1, " ", None, 1),
        (2, " ", 1, 1),
        (4, " ", None, 2),
        (5, "x", None, 2),
        (7, " ", None, 1),
        (9, " ", None, 1),
        (12, " ", None, 1),
        (13, " ", 12, 1),
    ]


def test_nested_callouts_with_leading_space() -> None:
    # tasks-demo callouts_nested_issue_2890_labelled.md
    text = " > [!Calendar]+ MONTH\n >> [!Check]+ GROUP\n >>> [!Attention]+ T\n >>> Stuff\n"
    text += " >>> - [ ] #task C1\n >>> - [ ] #task C2\n"
    d = doc(text)
    assert [(t.line, t.quote_depth, t.parent_line) for t in d.tasks] == [(5, 3, None), (6, 3, None)]


def test_change_of_quote_depth_starts_a_new_list() -> None:
    assert parents("> - [ ] a\n>> - [ ] b\n> - [ ] c\n") == {1: None, 2: None, 3: None}
    assert parents("- [ ] a\n> - [ ] b\n") == {1: None, 2: None}
    assert parents("> - [ ] a\n\n- [ ] b\n") == {1: None, 3: None}


def test_quote_list_continues_after_a_deeper_quote_line() -> None:
    assert parents("> - a\n>   > q\n>   - [ ] b\n") == {1: None, 3: 1}
    assert parents("> - a\n> > q\n>   - [ ] b\n") == {1: None, 3: None}


def test_callout_inside_a_list_item_belongs_to_it() -> None:
    text = "- [ ] Project\n    > [!note]\n    > - [ ] subtask\n    >   - [x] step\n- [ ] next\n"
    d = doc(text)
    assert [(t.line, t.parent_line, t.quote_depth) for t in d.tasks] == [
        (1, None, 0),
        (3, 1, 1),
        (4, 3, 1),
        (5, None, 0),
    ]
    # the same lines with no list item to hold them are indented code
    assert tasks("text\n\n    > - [ ] no\n") == []


def test_fence_in_a_quote_in_a_list_item() -> None:
    text = "- [ ] a\n    > ```\n    > - [ ] no\n    > ```\n    > - [ ] yes\n"
    assert tasks(text) == [(1, " "), (5, " ")]


def test_lazy_line_after_a_quote() -> None:
    d = doc("> [!success]+ Habits\n<%* templater %>\n> - [x] habit\n")
    assert [(t.line, t.quote_depth) for t in d.tasks] == [(3, 1)]
    assert parents("> - a\nlazy\n>   - [ ] b\n") == {1: None, 3: 1}


def test_tab_after_quote_marker() -> None:
    assert tasks(">\t- [ ] a\n") == [(1, " ")]


# --------------------------------------------------------------------------- code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```\n- [ ] no\n```\n- [ ] yes\n", [(4, " ")]),
        ("~~~\n- [ ] no\n```\n- [ ] still no\n~~~\n- [ ] yes\n", [(6, " ")]),
        ("````\n```\n- [ ] no\n````\n- [ ] yes\n", [(5, " ")]),
        ("```dataview\nTASK\n- [ ] no\n```\n", []),
        ("~~~ python {.x}\n- [ ] no\n~~~\n", []),
        ("````\n- [ ] no\n```\n- [ ] no\n", []),  # a shorter fence does not close
        ("```\n- [ ] no\n``` x\n- [ ] no\n", []),  # nor one with text after it
        ("```\n- [ ] no\n- [ ] no\n", []),  # unclosed: to the end of the note
        ("```a`b\n- [ ] yes\n", [(2, " ")]),  # a backtick in the info string: no fence
        ("```\n> - [ ] no\n```\n", []),  # a quote marker inside code is code
        ("   ```\n- [ ] no\n   ```\n- [ ] yes\n", [(4, " ")]),
        (" ```js\n- [ ] no\n```\n", []),
        ("``\n- [ ] yes\n", [(2, " ")]),
    ],
)
def test_fenced_code(text: str, expected: list[tuple[int, str]]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("> ```\n> - [ ] no\n> ```\n> - [ ] yes\n", [(4, " ")]),
        ("> ```\n> - [ ] no\n\n- [ ] yes\n", [(4, " ")]),  # unclosed: ends with its quote
        ("> ```\n> - [ ] no\n- [ ] yes\n", [(3, " ")]),  # code cannot continue lazily
        ("> [!info]\n> ```meta-bind\n> - [ ] no\n> ```\n", []),
        (">> ```\n>> - [ ] no\n> - [ ] yes\n", [(3, " ")]),
        ("- [ ] a\n  ```sh\n  - [ ] no\n  ```\n- [ ] b\n", [(1, " "), (5, " ")]),
        ("- [ ] a\n  ```\n  code\nb\n- [ ] c\n", [(1, " "), (5, " ")]),  # ends with its item
    ],
)
def test_fences_in_quotes_and_items(text: str, expected: list[tuple[int, str]]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text\n\n    - [ ] no\n\n- [ ] yes\n", [(5, " ")]),
        ("    - [ ] no, code at the start\n", []),
        ("# H\n    - [ ] no\n", []),  # a heading is no paragraph: code follows
        ("text\n    - [ ] no: paragraph continuation\n", []),
        ("text\n\n\t- [ ] no\n", []),
        ("\n    code\n\n    - [ ] no\n- [ ] yes\n", [(5, " ")]),  # code spans blank lines
        ("- [ ] a\n\n        - [ ] no: code inside a\n", [(1, " ")]),
        ("```\n```\n    - [ ] no\n", []),
    ],
)
def test_indented_code(text: str, expected: list[tuple[int, str]]) -> None:
    assert tasks(text) == expected


def test_indented_items_under_a_list_are_not_code() -> None:
    text = "- a\n\n    - [ ] b\n\n        - [ ] c\n\t\t\t- [ ] d\n"
    assert [(t.line, t.parent_line) for t in doc(text).tasks] == [(3, 1), (5, 3), (6, 5)]
    assert tasks("- a\n\t- [ ] b\n") == [(2, " ")]


# --------------------------------------------------------------------------- comments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!--\n- [ ] no\n-->\n- [ ] yes\n", [(4, " ")]),
        ("%%\n- [ ] no\n%%\n- [ ] yes\n", [(4, " ")]),
        ("%% one line %%\n- [ ] yes\n", [(2, " ")]),
        ("<!-- x --> - [ ] no\n", []),
        ("- [ ] a %% start\n- [ ] no\nend %% - [ ] no\n- [ ] yes\n", [(1, " "), (4, " ")]),
        ("%%\n- [ ] no\n", []),  # unclosed: to the end
        ("Use `%%` for comments\n- [ ] yes\n", [(2, " ")]),  # inside inline code
        ("```\n%%\n```\n- [ ] yes\n", [(4, " ")]),  # inside fenced code
        ("    %% code\n\n- [ ] yes\n", [(3, " ")]),  # inside indented code
        ("%% kanban:settings\n```\n{}\n```\n%%\n- [ ] yes\n", [(6, " ")]),
        ("> %%\n> - [ ] no\n> %%\n> - [ ] yes\n", [(4, " ")]),
        ("- [ ] a\n  <!--\n  - [ ] no\n  -->\n  - [ ] b\n", [(1, " "), (5, " ")]),
    ],
)
def test_comments(text: str, expected: list[tuple[int, str]]) -> None:
    assert tasks(text) == expected


def test_comments_hide_tags_and_links() -> None:
    d = doc(
        "- [ ] t #shown %% #hidden [[Hidden]] %% [[Shown]]\n"
        "- [ ] u <!-- #gone [[Gone]] --> #kept\n"
        "%%\n- [ ] #alsogone [[Gone]]\n%% - [ ] after #after\n"
    )
    assert [t.line for t in d.tasks] == [1, 2]  # (line 6 starts with the comment's closer)
    assert d.tasks[0].fields.tags == ("shown",)
    assert d.tasks[0].fields.links == (Link("Shown"),)
    assert (d.tasks[1].fields.tags, d.tasks[1].fields.links) == (("kept",), ())
    assert d.items[0].text == "t #shown %% #hidden [[Hidden]] %% [[Shown]]"  # as written


# --------------------------------------------------------------------------- headings


def test_atx_headings() -> None:
    d = doc("# H1\n## H2 ##\n#tag\n####### seven\n#\n  ### indented\n    # code\n##\ttab\n"
            "- [ ] t\n")
    assert d.headings == (
        Heading(1, 1, "H1"),
        Heading(2, 2, "H2"),
        Heading(5, 1, ""),
        Heading(6, 3, "indented"),
        Heading(8, 2, "tab"),
    )
    assert d.tags == ()


def test_setext_headings() -> None:
    d = doc("Title\n=====\n- [ ] a\n\nSub\ntitle\n---\n- [ ] b\n- c\n---\n")
    assert d.headings == (Heading(1, 1, "Title"), Heading(5, 2, "Sub title"))
    assert [(t.line, t.heading_line) for t in d.tasks] == [(3, 1), (8, 5)]


def test_setext_with_a_single_dash_and_in_items() -> None:
    task = "\n\n- [ ] t\n"  # (the body is read only when the note can hold a task)
    assert doc("Title\n-" + task).headings == (Heading(1, 2, "Title"),)
    assert doc("- item\n  ===" + task).headings == (Heading(1, 1, "item"),)
    assert doc("- [ ] task\n  ===\n").headings == ()  # a task stays a task


def test_heading_line_of_items() -> None:
    d = doc("- [ ] before\n# A\n- [ ] a\n## B\n- b\n> ## not in outline\n> - [ ] q\n")
    assert [(i.line, i.heading_line) for i in d.items] == [(1, None), (3, 2), (5, 4), (7, 4)]
    assert [h.line for h in d.headings] == [2, 4]


def test_links_in_task_text() -> None:
    d = doc("## I link to [[multiple_headings]] #h\n\n- [ ] body [[A#x|y]] and ![[B]]\n")
    assert d.tasks[0].fields.links == (Link("A", "x", "y"), Link("B", embed=True))
    assert (d.tags, d.headings) == ((), (Heading(1, 2, "I link to [[multiple_headings]] #h"),))


# --------------------------------------------------------------------------- line breaks


def test_crlf_and_lone_cr_count_as_line_breaks() -> None:
    assert tasks("a\r\n- [ ] b\r\n\r\n- [x] c\r\n") == [(2, " "), (4, "x")]
    assert tasks("a\r- [ ] b\r- [x] c") == [(2, " "), (3, "x")]
    assert tasks("a\r\n\r- [ ] b\n\r\n- [x] c") == [(3, " "), (5, "x")]


def test_other_unicode_breaks_are_not_line_breaks() -> None:
    # str.splitlines() would split these; CodeMirror (Obsidian) does not
    assert tasks("- [ ] a\u2028b\x0bc\x0cd\x85e\n- [x] f\n") == [(1, " "), (2, "x")]


def test_bom_is_stripped() -> None:
    assert tasks("\ufeff- [ ] a\n") == [(1, " ")]
    d = read_note("n.md", b"\xef\xbb\xbf---\ntags: [x]\n---\n- [ ] a\n")
    assert d.frontmatter == {"tags": ["x"]}
    assert d.frontmatter_lines == 3
    assert [t.line for t in d.tasks] == [4]
    assert d.problems == ()


def test_non_utf8_is_replaced_with_a_problem_at_its_line() -> None:
    d = read_note("n.md", b"ok\r\n- [ ] a\r\xff bad\n- [ ] b \xfe\n")
    assert [(t.line, t.status) for t in d.tasks] == [(2, " "), (4, " ")]
    assert len(d.problems) == 1
    assert (d.problems[0].path, d.problems[0].line) == ("n.md", 3)
    assert "0xff" in d.problems[0].message
    assert d.items[1].text == "b \ufffd"


def test_empty_and_trivial_notes() -> None:
    for text in ("", "\n", "\r\n", "   ", "just text", "---\n---\n"):
        d = doc(text)
        assert (d.items, d.tasks, d.headings, d.tags) == ((), (), (), ())
    assert read_note("n.md", b"") == NoteDoc(path="n.md")


# --------------------------------------------------------------------------- frontmatter


def test_frontmatter_lines_are_skipped() -> None:
    d = doc("---\ntitle: x\nnote: '- [ ] no'\n---\n- [ ] task\n")
    assert d.frontmatter == {"title": "x", "note": "- [ ] no"}
    assert d.frontmatter_lines == 4
    assert tasks("---\ntitle: x\n---\n- [ ] task\n") == [(4, " ")]


def test_unclosed_frontmatter_is_body() -> None:
    d = doc("---\n- [ ] a\n")
    assert [t.line for t in d.tasks] == [2]
    assert d.frontmatter == {}
    assert d.frontmatter_lines == 0
    assert [(p.line, p.message) for p in d.problems] == [
        (1, "frontmatter starts with --- but is never closed")
    ]


def test_broken_frontmatter_still_skips_its_lines() -> None:
    d = doc("---\na: [\n---\n- [ ] a\n")
    assert d.frontmatter == {}
    assert [t.line for t in d.tasks] == [4]
    assert d.problems and d.problems[0].line >= 2


def test_tags_are_the_frontmatters_unique_without_hash() -> None:
    d = doc("---\ntags: [b, '#a', b]\n---\n#c #b\n- [ ] t #d #c\n")
    assert d.tags == ("b", "a")
    assert d.tasks[0].fields.tags == ("d", "c")
    assert [p.line for p in d.problems] == [2]  # `#a`: written with `#`


@pytest.mark.parametrize("body", [
    "Plain words only.\n# Heading\n- item\n  - [[Link]] #tag\n",
    "[ ] not in a list\n-[ ] no blank\n- [ ]x no blank after\n- [] empty box\n",
    "- [ab] two characters\n",
])
def test_a_note_without_a_possible_task_is_read_for_its_frontmatter_only(body: str) -> None:
    d = doc("---\ntags: [a]\nparent: '[[P]]'\n---\n" + body)
    assert (d.tags, d.items, d.headings, d.tasks) == (("a",), (), (), ())
    assert d.frontmatter == {"tags": ["a"], "parent": "[[P]]"}
    assert parse_note("n.md", body + "- [ ] now one\n").tasks  # one task: the body is read


_LIST_LINES = st.tuples(
    st.sampled_from(["", " ", "   ", "\t", "> ", ">", "> > ", "- > ", "1. ", "```", "%%",
                     "a ", "`x ", "x > ", "\ufeff"]),
    st.sampled_from(["-", "*", "+", "1.", "2)", "12.", "1234567890.", "", "[", "a"]),
    st.sampled_from([" ", "\t", "", "     "]),
    st.sampled_from(["[ ]", "[x]", "[]", "[ab]", "x", "[\t]", "[-]", "[]]"]),
    st.sampled_from(["", " t", "t", "\t", "\r"]),
).map("".join)


@given(st.lists(_LIST_LINES, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
def test_the_fast_path_never_hides_a_task(lines: list[str], newline: str) -> None:
    """A text the fast path skips holds no task: with a task appended, so that the whole
    body is scanned, every task found is the appended one."""
    from vaultgoals.core.parse.listline import maybe_task

    text = newline.join(lines)
    if maybe_task(text.removeprefix("\ufeff")):  # (as the scanner asks it: BOM removed)
        return
    n = len(split_lines(text))
    d = doc(text + "\n\n- [ ] appended\n")
    assert all(t.line > n for t in d.tasks), (text, d.tasks)


# --------------------------------------------------------------------------- scale


def test_10000_levels_of_nesting() -> None:
    depth = 10_000
    # level L is indented 2L columns, written with tabs (4 columns each) to keep it small
    lines = ["\t" * (2 * lv // 4) + " " * (2 * lv % 4) + "- [ ] t" for lv in range(depth)]
    d = doc("\n".join(lines) + "\n- [x] root again\n")
    assert len(d.tasks) == depth + 1
    assert d.tasks[0].parent_line is None
    assert all(t.parent_line == t.line - 1 for t in d.tasks[1:depth])
    assert (d.tasks[-1].line, d.tasks[-1].parent_line) == (depth + 1, None)


def test_50000_task_note() -> None:
    n = 50_000
    text = "# Tasks\n" + "".join(f"- [{'x' if k % 3 else ' '}] task {k} #t\n" for k in range(n))
    d = doc(text)
    assert len(d.tasks) == n
    assert d.tasks[0].line == 2
    assert d.tasks[-1].line == n + 1
    assert d.tasks[4].status == "x"
    assert all(t.heading_line == 1 for t in d.tasks)
    assert d.tasks[-1].fields.tags == ("t",)


def test_5mb_note() -> None:
    block = (
        "## Week\n\nSome words about [[Project]] and #work.\n\n"
        "- [ ] write report #work 📅 2026-11-30\n"
        "    - [x] outline ✅ 2026-11-02\n"
        "> [!todo]\n> - [/] callout task\n\n"
        "```\n- [ ] not a task\n```\n"
        "%%\n- [ ] hidden\n%%\n"
    )
    copies = 5_000_000 // len(block.encode()) + 1
    data = (block * copies).encode()
    assert len(data) >= 5_000_000
    d = read_note("big.md", data)
    assert len(d.tasks) == 3 * copies
    assert len(d.headings) == copies
    lines_per_block = block.count("\n")
    assert [t.line for t in d.tasks[-3:]] == [
        (copies - 1) * lines_per_block + k for k in (5, 6, 8)
    ]
    assert d.tasks[0].fields.tags == ("work",)


# --------------------------------------------------------------------------- real vaults


def _key(name: str) -> list[tuple[str, list[list[object]]]]:
    with open(VAULTS / name, encoding="utf-8") as fh:
        return sorted(json.load(fh).items())


@pytest.mark.parametrize(("rel", "expected"), _key("tasks-demo-expected.json"))
def test_tasks_demo_vault(rel: str, expected: list[list[object]]) -> None:
    d = read_note(rel, (VAULTS / "tasks-demo" / rel).read_bytes())
    assert [[t.line, t.status] for t in d.tasks] == expected
    assert d.problems == () or rel.endswith("two_values_on_one_line.md")


@pytest.mark.parametrize(("rel", "expected"), _key("lifeos-expected.json"))
def test_lifeos_vault(rel: str, expected: list[list[object]]) -> None:
    d = read_note(rel, (VAULTS / "lifeos" / rel).read_bytes())
    assert [[t.line, t.status] for t in d.tasks] == expected


def test_every_tasks_demo_note_has_a_key() -> None:
    root = VAULTS / "tasks-demo"
    notes = {p.relative_to(root).as_posix() for p in root.glob("**/*.md")}
    assert notes == {rel for rel, _ in _key("tasks-demo-expected.json")}


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        # parent lines, as Obsidian's cachedMetadata.listItems has them (1-based here)
        ("inheritance_1parent1child1sibling_emptystring.md", {1: None, 2: 1, 4: None}),
        ("inheritance_non_task_child.md", {1: None, 2: 1, 3: 1, 4: 1, 5: 1}),
        ("zero_width.md", {3: None, 4: 3, 5: None}),
        (
            "inheritance_rendering_sample.md",
            {1: None, 2: 1, 3: 2, 4: 3, 5: 4, 6: 2, 7: 6, 8: 7, 9: 1},
        ),
        ("inheritance_task_2listitem_3task.md", {1: None, 2: 1, 3: 2, 4: 2, 5: 1, 6: 5}),
        ("numbered_list_items_with_paren.md", {3: None, 4: 3, 5: None, 6: 5, 7: None}),
        ("multi_line_task_and_list_item.md", {3: None, 6: None}),
        ("corrupt_rerender_issue_3715_tasks.md", {3: None, 4: 3, 5: None, 6: 5}),
    ],
)
def test_tasks_demo_parents(rel: str, expected: dict[int, int | None]) -> None:
    d = read_note(rel, (VAULTS / "tasks-demo" / "Test Data" / rel).read_bytes())
    assert {i.line: i.parent_line for i in d.items} == expected


def test_lifeos_details() -> None:
    d = read_note("todo.md", (VAULTS / "lifeos" / "todo.md").read_bytes())
    by_line = {t.line: t for t in d.tasks}
    assert [by_line[n].parent_line for n in (20, 26, 39)] == [19, 25, 38]
    assert [h.text for h in d.headings] == ["TODO", "OBSIDIAN LIFE OS", "Future Upgrade", "Next >"]
    assert by_line[46].heading_line == 44
    assert d.tags == ("type/todo",)
    daily = read_note("d.md", (VAULTS / "lifeos" / "Review/Daily/2024-10-20.md").read_bytes())
    assert {t.quote_depth for t in daily.tasks} == {1}
    assert daily.frontmatter["created"] == "01-11-2024, 23:31:23"
    assert daily.tags == ("lifeos/daily",)


# --------------------------------------------------------------------------- property


_FRAGMENTS = st.sampled_from(
    [
        "- ", "* ", "+ ", "1. ", "2) ", "[ ] ", "[x] ", "[/]", "[", "]", "> ", ">", ">>",
        "```", "~~~", "`", "%%", "<!--", "-->", "\n", "\n", "\n", "\r\n", "\r", "    ", "  ",
        "\t", "# ", "##", "#tag ", "[[L]]", "---", "===", "***", "a", "text ", " ", "\ufeff",
        "\u200b", "\x00", "é", "📅 2024-01-01",
    ]
)
_NOTES = st.one_of(st.lists(_FRAGMENTS, max_size=80).map("".join), st.text(max_size=200))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOTES)
def test_property_lines_point_at_what_was_read(text: str) -> None:
    d = parse_note("p.md", text)  # never raises
    lines = split_lines(text[1:] if text.startswith("\ufeff") else text)
    item_lines = [i.line for i in d.items]
    assert item_lines == sorted(set(item_lines))
    items = {i.line: i for i in d.items}
    for t in d.tasks:
        assert 1 <= t.line <= len(lines)
        m = match_item(strip_quotes(lines[t.line - 1], t.quote_depth))
        assert m is not None
        assert m.status == t.status
        assert items[t.line].status == t.status
        if t.parent_line is not None:
            assert t.parent_line < t.line
            assert t.parent_line in items
    for i in d.items:
        if i.parent_line is not None:
            assert i.parent_line < i.line
            assert i.parent_line in items
            assert items[i.parent_line].quote_depth <= i.quote_depth
    for h in d.headings:
        assert 1 <= h.line <= len(lines)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_property_any_bytes(data: bytes) -> None:
    d = read_note("b.md", data)
    assert len(d.problems) <= 3
