"""vaultgoals' own files (journal, lock) never take the place of the user's, never leave
the vault: the CLI contract for a journal path aimed at a note and a state folder that is a
symlink out of the vault (exit 2 and the message), the job in process otherwise."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import cli, run_job
from vaultgoals.store.journal import Journal, JournalRefused

TODAY = "2026-11-20"


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Journal.md", b"# My journal\n\nDear diary, today I ran 5 km.\n"),
        ("Empty note.md", b""),
        ("data.bin", b"\x00\x01binary that is not sqlite" * 10),
    ],
)
def test_a_journal_path_naming_a_users_file_is_refused_and_the_file_untouched(
    sample_copy: Path, name: str, content: bytes
) -> None:
    (sample_copy / name).write_bytes(content)
    (sample_copy / ".vaultgoals.yaml").write_text(f"journal: {name}\n")
    before = _files(sample_copy)
    proc = cli("run", str(sample_copy), "--today", TODAY)
    assert proc.returncode == 2, proc.stderr
    assert "'journal" in proc.stderr and name in proc.stderr
    assert "not a vaultgoals journal" in proc.stderr or "left untouched" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (sample_copy / name).read_bytes() == content
    assert _files(sample_copy) == before  # nothing moved aside, nothing created beside it


def test_another_programs_database_is_not_adopted(sample_copy: Path) -> None:
    db = sample_copy / "finance.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE money (amount INTEGER)")
        conn.execute("INSERT INTO money VALUES (42)")
    conn.close()
    content = db.read_bytes()
    (sample_copy / ".vaultgoals.yaml").write_text("journal: finance.sqlite\n")
    proc = cli("run", str(sample_copy), "--today", TODAY)
    assert proc.returncode == 2, proc.stderr
    assert "another program's database" in proc.stderr
    assert db.read_bytes() == content


def test_a_journal_path_elsewhere_in_the_vault_works_once_it_is_ours(sample_copy: Path) -> None:
    (sample_copy / ".vaultgoals.yaml").write_text("journal: Data/goals.journal\n")
    for _ in range(2):  # created by the first run, recognised by its header on the second
        run_job(sample_copy, TODAY)
    assert (sample_copy / "Data/goals.journal").read_bytes().startswith(b"SQLite format 3")


def test_journal_open_refuses_foreign_files_only_when_asked(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_bytes(b"text")
    with pytest.raises(JournalRefused, match="not a vaultgoals journal"):
        Journal.open(note, adopt_any=False)
    assert note.read_bytes() == b"text"
    assert _files(tmp_path) == ["note.md"]


def test_a_state_folder_symlinked_outside_the_vault_is_refused(
    sample_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (sample_copy / ".vaultgoals").symlink_to(outside, target_is_directory=True)
    for command in ("run", "watch"):
        proc = cli(command, str(sample_copy), "--today", TODAY, timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert "symlink pointing outside the vault" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert _files(outside) == []
