"""Charts as in-process specs (#16): values in, bytes out. The burn-up's and the activity
calendar's values are checked against what they are drawn from, the SVG against golden
files (the same data, the same bytes), and every SVG parses as XML."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from tests.conftest import DATA, graph_of
from vaultgoals.core.config import Config, ConfigError, parse_config
from vaultgoals.core.graphmodel import Node
from vaultgoals.core.insights import Pace, build_review, progress_as_of, week_of
from vaultgoals.core.obsidiansettings import obsidian_values
from vaultgoals.core.render.bars import PACE_MARK, pace_bar
from vaultgoals.core.render.charts import (
    BurnUp,
    DayActivity,
    activity_days,
    attachments_folder,
    burnup_for,
    burnup_lines,
    burnup_of,
    burnup_svg,
    chart_path,
    embed,
    month_calendar_svg,
    year_calendar_svg,
)
from vaultgoals.core.render.charts.burnup import HEIGHT, WIDTH
from vaultgoals.core.render.review import MERMAID_CONFIG, chart_section
from vaultgoals.core.weeks import ISO, WeekRules

GOLDEN = DATA / "charts"
TODAY = date(2026, 11, 20)
SVG = "{http://www.w3.org/2000/svg}"
# the plot's vertical extent (burnup.py): progress v is drawn at y = BOTTOM - v * (BOTTOM - TOP)
TOP, BOTTOM = 36, 206


def _node(**kw: object) -> Node:
    base: dict[str, object] = dict(key="Goals/Run.md", kind="goal", title="Run a half marathon",
                                   path="Goals/Run.md", line=1, deadline=date(2026, 12, 31),
                                   start=date(2026, 9, 1), progress=0.45)
    base.update(kw)
    return Node(**base)  # type: ignore[arg-type]


SNAPSHOTS = (("2026-09-01", 0.0), ("2026-09-20", 0.1), ("2026-10-15", 0.25),
             ("2026-11-02", 0.4), ("2026-11-20", 0.45))


def _golden(name: str, text: str) -> None:
    """`text` is the golden file's bytes (VAULTGOALS_REGEN=1 rewrites them: review the diff)."""
    path = GOLDEN / name
    if not path.exists() or os.environ.get("VAULTGOALS_REGEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def _ys(d: str) -> list[float]:
    """The y of every point of a path drawn with M/L/H/V commands."""
    ys: list[float] = []
    for cmd, args in re.findall(r"([MLHV])([^MLHV]*)", d):
        nums = [float(n) for n in args.split()]
        if cmd in "ML":
            ys.append(nums[1])
        elif cmd == "V":
            ys.append(nums[0])
    return ys


def test_a_burn_up_draws_the_journal_s_snapshots_and_is_the_same_bytes_every_time() -> None:
    pace = Pace(_node(), 6, 1, 1, date(2027, 1, 20), "at risk", "tasks")
    b = burnup_of(_node(), SNAPSHOTS, TODAY, pace)
    assert b is not None
    # the journal's rows, in order; today's point is the graph's own progress
    assert [(d.isoformat(), v) for d, v in b.points] == list(SNAPSHOTS)
    assert (b.start, b.start_value, b.projected, b.reconstructed) == (
        date(2026, 9, 1), 0.0, date(2027, 1, 20), 0)
    text = burnup_svg(b)
    assert text == burnup_svg(b)
    _golden("burnup.svg", text)
    root = ET.fromstring(text)
    assert (root.get("width"), root.get("height")) == (str(WIDTH), str(HEIGHT))
    paths = root.findall(f"{SVG}path")
    plan, pace_line, progress = paths  # (drawn in this order: progress on top)
    values = sorted({round((BOTTOM - y) / (BOTTOM - TOP), 3) for y in _ys(progress.get("d", ""))})
    assert values == sorted({v for _, v in SNAPSHOTS})
    # the plan: 0 % on the start day to 100 % on the deadline (its dashed line)
    assert _ys(plan.get("d", "")) == [BOTTOM, TOP] and plan.get("stroke-dasharray")
    assert pace_line.get("stroke-dasharray") == "2 3"  # the projection, dotted
    assert "deadline 2026-12-31" in text and "45% · at risk" in text
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text == (
        "Run a half marathon: 45% on 2026-11-20, due 2026-12-31: 100% on 2027-01-20 at "
        "the current pace (at risk).")


def test_the_projection_is_cut_at_the_right_edge_and_absent_without_a_pace() -> None:
    far = Pace(_node(), 6, 1, 0.01, date(2031, 1, 1), "at risk", "tasks")
    b = burnup_of(_node(), SNAPSHOTS, TODAY, far)
    assert b is not None
    first, last = b.span()
    assert first == date(2026, 9, 1) and last == date(2027, 3, 1)  # deadline + half the span
    pace_line = ET.fromstring(burnup_svg(b)).findall(f"{SVG}path")[1]
    end_y = _ys(pace_line.get("d", ""))[-1]
    assert TOP < end_y < BOTTOM - 0.45 * (BOTTOM - TOP)  # cut before 100 %
    none = burnup_of(_node(), SNAPSHOTS, TODAY, None)
    assert none is not None and len(ET.fromstring(burnup_svg(none)).findall(f"{SVG}path")) == 2
    assert burnup_of(_node(deadline=None), SNAPSHOTS, TODAY) is None


def test_without_a_start_the_plan_starts_at_the_first_snapshot() -> None:
    b = burnup_of(_node(start=None), SNAPSHOTS[2:], TODAY)
    assert b is not None and (b.start, b.start_value) == (date(2026, 10, 15), 0.25)
    assert b.plan_on(date(2026, 10, 15)) == 0.25 and b.plan_on(date(2026, 12, 31)) == 1.0
    assert b.plan_on(date(2026, 11, 23)) == pytest.approx(0.25 + 0.75 * 39 / 77)


GOAL = ("---\ntype: goal\nstart: 2026-10-01\ndeadline: 2026-12-31\n---\n"
        "- [x] one ✅ 2026-10-05\n- [x] two ✅ 2026-10-20\n- [x] three ✅ 2026-11-18\n"
        "- [ ] four\n")


def test_before_the_journal_the_line_is_reconstructed_from_completion_days() -> None:
    graph = graph_of({"Goals/Run.md": GOAL}, TODAY)
    node = graph.nodes["Goals/Run.md"]
    snaps = {node.key: (("2026-11-19", 0.75),)}
    b = burnup_for(graph, node, snaps, TODAY, 4)
    assert b is not None
    assert [(d.isoformat(), v) for d, v in b.points] == [
        ("2026-10-05", 0.25), ("2026-10-20", 0.5), ("2026-11-18", 0.75),  # reconstructed
        ("2026-11-19", 0.75), ("2026-11-20", 0.75)]  # the journal's, then today's
    assert b.reconstructed == 3
    for day, value in b.points[:3]:  # as the review reconstructs "progress as of"
        assert progress_as_of(graph, node, day, {}) == value
    text = burnup_svg(b)
    assert "before the journal" in text and 'stroke-opacity="0.6"' in text
    lines = burnup_lines(b, 60, 8)
    assert "▒" in "".join(lines[:8]) and lines[-1].startswith("Run: 75% on 2026-11-20")


def test_the_terminal_chart_marks_the_deadline_and_the_percent_axis() -> None:
    b = burnup_of(_node(), SNAPSHOTS, TODAY, Pace(_node(), 6, 1, 1, date(2027, 1, 20),
                                                   "at risk", "tasks"))
    assert b is not None
    lines = burnup_lines(b, 60, 10)
    assert lines == burnup_lines(b, 60, 10)
    grid = lines[:10]
    assert grid[0].startswith("100% ┤") and grid[9].startswith("  0% ┤")
    dead = {line.index("│") for line in grid if "│" in line}
    assert len(dead) == 1  # one column, top to bottom
    assert "2026-12-31│" in lines[10] or "│2026-12-31" in lines[10]
    assert "█" in grid[9] and "•" in "".join(grid)


def test_activity_counts_goal_tasks_habits_and_milestones_by_their_completion_day() -> None:
    days = {f"Daily/2026-11-{d}.md": "> [!todo] Habits\n> - [x] Run #habit/run\n"
            for d in (16, 17, 18)}
    files = {**days,
             "Run.md": "---\ntype: commitment\nevery: week\nquota: 3\ntag: habit/run\n---\n",
             "Goals/G.md": "---\ntype: goal\n---\n## Milestones\n"
                           "- [x] Draft done ✅ 2026-11-17\n"
                           "    - [x] write ✅ 2026-11-16\n"
                           "- [ ] Edit\n    - [x] read it ✅ 2026-11-17\n    - [ ] cut\n",
             "Chores.md": "- [x] buy milk ✅ 2026-11-17\n"}
    config = Config(daily_folder="Daily")
    graph = graph_of(files, TODAY, config)
    got = activity_days(graph, date(2026, 11, 1), date(2026, 11, 30))
    assert got == {date(2026, 11, 16): DayActivity(tasks=1, habits=1),
                   date(2026, 11, 17): DayActivity(tasks=1, habits=1, milestones=1),
                   date(2026, 11, 18): DayActivity(habits=1)}  # (the milk is a chore)
    text = month_calendar_svg(got, 2026, 11, ISO)
    assert text == month_calendar_svg(got, 2026, 11, ISO)
    root = ET.fromstring(text)
    cells = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(cells) == 30
    tips = {r.find(f"{SVG}title").text: r for r in cells}  # type: ignore[union-attr]
    busy = tips["2026-11-17: 1 task, 1 habit, 1 milestone"]
    assert busy.get("fill-opacity") == "1" and busy.get("stroke")  # busiest, and a ring
    assert tips["2026-11-18: 1 habit"].get("fill-opacity") == "0.55"  # 1 of 3: level 2
    assert tips["2026-11-01: nothing done"].get("fill-opacity") == "0.15"
    # ISO weeks: the grid's first row is Monday; 1 November 2026 is a Sunday (row 6)
    first = tips["2026-11-01: nothing done"]
    assert float(first.get("y", 0)) == max(float(r.get("y", 0)) for r in cells)
    _golden("activity-2026-11.svg", text)


def test_a_year_calendar_has_every_day_and_follows_the_week_start() -> None:
    acts = {date(2026, 1, 1) + timedelta(days=i): DayActivity(tasks=i % 4)
            for i in range(0, 365, 3)}
    sunday = year_calendar_svg(acts, 2026, WeekRules(0, 6))
    root = ET.fromstring(sunday)
    cells = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(cells) == 365
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels[:3] == ["Activity in 2026", "Sun", "Tue"]
    assert [x for x in labels if x in ("Jan", "Jun", "Dec")] == ["Jan", "Jun", "Dec"]
    assert year_calendar_svg(acts, 2026, ISO) != sunday


def test_titles_are_escaped_and_characters_xml_forbids_are_dropped() -> None:
    b = burnup_of(_node(title='Ship <v2> & "more"\x01 ✨'), SNAPSHOTS, TODAY)
    assert b is not None
    root = ET.fromstring(burnup_svg(b))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == 'Burn-up: Ship <v2> & "more" ✨'


def test_chart_files_follow_obsidian_s_attachment_setting() -> None:
    note = "Reviews/2026-W47.md"
    assert attachments_folder("/", note, own=True) == "vaultgoals"
    assert attachments_folder("Attachments", note, own=True) == "Attachments/vaultgoals"
    assert attachments_folder("./", note) == "Reviews"
    assert attachments_folder("./charts/", note) == "Reviews/charts"
    assert attachments_folder("./", "Top.md") == ""
    assert attachments_folder("/Assets/img/", note) == "Assets/img"
    one = chart_path("A", "burn-up", "Goals/Run.md", "Run: a/b")
    assert one == chart_path("A", "burn-up", "Goals/Run.md", "Run: a/b")
    assert one.startswith("A/burn-up Run a b ") and one.endswith(".svg")
    assert one != chart_path("A", "burn-up", "Other/Run.md", "Run: a/b")  # same title
    assert embed(one) == f"![[{one}]]"
    weekly = chart_path("A", "burn-up", "Goals/Run.md", "Run", "2026-W47")
    assert weekly.startswith("A/burn-up 2026-W47 Run ")  # each review keeps its own


def test_the_attachment_folder_is_read_from_app_json_and_charts_attachments_wins() -> None:
    found = obsidian_values(None, None, app={"attachmentFolderPath": "./assets"})
    assert found["attachment_folder"] == "./assets"
    assert ".obsidian/app.json" in found["sources"]
    assert "attachment_folder" not in obsidian_values(None, None, app={})
    assert "attachment_folder" not in obsidian_values(None, None,
                                                      app={"attachmentFolderPath": "../x"})
    config = parse_config("charts:\n  attachments: Pictures\n  burnups: false\n", found)
    assert (config.charts_attachments, config.attachment_folder, config.burnups) == (
        "Pictures", "./assets", False)
    with pytest.raises(ConfigError, match=re.escape("'charts.attachments' '../out' must be "
                                                    "a folder inside the vault")):
        parse_config("charts:\n  attachments: ../out\n", {})


def test_the_mermaid_chart_sets_a_theme_that_reads_on_light_and_dark() -> None:
    graph = graph_of({"Goals/Run.md": GOAL}, TODAY)
    review = build_review(graph, Config(), week_of(TODAY), TODAY)
    text = chart_section(review)
    lines = text.splitlines()
    at = lines.index("```mermaid")
    assert lines[at + 1] == "---" and lines[at + 3] == "---" and lines[at + 4] == "xychart-beta"
    assert "\n".join(lines[at + 1:at + 4]) == MERMAID_CONFIG and "%%" not in text
    init = json.loads(lines[at + 2][len("config: "):])
    xy = init["themeVariables"]["xyChart"]
    assert init["theme"] == "base" and xy["backgroundColor"] == "transparent"
    assert xy["plotColorPalette"] == "royalblue" and xy["xAxisLabelColor"] == "gray"
    assert "#" not in "".join(lines[at + 1:at + 4])  # (a `#3b82f6` would read as a tag)


def test_the_pace_bar_marks_where_the_plan_is_today() -> None:
    assert pace_bar(0.5, 0.5, 20) == ("█" * 10 + PACE_MARK + "░" * 9, 10)
    assert pace_bar(0.2, 1.0, 10) == ("██" + "░" * 7 + PACE_MARK, 9)
    assert pace_bar(0.9, 0.0, 10)[1] == 0


def test_every_golden_chart_is_svg() -> None:
    for path in sorted(GOLDEN.glob("*.svg")):
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        assert root.tag == f"{SVG}svg" and root.get("viewBox"), path.name


def test_a_burn_up_value_is_hashable_for_the_writer_s_memo() -> None:
    b = burnup_of(_node(), SNAPSHOTS, TODAY)
    assert isinstance(b, BurnUp) and hash(b) == hash(burnup_of(_node(), SNAPSHOTS, TODAY))


def test_a_burn_up_at_the_calendar_s_ends_is_drawn() -> None:
    end = date(8999, 12, 31)
    node = _node(start=None, deadline=end)
    b = burnup_of(node, (), end, Pace(node, 0, 1, 0.1, date(9999, 12, 31), "at risk", "tasks"))
    assert b is not None and b.span() == (end, date(9000, 1, 1))  # (half of no span: a day)
    ET.fromstring(burnup_svg(b))
    one = burnup_of(_node(start=None, deadline=date.max), (), date.max)
    assert one is not None and one.span() == (date.max - timedelta(days=1), date.max)
    assert len(burnup_lines(one, 20, 4)) == 7
