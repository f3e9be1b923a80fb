"""`vaultgoals run`: the review, celebrations, wins log and journal, on real vault copies.

The job runs in process (`run_job`: `run_once`, as the command does); the real CLI only where
its output is the point (the dry run's diff, the review and celebrate subcommands)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import mistune
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import celebration_notes, cli, edit, run_job, snapshot_tree
from vaultgoals.app.notewriter import Outcome
from vaultgoals.core.decisions import without_decisions
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.render.checklist import CHECKBOX_MARK, checklist_items

TODAY = "2026-11-20"
SECTIONS = ("## Since last review", "## Wins", "## Progress", "## Commitments",
            "## Deadlines", "## Pace", "## Skills", "## People", "## Reassess",
            "## Not started", "## Next actions", "## Chart", "## Reflection")


def run(vault: Path, today: str = TODAY) -> Outcome:
    return run_job(vault, today)[0]


def celebrations(vault: Path) -> list[str]:
    return list(celebration_notes(vault))


def test_review_has_every_section_with_correct_numbers(sample_copy: Path) -> None:
    run(sample_copy)
    review = (sample_copy / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in review
    # Sunday 15 – Saturday 21 November (en weeks, the default): 6 toward goals and 1
    # unlinked; the habit and commitment ticks count as commitments (#15 point 8)
    assert "6 tasks completed this week." in review
    assert "- 🔁 Kept up: [[Commitments/Networking|Networking]] — 2 of 2 in November 2026" in review
    # (a habit found in a daily note shows as text: `links: goals`, the default)
    assert "- 🔁 Kept up: Stretch for 10 minutes — 1 of 1 on 2026-11-20" in review
    assert "🎉 Goal reached: [[Goals/Read 12 career books|Read 12 career books]]" in review
    assert "**2/2** new contacts in November 2026 · streak: 3 months met" in review
    assert "**0/1** done in November 2026" in review
    assert "| 79% |" in review and "2 of 5 milestones · 22 of 28 tasks" in review
    assert "deadline 2026-11-01 has passed" in review
    assert "no open next action" in review  # the stuck blog
    assert "every open task waits on another open task" in review  # the blocked charter
    assert "xychart-beta" in review
    # (the one checklist written: the answer lines of Reassess, core/decisions.py)
    assert not re.search(r"^\s*(?:[-*+]|\d+[.)])\s+\[.\]", without_decisions(review),
                         re.MULTILINE)
    # every generated section sits between markers hidden in reading view (the last,
    # Problems, is empty: the sample vault's goals have none)
    assert review.count("%% vaultgoals:begin") == review.count("%% vaultgoals:end") == 14
    assert "[!warning]" not in review


def test_celebrations_and_second_run_changes_nothing(sample_copy: Path) -> None:
    run(sample_copy)
    cels = celebrations(sample_copy)
    assert "2026-11-16 Read 12 career books.md" in cels
    assert "2026-11-06 Shadow a project manager.md" in cels
    assert len(cels) == 14  # every done milestone and goal (all within the 365-day look-back)
    assert "2026-10-30 Retire the Monday morning Excel export.md" in cels  # an OKR
    assert "2026-08-09 Pick the idea and the dataset.md" in cels
    text = (sample_copy / "Celebrations/2026-11-06 Shadow a project manager.md").read_text()
    assert "## How I'll celebrate" in text and "Started → finished" in text
    log = (sample_copy / "Wins log.md").read_text()
    assert "Pick the idea and the dataset" in log
    before = snapshot_tree(sample_copy)
    mtimes = {p: os.stat(sample_copy / p).st_mtime_ns for p in before}
    assert run(sample_copy).written == []
    assert snapshot_tree(sample_copy) == before
    assert {p: os.stat(sample_copy / p).st_mtime_ns for p in before} == mtimes


def test_checking_a_milestone_celebrates_once(sample_copy: Path) -> None:
    run(sample_copy)
    before = set(celebrations(sample_copy))
    goal = sample_copy / "Goals/Become a data scientist.md"
    line = next(ln for ln in goal.read_text().splitlines() if "Module 4" in ln)
    checked = line.replace("- [ ]", "- [x]", 1) + " ✅ 2026-11-20"
    edit(goal, line, checked)
    review_before = (sample_copy / "Reviews/2026-W47.md").read_text()
    run(sample_copy)
    new = set(celebrations(sample_copy)) - before
    assert len(new) == 1 and "Module 4" in next(iter(new))
    review = (sample_copy / "Reviews/2026-W47.md").read_text()
    assert review != review_before
    assert "🎉 Milestone reached: [[Goals/Become a data scientist|Module 4" in review
    assert "3 of 5 milestones" in review
    # uncheck, run, re-check (with a new date), run: still exactly one
    edit(goal, checked, line)
    run(sample_copy)
    edit(goal, line, line.replace("- [ ]", "- [x]", 1) + " ✅ 2026-11-21")
    run(sample_copy, today="2026-11-21")
    assert set(celebrations(sample_copy)) - before == new


def test_renamed_goal_note_is_not_celebrated_again(sample_copy: Path) -> None:
    run(sample_copy)
    before = celebrations(sample_copy)
    old = sample_copy / "Goals/Read 12 career books.md"
    old.rename(sample_copy / "Goals/Twelve books this year.md")
    run(sample_copy)
    assert celebrations(sample_copy) == before


def test_reflection_and_outside_text_survive_and_region_edits_are_kept(
    sample_copy: Path,
) -> None:
    run(sample_copy)
    path = sample_copy / "Reviews/2026-W47.md"
    text = path.read_bytes().decode("utf-8")
    mine = "\r\nI finally shipped the SQL module. 🎉\r\nNext week: fewer meetings.  \r\n"
    text = text.replace("What went well? What will I change next week?\n", mine)
    text = "My own preface, written before the title.\n" + text
    # an edit inside a generated region (the pace table)
    text = text.replace("| Goal | Deadline |", "| Goal (my notes!) | Deadline |")
    path.write_bytes(text.encode("utf-8"))
    goal = sample_copy / "Goals/Become a data scientist.md"
    edit(goal, "- [ ] Week 3: query plans", "- [x] Week 3: query plans")
    notices = run(sample_copy).notices
    assert any("you edited the 'pace' section; kept your edit" in n for n in notices), notices
    after = path.read_bytes().decode("utf-8")
    assert after.startswith("My own preface, written before the title.\n")
    assert mine in after
    assert "| Goal (my notes!) | Deadline |" in after
    assert "7 tasks completed this week." in after  # other regions did update
    assert after != text


@pytest.mark.parametrize(
    "title",
    ["../../escape", "/etc/passwd", "CON", "a:b*c?", "x" * 300, "🎯 Run a marathon 🏃‍♀️",
     "\u202eevil\u202c", "tab\tand\nnewline"],
)
def test_hostile_titles_land_inside_the_vault(
    vault: Callable[[dict[str, str | bytes]], Path], title: str
) -> None:
    quoted = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000)
    root = vault({
        "Goals/g.md": ("---\ntype: goal\n" + quoted
                       + "---\n- [x] did it ✅ 2026-11-19\n- [ ] next\n"),
        "Goals/h.md": "---\ntype: goal\nstatus: done\ncompleted: 2026-11-18\n" + quoted
                      + "---\n",
    })
    run(root)
    written = [p for p in root.parent.rglob("*") if p.is_file()]
    assert all(root in p.parents for p in written), written
    cels = list((root / "Celebrations").iterdir())
    assert len(cels) == 1
    name = cels[0].name
    assert len(name.encode("utf-8")) <= 130 and name.endswith(".md")
    assert not set(name) & set('/\\:*?"<>|\t\n\u202e')
    assert name.split(".")[0].upper() != "CON"


def test_dry_run_writes_nothing(sample_copy: Path) -> None:
    before = snapshot_tree(sample_copy)
    proc = cli("run", str(sample_copy), "--today", TODAY, "--dry-run")
    assert proc.returncode == 0
    assert "would write Reviews/2026-W47.md" in proc.stdout
    assert "+## Wins" in proc.stdout  # the diff
    assert snapshot_tree(sample_copy) == before
    assert not (sample_copy / ".vaultgoals").exists()


def test_review_of_another_week(sample_copy: Path) -> None:
    proc = cli("review", str(sample_copy), "--week", "2026-W45", "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    text = (sample_copy / "Reviews/2026-W45.md").read_text()
    assert "Week **2026-W45** · Sun 01 Nov – Sat 07 Nov 2026" in text
    assert not (sample_copy / "Celebrations").exists()  # review does not celebrate
    proc = cli("celebrate", str(sample_copy), "--today", TODAY)
    assert proc.returncode == 0
    assert len(celebrations(sample_copy)) == 14
    assert not (sample_copy / "Reviews/2026-W47.md").exists()


def test_a_review_of_a_week_to_come_says_it_is_a_preview(sample_copy: Path) -> None:
    proc = cli("review", str(sample_copy), "--week", "2026-W49", "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    text = (sample_copy / "Reviews/2026-W49.md").read_text(encoding="utf-8")
    assert "**A preview**: this week has not begun (today is Fri 20 Nov 2026)" in text


def test_the_header_counts_one_task_as_one_task(
        vault: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = vault({"G.md": "---\ntype: goal\n---\n- [ ] only step\n"})
    run(root)
    text = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    assert "from 1 task. " in text and "A preview" not in text


def test_corrupt_journal_is_moved_aside_and_rebuilt(sample_copy: Path) -> None:
    run(sample_copy)
    db = sample_copy / ".vaultgoals/state.db"
    db.write_bytes(b"this is not a database" * 100)
    _, notices = run_job(sample_copy, TODAY)
    assert any("journal" in n for n in notices), notices
    assert any(p.name.startswith("state.db.corrupt-") for p in db.parent.iterdir())
    assert len(celebrations(sample_copy)) == 14  # existing notes are not written twice


def test_older_achievements_are_logged_not_celebrated(sample_copy: Path) -> None:
    (sample_copy / ".vaultgoals.yaml").write_text("celebrations: {lookback_days: 90}\n")
    run(sample_copy)
    cels = celebrations(sample_copy)
    assert len(cels) == 12 and not any("Pick the idea" in c for c in cels)
    log = (sample_copy / "Wins log.md").read_text(encoding="utf-8")
    assert "- 2026-08-09 🏁 Pick the idea and the dataset\n" in log  # no celebration link


def test_config_controls_paths(vault: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = vault({
        ".vaultgoals.yaml": "reviews: {folder: Weekly Reviews, format: 'gggg [week] ww'}\n"
                            "celebrations: {folder: Party, wins_log: Party/All wins.md}\n",
        "G.md": "---\ntype: goal\nstatus: done\ncompleted: 2026-11-19\n---\n",
    })
    run(root)
    assert (root / "Weekly Reviews/2026 week 47.md").is_file()
    assert (root / "Party/2026-11-19 G.md").is_file()
    assert (root / "Party/All wins.md").is_file()


def test_generated_text_never_reads_as_tasks(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    # task texts that try to smuggle checkboxes, comments and tags into the review
    root = vault({
        "G.md": "---\ntype: goal\n---\n"
                "- [x] sneaky - [ ] inner ✅ 2026-11-18\n"
                "- [x] %% hide %% <!-- x --> #tag [[G]] ✅ 2026-11-18\n"
                "- [ ] next: 1. [/] nested\n",
    })
    run(root)
    for path in root.rglob("*.md"):
        if path.name != "G.md":
            assert checklist_items(path.read_text(encoding="utf-8")) == [], path
    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    assert "sneaky - \\[ \\] inner" in review
    assert "`#tag` [[G]]" in review  # a tag made inert (inline code), a link kept
    assert "hide" not in review  # comments are hidden in Obsidian, and here too


def test_checklist_items_sees_what_both_readers_see() -> None:
    text = "- [ ] a\n- b\n> - [x] c\n\n1. [/] d\n\n- \\[ \\] escaped\n```\n- [ ] code\n```\n"
    found = checklist_items(text)
    assert "line 5: [/] d" in found and "task item: a" in found and "task item: c" in found
    assert not any("escaped" in f or "code" in f for f in found)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["- ", "* ", "1. ", "> ", "  ", "\t", "[", "]", " ", "x", "/",
                                 "\\", "\n", "`", "é", "✅", "[[", "]]"]), max_size=40)
       .map("".join))
def test_checklist_items_needs_a_one_character_box_to_look_further(text: str) -> None:
    # the quick look (`[` + one character + `]`) before both readers misses no item
    both = [f"line {t.line}" for t in parse_note("g.md", text).tasks]
    both += _task_items(text)
    assert not both or CHECKBOX_MARK.search(text) is not None


_MISTUNE = mistune.create_markdown(renderer=None, plugins=["task_lists"])


def _task_items(text: str) -> list[str]:
    stack: list[object] = list(_MISTUNE(text))
    found = []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "task_list_item":
                found.append("task item")
            stack.extend(node.get("children") or [])
    return found


def test_conflict_copies_are_reported_in_the_review_not_counted(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    goal = "---\ntype: goal\n---\n- [x] one ✅ 2026-11-18\n"
    root = vault({"G.md": goal, "G.sync-conflict-20261118-101010-ABCDEFG.md": goal,
                  "G (conflicted copy 2026-11-18).md": goal})
    run(root)
    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    assert "Sync conflict copies (not counted" in review
    assert "G.sync-conflict-20261118-101010-ABCDEFG" in review
    assert "1 task completed this week." in review


def test_review_into_the_users_weekly_note(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    mine = "# My week 47\r\n\r\nThings I noticed.\r\n"  # CRLF and no vaultgoals markers
    root = vault({
        ".obsidian/plugins/periodic-notes/data.json": json.dumps(
            {"weekly": {"enabled": True, "folder": "Weekly", "format": "gggg-[W]ww"}}),
        ".vaultgoals.yaml": "reviews: {into_weekly_note: true}\n",
        "Weekly/2026-W47.md": mine,
        "G.md": "---\ntype: goal\n---\n- [x] one ✅ 2026-11-18\n",
    })
    run(root)
    text = (root / "Weekly/2026-W47.md").read_bytes().decode("utf-8")
    assert text.startswith(mine)  # the user's note, byte for byte, then one managed region
    assert text.count("%% vaultgoals:begin review") == 1
    assert "### Wins" in text and "1 task completed this week." in text
    assert not (root / "Reviews").exists()
    assert (root / "Weekly/How vaultgoals reads this vault.md").exists()  # beside the reviews
    again = (root / "Weekly/2026-W47.md").read_bytes()
    run(root)
    assert (root / "Weekly/2026-W47.md").read_bytes() == again


def test_progress_chart_option(sample_copy: Path) -> None:
    (sample_copy / ".vaultgoals.yaml").write_text("chart: progress\n", encoding="utf-8")
    run(sample_copy)
    review = (sample_copy / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    chart = review[review.index("```mermaid"):]
    assert 'title "Progress of active goals"' in chart and "    line [" in chart
    values = [int(v) for v in chart.split("line [")[1].split("]")[0].split(", ")]
    assert len(values) == 8 and values[-1] > values[0]  # the sample vault moved forward
    assert all(0 <= v <= 100 for v in values)
