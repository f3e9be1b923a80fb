"""What makes a repeated graph build fast: per-note work kept between builds.

The watcher (and every pipeline) keeps one `GraphCache`. A build asks it for each note's
outline facts, task records, recognised inline nodes and task membership; the cache hands
back what the last build computed when it is still valid, else it calls the rule that
computes it. Validity, in one place:

- everything is kept only while the configuration is the same;
- everything about one note is kept only for the very same parsed `NoteDoc` object (the
  vault index replaces a note's doc exactly when the note is read again);
- its task records also only while the journal's completion dates for its undated done
  tasks are unchanged (looked at only for the notes whose dates may have changed when the
  caller says which: `DatesChanged`);
- its inline nodes only while the note's own kind is unchanged (each node as made from
  its task record, copied for every build);
- its tasks' membership only while `membership_key` — everything membership reads beyond
  the note: which notes exist, their aliases, which are goal-like, the goals' tags — is;
- a goal-like note's parent and skills only while `parents_key` (the membership key and
  every node's kind) is the same;
- the daily notes' lines grouped by their words (the habit candidates of goals/habits.py)
  are updated for the daily notes whose task records are not the same objects; the marks
  the last build's habits set on task records are cleared before the next build sets its
  own.

The rules themselves (graph.py, goals/) know nothing of this module. The result of a build
never depends on the cache: tests/test_graphcache.py builds every fixture vault through a
sequence of edits with and without it and compares the graphs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from itertools import accumulate, compress
from operator import is_not
from typing import Any, Protocol, TypeVar

from vaultgoals.core.config import Config
from vaultgoals.core.dayindex import DayIndex
from vaultgoals.core.goals.base import Found
from vaultgoals.core.graphmodel import Node, TaskRef
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.model import NoteDoc, Problem
from vaultgoals.core.snapshot import Snapshot
from vaultgoals.core.taskrefs import NoteTasks


@dataclass(slots=True)
class Membership:
    """Which goal each task of one note counts toward, grouped as the build applies it."""

    members: dict[str, list[TaskRef]]  # goal key → the note's tasks that count toward it
    adopted: list[tuple[str, str]]  # (inline node key, the node it counts toward)
    problems: list[Problem]
    # whether a build has set each member's `goal`: a kept membership's task records keep
    # it (a build that clears them, `NoteEntry.unmark(marks=True)`, finds it anew)
    applied: bool = False


@dataclass(frozen=True, slots=True)
class DatesChanged:
    """Which notes' completion dates (`first_done`) may differ from those of an earlier
    call: the mapping given with the token `since`, changed in place since then only in
    the keys of `paths` (None: anywhere), is now the one of `token`. A build whose cache
    last saw `since` re-checks the undated done tasks of those notes only."""

    since: object
    token: object
    paths: frozenset[str] | None


@dataclass(slots=True)
class NoteEntry:
    """One note's per-build work, as the last build left it."""

    doc: NoteDoc
    known: tuple[str | None, ...]  # journal completion dates its task records were made with
    tasks: NoteTasks
    inline_kind: str | None = None  # the note's kind when `inline` was found
    inline: list[tuple[int, Found]] | None = None  # (task index, what it is)
    kept: tuple[int, ...] | None = None  # the indexes of `inline` the last build kept
    # (day, the `inline` list, what `keep` kept of it that day): asked once a day
    keep_memo: tuple[object, list[tuple[int, Found]], list[tuple[int, Found]]] | None = None
    membership_key: int | None = None  # the key `membership` was found with
    membership: Membership | None = None
    # (task index, kind) → the inline node made of that task as that kind, and the problems
    # making it said: a function of the note, the task record and the settings alone
    made: dict[tuple[int, str], tuple[Node, tuple[Problem, ...]]] = field(
        default_factory=dict)

    def unmark(self, marks: bool) -> None:
        """Clear what the last build set on these task records: blocked, and unless
        `marks` is False (membership and inline nodes known unchanged), goal and node."""
        for ref in self.tasks.dependents:
            ref.blocked = False
        if not marks:
            return
        if self.membership is not None:
            self.membership.applied = False
            for refs in self.membership.members.values():
                for ref in refs:
                    ref.goal = None
        refs = self.tasks.refs
        for i, _ in self.inline or ():
            refs[i].node = None


@dataclass(frozen=True, slots=True)
class Outline:
    """What a build needs of every note before its tasks: its kind and aliases, and the
    sorted paths of all notes, of those with tasks and of the goal-like ones."""

    docs: Snapshot[NoteDoc]  # the docs it was made from
    kinds: dict[str, str | None]
    aliases: dict[str, tuple[str, ...]]  # notes that have aliases
    alias_pairs: tuple[tuple[str, str], ...]  # (alias, path), sorted
    paths: tuple[str, ...]
    task_paths: tuple[str, ...]
    node_paths: tuple[str, ...]
    # the notes whose doc is not the object it was in the outline before this one (None:
    # not known, notes were added, removed or renamed, or there was none)
    changed: tuple[str, ...] | None = None


Classify = Callable[[NoteDoc], tuple[str | None, tuple[str, ...]]]  # doc → (kind, aliases)


def _outline(docs: Mapping[str, NoteDoc], classify: Classify,
             before: Outline | None = None) -> Outline:
    kinds: dict[str, str | None] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for path, doc in docs.items():
        if before is not None and before.docs.items.get(path) is doc:
            kinds[path] = before.kinds[path]
            names = before.aliases.get(path, ())
        else:
            kinds[path], names = classify(doc)
        if names:
            aliases[path] = names
    paths = tuple(sorted(docs))
    return Outline(Snapshot(docs), kinds, aliases, _pairs(aliases), paths,
                   tuple(p for p in paths if docs[p].tasks),
                   tuple(p for p in paths if kinds[p] is not None))


def _updated(before: Outline, docs: Mapping[str, NoteDoc], classify: Classify) -> Outline:
    changed = before.docs.changed(docs)
    if changed is None:  # notes added, removed or renamed: look at each
        return _outline(docs, classify, before)
    if not changed:
        return replace(before, changed=())
    looked = [(path, *classify(docs[path])) for path in changed]
    if all(kind == before.kinds[path] and names == before.aliases.get(path, ())
           and bool(docs[path].tasks) == _holds(before.task_paths, path)
           for path, kind, names in looked):  # (the edit of a note's tasks, mostly)
        return replace(before, docs=Snapshot(docs), changed=tuple(changed))
    kinds, aliases = dict(before.kinds), dict(before.aliases)
    task_paths, node_paths = set(before.task_paths), set(before.node_paths)
    for path, kind, names in looked:
        doc = docs[path]
        kinds[path] = kind
        if names:
            aliases[path] = names
        else:
            aliases.pop(path, None)
        for group, member in ((task_paths, bool(doc.tasks)), (node_paths, kind is not None)):
            if member:
                group.add(path)
            else:
                group.discard(path)
    pairs = before.alias_pairs if aliases == before.aliases else _pairs(aliases)
    return Outline(Snapshot(docs), kinds, aliases, pairs, before.paths,
                   tuple(sorted(task_paths)), tuple(sorted(node_paths)), tuple(changed))


def _holds(ordered: tuple[str, ...], path: str) -> bool:
    """Whether the sorted `ordered` holds `path`."""
    at = bisect_left(ordered, path)
    return at < len(ordered) and ordered[at] == path


def _pairs(aliases: Mapping[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((alias, path) for path, names in aliases.items() for alias in names))


def membership_key(paths: tuple[str, ...], alias_pairs: tuple[tuple[str, str], ...],
                   nodes: Mapping[str, Node], tag_owner: Mapping[str, str]) -> int:
    """Everything membership depends on beyond the note itself: which notes exist (link
    resolution), their aliases, which notes are goal-like, and the goals' tags."""
    return hash((paths, alias_pairs, tuple(sorted(nodes)), tuple(sorted(tag_owner.items()))))


@dataclass(slots=True)
class GraphCache:
    """What `build_graph` may keep between calls. Without one (None), every call of these
    functions compute everything afresh: see `cached_outline`, `cached_resolver`,
    `note_entries`, `day_indexes`."""

    config: Config | None = None  # what all of it was computed with
    refs: dict[str, NoteEntry] = field(default_factory=dict)
    outline: Outline | None = None
    resolver_key: int | None = None
    resolver: LinkResolver | None = None
    # the last graph's day indexes: the rows of exactly the entries in `refs`
    done_index: DayIndex[TaskRef] | None = None
    due_index: DayIndex[TaskRef] | None = None
    # what the last `note_entries` was asked with and gave beyond `refs`: the task paths
    # and the membership key; the entries of the notes whose tasks may count, those of
    # them with tasks that depend on others, and the entries with undated done tasks
    entries_asked: tuple[tuple[str, ...], int] | None = None
    relevant: dict[str, NoteEntry] = field(default_factory=dict)
    depending: dict[str, NoteEntry] = field(default_factory=dict)
    undated: dict[str, NoteEntry] = field(default_factory=dict)
    # the token of the completion dates the last `note_entries` was given (DatesChanged)
    dates_token: object = None
    # the last graph's `tasks`: (the paths, their entries, how many records each one
    # lists, the records): see `listed_refs`
    listed: tuple[tuple[str, ...], list[NoteEntry], list[int], tuple[TaskRef, ...]] | None = (
        None)
    # the habit candidates of the daily notes, kept up to date (`daily_groups`), and the
    # task records the last build's habits marked (goal or node)
    habit_grouper: Any = None
    habit_marks: list[TaskRef] = field(default_factory=list)
    # goal-like note path → (its doc, the parents' key it was linked with, its parent, the
    # problems finding it said, its skills): see `parents_key`
    parents: dict[str, tuple[NoteDoc, tuple[int, tuple[str, ...]], str | None,
                             tuple[Problem, ...], tuple[str, ...]]] = field(
        default_factory=dict)


def parents_key(key: int, nodes: Mapping[str, Node]) -> tuple[int, tuple[str, ...]]:
    """Everything a note's parent and skills depend on beyond the note itself: the
    membership key (which notes exist, their aliases, which are goal-like) and the kind of
    every node (a `skills:` link counts only to a skill)."""
    return key, tuple(n.kind for n in nodes.values())


def for_config(cache: GraphCache | None, config: Config) -> None:
    """Forget everything kept if it was computed with another configuration (recognisers
    and status types read it)."""
    if cache is not None and cache.config != config:
        for kept in fields(GraphCache):  # (every field back to its default)
            setattr(cache, kept.name, kept.default if kept.default_factory is MISSING
                    else kept.default_factory())
        cache.config = config


def cached_outline(cache: GraphCache | None, docs: Mapping[str, NoteDoc],
            classify: Classify) -> Outline:
    """Every note's kind and aliases, classified again only for the notes whose doc is not
    the object it was at the last build."""
    before = cache.outline if cache is not None else None
    out = _updated(before, docs, classify) if before is not None else _outline(docs, classify)
    if cache is not None:
        cache.outline = out
    return out


def cached_resolver(cache: GraphCache | None, out: Outline) -> LinkResolver:
    """The link resolver of these notes and aliases; the last one while they are the same."""
    key = hash((out.paths, out.alias_pairs))
    if cache is not None and cache.resolver_key == key and cache.resolver is not None:
        return cache.resolver
    made = LinkResolver(out.paths, out.alias_pairs)
    if cache is not None:
        cache.resolver_key, cache.resolver = key, made
    return made


def note_entries(
    cache: GraphCache | None, docs: Mapping[str, NoteDoc], out: Outline,
    first_done: Mapping[tuple[str, int], str], key: int,
    make: Callable[[NoteDoc], NoteTasks], dates: DatesChanged | None = None,
) -> tuple[dict[str, NoteEntry], dict[str, NoteEntry]]:
    """Each note with tasks → its entry: the last build's while the note's doc and the
    journal's completion dates for its undated done tasks are the same, else one `make`s.
    `key`: this build's membership key (a reused entry keeps the marks the last build set
    on its task records only when this build would set the same ones); `dates`: how
    `first_done` changed since the last build, if known. Also returns the entries of the
    notes whose tasks may count toward a goal (not `plain`)."""
    if (cache is not None and cache.refs and out.changed is not None
            and cache.entries_asked == (out.task_paths, key)):
        dated = (dates.paths if dates is not None and cache.dates_token is not None
                 and dates.since is cache.dates_token else None)
        fresh, relevant, again = _entries_of_changed(cache, docs, out.changed, first_done,
                                                     make, dated)
        for path in again:
            entry = fresh[path]
            for kept, keep in ((cache.depending, bool(entry.tasks.dependents)
                                and not entry.tasks.plain),
                               (cache.undated, bool(entry.tasks.undated))):
                if keep:
                    kept[path] = entry
                else:
                    kept.pop(path, None)
    else:
        fresh, relevant = _entries(cache, docs, out, first_done, key, make)
        if cache is not None:
            cache.depending = {p: e for p, e in relevant.items() if e.tasks.dependents}
            cache.undated = {p: e for p, e in fresh.items() if e.tasks.undated}
    if cache is not None:
        cache.entries_asked = (out.task_paths, key)
        cache.relevant = relevant
        cache.dates_token = dates.token if dates is not None else None
    return fresh, relevant


def _entries_of_changed(
    cache: GraphCache, docs: Mapping[str, NoteDoc], changed: tuple[str, ...],
    first_done: Mapping[tuple[str, int], str], make: Callable[[NoteDoc], NoteTasks],
    dated: frozenset[str] | None = None,
) -> tuple[dict[str, NoteEntry], dict[str, NoteEntry], list[str]]:
    """`_entries` when the last build was asked for the same task paths with the same
    membership key, and only the docs of `changed` are new objects: an entry is made for
    those and for the notes whose undated done tasks the journal now dates otherwise
    (looked at only in the notes of `dated` when given: the others' dates are the same);
    every other entry is the last build's, which keeps its marks (only `blocked` is
    cleared, as `NoteEntry.unmark(marks=False)` does). Also returns the paths made again."""
    for entry in cache.depending.values():
        entry.unmark(marks=False)
    fresh = dict(cache.refs)
    relevant = dict(cache.relevant)
    again = {path for path in changed if path in fresh}  # (a note with tasks, then and now)
    undated = (cache.undated.items() if dated is None else
               [(p, e) for p in dated if (e := cache.undated.get(p)) is not None])
    again.update(path for path, e in undated if path not in again and e.known != (
        tuple(map(first_done.get, e.tasks.undated)) if first_done else ()))
    regroup = False
    made_again = sorted(again)
    for path in made_again:
        old = fresh[path]
        doc = docs[path]
        made = make(doc)
        known = tuple(map(first_done.get, made.undated)) if first_done else ()
        entry = fresh[path] = NoteEntry(doc, known, made)
        if made.plain != old.tasks.plain:
            regroup = True
        elif not made.plain:
            relevant[path] = entry
    if regroup:
        relevant = {path: e for path, e in fresh.items() if not e.tasks.plain}
    return fresh, relevant, made_again


def _entries(
    cache: GraphCache | None, docs: Mapping[str, NoteDoc], out: Outline,
    first_done: Mapping[tuple[str, int], str], key: int,
    make: Callable[[NoteDoc], NoteTasks],
) -> tuple[dict[str, NoteEntry], dict[str, NoteEntry]]:
    before = cache.refs if cache is not None else {}
    fresh: dict[str, NoteEntry] = {}
    relevant: dict[str, NoteEntry] = {}
    for path in out.task_paths:
        doc = docs[path]
        entry = before.get(path)
        if entry is not None and entry.doc is doc:
            # the journal's dates matter only for done tasks without a ✅ date
            known = (tuple(map(first_done.get, entry.tasks.undated)) if first_done else ())
            if entry.known != known:
                entry = None
            elif not entry.tasks.plain:
                entry.unmark(marks=entry.membership_key != key
                             or entry.inline_kind != out.kinds[path])
        else:
            entry = None
        if entry is None:
            made = make(doc)
            known = tuple(map(first_done.get, made.undated)) if first_done else ()
            entry = NoteEntry(doc, known, made)
        fresh[path] = entry
        if not entry.tasks.plain:
            relevant[path] = entry
    return fresh, relevant


def _listed(entry: NoteEntry) -> list[TaskRef]:
    tasks = entry.tasks
    return tasks.refs if tasks.listed is None else tasks.listed


def listed_refs(cache: GraphCache | None, paths: tuple[str, ...],
                entries: Mapping[str, NoteEntry]) -> tuple[TaskRef, ...]:
    """The task records a graph lists (`Graph.tasks`): each entry's listed ones, the
    entries in `paths` order. With the same paths as the last build, its tuple with the
    runs of the entries that are not the same objects replaced (an entry's records are
    fixed when it is made)."""
    now = [entries[path] for path in paths]
    kept = cache.listed if cache is not None else None
    if kept is None or kept[0] != paths:
        lengths: list[int] = []
        out: list[TaskRef] = []
        for entry in now:
            listed = _listed(entry)
            out += listed
            lengths.append(len(listed))
        refs = tuple(out)
    else:
        _, before, lengths, refs = kept
        changed = list(compress(range(len(now)), map(is_not, now, before)))
        if changed:
            starts = [0, *accumulate(lengths)]
            lengths = list(lengths)
            out = []
            last = 0
            for i in changed:
                out += refs[starts[last]:starts[i]]
                listed = _listed(now[i])
                out += listed
                lengths[i] = len(listed)
                last = i + 1
            out += refs[starts[last]:]
            refs = tuple(out)
    if cache is not None:
        cache.listed = (paths, now, lengths, refs)
    return refs


def inline_nodes(
    entries: Mapping[str, NoteEntry], kinds: Mapping[str, str | None],
    compute: Callable[[str, NoteEntry], list[tuple[int, Found]]],
    keep: Callable[[NoteEntry, list[tuple[int, Found]]], list[tuple[int, Found]]],
    day: object,
) -> list[tuple[str, NoteEntry, list[tuple[int, Found]]]]:
    """(path, entry, its inline nodes) of the notes that have some: `compute(path, entry)`
    asked again only for a note whose kind changed since its entry's were found; `keep`
    (which depends on the `day`) drops some of them, asked again on another day. When what
    it keeps changes, the note's marks and membership are found again."""
    out: list[tuple[str, NoteEntry, list[tuple[int, Found]]]] = []
    for path, entry in entries.items():
        kind = kinds[path]
        found = entry.inline
        if found is None or entry.inline_kind != kind:
            found = entry.inline = compute(path, entry)
            entry.inline_kind = kind
            entry.membership = None  # (it reads which tasks are nodes)
        if found:
            memo = entry.keep_memo
            if memo is not None and memo[0] == day and memo[1] is found:
                found = memo[2]
            else:
                kept_now = keep(entry, found)
                entry.keep_memo = (day, found, kept_now)
                found = kept_now
        kept = tuple(i for i, _ in found)
        if entry.kept is not None and entry.kept != kept:
            entry.unmark(marks=True)
            entry.membership = None
        entry.kept = kept
        if found:
            out.append((path, entry, found))
    return out


def memberships(
    entries: Mapping[str, NoteEntry], key: int, compute: Callable[[str, NoteEntry], Membership],
) -> list[Membership]:
    """Each note's membership: `compute(path, entry)` asked again only for a note whose
    entry's was found with another membership key (or not yet)."""
    out: list[Membership] = []
    for path, entry in entries.items():
        found = entry.membership
        if found is None or entry.membership_key != key:
            found = entry.membership = compute(path, entry)
            entry.membership_key = key
        out.append(found)
    return out


def day_indexes(cache: GraphCache | None, fresh: dict[str, NoteEntry]
            ) -> tuple[DayIndex[TaskRef], DayIndex[TaskRef]]:
    """The done and due day indexes of these entries: the last build's updated for the
    notes whose entry changed, else sorted from scratch. Keeps `fresh` for the next build."""
    if cache is None or cache.done_index is None or cache.due_index is None:
        done = DayIndex.of(r for e in fresh.values() for r in e.tasks.done_rows)
        due = DayIndex.of(r for e in fresh.values() for r in e.tasks.due_rows)
    else:
        gone = [e.tasks for path, e in cache.refs.items() if fresh.get(path) is not e]
        new = [e.tasks for path, e in fresh.items() if cache.refs.get(path) is not e]
        done = cache.done_index.updated(
            [r for t in gone for r in t.done_rows], [r for t in new for r in t.done_rows])
        due = cache.due_index.updated(
            [r for t in gone for r in t.due_rows], [r for t in new for r in t.due_rows])
    if cache is not None:
        cache.refs = fresh
        cache.done_index, cache.due_index = done, due
    return done, due


G = TypeVar("G")
G_co = TypeVar("G_co", covariant=True)


def unmark_habits(cache: GraphCache | None) -> None:
    """Clear the goal and node the last build's habits set on task records it kept."""
    if cache is not None:
        for ref in cache.habit_marks:
            ref.goal = ref.node = None
        cache.habit_marks = []


def keep_habit_marks(cache: GraphCache | None, marked: list[TaskRef]) -> None:
    if cache is not None:
        cache.habit_marks = marked


class Grouper(Protocol[G_co]):
    """Something that groups the daily notes' task records, kept up to date between calls
    (goals/habits.py `Grouping`)."""

    def update(self, notes: Mapping[str, NoteTasks]) -> G_co: ...


def daily_groups(cache: GraphCache | None, entries: Mapping[str, NoteEntry],
                 grouper: Callable[[], Grouper[G]]) -> G:
    """The groups of the daily notes' task records (path → tasks of each): a new
    `grouper()`'s, or the one the cache keeps, updated for the notes that changed."""
    daily = {path: e.tasks for path, e in entries.items() if e.tasks.day is not None}
    if cache is None:
        return grouper().update(daily)
    if cache.habit_grouper is None:
        cache.habit_grouper = grouper()
    made: G = cache.habit_grouper.update(daily)
    return made
