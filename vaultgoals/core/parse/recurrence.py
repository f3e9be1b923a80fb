"""Recurrence rules (`🔁 every week on Monday`): would the Tasks plugin keep this one?

A port of rrule's `parseText` (rrule/src/nlp/parsetext.ts, English), used as the Tasks
plugin's `Recurrence.fromText` uses it: to accept or drop a rule. Only the grammar is
ported, to tell a valid rule from an invalid one; no dates are computed.
"""

from __future__ import annotations

import re

from vaultgoals.core.lazyre import later

__all__ = ["valid_recurrence"]

_RULE_TEXT = later(r"([a-zA-Z0-9, !]+?)( when done)?", re.IGNORECASE | re.ASCII)

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
        _TOKENS_BY_FIRST.setdefault(_ch, []).append((_name, later(_source, _I)))

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


def valid_recurrence(rule: str) -> bool:
    """Would the Tasks plugin keep this 🔁 rule? (`Recurrence.fromText` + rrule.)"""
    m = _RULE_TEXT.fullmatch(rule)
    if m is None:
        return False
    try:
        _RuleParser(m.group(1).strip()).parse()
    except _RuleError:
        return False
    return True
