"""Generated notes that behave in Obsidian (issue #15, points 11 and 12): managed-region
markers never join the Markdown block next to them, and generated text creates no task,
field or tag for the Tasks plugin or Dataview. Checked on real notes written by a run."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mistune

from tests.conftest import celebration_notes, run_job, write_vault
from vaultgoals.core.celebrations import parse_wins_log
from vaultgoals.core.decisions import without_decisions
from vaultgoals.core.regions import fingerprint, scan_regions
from vaultgoals.core.render.markdown import esc

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


# --- point 12: no task, field or tag of the user's made up by generated text -----------------

# From the Tasks plugin's source (src/Task/TaskRegularExpressions.ts and its emoji
# serializer; MIT, as tests/data/tasks-plugin-cases.jsonl): a task line, its tags, and its
# date fields. The Tasks plugin anchors the dates at the end of a task line; Dataview looks
# for them anywhere in a list item (`✅\s*(\d{4}-\d{2}-\d{2})`), so they are searched
# unanchored here, in every line.
TASKS_TASK = re.compile(r"^([\s\t>]*)([-*+]|[0-9]+\.) +\[(.)\] *(.*)", re.UNICODE)
TASKS_TAG = re.compile(r"(^|\s)#[^ !@#$%^&*(),.?\":{}|<>]+")
FIELD_DATE = re.compile("(?:\u2705|\U0001F4C5|\U0001F4C6|\U0001F5D3\uFE0F?|\u23F3|\u231B"
                        "|\U0001F6EB|\u2795|\u274C)\\s*\\d{4}-\\d{2}-\\d{2}")
# Obsidian's tags, stricter: a `#` and a tag character even after a backslash (`\#tag` is
# still indexed by some views), at the start, after white space or an opening bracket.
ANY_TAG = re.compile(r"(?<![^\s(\[{\"'])\\?#[^\s!\"#$%&'()*+,.:;<=>?@\[\]\\^`{|}~]")
# Dataview's inline fields: `[key:: value]`, `(key:: value)` and `key:: value` lines.
DATAVIEW_FIELD = re.compile(r"::")
_CODE = re.compile(r"`[^`\n]*`")
_WIKILINK = re.compile(r"\[\[[^\]\n]*\]\]")


def metadata_made_up(text: str) -> list[str]:
    """What in a generated note the Tasks plugin, Dataview or Obsidian's tag index would
    read as the user's data: tasks, date fields, inline fields, tags. Code (fenced or
    inline) and link targets are not read for tags or fields."""
    found: list[str] = []
    fenced = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or line.startswith("%%"):
            continue
        prose = _WIKILINK.sub("[[]]", _CODE.sub("``", line))
        for what, rx, where in (("task", TASKS_TASK, line), ("date field", FIELD_DATE, line),
                                ("inline field", DATAVIEW_FIELD, prose),
                                ("Tasks tag", TASKS_TAG, prose), ("tag", ANY_TAG, prose)):
            if rx.search(where):
                found.append(f"{n}: {what}: {line}")
    return found


def test_metadata_made_up_finds_what_the_plugins_read() -> None:
    """The checker itself, on lines the plugins do read (so a pass below means something)."""
    for line in ("- [x] Run ✅ 2026-11-19", "- ✅ 2026-11-19 Run", "- done ❌2026-11-19",
                 "Due 🗓️ 2026-11-19 ok", "- Run [due:: 2026-11-19]", "status:: active",
                 "- Run #health", "- Run \\#health", "#goal at the start"):
        assert metadata_made_up(line), line
    for line in ("- 2026-11-19 · Run `#health`", "- Run 📅 2026\\-11\\-30",
                 "- before: 2026-11-14 0/1 ❌, 2026-11-15 1/1 ✅", "## Wins",
                 "- [[Notes/Health#Run|Health]] C\\# and a \\# b", "%% vaultgoals:end x %%"):
        assert not metadata_made_up(line), line


HOSTILE = {
    "Goals/Stay fit.md": (
        "---\ntype: goal\ntitle: Stay fit 📅 2026-12-01\n---\n## Milestones\n"
        "- [x] Sign up ✅ 2026-11-17\n- [x] Book 📅 2026-11-30 tickets ✅ 2026-11-18\n"
        "- [ ] Race day\n\n## Tasks\n"
        "- [x] Call 📅 2026-11-30 about tickets #health ✅ 2026-11-18\n"
        "- [x] Buy shoes #gear/running ✅ 2026-11-19\n"
        "- [ ] Race day ⏳ 2026-12-01 (key:: value) #race\n"),
}


def test_generated_notes_create_no_task_field_or_tag(sample_copy: Path) -> None:
    write_vault(sample_copy, HOSTILE)
    run_job(sample_copy, TODAY)
    notes = generated_notes(sample_copy)
    for rel, text in notes.items():
        # (the answer lines under Reassess are the one checklist written, on purpose:
        # core/decisions.py; each is `- [ ] option ^vgd-…` and nothing else)
        assert metadata_made_up(without_decisions(text)) == [], rel
    review = notes["Reviews/2026-W47.md"]
    answers = [line for line in review.splitlines() if "^vgd-" in line]
    assert answers and all(re.fullmatch(r"    - \[ \] [a-z .…]+ \^vgd-[0-9a-f]{8}-[a-z]+", a)
                           for a in answers)
    # and still readable: the dates and tags are there, as the user wrote them
    assert "- 2026-11-18 · Call 📅 2026\\-11\\-30 about tickets `#health`" in review
    assert "Buy shoes `#gear/running`" in review
    # (a link to a celebration note is text too: its name leaves the field emoji out)
    assert "2026-11-18 Book 2026-11-30 tickets.md" in celebration_notes(sample_copy)
    assert re.search(r"before: 2026-11-\d\d \d/1 [✅❌], 2026-11-\d\d \d/1 [✅❌]", review)
    shown = mistune.html(review)
    assert isinstance(shown, str)
    assert "Call 📅 2026-11-30 about tickets <code>#health</code>" in shown


def test_a_wins_log_line_is_recognised_with_its_tag_in_either_form() -> None:
    """A lost journal is rebuilt from what the vault shows: a wins log written before tags
    were shown as code (`\\#fast`) names the same achievement as one written now."""
    before = parse_wins_log("- 2026-11-16 🏁 Run 5k \\#fast\n")
    now = parse_wins_log(f"- 2026-11-16 🏁 {esc('Run 5k #fast')}\n")
    assert [s.title for s in before] == [s.title for s in now] == ["run 5k #fast"]
