"""Generated notes that behave in Obsidian (issue #15, points 11 and 12): managed-region
markers never join the Markdown block next to them, and generated text creates no task,
field or tag for the Tasks plugin or Dataview. Checked on real notes written by a run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mistune

from tests.conftest import celebration_notes, run_job
from vaultgoals.core.regions import fingerprint, scan_regions

TODAY = "2026-11-20"
_MD = mistune.create_markdown(renderer=None, plugins=["table"])


def generated_notes(vault: Path) -> dict[str, str]:
    """Every note a run wrote: the review, the explain note, the celebrations and the wins
    log."""
    notes = {rel: (vault / rel).read_text("utf-8")
             for rel in ("Reviews/2026-W47.md", "Reviews/How vaultgoals reads this vault.md")}
    for name, text in celebration_notes(vault).items():
        notes[f"Celebrations/{name}"] = text
    wins = vault / "Celebrations/Wins log.md"
    if not wins.exists():
        wins = next(vault.rglob("Wins log.md"))
    notes[wins.relative_to(vault).as_posix()] = wins.read_text("utf-8")
    return notes


def markers_stand_alone(text: str) -> list[str]:
    """The marker lines of `text` that do not have a blank line (or the note's start or
    end) on both sides: each is said with its line number."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    bad = []
    for i, line in enumerate(lines):
        if "vaultgoals:begin" in line or "vaultgoals:end" in line:
            before = i == 0 or lines[i - 1].strip() == ""
            after = i == len(lines) - 1 or lines[i + 1].strip() == ""
            if not (before and after):
                bad.append(f"{i + 1}: {line}")
    return bad


def _blocks_holding_markers(tokens: list[dict[str, Any]], inside: str = "") -> list[str]:
    """The kinds of Markdown blocks (other than a paragraph of its own) a marker ends up
    in, as mistune reads the note (tables included)."""
    found: list[str] = []
    for tok in tokens:
        kind = tok["type"]
        if kind == "paragraph":
            text = "".join(c.get("raw", "") for c in tok.get("children", []))
            if "vaultgoals:" in text and (inside or text.count("%%") != 2):
                found.append(inside or "paragraph shared with other text")
            continue
        if kind == "text" and "vaultgoals:" in tok.get("raw", "") and inside:
            found.append(inside)
        if "children" in tok:
            where = inside or (kind if kind in ("table", "list", "block_quote") else "")
            found += _blocks_holding_markers(tok["children"], where)
    return found


def test_markers_have_blank_lines_around_them_in_new_notes(sample_copy: Path) -> None:
    run_job(sample_copy, TODAY)
    notes = generated_notes(sample_copy)
    assert any(n.startswith("Celebrations/2026") for n in notes)
    for rel, text in notes.items():
        assert markers_stand_alone(text) == [], rel
        tokens = _MD(text)
        assert isinstance(tokens, list)
        assert _blocks_holding_markers(tokens) == [], rel


def _old_region(name: str, content: str) -> str:
    """A region as vaultgoals wrote it before the blank lines: content right against both
    markers, with a valid fingerprint (so it is ours to update)."""
    return (f"%% vaultgoals:begin {name} fp={fingerprint(content)} %%\n{content}"
            f"%% vaultgoals:end {name} %%\n")


def test_existing_note_gets_blank_lines_inside_regions_and_keeps_every_outside_byte(
    sample_copy: Path,
) -> None:
    old = ("# Weekly review 2026-W47\n\nmy words right above  \n"
           + _old_region("progress", "| Goal | Progress |\n|---|---|\n| [[x]] | 10% |\n")
           + "| my | own table |\n\n## Wins\n"
           + _old_region("wins", "- 🎉 Goal reached: [[x]]\n")
           + "- my own bullet\n\n## Reflection\n\nIt went well.\n")
    path = sample_copy / "Reviews/2026-W47.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(old, encoding="utf-8")

    run_job(sample_copy, TODAY)
    new = path.read_text(encoding="utf-8")

    def outside(text: str) -> str:  # region contents and fp values as placeholders
        parts: list[str] = []
        pos = 0
        for r in scan_regions(text).regions:
            parts += [text[pos:r.fp_span[0]], "<FP>", text[r.fp_span[1]:r.content_start], "<C>"]
            pos = r.content_end
        return "".join([*parts, text[pos:]])

    assert outside(new) == outside(old)
    for r in scan_regions(new).regions:
        assert r.content.startswith("\n") and r.content.endswith("\n\n"), r.name
        assert not r.user_edited
    # What the user wrote right against the markers stays exactly as they wrote it.
    assert "my words right above  \n%% vaultgoals:begin progress" in new
    assert "%% vaultgoals:end progress %%\n| my | own table |" in new
    run_job(sample_copy, TODAY)
    assert path.read_text(encoding="utf-8") == new


def test_regions_appended_to_a_weekly_note_start_after_a_blank_line(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({
        ".obsidian/plugins/periodic-notes/data.json": json.dumps(
            {"weekly": {"enabled": True, "folder": "Weekly", "format": "gggg-[W]ww"}}),
        ".vaultgoals.yaml": "reviews: {into_weekly_note: true}\n",
        "Weekly/2026-W47.md": "# My week\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        "G.md": "---\ntype: goal\n---\n- [x] one ✅ 2026-11-18\n",
    })
    run_job(root, TODAY)
    text = (root / "Weekly/2026-W47.md").read_text(encoding="utf-8")
    assert text.startswith("# My week\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n%% vaultgoals:begin")
    assert markers_stand_alone(text) == []
    tokens = _MD(text)
    assert isinstance(tokens, list)
    assert _blocks_holding_markers(tokens) == []
