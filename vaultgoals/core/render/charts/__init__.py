"""Charts: pure renderers, values in and SVG or text out, byte-deterministic.

The public functions, for every review that shows charts (weekly now; monthly, quarterly
and yearly call the same):

- `burnup_of(node, snapshots, today, pace, history)` → `BurnUp | None`: a goal's burn-up
  values (journal snapshots, plan, projection; `burnup.py`), with `history_before(graph,
  node, first_snapshot(snapshots, today))` the reconstructed part before the journal's
  first snapshot; `burnup_for(graph, node, snapshots, today, weeks)` all of it in one
  call; `burnup_svg(b)` the SVG file's text,
  `burnup_lines(b)` the terminal's (`terminal.py`), `describe(b)` one sentence;
- `activity_days(graph, first, last)` → `{day: DayActivity}`, and
  `month_calendar_svg(days, year, month, rules)` / `year_calendar_svg(days, year, rules)`
  the GitHub-style grid (`calendar.py`);
- `attachments_folder(setting, note_path, own)`, `chart_path(folder, kind, key, title)`
  and `embed(path)`: where a chart file goes and how a note shows it (`files.py`); the app
  writes the files (`vaultgoals.app.charts.ChartFiles`).

See docs/pictures.md ("Charts") for what each chart shows and why it is drawn this way.
"""

from vaultgoals.core.render.charts.burnup import (
    BurnUp,
    burnup_for,
    burnup_of,
    burnup_svg,
    describe,
    first_snapshot,
    history_before,
)
from vaultgoals.core.render.charts.calendar import (
    DayActivity,
    activity_days,
    calendar_svg,
    month_calendar_svg,
    year_calendar_svg,
)
from vaultgoals.core.render.charts.files import (
    attachments_folder,
    chart_folder,
    chart_path,
    embed,
)
from vaultgoals.core.render.charts.terminal import burnup_lines

__all__ = [
    "BurnUp",
    "DayActivity",
    "activity_days",
    "attachments_folder",
    "burnup_for",
    "burnup_lines",
    "burnup_of",
    "burnup_svg",
    "calendar_svg",
    "chart_folder",
    "chart_path",
    "describe",
    "embed",
    "first_snapshot",
    "history_before",
    "month_calendar_svg",
    "year_calendar_svg",
]
