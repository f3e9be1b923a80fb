"""core/render/jsontext.py writes exactly `json.dumps(..., ensure_ascii=False, indent=2,
check_circular=False)`, the text `status --json` printed before it."""

from __future__ import annotations

import collections
import enum
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultgoals.core.render.jsontext import dumps_indented


def _reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, check_circular=False)


class _Level(enum.IntEnum):
    HIGH = 3


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text())
_KEYS = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none())
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.lists(inner, max_size=3).map(tuple),
                            st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=30)


@given(_VALUES)
def test_same_text_as_json(value: Any) -> None:
    assert dumps_indented(value) == _reference(value)


@pytest.mark.parametrize("value", [
    {}, [], (), "", "é\n\"\\\u2028\x00", 2**70, -0.0, float("nan"), float("inf"),
    -float("inf"), _Level.HIGH, {_Level.HIGH: [{}]}, {"a": [[[]], {"b": {}}], "c": ()},
    [collections.OrderedDict(a=1)], collections.OrderedDict(a=[1]),
])
def test_edge_values(value: Any) -> None:
    assert dumps_indented(value) == _reference(value)


@pytest.mark.parametrize("value", [[{1, 2}], {"a": object()}, {(1, 2): "tuple key"}])
def test_refused_as_json_refuses(value: Any) -> None:
    with pytest.raises(TypeError) as ours:
        dumps_indented(value)
    with pytest.raises(TypeError) as theirs:
        _reference(value)
    assert str(ours.value) == str(theirs.value)
