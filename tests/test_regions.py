"""Managed regions: user text is never touched, generated text is regenerated in place."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultgoals.core import regions as module
from vaultgoals.core.model import Problem
from vaultgoals.core.regions import (
    RegionProblem,
    dominant_newline,
    find_regions,
    fingerprint,
    render_region,
    scan_regions,
    update_regions,
)

NAMES = ("wins", "review", "a.b-c_1")


def region(name: str, content: str, nl: str = "\n") -> str:
    return render_region(name, content, nl)


def outside(text: str) -> str:
    """The text with region contents and fp values replaced by placeholders."""
    parts: list[str] = []
    pos = 0
    for r in scan_regions(text).regions:
        parts += [text[pos : r.fp_span[0]], "<FP>", text[r.fp_span[1] : r.content_start], "<C>"]
        pos = r.content_end
    parts.append(text[pos:])
    return "".join(parts)


# --- unit tests ---------------------------------------------------------------------------


def test_render_then_find() -> None:
    text = "# Week\n\n" + region("wins", "- ran 5k\n- read a book") + "after\n"
    [r] = find_regions(text)
    assert r.name == "wins"
    assert r.content == "\n- ran 5k\n- read a book\n\n"
    assert r.fingerprint == fingerprint(r.content)
    assert not r.user_edited
    assert (r.begin_line, r.end_line) == (3, 8)
    assert text[r.begin : r.end].startswith("%% vaultgoals:begin wins fp=")
    assert text[r.end :] == "after\n"


def test_fingerprint_ignores_line_endings() -> None:
    assert fingerprint("a\r\nb\r\n") == fingerprint("a\nb\n") == fingerprint("a\rb\r")
    assert re.fullmatch(r"[0-9a-f]{12}", fingerprint(""))


def test_update_replaces_content_and_fp_only() -> None:
    old = "intro  \n" + region("wins", "- old") + "outro"
    res = update_regions(old, {"wins": "- new\n- newer"})
    assert res.updated == ("wins",)
    assert res.text.startswith(
        "intro  \n%% vaultgoals:begin wins fp=" + fingerprint("\n- new\n- newer\n\n")
    )
    assert res.text.endswith("\n\n- new\n- newer\n\n%% vaultgoals:end wins %%\noutro")
    assert res.kept == res.missing == res.broken == ()


def test_unchanged_content_gives_identical_text() -> None:
    old = "x\n" + region("wins", "- a\n") + "y\n"
    res = update_regions(old, {"wins": "- a"})
    assert res.text == old
    assert res.updated == ()


def test_user_edit_is_kept_and_reported() -> None:
    old = region("wins", "- a\n").replace("- a\n", "- a (my note!)\n")
    res = update_regions(old, {"wins": "- b"})
    assert res.text == old
    assert res.kept == ("wins",)
    assert res.updated == ()


def test_emptied_region_is_regenerated() -> None:
    old = "x\n" + region("wins", "- a\n- b").replace("- a\n- b\n", "  \n")
    res = update_regions(old, {"wins": "- c"})
    assert res.kept == ()
    assert res.text == "x\n" + region("wins", "- c")


def test_whitespace_only_edit_counts_as_edit() -> None:
    old = region("wins", "- a\n").replace("- a\n", "- a \n")
    assert update_regions(old, {"wins": "- b"}).kept == ("wins",)


def test_missing_region_is_not_inserted() -> None:
    old = "just my text\n"
    res = update_regions(old, {"wins": "- a"})
    assert res.text == old
    assert res.missing == ("wins",)


def test_regions_not_requested_are_left_alone() -> None:
    old = region("wins", "- a") + region("review", "- r")
    res = update_regions(old, {"review": "- s"})
    [wins, review] = find_regions(res.text)
    assert wins.content == "\n- a\n\n"
    assert review.content == "\n- s\n\n"


def test_crlf_file_gets_crlf_content_and_keeps_no_final_newline() -> None:
    old = "a\r\nb\r\n" + region("wins", "- x", "\r\n") + "tail  "
    res = update_regions(old, {"wins": "- y\n- z\n"})
    assert "\n" not in res.text.replace("\r\n", "")
    assert res.text.endswith("%% vaultgoals:end wins %%\r\ntail  ")


def test_file_converted_to_crlf_is_not_a_user_edit() -> None:
    lf = "top\n" + region("wins", "- a\n- b") + "bottom\n"
    crlf = lf.replace("\n", "\r\n")
    [r] = find_regions(crlf)
    assert not r.user_edited
    res = update_regions(crlf, {"wins": "- a\n- b\n"})
    assert res.text == crlf  # identical bytes: nothing to do
    assert res.kept == ()


def test_lone_cr_file() -> None:
    old = "a\r" + region("wins", "- x", "\r") + "b\r"
    res = update_regions(old, {"wins": "- y"})
    assert res.text == "a\r" + region("wins", "- y", "\r") + "b\r"


def test_lone_cr_marker_line_does_not_merge_with_generated_lf() -> None:
    # Mostly-LF file, but this begin marker ends in a lone CR: a generated leading blank
    # line must not turn the marker's CR into CRLF.
    old = "a\nb\nc\n%% vaultgoals:begin wins %%\r%% vaultgoals:end wins %%\n"
    res = update_regions(old, {"wins": "\nx"})
    [r] = find_regions(res.text)
    assert r.content == "\rx\r\r"
    assert outside(res.text) == outside(old)
    assert update_regions(res.text, {"wins": "\nx"}).text == res.text


def test_bom_and_marker_on_first_line() -> None:
    old = "\ufeff" + region("wins", "- x") + "tail"
    res = update_regions(old, {"wins": "- y"})
    assert res.text == "\ufeff" + region("wins", "- y") + "tail"


def test_lenient_marker_spacing_is_recognised_and_preserved() -> None:
    old = "  %%  vaultgoals:begin wins   %%  \n\n%%vaultgoals:end wins%%"
    res = update_regions(old, {"wins": "- a"})  # blank content without fp: claimable
    fp = fingerprint("\n- a\n\n")
    assert res.text == (f"  %%  vaultgoals:begin wins fp={fp}   %%  \n\n- a\n\n"
                        "%%vaultgoals:end wins%%")
    assert update_regions(res.text, {"wins": "- a"}).text == res.text


def test_region_without_fp_and_with_text_is_the_users() -> None:
    old = "%% vaultgoals:begin wins %%\nmine\n%% vaultgoals:end wins %%\n"
    res = update_regions(old, {"wins": "- a"})
    assert res.text == old
    assert res.kept == ("wins",)


def test_invalid_fp_is_treated_like_no_fp() -> None:
    old = "%% vaultgoals:begin wins fp=xyz %%\nmine\n%% vaultgoals:end wins %%\n"
    [r] = find_regions(old)
    assert r.fingerprint is None
    assert update_regions(old, {"wins": "- a"}).text == old


def test_empty_generated_content() -> None:
    old = region("wins", "- a")
    res = update_regions(old, {"wins": ""})
    assert res.text == region("wins", "")
    assert find_regions(res.text)[0].content == "\n"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("%% vaultgoals:begin wins fp=000000000000 %%\n- a\n", "no end marker"),
        ("- a\n%% vaultgoals:end wins %%\n", "without a begin"),
        (
            "%% vaultgoals:end wins %%\n%% vaultgoals:begin wins fp=000000000000 %%\n",
            "without a begin",
        ),
        (region("wins", "- a") + "mine\n" + region("wins", "- a"), "appears again"),
        (
            "%% vaultgoals:begin wins %%\n%% vaultgoals:begin review %%\n"
            "%% vaultgoals:end review %%\n%% vaultgoals:end wins %%\n",
            "begins inside",
        ),
        (
            "%% vaultgoals:begin wins %%\n%% vaultgoals:end review %%\n",
            "while region 'wins'",
        ),
    ],
)
def test_malformed_markers_are_problems_and_untouched(text: str, fragment: str) -> None:
    scan = scan_regions(text)
    assert any(fragment in p.message for p in scan.problems), scan.problems
    assert "wins" in scan.broken
    assert all(r.name != "wins" for r in scan.regions)
    res = update_regions(text, {"wins": "- generated"})
    assert res.text == text
    assert "wins" in res.broken
    assert "wins" not in res.missing


def test_problem_conversion() -> None:
    [p] = scan_regions("x\n%% vaultgoals:end wins %%\n").problems
    assert p.line == 2
    assert p.to_problem("Notes/a.md") == Problem("Notes/a.md", 2, p.message)


def test_markers_in_code_fences_are_examples() -> None:
    example = "```md\n" + region("wins", "- example") + "```\n"
    text = example + region("wins", "- real")
    scan = scan_regions(text)
    assert scan.problems == ()
    [r] = scan.regions
    assert r.content == "\n- real\n\n"
    res = update_regions(text, {"wins": "- new"})
    assert res.text.startswith(example)


def test_generated_content_with_marker_line_is_refused() -> None:
    old = region("wins", "- a")
    res = update_regions(old, {"wins": "- b\n%% vaultgoals:end wins %%\n- c"})
    assert res.text == old
    assert any("looks like a vaultgoals marker" in p.message for p in res.problems)
    with pytest.raises(ValueError, match="marker"):
        render_region("wins", "%% vaultgoals:begin x %%")


@pytest.mark.parametrize("name", ["", "has space", "per%cent", "-dash"])
def test_render_rejects_bad_names(name: str) -> None:
    with pytest.raises(ValueError, match="invalid region name"):
        render_region(name, "x")


def test_dominant_newline() -> None:
    assert dominant_newline("") == "\n"
    assert dominant_newline("a\r\nb\r\nc\n") == "\r\n"
    assert dominant_newline("a\nb\r\n") == "\n"


def test_line_ending_choice_is_stable_across_runs() -> None:
    # Region content that is mostly CRLF in a LF file must not flip the file's choice.
    old = "a\n" + region("wins", "1\n2\n3\n4\n5\n", "\r\n") + "b\n"
    once = update_regions(old, {"wins": "x"}).text
    fp = fingerprint("\nx\n\n")
    # The marker lines keep their CRLF (they are outside); 2 LF vs 2 CRLF ties to LF.
    assert once == (f"a\n%% vaultgoals:begin wins fp={fp} %%\r\n\nx\n\n"
                    "%% vaultgoals:end wins %%\r\nb\n")
    assert update_regions(once, {"wins": "x"}).text == once


# --- properties ---------------------------------------------------------------------------

_chars = st.one_of(
    st.sampled_from([*"ab %`~-[]\t\r\n=:fpé🎉\ufeff", "vaultgoals", "%%"]),
    st.characters(),
)
user_text = st.lists(_chars, max_size=12).map("".join)
newline = st.sampled_from(["\n", "\r\n", "\r"])
names = st.sampled_from(NAMES)
generated = st.one_of(
    user_text,
    st.lists(st.sampled_from(["- a", "- [[b]]", "", "  x  ", "%% vaultgoals:end wins %%"])).map(
        "\n".join
    ),
)


@st.composite
def marker_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["begin", "end"]))
    fp = draw(st.sampled_from(["", " fp=zz", " fp=0123456789ab"]))
    return f"%% vaultgoals:{kind} {draw(names)}{fp} %%"


@st.composite
def rendered_region(draw: st.DrawFn, name: str) -> str:
    nl = draw(newline)
    text = render_region(name, draw(generated.filter(_no_marker)), nl)
    if draw(st.integers(0, 3)) == 0:  # the user edits inside the region
        lines = text.split(nl)
        i = draw(st.integers(1, max(1, len(lines) - 2)))
        lines.insert(i, draw(user_text.filter(_no_marker)))
        text = nl.join(lines)
    return text[: -len(nl)]


def _no_marker(s: str) -> bool:
    return "vaultgoals:" not in s


@st.composite
def document(draw: st.DrawFn) -> str:
    order = draw(st.permutations(NAMES))  # mostly distinct names; a 4th region duplicates
    odd = st.one_of(marker_line(), st.sampled_from(["```", "~~~~", "```md", " ~~~ x"]))
    chunks: list[str] = []
    for kind in draw(st.lists(st.sampled_from("urrou"), min_size=1, max_size=7)):
        if kind == "r":
            chunks.append(draw(rendered_region(order[len(chunks) % len(order)])))
        else:
            chunks.append(draw(user_text if kind == "u" else odd))
    nls = [draw(newline) for _ in chunks]
    text = "".join(c + nl for c, nl in zip(chunks, nls, strict=True))
    if draw(st.booleans()) and text:
        text = text[: -len(nls[-1])]  # no final newline
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


contents = st.dictionaries(names, generated, min_size=1, max_size=3)


@settings(max_examples=400)
@given(document(), contents)
def test_property_outside_text_is_preserved(text: str, new: dict[str, str]) -> None:
    before = scan_regions(text)
    res = update_regions(text, new)
    after = scan_regions(res.text)

    assert outside(res.text) == outside(text)
    assert [r.name for r in after.regions] == [r.name for r in before.regions]

    def shape(problems: tuple[RegionProblem, ...]) -> list[str]:  # lines move, kinds don't
        return [re.sub(r"\d+", "N", p.message) for p in problems]

    assert shape(after.problems) == shape(before.problems)
    assert res.text.endswith(("\n", "\r")) == text.endswith(("\n", "\r"))

    expected_kept = [n for n in new if n in {r.name for r in before.regions if r.user_edited}]
    assert list(res.kept) == expected_kept
    for old_r, new_r in zip(before.regions, after.regions, strict=True):
        if old_r.name in res.updated:
            assert new_r.content.replace("\r\n", "\n").replace("\r", "\n").strip("\n") == (
                new[old_r.name].replace("\r\n", "\n").replace("\r", "\n").strip("\n")
            )
            assert new_r.fingerprint == fingerprint(new_r.content)
            assert not new_r.user_edited
        else:
            assert res.text[new_r.begin : new_r.end] == text[old_r.begin : old_r.end]


@settings(max_examples=400)
@given(document(), contents)
def test_property_idempotent(text: str, new: dict[str, str]) -> None:
    once = update_regions(text, new)
    twice = update_regions(once.text, new)
    assert twice.text == once.text
    assert twice.updated == ()
    assert twice.kept == once.kept
    assert twice.missing == once.missing


_plain = st.text(
    alphabet=st.characters(exclude_characters="%`~\r\n", exclude_categories=["Cs"]),
    max_size=20,
)


@settings(max_examples=300)
@given(
    st.lists(_plain, max_size=4),
    st.lists(_plain, max_size=4),
    newline,
    st.booleans(),
    generated.filter(_no_marker),
    generated.filter(_no_marker),
    st.booleans(),
)
def test_property_single_region_exact_bytes(
    head: list[str],
    tail: list[str],
    nl: str,
    final_newline: bool,
    old_content: str,
    new_content: str,
    user_edit: bool,
) -> None:
    before = "".join(line + nl for line in head)
    after = nl.join(tail) + (nl if final_newline and tail else "")
    reg = render_region("wins", old_content, nl)
    if user_edit:
        reg = reg.replace(nl, nl + "my own words" + nl, 1)
    text = before + reg + after

    res = update_regions(text, {"wins": new_content})

    if user_edit:
        assert res.text == text
        assert res.kept == ("wins",)
    else:
        assert res.text == before + render_region("wins", new_content, nl) + after
        assert res.kept == ()
        if nl == "\r\n":
            assert "\n" not in res.text.replace("\r\n", "")
    assert update_regions(res.text, {"wins": new_content}).text == res.text


# the scan of a text `update_regions` made is remembered (a watcher reads it back next pass):
# it must be exactly the scan of that text, whatever moved ----------------------------------

_CONTENTS = st.lists(st.sampled_from(["one line", "[[Goal]] and [x](Notes/x.md)", "", "- a\n- b",
                                      "```\ncode\n", "two\r\nlines", "x\ry"]),
                     min_size=1, max_size=4).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(
    nl=st.sampled_from(["\n", "\r\n", "\r"]),
    before=st.lists(_CONTENTS, min_size=1, max_size=4),
    after=st.lists(_CONTENTS, min_size=1, max_size=4),
    between=st.sampled_from(["", "user text\n", "```\n%% vaultgoals:begin zz %%\n```\n",
                             "a\r\nb\rc\n"]),
    bare=st.booleans(),
)
def test_the_scan_kept_of_an_updated_text_is_its_scan(
    nl: str, before: list[str], after: list[str], between: str, bare: bool
) -> None:
    names = [f"r{i}" for i in range(len(before))]
    parts = [f"# Note{nl}{nl}"]
    for name, content in zip(names, before, strict=True):
        block = render_region(name, content, nl)
        if bare:  # (a region placed by hand: no fingerprint yet, blank)
            block = f"%% vaultgoals:begin {name} %%{nl}{nl}%% vaultgoals:end {name} %%{nl}"
        parts += [block, between]
    old = "".join(parts)
    new = dict(zip(names, after, strict=False))
    upd = update_regions(old, new)
    assert not upd.updated or upd.text in module._SCANS  # (the kept scan is the one asked)
    assert scan_regions(upd.text) == module._scan_regions(upd.text)
    again = update_regions(upd.text, dict(zip(names, before, strict=False)))
    assert scan_regions(again.text) == module._scan_regions(again.text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]()|#^\\\nab", max_size=16))
def test_link_targets_are_left_out_as_the_pattern_says(content: str) -> None:
    assert module._without_targets(content) == module._LINK_TARGET.sub("", content)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]()|#^\\\nab", max_size=16))
def test_link_targets_are_found_as_the_pattern_finds_them(content: str) -> None:
    assert module.link_targets(content) == module._LINK_TARGET.findall(content)
