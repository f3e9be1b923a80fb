"""Months, quarters and years as the periodic reviews count them: their days, their names
(the user's Periodic Notes formats), which one comes before, the weeks inside, and when a
period's review is due.

When a review is due (docs/periodic.md): a period's review appears in its last week (the
week that holds its last day, as the weekly review counts weeks), is kept current by every
run until the period ends, and is finalised by the first run after it ends (as of its last
day). Only the period just ended is caught up, and only if the journal was kept before it
ended: a first run does not write a year of past reviews (`vaultgoals review --month` does,
on request). Pure: dates in, dates and names out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from vaultgoals.core.dates import FIRST_DAY, LAST_DAY, format_moment, period_bounds
from vaultgoals.core.weeks import WeekRules, week_start_of

KINDS = ("month", "quarter", "year")
ADJECTIVE = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}
# what `vaultgoals review --month|--quarter|--year` accepts for each kind
_SPELLING = {
    "month": (re.compile(r"(\d{4})-(\d{1,2})"), "YYYY-MM, e.g. 2026-10"),
    "quarter": (re.compile(r"(\d{4})-?[Qq]([1-4])"), "YYYY-Qn, e.g. 2026-Q3"),
    "year": (re.compile(r"(\d{4})"), "YYYY, e.g. 2026"),
}


@dataclass(frozen=True, slots=True)
class Span:
    """One month, quarter or year: its kind, first and last day."""

    kind: str
    start: date
    end: date

    @property
    def key(self) -> str:
        """A stable name whatever the formats: `month:2026-10-01`."""
        return f"{self.kind}:{self.start.isoformat()}"

    def title(self) -> str:
        """In words, for a heading: `October 2026`, `Q3 2026`, `2026`."""
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return str(self.start.year)


def span_of(day: date, kind: str) -> Span:
    """The month, quarter or year that holds `day`."""
    start, end = period_bounds(day, kind)
    return Span(kind, start, end)


def previous(span: Span) -> Span:
    return span_of(span.start - timedelta(days=1), span.kind)


def name_of(span: Span, fmt: str, rules: WeekRules) -> str:
    """The span's name under a moment.js format (`YYYY-MM`, `YYYY-[Q]Q`, `YYYY`): written
    from its first day, as Periodic Notes names a monthly, quarterly or yearly note."""
    return format_moment(fmt, span.start, rules)


def parse_span(kind: str, text: str) -> Span:
    """`2026-10` (month), `2026-Q3` (quarter), `2026` (year) → the span; ValueError with a
    message naming the value and the expected spelling."""
    rx, spelled = _SPELLING[kind]
    m = rx.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError
        year = int(m.group(1))
        month = 1 if kind == "year" else int(m.group(2))
        if kind == "quarter":
            month = 3 * (month - 1) + 1
        day = date(year, month, 1)
    except ValueError:
        raise ValueError(f"--{kind} {text!r} is not a {kind} ({spelled})") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"--{kind} {text!r} is outside {FIRST_DAY.year}..{LAST_DAY.year}")
    return span_of(day, kind)


def weeks_in(span: Span, rules: WeekRules) -> list[date]:
    """The first days of the weeks that overlap the span, in order (a week across two
    months belongs to both)."""
    out: list[date] = []
    start = week_start_of(span.start, rules)
    while start <= span.end:
        out.append(start)
        start += timedelta(days=7)
    return out


def in_last_week(span: Span, today: date, rules: WeekRules) -> bool:
    """Is `today` in the span's last week (from the first day of the week holding its last
    day) and not after its end?"""
    return week_start_of(span.end, rules) <= today <= span.end


def due(kind: str, today: date, rules: WeekRules, since: date | None) -> list[Span]:
    """The spans of `kind` whose review a run on `today` writes: the one just ended (to be
    finalised, when the journal was kept before it ended: `since` is the journal's first
    day) and the current one in its last week. The caller skips spans already finalised."""
    current = span_of(today, kind)
    out: list[Span] = []
    if current.start > FIRST_DAY:
        ended = previous(current)
        if since is not None and since <= ended.end:
            out.append(ended)
    if in_last_week(current, today, rules):
        out.append(current)
    return out
