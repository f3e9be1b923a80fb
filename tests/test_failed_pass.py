"""What a watcher keeps between passes after a pass that failed, and how much it keeps.

A pass can fail half way (a bug, a transient error); the watcher logs it and tries again.
Nothing kept from the failed pass may make a later one answer from stale work, and the
memos of a long-running watcher let go of what no note needs any more."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import edit
from tests.test_graphcache import TODAY, _parse
from vaultgoals.app.jobs import Job
from vaultgoals.app.pipeline import Pipeline
from vaultgoals.core import evidence as evidence_mod
from vaultgoals.core import graph as graph_mod
from vaultgoals.core import insights
from vaultgoals.core.config import Config
from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.graph import GraphCache, build_graph
from vaultgoals.core.people import people
from vaultgoals.store.settings import load_config

Vault = Callable[[dict[str, str | bytes]], Path]


def _fails_once(module: Any, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = getattr(module, name)
    calls = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a transient failure in a pass")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)


def _age(root: Path) -> None:
    """Every note saved a while ago (its size and time are trusted, never re-read)."""
    old = time.time() - 10
    for f in root.rglob("*.md"):
        os.utime(f, (old, old))


def test_a_failed_pass_does_not_leave_an_edited_goal_stale(
        vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"Goals/Run.md": "---\ntype: goal\n---\n- [ ] run 5k\n- [ ] run 10k\n",
                  "Notes/Other.md": "- [ ] something else\n"})
    job = Job(root, load_config(root))
    try:
        job.once(TODAY)
        _age(root)
        job.once(TODAY)  # (reads back what the first pass wrote)
        edit(root / "Goals/Run.md", "- [ ] run 5k", "- [x] run 5k ✅ 2026-11-19")
        _age(root)
        _fails_once(graph_mod, "membership_key", monkeypatch)
        with pytest.raises(RuntimeError):
            job.once(TODAY, changed={"Goals/Run.md"})
        job.once(TODAY)  # the watcher's retry: a full scan, the note not read again
        job.once(TODAY)
        kept = job.pipe.graph(TODAY).nodes["Goals/Run.md"]
        fresh = build_graph(job.pipe.docs(), job.config, TODAY).nodes["Goals/Run.md"]
        assert (kept.done_leaves, fresh.done_leaves) == (1, 1)
    finally:
        job.close()


def test_a_failed_evidence_update_is_not_taken_as_done(
        vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"People/Ana.md": "---\nrole: mentor\n---\n",
                  "Daily/2026-11-10.md": "Coffee with [[Ana B]].\n"})
    config = load_config(root)
    pipe = Pipeline(root, config, use_cache=False)
    pipe.scan()
    pipe.evidence()
    (root / "People/Ana.md").write_text("---\nrole: mentor\naliases: [Ana B]\n---\n",
                                        encoding="utf-8")
    _age(root)
    pipe.scan()
    _fails_once(evidence_mod, "aliases_of", monkeypatch)
    with pytest.raises(RuntimeError):
        pipe.evidence()
    pipe.scan()  # the retry: nothing new to read
    graph = pipe.graph(TODAY)
    kept = people(graph, pipe.evidence(), TODAY)
    fresh = people(graph, EvidenceIndex().update(dict(pipe.docs()), config), TODAY)
    assert [c.day.isoformat() for c in fresh[0].contacts] == ["2026-11-10"]
    assert kept == fresh


def test_the_parents_memo_forgets_notes_that_are_gone() -> None:
    text = "---\ntype: goal\n---\n" + "".join(f"- [ ] step {i}\n" for i in range(5))
    cache = GraphCache()
    for i in range(40):  # one goal note, renamed pass after pass
        build_graph({f"Goals/G{i}.md": _parse(f"Goals/G{i}.md", text)}, Config(), TODAY, None,
                    cache)
    assert list(cache.parents) == ["Goals/G39.md"]


def test_the_task_leaves_memo_lets_go_of_old_builds_records() -> None:
    cache = GraphCache()
    tasks = [f"- [ ] step {i}\n" for i in range(200)]
    for n in range(30):  # a tick per pass
        tasks[n] = tasks[n].replace("[ ]", "[x]")
        graph = build_graph({"G.md": _parse("G.md", "---\ntype: goal\n---\n" + "".join(tasks))},
                            Config(), TODAY, None, cache)
        insights.Leaves(graph).days(graph.nodes["G.md"])
    kept = [records for memo in (insights._TASK_LEAVES, insights._TASK_LEAVES_BEFORE)
            for records, _, _ in memo.values()]
    assert sum(map(len, kept)) <= 2 * len(graph.nodes["G.md"].tasks)
