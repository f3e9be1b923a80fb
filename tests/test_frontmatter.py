"""Frontmatter: where Obsidian finds it, and YAML read into JSON-safe values."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultgoals.core.parse.frontmatter import (
    MAX_FRONTMATTER_CHARS,
    frontmatter_tags,
    load_frontmatter,
    split_frontmatter,
)

# --------------------------------------------------------------------------- split


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: 1\n---\nbody", ("a: 1", 3)),
        ("--- \t\na: 1\n---  \nbody", ("a: 1", 3)),  # trailing spaces on the fences
        ("\ufeff---\na: 1\n---\n", ("a: 1", 3)),  # a UTF-8 BOM
        ("---\na: 1\n...\nbody", ("a: 1", 3)),  # YAML's document end marker
        ("---\r\na: 1\r\nb: 2\r\n---\r\nbody", ("a: 1\nb: 2", 4)),
        ("---\ra: 1\r---\rbody", ("a: 1", 3)),  # lone CR breaks lines too
        ("---\n---\n", ("", 2)),  # empty frontmatter
        ("---\n\nkanban: basic\n\n---\n", ("\nkanban: basic\n", 5)),
        ("---\na: 1\n---", ("a: 1", 3)),  # no newline at the end
    ],
)
def test_split_finds_the_block(text: str, expected: tuple[str, int]) -> None:
    yaml_text, body_start, problems = split_frontmatter(text)
    assert (yaml_text, body_start) == expected
    assert problems == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no frontmatter\n---\na: 1\n---\n",
        "\n---\na: 1\n---\n",  # not on the first line
        " ---\na: 1\n---\n",  # indented
        "----\na: 1\n----\n",  # four dashes
        "---a\nb: 1\n---\n",
        "# Title\n",
    ],
)
def test_split_no_frontmatter(text: str) -> None:
    assert split_frontmatter(text) == (None, 0, [])


def test_split_unclosed_is_a_problem_and_all_body() -> None:
    yaml_text, body_start, problems = split_frontmatter("---\na: 1\n- [ ] task\n", "n.md")
    assert yaml_text is None
    assert body_start == 0
    assert [(p.path, p.line) for p in problems] == [("n.md", 1)]
    assert "never closed" in problems[0].message


# --------------------------------------------------------------------------- load


def load(yaml_text: str) -> dict[str, object]:
    data, problems = load_frontmatter(yaml_text, "n.md")
    assert problems == [], problems
    json.dumps(data)  # JSON-safe, always
    return data


def test_dates_become_iso_strings() -> None:
    data = load(
        "d: 2024-07-21\n"
        "dt: 2024-07-21T12:37:00\n"
        "sp: 2024-07-21 12:37:00\n"
        "tz: 2024-07-21T12:37:00+02:00\n"
        "bad: 2024-11-31\n"  # no such day: stays the text it is
        "quoted: '2024-07-21'\n"
    )
    assert data == {
        "d": "2024-07-21",
        "dt": "2024-07-21T12:37:00",
        "sp": "2024-07-21T12:37:00",
        "tz": "2024-07-21T12:37:00+02:00",
        "bad": "2024-11-31",
        "quoted": "2024-07-21",
    }


def test_yaml_1_2_scalars_as_obsidian_reads_them() -> None:
    data = load(
        "a: yes\nb: NO\nc: on\nd: true\ne: False\n"
        "f: 12:30\ng: 0123\nh: 0o17\ni: 0x1F\nj: 1.5\nk: 1e3\nl: -7\nm: 1_000\n"
        "n: ~\no:\np: .inf\n"
    )
    assert data == {
        "a": "yes",
        "b": "NO",
        "c": "on",
        "d": True,
        "e": False,
        "f": "12:30",
        "g": 123,
        "h": 15,
        "i": 31,
        "j": 1.5,
        "k": 1000.0,
        "l": -7,
        "m": "1_000",
        "n": None,
        "o": None,
        "p": "inf",
    }


def test_unquoted_wikilinks_become_link_text_again() -> None:
    data = load(
        "parent: [[Goal]]\n"
        "up: [[Vision 2030|the vision]]\n"
        "skills:\n  - [[Python]]\n  - [[SQL#Joins]]\n"
        "quoted: \"[[Goal]]\"\n"
        "matrix: [[1, 2]]\n"
        "pair: [[a, b]]\n"
    )
    assert data["parent"] == "[[Goal]]"
    assert data["up"] == "[[Vision 2030|the vision]]"
    assert data["skills"] == ["[[Python]]", "[[SQL#Joins]]"]
    assert data["quoted"] == "[[Goal]]"
    assert data["matrix"] == [[1, 2]]  # not one string: left as a nested list
    assert data["pair"] == [["a", "b"]]


def test_keys_become_strings_and_collections_json_lists() -> None:
    data = load(
        "1: one\n2024-01-01: day\n~: nothing\n3.5: f\n"
        "s: !!set {b: null, a: null}\n"
        "o: !!omap [x: 1, y: 2]\n"
        "bin: !!binary aGk=\n"
        "nested: {k: [1, {z: 2024-01-02}]}\n"
    )
    assert data == {
        "1": "one",
        "2024-01-01": "day",
        "": "nothing",
        "3.5": "f",
        "s": ["a", "b"],
        "o": [["x", 1], ["y", 2]],
        "bin": "aGk=",
        "nested": {"k": [1, {"z": "2024-01-02"}]},
    }


def test_json_style_frontmatter() -> None:  # tasks-demo: jason_properties.md
    assert load('{\n  "tags": "journal",\n  "publish": false\n}') == {
        "tags": "journal",
        "publish": False,
    }


def test_anchors_and_aliases_still_work() -> None:
    data = load("base: &b {x: 1}\nother: *b\nmerged:\n  <<: *b\n  y: 2\n")
    assert data == {"base": {"x": 1}, "other": {"x": 1}, "merged": {"x": 1, "y": 2}}


def test_empty_and_comment_only() -> None:
    assert load("") == {}
    assert load("\n\n") == {}
    assert load("# just a comment\n") == {}


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        ("a: 1\nb: c: d\n", 3, "mapping values are not allowed"),  # YAML line 1 → file line 3
        ("a: 1\nb: 2\nc: [1, 2\n", 5, "flow sequence that starts on line 4"),
        ("a: 'open\n", 3, "quoted scalar that starts on line 2"),
        ("a: 1\na\tb: [\n", 4, "flow node"),
    ],
)
def test_broken_yaml_is_a_problem_at_its_file_line(yaml_text: str, line: int, words: str) -> None:
    data, problems = load_frontmatter(yaml_text, "n.md")
    assert data == {}
    assert len(problems) == 1
    assert problems[0].path == "n.md"
    assert problems[0].line == line
    assert problems[0].message.startswith("frontmatter is not valid YAML")
    assert words in problems[0].message


def test_line_offset_moves_problem_lines() -> None:
    _, problems = load_frontmatter("a: 1\nb: c: d\n", "n.md", line_offset=10)
    assert problems[0].line == 12


@pytest.mark.parametrize(
    ("yaml_text", "words"),
    [("- a\n- b\n", "a list"), ("just some text\n", "a single value"), ("42\n", "single value")],
)
def test_non_mapping_is_a_problem(yaml_text: str, words: str) -> None:
    data, problems = load_frontmatter(yaml_text, "n.md")
    assert data == {}
    assert len(problems) == 1
    assert words in problems[0].message
    assert problems[0].line == 2


def test_unsafe_tags_are_refused_not_run() -> None:
    data, problems = load_frontmatter("a: !!python/object/apply:os.system ['true']\n", "n.md")
    assert data == {}
    assert len(problems) == 1


def test_unhashable_key_is_a_problem_not_a_crash() -> None:
    data, problems = load_frontmatter("? [1, 2]\n: x\n", "n.md")
    assert data == {}
    assert len(problems) == 1


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


def test_alias_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    data, problems = load_frontmatter(BILLION_LAUGHS, "n.md")
    elapsed = time.perf_counter() - started
    assert data == {}
    assert len(problems) == 1
    assert "alias" in problems[0].message
    assert elapsed < 5  # generous: it takes milliseconds; expanding it would never end


def test_alias_bomb_with_merge_keys_is_refused() -> None:
    lines = ["l0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}"]
    for n in range(1, 12):
        refs = ", ".join(f"k{j}: *l{n - 1}" for j in range(8))
        lines.append(f"l{n}: &l{n} {{{refs}}}")
    data, problems = load_frontmatter("\n".join(lines) + "\n", "n.md")
    assert data == {}
    assert "alias" in problems[0].message


def test_recursive_alias_is_refused() -> None:
    data, problems = load_frontmatter("a: &a [1, *a]\n", "n.md")
    assert data == {}
    assert "refers to itself" in problems[0].message


def test_oversized_frontmatter_is_refused() -> None:
    big = "k: " + "x" * (MAX_FRONTMATTER_CHARS + 1) + "\n"
    data, problems = load_frontmatter(big, "n.md")
    assert data == {}
    assert "larger than" in problems[0].message


@pytest.mark.parametrize(
    "yaml_text",
    [
        "a: " + "[" * 120_000 + "]" * 120_000,  # would overflow libyaml's C recursion
        "a: " + "{a: " * 20_000 + "x" + "}" * 20_000,
        "a:\n" + "".join(" " * i + "- \n" for i in range(0, 1400, 2)),
        "a: " + "- " * 100_000 + "x",
    ],
)
def test_deep_nesting_never_crashes(yaml_text: str) -> None:
    data, problems = load_frontmatter(yaml_text, "n.md")
    json.dumps(data)
    if problems:
        assert data == {}


# --------------------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("yaml_text", "tags", "warns"),
    [
        ("tags:\n  - a\n  - b/c\n", ("a", "b/c"), ""),
        ("tags: [a, b]\n", ("a", "b"), ""),
        ("tags: single\n", ("single",), ""),
        ("tags: a, b\n", ("a", "b"), "one text"),
        ("tags: a b\n", ("a", "b"), "one text"),
        ("tags: ['#a', b]\n", ("a", "b"), "without `#`"),
        ("Tags: [x]\n", ("x",), ""),
        ("tags: []\n", (), ""),
        ("tags:\n", (), ""),
        ("tags: #x\n", (), "YAML comment"),
        ("tags: [a, [b]]\n", ("a",), "nested"),
        ("tags: [2024, a, a]\n", ("2024", "a"), ""),
        ("tag: goal/data\n", (), ""),  # `tag:` is a goal's task tag in vaultgoals
    ],
)
def test_tags_are_normalised_with_warnings(
    yaml_text: str, tags: tuple[str, ...], warns: str
) -> None:
    data, problems = load_frontmatter("title: x\n" + yaml_text, "n.md")
    assert frontmatter_tags(data) == tags
    if warns:
        assert len(problems) == 1
        assert warns in problems[0].message
        assert problems[0].line == 3  # file line of the `tags:` key
    else:
        assert problems == []


# --------------------------------------------------------------------------- property

_YAML_BITS = st.sampled_from(
    [
        "a", "tags", ":", ": ", "- ", "\n", "\n  ", "[", "]", "{", "}", ",", "&x ", "*x", "!!",
        "#", "'", '"', "? ", "|", ">", "2024-02-30", "12:30", "yes", "0x1F", "[[Goal]]", "\t",
        "<<: ", "~", "%", "@", "`", "\ufeff", "\x00", "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_YAML_BITS, max_size=60).map("".join), st.text(max_size=200)))
def test_property_load_never_raises_and_is_json_safe(yaml_text: str) -> None:
    data, problems = load_frontmatter(yaml_text, "p.md")
    json.dumps(data, allow_nan=False)
    assert all(isinstance(k, str) for k in data)
    assert all(p.line >= 2 for p in problems)
    frontmatter_tags(data)


_KEYS = st.sampled_from(["tags", "Status", "due date", "2024", "<<", "'quoted'", "a", "a"])
_VALUES = st.sampled_from([
    "", "x", "true", "yes", "False", "1.5", "1e3", ".nan", "-.inf", "0x1F", "0o17", "007",
    "2024-01-01", "2024-13-01", "2024-01-01 10:00:00", "~", "null", '"quoted: yes"',
    "'it''s'", "[a, 1, true]", "[]", "[[Goal]]", '"[[Goal]]"', "{}", "{a: 1}", "!!str 5",
    "!!int '7'", "!!binary aGk=", "!!set {a}", "!custom x", "&anchor v", "*anchor", "|\n  block",
    "\n  - item\n  - 2", "\n  - [[Goal]]", "\n  sub: 1", "\n  - a: 1", "#tag", "a: b: c",
])


def _full_constructor(text: str) -> dict[str, object] | None:
    """What the YAML loader's own constructor gives, made JSON-safe (None: an error)."""
    from vaultgoals.core.parse.frontmatter import _json_safe, _loader_for

    loader = _loader_for(text)
    try:
        node = loader.get_single_node()
        data = {} if node is None else loader.construct_document(node)
    except Exception:
        return None
    finally:
        loader.dispose()
    return _json_safe(data) if isinstance(data, dict) else None


@settings(max_examples=1500)
@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=5))
def test_the_simple_path_reads_what_the_yaml_constructor_reads(
    pairs: list[tuple[str, str]],
) -> None:
    """Frontmatter of string keys to scalars or lists of scalars is built from the parsed
    nodes directly; every document must read exactly as PyYAML's constructor reads it."""
    text = "\n".join(f"{k}: {v}" for k, v in pairs)
    data, problems = load_frontmatter(text, "n.md")
    full = _full_constructor(text)
    if full is None:
        assert data == {} and problems
    else:
        assert data == full
