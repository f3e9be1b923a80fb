"""Weeks the way moment.js counts them, so that a week vaultgoals names is the week
Obsidian's Calendar and Periodic Notes plugins name: the one place for week arithmetic.

moment describes a locale's weeks by two numbers (`week: {dow, doy}` in its locale files):

- `dow`, the first day of the week: 0 = Sunday, 1 = Monday, ... 6 = Saturday;
- `doy`, which week is week 1: the week that holds 1 January + (`7 + dow - doy` - 1) days.
  `en` is `{dow: 0, doy: 6}` (weeks start on Sunday, week 1 holds 1 January); ISO weeks
  and the Monday-start European locales are `{dow: 1, doy: 4}` (week 1 holds 4 January).

A week belongs to the week-year (`gggg`) of its anchor: the day `7 - fwd` days after the
week's first day, where `fwd` is the January day week 1 always holds (1 for `en`, so the
anchor is the week's Saturday; 4 for ISO, its Thursday). Week 1's anchor lies within 1..7
January, so the week's number (`ww`) is its anchor's day of the year counted in sevens.
ISO weeks (`GGGG`/`WW`) are the same rule with `{dow: 1, doy: 4}`.

The Calendar plugin's "Start week on" setting changes only `dow` and keeps the locale's
`doy` (it calls `moment.updateLocale(locale, {week: {dow}})`, which merges), so "Monday"
in the `en` locale is `{dow: 1, doy: 6}`: week 1 is the Monday-start week holding 2
January. `rules_for` does the same.

Pure: dates in, dates and numbers out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# moment's day numbers: 0 = Sunday ... 6 = Saturday (Python's weekday(): 0 = Monday)
DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
WEEK_STARTS = ("locale", *DAY_NAMES)  # the values of the Calendar plugin's `weekStart`


@dataclass(frozen=True, slots=True)
class WeekRules:
    """A locale's week rules, as moment writes them: `dow` (first day, 0 = Sunday) and `doy`."""

    dow: int
    doy: int

    @property
    def first_day(self) -> str:
        """The name of the first day of the week (`sunday`, `monday`, ...)."""
        return DAY_NAMES[self.dow % 7]

    @property
    def week_one_day(self) -> int:
        """The day of January (1-based; may fall outside 1..31 for odd pairs) that week 1
        always holds: 1 for `en`, 4 for ISO."""
        return 7 + self.dow - self.doy

    def describe(self) -> str:
        """In words, for the review's header: `weeks Sunday to Saturday, week 1 holds
        1 January`."""
        first, last = DAY_NAMES[self.dow % 7], DAY_NAMES[(self.dow + 6) % 7]
        anchor = date(2001, 1, 1) + timedelta(days=self.week_one_day - 1)
        held = f"{anchor.day} {anchor:%B}"
        iso = " (ISO weeks)" if self == ISO else ""
        return f"weeks {first.capitalize()} to {last.capitalize()}{iso}, week 1 holds {held}"


ISO = WeekRules(1, 4)
EN = WeekRules(0, 6)

# moment's `week: {dow, doy}` of its locale files (moment 2.29, the version Obsidian
# bundles); a locale file without a `week` entry gets moment's default {dow: 0, doy: 6}.
# The locales Obsidian's languages map to, and their common regional variants.
_MONDAY_ISO = (1, 4)
_MONDAY_7 = (1, 7)  # Monday start, week 1 holds 1 January
_SUNDAY_6 = (0, 6)
LOCALE_WEEKS: dict[str, tuple[int, int]] = {
    "en": _SUNDAY_6, "en-us": _SUNDAY_6, "en-ca": _SUNDAY_6, "en-in": _SUNDAY_6,
    "en-il": _SUNDAY_6, "en-gb": _MONDAY_ISO, "en-ie": _MONDAY_ISO, "en-nz": _MONDAY_ISO,
    "de": _MONDAY_ISO, "de-at": _MONDAY_ISO, "de-ch": _MONDAY_ISO,
    "fr": _MONDAY_ISO, "fr-ch": _MONDAY_ISO, "fr-ca": _SUNDAY_6,
    "es": _MONDAY_ISO, "es-do": _MONDAY_ISO, "es-us": _SUNDAY_6, "es-mx": (0, 4),
    "it": _MONDAY_ISO, "nl": _MONDAY_ISO, "nl-be": _MONDAY_ISO,
    "pt": _MONDAY_ISO, "pt-br": _SUNDAY_6,
    "pl": _MONDAY_ISO, "cs": _MONDAY_ISO, "sk": _MONDAY_ISO, "hu": _MONDAY_ISO,
    "da": _MONDAY_ISO, "sv": _MONDAY_ISO, "nb": _MONDAY_ISO, "nn": _MONDAY_ISO,
    "fi": _MONDAY_ISO, "is": _MONDAY_ISO, "et": _MONDAY_ISO, "lt": _MONDAY_ISO,
    "lv": _MONDAY_ISO, "el": _MONDAY_ISO, "ca": _MONDAY_ISO, "gl": _MONDAY_ISO,
    "ru": _MONDAY_ISO, "vi": _MONDAY_ISO, "zh-cn": _MONDAY_ISO,
    "ro": _MONDAY_7, "uk": _MONDAY_7, "tr": _MONDAY_7, "hr": _MONDAY_7, "bg": _MONDAY_7,
    "sl": _MONDAY_7,
    "zh-tw": _SUNDAY_6, "ja": _SUNDAY_6, "ko": _SUNDAY_6,
    "hi": _SUNDAY_6, "id": _SUNDAY_6, "he": _SUNDAY_6, "th": _SUNDAY_6,
    "ar": (6, 12), "fa": (6, 12), "ar-sa": _SUNDAY_6,
}


def known_locale(name: str) -> str | None:
    """The locale of `LOCALE_WEEKS` that moment would load for `name` (`en_GB` and `EN-gb`
    → `en-gb`; `de-be` → `de`, as moment falls back to the language), else None."""
    key = name.strip().lower().replace("_", "-")
    if key in LOCALE_WEEKS:
        return key
    lang = key.split("-", 1)[0]
    return lang if lang in LOCALE_WEEKS else None


@lru_cache(maxsize=64)
def rules_for(locale: str = "en", week_start: str = "locale") -> WeekRules:
    """The week rules of `locale` (unknown: `en`, moment's own fallback), with the first
    day replaced by `week_start` unless it is `locale`: only `dow` changes, `doy` stays the
    locale's, as the Calendar plugin's "Start week on" does."""
    dow, doy = LOCALE_WEEKS[known_locale(locale) or "en"]
    if week_start in DAY_NAMES:
        dow = DAY_NAMES.index(week_start)
    return WeekRules(dow, doy)


def week_start_of(day: date, rules: WeekRules) -> date:
    """The first day of the week that holds `day`."""
    python_first = (rules.dow - 1) % 7  # Python's weekday() of the first day
    return day - timedelta(days=(day.weekday() - python_first) % 7)


def week_of_year(day: date, rules: WeekRules) -> tuple[int, int]:
    """moment's week-year and week (`gggg`, `ww` under these rules): the year of the
    week's anchor day, and that anchor day's week counted from the year's first."""
    anchor = week_start_of(day, rules) + timedelta(days=7 - rules.week_one_day)
    return anchor.year, (anchor.timetuple().tm_yday - 1) // 7 + 1


def iso_week(day: date) -> tuple[int, int]:
    """The ISO week-year and week (`GGGG`, `WW`)."""
    year, week, _ = day.isocalendar()
    return year, week


def first_day_of_week(year: int, week: int, rules: WeekRules) -> date | None:
    """The first day of week `week` of week-year `year` under `rules`, else None (no such
    week: 0, or 53 in a year of 52 weeks, or outside the calendar)."""
    if week < 1:
        return None
    try:
        # the anchor day of week 1 is the first day of the year within 1..7 January that
        # falls on the anchor's weekday; its week's first day is 7 - fwd days earlier
        jan1 = date(year, 1, 1)
        anchor_weekday = (rules.dow - 1 + 7 - rules.week_one_day) % 7  # Python numbering
        anchor = jan1 + timedelta(days=(anchor_weekday - jan1.weekday()) % 7)
        start = anchor - timedelta(days=7 - rules.week_one_day) + timedelta(weeks=week - 1)
    except (OverflowError, ValueError):
        return None
    return start if week_of_year(start, rules) == (year, week) else None
