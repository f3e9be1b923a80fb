"""Week numbering that matches the user's weekly notes (issue #15, point 4).

The expected names come from `_MomentReference` below: a transliteration of moment.js's
own week functions (`firstWeekOffset`, `weekOfYear`, `weeksInYear` in
src/lib/units/week-calendar-utils.js), computed with JavaScript's day numbering from the
Unix epoch. It shares no code with `vaultgoals.core.weeks` (which counts from each week's
anchor day), so the two agreeing on every date is evidence, not a tautology.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultgoals.core.config import Config, ConfigError, parse_config
from vaultgoals.core.dates import format_moment, parse_week_label
from vaultgoals.core.insights import week_of
from vaultgoals.core.obsidiansettings import obsidian_values
from vaultgoals.core.weeks import ISO, WeekRules, first_day_of_week, rules_for

# ------------------------------------------------------------------ the reference


class _MomentReference:
    """moment's week-of-year, line for line (moment 2.29, week-calendar-utils.js)."""

    @staticmethod
    def js_utc_day(year: int, month0: int, day: int) -> int:
        """`createUTCDate(year, month0, day).getUTCDay()`: JavaScript rolls `day` over the
        month's end (or before its start); 0 = Sunday. 1970-01-01 was a Thursday (4)."""
        days = date(year, month0 + 1, 1).toordinal() - date(1970, 1, 1).toordinal() + day - 1
        return (days + 4) % 7

    @classmethod
    def first_week_offset(cls, year: int, dow: int, doy: int) -> int:
        fwd = 7 + dow - doy  # first-week day: the day of January always in week 1
        fwdlw = (7 + cls.js_utc_day(year, 0, fwd) - dow) % 7  # its weekday, local
        return -fwdlw + fwd - 1

    @staticmethod
    def days_in_year(year: int) -> int:
        return 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365

    @classmethod
    def weeks_in_year(cls, year: int, dow: int, doy: int) -> int:
        offset = cls.first_week_offset(year, dow, doy)
        offset_next = cls.first_week_offset(year + 1, dow, doy)
        return (cls.days_in_year(year) - offset + offset_next) // 7

    @classmethod
    def week_of_year(cls, day: date, dow: int, doy: int) -> tuple[int, int]:
        day_of_year = (day - date(day.year, 1, 1)).days + 1
        offset = cls.first_week_offset(day.year, dow, doy)
        week = (day_of_year - offset - 1) // 7 + 1  # Math.floor
        if week < 1:
            year = day.year - 1
            return year, week + cls.weeks_in_year(year, dow, doy)
        if week > cls.weeks_in_year(day.year, dow, doy):
            return day.year + 1, week - cls.weeks_in_year(day.year, dow, doy)
        return day.year, week


def moment_name(day: date, dow: int, doy: int) -> str:
    """The weekly note's name moment gives `day` for `gggg-[W]ww` under `{dow, doy}` (and,
    with {1, 4}, for `GGGG-[W]WW`, moment's ISO week being that locale's week)."""
    year, week = _MomentReference.week_of_year(day, dow, doy)
    return f"{year:04d}-W{week:02d}"


def test_the_reference_agrees_with_moments_documented_examples() -> None:
    # ISO: 2020 has 53 weeks and 1 January 2021 is in its week 53; 2026 too
    assert moment_name(date(2021, 1, 1), 1, 4) == "2020-W53"
    assert moment_name(date(2026, 12, 31), 1, 4) == "2026-W53"
    assert moment_name(date(2025, 12, 29), 1, 4) == "2026-W01"
    # en: week 1 holds 1 January; the week-year is that of the week's Saturday
    assert moment_name(date(2020, 12, 27), 0, 6) == "2021-W01"
    assert moment_name(date(2020, 12, 26), 0, 6) == "2020-W52"
    assert moment_name(date(2022, 1, 1), 0, 6) == "2022-W01"
    assert moment_name(date(2022, 1, 2), 0, 6) == "2022-W02"


# -------------------------------------------------------------- the golden table


def _boundary_dates() -> list[date]:
    """Around every New Year 2020–2031 and every end of February (leap years included)."""
    out: list[date] = []
    for year in range(2020, 2031):
        out += [date(year, 12, d) for d in (24, 26, 27, 28, 29, 30, 31)]
        out += [date(year, 1, d) for d in (1, 2, 3, 4, 5, 7, 8)]
        out += [date(year, 2, 28), date(year, 3, 1), date(year, 7, 1)]
        if _MomentReference.days_in_year(year) == 366:
            out.append(date(year, 2, 29))
    return out


GOLDEN_DATES = _boundary_dates()
TABLES = {  # name: (format, rules as vaultgoals is told them, moment's dow, doy)
    "iso": ("GGGG-[W]WW", rules_for("en"), 1, 4),
    "en": ("gggg-[W]ww", rules_for("en"), 0, 6),
    "monday_locale": ("gggg-[W]ww", rules_for("de"), 1, 4),
}


def test_the_golden_table_is_large_and_covers_the_edges() -> None:
    assert len(GOLDEN_DATES) >= 60
    assert date(2024, 2, 29) in GOLDEN_DATES and date(2028, 2, 29) in GOLDEN_DATES
    # the table discriminates: the three numberings disagree on many of its dates
    for a, b in (("iso", "en"), ("en", "monday_locale")):
        differ = [d for d in GOLDEN_DATES
                  if moment_name(d, *TABLES[a][2:]) != moment_name(d, *TABLES[b][2:])]
        assert len(differ) >= 20, (a, b)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_weekly_note_names_match_moment(table: str) -> None:
    fmt, rules, dow, doy = TABLES[table]
    got = {d: format_moment(fmt, d, rules) for d in GOLDEN_DATES}
    want = {d: moment_name(d, dow, doy) for d in GOLDEN_DATES}
    assert got == want


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_weekly_note_of_a_week_is_named_from_its_first_day(table: str) -> None:
    """Periodic Notes names a weekly note from `startOf('week')`: the review's week and
    its name are the note Obsidian opens for any of its days."""
    fmt, _, dow, doy = TABLES[table]
    config = Config(reviews_format=fmt, locale="de" if dow == 1 else "en")
    for day in GOLDEN_DATES:
        week = week_of(day, config)
        first = day - timedelta(days=(day.isoweekday() % 7 - dow) % 7)  # JS getDay()
        assert week.start == first
        assert week.label == moment_name(first, dow, doy)
        assert parse_week_label(week.label, config.week_rules) == first


def test_the_default_is_obsidians_en_weekly_note_on_every_monday_2020_to_2030() -> None:
    """With nothing configured, `gggg-[W]ww` in moment's `en` locale (about 210 of these
    Mondays used to map to another note than the one Obsidian opens)."""
    config = Config()
    day, mondays = date(2020, 1, 6), 0
    while day.year <= 2030:
        assert format_moment(config.weekly_format, day, config.week_rules) == moment_name(
            day, 0, 6), day
        assert week_of(day, config).label == moment_name(day, 0, 6)
        day, mondays = day + timedelta(weeks=1), mondays + 1
    assert mondays > 500


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
       st.integers(0, 6), st.integers(0, 13))
def test_any_week_rules_count_as_moment_does(day: date, dow: int, doy: int) -> None:
    """Every `{dow, doy}` pair, including those the Calendar plugin makes by changing only
    the first day (`en` with Monday: {1, 6}), and the inverse of the numbering."""
    rules = WeekRules(dow, doy)
    name = format_moment("gggg-[W]ww", day, rules)
    assert name == moment_name(day, dow, doy)
    first = first_day_of_week(int(name[:4]), int(name[-2:]), rules)
    assert first is not None and 0 <= (day - first).days <= 6


def test_a_week_that_does_not_exist_is_refused() -> None:
    assert first_day_of_week(2026, 54, ISO) is None
    assert first_day_of_week(2025, 53, ISO) is None  # 2025 has 52 ISO weeks
    assert first_day_of_week(2026, 53, ISO) == date(2026, 12, 28)
    assert first_day_of_week(2026, 0, ISO) is None


def test_other_tokens_and_literals() -> None:
    day = date(2027, 1, 1)  # a Friday: en 2027-W01, ISO 2026-W53
    en = rules_for("en")
    assert format_moment("[Week] w [of] gggg, [W]W GGGG", day, en) == "Week 1 of 2027, W53 2026"
    assert format_moment("gg-ww / GG-WW / wo / Wo", day, en) == "27-01 / 26-53 / 1st / 53rd"
    assert format_moment("YYYY-MM-DD ddd e E d DDDD", day, en) == "2027-01-01 Fri 5 5 5 001"
    assert format_moment("e", day, rules_for("de")) == "4"  # Friday, counted from Monday
    assert format_moment("[gggg]-gggg", day, en) == "gggg-2027"


# ------------------------------------------------------------- where rules come from


def test_the_calendar_plugin_sets_the_week_start_as_moment_update_locale_does() -> None:
    # only `dow` changes; the locale keeps its `doy`
    assert rules_for("en", "monday") == WeekRules(1, 6)
    assert rules_for("en-gb", "locale") == WeekRules(1, 4)
    assert rules_for("en-gb", "sunday") == WeekRules(0, 4)
    assert rules_for("EN_gb") == rules_for("en-gb")
    assert rules_for("de-be") == rules_for("de")  # moment falls back to the language
    assert rules_for("xx-yy") == rules_for("en")  # ... and to en
    found = obsidian_values(None, None, calendar={"weekStart": "monday",
                                                  "localeOverride": "system-default"})
    assert found["week_start"] == "monday" and "locale" not in found
    assert found["sources"] == (".obsidian/plugins/calendar/data.json",)


def test_periodic_notes_1x_calendar_sets_and_0x_sections() -> None:
    v1 = {"calendarSets": [
        {"id": "Work", "week": {"enabled": True, "format": "YYYY-[W]WW", "folder": "W"}},
        {"id": "Default", "day": {"enabled": True, "format": "DD.MM.YYYY", "folder": "D/"},
         "week": {"enabled": True, "format": "gggg-[W]ww", "folder": "Weeks/"}},
    ], "activeCalendarSet": "Default", "weekStart": "saturday", "localeOverride": "fr"}
    found = obsidian_values(None, v1)
    assert (found["weekly_format"], found["weekly_folder"]) == ("gggg-[W]ww", "Weeks")
    assert (found["daily_format"], found["daily_folder"]) == ("DD.MM.YYYY", "D")
    assert (found["week_start"], found["locale"]) == ("saturday", "fr")
    off = {"calendarSets": [{"id": "A", "week": {"enabled": False, "format": "x"}}],
           "activeCalendarSet": "A"}
    assert "weekly_format" not in obsidian_values(None, off)
    v0 = {"weekly": {"enabled": True, "format": "gggg [week] w", "folder": "Journal/Weeks"}}
    assert obsidian_values(None, v0)["weekly_format"] == "gggg [week] w"


def test_precedence_yaml_over_calendar_over_periodic_notes() -> None:
    periodic = {"weekly": {"enabled": True, "format": "GGGG-[W]WW", "folder": "P"},
                "weekStart": "saturday", "localeOverride": "fr"}
    calendar = {"weekStart": "sunday", "localeOverride": "en-gb",
                "weeklyNoteFormat": "gggg [w]ww", "weeklyNoteFolder": "C"}
    found = obsidian_values(None, periodic, calendar=calendar)
    cfg = parse_config(None, found)
    # the week rules: Calendar's (it configures moment when installed); the weekly notes'
    # name and folder: Periodic Notes' (Calendar uses its own only without it)
    assert (cfg.week_start, cfg.locale, cfg.week_rules) == ("sunday", "en-gb", WeekRules(0, 4))
    assert (cfg.weekly_format, cfg.weekly_folder) == ("GGGG-[W]WW", "P")
    only_calendar = parse_config(None, obsidian_values(None, None, calendar=calendar))
    assert (only_calendar.weekly_format, only_calendar.weekly_folder) == ("gggg [w]ww", "C")
    mine = parse_config("reviews: {week_start: monday, locale: de}\n"
                        "weekly: {format: 'gggg-[KW]ww', folder: Mine}\n", found)
    assert (mine.week_start, mine.locale, mine.weekly_format, mine.weekly_folder) == (
        "monday", "de", "gggg-[KW]ww", "Mine")
    assert parse_config(None, {}).week_rules == WeekRules(0, 6)  # nothing said: en


@pytest.mark.parametrize(("text", "message"), [
    ("reviews: {locale: klingon}\n", "'reviews.locale'"),
    ("reviews: {week_start: someday}\n", "'reviews.week_start' must be one of locale, sunday"),
    ("weekly: {format: ''}\n", "'weekly.format' must not be empty"),
])
def test_bad_week_settings_name_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(text, {})
