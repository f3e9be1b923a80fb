"""A pattern compiled at first use (core/lazyre.py) answers as the compiled one."""

from __future__ import annotations

import copy
import pickle
import re

from vaultgoals.core.lazyre import _Later, later


def test_a_later_pattern_answers_as_the_compiled_one() -> None:
    source = r"(?P<word>[a-z]+)-(\d+)"
    lazy, compiled = later(source, re.IGNORECASE), re.compile(source, re.IGNORECASE)
    assert isinstance(lazy, _Later) and "match" not in vars(lazy)  # (not compiled yet)
    text = "Ab-12, cd-3 and x-"
    assert lazy.pattern == compiled.pattern and lazy.flags == compiled.flags
    assert "match" in vars(lazy)  # (compiled at the first use, kept)
    assert lazy.groups == compiled.groups and lazy.groupindex == compiled.groupindex
    assert lazy.findall(text) == compiled.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub(r"\2", text) == compiled.sub(r"\2", text)
    assert lazy.subn("", text) == compiled.subn("", text)
    assert lazy.split(text) == compiled.split(text)
    got, want = lazy.search(text), compiled.search(text)
    assert got is not None and want is not None and got.group("word") == want.group("word")
    assert lazy.match("x") is None and lazy.fullmatch("AB-1") is not None
    assert lazy.scanner(text).search() is not None  # (any other attribute, asked through)
    assert vars(lazy)["_compiled"] is lazy.scanner.__self__  # (compiled once)



def test_a_later_pattern_copies_and_pickles_as_a_pattern_does() -> None:
    for pattern in (later(r"a+b"), later(r"x", re.I)):
        fresh = copy.copy(pattern)
        assert fresh.pattern == pattern.pattern and fresh.flags == pattern.flags
        assert pickle.loads(pickle.dumps(pattern)).pattern == pattern.pattern
    used = later(r"a+b")
    assert used.match("aab")
    assert copy.deepcopy(used).match("ab")
