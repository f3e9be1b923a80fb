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
from functools import lru_cache
from itertools import compress
from operator import attrgetter

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
_TASK_TAGS = attrgetter("fields.tags")
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Feedback:
    """A task tagged with the feedback tag: asked while open, received once done."""

    path: str
    line: int
    text: str
    done: bool
    day: date | None  # done: the day it was done; open: the day it was written, if known


@dataclass(slots=True)  # (not frozen: made for every note, and frozen ones are ~5× slower)
class NoteFacts:
    """What evidence needs of one note (its day and its done tasks' links are asked only
    of the notes that link a person or a skill: `EvidenceIndex.day`, `done_links`)."""

    targets: tuple[str, ...]  # its link targets as written (body and properties)
    person: bool  # a people-folder note or `type: person` (not a template)
    feedback_note: bool  # tagged with the feedback tag
    feedback: tuple[Feedback, ...]
    # a person's or a skill's: the keys links to it are filed under (`keys_of`)
    keys: tuple[str, ...] = ()


@lru_cache(maxsize=65536)  # (link targets repeat: the same people, goals and skills)
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
    """The notes the properties link: `"[[Ana]]"`, `["[[Ana]]", "[[Bo]]"]`, and `[[Ana]]`
    unquoted (YAML reads it as a list in a list)."""
    out: list[str] = []
    for value in fm.values():
        if isinstance(value, str):
            if "[[" in value:
                out.extend(_WIKILINK.findall(value))
        elif isinstance(value, list) and may_link(value):
            out.extend(_list_targets(value))
    return [t.strip() for t in out if t.strip()]


def _list_targets(values: list[object]) -> list[str]:
    out: list[str] = []
    for v in values:
        if isinstance(v, str) and "[[" in v:
            out.extend(_WIKILINK.findall(v))
        elif isinstance(v, list):  # (`[[Ana]]` unquoted: its name is the inner item)
            out.extend(x for x in v if isinstance(x, str))
    return out


def note_facts(doc: NoteDoc, config: Config) -> NoteFacts | None:
    """What evidence needs of a note, or None when it is nothing to evidence: no link, not
    a person or a skill, no feedback."""
    fm = doc.frontmatter
    targets = doc.links
    if fm:
        extra = [t for t in _property_targets(fm) if t not in targets]
        if extra:
            targets = (*targets, *dict.fromkeys(extra))
    tag = config.feedback_tag.casefold().lstrip("#")
    feedback = _feedback(doc, config, tag) if tag and doc.tasks else ()
    is_feedback = bool(tag) and bool(doc.tags) and tag in frontmatter_tags(doc)
    person = is_person(doc, config)
    skill = doc.recognised is not None and doc.recognised.kind == "skill"
    if not (targets or person or skill or feedback or is_feedback):
        return None
    keys = (EvidenceIndex.keys_of(doc.path, aliases_of(props(fm)) if fm else ())
            if person or skill else ())
    return NoteFacts(targets, person, is_feedback, feedback, keys)


def _feedback(doc: NoteDoc, config: Config, tag: str) -> tuple[Feedback, ...]:
    """The note's tasks tagged with the feedback tag (`tag`, case-folded, no `#`)."""
    out: list[Feedback] = []
    day: date | None = None
    # (the tasks that carry a tag, picked at C speed: a note may hold 50,000 tasks)
    for task in compress(doc.tasks, map(_TASK_TAGS, doc.tasks)):
        if not any(_is_tag(t, tag) for t in task.fields.tags):
            continue
        stype = config.status_type(task.status)
        if stype in ("CANCELLED", "NON_TASK"):
            continue
        day = day or note_day(doc, config)
        f = task.fields
        when = parse_iso(f.done) if stype == "DONE" and f.done else (
            parse_iso(f.created) if f.created else None) or day
        text = " ".join(w for w in f.description.split() if not (
            w.startswith("#") and _is_tag(w, tag)))  # (the tag says what it is)
        out.append(Feedback(doc.path, task.line, text, stype == "DONE", when))
    return tuple(out)


def _is_tag(tag: str, wanted: str) -> bool:
    t = tag.lstrip("#").casefold()
    return t == wanted or t.startswith(wanted + "/")


def _file(back: dict[str, dict[str, tuple[str, ...]]], key: str, path: str,
          target: str) -> None:
    """File the note `path`'s link `target` under its `key` in the backlinks `back`."""
    linked = back.setdefault(key, {})
    before = linked.get(path)
    linked[path] = (target,) if before is None else (*before, target)


class EvidenceIndex:
    """Backlinks, people notes and feedback of a vault, updated note by note."""

    def __init__(self) -> None:
        self.config: Config | None = None
        self._reset()

    def _reset(self) -> None:
        self.docs: Mapping[str, NoteDoc] = {}
        self._seen: Snapshot[NoteDoc] | None = None
        self.facts: dict[str, NoteFacts] = {}
        # a target's key → the notes linking it → their targets with that key, kept only
        # for the keys asked about (people's and skills', and any `linking` was asked for):
        # the notes of a vault link far more notes than its people and skills
        self._back: dict[str, dict[str, tuple[str, ...]]] = {}
        self._wanted: set[str] = set()
        self._stamps: dict[str, int] = {}  # a key → when its backlinks last changed
        self._clock = 0
        self.people: set[str] = set()
        self.feedback_paths: set[str] = set()  # notes with feedback tasks or the tag
        # what core/people.py worked out per person, kept while `stamp` says it holds
        self.memo: dict[str, tuple[object, object]] = {}
        self._days: dict[str, date | None] = {}  # `day`, asked
        self._done: dict[str, tuple[tuple[str, date], ...]] = {}  # `done_links`, asked

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
        fresh: dict[str, NoteFacts] = {}
        for path in changed:
            self._forget(path)
            facts = note_facts(docs[path], config)
            if facts is not None:
                fresh[path] = facts
        new_keys = {k for f in fresh.values() for k in f.keys} - self._wanted
        if new_keys:  # (a new person or skill: the notes learned before that link it)
            self._want(new_keys)
        for path, facts in fresh.items():
            self._learn(path, facts)
        self.docs = docs
        self._seen = Snapshot(docs)
        return self

    def _forget(self, path: str) -> None:
        self._days.pop(path, None)
        self._done.pop(path, None)
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
        clock, back, stamps, wanted = self._clock, self._back, self._stamps, self._wanted
        for target in facts.targets:  # (one pass, no grouping: this runs for every note)
            key = _key(target)
            if key in wanted:
                _file(back, key, path, target)
                stamps[key] = clock
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

    def _want(self, keys: set[str]) -> None:
        """Keep the backlinks of `keys` from now on, starting with the notes learned."""
        self._wanted |= keys
        self._clock += 1
        back = self._back
        for path, facts in self.facts.items():
            for target in facts.targets:
                key = _key(target)
                if key in keys:
                    _file(back, key, path, target)
        for key in keys:
            self._stamps[key] = self._clock

    def linking(self, path: str, resolver: LinkResolver, keys: tuple[str, ...]) -> list[str]:
        """The notes that link the note `path`, sorted, the note itself left out (`keys`:
        `keys_of` the note: its name's and aliases' keys)."""
        missing = {k for k in keys if k not in self._wanted}
        if missing:  # (a note not known as a person or a skill when read: asked once)
            self._want(missing)
        out: set[str] = set()
        for key in keys:
            for source, targets in self._back.get(key, {}).items():
                if source != path and any(resolver.resolve(t) == path for t in targets):
                    out.add(source)
        return sorted(out)

    def day(self, path: str) -> date | None:
        """The day the note `path` is about (`note_day`), worked out when first asked."""
        if path not in self._days:
            doc = self.docs.get(path)
            self._days[path] = (note_day(doc, self.config) if doc is not None
                                and self.config is not None else None)
        return self._days[path]

    def done_links(self, path: str) -> tuple[tuple[str, date], ...]:
        """(link target, ✅ day) of the note's done tasks that link a note (a contact in a
        note without a day of its own), worked out when first asked."""
        found = self._done.get(path)
        if found is None:
            doc, config = self.docs.get(path), self.config
            found = self._done[path] = () if doc is None or config is None else tuple(
                (link.target, day) for t in doc.tasks if t.fields.links and t.fields.done
                and (day := parse_iso(t.fields.done)) is not None
                and config.status_type(t.status) == "DONE" for link in t.fields.links)
        return found
