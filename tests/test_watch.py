"""`vaultgoals watch` with real watchdog observers on real temporary vaults.

No timed assertions: every wait is "until the condition holds, or fail after a generous
deadline". The only fixed wait is the 10-second settle window, which is the property
itself ("after one change, a bounded number of writes and then none for 10 s").
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from watchdog.observers.api import BaseObserver

from tests.conftest import ROOT, SAMPLE, cli, wait_until, write_vault
from vaultgoals.app.changes import ChangeSet
from vaultgoals.app.watch import Watcher
from vaultgoals.core.notepaths import classify
from vaultgoals.store.settings import load_config

# watchdog 7.1 warns while it re-homes the watches of a moved folder; harmless
pytestmark = pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")

TODAY = date(2026, 11, 20)
REVIEW = "Reviews/2026-W47.md"

GOAL = """---
type: goal
title: Learn Go
deadline: 2026-12-31
---
# Learn Go

## Milestones
- [x] Set up the toolchain ✅ 2026-11-18
- [ ] Finish the tour
    - [x] Basics ✅ 2026-11-02
    - [ ] Concurrency
- [ ] Build a CLI
"""
DAILY = """# Thursday

- [x] Read chapter 3 [[Learn Go]] ✅ 2026-11-19
"""
SMALL_VAULT: dict[str, str | bytes] = {
    ".obsidian/daily-notes.json": '{"folder": "Daily", "format": "YYYY-MM-DD"}',
    "Goals/Learn Go.md": GOAL,
    "Daily/2026-11-19.md": DAILY,
    "Start here.md": "# Start here\n\nJust a note.\n",
}


# -- helpers -------------------------------------------------------------------------------



def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def wins_count(vault: Path) -> int | None:
    m = re.search(r"(\d+) tasks? completed this week", read(vault / REVIEW))
    return int(m.group(1)) if m else None


def celebrations(vault: Path) -> list[str]:
    folder = vault / "Celebrations"
    return sorted(p.name for p in folder.glob("*.md")) if folder.is_dir() else []


def progress_rows(vault: Path, title: str) -> int:
    text = read(vault / REVIEW)
    m = re.search(r"begin progress.*?end progress", text, re.S)
    return 0 if m is None else m.group(0).count(f"|{title}]]")


def mtimes(vault: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for path in vault.rglob("*"):
        rel = path.relative_to(vault).as_posix()
        if path.is_file() and not rel.startswith(".vaultgoals/"):
            out[rel] = path.stat().st_mtime_ns
    return out


def temp_leftovers(vault: Path) -> list[str]:
    return [p.as_posix() for p in vault.rglob(".vaultgoals-tmp-*")]


class Running:
    """A Watcher in a thread of this process (signals are only exercised in subprocesses)."""

    def __init__(self, vault: Path, **kwargs: Any) -> None:
        self.vault = vault
        self.logfile = vault.parent / f"{vault.name}-watch.log"
        self.logger = logging.getLogger(f"tests.watch.{id(self)}")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.handler = logging.FileHandler(self.logfile, encoding="utf-8")
        self.handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        self.logger.addHandler(self.handler)
        kwargs.setdefault("today", TODAY)
        kwargs.setdefault("debounce", 0.2)
        self.watcher = Watcher(vault, load_config(vault), log=self.logger, **kwargs)
        self.thread = threading.Thread(target=self.watcher.run, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        assert self.watcher.ready.wait(60), "the first pass did not finish"
        return self

    def __exit__(self, *exc: object) -> None:
        self.watcher.request_stop()
        self.thread.join(60)
        self.logger.removeHandler(self.handler)
        self.handler.close()
        assert not self.thread.is_alive(), "the watcher did not stop"

    def log(self) -> str:
        self.handler.flush()
        return read(self.logfile)

    def idle(self) -> None:
        """Wait until the watcher has nothing pending (its own writes included)."""
        w = self.watcher

        def quiet() -> bool:
            passes = w.passes
            time.sleep(0.5)
            return not w.changes.pending() and w.passes == passes

        wait_until(quiet, "the watcher to become idle")


class RowWatch:
    """Reads the review every few milliseconds: the fewest and most rows a goal ever had
    (a goal lost or doubled even for one pass stays in the file until the next pass)."""

    def __init__(self, vault: Path, title: str) -> None:
        self.vault, self.title = vault, title
        self.seen: set[int] = set()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.wait(0.005):
            self.seen.add(progress_rows(self.vault, self.title))

    def __enter__(self) -> RowWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", SMALL_VAULT)


# -- save styles ---------------------------------------------------------------------------

def save_overwrite(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:  # truncate + write in place
        fh.write(text)


def save_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")  # Obsidian-style temp + rename
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_vim(path: Path, text: str) -> None:
    probe = path.parent / "4913"
    probe.write_bytes(b"")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


SAVES = {"overwrite": save_overwrite, "atomic": save_atomic, "vim": save_vim}


@pytest.mark.parametrize("style", sorted(SAVES))
def test_save_styles(small: Path, style: str) -> None:
    """Each way editors save, on a daily note and then on a goal note."""
    save = SAVES[style]
    with Running(small) as run:
        wait_until(lambda: wins_count(small) == 1, "the first review")
        assert celebrations(small) == ["2026-11-18 Set up the toolchain.md"]
        run.idle()
        with RowWatch(small, "Learn Go") as rows:
            # a daily note: the review counts the new task
            save(small / "Daily/2026-11-19.md",
                 DAILY + "- [x] Write a worker pool [[Learn Go]] ✅ 2026-11-19\n")
            wait_until(lambda: wins_count(small) == 2, "the review to count the new task")
            assert "Write a worker pool" in read(small / REVIEW)
            run.idle()
            # a goal note: checking off a milestone celebrates it exactly once
            save(small / "Goals/Learn Go.md",
                 GOAL.replace("- [ ] Build a CLI", "- [x] Build a CLI ✅ 2026-11-20"))
            wait_until(lambda: "2026-11-20 Build a CLI.md" in celebrations(small),
                       "a celebration for the milestone")
            wait_until(lambda: "Build a CLI" in read(small / REVIEW), "the review to mention it")
            run.idle()
        assert rows.seen == {1}, f"the goal was lost or doubled for a while: {rows.seen}"
        assert celebrations(small) == ["2026-11-18 Set up the toolchain.md",
                                       "2026-11-20 Build a CLI.md"]
        assert set(run.watcher.job.pipe.index.docs) == {
            "Goals/Learn Go.md", "Daily/2026-11-19.md", "Start here.md", REVIEW, "Wins log.md",
            "Reviews/How vaultgoals reads this vault.md",
            "Celebrations/2026-11-18 Set up the toolchain.md",
            "Celebrations/2026-11-20 Build a CLI.md"}
        assert run.watcher.failures == 0
    assert temp_leftovers(small) == []


# -- moves and renames ---------------------------------------------------------------------

@pytest.mark.slow
def test_rename_a_goal_note_and_move_a_folder(small: Path) -> None:
    with Running(small) as run, RowWatch(small, "Learn Go") as rows:
        wait_until(lambda: celebrations(small) == ["2026-11-18 Set up the toolchain.md"],
                   "the first celebration")
        run.idle()
        os.rename(small / "Goals/Learn Go.md", small / "Goals/Learning Go.md")
        wait_until(lambda: "Goals/Learning Go|" in read(small / REVIEW), "the renamed link")
        run.idle()
        assert progress_rows(small, "Learn Go") == 1
        (small / "Archive").mkdir()
        os.rename(small / "Goals", small / "Archive/Goals")
        os.rename(small / "Daily", small / "Archive/Daily")
        wait_until(lambda: "Archive/Goals/Learning Go|" in read(small / REVIEW), "the move")
        run.idle()
        docs = set(run.watcher.job.pipe.index.docs)
        assert {"Archive/Goals/Learning Go.md", "Archive/Daily/2026-11-19.md"} <= docs
        assert not any(d.startswith(("Goals/", "Daily/")) for d in docs), docs
        assert progress_rows(small, "Learn Go") == 1
        assert wins_count(small) == 1
        assert celebrations(small) == ["2026-11-18 Set up the toolchain.md"], "no second one"
        status = json.loads(cli("status", str(small), "--today", TODAY.isoformat(),
                                "--json", check=True).stdout)
        assert [g["title"] for g in status["goals"]] == ["Learn Go"]
        # a folder moved out of the vault: its notes are gone, nothing else is
        shutil.move(str(small / "Archive/Daily"), str(small.parent / "outside-Daily"))
        wait_until(lambda: "Read chapter 3" not in read(small / REVIEW),
                   "the moved-out daily note to be dropped")
        assert progress_rows(small, "Learn Go") == 1
        run.idle()
    assert rows.seen == {1}, f"the goal was lost or doubled for a while: rows seen {rows.seen}"


# -- settling: its own writes cause no more writes -----------------------------------------

@pytest.mark.slow
def test_settles_after_one_change(tmp_path: Path) -> None:
    vault = tmp_path / "sample"
    shutil.copytree(SAMPLE, vault)
    with Running(vault) as run:
        run.idle()
        before = len(run.watcher.written)
        passes = run.watcher.passes
        note = vault / "Daily/2026-11-19.md"
        save_atomic(note, read(note) + "- [x] Settle test task #goal/data ✅ 2026-11-20\n")
        wait_until(lambda: "Settle test task" in read(vault / REVIEW), "the review update")
        # Observe the whole vault for 10 quiet seconds (restarting the window on any write).
        end = time.monotonic() + 60
        while True:
            snap, count = mtimes(vault), len(run.watcher.written)
            time.sleep(10)
            if mtimes(vault) == snap and len(run.watcher.written) == count:
                break
            assert time.monotonic() < end, "the watcher kept writing"
        writes = run.watcher.written[before:]
        assert 1 <= len(writes) <= 3, writes  # the review (and at most a re-count)
        assert run.watcher.passes >= passes + 2, "its own writes came back and were re-read"
        assert "updated Reviews/2026-W47.md (" in run.log()


# -- bursts ----------------------------------------------------------------------------------

def burst(vault: Path, n: int) -> None:
    folder = vault / "Burst"
    folder.mkdir()
    for i in range(n):
        (folder / f"b{i:05d}.md").write_text(
            f"- [x] burst task {i} [[Learn Go]] ✅ 2026-11-19\n", encoding="utf-8")


def test_burst_of_2000_files(small: Path) -> None:
    with Running(small, debounce=0.5) as run:
        run.idle()
        burst(small, 2000)
        wait_until(lambda: wins_count(small) == 2001, "all 2,000 tasks in the review", 120)
        assert sum(1 for d in run.watcher.job.pipe.index.docs if d.startswith("Burst/")) == 2000
    shutil.rmtree(small / "Burst")  # keeps pytest's later clean-up of old tmp dirs cheap


@pytest.mark.slow
@pytest.mark.slow
def test_burst_of_20000_files(small: Path) -> None:
    with Running(small, debounce=0.5) as run:
        run.idle()
        burst(small, 20_000)
        wait_until(lambda: wins_count(small) == 20_001, "all 20,000 tasks in the review", 300)
        run.idle()
        assert wins_count(small) == 20_001
    shutil.rmtree(small / "Burst")


# -- robustness ------------------------------------------------------------------------------

def test_broken_notes_do_not_stop_it(small: Path) -> None:
    write_vault(small, {
        "Bad/binary.md": bytes(range(256)) * 40,
        "Bad/yaml.md": "---\ntitle: [unclosed\nparent: [[Goal]]\n---\n- [x] odd ✅ 2026-11-19\n",
        "Bad/latin1.md": "caf\xe9 - [x] x\n".encode("latin-1"),
        "Bad/empty.md": b"",
        "Bad/folder.md/inner.md": "- [x] nested in a folder named .md [[Learn Go]] ✅ 2026-11-19\n",
    })
    locked = small / "Bad/locked.md"
    locked.write_text("- [x] secret [[Learn Go]] ✅ 2026-11-19\n", encoding="utf-8")
    locked.chmod(0)
    if hasattr(os, "mkfifo"):
        os.mkfifo(small / "Bad/fifo.md")
    try:
        with Running(small) as run:
            run.idle()
            base = wins_count(small)
            assert base is not None
            # more junk while it runs, then a good change: still updating
            (small / "Bad/binary2.md").write_bytes(os.urandom(5000))
            (small / "Bad/yaml.md").write_text("---\n: : :\n---\n- [x] odd ✅ 2026-11-19\n",
                                              encoding="utf-8")
            save_atomic(small / "Daily/2026-11-19.md",
                        DAILY + "- [x] Still counted [[Learn Go]] ✅ 2026-11-19\n")
            wait_until(lambda: wins_count(small) == base + 1, "the good note to count")
            # a note that vanishes right after its event (deleted mid-read)
            gone = small / "Daily/2026-11-18.md"
            gone.write_text("- [x] fleeting [[Learn Go]] ✅ 2026-11-18\n", encoding="utf-8")
            gone.unlink()
            save_atomic(small / "Daily/2026-11-19.md", DAILY)
            wait_until(lambda: wins_count(small) == base, "the review to follow again")
            assert run.thread.is_alive()
    finally:
        locked.chmod(0o644)


def test_write_errors_are_retried(small: Path) -> None:
    (small / REVIEW).mkdir(parents=True)  # a folder where the review should go
    with Running(small, retry_seconds=0.5) as run:
        wait_until(lambda: "not written" in run.log() or "update failed" in run.log(),
                   "the write error in the log")
        (small / REVIEW).rmdir()
        wait_until(lambda: wins_count(small) == 1, "the retried write")
        assert run.thread.is_alive()


def test_an_exception_in_a_pass_is_logged_and_retried(small: Path) -> None:
    with Running(small, retry_seconds=0.5) as run:
        run.idle()
        job = run.watcher.job
        real_once = job.once
        calls = {"n": 0}

        def flaky(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 1:
                raise PermissionError(errno.EACCES, "Permission denied", "Daily/x.md")
            return real_once(*args, **kwargs)

        job.once = flaky  # type: ignore[method-assign]
        save_overwrite(small / "Daily/2026-11-19.md",
                       DAILY + "- [x] After a failure [[Learn Go]] ✅ 2026-11-19\n")
        wait_until(lambda: wins_count(small) == 2, "the retry to succeed")
        log = run.log()
        assert "update failed at Daily/x.md (PermissionError" in log
        assert run.watcher.failures == 1 and run.thread.is_alive()


def test_dead_observer_is_restarted_with_a_rescan(small: Path) -> None:
    with Running(small) as run:
        run.idle()
        full = run.watcher.full_passes
        observer = run.watcher.observer
        assert observer is not None
        observer.stop()  # as if its thread had died
        wait_until(lambda: run.watcher.observer is not observer
                   and run.watcher.full_passes > full, "a restart and a rescan")
        save_atomic(small / "Daily/2026-11-19.md",
                    DAILY + "- [x] After the restart [[Learn Go]] ✅ 2026-11-19\n")
        wait_until(lambda: wins_count(small) == 2, "the restarted observer to see a change")
        assert "file watching stopped unexpectedly" in run.log()


def test_lost_events_lead_to_a_full_rescan(small: Path) -> None:
    with Running(small) as run:
        run.idle()
        full = run.watcher.full_passes
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost")
        wait_until(lambda: run.watcher.full_passes > full, "a full rescan")
        assert "rescanning the whole vault" in run.log()


def test_watch_limit_falls_back_to_polling_with_advice(small: Path) -> None:
    def no_watches() -> BaseObserver:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    with Running(small, native_factory=no_watches, poll_seconds=0.2) as run:
        run.idle()
        assert run.watcher.mode.startswith("polling")
        log = run.log()
        assert "sudo sysctl fs.inotify.max_user_watches=524288" in log
        assert "/etc/sysctl.d/" in log
        save_vim(small / "Daily/2026-11-19.md",
                 DAILY + "- [x] Seen by polling [[Learn Go]] ✅ 2026-11-19\n")
        wait_until(lambda: wins_count(small) == 2, "polling to see the change")


def test_settings_change_is_picked_up(small: Path) -> None:
    with Running(small) as run:
        wait_until(lambda: (small / REVIEW).exists(), "the first review")
        run.idle()
        (small / ".vaultgoals.yaml").write_text("reviews:\n  folder: Weekly reviews\n",
                                                encoding="utf-8")
        wait_until(lambda: (small / "Weekly reviews/2026-W47.md").exists(), "the new folder")


# -- pure parts ------------------------------------------------------------------------------

@pytest.mark.parametrize(("rel", "is_dir", "kind"), [
    ("Goals/a.md", False, "note"),
    ("Goals/A.MD", False, "note"),
    ("Goals", True, "dir"),
    ("Goals/.a.md.swp", False, None),
    ("Goals/a.md~", False, None),
    ("Goals/4913", False, None),
    ("Goals/.#a.md", False, None),
    ("Goals/.vaultgoals-tmp-0123.tmp", False, None),
    (".vaultgoals/state.db", False, None),
    (".obsidian/workspace.json", False, None),
    (".trash/old.md", False, None),
    (".obsidian", True, None),
    (".vaultgoals.yaml", False, "config"),
    (".obsidian/daily-notes.json", False, "config"),
    ("Goals/a.txt", False, None),
    ("Templates/t.md", False, None),
])
def test_classify(rel: str, is_dir: bool, kind: str | None) -> None:
    assert classify(rel, is_dir, ("Templates/",)) == kind


def test_changeset_coalesces_and_bounds(tmp_path: Path) -> None:
    changes = ChangeSet(tmp_path, limit=10)
    for _ in range(3):
        changes.push(str(tmp_path / "a.md"), False)
    changes.push(str(tmp_path / "sub"), True)
    changes.push("/elsewhere/b.md", False)
    batch = changes.take()
    assert batch.notes == {"a.md"} and batch.dirs == {"sub"} and not batch.rescan
    for i in range(11):
        changes.push(str(tmp_path / f"n{i}.md"), False)
    batch = changes.take()
    assert batch.rescan and not batch.notes, "past the bound: forget paths, rescan"
    assert not changes.pending()


# -- the real CLI: lock, signals ---------------------------------------------------------------

def start_cli(vault: Path, log: Path, debounce: str = "0.2") -> subprocess.Popen[str]:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "vaultgoals", "watch", str(vault), "--today", TODAY.isoformat(),
         "--debounce", debounce, "--log-file", str(log)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)


@pytest.fixture
def cli_watcher(small: Path, tmp_path: Path,
                request: pytest.FixtureRequest) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    log = tmp_path / "cli-watch.log"
    proc = start_cli(small, log, getattr(request, "param", "0.2"))
    try:
        wait_until(lambda: "INFO watching" in read(log) or proc.poll() is not None,
                   "the CLI watcher to start", 60)
        assert proc.poll() is None, proc.communicate()
        yield proc, log
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=60)


def test_second_watcher_is_refused(small: Path, cli_watcher: tuple[Any, Path]) -> None:
    proc, _ = cli_watcher
    second = cli("watch", str(small), "--today", TODAY.isoformat(), timeout=60)
    assert second.returncode == 2
    assert f"another vaultgoals is already watching {small} (pid {proc.pid} on " in second.stderr
    lock = json.loads((small / ".vaultgoals/lock").read_text(encoding="utf-8"))
    assert lock["pid"] == proc.pid and lock["command"] == "watch"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("cli_watcher", ["0.02"], indirect=True)  # passes run mid-burst
def test_sigterm_during_a_burst_exits_cleanly(small: Path, cli_watcher: tuple[Any, Path]) -> None:
    proc, log = cli_watcher
    writer = threading.Thread(target=burst, args=(small, 4000))
    writer.start()
    try:
        wait_until(lambda: "updated Reviews/2026-W47.md" in read(log) or not writer.is_alive(),
                   "a pass during the burst", 60)
        proc.send_signal(signal.SIGTERM)
    finally:
        writer.join(120)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, (out, err)
    assert "stopped watching" in read(log)
    assert not (small / ".vaultgoals/lock").exists()
    assert temp_leftovers(small) == []
    for rel in [REVIEW, "Wins log.md", *(f"Celebrations/{c}" for c in celebrations(small))]:
        text = read(small / rel)
        assert text.count("vaultgoals:begin") == text.count("vaultgoals:end") > 0, rel
    assert read(small / REVIEW).rstrip().endswith("What will I change next week?")
    # and the vault is free for the next run
    again = cli("run", str(small), "--today", TODAY.isoformat(), timeout=120)
    assert again.returncode == 0, again.stderr
    shutil.rmtree(small / "Burst")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_watch_status_tells_whether_a_watcher_runs(small: Path,
                                                   cli_watcher: tuple[Any, Path]) -> None:
    """`watch --status` (#18 point 6): running, since when, its last pass and last error;
    after it stops, that none runs and how the last one ended."""
    proc, _ = cli_watcher
    running = cli("watch", str(small), "--status", timeout=60)
    assert running.returncode == 0, running.stderr
    assert f"a watcher is running for {small}: pid {proc.pid} on " in running.stdout
    assert "ago)" in running.stdout and "listening: native" in running.stdout
    assert ": start; 1 pass" in running.stdout and "last error: none" in running.stdout
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    stopped = cli("watch", str(small), "--status", timeout=60)
    assert stopped.returncode == 1, stopped.stderr
    assert f"no watcher is running for {small}" in stopped.stdout
    assert f"last watcher: pid {proc.pid} on " in stopped.stdout
    assert "(stopped)" in stopped.stdout
