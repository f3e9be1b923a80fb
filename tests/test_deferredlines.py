"""The text lines of a note read in full with many of them are stored after its record and
decoded at first use (core/codec.py `DeferredLines`): the doc is the one read, and an edit
is seen."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from vaultgoals.cache.index import VaultIndex
from vaultgoals.cache.parsecache import ParseCache
from vaultgoals.core.codec import DEFER_LINES, VERSION, DeferredLines, decode, encode
from vaultgoals.core.config import Config
from vaultgoals.core.noteread import read_as_vaultgoals


def _text(lines: int, word: str = "line") -> str:
    return "# Goals\n\n" + "".join(f"{word} {n}, [[Note {n % 7}]]\n\n" for n in range(lines))


def test_many_lines_round_trip_and_decode_when_used() -> None:
    doc = read_as_vaultgoals("n.md", _text(DEFER_LINES + 5).encode(), Config())
    assert doc.full and len(doc.lines) == DEFER_LINES + 5
    blob = encode(doc)
    got = decode("n.md", blob)
    assert isinstance(got.lines, DeferredLines)
    assert got.lines._lines is None  # (not decoded yet)
    assert got == doc and doc == got
    assert repr(got) == repr(doc)
    assert got.lines == doc.lines and hash(got.lines) == hash(tuple(doc.lines))
    assert list(got.lines) == list(doc.lines) and got.lines[3] == doc.lines[3]
    assert got.lines[-2:] == doc.lines[-2:] and doc.lines[0] in got.lines
    assert min(got.lines, key=lambda t: t.line) == doc.lines[0] and got.lines
    assert encode(got) == blob
    fewer = read_as_vaultgoals("n.md", _text(DEFER_LINES - 1).encode(), Config())
    assert not isinstance(decode("n.md", encode(fewer)).lines, DeferredLines)


def test_deferred_lines_missing_or_cut_are_not_trusted() -> None:
    doc = read_as_vaultgoals("n.md", _text(DEFER_LINES).encode(), Config())
    blob = encode(doc)
    end = json.JSONDecoder().raw_decode(blob)[1]  # (the lines' checksum, then the lines)
    assert blob[end + 8] == "["
    for bad in (blob[:end], blob[:-1], blob[:end] + "{}"):
        with pytest.raises(ValueError):
            decode("n.md", bad)
    with pytest.raises(ValueError):  # (data after a record that defers nothing)
        decode("m.md", encode(read_as_vaultgoals("m.md", b"# Goals\n\nx\n", Config())) + "[]")


def test_a_row_of_the_format_before_is_not_used(tmp_path: Path) -> None:
    doc = read_as_vaultgoals("n.md", _text(DEFER_LINES).encode(), Config())
    db = tmp_path / "cache.db"
    cache = ParseCache(db)
    cache.store([(doc, (1, 2))])
    cache.close()
    conn = sqlite3.connect(db)
    before = VERSION.rsplit("/", 1)[0] + "/20"  # (lines inside the record)
    conn.execute("UPDATE docs SET version = ?", (before,))
    conn.commit()
    conn.close()
    assert ParseCache(db).load({"n.md": (1, 2)}) == {}


def test_an_edit_of_a_note_with_deferred_lines_is_seen(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    note = vault / "n.md"
    note.write_text(_text(DEFER_LINES + 1), encoding="utf-8")
    old = note.stat().st_mtime_ns - 10**10  # (settled: its stamp is trusted and cached)
    os.utime(note, ns=(old, old))
    db = tmp_path / "cache.db"
    first = VaultIndex(vault, Config(), cache=ParseCache(db))
    first.scan()
    warm = VaultIndex(vault, Config(), cache=ParseCache(db))
    warm.scan()
    assert isinstance(warm.docs["n.md"].lines, DeferredLines)
    assert warm.docs["n.md"] == first.docs["n.md"]
    note.write_text(_text(DEFER_LINES + 1, "edited"), encoding="utf-8")
    os.utime(note, ns=(old + 10**9, old + 10**9))
    again = VaultIndex(vault, Config(), cache=ParseCache(db))
    again.scan()
    assert {t.text.split()[0] for t in again.docs["n.md"].lines} == {"edited"}


def test_deferred_lines_damaged_in_the_cache_are_read_again(tmp_path: Path) -> None:
    """A row whose deferred lines were damaged but kept their length (a flipped character)
    is not believed when the cache is read: the note is read again from the vault, rather
    than failing at the lines' first use in every later pass."""
    text = "## Plan\n\n" + "".join(f"Some text {n}\n\n" for n in range(DEFER_LINES))
    doc = read_as_vaultgoals("Goals/Plan.md", text.encode(), Config())
    blob = encode(doc)
    at = blob.rindex("Some text 1999")
    damaged = blob[:at - 3] + "!" + blob[at - 2:]
    assert len(damaged) == len(blob)
    assert decode("Goals/Plan.md", blob).lines == doc.lines
    with pytest.raises(ValueError):
        decode("Goals/Plan.md", damaged)
