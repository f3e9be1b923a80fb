"""The fast forms of the gate's searches (parse/cues.py) and of the body's links
(parse/notelinks.py) answer as the plain forms they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultgoals.core.parse import cues
from vaultgoals.core.parse.notelinks import body_links

# the goal tag as the module's docstring states it, without the lookahead that speeds it up
_PLAIN_TAG = re.compile(r"#(?:[^\s#/,;]+/){0,4}(?:" + cues._TAG_ALTERNATIVES + ")")
_PIECES = ("#", "/", "goal", "Goal", "GOAL", "habit", "okr", "ЦЕЛ", "цел", "目标", "a", "1",
           " ", "\n", ",", "x-", "#goal", "##", "project/")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_tag_pattern_finds_what_the_plain_one_finds(parts: list[str]) -> None:
    text = "".join(parts)
    assert [m.span() for m in cues._TAG.finditer(text)] == [
        m.span() for m in _PLAIN_TAG.finditer(text)]


def test_heading_and_smart_patterns() -> None:
    text = "x\n# Goals\n## Q1 goals\n\n#tag\n####### seven\n###\tTabbed\n"
    assert cues._HEADING.findall(text) == ["Goals", "Q1 goals", "Tabbed"]
    for line in ("S - Run a marathon", "- **S**: x", "Specific: x", "Start Date: 2025",
                 "Due date:: x", "Конкретная цель", "具体的"):
        assert cues._SMART.search("\n" + line) is not None, line
    assert cues._SMART.search("\nSoon: nothing") is None


@given(st.lists(st.sampled_from(["goals", "go", "al", "s", "kr", "ziele", "key result",
                                 " ", "-", "目标", "x", "'"]), max_size=8))
def test_word_test_is_the_token_test(parts: list[str]) -> None:
    """`_Cues.has_folded` with its trie pre-test answers as the token and piece test."""
    found = cues._cues(())
    low = "".join(parts)
    plain = bool(low) and (not found.single.isdisjoint(cues._TOKEN.findall(low))
                           or found.pieces.search(low) is not None)
    assert found.has_folded(low) is plain


def test_trie_matches_exactly_its_words() -> None:
    words = {"go", "goal", "goals", "gx", "ab c", "目标", ""}
    whole = re.compile("(?:" + cues._trie(words) + r")\Z")
    for word in words | {"g", "goa", "goalss", "ab", "gox"}:
        assert (whole.match(word) is not None) is (word in words), word


def test_links_of_a_note_whose_only_links_are_in_a_managed_region() -> None:
    text = "a\n%% vaultgoals:begin review %%\n[[Ana]]\n%% vaultgoals:end review %%\n"
    assert body_links(text) == ()
    assert body_links(text + "[[Bo]]") == ("Bo",)
    assert body_links("no link here") == ()
