"""The vault lock: one writer per vault, stale locks taken over, foreign hosts respected."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vaultgoals.cli.watchstatus import status_lines
from vaultgoals.store import lock as lock_mod
from vaultgoals.store.lock import FOREIGN_STALE_SECONDS, LockHeld, VaultLock

ROOT = Path(__file__).resolve().parent.parent


def lock_file(vault: Path) -> Path:
    return vault / ".vaultgoals" / "lock"


def write_lock(vault: Path, **fields: object) -> Path:
    path = lock_file(vault)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"pid": 1, "host": lock_mod._hostname(), "started": "2026-11-20T08:00:00+00:00",
            "command": "watch", "token": "theirs"}
    data.update(fields)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def hold_in_subprocess(vault: Path) -> subprocess.Popen[str]:
    """A separate process that takes the lock, says 'held', and waits for stdin to close."""
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from vaultgoals.store.lock import VaultLock
        with VaultLock(Path({str(vault)!r}), command="watch"):
            print("held", flush=True)
            sys.stdin.read()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_acquire_writes_json_and_release_removes_it(tmp_path: Path) -> None:
    with VaultLock(tmp_path, command="run") as lk:
        data = json.loads(lock_file(tmp_path).read_text(encoding="utf-8"))
        assert data["pid"] == os.getpid()
        assert data["host"] == lock_mod._hostname()
        assert data["command"] == "run"
        assert data["started"] and data["token"] == lk.token
        assert lk.held
    assert not lock_file(tmp_path).exists()


def test_reentrant_within_one_process(tmp_path: Path) -> None:
    outer = VaultLock(tmp_path, command="watch")
    outer.acquire()
    with VaultLock(tmp_path, command="run"):  # e.g. Job.once under a watcher
        assert lock_file(tmp_path).exists()
    assert lock_file(tmp_path).exists(), "the inner release must not drop the outer lock"
    outer.release()
    assert not lock_file(tmp_path).exists()


def test_live_holder_in_another_process_is_respected(tmp_path: Path) -> None:
    proc = hold_in_subprocess(tmp_path)
    try:
        with pytest.raises(LockHeld) as info:
            VaultLock(tmp_path).acquire()
        assert info.value.holder is not None and info.value.holder.pid == proc.pid
        message = str(info.value)
        assert f"another vaultgoals is already watching {tmp_path}" in message
        assert f"pid {proc.pid} on {lock_mod._hostname()}" in message
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=20)
    assert not lock_file(tmp_path).exists()
    with VaultLock(tmp_path):  # free again
        pass


def test_wait_retries_until_the_holder_is_gone(tmp_path: Path) -> None:
    proc = hold_in_subprocess(tmp_path)
    assert proc.stdin is not None
    proc.stdin.close()  # the holder exits now; a waiting acquire gets the lock
    lk = VaultLock(tmp_path, wait=20)
    lk.acquire()
    lk.release()
    proc.wait(timeout=20)


def test_stale_lock_of_a_dead_pid_is_taken_over(tmp_path: Path) -> None:
    pid = dead_pid()
    write_lock(tmp_path, pid=pid)
    with VaultLock(tmp_path) as lk:
        assert any(f"pid {pid}" in n and "gone" in n for n in lk.notices), lk.notices
        assert json.loads(lock_file(tmp_path).read_text(encoding="utf-8"))["pid"] == os.getpid()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_reused_pid_is_recognised_by_its_start_time(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        write_lock(tmp_path, pid=sleeper.pid, proc_start="1")  # not that process's start
        with VaultLock(tmp_path) as lk:
            assert any("reused" in n for n in lk.notices), lk.notices
        write_lock(tmp_path, pid=sleeper.pid, proc_start=lock_mod._proc_start(sleeper.pid))
        with pytest.raises(LockHeld):
            VaultLock(tmp_path).acquire()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_foreign_host_respected_while_fresh_taken_over_when_silent(tmp_path: Path) -> None:
    now = time.time()
    fresh = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now - 60))
    path = write_lock(tmp_path, host="other-laptop", pid=4242, started=fresh, heartbeat=fresh)
    with pytest.raises(LockHeld, match="pid 4242 on other-laptop"):
        VaultLock(tmp_path).acquire()
    old = time.strftime("%Y-%m-%dT%H:%M:%S+00:00",
                        time.gmtime(now - FOREIGN_STALE_SECONDS - 600))
    write_lock(tmp_path, host="other-laptop", pid=4242, started=old, heartbeat=old)
    os.utime(path, (now - FOREIGN_STALE_SECONDS - 600,) * 2)
    with VaultLock(tmp_path) as lk:
        assert any("other-laptop" in n and "no sign of life" in n for n in lk.notices)


def test_heartbeat_keeps_a_lock_fresh(tmp_path: Path) -> None:
    with VaultLock(tmp_path, command="watch") as lk:
        before = json.loads(lock_file(tmp_path).read_text(encoding="utf-8"))
        assert lk.heartbeat()
        after = json.loads(lock_file(tmp_path).read_text(encoding="utf-8"))
        assert after["token"] == before["token"] and after["heartbeat"] >= before["started"]
        write_lock(tmp_path, token="someone-else")
        assert not lk.heartbeat()


def test_unreadable_lock_is_held_briefly_then_stale(tmp_path: Path) -> None:
    path = lock_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")  # a process killed between create and write
    with pytest.raises(LockHeld, match="being written or cannot be read"):
        VaultLock(tmp_path).acquire()
    old = time.time() - 3600
    os.utime(path, (old, old))
    with VaultLock(tmp_path) as lk:
        assert any("unreadable" in n for n in lk.notices)


def test_release_never_deletes_someone_elses_lock(tmp_path: Path) -> None:
    lk = VaultLock(tmp_path)
    lk.acquire()
    write_lock(tmp_path, token="not-ours", pid=4242)
    lk.release()
    assert lock_file(tmp_path).exists()


def test_exactly_one_of_many_racing_processes_wins(tmp_path: Path) -> None:
    go = tmp_path / "go"
    code = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from vaultgoals.store.lock import LockHeld, VaultLock
        while not os.path.exists({str(go)!r}):
            time.sleep(0.005)
        lk = VaultLock(Path({str(tmp_path / "v")!r}))
        try:
            lk.acquire()
        except LockHeld:
            print("refused")
        else:
            print("won")
            time.sleep(1.0)
            lk.release()
    """)
    (tmp_path / "v").mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT) for _ in range(4)]
    time.sleep(0.5)
    go.touch()
    outs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert sorted(outs) == ["refused", "refused", "refused", "won"], outs


# -- the OS-level lock (#18 point 7) ------------------------------------------------------

@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_killed_holders_os_lock_is_released_even_when_its_pid_looks_alive(
        tmp_path: Path) -> None:
    """A holder killed outright leaves its lock file behind; the OS releases its lock.
    Where the pid check cannot tell a reused pid (no start time, as on macOS or Windows),
    the released OS lock says the holder is gone."""
    proc = hold_in_subprocess(tmp_path)
    held = json.loads(lock_file(tmp_path).read_text(encoding="utf-8"))
    assert held["os_lock"] is True
    with pytest.raises(LockHeld):
        VaultLock(tmp_path).acquire()
    proc.kill()  # SIGKILL: no release, no clean-up
    proc.wait()
    # its pid reused by a live process, with no start time to tell them apart
    write_lock(tmp_path, pid=os.getppid(), proc_start="", token=held["token"], os_lock=True)
    with VaultLock(tmp_path) as lk:
        assert any("OS lock was released" in n for n in lk.notices)
        assert lk.read() is not None and lk.read().token == lk.token  # type: ignore[union-attr]


def test_a_live_holders_os_lock_wins_over_a_missing_lock_file(tmp_path: Path) -> None:
    """The lock file deleted under a live holder (by hand, by a sync client) does not let
    a second writer in: the OS lock is still held."""
    proc = hold_in_subprocess(tmp_path)
    try:
        lock_file(tmp_path).unlink()
        with pytest.raises(LockHeld):
            VaultLock(tmp_path).acquire()
        assert VaultLock(tmp_path).probe()[1] is True
        running, lines = status_lines(tmp_path)  # (`watch --status`)
        assert running and "lock file is missing" in lines[0]
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    info, alive = VaultLock(tmp_path).probe()
    assert (info, alive) == (None, False)
    VaultLock(tmp_path).acquire()


def test_a_lock_without_os_lock_goes_by_the_pid_rules(tmp_path: Path) -> None:
    """A lock file written by an older vaultgoals (no `os_lock`) of a live pid stays held,
    though no OS lock is taken: the older version takes none."""
    write_lock(tmp_path, pid=os.getppid(), proc_start="")
    with pytest.raises(LockHeld):
        VaultLock(tmp_path).acquire()
