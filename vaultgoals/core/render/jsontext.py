"""`json.dumps(value, ensure_ascii=False, indent=2, check_circular=False)`, the same text
made faster: how `status --json` writes its document (a 10k-note vault's is about 1 MB,
some 115,000 objects and 190,000 lists).

The standard library's encoder runs in C only without `indent`; with it, it is a chain of
Python generators, one per level of nesting, and every piece of text it makes is handed
up through each of them (a fifth of a warm `status --json`, measured). Here one recursive
function appends the pieces to one list. Only plain JSON values are written here: a
value of any other type (a `default` would be asked for) falls back to `json.dumps`
itself, so the error or the text is the standard library's own.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # (the C one, as json.dumps uses)
from typing import Any

__all__ = ["dumps_indented"]

_INDENT = "  "


class _NotPlain(Exception):
    """A value json.dumps would hand to its `default` (or refuse): not written here."""


def _float(value: float) -> str:
    """As json's `floatstr` with allow_nan (the default)."""
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _scalar(value: Any) -> str:
    """A value that is no list, tuple or dict, as json writes it (tested in this order)."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise _NotPlain


def _key(key: Any) -> str | None:
    """A dict key as json writes it (None: a key json would refuse)."""
    if isinstance(key, str):
        return str(encode_basestring(key))
    if isinstance(key, float):
        text = _float(key)
    elif key is True:
        text = "true"
    elif key is False:
        text = "false"
    elif key is None:
        text = "null"
    elif isinstance(key, int):
        text = int.__repr__(key)
    else:
        return None
    return str(encode_basestring(text))


def _write(value: Any, level: int, out: list[str], seps: list[tuple[str, str]],
           keys: dict[str, str]) -> None:
    """Append `value`'s text, nested `level` deep. `seps[level]`: the newline and indent
    before an item at that level, then the one before its container's closing bracket;
    `keys`: a key's text with the `: ` after it, by key (a document repeats a few keys)."""
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        if len(seps) <= level + 1:
            seps.append(("\n" + _INDENT * (level + 1), "\n" + _INDENT * level))
        inner, close = seps[level + 1]
        between = "," + inner
        before = "{" + inner
        append = out.append
        for key, item in value.items():
            text = keys.get(key) if type(key) is str else None
            if text is None:
                said = _key(key)
                if said is None:
                    raise _NotPlain
                text = said + ": "
                if type(key) is str:
                    keys[key] = text
            kind = type(item)
            if kind is str:
                append(before + text + encode_basestring(item))
            elif kind is dict or kind is list or kind is tuple:
                append(before + text)
                _write(item, level + 1, out, seps, keys)
            else:
                append(before + text + _scalar(item))
            before = between
        append(close + "}")
        return
    if kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        if len(seps) <= level + 1:
            seps.append(("\n" + _INDENT * (level + 1), "\n" + _INDENT * level))
        inner, close = seps[level + 1]
        between = "," + inner
        before = "[" + inner
        append = out.append
        for item in value:
            kind = type(item)
            if kind is str:
                append(before + encode_basestring(item))
            elif kind is dict or kind is list or kind is tuple:
                append(before)
                _write(item, level + 1, out, seps, keys)
            else:
                append(before + _scalar(item))
            before = between
        append(close + "]")
        return
    if isinstance(value, (list, tuple, dict)):
        raise _NotPlain  # (a subclass: json tests it by isinstance, in its own order)
    out.append(_scalar(value))


def dumps_indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2, check_circular=False)`."""
    out: list[str] = []
    try:
        _write(value, 0, out, [("", "")], {})
    except (_NotPlain, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2, check_circular=False)
    return "".join(out)
