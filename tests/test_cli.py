"""The CLI's contract: exit codes, one-line errors, warnings on stderr, no tracebacks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import cli, cli_json, wait_until


def test_missing_vault_file_vault_bad_date_bad_config(tmp_path: Path) -> None:
    proc = cli("status", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"vaultgoals: vault '{tmp_path / 'nope'}' does not exist"
    afile = tmp_path / "file.md"
    afile.write_text("x")
    proc = cli("tasks", str(afile), "--json")
    assert proc.returncode == 2 and "is a file, not a folder" in proc.stderr
    proc = cli("status", str(tmp_path), "--today", "2026-02-30")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "vaultgoals: --today '2026-02-30' is not a date (YYYY-MM-DD)"
    proc = cli("review", str(tmp_path), "--week", "W47")
    assert proc.returncode == 2 and "is not a week like 2026-W47" in proc.stderr
    (tmp_path / ".vaultgoals.yaml").write_text("stale_days: often\n")
    proc = cli("run", str(tmp_path))
    assert proc.returncode == 2
    assert "'stale_days' must be int" in proc.stderr
    for p in (proc,):
        assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_journal_outside_the_vault_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".vaultgoals.yaml").write_text("journal: ../elsewhere.db\n")
    proc = cli("run", str(tmp_path))
    assert proc.returncode == 2 and "journal" in proc.stderr
    assert not (tmp_path.parent / "elsewhere.db").exists()


def test_hostile_vault_warns_and_exits_zero(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    big = "".join(f"- [ ] task {i} [[A]]\n" for i in range(50_000))
    root = vault({
        "broken.md": "---\ntitle: [unclosed\n---\n- [ ] still read\n",
        "junk.md": bytes(range(256)) * 40,
        "big.md": big,
        "A.md": "---\ntype: goal\nparent: \"[[B]]\"\n---\n",
        "B.md": "---\ntype: goal\nparent: \"[[C]]\"\n---\n",
        "C.md": "---\ntype: goal\nparent: \"[[A]]\"\n---\n",
        "bomb.md": "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c]\n"
                   "e: &e [*d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e]\n"
                   "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n- [ ] after the bomb\n",
        "empty.md": "",
        "folder.md/inside.md": "- [ ] a note inside a folder named like a note\n",
    })
    proc = cli("status", str(root), "--json", "--today", "2026-11-20")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    import json

    data = json.loads(proc.stdout)
    warnings = {(w["path"], w["message"].split(" ")[0]) for w in data["warnings"]}
    paths = {w["path"] for w in data["warnings"]}
    assert {"broken.md", "junk.md", "bomb.md"} <= paths
    cycle = [w for w in data["warnings"] if "cycle" in w["message"]]
    assert len(cycle) == 1 and cycle[0]["path"] in ("A.md", "B.md", "C.md")
    assert all(w["line"] >= 1 for w in data["warnings"])
    assert data["tasks"]["total"] >= 50_002
    titles = [g["title"] for g in data["goals"]]
    assert sorted(titles) == ["A", "B", "C"] or len(titles) == 1  # the cycle is broken
    assert warnings  # and each warning names a file
    tasks = cli("tasks", str(root), "--json")
    assert tasks.returncode == 0
    lines = tasks.stdout.splitlines()
    assert any('"broken.md"' in ln and "still read" in ln for ln in lines)
    assert any('"folder.md/inside.md"' in ln for ln in lines)


@pytest.mark.parametrize("command", ["status", "tasks", "run"])
def test_shared_vaults_complete_without_exceptions(tmp_path: Path, command: str) -> None:
    import shutil

    from tests.conftest import DATA

    for name in ("tasks-demo", "lifeos"):
        src = DATA / "vaults" / name
        assert src.is_dir(), f"tests/data/vaults/{name} is part of the repository"
        dest = tmp_path / name
        shutil.copytree(src, dest)
        (dest / ".obsidian").mkdir()  # a vault in Obsidian (the copies leave theirs out)
        proc = cli(command, str(dest), "--today", "2026-11-20")
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr


def test_status_json_lists_conflict_copies(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({
        "G.md": "---\ntype: goal\n---\n- [ ] one\n",
        "G.sync-conflict-20261120-101010-ABCDEF.md": "---\ntype: goal\n---\n- [ ] one\n",
        "G (conflicted copy 2026-11-20).md": "---\ntype: goal\n---\n- [ ] one\n",
        "G (Conflict 2026-11-20).md": "---\ntype: goal\n---\n- [ ] one\n",
    })
    data = cli_json("status", str(root), "--json")
    assert [g["title"] for g in data["goals"]] == ["G"]
    assert data["tasks"]["total"] == 1
    assert len(data["conflict_copies"]) == 3


def test_property_warnings_name_the_property_line(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({
        "A.md": "---\ntype: goal\ntags: [x]\nDeadline: someday\nparent: \"[[Nobody]]\"\n"
                "status: maybe\n---\n- [ ] a\n",
        "B.md": "---\ntitle: B\ntype: goal\n\nparent: \"[[C]]\"\n---\n",
        "C.md": "---\ntype: goal\nparent: \"[[B]]\"\n---\n",
    })
    data = cli_json("status", str(root), "--json", "--today", "2026-11-20")
    found = {(w["path"], w["line"], w["message"].split(" ")[0]) for w in data["warnings"]}
    assert ("A.md", 4, "deadline") in found
    assert ("A.md", 5, "parent") in found
    assert ("A.md", 6, "status") in found
    cycle = [w for w in data["warnings"] if "cycle" in w["message"]]
    assert [(w["path"], w["line"]) for w in cycle] in ([("C.md", 3)], [("B.md", 5)])


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out.extend(int(c) for c in (task / "children").read_text().split())
    return out


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_ctrl_c_during_a_parallel_cold_scan_is_quiet(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, parse workers included: the command ends
    with 130 and no traceback from anyone, and no worker is left running."""
    from vaultgoals.store.reading import PARALLEL_MIN_NOTES, usable_cpus

    if usable_cpus() < 2:
        pytest.skip("one core: the scan has no worker processes")
    vault = tmp_path / "vault"
    vault.mkdir()
    body = "".join(f"- [ ] step {k} #goal/x 📅 2026-12-01\n    - plain\n" for k in range(60))
    for i in range(max(3000, PARALLEL_MIN_NOTES)):
        (vault / f"n{i}.md").write_text(f"---\ntags: [a]\n---\n{body}", encoding="utf-8")
    # (a terminal's foreground command takes Ctrl-C; one started from a background job
    # inherits SIGINT ignored, as `make test &` gives every test: give it the default back)
    proc = subprocess.Popen([sys.executable, "-m", "vaultgoals", "status", str(vault)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        workers = wait_until(lambda: _children(proc.pid), "a parse worker")
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    for pid in workers:
        wait_until(lambda pid=pid: not Path(f"/proc/{pid}/cmdline").exists()
                   or not Path(f"/proc/{pid}/cmdline").read_bytes(), f"worker {pid} to end")


def test_output_is_whole_through_a_pipe_and_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """The command ends with a quick exit (`cli.run`): what it printed must still arrive in
    full, and a reader that stops early must not get a traceback."""
    vault = tmp_path / "vault"
    vault.mkdir()
    n = 4000  # about 1 MB of JSON lines: more than a pipe holds
    (vault / "Big.md").write_text("".join(f"- [x] done thing {k} ✅ 2026-11-{1 + k % 20:02d}\n"
                                          for k in range(n)), encoding="utf-8")
    cmd = [sys.executable, "-m", "vaultgoals", "tasks", str(vault), "--json", "--today",
           "2026-11-22"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    whole = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    lines = whole.stdout.splitlines()
    assert whole.returncode == 0, whole.stderr
    assert len(lines) == n and json.loads(lines[-1])["line"] == n
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["line"] == 1
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "Exception" not in err, err
