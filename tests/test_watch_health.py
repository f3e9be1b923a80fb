"""A watcher that cannot go blind, and that stops when its vault goes away (issue #12).

Real observers on real temporary vaults, real `vaultgoals watch` processes. Every wait is
bounded ("until the condition holds, or fail after a generous deadline"); nothing asserts
how fast something happened.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from tests.conftest import ROOT, cli, wait_until, write_vault
from tests.test_watch import (
    DAILY,
    REVIEW,
    SMALL_VAULT,
    TODAY,
    Running,
    read,
    save_atomic,
    start_cli,
    wins_count,
)
from vaultgoals.app.changes import CANARY
from vaultgoals.app.watch import EXIT_VAULT_GONE
from vaultgoals.app.watchguard import VaultFolder

# watchdog 7.1 warns while it re-homes the watches of a moved folder; harmless
pytestmark = pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")

DEPTH = 1500  # deeper than Python's recursion limit: watchdog's recursive walks die on it


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", SMALL_VAULT)


def deep_tree(parent: Path, depth: int = DEPTH) -> None:
    """`parent/d/d/…/d`, `depth` levels, made one level at a time through directory
    descriptors (a single path that long would pass PATH_MAX on the way down)."""
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
    finally:
        os.close(fd)


def remove_deep_tree(top: Path) -> None:
    """rmtree recurses too: unlink from the bottom up, through descriptors."""
    fds = [os.open(top, os.O_RDONLY | os.O_DIRECTORY)]
    try:
        while True:
            try:
                fds.append(os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
            except FileNotFoundError:
                break
        while len(fds) > 1:
            os.close(fds.pop())
            os.rmdir("d", dir_fd=fds[-1])
    finally:
        for fd in fds:
            os.close(fd)
    top.rmdir()


def add_win(vault: Path, text: str) -> None:
    save_atomic(vault / "Daily/2026-11-19.md",
                DAILY + f"- [x] {text} [[Learn Go]] ✅ 2026-11-19\n")


# -- point 5: a dead or deaf observer is noticed and replaced -------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify")
@pytest.mark.slow
@pytest.mark.parametrize("made", ["inside", "moved in"])
def test_a_deep_folder_tree_does_not_blind_the_watcher(small: Path, tmp_path: Path,
                                                       made: str) -> None:
    """1,500 nested folders kill watchdog's inotify reader (RecursionError: its walk of a
    new folder recurses) and make both watchdog observers fail to start again; the watcher
    notices, says so once, keeps following the vault and reflects the next edit. Made
    inside the vault, the reader dies when it falls behind the mkdirs (it always did here);
    moved in at once, it always dies."""
    with Running(small, poll_seconds=0.2) as run:
        run.idle()
        assert run.watcher.mode.startswith("native")
        if made == "inside":
            (small / "Deep").mkdir()
            deep_tree(small / "Deep")
        else:
            (tmp_path / "Deep").mkdir()
            deep_tree(tmp_path / "Deep")
            os.rename(tmp_path / "Deep", small / "Deep")
        add_win(small, "After the deep tree")
        wait_until(lambda: wins_count(small) == 2, "the edit after the deep tree", 60)
        run.idle()
        add_win(small, "And the one after that")
        wait_until(lambda: "And the one after that" in read(small / REVIEW), "a second edit")
        log = run.log()
        warnings = log.count("WARNING file watching")
        assert warnings == 1 or (made == "inside" and warnings == 0), log
        assert "Traceback" not in log, log
        assert run.watcher.failures == 0
    remove_deep_tree(small / "Deep")


@pytest.mark.skipif(sys.platform == "win32", reason="mkdir(dir_fd=…)")
def test_a_deep_folder_tree_before_the_start(small: Path) -> None:
    """Neither watchdog observer starts on such a vault: the watcher scans it itself."""
    (small / "Deep").mkdir()
    deep_tree(small / "Deep")
    with Running(small, poll_seconds=0.2) as run:
        add_win(small, "Seen by the scan")
        wait_until(lambda: wins_count(small) == 2, "the edit", 60)
        if run.watcher.mode.startswith("scanning"):
            assert "comparing the notes' sizes and modification times" in run.log()
        assert "Traceback" not in run.log()
    remove_deep_tree(small / "Deep")


def test_a_deaf_observer_is_found_by_the_canary(small: Path) -> None:
    """An observer whose threads are all alive but which reports nothing (here: one that
    polls once an hour) fails the canary: restarted once, then replaced by polling."""
    def deaf() -> BaseObserver:
        return PollingObserver(timeout=3600)

    with Running(small, native_factory=deaf, poll_seconds=0.2, canary_seconds=0.5,
                 canary_timeout=1.0) as run:
        wait_until(lambda: run.watcher.mode.startswith("polling"), "the switch to polling", 60)
        add_win(small, "Heard by polling")
        wait_until(lambda: wins_count(small) == 2, "polling to see the edit")
        log = run.log()
        assert "file watching stopped reporting changes" in log, log
        assert "Traceback" not in log, log


def test_the_canary_is_not_a_vault_change(small: Path) -> None:
    """The canary file is heard, but it is never read as a note and never starts a pass."""
    with Running(small, canary_seconds=0.2, canary_timeout=5.0) as run:
        run.idle()
        passes = run.watcher.passes
        heard = run.watcher.changes.canary_heard
        for _ in range(3):
            wait_until(lambda h=heard: run.watcher.changes.canary_heard > h, "a canary event")
            heard = run.watcher.changes.canary_heard
        assert (small / CANARY).is_file()
        assert run.watcher.passes == passes
        assert not run.watcher.changes.pending()
        assert not any(".vaultgoals" in d for d in run.watcher.job.pipe.index.docs)
        assert "WARNING" not in run.log()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify")
def test_running_out_of_watches_later_falls_back_to_polling(small: Path) -> None:
    """The inotify watch limit reached after the start (a big folder tree added): the same
    fallback as at the start, with the same advice. (The limit itself is shared by every
    process of the user, so the test does not lower it: it sends watchdog's own report.)"""
    with Running(small, poll_seconds=0.2) as run:
        run.idle()
        assert run.watcher.mode.startswith("native")
        logging.getLogger("watchdog.observers.inotify").warning(
            "Unable to watch %r: %s", os.fsencode(small / "Big"),
            OSError(28, "inotify watch limit reached"))
        wait_until(lambda: run.watcher.mode.startswith("polling"), "the switch to polling")
        add_win(small, "Seen by polling")
        wait_until(lambda: wins_count(small) == 2, "polling to see the edit")
        log = run.log()
        assert "sudo sysctl fs.inotify.max_user_watches=524288" in log, log


def _userns_watch_limit(limit: int) -> list[str] | None:
    """A command prefix that runs a program in a user namespace of its own with at most
    `limit` inotify watches (a per-namespace limit: nothing else on the machine is
    touched), or None where user namespaces are not available."""
    if shutil.which("unshare") is None:
        return None
    prefix = ["unshare", "--user", "--map-root-user", "sh", "-c",
              f'echo {limit} > /proc/sys/user/max_inotify_watches && exec "$0" "$@"']
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return prefix if probe.returncode == 0 else None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify")
def test_running_out_of_watches_for_real(small: Path, tmp_path: Path) -> None:
    """The same, with the kernel's own limit: `vaultgoals watch` in a user namespace that
    allows 64 watches, then 200 new folders."""
    prefix = _userns_watch_limit(64)
    if prefix is None:
        pytest.skip("no user namespaces here (unshare)")
    log = tmp_path / "watch.log"
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        [*prefix, sys.executable, "-m", "vaultgoals", "watch", str(small), "--today",
         TODAY.isoformat(), "--debounce", "0.2", "--log-file", str(log)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        wait_until(lambda: "INFO watching" in read(log) or proc.poll() is not None,
                   "the watcher to start", 60)
        assert "native" in read(log) and proc.poll() is None, (read(log), proc.poll())
        for i in range(200):
            write_vault(small, {f"Big/f{i:03d}/note.md": "# A note\n"})
        wait_until(lambda: "max_user_watches" in read(log), "the fallback to polling", 60)
        (small / "Big/f199/note.md").write_text(
            "- [x] Deep in the big tree [[Learn Go]] ✅ 2026-11-19\n", encoding="utf-8")
        wait_until(lambda: wins_count(small) == 2, "the edit in an unwatched folder", 60)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=60)
    assert proc.returncode == 0, (out, err)
    text = read(log)
    assert "sudo sysctl fs.inotify.max_user_watches=524288" in text, text
    assert text.count("WARNING") == 1, text


# -- point 6: the vault deleted, renamed away or swapped for a symlink ----------------------

def snapshot_all(root: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = path.read_bytes() if path.is_file() else None
    return out


def _delete(vault: Path, other: Path) -> None:
    shutil.rmtree(vault)


def _rename(vault: Path, other: Path) -> None:
    os.rename(vault, vault.with_name("renamed-away"))


def _symlink(vault: Path, other: Path) -> None:
    os.rename(vault, vault.with_name("moved-aside"))
    os.symlink(other, vault, target_is_directory=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX renames of an open folder")
@pytest.mark.parametrize(("how", "says"), [
    (_delete, "no longer exists"),
    (_rename, "no longer exists"),
    (_symlink, "now leads to another folder"),
])
def test_vault_gone_stops_with_its_own_exit_code(small: Path, tmp_path: Path, how: Any,
                                                 says: str) -> None:
    other = write_vault(tmp_path / "other", {
        "Goals/Other goal.md": "---\ntype: goal\ntitle: Other goal\n---\n"
                               "- [x] done ✅ 2026-11-19\n",
        "Daily/2026-11-19.md": "- [x] other work [[Other goal]] ✅ 2026-11-19\n",
    })
    before = snapshot_all(other)
    log = tmp_path / "watch.log"
    proc = start_cli(small, log)
    try:
        wait_until(lambda: "INFO watching" in read(log) or proc.poll() is not None,
                   "the watcher to start", 60)
        assert proc.poll() is None, proc.communicate()
        how(small, other)
        if how is _symlink:  # a change seen through the swapped path must not be followed
            save_atomic(other / "Daily/2026-11-19.md",
                        "- [x] more other work [[Other goal]] ✅ 2026-11-19\n")
            before = snapshot_all(other)
        wait_until(lambda: proc.poll() is not None, "the watcher to stop", 60)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=60)
    assert proc.returncode == EXIT_VAULT_GONE == 3, (out, err, read(log))
    text = read(log)
    assert says in text, text
    assert "Traceback" not in text + err, (text, err)
    assert snapshot_all(other) == before, "something was written into the other folder"


def test_a_missing_vault_at_the_start_is_the_same_exit_code(tmp_path: Path) -> None:
    """So that a service manager keeps restarting the watcher until the vault (a drive
    mounted later, say) is back, rather than giving up as after bad usage (exit 2)."""
    log = tmp_path / "watch.log"
    proc = cli("watch", str(tmp_path / "not yet mounted"), "--log-file", str(log), timeout=60)
    assert proc.returncode == EXIT_VAULT_GONE, proc.stderr
    assert proc.stderr.strip() == f"vaultgoals: vault '{tmp_path / 'not yet mounted'}' " \
                                  "does not exist"
    assert "ERROR vault '" in read(log)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks to folders")
def test_the_canary_is_never_written_through_a_swapped_path(tmp_path: Path) -> None:
    vault, other = tmp_path / "vault", tmp_path / "other"
    vault.mkdir()
    other.mkdir()
    folder = VaultFolder(vault)
    folder.open()
    folder.rewrite(CANARY, b"1\n")
    assert (vault / CANARY).read_bytes() == b"1\n" and folder.gone() == ""
    os.rename(vault, tmp_path / "aside")
    assert folder.gone().startswith("no longer exists")
    os.symlink(other, vault, target_is_directory=True)
    assert folder.gone().startswith("now leads to another folder")
    with pytest.raises(OSError):
        folder.rewrite(CANARY, b"2\n")
    assert list(other.iterdir()) == []
    assert (tmp_path / "aside" / CANARY).read_bytes() == b"1\n"
