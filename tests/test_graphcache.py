"""A graph built with a `GraphCache` (reusing the last build's per-note work) equals one
built from scratch, on every fixture vault and after every step of a sequence of edits:
tasks added, ticked and tagged, notes renamed, deleted, created, made goal-like and not,
aliases and goal tags changed, and the journal's completion dates changing under them."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, SAMPLE
from vaultgoals.core.config import Config
from vaultgoals.core.graph import Graph, GraphCache, build_graph
from vaultgoals.core.graphmemo import DatesChanged
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.scanner import read_note
from vaultgoals.store.settings import load_config

TODAY = date(2026, 11, 20)
VAULTS = [SAMPLE, *sorted(p for p in (DATA / "vaults").iterdir() if p.is_dir())]


def dump(graph: Graph) -> dict[str, Any]:
    """Everything a graph holds, as plain values."""

    def ref(r: Any) -> tuple[Any, ...]:
        return (r.path, r.task.line, r.status_type, r.completed_on, r.is_leaf, r.goal, r.node,
                r.blocked, r.since, r.done_day, r.due_day)

    nodes = {}
    for key, n in graph.nodes.items():
        fields = {f: getattr(n, f) for f in n.__slots__ if f != "tasks"}  # type: ignore[attr-defined]
        fields["tasks"] = [(t.path, t.task.line) for t in n.tasks]
        nodes[key] = fields
    return {
        "nodes": nodes,
        "roots": graph.roots,
        "order": [(d, n.key) for d, n in graph.walk()],
        "tasks": [ref(r) for r in graph.tasks],
        "problems": graph.problems,
        "own": {k: (r.path, r.task.line) for k, r in graph.own.items()},
        "done": [row[:3] for row in graph.done_index.rows],
        "due": [row[:3] for row in graph.due_index.rows],
        "statuses": dict(graph.statuses),
    }


def _notes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.md")) if ".vaultgoals" not in p.parts}


def _edit(texts: dict[str, str], rng: random.Random, step: int) -> list[str]:
    """Change the vault's texts in place; the paths whose text changed (or appeared)."""
    paths = sorted(texts)
    target = rng.choice(paths)
    names = [p.rsplit("/", 1)[-1][:-3] for p in paths]
    choice = rng.random()
    if choice < 0.35:
        status = rng.choice([" ", "x", "/", "-"])
        extra = rng.choice(["", f" [[{rng.choice(names)}]]", " #goal", " #milestone",
                            f" [goal:: [[{rng.choice(names)}]]]", " #career/data",
                            " 🆔 abc", " ⛔ abc", " 📅 2026-11-25"])
        texts[target] += f"\n- [{status}] step {step}{extra}\n    - [ ] sub {step}\n"
        return [target]
    if choice < 0.45:
        text = texts[target]
        texts[target] = text.replace("- [ ]", "- [x]", 1) if "- [ ]" in text else text + "\n"
        return [target]
    if choice < 0.6:  # goal-like or not, with a tag, an alias, a parent
        front = rng.choice(["type: goal", "type: milestone", "tags: [area/goal]",
                            "type: goal\ntag: career", "type: goal\naliases: [Alias]",
                            f"type: goal\nparent: \"[[{rng.choice(names)}]]\"",
                            "type: goal\nevery: week", "title: plain"])
        body = texts[target].split("\n---\n", 1)[-1] if texts[target].startswith("---\n") \
            else texts[target]
        texts[target] = f"---\n{front}\n---\n{body}"
        return [target]
    if choice < 0.7:
        texts[f"renamed {step}/{target}"] = texts.pop(target)
        return [f"renamed {step}/{target}"]
    if choice < 0.8 and len(texts) > 5:
        del texts[target]
        return []
    new = f"Daily/2026-11-{10 + step % 10:02d} extra {step}.md"
    texts[new] = f"- [x] new note task {step} [[{rng.choice(names)}]]\n## Milestones\n- [ ] m\n"
    return [new]


def _parse(path: str, text: str) -> NoteDoc:
    return read_note(path, text.encode("utf-8")).slim()


@pytest.mark.parametrize("root", VAULTS, ids=lambda p: p.name)
def test_a_cached_build_equals_a_cold_one_through_a_sequence_of_edits(root: Path) -> None:
    config = load_config(root) if (root / ".vaultgoals.yaml").exists() else Config()
    texts = _notes(root)
    live = {path: _parse(path, text) for path, text in texts.items()}
    cache = GraphCache()
    rng = random.Random(root.name)
    first_done: dict[tuple[str, int], str] = {}
    for step in range(80):
        cold = build_graph({p: _parse(p, t) for p, t in sorted(texts.items())}, config, TODAY,
                           first_done)
        warm = build_graph(live, config, TODAY, first_done, cache)
        assert dump(warm) == dump(cold), f"step {step}"
        changed = _edit(texts, rng, step)
        for path in [p for p in live if p not in texts]:
            del live[path]
        for path in changed:
            live[path] = _parse(path, texts[path])
        if step % 3 == 0:  # the journal learns (or forgets) when undated done tasks were done
            done = [(r.path, r.task.line) for r in cold.tasks if r.is_done]
            first_done = {k: f"2026-11-{rng.randint(1, 19):02d}" for k in
                          rng.sample(done, min(len(done), 5))}
    assert cache.refs  # the cache was used


@pytest.mark.parametrize("root", VAULTS, ids=lambda p: p.name)
def test_a_build_told_which_notes_dates_changed_equals_a_cold_one(root: Path) -> None:
    """The journal's dates changed in place, the build told in which notes (DatesChanged,
    as app/history.py does): only those notes' undated done tasks are looked at again, and
    the graph still follows every date."""
    config = load_config(root) if (root / ".vaultgoals.yaml").exists() else Config()
    texts = _notes(root)
    live = {path: _parse(path, text) for path, text in texts.items()}
    cache = GraphCache()
    rng = random.Random(root.name + "dates")
    first_done: dict[tuple[str, int], str] = {}
    dates = DatesChanged(object(), object(), None)
    for step in range(40):
        cold = build_graph({p: _parse(p, t) for p, t in sorted(texts.items())}, config, TODAY,
                           dict(first_done))
        warm = build_graph(live, config, TODAY, first_done, cache, dates)
        assert dump(warm) == dump(cold), f"step {step}"
        changed = _edit(texts, rng, step) if step % 2 else []
        for path in [p for p in live if p not in texts]:
            del live[path]
        for path in changed:
            live[path] = _parse(path, texts[path])
        done = [(r.path, r.task.line) for r in cold.tasks if r.is_done]
        keys = rng.sample(done, min(len(done), 3)) + rng.sample(sorted(first_done),
                                                                min(len(first_done), 1))
        for key in keys:  # dated anew, or forgotten
            if rng.random() < 0.8:
                first_done[key] = f"2026-11-{rng.randint(1, 19):02d}"
            else:
                first_done.pop(key, None)
        if step % 9 == 8:  # made anew: no paths said
            first_done = dict(first_done)
            dates = DatesChanged(dates.token, object(), None)
        else:
            dates = DatesChanged(dates.token, object(), frozenset(p for p, _ in keys))
    assert cache.dates_token is dates.since


def test_a_changed_configuration_is_not_answered_from_the_cache() -> None:
    docs = {"N.md": _parse("N.md", "- [ ] Ship it #target\n  - [ ] step\n")}
    cache = GraphCache()
    before = build_graph(docs, Config(), TODAY, None, cache)
    after = build_graph(docs, Config(goal_tag="target"), TODAY, None, cache)
    assert not before.nodes
    assert dump(after) == dump(build_graph(docs, Config(goal_tag="target"), TODAY))
    assert after.nodes["N.md:1"].kind == "goal"


@pytest.mark.parametrize(("before", "after"), [
    # the goal a task links stops being one: the task, unchanged, counts toward nothing
    ({"G.md": "---\ntype: goal\n---\n", "A.md": "- [ ] call [[G]]\n"},
     {"G.md": "---\ntype: book\n---\n"}),
    # the goal's tag moves to another goal
    ({"G.md": "---\ntype: goal\ntag: run\n---\n", "H.md": "---\ntype: goal\n---\n",
      "A.md": "- [ ] jog #run\n"},
     {"G.md": "---\ntype: goal\n---\n", "H.md": "---\ntype: goal\ntag: run\n---\n"}),
    # the task it waited for is done elsewhere: no longer blocked
    ({"B.md": "- [ ] first 🆔 abc\n", "A.md": "- [ ] then ⛔ abc\n"},
     {"B.md": "- [x] first 🆔 abc ✅ 2026-11-19\n"}),
    # a note is renamed: links to it resolve elsewhere
    ({"G.md": "---\ntype: goal\n---\n", "A.md": "- [ ] call [[G]]\n  - [ ] sub #goal\n"},
     {"G.md": None, "Goals/G.md": "---\ntype: goal\n---\n"}),
    # an unchanged goal's parent stops being goal-like: no parent, and a problem says so
    ({"V.md": "---\ntype: vision\n---\n", "G.md": "---\ntype: goal\nparent: \"[[V]]\"\n---\n"},
     {"V.md": "---\ntype: book\n---\n"}),
    # ... or is deleted: the problem says the note does not exist
    ({"V.md": "---\ntype: vision\n---\n", "G.md": "---\ntype: goal\nparent: \"[[V]]\"\n---\n"},
     {"V.md": None}),
    # ... or appears: the goal now sits under it
    ({"G.md": "---\ntype: goal\nparent: \"[[V]]\"\n---\n"},
     {"V.md": "---\ntype: vision\n---\n"}),
    # a skill an unchanged goal links becomes a goal: no longer one of its skills
    ({"S.md": "---\ntype: skill\n---\n", "G.md": "---\ntype: goal\nskills: \"[[S]]\"\n---\n"},
     {"S.md": "---\ntype: goal\n---\n"}),
    # an unchanged goal written as a task, under a note that becomes a goal note
    ({"P.md": "# Plan\n- [ ] Ship it #goal 📅 2026-12-01\n  - [ ] step\n"},
     {"G.md": "---\ntype: goal\n---\n- [ ] Ship it [[P]]\n"}),
])
def test_an_unchanged_note_follows_a_change_in_another(
    before: dict[str, str], after: dict[str, str | None]
) -> None:
    live = {path: _parse(path, text) for path, text in before.items()}
    cache = GraphCache()
    build_graph(live, Config(), TODAY, None, cache)
    for path, text in after.items():
        if text is None:
            del live[path]
        else:
            live[path] = _parse(path, text)
    warm = build_graph(live, Config(), TODAY, None, cache)
    cold = build_graph({p: _parse(p, _text(before, after, p)) for p in live}, Config(), TODAY)
    assert dump(warm) == dump(cold)


def _text(before: dict[str, str], after: dict[str, str | None], path: str) -> str:
    text = after.get(path, before.get(path))
    assert text is not None
    return text
