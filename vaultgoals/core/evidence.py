"""Who links whom: the vault's backlinks, its people notes and its feedback, kept current.

People (core/people.py) and skills (core/skills.py) are judged from what links them: a
daily note's `Coffee with [[Ana]]`, a task `- [x] SQL exercises [[SQL]]`, a meeting note, a
course note, a `skills: [[SQL]]` property. The parser keeps each note's link targets
(`NoteDoc.links`: every wikilink of the body, tasks' too); this index turns them into
backlinks, with what else a note says that evidence needs (its day, whether it is a person,
its `#feedback` tasks). What of that the settings a note is read with decide is worked out
when it is read (`read_facts`, kept as `NoteDoc.evidence` by the parse cache), so a warm
start only decodes it; the index itself keeps backlinks only for the keys of people and
skills, found among the links of every note at C speed.

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
from itertools import chain, compress
from operator import attrgetter, itemgetter

from vaultgoals.core.config import Config
from vaultgoals.core.dates import parse_date, parse_iso
from vaultgoals.core.goals.person_note import is_person
from vaultgoals.core.goals.props import aliases_of, frontmatter_tags, props
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.model import NO_EVIDENCE, EvidenceFacts, NoteDoc
from vaultgoals.core.parse.cues import may_link
from vaultgoals.core.snapshot import Snapshot
from vaultgoals.core.taskrefs import daily_date, weekly_day

_WIKILINK = re.compile(r"\[\[([^\]|#\n]*)")
_TASK_TAGS = attrgetter("fields.tags")
_TASK_LINKS = attrgetter("fields.links")
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Feedback:
    """A task tagged with the feedback tag: asked while open, received once done."""

    path: str
    line: int
    text: str
    done: bool
    day: date | None  # done: the day it was done; open: the day it was written, if known


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


def read_facts(doc: NoteDoc, config: Config) -> EvidenceFacts:
    """What evidence needs of a note beyond its body's links (`NoteDoc.evidence`): its day,
    whether it is a person's, the notes its properties link that its body does not, its
    tasks' tags. A function of the note and the settings it is read with
    (`Config.reading_key`; the feedback tag, no reading setting, is asked of the tags when
    used), so it is worked out when the note is read (core/noteread.py) and the parse
    cache keeps it."""
    extra: tuple[str, ...] = ()
    fm = doc.frontmatter
    if fm:
        links = doc.links
        extra = tuple(dict.fromkeys(t for t in _property_targets(fm) if t not in links))
    day = note_day(doc, config)
    person = is_person(doc, config)
    # (all its tasks' tags gathered at C speed: a note may hold 50,000 tasks)
    tags = tuple(dict.fromkeys(t.lstrip("#").casefold() for t in chain.from_iterable(
        map(_TASK_TAGS, doc.tasks)))) if doc.tasks else ()
    if day is None and not person and not extra and not tags:
        return NO_EVIDENCE
    return EvidenceFacts(day.isoformat() if day is not None else None, person, extra, tags)


def facts_of(doc: NoteDoc, config: Config) -> EvidenceFacts:
    """The note's `read_facts`, as found when it was read, else worked out now."""
    facts = doc.evidence
    return facts if facts is not None else read_facts(doc, config)


def _targets(doc: NoteDoc, facts: EvidenceFacts) -> tuple[str, ...]:
    """The notes a note links as written: its body's links, then its properties'."""
    extra = facts.property_links
    return (*doc.links, *extra) if extra else doc.links


def _tagged(doc: NoteDoc, tag: str) -> bool:
    """Is the note tagged with `tag` (case-folded, no `#`) in its properties
    (`frontmatter_tags`)?"""
    raw = doc.frontmatter.get("tags") or doc.frontmatter.get("tag")
    # (each of the tags is a part of the text of a list's items or of one text, so a
    # note whose tags' text does not hold `tag` is asked no further: most notes)
    if isinstance(raw, list):
        if tag not in "\n".join(map(str, raw)).casefold():
            return False
    elif isinstance(raw, str) and tag not in raw.casefold():
        return False
    return tag in frontmatter_tags(doc)


def _asks(task_tags: tuple[str, ...], tag: str) -> bool:
    """Does a task carry the tag `tag` (case-folded, no `#`), or one under it? (`task_tags`:
    the note's tasks' tags, `EvidenceFacts.task_tags`)"""
    return any(_is_tag(t, tag) for t in task_tags)


def _feedback(doc: NoteDoc, config: Config, tag: str, day: date | None
              ) -> tuple[Feedback, ...]:
    """The note's tasks tagged with the feedback tag (`tag`, case-folded, no `#`); `day`:
    the note's (an open task's, when it says no day of its own)."""
    out: list[Feedback] = []
    # (the tasks that carry a tag, picked at C speed: a note may hold 50,000 tasks)
    for task in compress(doc.tasks, map(_TASK_TAGS, doc.tasks)):
        if not any(_is_tag(t, tag) for t in task.fields.tags):
            continue
        stype = config.status_type(task.status)
        if stype in ("CANCELLED", "NON_TASK"):
            continue
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


_Back = dict[str, list[tuple[str, str]]]


class EvidenceIndex:
    """Backlinks, people notes and feedback of a vault, updated note by note."""

    def __init__(self) -> None:
        self.config: Config | None = None
        self._reset()

    def _reset(self) -> None:
        self.docs: Mapping[str, NoteDoc] = {}
        self._seen: Snapshot[NoteDoc] | None = None
        # a target's key → (a note linking it, its target with that key as written), kept
        # only for the keys asked about (people's and skills', and any `linking` was asked for):
        # the notes of a vault link far more notes than its people and skills
        self._back: _Back = {}
        self._wanted: set[str] = set()
        self._stamps: dict[str, int] = {}  # a key → when its backlinks last changed
        self._clock = 0
        self.people: set[str] = set()
        # a person's or a skill's note → the keys links to it are filed under (`keys_of`)
        self.keyed: dict[str, tuple[str, ...]] = {}
        self.feedback: dict[str, tuple[Feedback, ...]] = {}  # notes with feedback tasks
        self.feedback_notes: set[str] = set()  # notes tagged with the feedback tag
        # what core/people.py worked out per person, kept while `stamp` says it holds
        self.memo: dict[str, tuple[object, object]] = {}
        self.dated: dict[str, date] = {}  # the notes about a day (`note_day`): their day
        self._done: dict[str, tuple[tuple[str, date], ...]] = {}  # `done_links`, asked
        self._resolved: tuple[LinkResolver | None, dict[str, str | None]] = (None, {})

    def update(self, docs: Mapping[str, NoteDoc], config: Config) -> EvidenceIndex:
        """Bring the index up to `docs` (the vault index's notes); returns itself."""
        seen = self._seen if config == self.config else None
        fresh = seen is None
        if seen is None:
            self._reset()  # (a new configuration: start over)
            self.config = config
            changed: list[str] = list(docs)
        else:
            before = seen.items
            found = seen.changed(docs)
            if found is None:  # notes added or removed: compare each
                for gone in [p for p in before if p not in docs]:
                    self._forget(gone, before[gone], config)
                found = [p for p, d in docs.items() if before.get(p) is not d]
            changed = found
            for path in changed:
                if path in before:
                    self._forget(path, before[path], config)
        self.docs = docs
        self._seen = Snapshot(docs)
        self._clock += 1
        linking = self._read(None if fresh else changed, config)
        new_keys = {k for p in changed for k in self.keyed.get(p, ())} - self._wanted
        if fresh:
            self._wanted |= new_keys
        elif new_keys:  # (a new person or skill: the notes learned before that link it)
            self._want(new_keys, set(changed))
        self._file(linking)
        return self

    def _file(self, linking: list[tuple[str, tuple[str, ...]]]) -> None:
        """File the notes' links (path, targets) that are wanted under their keys."""
        wanted, back = self._wanted, self._back
        # the targets written that mean a wanted key, each asked once (then the notes that
        # link none of them, most, are passed over at C speed), with their keys' lists
        hits = {t: key for t in set(chain.from_iterable(map(itemgetter(1), linking)))
                if (key := _key(t)) in wanted}
        for key in set(hits.values()):
            if key not in back:
                back[key] = []
            self._stamps[key] = self._clock
        lists = {t: back[key] for t, key in hits.items()}
        is_hit, written = hits.__contains__, hits.keys()
        for path, targets in linking:
            if written.isdisjoint(targets):
                continue
            for target in filter(is_hit, targets):
                lists[target].append((path, target))

    def _read(self, changed: list[str] | None, config: Config
              ) -> list[tuple[str, tuple[str, ...]]]:
        """Note what the `changed` notes (None: all) are (people, skills, feedback); their
        links."""
        docs = self.docs
        tag = config.feedback_tag.casefold().lstrip("#")
        linking: list[tuple[str, tuple[str, ...]]] = []
        for path, doc in (docs.items() if changed is None else
                          ((p, docs[p]) for p in changed)):
            facts = doc.evidence
            if facts is NO_EVIDENCE:  # (most notes: only their links to look at)
                if doc.links:
                    linking.append((path, doc.links))
            else:
                if facts is None:
                    facts = read_facts(doc, config)
                if doc.links or facts.property_links:
                    linking.append((path, _targets(doc, facts)))
                if facts.day is not None:
                    day = parse_iso(facts.day)
                    if day is not None:
                        self.dated[path] = day
                if facts.person:
                    self.people.add(path)
                if tag and facts.task_tags and _asks(facts.task_tags, tag):
                    found = _feedback(doc, config, tag, self.dated.get(path))
                    if found:
                        self.feedback[path] = found
            if facts.person or (doc.recognised is not None
                                and doc.recognised.kind == "skill"):
                fm = doc.frontmatter
                self.keyed[path] = self.keys_of(path, aliases_of(props(fm)) if fm else ())
            if tag and doc.tags and _tagged(doc, tag):
                self.feedback_notes.add(path)
        return linking

    def _forget(self, path: str, doc: NoteDoc, config: Config) -> None:
        """Forget what the note `path` said as `doc`."""
        self.dated.pop(path, None)
        self._done.pop(path, None)
        self.people.discard(path)
        self.keyed.pop(path, None)
        self.feedback.pop(path, None)
        self.feedback_notes.discard(path)
        self._clock += 1
        for key in {_key(t) for t in _targets(doc, facts_of(doc, config))}:
            linked = self._back.get(key)
            if linked is not None:
                kept = [e for e in linked if e[0] != path]
                if kept:
                    self._back[key] = kept
                else:
                    del self._back[key]
            self._stamps[key] = self._clock

    @property
    def feedback_paths(self) -> set[str]:
        """The notes with feedback tasks or the feedback tag."""
        return self.feedback.keys() | self.feedback_notes

    @staticmethod
    def keys_of(path: str, aliases: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The keys a link to the note `path` is filed under: its name's, its aliases'."""
        return tuple(sorted({_key(path.rsplit("/", 1)[-1]), *(_key(a) for a in aliases)}))

    def stamp(self, keys: tuple[str, ...]) -> tuple[int, ...]:
        """When the backlinks under `keys` last changed: equal stamps, equal backlinks."""
        return tuple(self._stamps.get(k, 0) for k in keys)

    def _want(self, keys: set[str], skip: set[str] | frozenset[str] = frozenset()) -> None:
        """Keep the backlinks of `keys` from now on, starting with the notes learned (but
        those in `skip`: learned next)."""
        self._wanted |= keys
        self._clock += 1
        back, config = self._back, self.config or Config()  # (set by the first update)
        for path, doc in self.docs.items():
            if path in skip or not (doc.links or doc.frontmatter):
                continue
            for target in _targets(doc, facts_of(doc, config)):
                key = _key(target)
                if key in keys:
                    back.setdefault(key, []).append((path, target))
        for key in keys:
            self._stamps[key] = self._clock

    def _resolutions(self, resolver: LinkResolver) -> dict[str, str | None]:
        """Link target → the note it means under `resolver`, as asked (the same people
        are linked by hundreds of notes)."""
        kept, known = self._resolved
        if kept is not resolver:
            known = {}
            self._resolved = (resolver, known)
        return known

    def resolve(self, resolver: LinkResolver, target: str) -> str | None:
        """`resolver.resolve(target)`, asked once per target while `resolver` is the one."""
        known = self._resolutions(resolver)
        hit = known.get(target, _UNKNOWN)
        if hit is _UNKNOWN:
            hit = known[target] = resolver.resolve(target)
        return hit

    def linking(self, path: str, resolver: LinkResolver, keys: tuple[str, ...]) -> list[str]:
        """The notes that link the note `path`, sorted, the note itself left out (`keys`:
        `keys_of` the note: its name's and aliases' keys)."""
        missing = {k for k in keys if k not in self._wanted}
        if missing:  # (a note not known as a person or a skill when read: asked once)
            self._want(missing)
        known = self._resolutions(resolver)
        out: set[str] = set()
        for key in keys:
            for source, target in self._back.get(key, ()):
                hit = known.get(target, _UNKNOWN)
                if hit is _UNKNOWN:
                    hit = known[target] = resolver.resolve(target)
                if hit == path:
                    out.add(source)
        out.discard(path)
        return sorted(out)

    def day(self, path: str) -> date | None:
        """The day the note `path` is about (`note_day`)."""
        return self.dated.get(path)

    def done_links(self, path: str) -> tuple[tuple[str, date], ...]:
        """(link target, ✅ day) of the note's done tasks that link a note (a contact in a
        note without a day of its own), worked out when first asked."""
        found = self._done.get(path)
        if found is None:
            doc, config = self.docs.get(path), self.config
            if doc is None or not doc.tasks or config is None:
                return ()
            # (the tasks with links, picked at C speed: a note may hold 50,000 tasks)
            found = self._done[path] = tuple(
                (link.target, day) for t in compress(doc.tasks, map(_TASK_LINKS, doc.tasks))
                if t.fields.done and (day := parse_iso(t.fields.done)) is not None
                and config.status_type(t.status) == "DONE" for link in t.fields.links)
        return found


_UNKNOWN = ""  # (no note's path: not yet resolved)
