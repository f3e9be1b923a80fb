"""Names and vault-relative paths, as text: no file system is looked at here.

`safe_filename` makes a name that is valid on Windows, macOS and Linux and does not break
Obsidian links. `path_parts` splits a vault-relative path and refuses absolute paths, `..`
and the like; `vaultgoals.store.safepath` and `vaultgoals.store.confined` then resolve it on disk.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

__all__ = ["UnsafePath", "path_parts", "safe_filename"]

_UNTITLED = "untitled"
# Windows rejects <>:"|?* (and / \ are separators); Obsidian links break on # ^ [ ] |.
_TO_SPACE = frozenset('/\\<>:"|?*#^[]')
_BIDI = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_KEEP_FORMAT = frozenset([0x200C, 0x200D])  # ZWNJ (Persian, Indic), ZWJ (emoji sequences)
_SPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c\x85")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in "0123456789¹²³"]
)
_ZWJ = "\u200d"
_EDGE = " .\u200c\u200d"  # never at either end: spaces, dots, dangling joiners
_INVISIBLE = frozenset(["Mn", "Me", "Mc", "Cf", "Zs"])


class UnsafePath(ValueError):
    """A path that would read or write outside the vault (or through a symlink)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"unsafe path {path!r}: {reason}")
        self.path = path
        self.reason = reason


def _clean_char(ch: str) -> str:
    if ch in _TO_SPACE:
        return " "
    cp = ord(ch)
    cat = unicodedata.category(ch)
    if cat == "Cc":
        return " " if ch in _SPACE_CONTROLS else ""
    if ch.isspace():
        return " "
    if cp in _BIDI or cat == "Cs":
        return ""
    if cat == "Cf" and cp not in _KEEP_FORMAT and not 0xE0020 <= cp <= 0xE007F:
        return ""  # invisible formatting: soft hyphen, zero-width space, BOM, ...
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
        return ""  # noncharacters
    return ch


def _extends(ch: str) -> bool:
    """True if `ch` continues the user-perceived character before it."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or cp == 0x200D
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # skin tones
        or 0xE0020 <= cp <= 0xE007F  # tag sequences (subdivision flags)
        or 0x1160 <= cp <= 0x11FF  # Hangul medial vowels and final consonants
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _can_cut(s: str, i: int) -> bool:
    """May `s` be cut between s[i-1] and s[i]?"""
    if i <= 0 or i >= len(s):
        return True
    if _extends(s[i]) or s[i - 1] == _ZWJ:
        return False
    if _is_regional_indicator(s[i]) and _is_regional_indicator(s[i - 1]):
        run = 0
        j = i - 1
        while j >= 0 and _is_regional_indicator(s[j]):
            run += 1
            j -= 1
        return run % 2 == 0  # don't split a flag (a pair of regional indicators)
    return True


def _truncate(s: str, max_bytes: int) -> str:
    if len(s.encode("utf-8")) <= max_bytes:
        return s
    total = 0
    i = 0
    while i < len(s):
        size = len(s[i].encode("utf-8"))
        if total + size > max_bytes:
            break
        total += size
        i += 1
    while i > 0 and not _can_cut(s, i):
        i -= 1
    return s[:i]


def _fix_reserved(s: str) -> str:
    stem = s.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        return stem + "_" + s[len(stem) :]
    return s


def _one_pass(title: str, max_bytes: int) -> str:
    s = unicodedata.normalize("NFC", title)
    s = "".join(_clean_char(ch) for ch in s)
    s = unicodedata.normalize("NFC", s)
    s = re.sub(" {2,}", " ", s).strip(_EDGE)
    s = re.sub(r"\.{2,}", "…", s)  # no `..` anywhere; keeps the sense of "Wait...what"
    s = re.sub("%{2,}", "%", s)  # `%%` in a link to the note would open an Obsidian comment
    s = _fix_reserved(s)
    s = _truncate(s, max_bytes).rstrip(_EDGE)
    s = _fix_reserved(s)  # only when truncation exposed a reserved name: result is short
    if not any(unicodedata.category(ch) not in _INVISIBLE for ch in s):
        return _UNTITLED  # empty, or only marks and joiners: nothing anyone could read
    return s


def safe_filename(title: str, max_bytes: int = 120) -> str:
    """A file name (without extension) for `title`, safe on every OS and in Obsidian links.

    NFC-normalised; separators and characters Windows or Obsidian reject become spaces;
    control, bidi-override and invisible format characters are removed; whitespace is
    collapsed; no leading/trailing dot, space or joiner; runs of dots become `…` and runs
    of `%` one `%`; Windows device names get a `_` (`CON` -> `CON_`, `nul.txt` ->
    `nul_.txt`); at most `max_bytes` UTF-8 bytes, cut between user-perceived characters;
    `untitled` if nothing is left.
    Deterministic and idempotent.
    """
    if max_bytes < len(_UNTITLED):
        raise ValueError(f"max_bytes must be at least {len(_UNTITLED)}, got {max_bytes}")
    s = title
    for _ in range(8):
        nxt = _one_pass(s, max_bytes)
        if nxt == s:
            break
        s = nxt
    return s


def path_parts(rel: str) -> list[str]:
    """The components of the `/`-separated vault-relative `rel`; `UnsafePath` for a path
    that is empty, absolute, has `..`, NUL, a backslash, or names the vault itself."""
    if not rel:
        raise UnsafePath(rel, "empty path")
    if "\x00" in rel:
        raise UnsafePath(rel, "contains a NUL character")
    if "\\" in rel:
        raise UnsafePath(rel, "contains a backslash; use '/' to separate folders")
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).drive:
        raise UnsafePath(rel, "is absolute; expected a path relative to the vault")
    if sys.platform == "win32" and ":" in rel:
        raise UnsafePath(rel, "contains ':' (a Windows alternate data stream)")
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise UnsafePath(rel, "contains '..'")
    if not parts:
        raise UnsafePath(rel, "names the vault itself, not a file in it")
    return parts
