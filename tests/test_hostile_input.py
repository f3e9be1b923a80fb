"""Hostile text in titles, and edge values on the command line, in settings and in notes.

Titles: whatever a goal or milestone is called, the generated notes show that text as
typed (Obsidian's reading view is modelled below: `%%` comments hidden, wikilinks shown by
their display text, then CommonMark with the strikethrough, highlight, math and table
extensions, HTML comments hidden and tags dropped) and their managed regions still parse.

Edge values: the real CLI either works or exits 2 with one line naming the value; never an
internal error (exit 70) or a traceback.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import mistune
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import cli, run_job
from vaultgoals.core.celebrations import render_celebration
from vaultgoals.core.decisions import without_decisions
from vaultgoals.core.regions import render_region, scan_regions
from vaultgoals.core.render.checklist import checklist_items
from vaultgoals.core.render.markdown import esc, link

TODAY = "2026-11-20"
# region markers, and the achievement marker of a celebration note
MARKER = re.compile(
    r"[ \t]*%%[ \t]*vaultgoals(:(begin|end) .*|-achievement [0-9a-f]{16} )%%[ \t]*\Z")

HOSTILE_TITLES = [
    "50%% done", "a %%% b", "%% vaultgoals:end wins %%", "%% vaultgoals:end celebration %%",
    "x %% vaultgoals:begin progress fp=000000000000 %% y", "hidden <!-- comment",
    "<b>bold</b> tag", "a --> b", "$x$ math", "$$ block $$", "~~struck~~", "~~~ fence",
    "==marked==", "=== rule", "**bold** and __under__", "*em* _em_", "`code` here",
    "``` fence", "#tag here", "a ^block", "block id ^abc", "[[Other]] link", "[x](http://e.x)",
    "back\\slash \\*", "Tom &amp; Jerry &#37;&#37;", "(due:: 2026-01-01) field",
    "[due:: 2026-01-01] field", "key:: value", "| pipe | row |", "> quote", "<http://e.x>",
]

_VIEW = mistune.create_markdown(
    escape=False, plugins=["strikethrough", "mark", "math", "table", "footnotes"])
JOIN = "\u2060"
_LINK = re.compile(r"!?\[\[((?:[^\[\]\\]|\\.)*?)\]\]")


def _display(m: re.Match[str]) -> str:
    inner = m.group(1)
    parts = re.split(r"\\?\|", inner, maxsplit=1)
    # (word joiners around it: a link's text is inline, it can never start a list item)
    return JOIN + (parts[1] if len(parts) == 2 else parts[0].rsplit("/", 1)[-1]) + JOIN


def shown(text: str) -> str:
    """What Obsidian's reading view shows of `text`, whitespace collapsed."""
    text = re.sub(r"%%.*?(?:%%|\Z)", "", text, flags=re.DOTALL)
    text = _LINK.sub(_display, text)
    rendered = str(_VIEW(text))
    rendered = re.sub(r"<!--.*?(?:-->|\Z)", "", rendered, flags=re.DOTALL)
    rendered = re.sub(r"</?code>", "", rendered)  # inline code (a tag) sits in its line
    rendered = re.sub(r"<[^>]*>", " ", rendered)
    return " ".join(html.unescape(rendered).replace(JOIN, "").split())


def visible(title: str) -> tuple[str, str]:
    """The title as shown: as typed, or (in a link's display text, where vaultgoals drops
    brackets and turns `|` into `-`) without them."""
    flat = " ".join(title.split())
    return flat, " ".join(flat.replace("[", "").replace("]", "").replace("|", "-").split())


def without_link_targets(text: str) -> str:
    return re.sub(r"\[\[[^\[\]|]*?(\\?\||\]\])", r"[[\1", text)


def check_raw(rel: str, text: str) -> None:
    """Nothing a title brought in may act as syntax in the source either."""
    scan = scan_regions(text)
    assert scan.problems == () and scan.regions, (rel, scan.problems)
    assert not any(r.user_edited for r in scan.regions), rel
    # (the answer lines under Reassess are the one checklist written: core/decisions.py)
    assert checklist_items(without_decisions(text)) == [], rel
    body = "\n".join(ln for ln in without_decisions(text).splitlines() if not MARKER.match(ln))
    assert "%%" not in body, (rel, [ln for ln in body.splitlines() if "%%" in ln])
    plain = without_link_targets(body)
    for bad in ("<", "==", "~~"):
        assert bad not in plain, (rel, bad, [ln for ln in plain.splitlines() if bad in ln])
    assert not re.search(r"(?<!\\)\$", plain), rel
    prose = re.sub(r"(?<!\\)`[^`\n]*`", "", plain)  # (inline code holds no tag: `#tag`)
    assert not re.search(r"(?<![\\#])#(?![\s#])", prose), rel  # a tag
    assert not re.search(r"(?<!\\)\^[\w-]+\s*$", plain, re.MULTILINE), rel  # a block id
    assert "::" not in plain, rel  # a Dataview field: [key:: value], (key:: value)


def goal_tree(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = list(data["goals"])
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("children") or ())


def _run(*args: str) -> Any:
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


# --------------------------------------------------------------------------- titles


def test_hostile_titles_show_as_typed_and_regions_still_parse(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    files: dict[str, str | bytes] = {}
    for i, title in enumerate(HOSTILE_TITLES):
        prop = yaml.safe_dump({"title": title}, allow_unicode=True, width=10_000)
        files[f"Goals/done{i}.md"] = (f"---\ntype: goal\n{prop}status: done\n"
                                      "completed: 2026-11-18\n---\n- [x] did it ✅ 2026-11-18\n")
        files[f"Goals/open{i}.md"] = (f"---\ntype: goal\n{prop}deadline: 2026-11-27\n---\n"
                                      "- [x] step ✅ 2026-11-19\n- [ ] next step\n")
        files[f"Goals/ms{i}.md"] = ("---\ntype: goal\n---\n## Milestones\n"
                                    f"- [x] {title} ✅ 2026-11-17\n- [ ] more\n")
    root = vault(files)
    data = json.loads(_run("status", str(root), "--json", "--today", TODAY).stdout)
    nodes = [n for n in goal_tree(data) if n["kind"] in ("goal", "milestone")]
    assert set(HOSTILE_TITLES) <= {n["title"] for n in nodes}
    done = sum(1 for n in nodes if n["state"] == "done")
    titles = set(HOSTILE_TITLES) | {n["title"] for n in nodes
                                    if n["kind"] == "milestone" and n["state"] == "done"}
    # (a `ms` goal whose open step a hostile title swallowed has every step done: done too)
    celebrated = titles | {n["title"] for n in nodes if n["state"] == "done"}
    run_job(root, TODAY)

    notes = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
             for p in root.rglob("*.md")
             if p.relative_to(root).parts[0] in ("Reviews", "Celebrations", "Wins log.md")}
    review = notes.pop("Reviews/2026-W47.md")
    wins_log = notes.pop("Wins log.md")
    explained = notes.pop("Reviews/How vaultgoals reads this vault.md")
    assert len(notes) == done >= len(HOSTILE_TITLES), sorted(notes)  # a celebration each
    for rel, text in [("Reviews/2026-W47.md", review), ("Wins log.md", wins_log),
                      ("Reviews/How vaultgoals reads this vault.md", explained), *notes.items()]:
        check_raw(rel, text)
    shown_review, shown_log = shown(review), shown(wins_log)
    shown_cels = [shown(t) for t in notes.values()]
    for title in titles:
        forms = visible(title)
        assert any(f in shown_review for f in forms), (title, esc(title), link("x", title))
        assert any(f in shown_log for f in forms), (title, esc(title))
        assert any(f in s for s in shown_cels for f in forms), title
    for text in notes.values():  # each celebration's own heading shows its title
        heading = shown(text.split("\n", 1)[0])
        assert heading.startswith("🎉 ") and any(
            heading[2:] in visible(t) for t in celebrated), heading
    again, _ = run_job(root, TODAY)
    assert again.written == []


def test_a_hostile_unit_shows_as_typed(vault: Callable[[dict[str, str | bytes]], Path]) -> None:
    """The unit of a measurable goal is the user's text too (the Pace table, the
    celebration's "Measured" line)."""
    unit = "%% <!-- $x$ ==h== ~~s~~ #tag"
    prop = yaml.safe_dump({"unit": unit}, width=10_000)
    root = vault({
        "Goals/Save.md": f"---\ntype: goal\ntarget: 100\nprogress: 10\n{prop}"
                         "deadline: 2027-06-30\n---\n",
        "Goals/Read.md": f"---\ntype: goal\ntarget: 12\nprogress: 12\n{prop}"
                         "completed: 2026-11-18\n---\n",
    })
    run_job(root, TODAY)
    review = (root / "Reviews" / "2026-W47.md").read_text(encoding="utf-8")
    (cel,) = (root / "Celebrations").iterdir()
    for rel, text in (("review", review), ("celebration", cel.read_text(encoding="utf-8"))):
        check_raw(rel, text)
        assert unit in shown(text), rel


def test_ordinary_text_is_not_escaped() -> None:
    for text in ("Run a half marathon", "Practice exam 2 (aim for 75%+)", "10:30 call",
                 "a = b", "~1 km", "R&D plan", "Post 2: \"A/B test pitfalls I fell into\"",
                 "café 🎉 über"):
        assert esc(text) == text
        assert link("Goals/x.md", text) == f"[[Goals/x|{text}]]"


def test_escaping_is_done_once() -> None:
    """Every title is escaped exactly once wherever it appears: what the reader sees is
    the title, not a backslash or entity vaultgoals added (see shown())."""
    for title in HOSTILE_TITLES:
        for forms, text in ((visible(title), f"- {esc(title)}"),
                            (visible(title), f"- {link('Goals/x.md', title)}"),
                            (visible(title), f"| {link('Goals/x.md', title, table=True)} |\n"
                                             "|---|")):
            assert any(f in shown(text) for f in forms) or shown(text) in forms, (title, text)


_HOSTILE_CHARS = st.sampled_from(list("%%%<!-->$$~~==**__``##^^[]|\\:&;()# \n\tab1é🎉"))
_TITLES = st.text(_HOSTILE_CHARS, max_size=30) | st.sampled_from(HOSTILE_TITLES)


@given(_TITLES)
@settings(max_examples=300, deadline=None)
def test_any_title_round_trips_through_regions_and_shows_as_typed(title: str) -> None:
    lines = [f"- 🎉 Goal reached: {link('Goals/g.md', title)}",
             f"- **{link('Goals/g.md', title)}** — 2 done",
             f"- ⚠ 2026-11-18 · goal: {esc(title)} ([[Goals/g|g]]:3)"]
    table = ["| Goal | Progress |", "|---|---|",
             f"| {link('Goals/g.md', title, table=True)} | 50% |"]
    content = "\n".join(lines) + "\n\n" + "\n".join(table)
    region = render_region("wins", content)
    note = f"# Weekly review\n\n## Wins\n\n{region}\n## Reflection\n"
    check_raw("review", note)
    (got,) = scan_regions(note).regions
    assert got.content == "\n" + content + "\n\n"  # a blank line against each marker
    cel = render_celebration(title, "Reached on 2026-11-18.", "Goals/g.md")
    check_raw("celebration", cel)
    if title.strip():
        forms = visible(title)
        for line in (*lines, "\n".join(table), cel.split("\n", 1)[0]):
            if "[" in title or "]" in title or "|" in title:
                continue  # a title with links or pipes shows them as links, or without them
            assert any(f in shown(line) for f in forms), (title, line, shown(line))


def test_sample_vault_review_bytes_unchanged(sample_copy: Path) -> None:
    """Ordinary titles: the escaping above changes nothing (the expected review is the one
    test_sample_vault checks; here, only that no escape of the new kinds appears)."""
    run_job(sample_copy, TODAY)
    review = (sample_copy / "Reviews" / "2026-W47.md").read_text(encoding="utf-8")
    for new in ("&lt;", "\\$", "\\%", "\\=", "\\~", "\\:", "\\&"):
        assert new not in review, new


# --------------------------------------------------------------------------- edge values

EXTREME_DATES = ["9999-12-31", "0001-01-01", "9999-12-25", "0001-01-07", "0001-02-01"]
EXTREME_WEEKS = ["0001-W01", "0001-W02", "9999-W52", "9999-W51", "1000-W01", "8999-W52"]
NOTES: dict[str, str | bytes] = {
    "Goals/Done.md": "---\ntype: goal\nstatus: done\ncompleted: 2026-11-18\n---\n"
                     "- [x] it ✅ 2026-11-18\n",
    "Goals/Run.md": "---\ntype: goal\ndeadline: 2026-12-31\n---\n- [x] a ✅ 2026-11-18\n"
                    "- [ ] b\n",
    "Goals/Far.md": "---\ntype: goal\nstart: 0001-01-01\ndeadline: 9999-12-31\n---\n"
                    "- [x] old ✅ 0001-01-01\n- [x] late ✅ 9999-12-31\n- [ ] c 📅 9999-12-31\n",
    "Commitments/Yearly.md": "---\nevery: year\nquota: 1\nstart: 0001-01-01\n---\n"
                             "- [x] y ✅ 0001-01-02\n",
    "Commitments/Weekly.md": "---\nevery: week\nquota: 2\n---\n- [x] w ✅ 9999-12-30\n",
}


def assert_ok_or_usage(proc: Any, value: str) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 2), (proc.returncode, proc.stderr)
    if proc.returncode == 2:
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and value in lines[0], proc.stderr


@pytest.mark.parametrize("day", EXTREME_DATES)
def test_extreme_today_works_or_is_a_usage_error(
    vault: Callable[[dict[str, str | bytes]], Path], day: str,
) -> None:
    root = vault(NOTES)
    for command in ("run", "review", "celebrate", "status", "tasks"):
        proc = cli(command, str(root), "--today", day)
        assert_ok_or_usage(proc, day)
    assert proc.returncode == 2  # (out of range: said once, the same for every command)


@pytest.mark.parametrize("day", ["1000-01-01", "8999-12-31"])
def test_the_first_and_last_supported_days_work_on_extreme_notes(
    vault: Callable[[dict[str, str | bytes]], Path], day: str,
) -> None:
    root = vault(NOTES)
    for command in ("run", "status", "tasks"):
        _run(command, str(root), "--today", day)


@pytest.mark.parametrize("week", EXTREME_WEEKS)
def test_extreme_week_works_or_is_a_usage_error(
    vault: Callable[[dict[str, str | bytes]], Path], week: str,
) -> None:
    root = vault(NOTES)
    proc = cli("review", str(root), "--today", TODAY, "--week", week)
    assert_ok_or_usage(proc, week)
    if week.startswith(("0001", "9999")):
        assert proc.returncode == 2


BIG = "9" * 400


@pytest.mark.parametrize(("key", "value"), [
    ("pace_weeks", "0"), ("pace_weeks", "-1"), ("pace_weeks", BIG), ("pace_weeks", "10000000"),
    ("pace_weeks", "1e400"), ("stale_days", "100000000"), ("stale_days", BIG),
    ("due_soon_days", "100000000"), ("due_soon_days", BIG),
    ("celebrations.lookback_days", "100000000"), ("celebrations.lookback_days", BIG),
])
def test_extreme_settings_work_or_are_named(
    vault: Callable[[dict[str, str | bytes]], Path], key: str, value: str,
) -> None:
    section, _, name = key.rpartition(".")
    setting = f"{section}:\n  {name}: {value}\n" if section else f"{name}: {value}\n"
    root = vault({**NOTES, ".vaultgoals.yaml": setting})
    for command in ("run", "status"):
        proc = cli(command, str(root), "--today", TODAY)
        assert_ok_or_usage(proc, value[:15])
        if proc.returncode == 2:
            assert f"'{key}'" in proc.stderr, proc.stderr


@pytest.mark.parametrize("value", ["9" * 5000, "2026-02-30"])
def test_settings_yaml_cannot_build_are_named(
    vault: Callable[[dict[str, str | bytes]], Path], value: str,
) -> None:
    root = vault({**NOTES, ".vaultgoals.yaml": f"stale_days: {value}\n"})
    proc = cli("run", str(root), "--today", TODAY)
    assert_ok_or_usage(proc, ".vaultgoals.yaml")
    assert proc.returncode == 2


def _json_strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(("field", "note"), [
    ("progress", "---\ntype: goal\ntarget: 10\nprogress: 1e400\n---\n"),
    ("progress", "---\ntype: goal\ntarget: 10\nprogress: -1e400\n---\n"),
    ("progress", "---\ntype: goal\ntarget: 10\nprogress: .nan\n---\n"),
    ("target", f"---\ntype: goal\ntarget: {BIG}\nprogress: 3\n---\n"),
    ("target", "---\ntype: goal\ntarget: 1e300\nprogress: 1\ndeadline: 2027-01-01\n---\n"),
    ("target", f"---\ntype: goal\ntarget: \"{BIG}\"\nprogress: 1\n---\n"),
    ("quota", f"---\ntype: commitment\nevery: week\nquota: {BIG}\n---\n- [x] a ✅ 2026-11-18\n"),
    ("quota", "---\ntype: commitment\nevery: week\nquota: 1e300\n---\n- [x] a ✅ 2026-11-18\n"),
    ("weight", "---\ntype: goal\nparent: \"[[V]]\"\nweight: 1e400\n---\n- [ ] a\n"),
])
def test_absurd_numbers_are_named_warnings(
    vault: Callable[[dict[str, str | bytes]], Path], field: str, note: str,
) -> None:
    files: dict[str, str | bytes] = {"V.md": "---\ntype: vision\n---\n", "Goals/A.md": note}
    root = vault(files)
    proc = _run("run", str(root), "--today", TODAY)
    assert "journal" not in proc.stderr, proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning Goals/A.md:")]
    assert any(f"'{field}'" in ln for ln in warned), proc.stderr
    data = _json_strict(_run("status", str(root), "--json", "--today", TODAY).stdout)
    assert all(len(n["explain"]) < 200 for n in goal_tree(data)), data


def test_huge_weights_do_not_make_progress_nan(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    goal = "---\ntype: goal\nparent: \"[[V]]\"\nweight: 1e308\n---\n- [x] a ✅ 2026-11-18\n"
    files: dict[str, str | bytes] = {"V.md": "---\ntype: vision\n---\n", "Goals/A.md": goal,
                                     "Goals/B.md": goal, "Goals/C.md": goal}
    root = vault(files)
    proc = _run("run", str(root), "--today", TODAY)
    assert "journal" not in proc.stderr, proc.stderr
    data = _json_strict(_run("status", str(root), "--json", "--today", TODAY).stdout)
    assert all(0.0 <= n["progress"] <= 1.0 for n in goal_tree(data))


def test_a_pace_too_slow_to_ever_finish_is_at_risk_not_a_crash(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    """A measurable goal that moved a hair in four weeks: at that rate it would finish
    after the year 9999; the projection is left out instead of overflowing."""
    note = "---\ntype: goal\ntarget: 1000000000000\nprogress: {}\ndeadline: 2027-06-30\n---\n"
    root = vault({"Goals/Save.md": note.format(0)})
    run_job(root, "2026-10-20")  # a snapshot before the 4-week window
    (root / "Goals" / "Save.md").write_text(note.format(0.000001), encoding="utf-8")
    run_job(root, TODAY)
    review = (root / "Reviews" / "2026-W47.md").read_text(encoding="utf-8")
    row = next(ln for ln in review.splitlines()
               if ln.startswith("| [[Goals/Save\\|") and "2027-06-30" in ln)
    assert "at risk" in row and "| — |" in row, row
