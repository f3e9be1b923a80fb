"""Property-based tests (hypothesis) that complement the ones already in test_scanner.py
(arbitrary *text* through `parse_note`), test_regions.py (outside text preserved, idempotence,
exact bytes of one region, CRLF, no final newline, BOM, edits inside regions) and
test_dates.py (periods tile the calendar). Added here:

* arbitrary BYTES (invalid UTF-8 mixed with task syntax) through `read_note`: never raises,
  and every task points at an existing line that looks like a task;
* whole vaults of hostile frontmatter values through the pure core (graph, review, status
  JSON, celebrations): never raises, and the JSON is strict JSON (no NaN/Infinity);
* `update_regions` on arbitrary text: never raises, changes nothing but region contents;
* the managed-region writer end to end: a real `Job` on a real folder, the user's text around
  and inside the review in any line-ending style, with or without a final newline, survives
  byte for byte, and a second pass writes nothing;
* commitment counting across month/quarter/year ends and leap days, with hypothesis-made
  completion dates, against a brute-force count of the same period.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.conftest import strip_quotes
from vaultgoals.app.jobs import Job
from vaultgoals.core.celebrations import plan_celebrations
from vaultgoals.core.commitments import commitment_status
from vaultgoals.core.config import Config
from vaultgoals.core.evidence import _key as evidence_key
from vaultgoals.core.graph import build_graph
from vaultgoals.core.insights import build_review, week_of
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.parse.frontmatter import split_lines
from vaultgoals.core.parse.listline import match_item
from vaultgoals.core.parse.scanner import parse_note, read_note
from vaultgoals.core.regions import scan_regions, update_regions
from vaultgoals.core.render.json import status_json
from vaultgoals.core.render.review import review_regions

# --------------------------------------------------------------------------- bytes

_BYTE_FRAGMENTS = st.sampled_from([
    b"- ", b"* ", b"1. ", b"[ ] ", b"[x] ", b"[/] ", b"> ", b">", b"    ", b"\t", b"```",
    b"~~~", b"%%", b"<!--", b"-->", b"# ", b"---", b"===", b"#tag ", b"[[L]]", b"\n", b"\n",
    b"\r\n", b"\r", b"\xff", b"\xfe", b"\xc3", b"\xe2\x9c", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    b"\x00", b"\xef\xbb\xbf", "📅 2024-01-01 ".encode(), "✅ 2024-02-29".encode(), b"a",
    "é".encode(), b"text ", b"::", b"[goal:: [[G]]] ",
])
_BYTES = st.one_of(st.lists(_BYTE_FRAGMENTS, max_size=80).map(b"".join), st.binary(max_size=400))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BYTES)
def test_property_any_bytes_give_tasks_on_real_task_lines(data: bytes) -> None:
    doc = read_note("b.md", data)  # never raises
    text = data.decode("utf-8", errors="replace")
    lines = split_lines(text[1:] if text.startswith("\ufeff") else text)
    items = {i.line: i for i in doc.items}
    for task in doc.tasks:
        assert 1 <= task.line <= len(lines)
        m = match_item(strip_quotes(lines[task.line - 1], task.quote_depth))
        assert m is not None and m.status == task.status, (task.line, lines[task.line - 1])
        assert items[task.line].status == task.status
        assert task.parent_line is None or task.parent_line in items
    for problem in doc.problems:
        assert 1 <= problem.line <= max(1, len(lines) + 1), problem
    if b"\xff" in data or b"\xfe" in data:
        assert any("UTF-8" in p.message for p in doc.problems)


# --------------------------------------------------------------------------- hostile values

_VALUES = st.one_of(
    st.sampled_from([
        None, "", " ", "goal", "vision", "milestone", "commitment", "skill", "done", "dropped",
        "paused", "day", "week", "month", "quarter", "year", "fortnight", "new-links", "tasks",
        "[[A]]", "[[B]]", "[[C]]", "[[A|alias]]", "[[nowhere]]", "2026-02-29", "2024-02-29",
        "2026-13-01", "0000-01-01", "9999-12-31", "6 months", "-3 weeks", "1e9 days",
        "99999999 years", "nan", "inf", "#tag", "goal/x", "%% vaultgoals:end wins %%",
        "x\n%% vaultgoals:begin review %%", "../../x",
    ]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 0, -1, 1e308]),
    st.booleans(),
    st.lists(st.sampled_from(["[[A]]", "[[B]]", 1, None, "x"]), max_size=3),
    st.text(max_size=20),
)
_KEYS = st.sampled_from([
    "type", "title", "status", "start", "deadline", "created", "completed", "parent", "target",
    "unit", "progress", "weight", "skills", "tag", "every", "quota", "count", "tags", "due",
    "Deadline", "fileClass", "up",
])
_BODY = st.lists(st.sampled_from([
    "- [x] done #tag ✅ 2026-11-18", "- [ ] open [[A]]", "- [x] [goal:: [[B]]] 📅 2026-11-30",
    "## Milestones", "- [x] step #milestone ✅ 2026-11-19", "    - [ ] sub ⛔ abc",
    "- [ ] blocker 🆔 abc", "- [-] cancelled ❌ 2026-11-01", "- [x] met [[Dana]] #tag",
    "- [ ] inline #goal 📅 2026-12-01", "    - [x] its step ✅ 2026-11-20",
]), max_size=6).map(lambda lines: "\n".join(lines) + "\n")


@st.composite
def _note(draw: st.DrawFn) -> str:
    fm = draw(st.dictionaries(_KEYS, _VALUES, max_size=8))
    if draw(st.booleans()):
        fm["type"] = draw(st.sampled_from(["goal", "vision", "milestone", "commitment"]))
    try:
        head = yaml.safe_dump(fm, allow_unicode=True, width=1000)
    except yaml.YAMLError:
        head = ""
    return f"---\n{head}---\n{draw(_BODY)}"


_PINNED = [  # found by hand before the strategy was biased towards them; kept as examples
    "---\ntype: goal\ntarget: .nan\nprogress: 5\n---\n",  # NaN progress: invalid JSON
    "---\ntype: goal\ntarget: .inf\nprogress: .inf\n---\n",
    "---\ntype: commitment\nevery: month\nquota: .inf\n---\n",  # int(inf): OverflowError
    "---\ntype: goal\nparent: '[[B]]'\nweight: 0\n---\n- [x] a\n",
    "---\ntype: goal\nparent: '[[B]]'\nweight: -1e308\nquota: 1e400\n---\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example([*_PINNED[:2], "---\ntype: goal\n---\n- [ ] b\n"], date(2026, 11, 20), "monday")
@example(_PINNED[2:], date(2026, 11, 20), "sunday")
@given(
    st.lists(_note(), min_size=1, max_size=4),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["monday", "sunday", "saturday"]),
)
def test_property_hostile_frontmatter_never_breaks_the_core(
    notes: list[str], today: date, week_start: str
) -> None:
    names = ["A", "B", "C", "Daily/2026-11-20"]
    docs = {f"{n}.md": parse_note(f"{n}.md", text) for n, text in zip(names, notes, strict=False)}
    config = Config(week_start=week_start, daily_folder="Daily")
    graph = build_graph(docs, config, today)
    data = status_json(graph, config, list(graph.problems), [])
    json.dumps(data, allow_nan=False)  # strict JSON: a NaN progress would make it invalid
    week = week_of(today, config)
    review = build_review(graph, config, week, today, {})
    regions = review_regions(review, config, len(graph.tasks), {})
    for name, body in regions.items():
        assert "\x00" not in body, name
    plan_celebrations(graph, {}, today)
    for problem in graph.problems:
        assert problem.path in docs and problem.line >= 1, problem


# --------------------------------------------------------------------------- regions


@settings(max_examples=300, deadline=None)
@given(st.text(), st.dictionaries(st.sampled_from(["wins", "review", "x"]), st.text(), max_size=2))
def test_property_update_regions_on_arbitrary_text(text: str, new: dict[str, str]) -> None:
    new = {k: v for k, v in new.items() if "vaultgoals:" not in v}
    res = update_regions(text, new)  # never raises
    if not scan_regions(text).regions:
        assert res.text == text


_USER = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=40
)


def _outside(text: str) -> list[str]:
    """Everything but region contents and the `fp=` values of begin markers."""
    parts, pos = [], 0
    for r in scan_regions(text).regions:
        parts += [text[pos:r.fp_span[0]], text[r.fp_span[1]:r.content_start]]
        pos = r.content_end
    parts.append(text[pos:])
    return parts


_GOAL = ("---\ntype: goal\ntag: habit\n---\n## Milestones\n- [x] First ✅ 2026-11-16\n"
         "- [ ] Second\n- [ ] Third\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_USER, min_size=1, max_size=3),
    st.lists(_USER, min_size=1, max_size=4),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_property_the_job_keeps_every_user_byte_of_the_review(
    preface: list[str], reflection: list[str], nl: str, final_newline: bool
) -> None:
    root = Path(tempfile.mkdtemp(prefix="vg-prop-"))
    try:
        (root / "Goals").mkdir()
        goal = root / "Goals" / "G.md"
        goal.write_bytes(_GOAL.encode())
        today = date(2026, 11, 20)
        job = Job(root, Config())
        try:
            job.once(today)
            review = root / "Reviews" / "2026-W47.md"
            generated = review.read_bytes().decode("utf-8").replace("\n", nl)
            mine_head = "".join(line + nl for line in preface)
            mine_tail = nl.join(reflection) + (nl if final_newline else "")
            assume("vaultgoals:" not in mine_head + mine_tail)
            user = (mine_head + generated + mine_tail).encode("utf-8")
            review.write_bytes(user)
            goal.write_bytes(_GOAL.replace("- [ ] Second", "- [x] Second ✅ 2026-11-20").encode())
            out = job.once(today)
            assert not out.errors, out.errors
            after = review.read_bytes()
            assert after != user  # the progress changed, so some region did
            text = after.decode("utf-8")
            assert text.startswith(mine_head) and text.endswith(mine_tail)
            assert _outside(text) == _outside(user.decode("utf-8"))
            assert scan_regions(text).problems == ()
            again = job.once(today)
            assert not again.written, again.written
            assert review.read_bytes() == after
        finally:
            job.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- commitments

_EDGES = [date(y, m, d) for y in (2023, 2024, 2026, 2028) for m, d in
          ((1, 1), (2, 28), (3, 1), (3, 31), (4, 1), (6, 30), (7, 1), (9, 30), (10, 1),
           (12, 31))] + [date(2024, 2, 29), date(2028, 2, 29)]
_NEAR_EDGE = st.builds(lambda base, off: base + timedelta(days=off),
                       st.sampled_from(_EDGES), st.integers(-8, 8))
_DAY = st.one_of(_NEAR_EDGE, st.dates(min_value=date(2022, 6, 1), max_value=date(2029, 6, 1)))
_WEEKDAY = {"monday": 0, "sunday": 6, "saturday": 5}


def _brute_bounds(day: date, every: str, week_start: str) -> tuple[date, date]:
    """Period bounds by walking day by day: no calendar arithmetic shared with the code."""
    def same(a: date, b: date) -> bool:
        if every == "day":
            return a == b
        if every == "month":
            return (a.year, a.month) == (b.year, b.month)
        if every == "quarter":
            return (a.year, (a.month - 1) // 3) == (b.year, (b.month - 1) // 3)
        if every == "year":
            return a.year == b.year
        start = day  # week: back to the configured first weekday
        while start.weekday() != _WEEKDAY[week_start]:
            start -= timedelta(days=1)
        return start <= a <= start + timedelta(days=6) and start <= b <= start + timedelta(days=6)

    start = end = day
    while same(start - timedelta(days=1), day):
        start -= timedelta(days=1)
    while same(end + timedelta(days=1), day):
        end += timedelta(days=1)
    return start, end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    today=_DAY,
    every=st.sampled_from(["day", "week", "month", "quarter", "year"]),
    week_start=st.sampled_from(["monday", "sunday", "saturday"]),
    done=st.lists(_DAY, max_size=12),
    daily=st.lists(_DAY, max_size=4),
    noise=st.lists(st.tuples(st.sampled_from(["[ ]", "[-]", "[/]"]), _DAY), max_size=4),
    quota=st.integers(1, 3),
)
def test_property_commitment_count_matches_a_brute_force_count(
    today: date, every: str, week_start: str, done: list[date], daily: list[date],
    noise: list[tuple[str, date]], quota: int,
) -> None:
    config = Config(week_start=week_start, daily_folder="Daily")
    docs = {
        "Habit.md": parse_note("Habit.md", f"---\ntype: commitment\nevery: {every}\n"
                                           f"quota: {quota}\ntag: habit\n---\n"),
        "Log.md": parse_note("Log.md", "".join(
            f"- [x] did it {i} #habit ✅ {d.isoformat()}\n" for i, d in enumerate(done)
        ) + "".join(
            f"- {box} not done {i} #habit ✅ {d.isoformat()}\n" for i, (box, d) in enumerate(noise)
        )),
    }
    for i, d in enumerate(sorted(set(daily))):  # done in a daily note, no ✅: the note's date
        docs[f"Daily/{d.isoformat()}.md"] = parse_note(
            f"Daily/{d.isoformat()}.md", f"- [x] daily chore {i} #habit\n")
    graph = build_graph(docs, config, today)
    node = graph.nodes["Habit.md"]
    status = commitment_status(graph, node, config)
    dates = [*done, *sorted(set(daily))]
    start, end = _brute_bounds(today, every, week_start)
    assert (status.current.start, status.current.end) == (start, end)
    assert status.count == sum(1 for d in dates if start <= d <= end)
    assert status.current.met == (status.count >= quota)
    for period in status.history:  # every earlier period too, each counted independently
        assert _brute_bounds(period.start, every, week_start) == (period.start, period.end)
        assert period.count == sum(1 for d in dates if period.start <= d <= period.end)
    data = status_json(graph, config, [], [])
    counted = [g["commitment"]["count"] for g in data["goals"] if "commitment" in g]
    assert counted == [status.count]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ/\\. mdMDßİΣς\u212a\t\n") | st.characters()))
@example(" Ana")
@example("People/Ana.MD")
def test_property_evidence_keys_are_the_link_resolvers_identity(target: str) -> None:
    """The evidence index files a link under the key the resolver's `identity` gives, and
    that key is the rule written out in full (a plain name is only case-folded)."""
    t = target.strip().replace("\\", "/").lstrip("/")
    if t.lower().endswith(".md"):
        t = t[:-3]
    assert LinkResolver.identity(target) == t.casefold().rsplit("/", 1)[-1]
    assert evidence_key(target) == LinkResolver.identity(target)
