"""Things sorted by a day, for date-range questions ("done this week", "due before today").

A `DayIndex` is a sorted list of `(day, path, line, item)` rows, one per (path, line). It is
updated note by note: a watcher pass that changed one note bisects that note's rows out and
in (a row that keeps its day, path and line is replaced where it is) instead of sorting the
vault's tasks again; a change that moves many rows sorts once. Either way the rows are the
same sorted list, so the index never depends on its history.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")
Row = tuple[date, str, int, T]  # (path, line) is unique: the item is never compared

_FEW = 64  # changed rows up to which an update bisects (beyond: one sort)


@dataclass(frozen=True, slots=True)
class DayIndex(Generic[T]):
    rows: Sequence[Row[T]]

    @classmethod
    def of(cls, rows: Iterable[Row[T]]) -> DayIndex[T]:
        return cls(sorted(rows))

    def updated(self, removed: Sequence[Row[T]], added: Sequence[Row[T]]) -> DayIndex[T]:
        """A new index without the `removed` rows (which must be in this one) and with the
        `added` ones. This index is left as it is."""
        if not removed and not added:
            return self
        fresh = {row[:3]: row for row in added}
        replaced = sum(1 for row in removed if row[:3] in fresh)
        if len(removed) + len(added) - 2 * replaced > _FEW:  # many rows move: sort once
            gone = {id(r[3]) for r in removed}
            rows = [r for r in self.rows if id(r[3]) not in gone]
            rows.extend(added)
            rows.sort()  # (a sorted run and the added rows: the sort merges them)
            return DayIndex(rows)
        out = list(self.rows)
        for row in removed:
            key = row[:3]
            i = bisect_left(out, key)
            if i == len(out) or out[i][3] is not row[3]:
                raise ValueError(f"{row[1]}:{row[2]} is not in the index")
            if key in fresh:  # the same day, path and line: the new row takes its place
                out[i] = fresh.pop(key)
            else:
                del out[i]
        for key, row in fresh.items():
            out.insert(bisect_left(out, key), row)
        return DayIndex(out)

    def between(self, first: date | None, last: date | None) -> Sequence[Row[T]]:
        """The rows from `first` to `last`, both included (None: no bound), by day."""
        lo = 0 if first is None else bisect_left(self.rows, first, key=_day)
        hi = len(self.rows) if last is None else bisect_right(self.rows, last, lo=lo, key=_day)
        return self.rows[lo:hi]


def _day(row: Row[T]) -> date:
    return row[0]
