"""The journal's view of tasks as a watcher keeps it across passes (app/history.py)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from tests.conftest import write_vault
from vaultgoals.app.jobs import Job
from vaultgoals.store.settings import load_config


def test_a_watcher_learns_a_tick_in_a_vault_with_no_done_task_at_its_start(
        tmp_path: Path) -> None:
    """The first pass saw only `[ ]`: a later `[x]` is still DONE (the status table answers
    for characters first seen later) and its completion is recorded."""
    root = write_vault(tmp_path / "v", {"Goals/G1.md": "---\ntype: goal\n---\n- [ ] a\n- [ ] b\n"})
    job = Job(root, load_config(root))
    try:
        job.once(date(2026, 11, 20))
        note = root / "Goals/G1.md"
        note.write_text("---\ntype: goal\n---\n- [x] a\n- [ ] b\n", encoding="utf-8")
        later = time.time() + 5
        os.utime(note, (later, later))
        job.once(date(2026, 11, 20), changed={"Goals/G1.md"})
        assert job.history.observer is not None
        assert [o.status_type for o in job.history.observer.of("Goals/G1.md")] == [
            "DONE", "TODO"]
    finally:
        job.close()
