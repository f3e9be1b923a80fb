"""The text of one task line, read into fields the way the Obsidian Tasks plugin reads it.

`parse_task_body` follows the plugin's `DefaultTaskSerializer` (emoji format) and
`DataviewTaskSerializer` (`[key:: value]` format), obsidian-tasks at cc0fce3c:

* fields are recognised only at the END of the text: the plugin repeatedly peels the last
  field off (priority, done, cancelled, due, scheduled, start, created, recurrence,
  on-completion, one trailing `#tag`, id, depends-on — in that order, at most 21 rounds) and
  trims; trailing tags are put back at the end of the description;
* a field whose syntax matches but whose date is not a calendar date (`📅 2021-02-30`) is
  consumed and left empty, as the plugin does (it keeps an "Invalid date" there);
* a recurrence rule the plugin's rule parser (rrule's `parseText`) rejects is dropped (None);
* `^block-id` at the very end (after a space) is the block link.

A task's `tags` and `links` are read from its description, its Dataview `fields` from the
whole text, the way Obsidian and Dataview read them (`inline.py`, `inlinefields.py`); a
🔁 rule is checked by `recurrence.py`.

Everything here is linear-time and never raises on any `str`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from vaultgoals.core.lazyre import later
from vaultgoals.core.model import TaskFields
from vaultgoals.core.parse.inline import extract_links, extract_tags
from vaultgoals.core.parse.inlinefields import extract_inline_fields
from vaultgoals.core.parse.jstext import JS_WS_CLASS, js_trim
from vaultgoals.core.parse.recurrence import valid_recurrence

__all__ = [
    "TaskFormat",
    "extract_inline_fields",
    "extract_links",
    "extract_tags",
    "parse_task_body",
]

TaskFormat = Literal["emoji", "dataview", "both"]

_DATE_RX = later(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = r"[a-zA-Z0-9_-]+"
_ID_RX = later(_ID)
_ID_SEQ_RX = later(_ID + r"(?: *, *" + _ID + r")*")
_RULE_CHARS_RX = later(r"[a-zA-Z0-9, !]+")
_LETTERS_RX = later(r"[a-zA-Z]+")

_PRIORITY_BY_EMOJI = {"🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest"}
_PRIORITY_WORDS = frozenset(("highest", "high", "medium", "low", "lowest"))


def _date_field(symbols: str) -> re.Pattern[str]:
    return re.compile("(?:" + symbols + ")\ufe0f? *([0-9]{4}-[0-9]{2}-[0-9]{2})\\Z")


# Emoji format: one regex per field, anchored at the end; U+FE0F may follow any emoji.
# (Written differently from the plugin's regexes where those backtrack on long text; they
# match the same.)
_EMOJI_RX: dict[str, re.Pattern[str]] = {
    "priority": later("([🔺⏫🔼🔽⏬])\ufe0f?\\Z"),
    "done": _date_field("✅"),
    "cancelled": _date_field("❌"),
    "due": _date_field("📅|📆|🗓"),
    "scheduled": _date_field("⏳|⌛"),
    "start": _date_field("🛫"),
    "created": _date_field("➕"),
    "recurrence": later("🔁\ufe0f? *([a-zA-Z0-9,!][a-zA-Z0-9, !]*)\\Z"),
    "on_completion": later("🏁\ufe0f? *([a-zA-Z]+)\\Z"),
    "id": later("🆔\ufe0f? *(" + _ID + ")\\Z"),
    "depends_on": later("⛔\ufe0f? *(" + _ID_SEQ_RX.pattern + ")\\Z"),
}
_EMOJI_SIGNS: dict[str, str] = {
    "priority": "🔺⏫🔼🔽⏬",
    "done": "✅",
    "cancelled": "❌",
    "due": "📅📆🗓",
    "scheduled": "⏳⌛",
    "start": "🛫",
    "created": "➕",
    "recurrence": "🔁",
    "on_completion": "🏁",
    "id": "🆔",
    "depends_on": "⛔",
}
# Dataview format: the key inside `[key:: value]` / `(key:: value)` (case-sensitive).
_DATAVIEW_KEYS: dict[str, str] = {
    "priority": "priority",
    "done": "completion",
    "cancelled": "cancelled",
    "due": "due",
    "scheduled": "scheduled",
    "start": "start",
    "created": "created",
    "recurrence": "repeat",
    "on_completion": "onCompletion",
    "id": "id",
    "depends_on": "dependsOn",
}
_KIND_OF_SIGN = {sign: kind for kind, signs in _EMOJI_SIGNS.items() for sign in signs}
_ANY_SIGN = later("[" + "".join(_KIND_OF_SIGN) + "]")
_KIND_OF_KEY = {key: kind for kind, key in _DATAVIEW_KEYS.items()}
_ANY_KEY = later("(" + "|".join(_KIND_OF_KEY) + ")::")
# The order in which the plugin tries the fields on each round ("tags" = one trailing tag).
_ROUND = (
    "priority", "done", "cancelled", "due", "scheduled", "start", "created",
    "recurrence", "on_completion", "tags", "id", "depends_on",
)  # fmt: skip
_DATE_KINDS = frozenset(("done", "cancelled", "due", "scheduled", "start", "created"))
# An ASCII task text without these cannot hold a field, tag, link or block link.
_MAY_HOLD_FIELDS = later(r"::|[#\[^]")
_MAX_RUNS = 20

# The plugin's TaskRegularExpressions.hashTagsFromEnd and blockLinkRegex.
_TAG_FROM_END = later("(?:^|" + JS_WS_CLASS + ')#[^ !@#$%^&*(),.?":{}|<>]+\\Z')
_BLOCK_LINK = later(r" \^[a-zA-Z0-9-]+\Z")


def _calendar_date(s: str) -> str | None:
    try:
        date(int(s[0:4]), int(s[5:7]), int(s[8:10]))
    except ValueError:
        return None
    return s


def _dataview_tail(line: str) -> tuple[int, str, str] | None:
    """The bracketed field ending `line`: (index of its `[`/`(`, key, text after `::`).

    Mirrors the plugin's `toInlineFieldRegex`: `[ *key:: *value *]` or the same in
    parentheses, optionally followed by ` *,`, at the end of the line.
    """
    core = line
    if core.endswith(","):
        core = core[:-1].rstrip(" ")
    if not core:
        return None
    last = core[-1]
    if last == "]":
        start = core.rfind("[", 0, len(core) - 1)
    elif last == ")":
        start = core.rfind("(", 0, len(core) - 1)
    else:
        return None
    if start < 0:
        return None
    content = core[start + 1 : -1].lstrip(" ")
    sep = content.find("::")
    if sep <= 0:
        return None
    return start, content[:sep], content[sep + 2 :]


def _dataview_value(kind: str, raw: str) -> str | None:
    """The captured value if `raw` (text between `::` and the bracket) fits the field."""
    if kind == "recurrence":  # `repeat:: *([a-zA-Z0-9, !]+) *`
        return js_trim(raw) if _RULE_CHARS_RX.fullmatch(raw) else None
    value = raw.strip(" ")
    if kind in _DATE_KINDS:
        ok = _DATE_RX.fullmatch(value) is not None
    elif kind == "priority":
        ok = value in _PRIORITY_WORDS
    elif kind == "on_completion":
        ok = _LETTERS_RX.fullmatch(value) is not None
    elif kind == "id":
        ok = _ID_RX.fullmatch(value) is not None
    else:  # depends_on
        ok = _ID_SEQ_RX.fullmatch(value) is not None
    return value if ok else None


def parse_task_body(body: str, fmt: TaskFormat = "both") -> TaskFields:
    """Read the text after `- [c] ` into fields, as the Tasks plugin reads a task.

    `fmt` is the plugin's task format: "emoji" (📅 2024-05-01), "dataview"
    ([due:: 2024-05-01]) or "both" (either, also mixed on one line).
    """
    if fmt not in ("emoji", "dataview", "both"):
        raise ValueError(f"unknown task format {fmt!r}")
    line = js_trim(body)
    if not _MAY_HOLD_FIELDS.search(line):
        # No `::`, `#`, link or `^`: the only fields it can hold are emoji ones. Most task
        # texts are read here without the field grammar (tests/test_taskfields.py holds
        # these shortcuts equal to the full reader, `_read_fields`).
        if line.isascii():
            return TaskFields(description=line)  # most tasks
        signs = _ANY_SIGN.findall(line)
        if not signs or fmt == "dataview":
            return TaskFields(description=line)
        if len(signs) == 1 and (kind := _KIND_OF_SIGN[signs[0]]) in _DATE_KINDS:
            # one emoji date: what most of the rest hold (`text 📅 2026-11-20`)
            em = _EMOJI_RX[kind].search(line)
            if em is not None:
                fields = TaskFields(js_trim(line[: em.start()]))
                setattr(fields, kind, _calendar_date(em.group(1)))
                return fields
    return _read_fields(line, fmt)


def _read_fields(line: str, fmt: TaskFormat) -> TaskFields:
    """The full reader: `parse_task_body` without its shortcuts (`line`: the trimmed text)."""
    block_link = ""
    if "^" in line:
        bm = _BLOCK_LINK.search(line)
        if bm is not None:
            block_link = bm.group(0)
            line = js_trim(line[: bm.start()])
    whole = line

    # Which fields can this line hold at all? (Most lines: none, or one or two.)
    by_emoji = (
        {_KIND_OF_SIGN[sign] for sign in set(_ANY_SIGN.findall(line))}
        if fmt != "dataview" and not line.isascii()
        else set()
    )
    by_dataview = (
        {_KIND_OF_KEY[key] for key in _ANY_KEY.findall(line)}
        if fmt != "emoji" and "::" in line
        else set()
    )
    plan = [
        (kind, kind in by_emoji, kind in by_dataview)
        for kind in _ROUND
        if kind in by_emoji or kind in by_dataview or (kind == "tags" and "#" in line)
    ]
    found: dict[str, str] = {}
    trailing_tags: list[str] = []
    tail_of = ""  # the line `tail` was computed for
    tail: tuple[int, str, str] | None = None
    runs = 0
    matched = bool(plan)
    while matched and runs <= _MAX_RUNS:
        matched = False
        for kind, emoji, dataview in plan:
            if kind == "tags":
                tm = _TAG_FROM_END.search(line)
                if tm is not None:
                    trailing_tags.insert(0, js_trim(tm.group(0)))
                    line = js_trim(line[: tm.start()])
                    matched = True
                continue
            if emoji:
                em = _EMOJI_RX[kind].search(line)
                if em is not None:
                    found[kind] = em.group(1)
                    line = js_trim(line[: em.start()])
                    matched = True
            if dataview and line:
                if tail_of is not line:
                    tail_of, tail = line, _dataview_tail(line)
                if tail is not None and tail[1] == _DATAVIEW_KEYS[kind]:
                    value = _dataview_value(kind, tail[2])
                    if value is not None:
                        found[kind] = value
                        line = js_trim(line[: tail[0]])
                        matched = True
        runs += 1

    description = " ".join(part for part in (line, " ".join(trailing_tags)) if part)

    priority = "none"
    if "priority" in found:
        p = found["priority"]
        priority = _PRIORITY_BY_EMOJI.get(p, p if p in _PRIORITY_WORDS else "none")
    dates = ({k: _calendar_date(found[k]) if k in found else None for k in _DATE_KINDS}
             if found else dict.fromkeys(_DATE_KINDS))
    recurrence = js_trim(found.get("recurrence", ""))
    on_completion = found.get("on_completion", "").strip().lower()
    depends_on = tuple(d for d in found.get("depends_on", "").replace(" ", "").split(",") if d)

    return TaskFields(
        description=description,
        priority=priority,
        due=dates["due"],
        scheduled=dates["scheduled"],
        start=dates["start"],
        created=dates["created"],
        done=dates["done"],
        cancelled=dates["cancelled"],
        recurrence=recurrence if recurrence and valid_recurrence(recurrence) else None,
        id=found.get("id", "").strip(),
        depends_on=depends_on,
        on_completion=on_completion if on_completion in ("delete", "keep") else "",
        tags=extract_tags(description),
        block_link=block_link,
        links=extract_links(description),
        fields=extract_inline_fields(whole),
    )
