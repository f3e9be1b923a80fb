"""The activity calendar: a GitHub-style grid of days (a column per week, a row per
weekday), darker the more was done that day, a ring on the days a milestone or goal was
reached. Per month (`month_calendar_svg`) and per year (`year_calendar_svg`).

`activity_days` counts, from the graph (pure), what each day holds: done tasks that count
toward a goal, habit ticks (tasks of a commitment), and milestones and goals reached. A
done task's day is `taskrefs.completion_day`'s (its ✅ date, else its daily or weekly
note's day, else the day the journal first saw it done), the day every other output uses.
Chores (tasks that count toward no goal) are left out: the calendar shows the work on the
goals, as the review's chart does.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import vaultgoals.core.render.charts.svg as svg
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.weeks import WeekRules, week_start_of
from vaultgoals.core.words import counted

CELL, GAP = 12, 3
_LEFT, _TOP = 34, 34  # room for the weekday and month labels
_OPACITY = ("0.35", "0.55", "0.78", "1")  # the four levels of a day with activity


@dataclass(frozen=True, slots=True)
class DayActivity:
    tasks: int = 0  # done tasks that count toward a goal (not a habit's)
    habits: int = 0  # habit and other commitment ticks
    milestones: int = 0  # milestones and goals reached that day

    @property
    def total(self) -> int:
        return self.tasks + self.habits + self.milestones

    def words(self) -> str:
        parts = [counted(n, w) for n, w in ((self.tasks, "task"), (self.habits, "habit"),
                                             (self.milestones, "milestone")) if n]
        return ", ".join(parts) or "nothing done"


def activity_days(graph: Graph, first: date, last: date) -> dict[date, DayActivity]:
    """What was done on each day from `first` to `last` (both included); days without
    anything are absent. (A goal or milestone reached counts under `milestones`; the task
    it is written as is not counted again as a task.)"""
    counts: dict[date, list[int]] = {}
    for day, _, _, ref in graph.done_index.between(first, last):
        if ref.goal is None or ref.node is not None:
            continue
        slot = 1 if graph.nodes[ref.goal].kind == "commitment" else 0
        counts.setdefault(day, [0, 0, 0])[slot] += 1
    for _, node in graph.walk():
        when = node.completed
        if (node.kind in ("goal", "milestone") and node.state == "done" and when is not None
                and first <= when <= last):
            counts.setdefault(when, [0, 0, 0])[2] += 1
    return {day: DayActivity(*c) for day, c in sorted(counts.items())}


def month_calendar_svg(days: Mapping[date, DayActivity], year: int, month: int,
                       rules: WeekRules) -> str:
    """The grid of one month (weeks start as `rules` say: the user's week)."""
    first = date(year, month, 1)
    last = date(year, month, _cal.monthrange(year, month)[1])
    return calendar_svg(days, first, last, rules, f"Activity in {first:%B %Y}")


def year_calendar_svg(days: Mapping[date, DayActivity], year: int, rules: WeekRules) -> str:
    """The grid of one year, with the months named above their first week."""
    return calendar_svg(days, date(year, 1, 1), date(year, 12, 31), rules,
                        f"Activity in {year}")


def calendar_svg(days: Mapping[date, DayActivity], first: date, last: date,
                 rules: WeekRules, title: str) -> str:
    """The grid of the days from `first` to `last`: one column per week (starting on the
    week's first day by `rules`), one row per weekday. Levels are relative to the busiest
    day shown (1 to 4, as `level` says); every cell's tooltip says what it holds."""
    top = week_start_of(first, rules)
    weeks = (last - top).days // 7 + 1
    shown = {d: a for d, a in days.items() if first <= d <= last and a.total}
    most = max((a.total for a in shown.values()), default=0)
    width = _LEFT + weeks * (CELL + GAP) + 10
    height = _TOP + 7 * (CELL + GAP) + 30
    active = len(shown)
    desc = (f"{title}: {counted(active, 'day')} with something done of "
            f"{counted((last - first).days + 1, 'day')}; the busiest had {most}.")
    out = svg.open_svg(max(width, 300), height, title, desc)  # (room for the legend)
    out.append(svg.text(_LEFT, 14, title, extra='font-weight="600"'))
    for row in (0, 2, 4):  # weekday names, every other row as GitHub does
        day = top + timedelta(days=row)
        out.append(svg.text(_LEFT - 6, _TOP + row * (CELL + GAP) + CELL - 2, f"{day:%a}",
                            "end", 'font-size="10"'))
    label_x = -100.0
    for week in range(weeks):
        x = _LEFT + week * (CELL + GAP)
        for row in range(7):
            day = top + timedelta(days=week * 7 + row)
            if day < first or day > last:
                continue
            if (day.day == 1 or day == first) and x - label_x >= 30:
                out.append(svg.text(x, _TOP - 6, f"{day:%b}", extra='font-size="10"'))
                label_x = x
            out.append(_cell(x, _TOP + row * (CELL + GAP), day, shown.get(day), most))
    out.extend(_legend(height - 10))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def level(total: int, most: int) -> int:
    """0 for nothing, else 1..4: a quarter of the busiest day shown per level."""
    if total <= 0 or most <= 0:
        return 0
    return min(4, max(1, -(-4 * total // most)))


def _cell(x: float, y: float, day: date, act: DayActivity | None, most: int) -> str:
    lvl = level(act.total if act else 0, most)
    fill = (f'fill="{svg.ACTIVE}" fill-opacity="{_OPACITY[lvl - 1]}"' if lvl
            else f'fill="{svg.GRID}" fill-opacity="0.15"')
    ring = (f' stroke="{svg.MILESTONE}" stroke-width="2"' if act and act.milestones else "")
    tip = f"{day.isoformat()}: {act.words() if act else 'nothing done'}"
    return (f'<rect x="{svg.num(x)}" y="{svg.num(y)}" width="{CELL}" height="{CELL}" rx="2" '
            f"{fill}{ring}><title>{svg.xml(tip)}</title></rect>")


def _legend(y: float) -> list[str]:
    out = [svg.text(_LEFT, y, "less", extra='font-size="10"')]
    x = _LEFT + 28.0
    for op in ("0.15", *_OPACITY):
        colour = svg.GRID if op == "0.15" else svg.ACTIVE
        out.append(f'<rect x="{svg.num(x)}" y="{svg.num(y - 10)}" width="10" height="10" '
                   f'rx="2" fill="{colour}" fill-opacity="{op}"/>')
        x += 13
    out.append(svg.text(x + 3, y, "more", extra='font-size="10"'))
    x += 44
    out.append(f'<rect x="{svg.num(x)}" y="{svg.num(y - 10)}" width="10" height="10" rx="2" '
               f'fill="none" stroke="{svg.MILESTONE}" stroke-width="2"/>')
    out.append(svg.text(x + 15, y, "milestone reached", extra='font-size="10"'))
    return out
