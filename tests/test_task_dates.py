"""Issue #15, dates and identities: when a done task was done (one rule, `completion_day`,
for the review, `status`, `tasks`, commitments and celebrations), and which tick is which
when identical lines are added before others (a backfilled daily note)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import cli, edit, run_job, sql_rows
from vaultgoals.core.config import Config
from vaultgoals.core.insights import Week
from vaultgoals.core.regions import render_region, update_regions
from vaultgoals.core.taskrefs import completion_day, weekly_day

DAILY_SETTINGS = '{"folder": "Daily", "format": "YYYY-MM-DD"}'


def daily_vault(root: Path, days: dict[str, str]) -> Path:
    """A vault of daily notes (`Daily/<day>.md`, one task line each) with Obsidian's daily
    notes settings."""
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian/daily-notes.json").write_text(DAILY_SETTINGS, encoding="utf-8")
    (root / "Daily").mkdir()
    # (ISO weeks, Monday to Sunday, as in the scenarios below: `en-gb` week rules)
    (root / ".vaultgoals.yaml").write_text("reviews:\n  locale: en-gb\n", encoding="utf-8")
    for day, line in days.items():
        add_daily(root, day, line)
    return root


def add_daily(root: Path, day: str, line: str) -> None:
    (root / f"Daily/{day}.md").write_text(f"# {day}\n\n{line}\n", encoding="utf-8")


def status(root: Path, today: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        cli("status", str(root), "--today", today, "--json", check=True).stdout)
    return data


def tasks(root: Path, today: str) -> list[dict[str, object]]:
    out = cli("tasks", str(root), "--today", today, "--json", check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


# --- 1. A tick in a daily note counts on that note's day ---------------------------------------


def test_completion_day_follows_the_order_of_evidence() -> None:
    assert completion_day("2026-11-10", "2026-11-15", "2026-11-16") == "2026-11-10"  # ✅ wins
    assert completion_day(None, "2026-11-15", "2026-11-16") == "2026-11-15"  # the note's day
    assert completion_day(None, None, "2026-11-16") == "2026-11-16"  # first seen done
    assert completion_day(None, None, None) is None


def test_a_weekly_note_is_dated_by_the_first_day_of_its_week() -> None:
    config = Config(weekly_folder="Weekly", locale="en-gb")  # (ISO weeks)
    assert weekly_day("Weekly/2026-W47.md", config) == "2026-11-16"
    assert weekly_day("Weekly/2026-W47.md", Config(weekly_folder="Weekly")) == "2026-11-15"
    assert weekly_day("Weekly/2021-W01.md", config) == "2021-01-04"
    assert weekly_day("Notes/2026-W47.md", config) is None
    assert weekly_day("Weekly/Plans.md", config) is None
    assert weekly_day("Weekly/2026-11-18.md",
                      Config(weekly_folder="Weekly", weekly_format="YYYY-MM-DD")) == "2026-11-18"


def test_a_habit_ticked_in_the_sunday_note_counts_on_sunday_everywhere(tmp_path: Path) -> None:
    """Ticked in Sunday's daily note, first seen by the run on Monday: the review, `status`
    and `tasks` all date it Sunday (the journal's first-seen day is the weakest evidence)."""
    root = daily_vault(tmp_path / "vault", {
        **{f"2026-11-{d}": "- [x] Meditate" for d in ("09", "10", "11", "12", "13", "14")},
        "2026-11-15": "- [ ] Meditate",
    })
    run_job(root, "2026-11-14")  # Saturday: the journal knows Sunday's line, unticked
    edit(root / "Daily/2026-11-15.md", "- [ ]", "- [x]")  # ticked on Sunday, no run
    run_job(root, "2026-11-16")  # Monday

    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    assert "Nothing completed yet this week." in review  # Sunday's tick is last week's
    assert "**0/1** done on 2026-11-16 · streak: 7 days met" in review
    run_job(root, "2026-11-16", "review",
            week=Week(date(2026, 11, 9), date(2026, 11, 15), "2026-W46"))
    last_week = (root / "Reviews/2026-W46.md").read_text(encoding="utf-8")
    assert "2026-11-15 1/1 ✅" in last_week  # (a habit's tick counts for its commitment)

    goals = status(root, "2026-11-16")["goals"]
    assert isinstance(goals, list)
    (habit,) = goals
    assert habit["commitment"]["count"] == 0 and habit["commitment"]["streak"] == 7
    assert habit["last_activity"] == "2026-11-15"
    sunday = [t for t in tasks(root, "2026-11-16") if t["path"] == "Daily/2026-11-15.md"]
    assert [t["completed_on"] for t in sunday] == ["2026-11-15"]


def test_a_tick_in_a_weekly_note_stays_in_its_week(tmp_path: Path) -> None:
    """A goal's task ticked in the weekly note of W46, first seen by a run in W47: done in
    W46 (on the day the note is named for), for the review as for `tasks`."""
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / ".vaultgoals.yaml").write_text("reviews:\n  locale: en-gb\n", encoding="utf-8")
    (root / "Goals").mkdir()
    (root / "Goals/Garden.md").write_text("---\ntype: goal\n---\n# Garden\n",
                                          encoding="utf-8")
    (root / "2026-W46.md").write_text("- [ ] Plant bulbs [[Garden]]\n", encoding="utf-8")
    run_job(root, "2026-11-10")
    edit(root / "2026-W46.md", "- [ ]", "- [x]")
    run_job(root, "2026-11-18")
    (ref,) = [t for t in tasks(root, "2026-11-18") if t["path"] == "2026-W46.md"]
    assert ref["completed_on"] == "2026-11-09"
    assert "Plant bulbs" not in (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")


# --- 2. Identical lines keep their identities ---------------------------------------------------


def journal_rows(root: Path) -> dict[str, tuple[object, ...]]:
    """identity -> (path, first_seen, first_done, gone_since), from the journal's file."""
    rows = sql_rows(root / ".vaultgoals/state.db",
                    "SELECT identity, path, first_seen, first_done, gone_since FROM tasks")
    return {str(r[0]): tuple(r[1:]) for r in rows}


def test_a_backfilled_daily_note_leaves_the_other_ticks_alone(tmp_path: Path) -> None:
    """Two daily notes with the same habit line, then an older daily note added: each tick
    keeps its identity and its history, the new one gets its own, none counted twice."""
    root = daily_vault(tmp_path / "vault", {"2026-11-10": "- [x] Meditate #habit"})
    run_job(root, "2026-11-10")
    add_daily(root, "2026-11-11", "- [x] Meditate #habit")
    run_job(root, "2026-11-11")
    before = journal_rows(root)
    assert sorted(row[0] for row in before.values()) == [
        "Daily/2026-11-10.md", "Daily/2026-11-11.md"]

    add_daily(root, "2026-11-09", "- [x] Meditate #habit")  # backfilled
    run_job(root, "2026-11-12")
    after = journal_rows(root)
    assert {i: after[i] for i in before} == before  # the same rows, the same history
    (new,) = set(after) - set(before)
    assert after[new] == ("Daily/2026-11-09.md", "2026-11-12", "2026-11-12", None)
    assert run_job(root, "2026-11-12")[0].written == []  # and it stays so

    review = (root / "Reviews/2026-W46.md").read_text(encoding="utf-8")
    assert "streak: 3 days met" in review
    assert "2026-11-09 1/1 ✅, 2026-11-10 1/1 ✅, 2026-11-11 1/1 ✅" in review
    ticks = [t for t in tasks(root, "2026-11-12") if t["status_type"] == "DONE"]
    assert sorted(str(t["completed_on"]) for t in ticks) == [
        "2026-11-09", "2026-11-10", "2026-11-11"]


def test_identical_ticks_dated_by_the_journal_keep_their_days(tmp_path: Path) -> None:
    """The same task in two notes that are not daily notes, dated by the day each was seen
    ticked; a note sorting before them is added: the old ticks keep their days (today the new
    one took the first one's identity and day, and so on down the line)."""
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Goals").mkdir()
    (root / "Log").mkdir()
    (root / "Goals/Family.md").write_text("---\ntype: goal\n---\n# Family\n", encoding="utf-8")
    for name in ("b", "c"):
        (root / f"Log/{name}.md").write_text("- [ ] Call mom [[Family]]\n", encoding="utf-8")
    run_job(root, "2026-11-09")
    edit(root / "Log/b.md", "[ ]", "[x]")
    run_job(root, "2026-11-10")
    edit(root / "Log/c.md", "[ ]", "[x]")
    run_job(root, "2026-11-11")
    (root / "Log/a.md").write_text("- [x] Call mom [[Family]]\n", encoding="utf-8")
    run_job(root, "2026-11-12")
    review = (root / "Reviews/2026-W46.md").read_text(encoding="utf-8")
    for day, note in (("10", "b"), ("11", "c"), ("12", "a")):
        # (the goal stays a link; a log note shows as its name: `links: goals`, the default)
        tick = f"2026-11-{day} · Call mom [[Family]] ({note}:1)"
        assert tick in review, (day, note)
    assert review.count("Call mom") == 3
    done = {t["path"]: t["completed_on"] for t in tasks(root, "2026-11-12")
            if t["status_type"] == "DONE"}  # `tasks` reads the journal's days too
    assert done == {"Log/a.md": "2026-11-12", "Log/b.md": "2026-11-10",
                    "Log/c.md": "2026-11-11"}


# --- 3. A rename is not an edit ----------------------------------------------------------------


def test_links_rewritten_by_a_rename_are_not_an_edit() -> None:
    """Obsidian rewrites every link to a renamed note, generated text included: in each form
    (`[[target|shown]]`, `[[target]]`, a table's `\\|`, a heading link, an embed, a Markdown
    link) the region is regenerated; a change of words, or a link to no note, is an edit."""
    content = ("- [[Goals/Run|Run]] · [[Goals/Run]] · [[Goals/Run#Plan|plan]] · ![[Goals/Run]]\n"
               "| [[Goals/Run\\|Run]] | [run](Goals/Run.md) |\n")
    old = "# Review\n\n" + render_region("wins", content) + "\nmine\n"
    renamed = old.replace("Goals/Run", "Goals/Run a half marathon")
    exists = {"goals/run a half marathon", "goals/run a half marathon.md"}.__contains__

    def note_exists(target: str) -> bool:
        return exists(target.lower())

    upd = update_regions(renamed, {"wins": "fresh\n"}, note_exists)
    assert (upd.updated, upd.kept) == (("wins",), ())
    assert upd.text.endswith("fresh\n\n%% vaultgoals:end wins %%\n\nmine\n")
    for edited in (renamed.replace("· [[Goals", "· see [[Goals", 1),  # words changed
                   old.replace("[[Goals/Run|Run]]", "[[Goals/Walk|Run]]")):  # no such note
        upd = update_regions(edited, {"wins": "fresh\n"}, note_exists)
        assert (upd.updated, upd.kept) == ((), ("wins",))
    assert update_regions(renamed, {"wins": "fresh\n"}).kept == ("wins",)  # nobody asked
    assert update_regions(old, {"wins": "fresh\n"}, note_exists).updated == ("wins",)


def test_a_renamed_goal_and_celebration_keep_the_review_and_wins_log_current(
        tmp_path: Path) -> None:
    """A goal note and its celebration note renamed in Obsidian, which rewrote the links to
    them in the review and the wins log: the next run updates both, and says nothing about
    user edits."""
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Goals").mkdir()
    (root / "Goals/Run.md").write_text(
        "---\ntype: goal\nstatus: done\ncompleted: 2026-11-18\n---\n# Run\n\n"
        "- [x] Buy shoes ✅ 2026-11-17\n- [x] Run 5k ✅ 2026-11-18\n", encoding="utf-8")
    (root / "Goals/Read.md").write_text(
        "---\ntype: goal\n---\n# Read\n\n- [x] Book 1 ✅ 2026-11-17\n- [ ] Book 2\n",
        encoding="utf-8")
    run_job(root, "2026-11-18")
    (root / "Goals/Run.md").rename(root / "Goals/Half marathon.md")
    (root / "Celebrations/2026-11-18 Run.md").rename(root / "Celebrations/Finished.md")
    for note in root.rglob("*.md"):  # what Obsidian does to the links
        text = note.read_text(encoding="utf-8")
        new = (text.replace("[[Goals/Run", "[[Goals/Half marathon")
               .replace("[[Celebrations/2026-11-18 Run", "[[Celebrations/Finished"))
        if new != text:
            note.write_text(new, encoding="utf-8")

    outcome, _ = run_job(root, "2026-11-19")
    assert not [n for n in outcome.notices if "you edited" in n], outcome.notices
    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    assert "Generated by vaultgoals for 2026-11-19" in review  # regenerated
    assert "[[Goals/Run|" not in review and "[[Goals/Half marathon|" in review
    wins = (root / "Wins log.md").read_text(encoding="utf-8")
    assert "[[Celebrations/Finished|celebration]]" in wins  # where the note is now
    assert run_job(root, "2026-11-19")[0].written == []  # and it stays so
