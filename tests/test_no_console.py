"""Running without a console (issue #15, point 17): under pythonw, a launcher or a scheduled
task `sys.stdout` and `sys.stderr` are None. Every command still does its work and exits 0;
what it would have printed goes nowhere. The real CLI, in a process of its own."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli_env, edit, wait_until

TODAY = "2026-11-20"
REVIEW = "Reviews/2026-W47.md"

# What pythonw.exe gives a program: no standard streams at all. Then the command's own
# entry point (`vaultgoals` and `python -m vaultgoals` call `run()`).
_NO_CONSOLE = """\
import sys
sys.stdout = None
sys.stderr = None
sys.argv = ["vaultgoals", *sys.argv[1:]]
from vaultgoals.cli.main import run
run()
"""

FILES: dict[str, str | bytes] = {
    "Goals/Run a 10k.md": "---\ntype: goal\n---\n## Milestones\n"
                          "- [x] Run 5k ✅ 2026-11-18\n- [ ] Run 10k\n",
}


def no_console(*args: str) -> list[str]:
    return [sys.executable, "-c", _NO_CONSOLE, *args]


@pytest.mark.parametrize("command", [
    ["run"], ["review"], ["celebrate"], ["status"], ["status", "--json"],
    ["tasks", "--json"], ["explain"], ["explain", "--json"],
])
def test_commands_work_without_a_console(
    vault: Callable[[dict[str, str | bytes]], Path], command: list[str],
) -> None:
    root = vault({".obsidian/app.json": "{}", **FILES})
    args = [command[0], str(root), *command[1:]]
    if command[0] != "explain":
        args += ["--today", TODAY]
    proc = subprocess.run(no_console(*args), capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=cli_env())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == proc.stderr == ""  # nothing written to streams that are not there
    if command[0] in ("run", "review"):
        assert "Run 5k" in (root / REVIEW).read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_watch_works_without_a_console(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({".obsidian/app.json": "{}", **FILES})
    review = root / REVIEW
    proc = subprocess.Popen(
        no_console("watch", str(root), "--today", TODAY, "--debounce", "0.1"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=cli_env())
    try:
        wait_until(lambda: review.exists() or proc.poll() is not None, "the first review")
        assert proc.poll() is None, proc.communicate()
        edit(root / "Goals/Run a 10k.md", "- [ ] Run 10k", "- [x] Run 10k ✅ 2026-11-19")
        wait_until(lambda: "Run 10k" in review.read_text(encoding="utf-8")
                   or proc.poll() is not None, "the review after an edit")
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out == err == ""
    assert not (root / ".vaultgoals/lock").exists()
