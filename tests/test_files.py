"""files.read_regular: bounded reads of files that may not be what they claim."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from vaultgoals.store.files import NotRegular, read_regular


def test_a_file_up_to_the_limit_is_read_whole_and_one_byte_more_is_refused(
    tmp_path: Path,
) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"- [ ] a\n" * 1000)
    assert read_regular(note, limit=8000) == b"- [ ] a\n" * 1000
    assert read_regular(note) == b"- [ ] a\n" * 1000
    with pytest.raises(OSError) as exc:
        read_regular(note, limit=7999)
    assert exc.value.errno == errno.EFBIG
    assert read_regular(note, prefix=5) == b"- [ ]"
    assert read_regular(tmp_path / "gone.md", limit=10) is None
    with pytest.raises(NotRegular):
        read_regular(tmp_path, limit=10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")
def test_a_file_longer_than_its_size_says_is_read_whole_within_the_limit() -> None:
    """/proc files report size 0: what fstat said is not the end of the file (as for a
    note that grows while it is read)."""
    proc = Path(f"/proc/{os.getpid()}/cmdline")
    assert proc.stat().st_size == 0
    whole = proc.read_bytes()
    assert len(whole) > 10
    assert read_regular(proc, limit=len(whole)) == whole
    with pytest.raises(OSError) as exc:
        read_regular(proc, limit=len(whole) - 1)
    assert exc.value.errno == errno.EFBIG
