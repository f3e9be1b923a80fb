"""Every real achievement gets exactly one celebration note, and a non-event gets none.

Each test runs the real job (`vaultgoals.app.jobs.run_once`, in process, as `vaultgoals run`
does) over a temporary vault for several days with an explicit today, editing the notes
between runs as a person would.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import celebration_notes as notes
from tests.conftest import edit, write_vault
from tests.conftest import run_job as run


def lose_journal(root: Path) -> None:
    shutil.rmtree(root / ".vaultgoals")


def goal(milestones: str, props: str = "") -> str:
    return f"---\ntype: goal\n{props}---\n## Milestones\n{milestones}"


# ------------------------------------------------------------------------ same title, two goals


@pytest.mark.parametrize("first", ["Goals/Go course.md", "Goals/SQL course.md"])
def test_same_milestone_title_under_two_goals_done_on_different_days_is_two_wins(
    tmp_path: Path, first: str
) -> None:
    course = goal("- [ ] Week 1\n- [ ] Week 2\n")
    root = write_vault(tmp_path / "v", {"Goals/Go course.md": course,
                                        "Goals/SQL course.md": course})
    run(root, "2026-11-17")
    edit(root / first, "- [ ] Week 1", "- [x] Week 1 ✅ 2026-11-18")
    run(root, "2026-11-18")
    assert len(notes(root)) == 1
    second = ({"Goals/Go course.md", "Goals/SQL course.md"} - {first}).pop()
    edit(root / second, "- [ ] Week 1", "- [x] Week 1 ✅ 2026-11-19")
    run(root, "2026-11-19")
    run(root, "2026-11-20")
    got = notes(root)
    assert len(got) == 2, sorted(got)
    linked = {re.search(r"part of \[\[([^|\]]+)\|", text).group(1)  # type: ignore[union-attr]
              for text in got.values()}
    assert linked == {"Goals/Go course", "Goals/SQL course"}, got
    assert "2026-11-19 Week 1.md" in got  # the second win carries its own date


# ------------------------------------------------------------------------ case and NFC / NFD


CAFE_NFC = unicodedata.normalize("NFC", "Open the café")
CAFE_NFD_UPPER = unicodedata.normalize("NFD", "Open the CAFÉ")


def test_retyping_a_title_in_another_case_and_normal_form_is_one_win(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {
        "Goals/Shop.md": goal(f"- [x] {CAFE_NFC} ✅ 2026-11-18\n- [ ] Hire staff\n")})
    run(root, "2026-11-18")
    assert len(notes(root)) == 1
    edit(root / "Goals/Shop.md", CAFE_NFC, CAFE_NFD_UPPER)
    run(root, "2026-11-19")
    assert len(notes(root)) == 1


def test_retyped_title_is_recognised_from_its_note_when_the_journal_is_lost(
    tmp_path: Path,
) -> None:
    root = write_vault(tmp_path / "v", {
        "Goals/Shop.md": goal(f"- [x] {CAFE_NFC} ✅ 2026-11-18\n- [ ] Hire staff\n")})
    run(root, "2026-11-18")
    edit(root / "Goals/Shop.md", CAFE_NFC, CAFE_NFD_UPPER)
    lose_journal(root)
    run(root, "2026-11-19")
    assert len(notes(root)) == 1, sorted(notes(root))


# ------------------------------------------------------------------------ goal and own milestone


def test_a_goal_and_its_milestone_with_the_same_title_are_two_wins(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"Goals/Run a marathon.md": goal(
        "- [x] Run a marathon ✅ 2026-11-18\n",
        "status: done\ncompleted: 2026-11-18\n")})
    run(root, "2026-11-18")
    got = notes(root)
    assert len(got) == 2, sorted(got)
    assert sum("**Goal reached" in t for t in got.values()) == 1
    assert sum("**Milestone reached" in t for t in got.values()) == 1
    run(root, "2026-11-19")
    assert notes(root) == got
    log = (root / "Wins log.md").read_text(encoding="utf-8")
    assert len(set(re.findall(r"\[\[([^|\]]+)\|celebration\]\]", log))) == 2, log


# ------------------------------------------------------------------------ untick A, tick B


@pytest.mark.parametrize("dated", [False, True])
def test_unticking_one_milestone_and_ticking_another_is_a_new_win(
    tmp_path: Path, dated: bool
) -> None:
    stamp = " ✅ 2026-11-18" if dated else ""
    root = write_vault(tmp_path / "v", {
        "Goals/Book.md": goal(f"- [x] Draft the outline{stamp}\n- [ ] Write chapter one\n")})
    run(root, "2026-11-18")
    before = notes(root)
    assert len(before) == 1
    text = (root / "Goals/Book.md").read_text(encoding="utf-8")
    (root / "Goals/Book.md").write_text(
        text.replace(f"- [x] Draft the outline{stamp}", "- [ ] Draft the outline")
        .replace("- [ ] Write chapter one", f"- [x] Write chapter one{stamp}"),
        encoding="utf-8")
    run(root, "2026-11-18")
    got = notes(root)
    assert len(got) == 2, sorted(got)
    assert any("Write chapter one" in name for name in got), sorted(got)
    log = (root / "Wins log.md").read_text(encoding="utf-8")
    assert "Draft the outline" in log and "Write chapter one" in log, log


def test_deleting_a_done_milestone_and_ticking_another_is_a_new_win(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {
        "Goals/Book.md": goal("- [x] Draft the outline\n- [ ] Write chapter one\n- [ ] Edit\n")})
    run(root, "2026-11-18")
    assert len(notes(root)) == 1
    (root / "Goals/Book.md").write_text(goal("- [x] Write chapter one\n- [ ] Edit\n"),
                                        encoding="utf-8")
    run(root, "2026-11-18")
    assert len(notes(root)) == 2, sorted(notes(root))


# ------------------------------------------------------------------------ renames without dates


def test_a_done_goal_without_a_date_renamed_is_not_celebrated_again(tmp_path: Path) -> None:
    done = ("---\ntype: goal\nstatus: done\n---\n- [x] Buy the boots\n- [x] Run 5 km\n")
    other = "---\ntype: goal\n---\n- [ ] Swim 1 km\n"
    root = write_vault(tmp_path / "v", {"Goals/Bgoal.md": done, "Goals/Mgoal.md": other})
    run(root, "2026-11-18")
    before = notes(root)
    assert len(before) == 1
    (root / "Goals/Bgoal.md").rename(root / "Goals/Zzz the finish line.md")
    run(root, "2026-11-19")
    run(root, "2026-11-20")
    assert notes(root) == before


def test_a_typo_fixed_in_an_undated_done_milestone_is_not_celebrated_again(
    tmp_path: Path,
) -> None:
    root = write_vault(tmp_path / "v", {
        "Goals/Book.md": goal("- [ ] Pick a publisher\n- [ ] Finsh chapter one\n")})
    run(root, "2026-11-17")
    edit(root / "Goals/Book.md", "- [ ] Finsh chapter one", "- [x] Finsh chapter one")
    run(root, "2026-11-18")
    before = notes(root)
    assert list(before) == ["2026-11-18 Finsh chapter one.md"]
    edit(root / "Goals/Book.md", "Finsh chapter one", "Finish chapter one")
    run(root, "2026-11-19")
    run(root, "2026-11-20")
    assert notes(root) == before
    log = (root / "Wins log.md").read_text(encoding="utf-8")
    assert log.count("🏁") == 1, log


# ------------------------------------------------------------------------ journal lost


LOST: dict[str, str | bytes] = {
    "Goals/Book.md": goal("- [x] Draft the outline ✅ 2026-11-10\n- [x] Pick a title\n"
                          "- [ ] Write chapter one\n- [ ] Edit\n"),
    "Goals/Garden.md": "---\ntype: goal\nstatus: done\n---\n- [x] Plant the roses\n",
}


def test_a_lost_journal_does_not_celebrate_again(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", LOST)
    run(root, "2026-11-18")
    before = notes(root)
    assert len(before) == 3, sorted(before)
    lose_journal(root)
    run(root, "2026-11-19")
    assert notes(root) == before
    lose_journal(root)
    run(root, "2026-11-25")  # undated wins would be "done today" on a fresh journal
    assert notes(root) == before
    log = (root / "Wins log.md").read_text(encoding="utf-8")
    assert log.count("|celebration]]") == 3, log


def test_notes_from_the_current_release_are_recognised_when_the_journal_is_lost(
    tmp_path: Path,
) -> None:
    root = write_vault(tmp_path / "v", LOST)
    run(root, "2026-11-18")
    for path in (root / "Celebrations").iterdir():  # as the current release writes them
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"%% vaultgoals-achievement [^%]*%%\n", "", text),
                        encoding="utf-8")
    before = notes(root)
    assert not any("vaultgoals-achievement" in t for t in before.values())
    lose_journal(root)
    run(root, "2026-11-19")
    assert notes(root) == before


def test_the_wins_log_alone_is_enough_to_recognise_a_win(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", LOST)
    run(root, "2026-11-18")
    shutil.rmtree(root / "Celebrations")  # the person deleted the notes, kept the log
    lose_journal(root)
    run(root, "2026-11-19")
    assert notes(root) == {}


def test_a_lost_journal_still_celebrates_what_is_new(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", LOST)
    run(root, "2026-11-18")
    before = notes(root)
    lose_journal(root)
    edit(root / "Goals/Book.md", "- [ ] Write chapter one", "- [x] Write chapter one ✅ 2026-11-19")
    run(root, "2026-11-19")
    new = set(notes(root)) - set(before)
    assert new == {"2026-11-19 Write chapter one.md"}


# ------------------------------------------------------------------------ a ✅ date in the future


def test_a_future_done_date_typo_is_celebrated_once_when_corrected(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {
        "Goals/Book.md": goal("- [x] Send the manuscript ✅ 2027-11-18\n- [ ] Edit\n")})
    run(root, "2026-11-18")
    assert notes(root) == {}
    edit(root / "Goals/Book.md", "✅ 2027-11-18", "✅ 2026-11-18")
    run(root, "2026-11-18")
    assert list(notes(root)) == ["2026-11-18 Send the manuscript.md"]
    run(root, "2026-11-19")
    assert list(notes(root)) == ["2026-11-18 Send the manuscript.md"]


def test_a_future_done_date_left_alone_is_celebrated_on_its_day(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {
        "Goals/Book.md": goal("- [x] Send the manuscript ✅ 2026-11-25\n- [ ] Edit\n")})
    run(root, "2026-11-18")
    assert notes(root) == {}
    run(root, "2026-11-25")
    assert list(notes(root)) == ["2026-11-25 Send the manuscript.md"]


def test_each_run_recognises_wins_after_the_journal_is_lost(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", LOST)
    for today in ("2026-11-18", "2026-11-19"):
        run(root, today)
        lose_journal(root)
    assert len(notes(root)) == 3


def test_a_journal_and_notes_from_the_current_release_carry_over(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", LOST)
    run(root, "2026-11-18")
    for path in (root / "Celebrations").iterdir():  # notes as the current release writes them
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"%% vaultgoals-achievement [^%]*%%\n", "", text),
                        encoding="utf-8")
    conn = sqlite3.connect(root / ".vaultgoals/state.db")  # and its keys, without anchors
    with conn:
        conn.execute("UPDATE achievements SET key = kind || ':' || lower(title), parent = '', "
                     "path = '', position = -1, evidence = '', signature = ''")
    conn.close()
    before = {p: (root / p).read_bytes() for p in ("Wins log.md", *(
        f"Celebrations/{n}" for n in notes(root)))}
    run(root, "2026-11-19")
    run(root, "2026-11-25")
    assert {p: (root / p).read_bytes() for p in before} == before
    assert len(notes(root)) == 3


# ------------------------------------------------------------------------ done by its steps


def test_a_milestone_note_done_by_its_steps_is_celebrated_once_on_its_last_step(
        tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {
        "Goals/Book.md": goal("- [ ] Edit\n"),
        "Goals/Draft.md": "---\ntype: milestone\nparent: \"[[Book]]\"\n---\n"
                          "- [x] Outline ✅ 2026-11-16\n- [x] Chapter one ✅ 2026-11-17\n"})
    run(root, "2026-11-19")
    run(root, "2026-11-20")
    assert sorted(notes(root)) == ["2026-11-17 Draft.md"]
