"""The weekly review's name and title, end to end (issue #15, point 4): one week, named as
the user's weekly notes are, under the week rules of `.vaultgoals.yaml` or of the Calendar
and Periodic Notes plugins. The expected names are moment's (see tests/test_weeks.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import cli

# ------------------------------------------------------- the review, end to end


def _review(root: Path, today: str, *extra: str) -> tuple[list[str], str]:
    proc = cli("review", str(root), "--today", today, *extra)
    assert proc.returncode == 0, proc.stderr
    written = sorted(str(p.relative_to(root)) for p in root.rglob("*.md")
                     if "vaultgoals:begin" in p.read_text(encoding="utf-8")
                     and not p.name.startswith("How vaultgoals"))
    assert len(written) == 1, written
    return written, (root / written[0]).read_text(encoding="utf-8")


GOAL = "---\ntype: goal\n---\n- [x] one ✅ 2026-11-18\n- [ ] two\n"


def test_with_week_start_sunday_the_review_is_named_and_titled_for_one_week(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({".vaultgoals.yaml": "reviews: {week_start: sunday}\n", "G.md": GOAL})
    written, text = _review(root, "2026-11-20")
    # Sunday 15 – Saturday 21 November 2026: en week 47 (it used to be filed as W46)
    assert written == ["Reviews/2026-W47.md"]
    assert text.startswith("# Weekly review 2026-W47\n")
    assert "Week **2026-W47** · Sun 15 Nov – Sat 21 Nov 2026" in text


@pytest.mark.parametrize(("settings", "today", "name", "header"), [
    # Calendar "Start week on: Monday", en locale: {dow 1, doy 6}, week 1 holds 2 January
    ({"calendar": {"weekStart": "monday", "localeOverride": "system-default"}},
     "2022-01-01", "2022-W01", "Mon 27 Dec – Sun 02 Jan 2022"),
    # Calendar with the en-gb locale: ISO-like weeks
    ({"calendar": {"weekStart": "locale", "localeOverride": "en-gb"}},
     "2022-01-01", "2021-W52", "Mon 27 Dec – Sun 02 Jan 2022"),
    # Periodic Notes 0.x weekly format, default (en) rules
    ({"periodic-notes": {"weekly": {"enabled": True, "format": "gggg-[W]ww", "folder": "W"}}},
     "2026-12-31", "2027-W01", "Sun 27 Dec – Sat 02 Jan 2027"),
    # Periodic Notes 1.x calendar set, with its own week start and locale
    ({"periodic-notes": {"calendarSets": [{"id": "d", "week": {
        "enabled": True, "format": "gggg-[W]ww", "folder": "W"}}],
        "activeCalendarSet": "d", "weekStart": "locale", "localeOverride": "de"}},
     "2021-01-01", "2020-W53", "Mon 28 Dec – Sun 03 Jan 2021"),
])
def test_plugin_week_rules_name_the_review_and_the_weekly_note_alike(
    vault: Callable[[dict[str, str | bytes]], Path], settings: dict[str, object],
    today: str, name: str, header: str,
) -> None:
    files: dict[str, str | bytes] = {"G.md": GOAL}
    for plugin, data in settings.items():
        files[f".obsidian/plugins/{plugin}/data.json"] = json.dumps(data)
    root = vault(files)
    written, text = _review(root, today)
    assert written == [f"Reviews/{name}.md"]
    assert text.startswith(f"# Weekly review {name}\n")
    assert f"Week **{name}** · {header}" in text
    # the review written into the weekly note goes to the note Obsidian opens that week
    (root / ".vaultgoals.yaml").write_text("reviews: {into_weekly_note: true}\n")
    for p in (root / "Reviews").iterdir():
        p.unlink()
    written, _ = _review(root, today)
    folder = "W/" if "periodic-notes" in settings else ""
    assert written == [f"{folder}{name}.md"]


def test_week_option_names_weeks_as_the_weekly_notes_do(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({"G.md": GOAL})
    written, text = _review(root, "2027-01-20", "--week", "2027-W01")
    assert written == ["Reviews/2027-W01.md"]
    assert "Sun 27 Dec – Sat 02 Jan 2027" in text  # en week 1 of 2027, not ISO's
    proc = cli("review", str(root), "--today", "2026-11-20", "--week", "2025-W54")
    assert proc.returncode == 2 and "2025-W54" in proc.stderr


def test_a_review_in_the_weekly_note_is_headed_with_that_notes_name(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({
        ".obsidian/plugins/calendar/data.json": json.dumps(
            {"weekStart": "monday", "weeklyNoteFormat": "gggg [Week] ww",
             "weeklyNoteFolder": "Journal/Weeks"}),
        ".vaultgoals.yaml": "reviews: {into_weekly_note: true}\n",
        "G.md": GOAL,
    })
    written, text = _review(root, "2026-11-20")
    # en with Monday (Calendar's "Start week on"): Mon 16 – Sun 22 Nov 2026, week 47
    assert written == ["Journal/Weeks/2026 Week 47.md"]
    assert "Week **2026 Week 47** · Mon 16 Nov – Sun 22 Nov 2026" in text


@pytest.mark.parametrize(("today", "name"), [
    ("2027-03-10", "2027-W10"), ("2027-01-01", "2026-W53"), ("2026-11-20", "2026-W47")])
def test_the_review_is_named_as_the_users_weekly_notes_are(
        vault: Callable[[dict[str, str | bytes]], Path], today: str, name: str) -> None:
    root = vault({
        "G.md": "---\ntype: goal\n---\n- [ ] a\n",
        ".obsidian/plugins/calendar/data.json": json.dumps({"weekStart": "monday"}),
        ".obsidian/plugins/periodic-notes/data.json": json.dumps(
            {"weekly": {"enabled": True, "format": "GGGG-[W]WW"}}),
    })
    names, text = _review(root, today)
    assert names == [f"Reviews/{name}.md"]
    assert text.startswith(f"# Weekly review {name}\n")
