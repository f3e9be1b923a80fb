"""Reading a goal note's properties in one pass finds what reading them one by one finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultgoals.core.goals.props import SYNONYMS as _SYNONYMS
from vaultgoals.core.goals.props import prop as _prop
from vaultgoals.core.goals.props import props as _props

_SPELLINGS = sorted({s for spellings in _SYNONYMS.values() for s in spellings})
_KEYS = st.one_of(
    st.sampled_from(_SPELLINGS),
    st.sampled_from(_SPELLINGS).map(str.upper),
    st.sampled_from(_SPELLINGS).map(str.title),
    st.text(max_size=6),
)
_VALUES = st.one_of(st.none(), st.just(""), st.text(max_size=4), st.integers(), st.booleans(),
                    st.lists(st.text(max_size=3), max_size=2))


@given(st.dictionaries(_KEYS, _VALUES, max_size=12))
def test_props_equals_prop_for_every_name(fm: dict[str, object]) -> None:
    found = _props(fm)
    for name in _SYNONYMS:
        assert found.get(name) is _prop(fm, name), name
