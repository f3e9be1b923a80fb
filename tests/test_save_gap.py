"""A save in progress is not a deleted review.

Many editors save by truncating the file and then writing it. A run that reads the note in
that gap sees an empty file (or one cut off inside a generated section). Writing a fresh
template then replaces the file under the editor, whose write lands in the replaced copy:
the user's text is gone. These tests hold the gap open (the file truncated, the editor's
descriptor still open), run vaultgoals, then finish the save, and check nothing was lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import cli, wait_until

TODAY = "2026-11-20"
REVIEW = "Reviews/2026-W47.md"
REFLECTION = "\n## My reflection\n\nA hard week, but I kept going. Next week: rest more.\n"


def _run(vault: Path) -> subprocess.CompletedProcess[str]:
    return cli("run", str(vault), "--today", TODAY)


@contextmanager
def editor_saving(path: Path, keep: int = 0) -> Iterator[int]:
    """Truncate `path` (keeping its first `keep` bytes) as an editor starting a save does,
    and yield its open descriptor: the rest of the save is written through it after."""
    fd = os.open(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, keep)
        os.lseek(fd, keep, os.SEEK_SET)
        yield fd
    finally:
        os.close(fd)


def _user_edits_the_review(vault: Path, rel: str = REVIEW) -> bytes:
    path = vault / rel
    text = path.read_bytes() + REFLECTION.encode()
    path.write_bytes(text)
    return text


@pytest.mark.parametrize("keep", ["nothing", "up to the middle of a region"])
def test_a_run_during_a_save_leaves_the_note_alone(sample_copy: Path, keep: str) -> None:
    assert _run(sample_copy).returncode == 0
    saved = _user_edits_the_review(sample_copy)
    # "nothing": the moment after the truncate; else the first of several writes has landed,
    # ending a few characters into a generated section's text
    begin = saved.index(b"vaultgoals:begin", len(saved) // 3)
    cut = 0 if keep == "nothing" else saved.index(b"\n", begin) + 5
    path = sample_copy / REVIEW
    with editor_saving(path, cut) as fd:
        proc = _run(sample_copy)
        assert path.read_bytes() == saved[:cut], "vaultgoals wrote into a note being saved"
        assert proc.returncode == 1
        assert "as while an editor is saving" in proc.stderr
        assert "Traceback" not in proc.stderr
        os.write(fd, saved[cut:])  # the editor finishes its save
    assert path.read_bytes() == saved
    assert _run(sample_copy).returncode == 0  # the next run updates it as usual
    assert REFLECTION.encode() in path.read_bytes()


def test_a_save_gap_in_weekly_note_mode_loses_nothing(sample_copy: Path) -> None:
    (sample_copy / ".vaultgoals.yaml").write_text("reviews:\n  into_weekly_note: true\n")
    first = _run(sample_copy)
    assert first.returncode == 0
    rel = next(line.split(None, 1)[1] for line in first.stdout.splitlines()
               if line.startswith("wrote") and "W4" in line and line.endswith(".md"))
    weekly = sample_copy / rel
    saved = _user_edits_the_review(sample_copy, rel)
    with editor_saving(weekly) as fd:
        proc = _run(sample_copy)
        assert weekly.read_bytes() == b""
        assert proc.returncode == 1, proc.stderr
        os.write(fd, saved)
    assert weekly.read_bytes() == saved
    assert _run(sample_copy).returncode == 0
    assert REFLECTION.encode() in weekly.read_bytes()


def test_the_wins_log_caught_mid_save_is_left_alone(sample_copy: Path) -> None:
    assert _run(sample_copy).returncode == 0
    log = sample_copy / "Wins log.md"
    saved = log.read_bytes() + b"\nMy own note about these wins.\n"
    log.write_bytes(saved)
    with editor_saving(log) as fd:
        _run(sample_copy)
        assert log.read_bytes() == b""
        os.write(fd, saved)
    assert _run(sample_copy).returncode == 0
    assert b"My own note about these wins." in log.read_bytes()


def test_a_note_emptied_on_purpose_is_rebuilt_once_the_gap_is_over(sample_copy: Path) -> None:
    assert _run(sample_copy).returncode == 0
    path = sample_copy / REVIEW
    path.write_bytes(b"")
    old = time.time() - 3600  # emptied an hour ago: no editor is still saving it
    os.utime(path, (old, old))
    assert _run(sample_copy).returncode == 0
    assert b"vaultgoals:begin" in path.read_bytes()


def test_an_empty_note_vaultgoals_never_wrote_is_filled_as_before(sample_copy: Path) -> None:
    (sample_copy / "Reviews").mkdir(exist_ok=True)  # (the sample has last week's review)
    (sample_copy / REVIEW).write_bytes(b"")
    assert _run(sample_copy).returncode == 0
    assert b"vaultgoals:begin" in (sample_copy / REVIEW).read_bytes()


def test_the_watcher_waits_out_a_save_and_keeps_the_users_text(sample_copy: Path) -> None:
    assert _run(sample_copy).returncode == 0
    saved = _user_edits_the_review(sample_copy)
    log = sample_copy.parent / "watch.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "vaultgoals", "watch", str(sample_copy), "--today", TODAY,
         "--debounce", "0.2", "--log-file", str(log)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: log.exists() and "watching" in log.read_text(), "the watcher")
        path = sample_copy / REVIEW
        other = next((sample_copy / "Goals").glob("*.md"))
        with editor_saving(path) as fd:
            # On Linux the watcher hears a note when it is closed, so the truncate alone does
            # not wake it; another note saved meanwhile (or a sync client) does, and the
            # pass it starts finds the review half saved.
            other.write_text(other.read_text() + "\nA line written during the save.\n")
            wait_until(lambda: "as while an editor is saving" in log.read_text(),
                       "the watcher to notice the save in progress")
            assert path.read_bytes() == b""
            os.write(fd, saved)
        assert path.read_bytes() == saved  # the editor's write landed in the real note
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(30)
