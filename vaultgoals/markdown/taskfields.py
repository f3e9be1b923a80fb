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

`tags`, `links` and `fields` are read the way Obsidian and Dataview read them (see the
`extract_*` functions, which the block scanner also runs on whole lines of a note).

Everything here is linear-time and never raises on any `str`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from typing import Literal
from urllib.parse import unquote

from vaultgoals.model import Link, TaskFields

__all__ = [
    "TaskFormat",
    "extract_inline_fields",
    "extract_links",
    "extract_tags",
    "parse_task_body",
]

TaskFormat = Literal["emoji", "dataview", "both"]

# What JavaScript's String.prototype.trim() and `\s` treat as white space.
_JS_WS = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_WS_CLASS = "[" + _JS_WS.replace("\t", "\\t").replace("\n", "\\n") + "]"


def _trim(s: str) -> str:
    return s.strip(_JS_WS)


# --------------------------------------------------------------------------------------------
# Inline code spans (CommonMark): a run of n backticks up to the next run of exactly n.
# Used to hide `code` from tag / link / field detection, keeping every other offset intact.
# --------------------------------------------------------------------------------------------

_BACKTICK_RUN = re.compile(r"`+")
_MASK = "\x00"  # neither white space, nor a bracket, nor a tag character


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every inline code span in `text`, backticks included."""
    runs = [(m.start(), m.end()) for m in _BACKTICK_RUN.finditer(text)]
    if len(runs) < 2:
        return []
    by_len: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(runs):
        by_len.setdefault(e - s, []).append(i)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        s, e = runs[i]
        # Outside a code span, a backslash escapes the first backtick of a run.
        k = s
        while k > 0 and text[k - 1] == "\\":
            k -= 1
        if (s - k) % 2 == 1:
            s += 1
        same = by_len.get(e - s)
        if same is not None:
            j = bisect_right(same, i)
            if j < len(same):
                close = same[j]
                spans.append((s, runs[close][1]))
                i = close + 1
                continue
        i += 1
    return spans


def _mask_code(text: str) -> str:
    """`text` with every inline code span overwritten by NULs (same length)."""
    if "`" not in text:
        return text
    spans = _code_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for s, e in spans:
        parts.append(text[last:s])
        parts.append(_MASK * (e - s))
        last = e
    parts.append(text[last:])
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Tags
# --------------------------------------------------------------------------------------------

# A tag character: anything but white space, control characters and punctuation, except
# `_`, `-` and `/`: letters and digits of every script, combining marks, emoji. (Obsidian's
# rule as documented — letters, digits, `_`, `-`, `/` — widened to marks and emoji, which
# Obsidian accepts in practice.)
_TAG_EXCLUDED = (
    "\\x00-\\x20\\x7f!-,.:-@\\[-^`{-~"  # controls, space, ASCII punctuation but - / _
    "\\x80-\\xbf\\xd7\\xf7"  # C1 controls, Latin-1 punctuation and symbols
    "\\u1680\\u2000-\\u200b\\u200e-\\u206f"  # spaces, general punctuation (not ZWNJ/ZWJ)
    "\\u2e00-\\u2e7f\\u3000-\\u3004\\u3008-\\u3020\\u3030\\u303d"  # CJK punctuation
    "\\ufe10-\\ufe1f\\ufe30-\\ufe4f\\ufeff"
    "\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65"  # full-width punctuation
)
# A tag starts at the start of the text or after white space.
_TAG = re.compile(r"(?<!\S)#([^" + _TAG_EXCLUDED + r"]+)")
_ALL_DIGITS = re.compile(r"[0-9]+")
_WIKILINK_ONLY = re.compile(r"\[\[[^\[\]\n]*\]\]")


def extract_tags(text: str) -> tuple[str, ...]:
    """Obsidian tags in `text`, without `#`, in order (repeats kept).

    `#tag`, `#nested/tag`, `#día`, `#日本語`; a tag is preceded by white space or starts the
    text, cannot be only digits (`#2024`), and is not read inside inline code or a wikilink.
    """
    if "#" not in text:
        return ()
    masked = _mask_code(text)
    if "[[" in masked:
        masked = _WIKILINK_ONLY.sub(lambda m: _MASK * len(m.group(0)), masked)
    return tuple(
        m.group(1) for m in _TAG.finditer(masked) if _ALL_DIGITS.fullmatch(m.group(1)) is None
    )


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------

_LINK = re.compile(
    r"(!?)(?:"
    r"\[\[([^\[\]\n]+)\]\]"  # [[target#heading|alias]]
    r"|\[([^\[\]\n]*)\]\(\s*"  # [text](
    r"(?:<([^<>\n]*)>|([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*))"  # destination
    r"(?:\s+(?:\"[^\"\n)]*\"|'[^'\n)]*'|\([^()\n]*\)))?\s*\)"  # optional title, )
    r")"
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def _strip_md(target: str) -> str:
    return target[:-3] if target[-3:].lower() == ".md" else target


def _wikilink(inner: str, embed: bool) -> Link | None:
    target, bar, alias = inner.partition("|")
    if bar and target.endswith("\\"):  # `[[Note\|alias]]`, escaped for a table cell
        target = target[:-1]
    target, _, heading = target.partition("#")
    target = _strip_md(target.strip())
    heading = heading.strip()
    if not target and not heading:
        return None
    return Link(target=target, heading=heading, alias=alias.strip(), embed=embed)


def _mdlink(text: str, dest: str, embed: bool) -> Link | None:
    dest = dest.strip()
    if not dest or _SCHEME.match(dest):  # http:, https:, mailto:, obsidian:, ...
        return None
    path, _, heading = dest.partition("#")
    path, heading = unquote(path), unquote(heading)  # errors="replace": never raises
    target = _strip_md(path.strip())
    heading = heading.strip()
    if not target and not heading:
        return None
    return Link(target=target, heading=heading, alias=text.strip(), embed=embed)


def extract_links(text: str) -> tuple[Link, ...]:
    """Links to notes in `text`, in order: wikilinks (also `![[embeds]]`) and markdown links
    to local files (`[text](My%20Note.md#Heading)`; URLs with a scheme are skipped).

    Targets are as written, `.md` stripped; markdown links are URL-decoded. Nothing inside
    inline code counts.
    """
    if "[" not in text:
        return ()
    masked = _mask_code(text)
    out: list[Link] = []
    for m in _LINK.finditer(masked):
        if masked is not text and _MASK in m.group(0):  # overlaps inline code
            continue
        embed = m.group(1) == "!"
        if m.group(2) is not None:
            link = _wikilink(m.group(2), embed)
        else:
            dest = m.group(4) if m.group(4) is not None else m.group(5)
            link = _mdlink(m.group(3), dest, embed)
        if link is not None:
            out.append(link)
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Inline fields (Dataview): [key:: value] and (key:: value), anywhere in a line
# --------------------------------------------------------------------------------------------

_KEY_END = re.compile(r"::|[\[\]()]")
_SQUARE = re.compile(r"[\[\]]")
_ROUND_BRACKETS = re.compile(r"[()]")
_OPEN_SQUARE = re.compile(r"\[")
_OPEN_ROUND = re.compile(r"\(")


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
        if _trim(text[p + 1 : m.start()]):
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
        key = _trim(text[p + 1 : vstart - 2]).lower()
        out.append((p, key, _trim(text[vstart:c])))
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
    masked = _mask_code(text)
    found = _fields_in_line(text, masked, "[", "]") + _fields_in_line(text, masked, "(", ")")
    found.sort(key=lambda f: f[0])
    return tuple((k, v) for _, k, v in found)


# --------------------------------------------------------------------------------------------
# Recurrence rules: a port of rrule's `parseText` (rrule/src/nlp/parsetext.ts, English),
# used as the Tasks plugin's `Recurrence.fromText` uses it: to accept or drop a rule.
# --------------------------------------------------------------------------------------------

_RULE_TEXT = re.compile(r"([a-zA-Z0-9, !]+?)( when done)?", re.IGNORECASE | re.ASCII)

_I = re.IGNORECASE | re.ASCII
# rrule's English token table, in its order (among equally long matches the first one wins),
# with the characters each token can start with (lower case), to try only those.
_TOKEN_TABLE: list[tuple[str, str, str]] = [
    ("SKIP", " \r\n\t.", r"[ \r\n\t]+|\.\Z"),
    ("number", "123456789", r"[1-9][0-9]*"),
    ("numberAsText", "ot", r"(one|two|three)"),
    ("every", "e", r"every"),
    ("day(s)", "d", r"days?"),
    ("weekday(s)", "w", r"weekdays?"),
    ("week(s)", "w", r"weeks?"),
    ("hour(s)", "h", r"hours?"),
    ("minute(s)", "m", r"minutes?"),
    ("month(s)", "m", r"months?"),
    ("year(s)", "y", r"years?"),
    ("on", "oi", r"(on|in)"),
    ("at", "a", r"(at)"),
    ("the", "t", r"the"),
    ("first", "f", r"first"),
    ("second", "s", r"second"),
    ("third", "t", r"third"),
    ("nth", "123456789", r"([1-9][0-9]*)(\.|th|nd|rd|st)"),
    ("last", "l", r"last"),
    ("for", "f", r"for"),
    ("time(s)", "t", r"times?"),
    ("until", "ut", r"(un)?til"),
    ("monday", "m", r"mo(n(day)?)?"),
    ("tuesday", "t", r"tu(e(s(day)?)?)?"),
    ("wednesday", "w", r"we(d(n(esday)?)?)?"),
    ("thursday", "t", r"th(u(r(sday)?)?)?"),
    ("friday", "f", r"fr(i(day)?)?"),
    ("saturday", "s", r"sa(t(urday)?)?"),
    ("sunday", "s", r"su(n(day)?)?"),
    ("january", "j", r"jan(uary)?"),
    ("february", "f", r"feb(ruary)?"),
    ("march", "m", r"mar(ch)?"),
    ("april", "a", r"apr(il)?"),
    ("may", "m", r"may"),
    ("june", "j", r"june?"),
    ("july", "j", r"july?"),
    ("august", "a", r"aug(ust)?"),
    ("september", "s", r"sep(t(ember)?)?"),
    ("october", "o", r"oct(ober)?"),
    ("november", "n", r"nov(ember)?"),
    ("december", "d", r"dec(ember)?"),
    ("comma", ",ao", r"(,\s*|(and|or)\s*)+"),
]
_TOKENS_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _name, _firsts, _source in _TOKEN_TABLE:
    for _ch in _firsts:
        _TOKENS_BY_FIRST.setdefault(_ch, []).append((_name, re.compile(_source, _I)))

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


class _RuleError(Exception):
    pass


class _RuleParser:
    """rrule's `Parser` and `parseText` grammar, only to tell valid from invalid."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.done = False
        self.symbol: str | None = None
        self.value: re.Match[str] | None = None

    def next_symbol(self) -> bool:
        self.symbol = None
        self.value = None
        while True:
            if self.done:
                return False
            best: re.Match[str] | None = None
            best_name = ""
            for name, rx in _TOKENS_BY_FIRST.get(self.text[self.pos : self.pos + 1].lower(), ()):
                m = rx.match(self.text, self.pos)
                if m is not None and (best is None or m.end() > best.end()):
                    best, best_name = m, name
            if best is None:
                self.done = True
                return False
            self.pos = best.end()
            if self.pos >= len(self.text):
                self.done = True
            if best_name != "SKIP":
                self.symbol, self.value = best_name, best
                return True

    def is_done(self) -> bool:
        return self.done and self.symbol is None

    def accept(self, name: str) -> bool:
        if self.symbol == name:
            self.next_symbol()
            return True
        return False

    def expect(self, name: str) -> None:
        if not self.accept(name):
            raise _RuleError(name)

    # grammar ------------------------------------------------------------------------------

    def parse(self) -> None:
        if not self.next_symbol():
            raise _RuleError("empty")  # parseText returns null: no recurrence either
        self.expect("every")
        self.accept("number")
        if self.is_done():
            raise _RuleError("unexpected end")
        sym = self.symbol
        if sym == "day(s)":
            if self.next_symbol():
                self.at()
                self.for_until()
        elif sym == "weekday(s)":
            self.next_symbol()
            self.at()
            self.for_until()
        elif sym == "week(s)":
            if self.next_symbol():
                self.on()
                self.at()
                self.for_until()
        elif sym in ("hour(s)", "minute(s)", "month(s)", "year(s)"):
            if self.next_symbol():
                self.on()
                self.for_until()
        elif sym in _WEEKDAYS:
            if not self.next_symbol():
                return
            while self.accept("comma"):
                if self.is_done() or not self.weekday():
                    raise _RuleError("expected weekday")
                self.next_symbol()
            self.at()
            self.monthdays()
            self.for_until()
        elif sym in _MONTHS:
            if not self.next_symbol():
                return
            while self.accept("comma"):
                if self.is_done() or not self.month():
                    raise _RuleError("expected month")
                self.next_symbol()
            self.on()
            self.for_until()
        else:
            raise _RuleError("unknown symbol")

    def on(self) -> None:
        on = self.accept("on")
        the = self.accept("the")
        if not (on or the):
            return
        while True:
            nth = self.nth()
            wkd = self.weekday()
            month = self.month()
            if nth:
                if wkd:
                    self.next_symbol()
                else:
                    self.accept("day(s)")
            elif wkd or self.symbol == "weekday(s)":
                self.next_symbol()
            elif self.symbol == "week(s)":
                self.next_symbol()
                if not self.accept("number"):
                    raise _RuleError("expected week number")
                while self.accept("comma"):
                    if not self.accept("number"):
                        raise _RuleError("expected week number")
            elif month:
                self.next_symbol()
            else:
                return
            if not (self.accept("comma") or self.accept("the") or self.accept("on")):
                return

    def at(self) -> None:
        if not self.accept("at"):
            return
        while True:
            if not self.accept("number"):
                raise _RuleError("expected hour")
            while self.accept("comma"):
                if not self.accept("number"):
                    raise _RuleError("expected hour")
            if not (self.accept("comma") or self.accept("at")):
                return

    def weekday(self) -> bool:
        return self.symbol in _WEEKDAYS

    def month(self) -> bool:
        return self.symbol in _MONTHS

    def nth(self) -> bool:
        sym = self.symbol
        if sym in ("last", "first"):
            self.next_symbol()
            return True
        if sym in ("second", "third"):
            self.next_symbol()
            self.accept("last")
            return True
        if sym == "nth" and self.value is not None:
            digits = self.value.group(1)
            if len(digits) > 3 or int(digits) > 366:
                raise _RuleError("nth out of range")
            self.next_symbol()
            self.accept("last")
            return True
        return False

    def monthdays(self) -> None:
        self.accept("on")
        self.accept("the")
        if not self.nth():
            return
        self.next_symbol()
        while self.accept("comma"):
            if not self.nth():
                raise _RuleError("expected monthday")
            self.next_symbol()

    def for_until(self) -> None:
        if self.symbol == "until":
            # rrule calls JavaScript's lenient Date.parse on the rest; with the characters a
            # rule may hold ([a-zA-Z0-9, !]) it needs at least a number to succeed.
            if not any(ch.isdigit() for ch in self.text[self.pos :]):
                raise _RuleError("cannot parse until date")
        elif self.accept("for"):
            if self.value is None:
                raise _RuleError("for: nothing follows")
            self.expect("number")


def _valid_recurrence(rule: str) -> bool:
    """Would the Tasks plugin keep this 🔁 rule? (`Recurrence.fromText` + rrule.)"""
    m = _RULE_TEXT.fullmatch(rule)
    if m is None:
        return False
    try:
        _RuleParser(m.group(1).strip()).parse()
    except _RuleError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# The Tasks plugin's serializers
# --------------------------------------------------------------------------------------------

_DATE_RX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = r"[a-zA-Z0-9_-]+"
_ID_RX = re.compile(_ID)
_ID_SEQ_RX = re.compile(_ID + r"(?: *, *" + _ID + r")*")
_RULE_CHARS_RX = re.compile(r"[a-zA-Z0-9, !]+")
_LETTERS_RX = re.compile(r"[a-zA-Z]+")

_PRIORITY_BY_EMOJI = {"🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest"}
_PRIORITY_WORDS = frozenset(("highest", "high", "medium", "low", "lowest"))


def _date_field(symbols: str) -> re.Pattern[str]:
    return re.compile("(?:" + symbols + ")\ufe0f? *([0-9]{4}-[0-9]{2}-[0-9]{2})\\Z")


# Emoji format: one regex per field, anchored at the end; U+FE0F may follow any emoji.
# (Rewritten from the plugin's regexes where those backtrack badly; same matches.)
_EMOJI_RX: dict[str, re.Pattern[str]] = {
    "priority": re.compile("([🔺⏫🔼🔽⏬])\ufe0f?\\Z"),
    "done": _date_field("✅"),
    "cancelled": _date_field("❌"),
    "due": _date_field("📅|📆|🗓"),
    "scheduled": _date_field("⏳|⌛"),
    "start": _date_field("🛫"),
    "created": _date_field("➕"),
    "recurrence": re.compile("🔁\ufe0f? *([a-zA-Z0-9,!][a-zA-Z0-9, !]*)\\Z"),
    "on_completion": re.compile("🏁\ufe0f? *([a-zA-Z]+)\\Z"),
    "id": re.compile("🆔\ufe0f? *(" + _ID + ")\\Z"),
    "depends_on": re.compile("⛔\ufe0f? *(" + _ID_SEQ_RX.pattern + ")\\Z"),
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
_ANY_SIGN = re.compile("[" + "".join(_KIND_OF_SIGN) + "]")
_KIND_OF_KEY = {key: kind for kind, key in _DATAVIEW_KEYS.items()}
_ANY_KEY = re.compile("(" + "|".join(_KIND_OF_KEY) + ")::")
# The order in which the plugin tries the fields on each round ("tags" = one trailing tag).
_ROUND = (
    "priority", "done", "cancelled", "due", "scheduled", "start", "created",
    "recurrence", "on_completion", "tags", "id", "depends_on",
)  # fmt: skip
_DATE_KINDS = frozenset(("done", "cancelled", "due", "scheduled", "start", "created"))
# An ASCII task text without these cannot hold a field, tag, link or block link.
_MAY_HOLD_FIELDS = re.compile(r"::|[#\[^]")
_MAX_RUNS = 20

# The plugin's TaskRegularExpressions.hashTagsFromEnd and blockLinkRegex.
_TAG_FROM_END = re.compile("(?:^|" + _WS_CLASS + ')#[^ !@#$%^&*(),.?":{}|<>]+\\Z')
_BLOCK_LINK = re.compile(r" \^[a-zA-Z0-9-]+\Z")


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
        return _trim(raw) if _RULE_CHARS_RX.fullmatch(raw) else None
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
    line = _trim(body)
    if not _MAY_HOLD_FIELDS.search(line):
        # No `::`, `#`, link or `^`: the only fields it can hold are emoji ones (the fast
        # paths; tests/test_taskfields.py holds them to the full reader).
        if line.isascii():
            return TaskFields(description=line)  # most tasks
        signs = _ANY_SIGN.findall(line)
        if not signs or fmt == "dataview":
            return TaskFields(description=line)
        if len(signs) == 1 and (kind := _KIND_OF_SIGN[signs[0]]) in _DATE_KINDS:
            # one emoji date: what most of the rest hold (`text 📅 2026-11-20`)
            em = _EMOJI_RX[kind].search(line)
            if em is not None:
                fields = TaskFields(_trim(line[: em.start()]))
                setattr(fields, kind, _calendar_date(em.group(1)))
                return fields
    return _read_fields(line, fmt)


def _read_fields(line: str, fmt: TaskFormat) -> TaskFields:
    """`parse_task_body` without its fast path (`line`: the trimmed text)."""
    block_link = ""
    if "^" in line:
        bm = _BLOCK_LINK.search(line)
        if bm is not None:
            block_link = bm.group(0)
            line = _trim(line[: bm.start()])
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
                    trailing_tags.insert(0, _trim(tm.group(0)))
                    line = _trim(line[: tm.start()])
                    matched = True
                continue
            if emoji:
                em = _EMOJI_RX[kind].search(line)
                if em is not None:
                    found[kind] = em.group(1)
                    line = _trim(line[: em.start()])
                    matched = True
            if dataview and line:
                if tail_of is not line:
                    tail_of, tail = line, _dataview_tail(line)
                if tail is not None and tail[1] == _DATAVIEW_KEYS[kind]:
                    value = _dataview_value(kind, tail[2])
                    if value is not None:
                        found[kind] = value
                        line = _trim(line[: tail[0]])
                        matched = True
        runs += 1

    description = " ".join(part for part in (line, " ".join(trailing_tags)) if part)

    priority = "none"
    if "priority" in found:
        p = found["priority"]
        priority = _PRIORITY_BY_EMOJI.get(p, p if p in _PRIORITY_WORDS else "none")
    dates = ({k: _calendar_date(found[k]) if k in found else None for k in _DATE_KINDS}
             if found else dict.fromkeys(_DATE_KINDS))
    recurrence = _trim(found.get("recurrence", ""))
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
        recurrence=recurrence if recurrence and _valid_recurrence(recurrence) else None,
        id=found.get("id", "").strip(),
        depends_on=depends_on,
        on_completion=on_completion if on_completion in ("delete", "keep") else "",
        tags=extract_tags(description),
        block_link=block_link,
        links=extract_links(description),
        fields=extract_inline_fields(whole),
    )
