"""Nothing is written outside the vault, even while folders are swapped for symlinks.

A second process flips an output folder between a real folder and a symlink to a folder
outside the vault as fast as it can, while this one writes notes into it. Checking the path
and then opening it by name would let some writes land outside; with folders held as
descriptors (`vaultgoals.store.confined`) none may.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.confined import HAS_DIR_FD, VaultRoot
from vaultgoals.store.lock import LockHeld, VaultLock
from vaultgoals.store.writer import SafeWriter

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not HAS_DIR_FD, reason="descriptor-relative calls (see SECURITY.md)"
)

MIN_SWAPS = 200
MAX_WRITES = 20_000

# Flips VAULT/NAME between the real folder and a symlink to OUTSIDE until the stop file
# appears; prints how many times it swapped.
FLIPPER = textwrap.dedent(
    """
    import ctypes, os, sys
    vault, name, outside, stop = sys.argv[1:5]
    real = os.fsencode(os.path.join(vault, name))
    link = os.fsencode(os.path.join(vault, "." + name + "-link"))
    os.symlink(outside, link)
    renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    swaps = 0
    print("ready", flush=True)
    while not os.path.exists(stop):
        # one atomic exchange: the real folder and the symlink trade places
        if renameat2(-100, real, -100, link, 2) != 0:
            raise OSError(ctypes.get_errno(), "renameat2")
        swaps += 1
    if swaps % 2:
        renameat2(-100, real, -100, link, 2)  # leave the real folder in place
    print(swaps, flush=True)
    """
)


def _flip_while(vault: Path, name: str, outside: Path, work: object) -> int:
    stop = vault.parent / f"stop-{name}"
    proc = subprocess.Popen(
        [sys.executable, "-c", FLIPPER, str(vault), name, str(outside), str(stop)],
        stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    try:
        work()  # type: ignore[operator]
    finally:
        stop.touch()
        out, _ = proc.communicate(timeout=60)
    return int(out.strip().splitlines()[-1])


def _everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("name", ["Reviews", "Celebrations"])
def test_no_write_lands_outside_while_a_folder_is_swapped_for_a_symlink(
    tmp_path: Path, name: str
) -> None:
    vault = tmp_path / "vault"
    (vault / name).mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    writer = SafeWriter(vault)
    counts = {"writes": 0, "written": 0}

    def work() -> None:
        # A mix of new notes and updates of existing ones, until the flipper has swapped
        # often enough: both the create (link) and the replace (exchange) paths are raced.
        # The flipper's swap count is only known at the end, so write plenty.
        for i in range(MAX_WRITES):
            rel = f"{name}/note-{i % 50}.md"
            old = None
            with contextlib.suppress(OSError, UnsafePath):
                old = writer.read_for_update(rel)
            result = writer.write(rel, f"text {i}\n", old)
            counts["writes"] += 1
            counts["written"] += result.status == "written"
            if i >= 2_000 and counts["written"] >= 200:
                break

    swaps = _flip_while(vault, name, outside, work)
    assert _everything_under(outside) == [], "a write landed outside the vault"
    assert swaps >= MIN_SWAPS, f"only {swaps} swaps happened; the race was not exercised"
    assert counts["written"] >= 200


def test_a_state_folder_symlinked_outside_is_refused_for_the_lock(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / ".vaultgoals").symlink_to(outside, target_is_directory=True)
    lock = VaultLock(vault)
    with pytest.raises(UnsafePath, match="outside the vault"):
        lock.acquire()
    assert _everything_under(outside) == []


def test_the_lock_is_never_created_outside_while_its_folder_is_swapped(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".vaultgoals").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    taken = {"n": 0}
    state = VaultRoot(vault)

    def work() -> None:
        for _ in range(3_000):
            lock = VaultLock(vault)
            try:
                lock.acquire()
            except (OSError, UnsafePath):
                continue
            except LockHeld:  # our own lock, left when release met the symlink: clear it
                with contextlib.suppress(OSError, UnsafePath), state.folder(".vaultgoals") as f:
                    f.unlink("lock")
                continue
            taken["n"] += 1
            lock.release()

    swaps = _flip_while(vault, ".vaultgoals", outside, work)
    assert swaps >= MIN_SWAPS, f"only {swaps} swaps happened; the race was not exercised"
    assert taken["n"] > 0
    assert _everything_under(outside) == [], "the lock landed outside the vault"


def test_a_vault_replaced_by_another_folder_is_refused(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    root = VaultRoot(vault)
    root.folder("").close()  # remembers which folder the vault is
    vault.rename(tmp_path / "moved")
    other = tmp_path / "other"
    other.mkdir()
    vault.symlink_to(other, target_is_directory=True)
    with pytest.raises(UnsafePath, match="replaced"):
        root.folder("Reviews", create=True)
    writer = SafeWriter(vault)
    writer.root = root
    result = writer.write("Reviews/x.md", "text\n", None)
    assert result.status == "error" and "replaced" in result.message
    assert _everything_under(other) == []


def test_symlinked_folders_inside_the_vault_are_still_followed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Real/Reviews").mkdir(parents=True)
    (vault / "Reviews").symlink_to(vault / "Real/Reviews", target_is_directory=True)
    result = SafeWriter(vault).write("Reviews/x.md", "text\n", None)
    assert result.status == "written"
    assert (vault / "Real/Reviews/x.md").read_text() == "text\n"
    assert os.path.islink(vault / "Reviews")
