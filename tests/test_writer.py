"""SafeWriter: compare-and-swap writes of whole notes, atomically, inside the vault only."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from vaultgoals.core.paths import UnsafePath
from vaultgoals.store.writer import TEMP_PREFIX, SafeWriter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    v = tmp_path / "vault"
    (v / "Reviews").mkdir(parents=True)
    return v


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def set_old_mtime(path: Path) -> os.stat_result:
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return os.stat(path)


# --- the normal paths -------------------------------------------------------------------------


def test_create_new_note_with_parents(vault: Path) -> None:
    w = SafeWriter(vault)
    r = w.write("Reviews/2026/W47.md", "# W47\r\nno final newline", None)
    assert (r.status, r.path) == ("written", "Reviews/2026/W47.md")
    assert (vault / "Reviews/2026/W47.md").read_bytes() == b"# W47\r\nno final newline"
    assert temps(vault / "Reviews/2026") == []


def test_update_exact_bytes(vault: Path) -> None:
    note = vault / "Reviews/a.md"
    note.write_bytes("\ufeffold\r\n".encode())
    w = SafeWriter(vault)
    old = w.read_for_update("Reviews/a.md")
    assert old == "\ufeffold\r\n".encode()
    r = w.write("Reviews/a.md", "\ufeffnew  \r\n\n", old)
    assert r.status == "written"
    assert note.read_bytes() == "\ufeffnew  \r\n\n".encode()


def test_invalid_utf8_round_trips_with_surrogateescape(vault: Path) -> None:
    note = vault / "a.md"
    note.write_bytes(b"caf\xe9 latin-1 \xff\nkeep\n")
    w = SafeWriter(vault)
    old = w.read_for_update("a.md")
    assert old is not None
    text = old.decode("utf-8", "surrogateescape") + "added\n"
    assert w.write("a.md", text, old).status == "written"
    assert note.read_bytes() == b"caf\xe9 latin-1 \xff\nkeep\nadded\n"


def test_unencodable_text_is_an_error(vault: Path) -> None:
    r = SafeWriter(vault).write("a.md", "lone \ud800", None)
    assert r.status == "error"
    assert "a.md" in r.message
    assert not (vault / "a.md").exists()


def test_unchanged_file_keeps_mtime_and_inode(vault: Path) -> None:
    note = vault / "Reviews/a.md"
    note.write_bytes(b"same\n")
    before = set_old_mtime(note)
    w = SafeWriter(vault)
    r = w.write("Reviews/a.md", "same\n", w.read_for_update("Reviews/a.md"))
    assert r.status == "unchanged"
    after = os.stat(note)
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert temps(vault / "Reviews") == []


def test_permission_bits_are_preserved(vault: Path) -> None:
    note = vault / "a.md"
    note.write_bytes(b"old\n")
    note.chmod(0o640)
    w = SafeWriter(vault)
    assert w.write("a.md", "new\n", b"old\n").status == "written"
    assert stat.S_IMODE(os.stat(note).st_mode) == 0o640


def test_new_file_gets_umask_permissions(vault: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    SafeWriter(vault).write("n.md", "x", None)
    assert stat.S_IMODE(os.stat(vault / "n.md").st_mode) == 0o666 & ~umask


# --- conflicts --------------------------------------------------------------------------------


def test_conflict_when_file_changed_since_read(vault: Path) -> None:
    note = vault / "a.md"
    note.write_bytes(b"v1\n")
    w = SafeWriter(vault)
    old = w.read_for_update("a.md")
    note.write_bytes(b"v1\nthe user typed this\n")  # Obsidian saves in between
    r = w.write("a.md", "generated\n", old)
    assert r.status == "conflict"
    assert "a.md" in r.message
    assert note.read_bytes() == b"v1\nthe user typed this\n"


def test_conflict_when_file_appeared(vault: Path) -> None:
    (vault / "a.md").write_bytes(b"mine")
    r = SafeWriter(vault).write("a.md", "generated", None)
    assert r.status == "conflict"
    assert "already exists" in r.message
    assert (vault / "a.md").read_bytes() == b"mine"
    assert not list(vault.rglob(".vaultgoals-tmp-*"))  # no temp file left behind


def test_conflict_when_file_was_deleted(vault: Path) -> None:
    r = SafeWriter(vault).write("a.md", "generated", b"what I read")
    assert r.status == "conflict"
    assert not (vault / "a.md").exists()


def test_conflict_detected_just_before_replace(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user saves while the temp file is being fsynced: their edit wins."""
    note = vault / "a.md"
    note.write_bytes(b"v1\n")
    real_fsync: Callable[[int], None] = os.fsync

    def fsync_then_user_saves(fd: int) -> None:
        real_fsync(fd)
        if note.read_bytes() == b"v1\n":
            note.write_bytes(b"v1 edited during our write\n")

    monkeypatch.setattr(os, "fsync", fsync_then_user_saves)
    r = SafeWriter(vault).write("a.md", "generated\n", b"v1\n")
    assert r.status == "conflict"
    assert note.read_bytes() == b"v1 edited during our write\n"
    assert temps(vault) == []


# --- never outside the vault, never through a symlink --------------------------------------


def test_symlinked_file_pointing_outside_is_refused(vault: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"do not touch")
    (vault / "Reviews/a.md").symlink_to(secret)
    w = SafeWriter(vault)
    r = w.write("Reviews/a.md", "pwned", b"do not touch")
    assert r.status == "error"
    assert "Reviews/a.md" in r.message
    assert secret.read_bytes() == b"do not touch"
    with pytest.raises(UnsafePath):
        w.read_for_update("Reviews/a.md")


def test_symlinked_parent_folder_pointing_outside_is_refused(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / "Escape").symlink_to(outside, target_is_directory=True)
    w = SafeWriter(vault)
    r = w.write("Escape/new.md", "pwned", None)
    assert r.status == "error"
    assert "Escape" in r.message
    assert list(outside.iterdir()) == []
    r = w.write("Escape/sub/new.md", "pwned", None)
    assert r.status == "error"
    assert list(outside.iterdir()) == []


def test_symlink_inside_the_vault_is_refused_too(vault: Path) -> None:
    real = vault / "Reviews/real.md"
    real.write_bytes(b"real")
    (vault / "alias.md").symlink_to(real)
    w = SafeWriter(vault)
    r = w.write("alias.md", "new", b"real")
    assert r.status == "error"
    assert "symlink" in r.message
    assert real.read_bytes() == b"real"
    assert (vault / "alias.md").is_symlink()


@pytest.mark.parametrize("rel", ["../escape.md", "/tmp/escape.md", "a/../../escape.md", ""])
def test_paths_outside_are_refused(vault: Path, rel: str) -> None:
    r = SafeWriter(vault).write(rel, "x", None)
    assert r.status == "error"
    assert "refused" in r.message
    assert not (vault.parent / "escape.md").exists()
    with pytest.raises(UnsafePath):
        SafeWriter(vault).read_for_update(rel)


# --- errors -----------------------------------------------------------------------------------


def _chmod_is_enforced(folder: Path) -> bool:
    probe = folder / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        (probe / "x").write_bytes(b"")
    except PermissionError:
        return True
    else:
        return False
    finally:
        probe.chmod(0o755)
        for p in probe.iterdir():
            p.unlink()
        probe.rmdir()


def test_read_only_folder_is_an_error(vault: Path, tmp_path: Path) -> None:
    if not _chmod_is_enforced(tmp_path):
        pytest.skip("permissions are not enforced (running as root?)")
    folder = vault / "Reviews"
    (folder / "a.md").write_bytes(b"old")
    folder.chmod(0o555)
    try:
        r = SafeWriter(vault).write("Reviews/a.md", "new", b"old")
        assert r.status == "error"
        assert "Reviews/a.md" in r.message
        assert "\n" not in r.message
        assert (folder / "a.md").read_bytes() == b"old"
        assert temps(folder) == []
    finally:
        folder.chmod(0o755)


def test_read_only_note_is_left_alone(vault: Path) -> None:
    note = vault / "a.md"
    note.write_bytes(b"protected")
    note.chmod(0o444)
    r = SafeWriter(vault).write("a.md", "new", b"protected")
    assert r.status == "error"
    assert "read-only" in r.message
    assert note.read_bytes() == b"protected"


def test_parent_is_a_file_is_an_error(vault: Path) -> None:
    (vault / "file.md").write_bytes(b"x")
    r = SafeWriter(vault).write("file.md/child.md", "x", None)
    assert r.status == "error"
    assert "file.md/child.md" in r.message
    assert (vault / "file.md").read_bytes() == b"x"


def test_target_is_a_folder_is_an_error(vault: Path) -> None:
    r = SafeWriter(vault).write("Reviews", "x", None)
    assert r.status == "error"
    assert "Reviews" in r.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_an_error_not_a_hang(vault: Path) -> None:
    os.mkfifo(vault / "pipe.md")
    w = SafeWriter(vault)
    r = w.write("pipe.md", "x", None)
    assert r.status == "error"


def test_disk_full_is_an_error_and_cleans_up(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: fsync reports ENOSPC (real files otherwise)."""
    note = vault / "a.md"
    note.write_bytes(b"old\n")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    r = SafeWriter(vault).write("a.md", "new\n" * 1000, b"old\n")
    assert r.status == "error"
    assert "a.md" in r.message
    assert "ENOSPC" in r.message
    assert note.read_bytes() == b"old\n"
    assert temps(vault) == []


# --- dry run ------------------------------------------------------------------------------


def test_dry_run_writes_nothing(vault: Path) -> None:
    note = vault / "Reviews/a.md"
    note.write_bytes(b"line 1\nline 2\n")
    before = set_old_mtime(note)
    w = SafeWriter(vault, dry_run=True)
    r = w.write("Reviews/a.md", "line 1\nline two\n", b"line 1\nline 2\n")
    assert r.status == "would-write"
    assert "-line 2\n+line two\n" in r.diff
    assert r.diff.startswith("--- a/Reviews/a.md\n+++ b/Reviews/a.md\n")
    assert note.read_bytes() == b"line 1\nline 2\n"
    assert os.stat(note).st_mtime_ns == before.st_mtime_ns

    r = w.write("New/b.md", "fresh", None)
    assert r.status == "would-write"
    assert "+fresh\n\\ No newline at end of file" in r.diff
    assert not (vault / "New").exists()
    assert temps(vault / "Reviews") == []


def test_dry_run_still_reports_conflicts_and_unchanged(vault: Path) -> None:
    (vault / "a.md").write_bytes(b"x")
    w = SafeWriter(vault, dry_run=True)
    assert w.write("a.md", "x", b"x").status == "unchanged"
    assert w.write("a.md", "y", b"other").status == "conflict"


# --- temp files -----------------------------------------------------------------------------


def test_stale_temp_files_are_cleaned_fresh_ones_kept(vault: Path) -> None:
    folder = vault / "Reviews"
    stale = folder / f"{TEMP_PREFIX}dead.tmp"
    fresh = folder / f"{TEMP_PREFIX}alive.tmp"
    for p in (stale, fresh):
        p.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    assert SafeWriter(vault).write("Reviews/a.md", "x", None).status == "written"
    assert temps(folder) == [fresh.name]


WRITER_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from vaultgoals.store.writer import SafeWriter

    A = ("old line ✓ " * 40 + "\\n") * 5000
    B = ("new line ✗ " * 40 + "\\r\\n") * 6000
    w = SafeWriter(Path(sys.argv[1]))
    first = True
    while True:
        cur = w.read_for_update("Goals/note.md")
        nxt = B if cur == A.encode() else A
        r = w.write("Goals/note.md", nxt, cur)
        if r.status != "written":
            print("BAD", r, flush=True)
            sys.exit(1)
        if first:
            print("ready", flush=True)
            first = False
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_leaves_old_or_new_file(vault: Path, tmp_path: Path) -> None:
    a = (("old line ✓ " * 40 + "\n") * 5000).encode()
    b = (("new line ✗ " * 40 + "\r\n") * 6000).encode()
    (vault / "Goals").mkdir()
    target = vault / "Goals/note.md"
    target.write_bytes(a)
    script = tmp_path / "loop.py"
    script.write_text(WRITER_LOOP, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(47)
    seen = set()
    for _ in range(30):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(vault)], stdout=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.08))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        data = target.read_bytes()
        assert data in (a, b), f"torn file: {len(data)} bytes"
        seen.add(data)
        others = [p.name for p in target.parent.iterdir() if p != target]
        assert all(n.startswith(TEMP_PREFIX) for n in others), others
    assert len(seen) == 2  # the kills did land at different moments


def test_swap_never_displaces_a_note_that_changed(tmp_path: Path) -> None:
    """The last step of a write is a swap that checks what it displaced."""
    from vaultgoals.store.confined import VaultRoot
    from vaultgoals.store.writer import _Conflict, _swap_in

    target = tmp_path / "note.md"
    tmp = tmp_path / ".vaultgoals-tmp-x.tmp"
    target.write_bytes(b"the user's newer save\n")
    tmp.write_bytes(b"generated\n")
    folder = VaultRoot(tmp_path).folder("")
    with pytest.raises(_Conflict):
        _swap_in(folder, tmp.name, target.name, b"what vaultgoals read\n")
    assert target.read_bytes() == b"the user's newer save\n"
    assert tmp.read_bytes() == b"generated\n"
    _swap_in(folder, tmp.name, target.name, b"the user's newer save\n")
    folder.close()
    assert target.read_bytes() == b"generated\n"
    assert tmp.read_bytes() == b"the user's newer save\n"  # the old note, for the caller

