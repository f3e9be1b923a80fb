"""Answers about one note kept while it is the very same parsed note.

A build asks some rules about every goal note (which goals a note says it supports, which
notes it lists as its steps); the answer is a pure function of the note and the settings,
and the watcher's next build hands in the same `NoteDoc` object for every note that did
not change. `by_doc` keeps the answer per (note object, settings object): the vault index
replaces a note's doc exactly when the note is read again, so an answer is never stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from vaultgoals.core.config import Config
from vaultgoals.core.model import NoteDoc

T = TypeVar("T")
_MAX = 50_000  # answers kept per rule (then all are dropped: a new vault, or a long run)


def by_doc(rule: Callable[[NoteDoc, Config], T]) -> Callable[[NoteDoc, Config], T]:
    """`rule`, answered once per (note object, settings object)."""
    memo: dict[tuple[int, int], tuple[NoteDoc, Config, T]] = {}

    def answer(doc: NoteDoc, config: Config) -> T:
        hit = memo.get((id(doc), id(config)))
        if hit is not None and hit[0] is doc and hit[1] is config:
            return hit[2]
        value = rule(doc, config)
        if len(memo) >= _MAX:
            memo.clear()
        memo[(id(doc), id(config))] = (doc, config, value)
        return value

    answer.__doc__ = rule.__doc__
    return answer


def by_doc_and(rule: Callable[[NoteDoc, Config, str], T]) -> Callable[[NoteDoc, Config, str], T]:
    """`rule` with a third argument (a text: the node kind a note is read as), answered
    once per (note object, settings object, text)."""
    memo: dict[tuple[int, int, str], tuple[NoteDoc, Config, T]] = {}

    def answer(doc: NoteDoc, config: Config, text: str) -> T:
        key = (id(doc), id(config), text)
        hit = memo.get(key)
        if hit is not None and hit[0] is doc and hit[1] is config:
            return hit[2]
        value = rule(doc, config, text)
        if len(memo) >= _MAX:
            memo.clear()
        memo[key] = (doc, config, value)
        return value

    answer.__doc__ = rule.__doc__
    return answer
