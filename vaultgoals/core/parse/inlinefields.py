"""Dataview inline fields: `[key:: value]` and `(key:: value)`, anywhere in a line.

Read as Dataview reads them (nothing inside inline code counts), in linear time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from vaultgoals.core.lazyre import later
from vaultgoals.core.parse.inline import mask_code
from vaultgoals.core.parse.jstext import js_trim

__all__ = ["extract_inline_fields"]

_KEY_END = later(r"::|[\[\]()]")
_SQUARE = later(r"[\[\]]")
_ROUND_BRACKETS = later(r"[()]")
_OPEN_SQUARE = later(r"\[")
_OPEN_ROUND = later(r"\(")


def _fields_in_line(text: str, masked: str, op: str, cl: str) -> list[tuple[int, str, str]]:
    """Dataview's `[`/`(` inline fields of one line: (start, key, value).

    Dataview scans each opening bracket: the key runs to the first `::` (no bracket in it),
    the value to the bracket that closes the opening one (nesting counted, `\\` escapes).
    Fields of one kind do not overlap. Done here in linear time: closing brackets are found
    for every candidate at once, right to left.
    """
    if op not in masked:
        return []
    opens = [m.start() for m in (_OPEN_SQUARE if op == "[" else _OPEN_ROUND).finditer(masked)]
    if not opens:
        return []
    # 1. Candidates: openings followed by `key::`.
    value_start: dict[int, int] = {}
    for p in opens:
        m = _KEY_END.search(masked, p + 1)
        if m is None or m.group(0) != "::":
            continue
        if js_trim(text[p + 1 : m.start()]):
            value_start[p] = m.end()
    if not value_start:
        return []
    # 2. Unescaped brackets of this kind, and the nesting depth before each.
    ev_pos: list[int] = []
    ev_delta: list[int] = []
    for bm in (_SQUARE if op == "[" else _ROUND_BRACKETS).finditer(masked):
        i = k = bm.start()
        while k > 0 and masked[k - 1] == "\\":
            k -= 1
        if (i - k) % 2 == 0:  # not escaped
            ev_pos.append(i)
            ev_delta.append(1 if bm.group(0) == op else -1)
    depth_before = [0]
    for d in ev_delta:
        depth_before.append(depth_before[-1] + d)
    # 3. For each value start v: the first closing bracket at or after v that takes the
    #    depth below its level at v.
    close_of: dict[int, int] = {}
    first_close_to: dict[int, int] = {}
    j = len(ev_pos) - 1
    for v in sorted(set(value_start.values()), reverse=True):
        while j >= 0 and ev_pos[j] >= v:
            if ev_delta[j] < 0:
                first_close_to[depth_before[j] - 1] = ev_pos[j]
            j -= 1
        found = first_close_to.get(depth_before[bisect_left(ev_pos, v)] - 1)
        if found is not None:
            close_of[v] = found
    # 4. Dataview's left-to-right walk.
    out: list[tuple[int, str, str]] = []
    n = 0
    while n < len(opens):
        p = opens[n]
        vstart = value_start.get(p)
        c = close_of.get(vstart) if vstart is not None else None
        if vstart is None or c is None:
            n += 1
            continue
        key = js_trim(text[p + 1 : vstart - 2]).lower()
        out.append((p, key, js_trim(text[vstart:c])))
        n = bisect_right(opens, c, lo=n)
    return out


def extract_inline_fields(text: str) -> tuple[tuple[str, str], ...]:
    """Every `[key:: value]` / `(key:: value)` Dataview inline field, in order of position,
    as (lower-cased key, trimmed value). Values may hold brackets (`[goal:: [[X]]]`); nothing
    inside inline code counts. Lines are read one by one.
    """
    if "::" not in text:
        return ()
    if "\n" in text:
        return tuple(f for line in text.split("\n") for f in extract_inline_fields(line))
    masked = mask_code(text)
    found = _fields_in_line(text, masked, "[", "]") + _fields_in_line(text, masked, "(", ")")
    found.sort(key=lambda f: f[0])
    return tuple((k, v) for _, k, v in found)
