"""Shared helpers: temporary vaults written from dicts, the job in process, the real CLI in a
subprocess (for the CLI contract), note edits, journal rows and model values."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vaultgoals.app.jobs import run_once
from vaultgoals.app.notewriter import Outcome
from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.insights import Week
from vaultgoals.core.model import Task, TaskFields
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.store.settings import load_config

ROOT = Path(__file__).resolve().parent.parent


def _pristine_sample() -> Path:
    """A private copy of sample_vault/ for this test session: tests read and even write
    (vaultgoals keeps its cache in `.vaultgoals/`) without ever touching the repository."""
    dest = Path(tempfile.mkdtemp(prefix="vaultgoals-sample-")) / "sample_vault"
    shutil.copytree(ROOT / "sample_vault", dest, ignore=shutil.ignore_patterns(".vaultgoals"))
    return dest


# The parse cache lives in the user's cache folder by default (`cache: user`): this
# session's, not the home folder's (platformdirs honours XDG_CACHE_HOME on Linux and BSD;
# subprocesses inherit it).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="vaultgoals-xdg-cache-")
SAMPLE = _pristine_sample()
DATA = Path(__file__).resolve().parent / "data"


def write_vault(root: Path, files: dict[str, str | bytes], obsidian: bool = True) -> Path:
    """The notes and files `files` names (vault-relative path → text or bytes) under `root`.
    `obsidian`: with an (empty) `.obsidian/` folder, as every vault opened in Obsidian has:
    `run` and `watch` write only into a folder that looks like a vault."""
    if obsidian:
        (root / ".obsidian").mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture
def vault(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    def make(files: dict[str, str | bytes]) -> Path:
        return write_vault(tmp_path / "vault", files)

    return make


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "sample"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns(".vaultgoals"))
    return dest


def cli_env() -> dict[str, str]:
    """The environment of a real `vaultgoals` process: wide, uncoloured, UTF-8 output, so
    what a test reads does not depend on the terminal it runs in."""
    return dict(os.environ, COLUMNS="200", NO_COLOR="1", PYTHONIOENCODING="utf-8")


def cli(
    *args: str, timeout: float = 120, check: bool = False, env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m vaultgoals ARGS` in a subprocess: for the CLI contract (exit codes, output,
    arguments) and wherever a real process is the point. `env`: instead of `cli_env()`."""
    proc = subprocess.run(
        [sys.executable, "-m", "vaultgoals", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env() if env is None else env,
        cwd=ROOT,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def cli_json(*args: str) -> Any:
    proc = cli(*args, check=True)
    return json.loads(proc.stdout)


def run_job(
    root: Path, today: str, what: str = "run", *, week: Week | None = None,
    dry_run: bool = False,
) -> tuple[Outcome, list[str]]:
    """`vaultgoals run|review|celebrate` in process: the vault's config, one pass under its
    lock (as the CLI does); fails on any write error. Returns the outcome and the journal's
    notices."""
    outcome, notices = run_once(root, load_config(root), date.fromisoformat(today), week,
                                what, dry_run)
    assert not outcome.errors, outcome.errors
    return outcome, notices


def celebration_notes(root: Path, folder: str = "Celebrations") -> dict[str, str]:
    """The celebration notes in the vault: file name → text (empty without the folder)."""
    where = root / folder
    if not where.exists():
        return {}
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(where.iterdir())}


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the note by `new`, as a person editing it; `old` must be
    there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sql_rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows a query returns from a journal (or cache) database, read by a connection of
    its own."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql).fetchall())
    finally:
        conn.close()


def graph_of(files: dict[str, str], today: date, config: Config | None = None) -> Graph:
    """The goal graph of notes given as texts (vault-relative path → text), in process,
    read as the app reads them (core/noteread.py: parsed, read by the conventions, slim)."""
    config = config or Config()
    docs = {path: read_conventions(parse_note(path, text, config.cue_words), config).slim()
            for path, text in files.items()}
    return build_graph(docs, config, today)


def task(line: int, text: str, status: str = " ", done: str | None = None) -> Task:
    """A top-level `- [status] text` task at `line`, with its ✅ date."""
    return Task(line, None, status, "-", TaskFields(description=text, done=done), None)


_QUOTE = re.compile(r" {0,3}>[ \t]?")


def strip_quotes(line: str, depth: int) -> str:
    """The line without its first `depth` block-quote markers (each must be there)."""
    for _ in range(depth):
        m = _QUOTE.match(line)
        assert m is not None, line
        line = line[m.end():]
    return line


def wait_until(cond: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    """Poll `cond` until it returns something truthy (and return that), or fail after
    `timeout` seconds naming `what`: how tests wait for real observers, never by sleeping
    a fixed time."""
    end = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g}s waiting for: {what}")
        time.sleep(0.05)


def snapshot_tree(root: Path) -> dict[str, bytes]:
    """Every file under root (relative path → bytes), skipping the journal folder."""
    out: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(".vaultgoals/"):
            out[rel] = path.read_bytes()
    return out


# --------------------------------------------------------------------------- --long

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--long",
        action="store_true",
        default=False,
        help="full counts for the fault-injection loops (200 kills, 100 edit loops)",
    )


@pytest.fixture
def long_run(request: pytest.FixtureRequest) -> bool:
    """True under `pytest --long`: loops run their full counts instead of the quick ones."""
    return bool(request.config.getoption("--long"))
