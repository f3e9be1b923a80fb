"""A DayIndex updated note by note equals one sorted from scratch, few changes or many."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from vaultgoals.core.dayindex import DayIndex, Row


def _note(rng: random.Random, path: str) -> list[Row[object]]:
    lines = rng.sample(range(1, 400), rng.choice([0, 1, 3, 40, 120]))
    return [(date(2026, 1, 1) + timedelta(days=rng.randint(0, 30)), path, line, object())
            for line in lines]


@pytest.mark.parametrize("seed", range(5))
def test_updates_equal_a_fresh_sort(seed: int) -> None:
    rng = random.Random(seed)
    notes = {f"n{i}.md": _note(rng, f"n{i}.md") for i in range(30)}
    index = DayIndex.of(r for rows in notes.values() for r in rows)
    for _ in range(40):
        changed = rng.sample(sorted(notes), rng.choice([1, 1, 2, 10]))
        removed = [r for path in changed for r in notes[path]]
        for path in changed:
            roll = rng.random()
            if roll < 0.4:  # the same tasks parsed again (new items), one more appended
                notes[path] = [(*r[:3], object()) for r in notes[path]]
                notes[path].append((date(2026, 1, 15), path, 400 + len(notes[path]), object()))
            else:
                notes[path] = _note(rng, path) if roll < 0.9 else []
        added = [r for path in changed for r in notes[path]]
        before = list(index.rows)
        updated = index.updated(removed, added)
        assert list(index.rows) == before  # the old index is left as it was
        index = updated
        assert list(index.rows) == sorted(r for rows in notes.values() for r in rows)
        first, last = sorted(date(2026, 1, 1) + timedelta(days=rng.randint(-2, 33))
                             for _ in range(2))
        assert list(index.between(first, last)) == [
            r for r in index.rows if first <= r[0] <= last]
        assert list(index.between(None, last)) == [r for r in index.rows if r[0] <= last]


def test_removing_a_row_it_does_not_hold_fails() -> None:
    index = DayIndex.of([(date(2026, 1, 1), "a.md", 1, object())])
    with pytest.raises(ValueError):
        index.updated([(date(2026, 1, 1), "a.md", 1, object())], [])
