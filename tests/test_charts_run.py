"""Charts in a vault (#16): the run writes each burn-up into the attachments folder (as
Obsidian's settings or `charts.attachments` say) only when it changed, the weekly review
embeds it under the goal's name, and the terminal commands draw the same values."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from tests.conftest import cli, edit, run_job, sql_rows, write_vault
from vaultgoals.app.jobs import Job
from vaultgoals.app.notewriter import Outcome
from vaultgoals.store.journalread import read_snapshots
from vaultgoals.store.settings import load_config

GOAL = ("---\ntype: goal\nstart: 2026-11-01\ndeadline: 2026-12-31\n---\n"
        "- [ ] one\n- [ ] two\n- [ ] three\n- [ ] four\n")
OTHER = "---\ntype: goal\n---\n- [ ] no deadline here\n"


def _vault(root: Path, config: str = "", app: dict[str, str] | None = None) -> Path:
    files = {"Goals/Run a half marathon.md": GOAL, "Goals/Someday.md": OTHER,
             ".obsidian/app.json": json.dumps(app or {})}
    if config:
        files[".vaultgoals.yaml"] = config
    return write_vault(root, files)


def _charts(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.svg"))


def test_the_run_writes_a_burn_up_per_goal_with_a_deadline_and_the_review_embeds_it(
        tmp_path: Path) -> None:
    root = _vault(tmp_path / "v", app={"attachmentFolderPath": "Attachments"})
    note = root / "Goals/Run a half marathon.md"
    run_job(root, "2026-11-16")
    edit(note, "- [ ] one", "- [x] one ✅ 2026-11-17")
    run_job(root, "2026-11-17")
    edit(note, "- [ ] two", "- [x] two ✅ 2026-11-19")
    out, _ = run_job(root, "2026-11-19")
    (chart,) = _charts(root)  # the goal without a deadline has none
    assert chart.startswith("Attachments/vaultgoals/burn-up 2026-W47 Run a half marathon ")
    assert chart in [r.path for r in out.written]
    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    pace = review[review.index("## Pace"):review.index("## Reassess")]
    assert ("**[[Goals/Run a half marathon|Run a half marathon]]** · due 2026-12-31\n\n"
            f"![[{chart}]]") in pace
    # the values drawn are the journal's snapshots
    journal = read_snapshots(root / ".vaultgoals/state.db")["Goals/Run a half marathon.md"]
    assert journal == (("2026-11-16", 0.0), ("2026-11-17", 0.25), ("2026-11-19", 0.5))
    assert sql_rows(root / ".vaultgoals/state.db",
                    "SELECT day, done, total FROM snapshots WHERE goal_key = "
                    "'Goals/Run a half marathon.md' ORDER BY day") == [
        ("2026-11-16", 0, 4), ("2026-11-17", 1, 4), ("2026-11-19", 2, 4)]
    svg = (root / chart).read_text(encoding="utf-8")
    progress = re.findall(r'<path d="([^"]+)" fill="none" stroke="#3b82f6" '
                          r'stroke-width="2.5"', svg)[0]
    ys = [float(v) for v in re.findall(r"[MV](?:[\d.]+ )?([\d.]+)", progress)]
    assert [round((206 - y) / 170, 2) for y in ys] == [0.0, 0.25, 0.5]
    # nothing changed: nothing written, the chart's bytes and time left alone
    before = (root / chart).stat().st_mtime_ns
    again, _ = run_job(root, "2026-11-19")
    assert again.written == [] and (root / chart).stat().st_mtime_ns == before


def test_charts_attachments_names_the_folder_and_burnups_can_be_turned_off(
        tmp_path: Path) -> None:
    root = _vault(tmp_path / "a", "charts:\n  attachments: ./pictures\n",
                  app={"attachmentFolderPath": "Attachments"})
    run_job(root, "2026-11-19")
    (chart,) = _charts(root)
    assert chart.startswith("Reviews/pictures/burn-up 2026-W47 Run a half marathon ")
    off = _vault(tmp_path / "b", "charts:\n  burnups: false\n")
    run_job(off, "2026-11-19")
    assert _charts(off) == []
    assert "![[" not in (off / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    root_default = _vault(tmp_path / "c")  # Obsidian's default: the vault's root
    run_job(root_default, "2026-11-19")
    assert _charts(root_default)[0].startswith("vaultgoals/burn-up ")


def test_chart_prints_the_burn_up_and_status_marks_the_pace(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    note = root / "Goals/Run a half marathon.md"
    edit(note, "- [ ] one", "- [x] one ✅ 2026-11-10")
    run_job(root, "2026-12-01")
    proc = cli("chart", str(root), "half marathon", "--today", "2026-12-01", "--width", "50",
               check=True)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("100% ┤") and lines[9].startswith("  0% ┤")
    deadline = {x.index("│") for x in lines[:10] if "│" in x}  # one column, dated below
    assert deadline == {lines[10].index("│2026-12-31")}
    assert lines[-1] == ("Run a half marathon: 25% on 2026-12-01, due 2026-12-31: 100% on "
                         "2027-02-23 at the current pace (at risk).")  # 3 left, 1 in 4 weeks
    bad = cli("chart", str(root), "Someday", "--today", "2026-12-01")
    assert bad.returncode == 1 and "has no deadline" in bad.stderr
    unknown = cli("chart", str(root), "Nothing like it", "--today", "2026-12-01")
    assert unknown.returncode == 2 and "no goal of that title" in unknown.stderr
    status = cli("status", str(root), "--today", "2026-12-01", check=True).stdout
    line = next(x for x in status.splitlines() if "Run a half marathon" in x)
    # 30 of 60 days from start to deadline: the plan is at 50 %, the goal at 25 %
    assert "█████░░░░░┃░░░░░░░░░  25%" in line and "plan 50% today" in line


def test_the_monthly_review_s_calendar_is_written_once_for_the_note_that_embeds_it(
        tmp_path: Path) -> None:
    """`ChartFiles.calendar`, which the monthly and yearly reviews call: the month's (or
    year's) grid beside their note, written only when it changed."""
    root = _vault(tmp_path / "v", app={"attachmentFolderPath": "./"})
    edit(root / "Goals/Run a half marathon.md", "- [ ] one", "- [x] one ✅ 2026-11-17")
    config = load_config(root)
    job = Job(root, config)
    try:
        job.once(date(2026, 11, 20))
        graph = job.pipe.graph(date(2026, 11, 20), job.history.first_done(job.view))
        out = Outcome()
        month = job.charts.calendar(config, graph, "Reviews/2026-11.md", 2026, 11, out)
        year = job.charts.calendar(config, graph, "Reviews/2026.md", 2026, None, out)
        assert month is not None and month.startswith("Reviews/vaultgoals/activity 2026-11 ")
        assert year is not None and year.startswith("Reviews/vaultgoals/activity 2026 ")
        assert [r.path for r in out.written] == [month, year]
        assert "2026-11-17: 1 task" in (root / month).read_text(encoding="utf-8")
        again = Outcome()
        job.charts.calendar(config, graph, "Reviews/2026-11.md", 2026, 11, again)
        assert again.results == []
    finally:
        job.close()
