"""Measure how well vaultgoals reads the conformance vaults in tests/data/conventions/.

Each vault there is written in one style people use for goals and carries an answer key,
`answers.yaml` (format in tests/data/conventions/README.md). `measure` runs the real
pipeline over a vault in process, exactly as `status` would (config from the vault, no
parse cache so nothing is written into the test data), and compares the graph's goal,
milestone and commitment nodes with the key: node key = the key's `at` (a note path, or
`path:line` for an item).

Used by tests/test_conventions.py and benchmarks/conventions_report.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from vaultgoals.app.pipeline import Pipeline
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.store.settings import load_config

CONVENTIONS = Path(__file__).resolve().parent / "data" / "conventions"
# Held-out vaults (same key format), written without reading the recognisers: measured by
# `benchmarks/conventions_report.py --heldout`, never a test gate. Keys of real vaults kept
# outside the repository are `real-<name>.yaml` there.
HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"
BASELINE = CONVENTIONS / "baseline.json"
# The day every measurement is taken on: the vaults are dated in 2025.
TODAY = date(2025, 6, 15)
# The node kinds the key lists, in the order the report prints them.
KINDS = ("goal", "milestone", "commitment")
# The target for when #14 is done: recall and precision on this set.
TARGET = 0.95


@dataclass(frozen=True)
class Expected:
    """One entry of the answer key."""

    at: str  # note path, or `path:line`
    kind: str
    done: bool
    text: str = ""  # a piece of the line at `at`, so a key that drifts from its vault fails
    parent: str | None = None  # for a milestone: the goal it belongs to


@dataclass(frozen=True)
class Key:
    vault: Path
    style: str
    expected: tuple[Expected, ...]
    not_goals: Mapping[str, str]  # at → why it is not a goal

    def of_kind(self, kind: str) -> dict[str, Expected]:
        return {e.at: e for e in self.expected if e.kind == kind}


@dataclass(frozen=True)
class Score:
    """Expected and reported items of one kind in one vault."""

    expected: int
    reported: int
    hits: int  # reported and expected, with the same kind
    done_right: int  # of the hits, those whose done/not-done agrees with the key

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Share of what is reported that is right; nothing reported is nothing wrong."""
        return self.hits / self.reported if self.reported else 1.0

    def as_dict(self) -> dict[str, int]:
        return {"expected": self.expected, "reported": self.reported, "hits": self.hits,
                "done_right": self.done_right}


@dataclass(frozen=True)
class Measurement:
    vault: str
    scores: Mapping[str, Score]
    noise_hits: Mapping[str, list[str]]  # not_goals entry → the node keys reported for it
    extra: Mapping[str, list[str]] = field(default_factory=dict)  # kind → reported, not in key
    missed: Mapping[str, list[str]] = field(default_factory=dict)  # kind → expected, not found
    wrong_done: Mapping[str, list[str]] = field(default_factory=dict)  # kind → found, done differs
    wrong_parent: list[str] = field(default_factory=list)  # milestones found under another goal
    labels: Mapping[str, str] = field(default_factory=dict)  # node key → "recogniser: title"


def vault_names(root: Path = CONVENTIONS) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/answers.yaml"))


def _entries(raw: Iterable[Any], kind: str, parent: str | None = None) -> Iterable[Expected]:
    for item in raw or ():
        at = str(item["at"])
        yield Expected(at, kind, bool(item.get("done", False)), str(item.get("text", "")),
                       parent)
        if kind == "goal":
            yield from _entries(item.get("milestones") or (), "milestone", at)


def load_key(name: str, root: Path = CONVENTIONS) -> Key:
    return load_key_file(root / name / "answers.yaml", root / name)


def load_key_file(answers: Path, vault: Path) -> Key:
    """The key in `answers` for the vault at `vault` (the two may live apart)."""
    data = yaml.safe_load(answers.read_text(encoding="utf-8"))
    expected = [*_entries(data.get("goals"), "goal"),
                *_entries(data.get("commitments"), "commitment")]
    not_goals = {str(n["at"]): str(n.get("why", "")) for n in data.get("not_goals") or ()}
    return Key(vault, str(data.get("style", vault.name)), tuple(expected), not_goals)


def split_at(at: str) -> tuple[str, int | None]:
    """`path:line` → (path, line); a note path → (path, None). Paths may contain colons
    only before a `.md`, so the split is at the last colon after `.md`."""
    head, sep, tail = at.rpartition(":")
    if sep and head.endswith(".md") and tail.isdigit():
        return head, int(tail)
    return at, None


def key_problems(key: Key) -> list[str]:
    """Entries whose note is missing, whose line is past the end, or whose line no longer
    holds the entry's `text`: the key no longer describes its vault."""
    out: list[str] = []
    entries = [*((e.at, e.text) for e in key.expected),
               *((at, "") for at in key.not_goals)]
    for at, text in entries:
        path, line = split_at(at)
        note = key.vault / path
        if not note.is_file():
            out.append(f"{at}: no such note")
            continue
        if line is None:
            continue
        lines = note.read_text(encoding="utf-8").split("\n")
        if not 1 <= line <= len(lines):
            out.append(f"{at}: the note has {len(lines)} lines")
        elif text and text not in lines[line - 1]:
            out.append(f"{at}: line is {lines[line - 1]!r}, key expects {text!r}")
    return out


def build(vault: Path, today: date = TODAY) -> Graph:
    """The graph `status` would show for the vault, without writing anything into it."""
    pipeline = Pipeline(vault, load_config(vault), use_cache=False)
    try:
        pipeline.scan()
        return pipeline.graph(today)
    finally:
        pipeline.close()


def is_done(node: Node) -> bool:
    return node.state == "done" or node.declared in ("done", "dropped")


def _noise(key: Key, nodes: Mapping[str, Node]) -> dict[str, list[str]]:
    """For each not-goal entry, the nodes reported for it: for a note, any node in that note
    (a template's milestones count against it too); for a line, a node at that line."""
    out: dict[str, list[str]] = {}
    for at in key.not_goals:
        path, line = split_at(at)
        if line is None:
            hits = sorted(k for k, n in nodes.items() if n.path == path)
        else:
            hits = [at] if at in nodes else []
        if hits:
            out[at] = hits
    return out


def measure(name: str, today: date = TODAY, root: Path = CONVENTIONS) -> Measurement:
    return measure_key(load_key(name, root), name, today)


def measure_key(key: Key, name: str, today: date = TODAY) -> Measurement:
    nodes = build(key.vault, today).nodes
    scores: dict[str, Score] = {}
    extra: dict[str, list[str]] = {}
    missed: dict[str, list[str]] = {}
    wrong_done: dict[str, list[str]] = {}
    for kind in KINDS:
        wanted = key.of_kind(kind)
        reported = {k: n for k, n in nodes.items() if n.kind == kind}
        hits = wanted.keys() & reported.keys()
        done_right = sum(1 for k in hits if is_done(reported[k]) == wanted[k].done)
        scores[kind] = Score(len(wanted), len(reported), len(hits), done_right)
        if reported.keys() - wanted.keys():
            extra[kind] = sorted(reported.keys() - wanted.keys())
        if wanted.keys() - reported.keys():
            missed[kind] = sorted(wanted.keys() - reported.keys())
        differs = sorted(k for k in hits if is_done(reported[k]) != wanted[k].done)
        if differs:
            wrong_done[kind] = differs
    milestones = key.of_kind("milestone")
    wrong_parent = sorted(k for k, e in milestones.items()
                          if k in nodes and nodes[k].kind == "milestone"
                          and nodes[k].parent != e.parent)
    labels = {k: f"{n.found_by or '?'}: {n.title}" for k, n in nodes.items() if n.kind in KINDS}
    return Measurement(name, scores, _noise(key, nodes), extra, missed, wrong_done,
                       wrong_parent, labels)


def total(measurements: Iterable[Measurement], kind: str) -> Score:
    scores = [m.scores[kind] for m in measurements]
    return Score(sum(s.expected for s in scores), sum(s.reported for s in scores),
                 sum(s.hits for s in scores), sum(s.done_right for s in scores))


def baseline_record(measurements: Iterable[Measurement]) -> dict[str, Any]:
    """What baseline.json holds: per vault and kind the counts behind recall and precision."""
    return {"today": TODAY.isoformat(),
            "vaults": {m.vault: {kind: m.scores[kind].as_dict() for kind in KINDS}
                       for m in measurements}}
