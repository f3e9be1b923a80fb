"""People: who you keep in touch with, whose cadence has lapsed, who is new, and feedback.

A person is a note in a people folder (`people.folders`, default `People`, `Contacts`,
`Network`, `CRM`, at any depth) or a note whose `type` is `person` (core/evidence.py
`is_person`); a note that is a goal, skill or commitment is not one. Its properties:

```yaml
role: mentor               # mentor, manager, peer, contact, … (any word)
cadence: monthly           # weekly, monthly, quarterly, yearly; or `every: month`
last_contact: 2026-10-02   # a day you talked, when no note says so
```

Contact evidence, each with its day: a dated note that links the person (a daily or weekly
note's line or task, `Coffee with [[Ana]]`; a meeting note with a `date:` property or a date
its name starts with), a done task anywhere that links them (its done day), and
`last_contact`.

Only a person with a cadence can lapse: `role: mentor` without one is read as monthly, and
nothing else is assumed, so a folder of notes about famous people never nags. A person is
new in the month of their first contact evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from vaultgoals.core.dates import parse_date
from vaultgoals.core.evidence import EvidenceIndex, Feedback
from vaultgoals.core.graphmodel import Graph

_CADENCE = {
    "week": "week", "weekly": "week", "month": "month", "monthly": "month",
    "quarter": "quarter", "quarterly": "quarter", "year": "year", "yearly": "year",
    "annually": "year", "fortnightly": "fortnight", "biweekly": "fortnight",
}  # fmt: skip
# how long a cadence may go without a contact before it has lapsed
CADENCE_DAYS = {"week": 7, "fortnight": 14, "month": 31, "quarter": 92, "year": 366}
_DEFAULT_CADENCE = {"mentor": "month"}  # a role that implies one (see the module's doc)


@dataclass(slots=True, unsafe_hash=True)  # (not frozen: ~5× faster to make, by thousands)
class Contact:
    day: date
    how: str  # "note", "task", "last_contact"
    path: str  # where it is written


@dataclass(frozen=True, slots=True)
class Person:
    path: str
    name: str
    role: str
    cadence: str  # "" when none; else week, fortnight, month, quarter, year
    contacts: tuple[Contact, ...]  # oldest first

    @property
    def last(self) -> Contact | None:
        return self.contacts[-1] if self.contacts else None

    @property
    def first(self) -> Contact | None:
        return self.contacts[0] if self.contacts else None

    def lapsed(self, today: date) -> bool:
        """Has the cadence gone by without a contact? (never, without a cadence)"""
        if not self.cadence:
            return False
        last = self.last
        return last is None or (today - last.day).days > CADENCE_DAYS[self.cadence]


def read_cadence(fm: dict[str, object]) -> str:
    for key in ("cadence", "every", "frequency"):
        value = fm.get(key)
        if isinstance(value, str):
            found = _CADENCE.get(value.strip().casefold().removeprefix("every ").strip())
            if found:
                return found
    return ""


def people(graph: Graph, index: EvidenceIndex, today: date) -> tuple[Person, ...]:
    """Every person note (not a node of the graph), by name, with their contacts up to
    `today`."""
    out: list[Person] = []
    sources: dict[str, _Source] = {}  # (asked once per note, whichever people it links)
    for path in sorted(index.people):
        if path in graph.nodes or path not in index.docs:
            continue
        doc = index.docs[path]
        fm = doc.frontmatter
        role = fm.get("role")
        role_text = " ".join(str(role).split()).casefold() if role is not None else ""
        cadence = read_cadence(fm) or _DEFAULT_CADENCE.get(role_text, "")
        keys = index.keyed[path]
        # (kept between passes while the person's note, the notes linking them, the link
        # resolver and the day are the same: a pass after one edit looks again at few)
        stamp = (doc, graph.resolver, today, index.stamp(keys))
        kept = index.memo.get(path)
        if kept is not None and kept[0] == stamp:
            contacts = cast(tuple[Contact, ...], kept[1])
        else:
            contacts = _contacts(graph, index, path, keys, today, sources)
            index.memo[path] = (stamp, contacts)
        out.append(Person(path, doc.name, role_text, cadence, contacts))
    return tuple(sorted(out, key=lambda p: (p.name.casefold(), p.path)))


# What a note linking a person says of contacts up to today: None for a person's note (no
# contact), the note's day, or its done tasks' (link target, ✅ day) when it has no day
_Source = date | tuple[tuple[str, date], ...] | None


def _source(index: EvidenceIndex, path: str, today: date) -> _Source:
    if path in index.people:
        return None  # (a person's note linking another: no contact)
    day = index.dated.get(path)
    if day is not None and day <= today:
        return day
    return tuple(d for d in index.done_links(path) if d[1] <= today)


def _contacts(graph: Graph, index: EvidenceIndex, path: str, keys: tuple[str, ...],
              today: date, sources: dict[str, _Source]) -> tuple[Contact, ...]:
    doc = index.docs[path]
    found: set[tuple[date, str, str]] = set()  # (day, path, how): the order they go in
    last = parse_date(doc.frontmatter.get("last_contact"))
    if last is not None and last <= today:
        found.add((last, path, "last_contact"))
    resolver = graph.resolver
    for source in index.linking(path, resolver, keys):
        try:
            said = sources[source]
        except KeyError:
            said = sources[source] = _source(index, source, today)
        if said is None:
            continue
        if isinstance(said, date):
            found.add((said, source, "note"))
            continue
        for target, done in said:  # (an undated note: its tasks' days)
            if index.resolve(resolver, target) == path:
                found.add((done, source, "task"))
    return tuple([Contact(day, how, where) for day, where, how in sorted(found)])


def new_in(persons: tuple[Person, ...], start: date, end: date) -> tuple[Person, ...]:
    """The people whose first contact falls between `start` and `end`."""
    return tuple(p for p in persons if p.first is not None and start <= p.first.day <= end)


def feedback_in(index: EvidenceIndex, start: date, end: date) -> tuple[
        tuple[Feedback, ...], tuple[Feedback, ...], tuple[str, ...]]:
    """(asked: feedback tasks still open; received: those done between `start` and `end`;
    notes tagged with the feedback tag dated in that span), each in the vault's order."""
    asked: list[Feedback] = []
    received: list[Feedback] = []
    notes: list[str] = []
    for path in sorted(index.feedback_paths):
        for item in index.feedback.get(path, ()):
            if not item.done:
                asked.append(item)
            elif item.day is not None and start <= item.day <= end:
                received.append(item)
        day = index.day(path) if path in index.feedback_notes else None
        if day is not None and start <= day <= end:
            notes.append(path)
    return tuple(asked), tuple(received), tuple(notes)


def weeks_ago(day: date, today: date) -> str:
    """`3 days ago`, `2 weeks ago`, `today`."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} ago"
    return f"{days // 7} weeks ago"


def month_span(today: date) -> tuple[date, date]:
    """The first and last day of `today`'s month."""
    start = today.replace(day=1)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return start, nxt - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PeopleReview:
    """What the review's People section says, for the month holding `today`."""

    people: tuple[Person, ...]
    month: tuple[date, date]
    new: tuple[Person, ...]  # first contact this month
    lapsed: tuple[Person, ...]  # cadence gone by, longest silence first
    asked: tuple[Feedback, ...]  # feedback tasks still open
    received: tuple[Feedback, ...]  # feedback tasks done this month
    feedback_notes: tuple[str, ...]  # notes tagged feedback, dated this month


def people_review(graph: Graph, index: EvidenceIndex, today: date) -> PeopleReview:
    persons = people(graph, index, today)
    start, end = month_span(today)
    lapsed = sorted((p for p in persons if p.lapsed(today)), key=lambda p: (
        p.last.day if p.last else date.min, p.name.casefold()))
    asked, received, notes = feedback_in(index, start, min(end, today))
    return PeopleReview(persons, (start, end), new_in(persons, start, min(end, today)),
                        tuple(lapsed), asked, received, notes)
