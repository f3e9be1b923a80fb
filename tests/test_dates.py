"""Calendar arithmetic: weeks, periods, relative deadlines, moment.js formats."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vaultgoals.core.config import Config
from vaultgoals.core.dates import (
    add_months,
    add_relative,
    format_moment,
    parse_iso,
    parse_moment_day,
    parse_week_label,
    period_bounds,
    previous_period,
)
from vaultgoals.core.insights import week_of
from vaultgoals.core.weeks import rules_for

days = st.dates(min_value=date(1900, 1, 8), max_value=date(2999, 12, 24))


WEEK_CONFIGS = [Config(), Config(locale="en-gb"), Config(week_start="monday"),
                Config(locale="de", week_start="saturday"), Config(locale="ar")]


@given(days, st.sampled_from(WEEK_CONFIGS))
def test_every_day_is_in_exactly_one_week(day: date, config: Config) -> None:
    week = week_of(day, config)
    assert week.start <= day <= week.end
    assert (week.end - week.start).days == 6
    assert week.start.weekday() == (config.week_rules.dow - 1) % 7
    assert parse_week_label(week.label, config.week_rules) == week.start
    # the neighbouring weeks do not contain the day
    assert week_of(week.start - timedelta(days=1), config).end < day
    assert week_of(week.end + timedelta(days=1), config).start > day


@given(days, st.sampled_from(["day", "week", "month", "quarter", "year"]),
       st.sampled_from(["monday", "sunday", "saturday"]))
def test_periods_tile_the_calendar(day: date, every: str, week_start: str) -> None:
    start, end = period_bounds(day, every, week_start)
    assert start <= day <= end
    prev_start, prev_end = previous_period(start, every, week_start)
    assert prev_end + timedelta(days=1) == start
    assert period_bounds(prev_start, every, week_start) == (prev_start, prev_end)
    assert period_bounds(end + timedelta(days=1), every, week_start)[0] == end + timedelta(days=1)


def test_period_edges() -> None:
    assert period_bounds(date(2024, 2, 29), "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds(date(2026, 12, 31), "quarter") == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds(date(2026, 1, 1), "year") == (date(2026, 1, 1), date(2026, 12, 31))
    # ISO week 53 and a week that straddles New Year (a Monday-start locale's weeks)
    iso = Config(locale="en-gb")
    assert week_of(date(2026, 12, 31), iso).label == "2026-W53"
    assert week_of(date(2027, 1, 3), iso).label == "2026-W53"
    assert week_of(date(2025, 12, 29), iso).label == "2026-W01"
    # en (the default): week 1 holds 1 January, weeks start on Sunday
    assert week_of(date(2026, 12, 31)).label == "2027-W01"
    assert week_of(date(2026, 12, 26)).label == "2026-W52"


def test_relative_deadlines() -> None:
    assert add_relative(date(2026, 9, 1), "6 months") == date(2027, 3, 1)
    assert add_relative(date(2026, 8, 31), "6 months") == date(2027, 2, 28)
    assert add_relative(date(2024, 2, 29), "1 year") == date(2025, 2, 28)
    assert add_relative(date(2026, 1, 1), "in 12 weeks") == date(2026, 3, 26)
    assert add_relative(date(2026, 1, 1), "90 days") == date(2026, 4, 1)
    assert add_relative(date(2026, 1, 1), "3mo") == date(2026, 4, 1)
    assert add_relative(date(2026, 1, 1), "soon") is None
    assert add_relative(date(9999, 1, 1), "5 years") is None
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_moment_formats() -> None:
    day = date(2026, 11, 20)
    assert format_moment("GGGG-[W]WW", day) == "2026-W47"
    assert format_moment("YYYY-MM-DD", day) == "2026-11-20"
    assert format_moment("dddd, MMMM Do YYYY", day) == "Friday, November 20th 2026"
    assert format_moment("gggg-[W]ww", date(2026, 1, 1), rules_for("en", "sunday")) == "2026-W01"
    assert parse_moment_day("YYYY-MM-DD", "2026-11-20") == day
    assert parse_moment_day("DD.MM.YYYY", "20.11.2026") == day
    assert parse_moment_day("YYYY-MM-DD", "2026-02-30") is None
    assert parse_moment_day("YYYY-MM-DD", "notes") is None
    assert parse_moment_day("GGGG-[W]WW", "2026-W47") is None


@given(days, st.sampled_from(["YYYY-MM-DD", "DD.MM.YYYY", "YYYYMMDD", "MMMM D, YYYY"]))
def test_daily_note_names_round_trip(day: date, fmt: str) -> None:
    assert parse_moment_day(fmt, format_moment(fmt, day)) == day


def test_parse_iso_is_total() -> None:
    assert parse_iso("2026-11-20") == date(2026, 11, 20)
    assert parse_iso("2026-11-20T10:00:00") == date(2026, 11, 20)
    for bad in (None, 5, "", "2026-13-01", "yesterday"):
        assert parse_iso(bad) is None
