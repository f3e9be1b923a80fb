"""Habits and commitments people already track become commitments with a count per period.

```markdown
- [ ] Call grandma 🔁 every week 📅 2025-05-18     ← a recurring task (Tasks plugin): a
- [x] Call grandma 🔁 every week ✅ 2025-05-11        commitment, once a week; the plugin's
                                                     done copies of it count toward it
- [ ] Run 5k [frequency:: 3 times a week]         ← a task with a frequency field: 3 a week

period:: daily                                    ← a note with a period or frequency
frequency:: 5 times a week                          field (or property): the note is a
                                                    commitment, 5 a week

Daily/2025-05-12.md        Daily/2025-05-13.md        Daily/2025-05-14.md
## Habits                  ## Habits                  ## Habits
- [x] Meditate 10 minutes  - [x] Meditate 10 minutes  - [ ] Meditate 10 minutes
```

**A habit list in daily notes**: the same checkbox line (same words, without case or
punctuation) in at least 3 daily notes within the last 90 days, ticked in at least 2 of
them, is one daily commitment. Its node is the first occurrence (the earliest daily note);
every later copy is a tick that counts toward it (done on its note's day), never a node of
its own. Ticked twice is what tells a habit from a to-do carried over from day to day
(which is ticked once, when it is finally done).

**A recurring task** (`🔁 every week`, `🔁 every 2 weeks`, `🔁 every Monday, Thursday`,
`[repeat:: every day]`) is a commitment with its rule's period: `every day` → daily; `every
week`, a weekday or a list of weekdays → weekly (that many a week); `every month`, `every
quarter`, `every year` alike; a longer interval fits the next longer period (`every 2 weeks`
→ twice a month, `every 3 days` → twice a week). The first line of a rule with the same
words in a note is the node; the plugin's done copies of it (same words) count toward it. A
done recurring task is not a done commitment. A recurring task counts only while it is
**live**: one of its copies was done in the last 90 days (or two of its periods, when
longer: two years for `every year`), or one is open with a due, scheduled or start date in
that window, or with no date at all. A series last ticked off in 2023, or whose only open
copy was due in 2023, is an old to-do, not something the user still keeps doing; it is a
commitment again the day it is ticked.

**A period or frequency field** (`period::`, `frequency::`, `every::`, `per::`,
`recurrence::`, as a property or a Dataview field of the page or of a task): `daily`,
`weekly`, `monthly`, `quarterly`, `yearly` (in every language of the word table:
`täglich`, `semanal`, `每周`…) and counts (`3 times a week`, `3x/week`, `twice a month`,
`3 days a week`, `週3回`). With both a period and a count (`period:: daily`, `frequency::
5 times a week`) the count wins.

Not recognised: a line repeated in fewer than 3 daily notes or ticked at most once (a
to-do carried over), a repeated line in notes that are not daily notes, an unparseable
frequency (`frequency:: often`, `period: Q1 2025`), a period field in a book summary,
article, template, daily or weekly note (`period: weekly` says what the note is), or in a
note whose `type` names something else (`type: podcast`, `frequency: weekly`).
Weekly notes' repeated lists are not read as habits yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found, NoteItems, Place
from vaultgoals.core.goals.person_note import is_person
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.graphmodel import TaskRef
from vaultgoals.core.model import NoteDoc, TaskFields
from vaultgoals.core.taskrefs import NoteTasks, periodic_note
from vaultgoals.core.words import EVERY_KEYS, FIELDS, Concept, Extra, Words, words_of

NAME = "habits"
MIN_NOTES = 3  # daily notes a line must be in to be a habit
MIN_TICKS = 2  # of them, ticked (a to-do carried over is ticked once)
WINDOW_DAYS = 90  # the daily notes looked at: the last 90 days before today

_PERIODS = ("day", "week", "month", "quarter", "year")
_LENGTH = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}
_WEEKDAYS = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
_RULE = re.compile(r"every\s+(?:(\d{1,3})\s+)?(day|weekday|week|month|year|hour|minute)s?\b")
_ONCE = {"once": 1, "twice": 2, "thrice": 3, "einmal": 1, "zweimal": 2, "dreimal": 3,
         "une fois": 1, "deux fois": 2, "una vez": 1, "dos veces": 2, "uma vez": 1,
         "duas vezes": 2, "один раз": 1, "два раза": 2}
_NUMBER = re.compile(r"(\d{1,3})")


# ---- how often ------------------------------------------------------------------------------


def _fit(span: int) -> tuple[str, int]:
    """An interval of `span` days as (the shortest period that holds it, how many fit)."""
    for period in _PERIODS:
        if _LENGTH[period] >= span:
            return period, max(1, _LENGTH[period] // span)
    return "year", 1


@lru_cache(maxsize=1024)  # (rules repeat: `every week`, and every build asks again)
def recurrence_schedule(rule: str) -> tuple[str, int] | None:
    """A Tasks plugin rule (`every week on Sunday`) as (period, count per period)."""
    text = rule.casefold()
    m = _RULE.search(text)
    if m is None:
        days = len(set(_WEEKDAYS.findall(text)))
        return ("week", days) if text.startswith("every") and days else None
    n = int(m.group(1) or 1)
    unit = m.group(2)
    if unit in ("hour", "minute"):
        return "day", 1
    if unit == "weekday":
        return "week", 5
    if n == 1:
        return unit, 1
    return _fit(n * _LENGTH[unit])


@lru_cache(maxsize=16)
def _times(c: Concept) -> re.Pattern[str]:
    """`3 times`, `3x`, `3 mal`, `3回`: a count (or `3/` in `3/week`)."""
    alts = sorted({*c.whole, *c.inside}, key=len, reverse=True)
    return re.compile(r"(\d{1,3})\s*(?:" + "|".join(map(re.escape, alts)) + r")(?![^\W\d_])"
                      r"|(\d{1,3})\s*/")


def schedule(text: str, words: Words) -> tuple[str, int] | None:
    """A period or frequency as written (`daily`, `5 times a week`, `3x/week`, `every 2
    weeks`) as (period, count per period), or None."""
    low = text.casefold().strip()
    if not low or len(low) > 60:
        return None
    if low.startswith("every") and (rule := recurrence_schedule(low)) is not None:
        return rule
    periods = [p for p in _PERIODS if words[f"per_{p}"].has(low)]
    if not periods:
        return None
    period = periods[-1]  # the longest one named: `3 days a week` is a week's count
    m = _times(words["times"]).search(low)
    if m is not None:
        return period, max(1, int(m.group(1) or m.group(2)))
    plain = words_of(low)
    for word, n in _ONCE.items():
        if word in plain.split(" ") or (" " in word and word in plain):
            return period, n
    m = _NUMBER.search(low)
    if m is not None and int(m.group(1)) > 0:
        n = int(m.group(1))
        if len(periods) > 1:
            return period, n  # `3 days a week`
        return _fit(n * _LENGTH[period])  # `every 2 weeks`, `2 weeks`
    return period, 1


def _schedules(pairs: Iterable[tuple[str, object]], words: Words) -> tuple[str, int] | None:
    """The schedule the period-like fields among (name, value) pairs give: one with a
    count (more than 1 a period) wins over a bare period."""
    found: tuple[str, int] | None = None
    for name, value in pairs:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            continue
        if words.field_of.get(name.strip().casefold()) != "every":
            continue  # (a dict look-up: every goal note's properties are asked)
        got = schedule(str(value), words)
        if got is not None and (found is None or (found[1] == 1 and got[1] > 1)):
            found = got
    return found


def task_schedule(fields: TaskFields, words: Words) -> tuple[str, int] | None:
    """How often a task recurs: its 🔁 rule, else a period or frequency field."""
    if fields.recurrence:
        got = recurrence_schedule(fields.recurrence)
        if got is not None:
            return got
    return _schedules(fields.fields, words) if fields.fields else None


def note_schedule(frontmatter: Mapping[str, object], words: Words) -> tuple[str, int] | None:
    """How often a note's commitment is due, by its period or frequency properties (and
    the page's fields, which `body.with_page_fields` has added to them)."""
    return _schedules(frontmatter.items(), words)


# ---- recognisers ----------------------------------------------------------------------------


def recognise_note(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    """A note with a period or frequency property or page field is a commitment."""
    fm = doc.frontmatter
    if not fm or _every_keys(config.extra_fields).isdisjoint(k.casefold() for k in fm):
        return None  # (asked of every note: the cheap test first)
    words = config.words
    got = note_schedule(fm, words)
    if got is None:
        return None
    declared = props.get("type")
    if isinstance(declared, str) and words.kind(declared) not in (None, "commitment"):
        return None  # `type: podcast` with a publishing frequency
    if is_reference(doc, words) or periodic_note(doc.path, config):
        return None  # (a weekly note's `period: weekly` says what the note is)
    if is_person(doc, config):
        return None  # (`every: month` on a person: how often to talk: core/people.py)
    period, count = got
    return Found("commitment", 1, f"its period or frequency field says {count} a {period}",
                 NAME)


@lru_cache(maxsize=16)
def _every_keys(extra_fields: Extra) -> frozenset[str]:
    """The property names that say how often, as case-folded: the table's and the vault's."""
    names = [*FIELDS["every"], *(w for concept, ws in extra_fields if concept == "every"
                                 for w in ws)]
    return frozenset(n.strip().casefold() for n in names)


def recognise(note: NoteItems) -> Iterator[Found]:
    """A recurring task, or one with a frequency field, is a commitment: the first line of
    each in the note (the plugin's done copies of it count toward it)."""
    words = note.config.words
    seen: set[str] = set()
    for task in note.candidates:
        f = task.fields
        if not f.recurrence and not f.fields:
            continue
        got = task_schedule(f, words)
        if got is None:
            continue
        key = text_key(f.description)
        if key in seen:
            continue
        seen.add(key)
        what = f"🔁 {f.recurrence}" if f.recurrence else "a frequency field"
        yield Found("commitment", task.line, f"a recurring task ({what})", NAME)


def live(found: list[tuple[int, Found]], refs: Sequence[TaskRef], today: date,
         words: Words) -> list[tuple[int, Found]]:
    """`found` (task index, what it is) without the recurring commitments that are not
    live on `today`: those whose copies (same words, in the note) were neither done within
    the window (WINDOW_DAYS, or two of its periods when longer) nor are open with a date in
    it or no date at all. A series whose last copy was ticked off in 2023, or whose one
    open copy was due in 2023, is an old to-do, not something the user keeps doing."""
    out: list[tuple[int, Found]] = []
    series: dict[str, list[TaskRef]] | None = None
    for index, what in found:
        ref = refs[index]
        f = ref.task.fields
        got = task_schedule(f, words) if what.by == NAME and what.kind == "commitment" else None
        if got is None:
            out.append((index, what))
            continue
        if series is None:
            series = {}
            for r in refs:
                if r.task.fields.recurrence or r.task.fields.fields:
                    series.setdefault(text_key(r.task.fields.description), []).append(r)
        lo = (today - timedelta(days=max(WINDOW_DAYS, 2 * _LENGTH[got[0]]))).isoformat()
        if any(_live_copy(r, lo) for r in series.get(text_key(f.description), (ref,))):
            out.append((index, what))
    return out


def _live_copy(ref: TaskRef, lo: str) -> bool:
    if ref.is_done:
        return ref.completed_on is not None and ref.completed_on >= lo
    if not ref.is_open:
        return False
    f = ref.task.fields
    newest = max((d for d in (f.due, f.scheduled, f.start) if d), default=None)
    return newest is None or newest >= lo


def repeat_of(ref: TaskRef, place: Place) -> str | None:
    """A copy of a recurring task (the Tasks plugin writes one per completion) counts
    toward the commitment the first line with its words is."""
    f = ref.task.fields
    if ref.node is not None or not (f.recurrence or (
            f.fields and not EVERY_KEYS.isdisjoint(k for k, _ in f.fields))):
        return None
    key = None
    for other in place.by_line.values():
        if other.node is None or other is ref:
            continue
        node = place.nodes.get(other.node)
        if node is None or node.found_by != NAME or node.path != ref.path:
            continue
        if key is None:
            key = text_key(f.description)
        if text_key(other.task.fields.description) == key:
            return other.node
    return None


def text_key(description: str) -> str:
    """A line's words as compared: without case, punctuation, tags' `#` or emoji."""
    return words_of(description)


# ---- habit lists in daily notes ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seen:
    """One copy of a habit line: in the daily note of `day` at `path`, the note's task
    number `index`."""

    day: str
    path: str
    index: int
    done: bool


@dataclass(frozen=True, slots=True)
class Habit:
    text: str
    first: Seen  # the commitment's own task
    repeats: tuple[Seen, ...]  # the later copies: ticks that count toward it
    every: str = "day"


Groups = dict[str, list[Seen]]


def daily_lines(tasks: NoteTasks) -> tuple[tuple[str, int, bool], ...]:
    """The lines of a daily note that may be habits: (words, task number, ticked; an
    emoji-only line is its emoji). Kept on the note's `NoteTasks` (made once per parsed
    note)."""
    if tasks.habit_lines is None:
        out = []
        for i, ref in enumerate(tasks.refs):
            f = ref.task.fields
            if ref.status_type == "NON_TASK" or f.recurrence:
                continue
            key = text_key(f.description) or f.description.strip()  # (`- [x] 🏋️`)
            if key and len(key) <= 120:
                out.append((key, i, ref.is_done))
        tasks.habit_lines = tuple(out)
    return tasks.habit_lines


def group(notes: Iterable[tuple[str, NoteTasks]]) -> Groups:
    """The lines of daily notes ((path, tasks) of each) by their words, kept only for the
    words in at least MIN_NOTES notes and ticked in at least MIN_TICKS: the candidates,
    whatever today is."""
    groups: Groups = {}
    for path, tasks in notes:
        day = tasks.day
        if day is None:
            continue
        for key, index, done in daily_lines(tasks):
            groups.setdefault(key, []).append(Seen(day, path, index, done))
    out: Groups = {}
    for key, seen in groups.items():
        if len(seen) < MIN_NOTES:
            continue
        if (len({s.path for s in seen}) >= MIN_NOTES
                and len({s.path for s in seen if s.done}) >= MIN_TICKS):
            out[key] = sorted(seen, key=lambda s: (s.day, s.path, s.index))
    return out


class Grouping:
    """`group` of the daily notes, kept up to date note by note: a note whose task records
    are not the objects they were is taken out and put back, and only the words of the
    lines it had or has are judged again. `update` gives what `group` gives (the order of
    the words aside, which `select` does not read)."""

    def __init__(self) -> None:
        self._notes: dict[str, NoteTasks] = {}
        self._seen: dict[str, dict[str, list[Seen]]] = {}  # words → path → its copies
        self._out: Groups = {}

    def update(self, notes: Mapping[str, NoteTasks]) -> Groups:
        touched: set[str] = set()
        for path in [p for p, tasks in self._notes.items() if notes.get(p) is not tasks]:
            for key, _, _ in daily_lines(self._notes.pop(path)):
                self._seen[key].pop(path, None)
                touched.add(key)
        for path, tasks in notes.items():
            day = tasks.day
            if day is None or self._notes.get(path) is tasks:
                continue
            self._notes[path] = tasks
            for key, index, done in daily_lines(tasks):
                self._seen.setdefault(key, {}).setdefault(path, []).append(
                    Seen(day, path, index, done))
                touched.add(key)
        for key in touched:
            self._judge(key)
        return self._out

    def _judge(self, key: str) -> None:
        by_path = self._seen.get(key)
        if not by_path:
            self._seen.pop(key, None)
            self._out.pop(key, None)
            return
        seen = [s for copies in by_path.values() for s in copies]
        if (len(seen) >= MIN_NOTES and len(by_path) >= MIN_NOTES
                and sum(1 for copies in by_path.values() if any(s.done for s in copies))
                >= MIN_TICKS):
            self._out[key] = sorted(seen, key=lambda s: (s.day, s.path, s.index))
        else:
            self._out.pop(key, None)


def select(groups: Groups, today: date) -> list[Habit]:
    """The habits on `today`: the candidates seen in MIN_NOTES daily notes of the last
    WINDOW_DAYS days and ticked in MIN_TICKS of them, in order of their first copy."""
    lo, hi = (today - timedelta(days=WINDOW_DAYS)).isoformat(), today.isoformat()
    out: list[Habit] = []
    for key, seen in groups.items():
        recent = [s for s in seen if lo <= s.day <= hi]
        if (len({s.path for s in recent}) >= MIN_NOTES
                and len({s.path for s in recent if s.done}) >= MIN_TICKS):
            out.append(Habit(key, seen[0], tuple(seen[1:])))
    out.sort(key=lambda h: (h.first.path, h.first.index))
    return out
