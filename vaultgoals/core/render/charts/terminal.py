"""A burn-up as lines of text, for `vaultgoals chart GOAL` in a terminal (or a pipe).

Pure: a `BurnUp` in, lines out. Each column is a stretch of days, each row a band of
progress: `█` the progress the journal kept (filled up to its value, as an area), `·` the
plan (the straight line to 100 % at the deadline), `•` the projection at the current pace,
`│` the deadline's column. The CLI colours these characters; the text alone says it all.
"""

from __future__ import annotations

from datetime import date, timedelta

from vaultgoals.core.render.charts.burnup import BurnUp, describe

PROGRESS, EARLY, PLAN, PACE, DEADLINE = "█", "▒", "·", "•", "│"


def _value_on(b: BurnUp, day: date) -> float | None:
    """Progress on `day` as the step line draws it (None before the first snapshot and
    after today)."""
    if day < b.points[0][0] or day > b.today:
        return None
    found = b.points[0][1]
    for when, value in b.points:
        if when > day:
            break
        found = value
    return found


def _line_at(start: date, a: float, end: date, z: float, day: date) -> float | None:
    if day < start or day > end or end <= start:
        return None
    return a + (z - a) * (day - start).days / (end - start).days


def burnup_lines(b: BurnUp, width: int = 60, height: int = 10) -> list[str]:
    """The chart, `width` columns by `height` rows, with a percent axis on the left, the
    first day, the deadline and the last day under it, a legend and `describe(b)`."""
    width, height = max(width, 12), max(height, 3)
    first, last = b.span()
    days = (last - first).days
    cols = [first + timedelta(days=round(i * days / (width - 1))) for i in range(width)]
    dead = min(range(width), key=lambda i: abs((cols[i] - b.deadline).days))
    grid = [[" "] * width for _ in range(height)]

    def row(value: float) -> int:  # 100 % is row 0
        return height - 1 - round(max(0.0, min(1.0, value)) * (height - 1))

    for i, day in enumerate(cols):
        if i == dead:
            for r in range(height):
                grid[r][i] = DEADLINE
        plan = _line_at(b.start, b.start_value, b.deadline, 1.0, day)
        if plan is not None:
            grid[row(plan)][i] = PLAN
        if b.projected is not None and b.now < 1:
            pace = _line_at(b.today, b.now, b.projected, 1.0, day)
            if pace is not None and day > b.today:
                grid[row(pace)][i] = PACE
        value = _value_on(b, day)
        if value is not None:
            fill = EARLY if b.reconstructed and day < b.points[b.reconstructed][0] else PROGRESS
            for r in range(row(value), height):
                grid[r][i] = fill
    out = []
    for r, cells in enumerate(grid):
        label = {0: "100%", height - 1: "  0%", (height - 1) // 2: " 50%"}.get(r, "    ")
        out.append(f"{label} ┤{''.join(cells)}")
    axis = [" "] * width
    left, right = first.isoformat(), last.isoformat()
    axis[: len(left)] = left
    due = b.deadline.isoformat()  # under the deadline's column: │date, or date│ at the end
    at, mark = (dead, f"{DEADLINE}{due}") if dead + len(due) < width else (
        dead - len(due), f"{due}{DEADLINE}")
    end = len(left)
    if at > len(left):  # (the deadline first; the last day only where room is left)
        axis[at: at + len(mark)] = mark
        end = at + len(mark)
    if width - len(right) > end:
        axis[width - len(right):] = right
    out.append("      " + "".join(axis))
    early = f"{EARLY} before the journal  " if b.reconstructed else ""
    out.append(f"      {PROGRESS} progress  {early}{PLAN} plan  {PACE} at the current pace  "
               f"{DEADLINE} deadline")
    out.append(describe(b))
    return out
