"""Who links whom: the vault's backlinks, its people notes and its feedback, kept current.

People (core/people.py) and skills (core/skills.py) are judged from what links them: a
daily note's `Coffee with [[Ana]]`, a task `- [x] SQL exercises [[SQL]]`, a meeting note, a
course note, a `skills: [[SQL]]` property. The parser keeps each note's link targets
(`NoteDoc.links`: every wikilink of the body, tasks' too); this index turns them into
backlinks, with what else a note says that evidence needs (its day, whether it is a person,
its `#feedback` tasks).

`EvidenceIndex.update(docs)` looks again only at the notes whose parsed doc is a new object
since the last update (one C-level pass over the vault finds them: core/snapshot.py), so a
watcher pass after one edit costs that note. Pure: no I/O; the pipeline keeps one index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from vaultgoals.core.config import Config
from vaultgoals.core.dates import parse_date, parse_iso
from vaultgoals.core.goals.person_note import is_person
from vaultgoals.core.goals.props import aliases_of, frontmatter_tags, props
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.cues import may_link
from vaultgoals.core.snapshot import Snapshot
from vaultgoals.core.taskrefs import daily_date, weekly_day

_WIKILINK = re.compile(r"\[\[([^\]|#\n]*)")
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Feedback:
    """A task tagged with the feedback tag: asked while open, received once done."""

    path: str
    line: int
    text: str
    done: bool
    day: date | None  # done: the day it was done; open: the day it was written, if known


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What evidence needs of one note."""

    targets: tuple[str, ...]  # its link targets as written (body and properties)
    day: date | None  # its day: a daily or weekly note's, a `date:` property, a dated name
    person: bool  # a people-folder note or `type: person` (not a template)
    feedback_note: bool  # tagged with the feedback tag
    feedback: tuple[Feedback, ...]
    # (link target, ✅ day) of its done tasks that link a note: contacts in an undated note
    done_links: tuple[tuple[str, date], ...] = ()
    keys: tuple[str, ...] = ()  # a person's: the keys links to it are filed under (`keys_of`)


def _key(target: str) -> str:
    return LinkResolver.identity(target)


def note_day(doc: NoteDoc, config: Config) -> date | None:
    """The day a note is about: a daily or weekly note's, else its `date` property, else a
    date its name starts with (`2026-11-20 Sync with Ana`). Not `created`: a reference note
    made on a day is not about that day."""
    day = daily_date(doc.path, config) or weekly_day(doc.path, config)
    if day is not None:
        return parse_iso(day)
    if "date" in doc.frontmatter:
        found = parse_date(doc.frontmatter["date"])
        if found is not None:
            return found
    m = _DATED_NAME.match(doc.name)
    return parse_iso(m.group(1)) if m else None


def _property_targets(fm: Mapping[str, object]) -> list[str]:
    out: list[str] = []
    for value in fm.values():
        if may_link(value):
            out.extend(_WIKILINK.findall(str(value)))
    return [t.strip() for t in out if t.strip()]


def note_facts(doc: NoteDoc, config: Config) -> NoteFacts:
    fm = doc.frontmatter
    targets = doc.links
    if fm:
        extra = [t for t in _property_targets(fm) if t not in targets]
        if extra:
            targets = (*targets, *dict.fromkeys(extra))
    tag = config.feedback_tag.casefold().lstrip("#")
    done_links = [(link.target, day) for t in doc.tasks if t.fields.links and t.fields.done
                  and (day := parse_iso(t.fields.done)) is not None
                  and config.status_type(t.status) == "DONE" for link in t.fields.links]
    feedback: list[Feedback] = []
    if tag:
        day = None
        for task in doc.tasks:
            tags = task.fields.tags
            if tags and any(_is_tag(t, tag) for t in tags):
                stype = config.status_type(task.status)
                if stype in ("CANCELLED", "NON_TASK"):
                    continue
                day = day or note_day(doc, config)
                f = task.fields
                when = parse_iso(f.done) if stype == "DONE" and f.done else (
                    parse_iso(f.created) if f.created else None) or day
                text = " ".join(w for w in f.description.split() if not (
                    w.startswith("#") and _is_tag(w, tag)))  # (the tag says what it is)
                feedback.append(Feedback(doc.path, task.line, text, stype == "DONE", when))
    is_feedback = bool(tag) and bool(doc.tags) and tag in frontmatter_tags(doc)
    dated = note_day(doc, config) if (targets or is_feedback) else None
    person = is_person(doc, config)
    keys = EvidenceIndex.keys_of(doc.path, aliases_of(props(fm)) if fm else ()) if person else ()
    return NoteFacts(targets, dated, person, is_feedback, tuple(feedback), tuple(done_links),
                     keys)


def _is_tag(tag: str, wanted: str) -> bool:
    t = tag.lstrip("#").casefold()
    return t == wanted or t.startswith(wanted + "/")


class EvidenceIndex:
    """Backlinks, people notes and feedback of a vault, updated note by note."""

    def __init__(self) -> None:
        self.config: Config | None = None
        self._reset()

    def _reset(self) -> None:
        self.docs: Mapping[str, NoteDoc] = {}
        self._seen: Snapshot[NoteDoc] | None = None
        self.facts: dict[str, NoteFacts] = {}
        # a target's key → the notes linking it → their targets with that key
        self._back: dict[str, dict[str, tuple[str, ...]]] = {}
        self._stamps: dict[str, int] = {}  # a key → when its backlinks last changed
        self._clock = 0
        self.people: set[str] = set()
        self.feedback_paths: set[str] = set()  # notes with feedback tasks or the tag
        # what core/people.py worked out per person, kept while `stamp` says it holds
        self.memo: dict[str, tuple[object, object]] = {}

    def update(self, docs: Mapping[str, NoteDoc], config: Config) -> EvidenceIndex:
        """Bring the index up to `docs` (the vault index's notes); returns itself."""
        if config != self.config or self._seen is None:
            self._reset()  # (a new configuration: start over)
            self.config = config
            changed: list[str] = list(docs)
        else:
            found = self._seen.changed(docs)
            if found is None:  # notes added or removed: compare each
                before = self._seen.items
                for gone in [p for p in before if p not in docs]:
                    self._forget(gone)
                found = [p for p, d in docs.items() if before.get(p) is not d]
            changed = found
        for path in changed:
            self._forget(path)
            facts = note_facts(docs[path], config)
            if facts.targets or facts.person or facts.feedback or facts.feedback_note:
                self._learn(path, facts)
        self.docs = docs
        self._seen = Snapshot(docs)
        return self

    def _forget(self, path: str) -> None:
        facts = self.facts.pop(path, None)
        if facts is None:
            return
        self._clock += 1
        for key in {_key(t) for t in facts.targets}:
            linked = self._back.get(key)
            if linked is not None:
                linked.pop(path, None)
                if not linked:
                    del self._back[key]
            self._stamps[key] = self._clock
        self.people.discard(path)
        self.feedback_paths.discard(path)

    def _learn(self, path: str, facts: NoteFacts) -> None:
        self.facts[path] = facts
        self._clock += 1
        by_key: dict[str, list[str]] = {}
        for target in facts.targets:
            by_key.setdefault(_key(target), []).append(target)
        for key, targets in by_key.items():
            self._back.setdefault(key, {})[path] = tuple(targets)
            self._stamps[key] = self._clock
        if facts.person:
            self.people.add(path)
        if facts.feedback or facts.feedback_note:
            self.feedback_paths.add(path)

    @staticmethod
    def keys_of(path: str, aliases: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The keys a link to the note `path` is filed under: its name's, its aliases'."""
        return tuple(sorted({_key(path.rsplit("/", 1)[-1]), *(_key(a) for a in aliases)}))

    def stamp(self, keys: tuple[str, ...]) -> tuple[int, ...]:
        """When the backlinks under `keys` last changed: equal stamps, equal backlinks."""
        return tuple(self._stamps.get(k, 0) for k in keys)

    def linking(self, path: str, resolver: LinkResolver, keys: tuple[str, ...]) -> list[str]:
        """The notes that link the note `path`, sorted, the note itself left out (`keys`:
        `keys_of` the note: its name's and aliases' keys)."""
        out: set[str] = set()
        for key in keys:
            for source, targets in self._back.get(key, {}).items():
                if source != path and any(resolver.resolve(t) == path for t in targets):
                    out.add(source)
        return sorted(out)
