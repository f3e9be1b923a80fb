"""OKRs: objectives with their key results. The objective is a goal, its key results are
its milestones.

```markdown
# Q2 2025 OKRs                           ← the period of the title or heading: the deadline

O1: Make the newsletter worth reading    ← an objective: `O1:`, `Objective:`, `Objective 2 -`
- KR1: 3/10 issues published on time     ← its key results, right after it; measures become
- KR2: [ 2 / 5 ] guest writers              the milestone's progress and target
- [x] KR3: Pick a newsletter tool         ← [x], ~~strike~~ or [DONE]: done

## Objective: Ship the mobile app        ← an objective heading (any level: `### O2 - …`)
### Key Results                          ← a Key Results sub-heading (or `Key Results:`)
1. Beta on TestFlight
2. Deadlift 100 kg (80 so far)            ← target 100, progress 80, unit kg

- O3: Learn to sail                      ← an objective as a list item: its nested items
    - KR1: Pass the practical test          are its key results
```

An objective is a line, list item or heading that starts with `O1`…`O99` or an objective
word (`Objective`, `Objetivo`, `Objectif`, `Ziel`, `Цель`, `目标`, …; the word table's
`objective`) followed by `:`, `-` or `.` and its title; or a sub-heading of an
`Objectives`/`OKRs` heading (`### 1. Speak in public`) with key results marked as such.

Its key results are the items or lines right after it (nested under it for a list item;
under it or under a `Key Results` sub-heading for a heading) that start with `KR1` or a
key-results word (`Key result 2:`, `Resultado clave:`, `关键结果：`). Plain items without
such a mark count too under an `Objective: …` heading, a `Key Results` heading or label,
and everywhere in a note about OKRs (`OKR` in its path, first heading or tags, or another
key result marked `KR` in it) or under a goals heading.

The period in the objective's headings, the note's first heading or its title (`Q2 2025`,
`H2 2025`, `2025`) is the objective's deadline; an objective in a done folder below an
OKRs or goals folder (`OKRs/Archive/`) is done. A measure in a key result or objective
(`3/10`, `[ 2 / 5 ]`, `(2 of 5)`, `40%`, `Deadlift 100 kg (80 so far)`) is its progress
and target (`Open rate at 40%` names a value to reach, not progress: no measure).

Not recognised: an objective with no key result under it (`Objective: discuss the budget`
in a meeting note), `## O2: Oxygen` with plain items in a note that is not about OKRs, a
heading `Objectives` with no title after it, an objective written over two lines
(`### Objective` then the title on the next line), OKRs in a table, objectives in daily or
weekly notes, templates, book summaries and clippings, an objective given as an example
(right after a short line or heading that introduces one: `Example from the slides:`,
`## Examples`, `e.g.`, `Zum Beispiel:`, `Por ejemplo:`, `Например:`), a `## Notes`
sub-heading of an OKRs heading (a `KR1 of O1 is slow` line in it is a note). Items nested
under a key result are its steps: real tasks among them count toward it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter, itemgetter

from vaultgoals.core.goals.body import Body, Item
from vaultgoals.core.goals.itemtext import (
    is_field_only,
    is_link_only,
    measure_fields,
    period_end,
    read_text,
    year_of,
)
from vaultgoals.core.lazyre import later
from vaultgoals.core.model import Heading, ListItem, TextLine
from vaultgoals.core.parse.taskfields import parse_task_body
from vaultgoals.core.words import Concept, Words, folder_word, words_of

NAME = "okrs"
_SEP = r"\s*(?:[:：.)]|\s[-–—])\s*"
_O_NUM = later(rf"(?:O|OKR)\s?\d{{1,2}}{_SEP}(?P<title>\S.*)")
_KR_NUM = later(rf"KR\s?\d{{1,2}}(?:\.\d{{1,2}})?(?:{_SEP}|\s+)(?P<title>\S.*)",
                     re.IGNORECASE)
_WORDED = later(rf"(?P<word>[^\W\d_][^\d:：.()\-–—]{{0,30}}?)\s*\d{{0,2}}{_SEP}"
                     r"(?P<title>\S.*)")
_MARKS = " \t*_~[]()✅✔☑️"  # what may stand before an objective's `O1` or word
_SEP_CHAR = later(r"[:：.)\-–—]")
_NUMBERING = later(r"^\d{1,2}[.)]\s*")
_NUMBERED = later(r"(?:O|OKR)\s?\d")
_O_START = r"OKR\s?\d|O\s?\d"  # (case-insensitive here: `_O_NUM` then wants `O`)
_KR_START = r"KR\s?\d"
_OKR_WORDS = frozenset({"okr", "okrs"})
_TEXT = attrgetter("text")
_FIRST = itemgetter(slice(0, 1))

Line = Heading | ListItem | TextLine


@dataclass(frozen=True, slots=True)
class _Objective:
    at: Line
    title: str


def objective_title(text: str, words: Words) -> str | None:
    """The title of an objective line (`O1: Ship it`, `Objective 2 - Ship it`, `Ziel:
    …`), or None when the line is not one."""
    if not _may_be(text, words["objective"]):
        return None
    return _title(text, _O_NUM, words["objective"])


def _title(text: str, numbered: re.Pattern[str], concept: Concept) -> str | None:
    """The title after a line's `O1:`/`KR1:` mark (`numbered`) or a word of `concept`
    with a separator (`Objective 2 - …`), or None."""
    plain = read_text(text).title
    m = numbered.fullmatch(plain)
    if m is None:
        m = _WORDED.fullmatch(plain)
        if m is None or not concept.equals(m.group("word")):
            return None
    return m.group("title").strip() or None


def _may_be(text: str, objective: Concept) -> bool:
    """The quick look that most lines fail, before the costlier `read_text`: does the line
    start with `O1` or an objective word followed by a separator?"""
    s = text.lstrip(_MARKS)
    if s[:1].casefold() not in _initials(objective):
        return False
    if _NUMBERED.match(s) is not None:
        return True
    sep = _SEP_CHAR.search(s, 0, 48)
    return sep is not None and objective.equals(s[:sep.start()].rstrip(" 0123456789*_"))


@lru_cache(maxsize=8)
def _initials(objective: Concept) -> frozenset[str]:
    """The first letters an objective line may start with: `O` and the objective words'."""
    return frozenset({"o", *(w[:1] for w in (*objective.whole, *objective.inside))})


@lru_cache(maxsize=8)
def _first_chars(objective: Concept) -> frozenset[str]:
    """What an objective line's first character may be: a mark or an initial, any case."""
    initials = _initials(objective)
    return frozenset({*_MARKS, *initials, *(c.upper() for c in initials)})


@lru_cache(maxsize=16)
def _starter(concept: Concept, numbered: str) -> re.Pattern[str]:
    """Does a line start like an objective or key result: marks, then `O1`/`KR1`
    (`numbered`) or one of the concept's words? One C-level match per line: most lines of
    a note fail it (at their first letter), before the costlier `read_text`."""
    words = sorted({*concept.whole, *concept.inside}, key=len, reverse=True)
    alternatives = "|".join([numbered, *(re.escape(w).replace("\\ ", r"\s+") for w in words)])
    first = {w[:1] for w in words} | set(numbered[:1])
    letters = re.escape("".join(sorted(first | {c.upper() for c in first})))
    return re.compile(f"[{re.escape(_MARKS)}]*(?=[{letters}])(?i:{alternatives})")


def kr_title(text: str, words: Words) -> str | None:
    """The title of a key result marked as one (`KR1: 3/10 issues`, `Key result 2 -
    …`), or None."""
    if _starter(words["key_results"], _KR_START).match(text) is None:
        return None
    return _title(text, _KR_NUM, words["key_results"])


def recognise(body: Body) -> Iterator[Item]:
    doc = body.doc
    if body.daily or not (doc.items or doc.lines):
        return
    words = body.words
    # (the lines that start like an objective first: a few C-level tests per line, which
    # most notes fail; the quick test searches the whole text for two dozen words)
    objectives = [_Objective(x, t) for x in _lines(body)
                  if (t := objective_title(x.text, words)) is not None]
    # (then the outline: with no objective line and no goals heading over sub-headings
    # there is nothing to find, and the quick test, which searches the whole text for two
    # dozen words, is not needed; else the quick test before the walk under objective
    # headings, which costs most on a long plan of many headings)
    outline = _Outline(body)
    if not objectives and not outline.goals:
        return
    if not _may_hold_okrs(body):
        return
    objectives += _under_objectives(body, outline)
    if not objectives:
        return
    if body.template or body.reference:
        return
    objectives = [o for o in objectives if not _after_example(body, o.at.line)]
    if not objectives:
        return
    objectives.sort(key=lambda o: o.at.line)
    okr_note = _okr_note(body)
    year = year_of(doc.name)
    archived = _archived(body)
    for obj in objectives:
        krs = list(_key_results(body, obj, okr_note))
        if not krs:
            continue
        text = read_text(obj.at.text)
        done = text.status or ("done" if archived else None)
        yield _item(body, obj.at, "goal", "an OKR objective", obj.title, done, None,
                    _deadline(body, obj.at, year))
        reason = f"a key result of the objective '{obj.title}'"
        for kr, title in krs:
            kr_done = read_text(kr.text).status
            yield _item(body, kr, "milestone", reason, title, kr_done, obj.at.line, None)


_EXAMPLE_INTRO_WORDS = 8  # `Example from the slides:` is a short label


def _after_example(body: Body, line: int) -> bool:
    """Is the objective at `line` given as an example: right after a short line or heading
    that introduces one (`Example from the slides:`, `## Examples`, `e.g.`, `Zum
    Beispiel:`), with only list items between them?"""
    doc = body.doc
    before = [(t.line, t.text) for t in doc.lines if not t.comment and t.line < line]
    before += [(h.line, h.text) for h in doc.headings if h.line < line]
    if not before:
        return False
    _, text = max(before)
    return (len(words_of(text).split(" ")) <= _EXAMPLE_INTRO_WORDS
            and body.words["example_intro"].has(text))


_O_DIGIT = later(r"(?:OKR|KR|O) ?\d")


@lru_cache(maxsize=8)
def _hint_words(objective: Concept, key_results: Concept) -> tuple[str, ...]:
    return tuple(sorted({*objective.whole, *objective.inside, *key_results.whole,
                         *key_results.inside, "okr"} - {"kr", "krs"}))


def _may_hold_okrs(body: Body) -> bool:
    """The quick test a note fails when it holds no OKR (substring tests on its text, a
    superset): an objective or key-result word, `OKR`, or an `O1`/`KR2` anywhere."""
    lower = body.lower
    if any(w in lower for w in _hint_words(body.words["objective"], body.words["key_results"])):
        return True
    return ("O" in body.text or "KR" in body.text) and _O_DIGIT.search(body.text) is not None


class _Outline:
    """The headings' outline, as the walk under objective headings needs it: which heading
    each sits under, which sit right under each, and the goals headings over others (an
    `Objectives`/`OKRs` heading: a goals word, no objective's title)."""

    __slots__ = ("goals", "parent", "subs")

    def __init__(self, body: Body) -> None:
        words = body.words
        self.parent: dict[int, Heading] = {}  # a heading's line → the heading it sits under
        self.subs: dict[int, list[Heading]] = {}  # a heading's line → those right under it
        stack: list[Heading] = []
        for h in body.doc.headings:
            while stack and stack[-1].level >= h.level:
                stack.pop()
            if stack:
                self.parent[h.line] = stack[-1]
                self.subs.setdefault(stack[-1].line, []).append(h)
            stack.append(h)
        heads = {p.line: p.text for p in self.parent.values()}
        self.goals = {line for line, text in heads.items() if words["goals"].has(text)
                      and objective_title(text, words) is None}


def _under_objectives(body: Body, outline: _Outline) -> list[_Objective]:
    """Sub-headings of an `Objectives`/`OKRs` heading with key results marked as such
    under them (`## Objectives` / `### 1. Speak in public` / `- KR1: give 3 talks`, or a
    `#### Key Results` sub-heading right under it)."""
    words = body.words
    parent, subs, goals = outline.parent, outline.subs, outline.goals
    out = []
    for h in body.doc.headings if goals else ():
        if (h.line not in parent or parent[h.line].line not in goals
                or objective_title(h.text, words) is not None
                or words["key_results"].equals(h.text) or words["not_goals"].equals(h.text)):
            continue
        marked = any(kr_title(i.text, words) is not None for i in body.top_items(h.line))
        if marked or any(words["key_results"].equals(sub.text) for sub in subs.get(h.line, ())):
            title = _NUMBERING.sub("", read_text(h.text).title)
            if title:
                out.append(_Objective(h, title))
    return out


def _lines(body: Body) -> list[Line]:
    """The lines an objective may be written on (headings, top-level list items and text
    lines outside lists) that start like one, in line order."""
    doc = body.doc
    objective = body.words["objective"]
    first = _first_chars(objective).__contains__
    start = _starter(objective, _O_START).match
    out: list[Line] = []
    for lines in (doc.headings, doc.items, doc.lines):  # (C-level: most lines fail at once
        out += compress(lines, map(first, map(_FIRST, map(_TEXT, lines))))  # on their 1st)
    return sorted((x for x in out if start(x.text) and getattr(x, "parent_line", None) is None
                   and not getattr(x, "comment", False)), key=lambda x: x.line)


def _key_results(body: Body, obj: _Objective, okr_note: bool) -> Iterator[tuple[Line, str]]:
    """(line, title) of each key result of an objective."""
    at = obj.at
    if isinstance(at, ListItem):
        yield from _marked_or_plain(body, body.children(at.line), okr_note)
        yield from _siblings(body, at)
    elif isinstance(at, Heading):
        yield from _under_heading(body, at, okr_note)
    else:
        yield from _after_line(body, at, okr_note)


def _marked_or_plain(body: Body, items: list[ListItem],
                     okr_note: bool) -> Iterator[tuple[ListItem, str]]:
    """The items that are key results: those marked `KR`, and in an OKRs note, the plain
    ones too (not a link alone, not a `key:: value` field, not another objective)."""
    words = body.words
    for item in items:
        text = _item_text(item)
        title = kr_title(text, words)
        if title is not None:
            yield item, read_text(title).title
        elif okr_note and _plain_kr(body, item):
            yield item, read_text(text).title


def _item_text(item: ListItem) -> str:
    """An item's words; a task's without its Tasks plugin fields (`✅ 2025-05-02`, `📅 …`)."""
    return item.text if item.status is None else parse_task_body(item.text).description


def _plain_kr(body: Body, item: ListItem) -> bool:
    text = item.text.strip()
    if item.status is None and (is_link_only(text) or is_field_only(text)):
        return False
    if objective_title(text, body.words) is not None:
        return False
    return bool(read_text(text).title) or item.status is not None


def _siblings(body: Body, at: ListItem) -> Iterator[tuple[ListItem, str]]:
    """Items marked `KR` right after an objective item, at its level (`- O1: …` then
    `- KR1: …`), up to the next item that is not one."""
    for item in body.list_under(at)[1:]:
        title = kr_title(_item_text(item), body.words)
        if title is None:
            return
        yield item, read_text(title).title


def _under_heading(body: Body, at: Heading, okr_note: bool) -> Iterator[tuple[Line, str]]:
    """The key results of an objective heading: the items right under it (any, under a
    heading that says `Objective: …`; under `## O2: …` only in an OKRs note or under a
    goals heading: `## O2: Oxygen` in chemistry notes is not one), `KR1: …` lines, and the
    items of its `Key Results` sub-headings."""
    section = next(s for s in body.sections if s.heading.line == at.line)
    words = body.words
    plain = (okr_note or _NUMBERED.match(at.text.lstrip(_MARKS)) is None
             or (section.parent is not None and words["goals"].has(section.parent.text)))
    yield from _marked_or_plain(body, body.top_items(at.line), plain)
    yield from _kr_lines(body, [t for t in body.doc.lines if t.heading_line == at.line
                                and t.parent_line is None and not t.comment])
    for sub in body.subsections(section):
        if words["key_results"].equals(sub.heading.text):
            yield from _marked_or_plain(body, body.top_items(sub.heading.line), True)


def _after_line(body: Body, at: TextLine, okr_note: bool) -> Iterator[tuple[Line, str]]:
    """The key results of an objective line: the list right after it (or after a `Key
    Results:` label line under it), or `KR1: …` lines right after it."""
    line = at.line + 1
    label = body.line_at.get(line)
    marked = okr_note
    if label is not None and body.words["key_results"].equals(label.text.rstrip(":：")):
        line, marked = line + 1, True
    first = _first_item_after(body, line - 1, at.quote_depth)
    if first is not None:
        yield from _marked_or_plain(body, body.list_under(first), marked)
        return
    following = []
    while (nxt := body.line_at.get(line)) is not None and nxt.parent_line is None:
        following.append(nxt)
        line += 1
    yield from _kr_lines(body, following)


def _kr_lines(body: Body, lines: list[TextLine]) -> Iterator[tuple[TextLine, str]]:
    """Text lines marked `KR1: …`, from the first of `lines`, while they are."""
    for t in lines:
        title = kr_title(t.text, body.words)
        if title is None:
            return
        yield t, read_text(title).title


def _first_item_after(body: Body, line: int, depth: int) -> ListItem | None:
    """The top-level item that opens a list right after `line` (blank lines between)."""
    nxt = min((i for i in body.doc.items if i.line > line and i.parent_line is None),
              key=lambda i: i.line, default=None)
    if nxt is None or nxt.quote_depth != depth:
        return None
    if any(line < h.line < nxt.line for h in body.doc.headings):
        return None
    between = any(line < t.line < nxt.line and not t.comment for t in body.doc.lines)
    return None if between else nxt


def _item(body: Body, at: Line, kind: str, reason: str, title: str, done: str | None,
          parent: int | None, due: str | None) -> Item:
    fields = measure_fields(at.text)
    task = body.task_at.get(at.line)
    if task is not None:  # a real task keeps its status; struck through or [DONE]: done
        return Item(at.line, kind, reason, NAME, title, done if task.status == " " else None,
                    parent, due, fields)
    return Item(at.line, kind, reason, NAME, title, done, parent, due, fields)


def _deadline(body: Body, at: Line, year: int | None) -> str | None:
    """The period of the headings the objective sits under (its own, for a heading: its
    title is not a period), then of the note's first heading, then of its title."""
    heads = body.doc.headings
    texts: list[str] = []
    line = at.line if isinstance(at, Heading) else at.heading_line
    level = at.level if isinstance(at, Heading) else 7
    for h in reversed([h for h in heads if h.line <= (line or 0)]):
        if h.line != at.line and h.level < level:
            texts.append(h.text)
            level = h.level
    if heads and heads[0].text not in texts:
        texts.append(heads[0].text)
    texts.append(body.doc.name)
    year = year or next((y for t in texts if (y := year_of(t)) is not None), None)
    for text in texts:
        end = period_end(text, year, body.config.week_rules)
        if end is not None:
            return end.isoformat()
    return None


def _okr_note(body: Body) -> bool:
    """Is the note about OKRs: `OKR` in its path, first heading or tags, or a key result
    marked `KR` anywhere in it?"""
    doc = body.doc
    texts = [doc.path, *(h.text for h in doc.headings[:1])]
    tags = doc.frontmatter.get("tags")
    if isinstance(tags, (list, str)):
        texts.append(" ".join(map(str, tags)) if isinstance(tags, list) else tags)
    if any(not _OKR_WORDS.isdisjoint(words_of(t.replace("/", " ")).split()) for t in texts):
        return True
    words = body.words
    texts = [*(i.text for i in doc.items), *(t.text for t in doc.lines)]
    return any(kr_title(t, words) is not None for t in texts if "KR" in t.upper()) or any(
        words["key_results"].equals(h.text) for h in doc.headings)


def _archived(body: Body) -> bool:
    """Is the note in a done folder below a folder of goals or OKRs (`OKRs/Archive/`)?"""
    parts = body.doc.path.split("/")[:-1]
    done = {folder_word(f) for f in body.config.done_folder_names}
    goals = body.words["goals"]
    for n, part in enumerate(parts):
        if goals.has(part):
            return any(folder_word(p) in done for p in parts[n + 1:])
    return False
