"""A parsed note (`NoteDoc`) as compact JSON text and back: how the parse cache stores
notes and how parse workers send them. Pure: a function of the record.

A note's tasks are stored as columns, one list per field, and a column of one repeated
value as that value: most tasks carry only a description and a date or two. The text lines
of a note with very many (`DEFER_LINES`) follow its record as a second JSON text, decoded
when first used (`DeferredLines`).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import operator
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat, starmap
from json.scanner import make_scanner
from typing import Any

from vaultgoals import __version__
from vaultgoals.core.model import (
    NO_EVIDENCE,
    Claim,
    EvidenceFacts,
    Heading,
    Link,
    ListItem,
    NoteDoc,
    Problem,
    Task,
    TaskFields,
    TextLine,
)

FORMAT = 22
VERSION = f"{__version__}/{FORMAT}"  # bump FORMAT when NoteDoc or the parser changes output


_PLAIN = TaskFields()
# TaskFields attributes past the description, stored only where not their default: most
# tasks have none, and decoding `TaskFields(description)` is what a warm start does most.
_SPARSE = tuple(f.name for f in dataclasses.fields(TaskFields) if f.name != "description")
_SPARSE_OF = operator.attrgetter(*_SPARSE)
_DEFAULTS = _SPARSE_OF(_PLAIN)
_TUPLES = frozenset(name for name in _SPARSE if isinstance(getattr(_PLAIN, name), tuple))


def _column(values: list[Any]) -> Any:
    """A column of values, or `{"=": v}` when all of them are v (a note of 50,000 tasks
    has one marker and one depth)."""
    first = values[0]
    if len(values) > 1 and all(v == first for v in values):
        return {"=": first}
    return values


def _values(column: Any, n: int) -> Any:
    if isinstance(column, dict):
        return itertools.repeat(column["="], n)
    if len(column) != n:
        raise ValueError("a column of the wrong length")
    return column


def _encode_value(name: str, value: Any) -> Any:
    if name == "links":
        return [[v.target, v.heading, v.alias, v.embed] for v in value]
    if name == "fields":
        return [list(kv) for kv in value]
    return list(value) if isinstance(value, tuple) else value


def _decode_value(name: str, value: Any) -> Any:
    """The value of a tuple-valued field (`name` in _TUPLES) from its JSON list."""
    if name == "links":
        return tuple(starmap(Link, value))
    if name == "fields":
        return tuple((k, v) for k, v in value)
    return tuple(value)


def _task_columns(tasks: tuple[Task, ...]) -> list[Any]:
    """A note's tasks as columns (one list per attribute): a note of 50,000 tasks decodes
    about twice as fast as from one row per task. Fields beyond the description are stored
    sparsely, one `[indexes, values]` pair per field name, for the tasks where they are
    not their default (most tasks have none; most others only a date)."""
    if not tasks:
        return []
    sparse: dict[str, list[list[Any]]] = {}
    for index, t in enumerate(tasks):
        values = _SPARSE_OF(t.fields)
        if values == _DEFAULTS:
            continue
        for name, value, default in zip(_SPARSE, values, _DEFAULTS, strict=True):
            if value != default:
                pair = sparse.get(name)
                if pair is None:
                    pair = sparse[name] = [[], []]
                pair[0].append(index)
                pair[1].append(_encode_value(name, value))
    return [[t.line for t in tasks], _column([t.parent_line for t in tasks]),
            _column([t.status for t in tasks]), _column([t.marker for t in tasks]),
            _column([t.heading_line for t in tasks]), _column([t.quote_depth for t in tasks]),
            [t.fields.description for t in tasks], sparse]


def _tasks_from_columns(columns: list[Any]) -> tuple[Task, ...]:
    lines, parents, statuses, markers, headings, depths, descriptions, sparse = columns
    n = len(lines)
    fields = list(map(TaskFields, _values(descriptions, n)))
    for name, (indexes, values) in sparse.items():
        if name not in _SPARSE:
            raise ValueError(f"not a task field: {name!r}")
        if name in _TUPLES:
            values = [_decode_value(name, v) for v in values]
        if len(indexes) != len(values):
            raise ValueError("a sparse column of the wrong length")
        # (set on the fresh records, at C speed: far cheaper than TaskFields(description,
        # **extra) per task; a note of 50,000 tasks has tens of thousands of dates)
        deque(map(setattr, map(fields.__getitem__, indexes), repeat(name), values), maxlen=0)
    return tuple(map(Task, lines, _values(parents, n), _values(statuses, n),
                     _values(markers, n), fields, _values(headings, n), _values(depths, n)))


def _encode_facts(facts: EvidenceFacts | None) -> list[Any] | None:
    """`NoteDoc.evidence`: None when not worked out, [] when it says nothing."""
    if facts is None:
        return None
    if facts == NO_EVIDENCE:
        return []
    return [facts.day, facts.person, list(facts.property_links), list(facts.task_tags)]


def _decode_facts(value: list[Any] | None) -> EvidenceFacts | None:
    if value is None:
        return None
    if not value:
        return NO_EVIDENCE
    day, person, links, tags = value
    return EvidenceFacts(day, bool(person), tuple(links), tuple(tags))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # (made once)


# A record is a list, its fields in this order, the last ones left out while they are their
# default: most notes end with their links (a note's facts, body and meta are the rarer).
_LEFT_OUT: tuple[Any, ...] = ({}, 0, [], [], [], [], [], [], [], [], [], [], [])
# what a field left out is read as (an empty `facts` is NO_EVIDENCE, an empty meta all no)
_PAD: tuple[Any, ...] = (None, 0, (), (), (), [], (), (), (), (), (), (), ())
_NO_META = (False, False, None, None, False)  # judged, noise, recognised, found, full


def encode(doc: NoteDoc) -> str:
    meta = [doc.judged, doc.noise, [r.line, r.kind, r.reason, r.by] if (r := doc.recognised)
            else None, None if doc.found_items is None
            else [[c.line, c.kind, c.reason, c.by] for c in doc.found_items], doc.full]
    while meta and (meta[-1] is None or meta[-1] is False):
        meta.pop()
    record = [
        doc.frontmatter,
        doc.frontmatter_lines,
        list(doc.tags),
        [list(kv) for kv in doc.property_lines],
        list(doc.links),
        _encode_facts(doc.evidence),
        [[h.line, h.level, h.text] for h in doc.headings],
        [[i.line, i.parent_line, i.marker, i.status, i.text, i.heading_line, i.quote_depth]
         for i in doc.items],
        _task_columns(doc.tasks),
        [[p.line, p.message] for p in doc.problems],
        meta,
        [[t.line, t.text, t.heading_line, t.parent_line, t.quote_depth, t.comment]
         for t in doc.lines] if doc.full else [],
        [[c.line, c.kind, c.reason, c.by] for c in doc.claims] if doc.full else [],
    ]
    tail = ""
    if len(doc.lines) >= DEFER_LINES:  # (a full doc's: `lines` is empty otherwise)
        lines = _ENCODER.encode(record[_LINES])
        tail = f"{_crc(lines):08x}{lines}"  # (checked when read: see decode)
        record[_LINES] = len(tail)
    while record and record[-1] == _LEFT_OUT[len(record) - 1]:
        record.pop()
    return _ENCODER.encode(record) + tail


# the JSON decoder's own scanner (C), asked directly: `json.loads` adds two Python-level
# calls and two regular-expression matches a record (a fifth of decoding a small note)
_SCAN: Callable[[str, int], tuple[Any, int]] = make_scanner(
    json.JSONDecoder())  # type: ignore[arg-type]  # (a decoder is what it is made from)


def _scan(blob: str, start: int) -> tuple[Any, int]:
    try:
        return _SCAN(blob, start)
    except StopIteration as exc:
        raise ValueError("not a JSON record") from exc


# A note read in full with this many text lines or more (a clippings export of 18,700
# lines: a third of the 10k vault's parse cache) has them after its record, read at first
# use: a start that never looks at them (most: they are asked for only of notes that may
# be goals) does not decode them.
DEFER_LINES = 2000
_LINES = 11  # their place in the record, where the length of their text says they follow


class DeferredLines(Sequence[TextLine]):
    """A note's text lines, decoded from the end of its record when first used: the tuple
    they are, for every use (equal to it, its hash, its repr)."""

    __slots__ = ("_blob", "_lines", "_start")

    def __init__(self, blob: str, start: int) -> None:
        self._blob = blob
        self._start = start
        self._lines: tuple[TextLine, ...] | None = None

    def lines(self) -> tuple[TextLine, ...]:
        got = self._lines
        if got is None:
            value, end = _scan(self._blob, self._start)
            if end != len(self._blob) or not isinstance(value, list):
                raise ValueError("a note's deferred lines are not whole")
            got = self._lines = tuple(starmap(TextLine, value))
            self._blob = ""
        return got

    def __getitem__(self, index: Any) -> Any:
        return self.lines()[index]

    def __len__(self) -> int:
        return len(self.lines())

    def __iter__(self) -> Iterator[TextLine]:
        return iter(self.lines())

    def __contains__(self, value: object) -> bool:
        return value in self.lines()

    def __eq__(self, other: object) -> bool:
        mine = self.lines()
        return mine == (other.lines() if isinstance(other, DeferredLines) else other)

    def __hash__(self) -> int:
        return hash(self.lines())

    def __repr__(self) -> str:
        return repr(self.lines())


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def decode(path: str, blob: str) -> NoteDoc:
    record, end = _scan(blob, 0)
    if not isinstance(record, list):
        raise ValueError("not a note's record")
    deferred: DeferredLines | None = None
    if len(record) > _LINES and type(record[_LINES]) is int:
        # Their checksum is checked now, not when they are first used: a damaged row must
        # fail here, where the cache reads the note again, not in every later build.
        lines = blob[end + 8:]
        if (len(blob) - end != record[_LINES] or lines[:1] != "[" or lines[-1:] != "]"
                or int(blob[end:end + 8], 16) != _crc(lines)):
            raise ValueError("a note's deferred lines are missing, cut or damaged")
        deferred = DeferredLines(lines, 0)  # (their text only: not the record's)
        record[_LINES] = []
    elif end != len(blob):
        raise ValueError("data after the JSON record")
    left_out = len(_PAD) - len(record)
    if left_out > 0:  # (the fields left out, as they are read; too many: not unpacked)
        record += _PAD[-left_out:]
    (fm, fm_lines, tags, props, links, facts, headings, items, tasks, problems, meta, lines,
     claims) = record
    if not (fm is None or isinstance(fm, dict)) or not isinstance(fm_lines, int):
        raise ValueError("not a note's record")  # (a row that lies is never believed)
    if meta:
        said: tuple[Any, ...] = (*meta, *_NO_META[len(meta):])
        judged, noise, recognised, found, full = said
    else:
        judged = noise = full = False
        recognised = found = None
    # (most notes have no tasks, headings or problems: no generator for an empty list)
    return NoteDoc(
        path,
        fm if fm is not None else {},  # (a fresh one: never a shared default)
        fm_lines,
        tuple(tags) if tags else (),
        tuple(starmap(Heading, headings)) if headings else (),
        tuple(starmap(ListItem, items)) if items else (),
        _tasks_from_columns(tasks) if tasks else (),
        tuple([Problem(path, p[0], p[1]) for p in problems]) if problems else (),
        tuple([(k, v) for k, v in props]) if props else (),
        bool(full),
        deferred if deferred is not None else tuple(starmap(TextLine, lines)) if lines else (),
        tuple(starmap(Claim, claims)) if claims else (),
        bool(judged),
        bool(noise),
        Claim(*recognised) if recognised else None,
        None if found is None else tuple(starmap(Claim, found)),
        tuple(links) if links else (),
        NO_EVIDENCE if facts == [] else _decode_facts(facts),
    )
