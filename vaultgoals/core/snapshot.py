"""Which entries of a mapping are new objects since an earlier look, found in one C-level pass.

The vault index keeps one parsed `NoteDoc` per note and replaces it only when the note is
read again, so "re-parsed since the last pass" is "not the very object it was". A watcher
pass over a 10,000-note vault changes one or two notes: comparing the values side by side
(`map(is_not, ...)`) finds them without a Python-level loop over every note.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import compress
from operator import is_not
from typing import Generic, TypeVar

T = TypeVar("T")


class Snapshot(Generic[T]):
    """A copy of a mapping as it was (its keys in order, and its values)."""

    __slots__ = ("items", "keys")

    def __init__(self, items: Mapping[str, T]) -> None:
        self.items = dict(items)
        self.keys = list(self.items)

    def changed(self, now: Mapping[str, T]) -> list[str] | None:
        """The keys whose value in `now` is not the object it was here, in `now`'s order;
        None when the keys themselves differ (added, removed, reordered): look at each."""
        keys = list(now)
        if keys != self.keys:
            return None
        return list(compress(keys, map(is_not, now.values(), self.items.values())))
