"""Calendar arithmetic: ISO dates, weeks, commitment periods, relative deadlines, and the
moment.js date formats Obsidian uses to name daily and weekly notes.

No library in the dependency set speaks moment.js tokens; this module implements the subset
Obsidian's daily-notes and Periodic Notes settings use in practice (documented in README).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from vaultgoals.core.weeks import EN, WeekRules, first_day_of_week, iso_week, week_of_year

PERIODS = ("day", "week", "month", "quarter", "year")

# The days `--today` and `--week` may name. A review counts back from today (the pace
# window, the chart's weeks, commitment history, `stale_days`, `lookback_days`: at most a
# few hundred years) and forward (the week's end, `due_soon_days`), and Python's calendar
# ends at 0001-01-01 and 9999-12-31: a thousand years on each side keeps every such step
# inside it.
FIRST_DAY = date(1000, 1, 1)
LAST_DAY = date(8999, 12, 31)
# a week's first day by name → Python's weekday() (the names of `weeks.DAY_NAMES`)
_WEEKDAY = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}


def parse_iso(value: object) -> date | None:
    """`YYYY-MM-DD` (also the first 10 chars of a datetime string) as a date, else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_MONTH_NAMES = {
    name: i for i, names in enumerate((
        (), ("january", "jan", "januar", "jänner", "enero", "janvier", "janeiro"),
        ("february", "feb", "februar", "febrero", "février", "fevereiro"),
        ("march", "mar", "märz", "marzo", "mars", "março"),
        ("april", "apr", "abril", "avril"),
        ("may", "mai", "mayo", "maio"),
        ("june", "jun", "juni", "junio", "juin", "junho"),
        ("july", "jul", "juli", "julio", "juillet", "julho"),
        ("august", "aug", "agosto", "août"),
        ("september", "sep", "sept", "septiembre", "septembre", "setembro"),
        ("october", "oct", "oktober", "octubre", "octobre", "outubro"),
        ("november", "nov", "noviembre", "novembre", "novembro"),
        ("december", "dec", "dezember", "diciembre", "décembre", "dezembro"),
    )) for name in names
}
_WIKI_DATE = re.compile(r"\[\[([^\]|#]*)(?:[#|][^\]]*)?\]\]")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\d])")
_MONTH_FIRST = re.compile(r"([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?![\d])")
_DAY_FIRST = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?([^\W\d_]{3,10})\.?,?\s+(?:de\s+)?(\d{4})"
    r"(?![\d])")


def parse_date(value: object) -> date | None:
    """A date as people write it in properties, else None: ISO (`2025-06-30`, also with a
    time), `2025/06/30`, `30.06.2025`, `June 30, 2025`, `30 June 2025` (English, German,
    Spanish, French, Portuguese month names), a link to a daily note (`[[2025-06-30]]`),
    and `30/06/2025` or `06/30/2025` when only one reading is a date (a day above 12);
    `03/04/2025` could be either and is None. Only the whole value is read (surrounding
    spaces aside): `due in 2025-06-30 or later` is not a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = _WIKI_DATE.fullmatch(text)
    if m is not None:
        text = m.group(1).strip()
    day = parse_iso(text) if len(text) == 10 or text[10:11] in ("T", " ") else None
    if day is not None:
        return day
    return _numeric(text) or _named(text)


def _numeric(text: str) -> date | None:
    m = _YMD.fullmatch(text)
    if m is not None:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY.fullmatch(text)
    if m is None:
        return None
    first, sep, second, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
    if sep == "." or first > 12:  # 30.06.2025 (day first), 30/06/2025
        return _day(year, second, first)
    if second > 12:  # 06/30/2025 (month first)
        return _day(year, first, second)
    return _day(year, first, second) if first == second else None  # 03/04: either


def _named(text: str) -> date | None:
    m = _MONTH_FIRST.fullmatch(text)
    if m is not None:
        month = _MONTH_NAMES.get(m.group(1).casefold())
        return _day(int(m.group(3)), month, int(m.group(2))) if month else None
    m = _DAY_FIRST.fullmatch(text)
    if m is not None:
        month = _MONTH_NAMES.get(m.group(2).casefold())
        return _day(int(m.group(3)), month, int(m.group(1))) if month else None
    return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if FIRST_DAY <= found <= LAST_DAY else None


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the last day of the month (Jan 31 + 1 → Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


_RELATIVE = re.compile(
    r"\s*(?:in\s+)?(\d{1,4})\s*(days?|d|weeks?|w|months?|mo|years?|y)\s*\Z", re.IGNORECASE
)


def is_relative(spec: str) -> bool:
    return _RELATIVE.match(spec) is not None


def add_relative(start: date, spec: str) -> date | None:
    """`start` plus `6 months`, `12 weeks`, `90 days`, `1 year` (also `in 6 months`, `6mo`)."""
    m = _RELATIVE.match(spec)
    if m is None:
        return None
    n, unit = int(m.group(1)), m.group(2).lower()
    try:
        if unit.startswith("d"):
            return start + timedelta(days=n)
        if unit.startswith("w"):
            return start + timedelta(weeks=n)
        if unit.startswith("mo"):
            return add_months(start, n)
        return add_months(start, 12 * n)
    except (OverflowError, ValueError):
        return None


def week_start_of(day: date, week_start: str = "monday") -> date:
    first = _WEEKDAY.get(week_start, 0)
    return day - timedelta(days=(day.weekday() - first) % 7)


def period_bounds(day: date, every: str, week_start: str = "monday") -> tuple[date, date]:
    """First and last day of the `every` period (day/week/month/quarter/year) holding `day`."""
    if every == "day":
        return day, day
    if every == "week":
        start = week_start_of(day, week_start)
        return start, start + timedelta(days=6)
    if every == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if every == "quarter":
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first_month, 1)
        return start, add_months(start, 3) - timedelta(days=1)
    return date(day.year, 1, 1), date(day.year, 12, 31)


def previous_period(start: date, every: str, week_start: str = "monday") -> tuple[date, date]:
    return period_bounds(start - timedelta(days=1), every, week_start)


def period_label(start: date, every: str) -> str:
    if every == "day":
        return start.isoformat()
    if every == "week":
        return f"week of {start.isoformat()}"
    if every == "month":
        return f"{calendar.month_name[start.month]} {start.year}"
    if every == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return str(start.year)


def in_period(start: date, every: str) -> str:
    """The period as a sentence says it: `on 2026-11-20`, `in week of 2026-11-16`, `in
    November 2026`."""
    return f"{'on' if every == 'day' else 'in'} {period_label(start, every)}"


def iso_week_label(day: date) -> str:
    year, week = iso_week(day)
    return f"{year}-W{week:02d}"


def parse_week_label(label: str, rules: WeekRules) -> date | None:
    """`2026-W47` → the first day of week 47 of week-year 2026 numbered under `rules` (the
    way the review and the weekly notes name weeks), else None."""
    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", label.strip())
    if m is None:
        return None
    return first_day_of_week(int(m.group(1)), int(m.group(2)), rules)


# --- moment.js formats -------------------------------------------------------------------

# moment.js tokens, longest first (`[...]` is literal text; anything else is itself)
_TOKENS = re.compile(
    r"\[[^\]]*\]|YYYY|GGGG|gggg|YY|GG|gg|MMMM|MMM|MM|Mo|M|DDDD|DDD|Do|DD|D|dddd|ddd|dd|d"
    r"|WW|Wo|W|ww|wo|w|E|e|Q|."
)


def _ordinal(n: int) -> str:
    """moment's English ordinal: 1st, 2nd, 3rd, 11th, 22nd."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_Formatter = Callable[[date, WeekRules], str]
# What each token writes for a day under the week rules: date tokens in English (as moment's
# `en`), `g`/`w`/`e` tokens under the rules, `G`/`W`/`E` tokens ISO (see core/weeks.py).
_FORMATTERS: dict[str, _Formatter] = {
    "YYYY": lambda d, r: f"{d.year:04d}",
    "YY": lambda d, r: f"{d.year % 100:02d}",
    "MMMM": lambda d, r: calendar.month_name[d.month],
    "MMM": lambda d, r: calendar.month_abbr[d.month],
    "MM": lambda d, r: f"{d.month:02d}",
    "Mo": lambda d, r: _ordinal(d.month),
    "M": lambda d, r: str(d.month),
    "DDDD": lambda d, r: f"{d.timetuple().tm_yday:03d}",
    "DDD": lambda d, r: str(d.timetuple().tm_yday),
    "DD": lambda d, r: f"{d.day:02d}",
    "Do": lambda d, r: _ordinal(d.day),
    "D": lambda d, r: str(d.day),
    "dddd": lambda d, r: calendar.day_name[d.weekday()],
    "ddd": lambda d, r: calendar.day_abbr[d.weekday()],
    "dd": lambda d, r: calendar.day_abbr[d.weekday()][:2],
    "d": lambda d, r: str(d.isoweekday() % 7),
    "E": lambda d, r: str(d.isoweekday()),
    "e": lambda d, r: str((d.isoweekday() - r.dow) % 7),
    "Q": lambda d, r: str((d.month - 1) // 3 + 1),
    "GGGG": lambda d, r: f"{iso_week(d)[0]:04d}",
    "GG": lambda d, r: f"{iso_week(d)[0] % 100:02d}",
    "WW": lambda d, r: f"{iso_week(d)[1]:02d}",
    "Wo": lambda d, r: _ordinal(iso_week(d)[1]),
    "W": lambda d, r: str(iso_week(d)[1]),
    "gggg": lambda d, r: f"{week_of_year(d, r)[0]:04d}",
    "gg": lambda d, r: f"{week_of_year(d, r)[0] % 100:02d}",
    "ww": lambda d, r: f"{week_of_year(d, r)[1]:02d}",
    "wo": lambda d, r: _ordinal(week_of_year(d, r)[1]),
    "w": lambda d, r: str(week_of_year(d, r)[1]),
}


@lru_cache(maxsize=64)
def _format_tokens(fmt: str) -> tuple[str, ...]:
    return tuple(_TOKENS.findall(fmt))


def format_moment(fmt: str, day: date, rules: WeekRules = EN) -> str:
    """`day` written in the moment.js format `fmt`, as Obsidian names a note: `[...]` is
    literal text; `gggg`/`gg`/`ww`/`w`/`wo`/`e` are the week-year, week and weekday under
    `rules` (the locale's), `GGGG`/`GG`/`WW`/`W`/`Wo`/`E` the ISO ones (see
    `vaultgoals.core.weeks`); names in English; any other character is itself."""
    out: list[str] = []
    for tok in _format_tokens(fmt):
        write = _FORMATTERS.get(tok)
        out.append(tok[1:-1] if tok.startswith("[") else write(day, rules) if write else tok)
    return "".join(out)


_DAY_TOKENS = {
    "YYYY": r"(?P<Y>\d{4})",
    "MM": r"(?P<M>\d{2})",
    "M": r"(?P<M>\d{1,2})",
    "DD": r"(?P<D>\d{2})",
    "D": r"(?P<D>\d{1,2})",
    "MMMM": r"(?P<MN>[A-Za-z]+)",
    "MMM": r"(?P<MA>[A-Za-z]{3})",
    "Do": r"(?P<D>\d{1,2})(?:st|nd|rd|th)",
    "dddd": r"[A-Za-z]+",
    "ddd": r"[A-Za-z]{3}",
}


@lru_cache(maxsize=16)
def _day_regex(fmt: str) -> re.Pattern[str] | None:
    parts: list[str] = []
    seen: set[str] = set()
    for tok in _TOKENS.findall(fmt):
        if tok.startswith("["):
            parts.append(re.escape(tok[1:-1]))
        elif tok in _DAY_TOKENS:
            pattern = _DAY_TOKENS[tok]
            group = re.search(r"\?P<(\w+)>", pattern)
            if group is not None:
                if group.group(1) in seen:
                    pattern = re.sub(r"\?P<\w+>", "?:", pattern)
                seen.add(group.group(1))
            parts.append(pattern)
        elif len(tok) == 1 and not tok.isalpha():
            parts.append(re.escape(tok))
        else:
            return None  # a token that does not pin a day (e.g. week numbers)
    if "Y" not in seen or "D" not in seen or not ({"M", "MN", "MA"} & seen):
        return None
    return re.compile("".join(parts) + r"\Z")


def parse_moment_day(fmt: str, text: str) -> date | None:
    """The date a daily note's name encodes under `fmt` (e.g. `YYYY-MM-DD`), else None."""
    rx = _day_regex(fmt)
    m = rx.match(text) if rx is not None else None
    if m is None:
        return None
    groups = m.groupdict()
    try:
        if groups.get("M"):
            month = int(groups["M"])
        elif groups.get("MN"):
            month = list(calendar.month_name).index(groups["MN"].capitalize())
        else:
            month = list(calendar.month_abbr).index(groups["MA"].capitalize())
        return date(int(groups["Y"]), month, int(groups["D"]))
    except ValueError:
        return None


_WEEK_TOKENS = {"gggg": r"\d{4}", "GGGG": r"\d{4}", "YYYY": r"\d{4}", "gg": r"\d{2}",
                "GG": r"\d{2}", "YY": r"\d{2}", "ww": r"\d{2}", "WW": r"\d{2}",
                "w": r"\d{1,2}", "W": r"\d{1,2}"}


@lru_cache(maxsize=16)
def _week_regex(fmt: str) -> re.Pattern[str] | None:
    parts: list[str] = []
    for tok in _TOKENS.findall(fmt):
        if tok.startswith("["):
            parts.append(re.escape(tok[1:-1]))
        elif tok in _WEEK_TOKENS:
            parts.append(_WEEK_TOKENS[tok])
        elif len(tok) == 1 and not tok.isalpha():
            parts.append(re.escape(tok))
        else:
            return None
    if not any(t in _TOKENS.findall(fmt) for t in ("ww", "WW", "w", "W")):
        return None
    return re.compile("".join(parts) + r"\Z")


def is_week_name(fmt: str, text: str) -> bool:
    """Is `text` a weekly note's name under `fmt` (e.g. `gggg-[W]ww` → `2025-W12`)?"""
    rx = _week_regex(fmt)
    return rx is not None and rx.match(text) is not None


@lru_cache(maxsize=4096)
def week_days_of_name(fmt: str, text: str, rules: WeekRules = EN) -> tuple[date, date] | None:
    """The first and last day of the week a weekly note named `text` under `fmt` is for
    (e.g. `gggg-[W]ww`, `2026-W47`), else None.

    Found by naming the days near the week the name's numbers point at with
    `format_moment` and keeping those that give this very name: the same rules that name
    weekly notes read them back, whichever week numbering the format's tokens use."""
    rx = _week_regex(fmt)
    if rx is None or rx.match(text) is None:
        return None
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    years = [n for n in numbers if n >= 1000]
    weeks = [n for n in numbers if 1 <= n <= 53]
    if not years or not weeks:
        return None
    try:
        guess = date(years[0], 1, 1) + timedelta(weeks=weeks[-1] - 1)
    except (ValueError, OverflowError):
        return None
    days = []
    for offset in range(-13, 14):
        try:
            day = guess + timedelta(days=offset)
        except OverflowError:
            continue
        if format_moment(fmt, day, rules) == text:
            days.append(day)
    return (days[0], days[-1]) if days else None
