"""Fault injection: SIGKILL mid-run, a user editing while the watcher writes, a full disk, a
blocked folder. Real processes, real signals, real file systems; no mocks.

Quick by default (20 kills, 10 edit rounds, a few disk-full points); `pytest --long` runs the
full counts (200 kills, 100 edit rounds, every 4 KiB of free space from 0 to 96 KiB).
Every random choice comes from a seeded `random.Random`; the seed is in the failure message.

No timed assertions: a kill's delay is random in [0, one measured run], and every wait is
"until the condition holds, or fail after a generous deadline".
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, wait_until
from tests.faultkit import (
    assert_clean,
    is_output,
    is_temp,
    journal_ok,
    limits,
    popen_vg,
    tree,
    vg,
)
from vaultgoals.core.parse.scanner import read_note
from vaultgoals.core.regions import scan_regions

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals, rlimits and mounts"),
]

START = date(2026, 11, 20)
DEADLINE = 60.0

# Tasks the kill loop toggles: (note, a unique piece of the task's line). Milestones among
# them make celebrations appear; unchecking and re-checking must never celebrate twice.
TOGGLES = [
    ("Goals/Become a data scientist.md", "Week 3: query plans and indexes"),
    ("Goals/Become a data scientist.md", "Graded assignment: NYC taxi trips"),
    ("Goals/Become a data scientist.md", "Module 4: Machine Learning Foundations"),
    ("Goals/Launch a personal project.md", "Trips-per-hour chart"),
    ("Goals/Launch a personal project.md", "Deploy to Streamlit Community Cloud"),
    ("Goals/Learn Spanish for conferences.md", "Book 10 conversation lessons"),
    ("Goals/Milestones/CAPM certification.md", "Practice exam 2"),
]
_DONE_DATE = re.compile(r" ✅ \d{4}-\d{2}-\d{2}")




def toggle(vault: Path, rel: str, piece: str, today: date) -> None:
    path = vault / rel
    lines = path.read_bytes().decode("utf-8").split("\n")
    i = next(k for k, ln in enumerate(lines) if piece in ln)
    if "- [ ]" in lines[i]:
        lines[i] = lines[i].replace("- [ ]", "- [x]", 1) + f" ✅ {today.isoformat()}"
    else:
        lines[i] = _DONE_DATE.sub("", lines[i].replace("- [x]", "- [ ]", 1))
    path.write_bytes("\n".join(lines).encode("utf-8"))


def review_rel(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"Reviews/{year}-W{week:02d}.md"


def check_outputs_complete(vault: Path, files: dict[str, bytes]) -> None:
    """Every generated note is whole: it parses, its regions are well formed and each one's
    content still matches its fingerprint (a half-written region would not)."""
    for rel, data in files.items():
        if not rel.endswith(".md") or is_temp(rel):
            continue
        doc = read_note(rel, data)
        assert not [p for p in doc.problems if "UTF-8" in p.message], (rel, doc.problems)
        if not is_output(rel):
            continue
        text = data.decode("utf-8")
        scan = scan_regions(text)
        assert scan.problems == (), (rel, scan.problems)
        assert scan.regions, f"{rel}: no managed region at all"
        assert all(not r.user_edited for r in scan.regions), rel
        assert text.endswith("\n"), f"{rel} does not end with a line ending"


# --------------------------------------------------------------------------- SIGKILL


def test_sigkill_at_random_moments_leaves_old_or_new_files(
    tmp_path: Path, long_run: bool
) -> None:
    kills = 200 if long_run else 20
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault)
    today = START

    def run_args(day: date) -> list[str]:
        return ["run", str(vault), "--today", day.isoformat()]

    started = time.monotonic()
    assert_clean(vg(*run_args(today)))
    typical = time.monotonic() - started  # one complete run, startup included

    reflections: list[tuple[str, str]] = []
    daily_lines: list[tuple[str, str]] = []
    killed_mid_run = 0
    for i in range(kills):
        ctx = f"seed={seed} kill #{i} today={today}"
        # -- the user edits something between runs
        if i % 5 == 4:
            today += timedelta(days=rng.randint(1, 3))
        for _ in range(rng.randint(1, 2)):
            what = rng.random()
            if what < 0.5:
                toggle(vault, *rng.choice(TOGGLES), today)
            elif what < 0.75:
                daily = vault / f"Daily/{today.isoformat()}.md"
                line = f"- [x] Kill test chore {i} #goal/data ✅ {today.isoformat()}"
                with open(daily, "a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
                daily_lines.append((daily.relative_to(vault).as_posix(), line))
            else:
                rel = review_rel(today)
                if (vault / rel).is_file():
                    line = f"Reflection written before kill {i}: ünïcødé ✓"
                    with open(vault / rel, "a", encoding="utf-8") as fh:
                        fh.write(line + "\n")
                    reflections.append((rel, line))
        before = tree(vault)

        # -- a run, killed after a random delay
        proc = popen_vg(*run_args(today))
        time.sleep(rng.uniform(0, typical))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_mid_run += 1
        proc.communicate(timeout=DEADLINE)
        killed = tree(vault)
        assert journal_ok(vault) == "ok", ctx

        # -- the next run completes; a second one writes nothing
        after = vg(*run_args(today))
        assert_clean(after)
        assert not re.search(r"^journal ", after.stderr, re.M), (ctx, after.stderr)
        final = tree(vault)
        again = vg(*run_args(today))
        assert_clean(again)
        assert "nothing written" in again.stdout, (ctx, again.stdout)
        assert tree(vault) == final, ctx

        # -- what the kill left: every file is its old bytes or the complete new version
        for rel in before:
            assert rel in killed or is_temp(rel), f"{ctx}: {rel} disappeared"
        for rel, data in killed.items():
            if is_temp(rel):
                assert rel.rsplit("/", 1)[0].startswith(
                    ("Reviews", "Celebrations", "vaultgoals")) or \
                    "/" not in rel, f"{ctx}: temp file in a surprising place: {rel}"
                continue
            if before.get(rel) == data:
                continue
            assert is_output(rel), f"{ctx}: the user's file {rel} was changed by a killed run"
            assert final.get(rel) == data, f"{ctx}: {rel} is neither old nor complete new"
        check_outputs_complete(vault, killed)
        check_outputs_complete(vault, final)

    # every user edit survived all of it
    for rel, line in reflections + daily_lines:
        assert line in (vault / rel).read_text(encoding="utf-8"), f"seed={seed}: lost {line!r}"
    # no achievement was celebrated twice
    names = [p.name[len("YYYY-MM-DD "):] for p in (vault / "Celebrations").glob("*.md")]
    assert len(names) == len(set(names)), f"seed={seed}: {sorted(names)}"
    assert killed_mid_run > 0  # (a run that outran every delay would prove nothing)


# --------------------------------------------------------------------------- watcher + user

def _watch_ready(log: Path) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return "watching" in log.read_text(encoding="utf-8")
        except OSError:
            return False

    return ready


def _start_watcher(vault: Path, log: Path) -> subprocess.Popen[str]:
    """`vaultgoals watch` on `vault` (debounce 0.05 s, plain log lines in `log`); a watcher
    that exits at once fails the test with its output."""
    proc = popen_vg("watch", str(vault), "--debounce", "0.05", "--today", START.isoformat(),
                    "--log-file", str(log))
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is not None:
        out, err = proc.communicate()
        raise AssertionError(f"`vaultgoals watch` exited at once (exit {proc.returncode}): "
                             f"{(out + err).strip()[-300:]}")
    return proc


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[tuple[Path, Path, subprocess.Popen[str]]]:
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault)
    log = tmp_path / "watch.log"
    proc = _start_watcher(vault, log)
    try:
        wait_until(_watch_ready(log), "the watcher to start")
        yield vault, log, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.communicate(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


def _edit(path: Path, change: Callable[[str], str], atomic: bool) -> None:
    """An editor's save of the whole buffer: in place (Obsidian) or temp + rename."""
    text = change(path.read_bytes().decode("utf-8"))
    if atomic:
        tmp = path.with_name(f".{path.name}.swp")
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, path)
    else:
        with open(path, "wb") as fh:
            fh.write(text.encode("utf-8"))


def test_user_edits_during_watcher_rewrites_are_never_lost(
    watcher: tuple[Path, Path, subprocess.Popen[str]], long_run: bool
) -> None:
    vault, log, proc = watcher
    rounds = 100 if long_run else 10
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    review = vault / review_rel(START)
    goal = vault / "Goals/Become a data scientist.md"
    wait_until(review.is_file, "the watcher's first review")
    toggles = [t for t in TOGGLES if t[0] == "Goals/Become a data scientist.md"]
    mine_review: list[str] = []
    mine_goal: list[str] = []
    for i in range(rounds):
        line = f"Reflection {i}: a thought of mine ✍️"
        mine_review.append(line)
        _edit(review, lambda t, line=line: t + line + "\n", rng.random() < 0.5)
        time.sleep(rng.uniform(0, 0.1))
        note = f"- my note {i} on the goal"
        mine_goal.append(note)
        piece = rng.choice(toggles)[1]

        def change_goal(t: str, note: str = note, piece: str = piece) -> str:
            lines = t.split("\n")
            k = next(n for n, ln in enumerate(lines) if piece in ln)
            if "- [ ]" in lines[k]:
                lines[k] = lines[k].replace("- [ ]", "- [x]", 1) + " ✅ 2026-11-20"
            else:
                lines[k] = _DONE_DATE.sub("", lines[k].replace("- [x]", "- [ ]", 1))
            return "\n".join(lines) + note + "\n"

        _edit(goal, change_goal, rng.random() < 0.5)
        time.sleep(rng.uniform(0, 0.1))
        assert proc.poll() is None, f"seed={seed}: the watcher died: {proc.communicate()}"

    def settled() -> bool:  # a dry run agrees with what the watcher wrote: it caught up
        dry = vg("run", str(vault), "--today", START.isoformat(), "--dry-run")
        return dry.returncode == 0 and "nothing written" in dry.stdout

    wait_until(settled, f"the review to show the final goal state (seed={seed})")
    text = review.read_text(encoding="utf-8")
    for line in mine_review:
        assert line in text, f"seed={seed}: the review lost the user's edit {line!r}"
    goal_text = goal.read_text(encoding="utf-8")
    for note in mine_goal:
        assert note in goal_text, f"seed={seed}: the goal note lost {note!r}"
    assert "updated " + review_rel(START) in log.read_text(encoding="utf-8"), \
        "the watcher never rewrote the review during the edits"
    assert scan_regions(text).problems == ()
    assert "Traceback" not in log.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- disk full


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return proc.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "4m"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount rights)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


def _free_kib(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize // 1024


def _not_written_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("not written ")]


def _prepared_vault(where: Path) -> Path:
    """The sample vault after one complete run, then edited so the next run has work to do:
    a review to update, a new celebration, the wins log, journal rows."""
    shutil.copytree(SAMPLE, where)
    assert_clean(vg("run", str(where), "--today", START.isoformat()))
    toggle(where, "Goals/Become a data scientist.md", "Module 4: Machine Learning", START)
    with open(where / f"Daily/{START.isoformat()}.md", "a", encoding="utf-8") as fh:
        fh.write("- [x] Something finished on a full disk #goal/data ✅ 2026-11-20\n")
    return where


def _reference(tmp_path: Path) -> dict[str, bytes]:
    """What the two runs produce on a disk with room to spare."""
    ref = _prepared_vault(tmp_path / "reference")
    assert_clean(vg("run", str(ref), "--today", START.isoformat()))
    return tree(ref)


def _check_failed_run(proc: subprocess.CompletedProcess[str], before: dict[str, bytes],
                      vault: Path, where: str) -> None:
    try:
        assert_clean(proc, 0, 1)
    except AssertionError as exc:
        raise AssertionError(f"{where}: {exc}") from None
    failed = _not_written_lines(proc.stderr)
    if proc.returncode == 1 and not failed:
        # the run could not even start (the vault lock, the journal): one line, which file
        # and why
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, (where, proc.stderr)
        assert re.match(r"vaultgoals: cannot (write|update the journal) \S.*"
                        r"(No space left|File too large|disk is full)", lines[0]), \
            (where, lines[0])
    else:
        assert (proc.returncode == 1) == bool(failed), (where, proc.stderr)
    for ln in failed:  # one line, naming the note and saying why
        assert re.match(r"not written ((Reviews|Celebrations|Wins log)[^:]*\.md|Goals\.canvas"
                        r"|vaultgoals/[^:]*\.svg): .*(Reviews|Celebrations|Wins log|Goals\.canvas"
                        r"|vaultgoals/).*\((ENOSPC|EFBIG)\)", ln), (where, ln)  # (svg: charts)
    now = tree(vault)
    for rel, data in now.items():
        if is_temp(rel):
            raise AssertionError(f"{where}: temp file left behind by a failed write: {rel}")
        if before.get(rel) != data:
            assert is_output(rel), f"{where}: {rel} changed"
    check_outputs_complete(vault, now)


def _known_journal_bug(proc: subprocess.CompletedProcess[str]) -> None:
    """A journal write that fails for lack of space is a clear one-line error, exit 1."""
    assert proc.returncode != 70 and "internal error" not in proc.stderr, proc.stderr


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="statvfs")
def test_disk_full_at_every_point_is_a_clear_error_then_recovers(
    tmp_path: Path, small_disk: Path, long_run: bool
) -> None:
    expected = _reference(tmp_path)
    base = _prepared_vault(tmp_path / "base")
    points = range(0, 100, 4) if long_run else range(4, 100, 16)
    for free in points:
        where = f"{free} KiB free"
        vault = small_disk / "vault"
        shutil.copytree(base, vault)
        filler = small_disk / "filler"
        with open(filler, "wb") as fh:
            chunk = b"\0" * 4096
            while _free_kib(small_disk) > free:
                try:
                    fh.write(chunk)
                    fh.flush()
                except OSError:
                    break
        before = tree(vault)
        proc = vg("run", str(vault), "--today", START.isoformat())
        _known_journal_bug(proc)
        _check_failed_run(proc, before, vault, where)
        filler.unlink()
        assert journal_ok(vault) == "ok", where  # (SQLite itself needs room to open it)
        assert_clean(vg("run", str(vault), "--today", START.isoformat()))
        again = vg("run", str(vault), "--today", START.isoformat())
        assert_clean(again)
        assert "nothing written" in again.stdout, (where, again.stdout)
        assert tree(vault) == expected, f"{where}: the vault did not converge"
        shutil.rmtree(vault)


@pytest.mark.parametrize("fsize", [1024, 4096, 20_000, 34_000, 40_000])
def test_file_size_limit_efbig_is_a_clear_error_then_recovers(
    tmp_path: Path, fsize: int
) -> None:
    """The portable stand-in for a full disk: RLIMIT_FSIZE makes any write past `fsize` bytes
    fail with EFBIG (the journal's SQLite files are hit too, at some sizes)."""
    expected = _reference(tmp_path)
    vault = _prepared_vault(tmp_path / "vault")
    before = tree(vault)
    proc = vg("run", str(vault), "--today", START.isoformat(),
              preexec=limits(memory=None, fsize=fsize))
    _known_journal_bug(proc)
    _check_failed_run(proc, before, vault, f"fsize={fsize}")
    assert journal_ok(vault) == "ok"
    assert_clean(vg("run", str(vault), "--today", START.isoformat()))
    again = vg("run", str(vault), "--today", START.isoformat())
    assert "nothing written" in again.stdout
    assert tree(vault) == expected


# --------------------------------------------------------------------------- blocked folder


@pytest.mark.parametrize("blocked", ["Reviews", "Celebrations"])
def test_a_file_where_a_folder_must_go_is_a_clear_error_then_recovers(
    tmp_path: Path, blocked: str
) -> None:
    """Root ignores chmod, so 'read-only folder' is a file of the folder's name: creating the
    folder, or anything in it, fails (ENOTDIR / EEXIST)."""
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault)
    if (vault / blocked).is_dir():  # (the sample keeps last week's review in Reviews/)
        shutil.rmtree(vault / blocked)
    (vault / blocked).write_text("my own file, named like the folder\n", encoding="utf-8")
    before = tree(vault)
    proc = vg("run", str(vault), "--today", START.isoformat())
    assert_clean(proc, 1)
    failed = _not_written_lines(proc.stderr)
    assert failed and all(ln.startswith(f"not written {blocked}/") for ln in failed), proc.stderr
    assert all(len(ln) < 300 for ln in failed)
    now = tree(vault)
    assert now[blocked] == before[blocked]
    assert {r for r in now if now[r] != before.get(r)} <= {
        r for r in now if is_output(r) and not r.startswith(blocked)}
    (vault / blocked).unlink()
    assert_clean(vg("run", str(vault), "--today", START.isoformat()))
    assert (vault / blocked).is_dir() and any((vault / blocked).iterdir())
    again = vg("run", str(vault), "--today", START.isoformat())
    assert "nothing written" in again.stdout


def test_watcher_survives_a_blocked_reviews_folder(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault)
    shutil.rmtree(vault / "Reviews")  # (the sample keeps last week's review there)
    (vault / "Reviews").write_text("in the way\n", encoding="utf-8")
    log = tmp_path / "watch.log"
    proc = _start_watcher(vault, log)
    try:

        def logged(what: str) -> Callable[[], bool]:
            return lambda: what in (log.read_text(encoding="utf-8") if log.exists() else "")

        wait_until(logged("ERROR not written"), "the watcher to report the blocked review")
        assert proc.poll() is None, "the watcher died on a blocked Reviews path"
        assert (vault / "Reviews").read_text(encoding="utf-8") == "in the way\n"
        (vault / "Reviews").unlink()
        with open(vault / "Daily/2026-11-20.md", "a", encoding="utf-8") as fh:
            fh.write("- [x] unblocked the reviews folder ✅ 2026-11-20\n")
        wait_until((vault / "Reviews/2026-W47.md").is_file, "the review once unblocked")
        assert proc.poll() is None
        text = (vault / "Reviews/2026-W47.md").read_text(encoding="utf-8")
        assert scan_regions(text).problems == () and "## Reflection" in text
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=DEADLINE)
    assert "Traceback" not in err
