"""The gate (parse/cues.py) is a superset of the note recognisers: a note it does not read in
full is one no note recogniser would claim. goals/conventions.py relies on it and asks them
nothing about such a note. Checked on every note of the test vaults and on near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultgoals.core.config import Config
from vaultgoals.core.goals.props import props
from vaultgoals.core.goals.registry import recognise_note
from vaultgoals.core.parse.scanner import parse_note, read_note
from vaultgoals.store.settings import load_config

ROOT = Path(__file__).resolve().parent.parent
VAULTS = sorted({p.parent for base in ("tests/data/conventions", "tests/data/heldout",
                                        "tests/data/vaults")
                 for p in (ROOT / base).glob("*/*") if p.is_file()} | {ROOT / "sample_vault"})


def _claimed_when_not_read_in_full(path: str, data: bytes, config: Config) -> str | None:
    doc = read_note(path, data, config.cue_words)
    if doc.full:
        return None
    fm = props(doc.frontmatter, config.extra_fields) if doc.frontmatter else {}
    found = recognise_note(doc, fm, config)
    return None if found is None else f"{path}: {found.kind} by {found.by}"


@pytest.mark.parametrize("vault", VAULTS, ids=lambda p: p.name)
def test_every_note_a_note_recogniser_claims_is_read_in_full(vault: Path) -> None:
    config = load_config(vault) if (vault / ".vaultgoals.yaml").exists() else Config()
    missed = [m for p in sorted(vault.rglob("*.md")) if ".obsidian" not in p.parts
              if (m := _claimed_when_not_read_in_full(
                  p.relative_to(vault).as_posix(), p.read_bytes(), config))]
    assert missed == []


@pytest.mark.parametrize(("path", "text"), [
    ("Notes/Kitchen.md", "---\ntags: project, home\n---\n- [ ] Tiles\n"),
    ("Notes/Kitchen.md", "---\ntags: home project\n---\nWords.\n"),
    ("Notes/Stretch.md", "---\nfrequency: 5 times a week\n---\nTen minutes.\n"),
    ("Notes/Stretch.md", "---\nperiod: daily\n---\n"),
    ("Notes/Run.md", "---\ntype: Value Goal\n---\n"),
    ("Notes/Run.md", "---\ncategory: [outcome]\n---\n"),
    ("Notes/Run.md", "---\nfileClass: goal\n---\n"),
    ("Notes/Shed.md", "---\nactivationDate: 2025-01-02\n---\n"),
    ("Projects/Shed.md", "---\nstatus: active\n---\n"),
    ("Goals/Shed.md", "Words.\n"),
    ("Notes/P.md", "---\nstart: 2025-01-06\nstatus: done\ngoal: '[[Board game]]'\n---\n"),
    ("Notes/P.md", "---\nstart: 2025-01-06\nstatus: done\nValue Goal: [[Board game]]\n---\n"),
    ("Work/2 Phases/P.md", "---\nstart: 2025-01-06\nstatus: done\n---\n"),
    ("Skills/SQL.md", "Words.\n"),  # (#17: a skills folder)
    ("3 Resources/🧠 Competencies/SQL.md", "---\nlevel: 2\n---\n"),
])
def test_near_misses_of_the_gate_are_read_in_full(path: str, text: str) -> None:
    config = Config()
    doc = parse_note(path, text, config.cue_words)
    fm = props(doc.frontmatter, config.extra_fields) if doc.frontmatter else {}
    assert recognise_note(doc, fm, config) is not None
    assert doc.full


def test_the_vaults_own_property_names_are_read_in_full() -> None:
    config = Config(extra_fields=(("every", ("Rhythm",)), ("type", ("Art",))))
    for text in ("---\nRhythm: daily\n---\n", "---\nart: goal\n---\n"):
        doc = parse_note("Notes/Stretch.md", text, config.cue_words)
        fm = props(doc.frontmatter, config.extra_fields) if doc.frontmatter else {}
        assert recognise_note(doc, fm, config) is not None
        assert doc.full


@pytest.mark.parametrize(("text", "full"), [
    ("- [ ] Call Anna [goal:: [[Network]]]\n- [x] Call Ben (goal:: [[Network]])\n", False),
    ("- [ ] Call Anna [goal:: [Network](Network.md)]\n", False),
    ("- [ ] Fix the door [goal:: true]\n", True),
    ("- [ ] Fix the door [type:: goal]\n", True),
    ("Goal:: [[Network]]\n- [ ] Call Anna\n", True),  # the page's own goal-level link
])
def test_a_task_that_links_its_goal_does_not_make_the_note_worth_reading_in_full(
        text: str, full: bool) -> None:
    # (an export of 50,000 such tasks would otherwise be kept item by item, line by line)
    assert parse_note("Inbox/Todoist.md", text).full is full
