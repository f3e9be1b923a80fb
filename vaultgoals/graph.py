"""The goal graph: vision → goal → milestone → task, skills and commitments.

`build_graph` is a pure function of the parsed notes, the configuration, today's date and
the completion dates the journal remembers. It decides which notes and tasks are goals,
which task counts toward which goal, rolls progress up with a one-line explanation, and
gives every node a state. docs/goals.md is the user-facing description of these rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vaultgoals.config import Config
from vaultgoals.dates import add_relative, is_relative, parse_iso, parse_moment_day
from vaultgoals.dayindex import DayIndex, Row
from vaultgoals.links import LinkResolver
from vaultgoals.model import Link, NoteDoc, Problem, Task
from vaultgoals.snapshot import Snapshot

if TYPE_CHECKING:
    from vaultgoals.commitments import CommitmentStatus

NODE_KINDS = ("vision", "goal", "milestone", "skill", "commitment")
# Parent links deeper than this are cut (a warning; the rest is shown at the top level):
# every consumer of the tree (JSON export, the status tree, json.dumps) recurses per level.
MAX_DEPTH = 64
DECLARED_STATUSES = ("active", "paused", "done", "dropped")
OPEN_TYPES = ("TODO", "IN_PROGRESS")

# Property names as written in popular templates → our name. Looked up case-insensitively.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "type": ("type", "fileclass", "kind"),
    "title": ("title",),
    "status": ("status",),
    "start": ("start", "started", "starteddate", "start_date", "startdate"),
    "deadline": ("deadline", "due", "target_date", "targetdate", "due_date"),
    "created": ("created", "date_created", "creation_date"),
    "completed": ("completed", "completeddate", "completed_date", "done"),
    "parent": ("parent", "up"),
    "target": ("target",),
    "unit": ("unit", "units"),
    "progress": ("progress", "current"),
    "weight": ("weight",),
    "skills": ("skills",),
    "tag": ("tag", "goal_tag"),
    "every": ("every", "per", "recurrence"),
    "quota": ("quota", "times"),
    "count": ("count",),
    "aliases": ("aliases", "alias"),
}
_WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]")
_EVERY = {
    "day": "day", "daily": "day", "week": "week", "weekly": "week", "month": "month",
    "monthly": "month", "quarter": "quarter", "quarterly": "quarter", "year": "year",
    "yearly": "year", "annually": "year",
}  # fmt: skip


@dataclass(slots=True)
class TaskRef:
    """A task in its vault context."""

    path: str
    task: Task
    status_type: str
    completed_on: str | None  # ISO date: ✅, else journal's first-seen-done, else daily note
    is_leaf: bool
    goal: str | None = None  # key of the node it counts toward
    node: str | None = None  # key of the node this task *is* (inline goal / milestone)
    blocked: bool = False  # depends (⛔) on a task that is still open
    since: str | None = None  # earliest day it is known to exist: ➕ date, or its daily note
    done_day: date | None = None  # completed_on, parsed
    due_day: date | None = None  # the task's due date, parsed

    @property
    def is_open(self) -> bool:
        return self.status_type in OPEN_TYPES

    @property
    def is_done(self) -> bool:
        return self.status_type == "DONE"

    @property
    def counts(self) -> bool:
        return self.status_type in ("TODO", "IN_PROGRESS", "DONE")


@dataclass(slots=True)
class Node:
    key: str  # the note's path, or `path:line` for a goal written as a task
    kind: str
    title: str
    path: str
    line: int
    declared: str = "active"
    start: date | None = None
    deadline: date | None = None
    completed: date | None = None
    target: float | None = None
    unit: str = ""
    amount: float | None = None
    weight: float | None = None
    tag: str = ""
    every: str = ""
    quota: int = 1
    count_mode: str = "tasks"
    parent: str | None = None
    inline: bool = False  # written as a task (its own task is its first leaf)
    skills: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    tasks: list[TaskRef] = field(default_factory=list)
    # computed by the roll-up
    progress: float = 0.0
    explain: str = ""
    state: str = "active"
    done_leaves: int = 0
    total_leaves: int = 0
    open_tasks: int = 0
    blocked_tasks: int = 0
    last_activity: str | None = None


@dataclass(slots=True)
class Graph:
    nodes: dict[str, Node]
    roots: list[str]
    tasks: list[TaskRef]
    problems: list[Problem]
    resolver: LinkResolver
    today: date
    _own: dict[str, TaskRef] = field(default_factory=dict)  # inline node key → its task
    # done tasks by completion day, open tasks by due date
    done_index: DayIndex[TaskRef] = field(default_factory=lambda: DayIndex(()))
    due_index: DayIndex[TaskRef] = field(default_factory=lambda: DayIndex(()))
    # (commitment key, week start) → its status, computed once (commitments.py)
    statuses: dict[tuple[str, str], CommitmentStatus] = field(default_factory=dict)
    _walked: list[tuple[int, Node]] | None = None  # `walk`'s order, once the tree is built

    def walk(self) -> Iterable[tuple[int, Node]]:
        """Nodes depth-first from the roots, with their depth."""
        if self._walked is None:
            walked: list[tuple[int, Node]] = []
            stack = [(0, k) for k in reversed(self.roots)]
            while stack:
                depth, key = stack.pop()
                node = self.nodes[key]
                walked.append((depth, node))
                stack.extend((depth + 1, c) for c in reversed(node.children))
            self._walked = walked
        return iter(self._walked)

    def own_task(self, node: Node) -> TaskRef | None:
        """The task an inline goal or milestone is written as."""
        return self._own.get(node.key) if node.inline else None

    def subtree_tasks(self, key: str) -> list[TaskRef]:
        out: list[TaskRef] = []
        stack = [key]
        while stack:
            node = self.nodes[stack.pop()]
            out.extend(node.tasks)
            stack.extend(node.children)
        return out


# --- reading properties ------------------------------------------------------------------


def _prop(fm: Mapping[str, object], name: str) -> object:
    wanted = _SYNONYMS.get(name, (name,))
    for key, value in fm.items():
        if key.casefold() in wanted and value not in (None, ""):
            return value
    return None


_NAMES_OF: dict[str, tuple[str, ...]] = {  # a spelling → the properties it names
    spelling: tuple(name for name, spellings in _SYNONYMS.items() if spelling in spellings)
    for spellings in _SYNONYMS.values() for spelling in spellings
}


def _props(fm: Mapping[str, object]) -> dict[str, object]:
    """`_prop(fm, name)` of every property in _SYNONYMS that is set, in one pass."""
    out: dict[str, object] = {}
    for key, value in fm.items():
        if value not in (None, ""):
            for name in _NAMES_OF.get(key.casefold(), ()):
                out.setdefault(name, value)
    return out


def _at(doc: NoteDoc, name: str) -> int:
    """The line a property (under any of its accepted spellings) is written on."""
    return doc.property_line(*_SYNONYMS.get(name, (name,)))


# The largest size a numeric property may have. Beyond it a float no longer holds every
# whole number, sums of weights can overflow to infinity and progress to NaN (not even
# valid JSON), and a pace projection would leave the calendar.
NUMBER_LIMIT = 1e15


def _as_float(value: object) -> float | None:
    """`value` as a float if it is written as a number (NaN, ±infinity and numbers too
    large for a float included: 400 digits read as infinity), else None."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            return float(value.strip())
    except OverflowError:  # an int too large for a float
        return (math.inf if value > 0 else -math.inf) if isinstance(value, int) else None
    except ValueError:
        return None
    return None


def _usable(number: float) -> bool:
    return math.isfinite(number) and abs(number) <= NUMBER_LIMIT


def _shown_value(value: object) -> str:
    text = str(value).strip()
    return repr(text if len(text) <= 24 else text[:20] + "…")


def _link_targets(value: object) -> list[str]:
    """Link targets in a property value: `"[[X]]"`, `[[X]]` loaded as a list, or plain names."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, list):  # unquoted [[X]] that YAML read as a nested list
            out.extend(_link_targets(item))
        elif isinstance(item, str):
            found = _WIKILINK.findall(item)
            out.extend(found if found else [item.strip()])
    return [t.strip() for t in out if t and t.strip()]


def _kind_and_aliases(doc: NoteDoc) -> tuple[str | None, tuple[str, ...]]:
    """The node kind a note declares (or None) and its aliases, reading its properties
    once."""
    props = _props(doc.frontmatter) if doc.frontmatter else {}
    return _kind_of(doc, props), _aliases_of(props)


def _kind_of(doc: NoteDoc, props: Mapping[str, object]) -> str | None:
    declared = props.get("type")
    if isinstance(declared, str) and declared.strip().casefold() in NODE_KINDS:
        return declared.strip().casefold()
    if props.get("every") is not None and isinstance(declared, str) and declared == "goal":
        return "commitment"
    for tag in doc.tags:
        last = tag.casefold().rsplit("/", 1)[-1]
        if last in NODE_KINDS and tag.casefold() in _frontmatter_tags(doc):
            return last
    return None


def _aliases_of(props: Mapping[str, object]) -> tuple[str, ...]:
    raw = props.get("aliases")
    items = raw if isinstance(raw, list) else [raw] if raw else []
    return tuple(a.strip() for a in items if isinstance(a, str) and a.strip())


def _frontmatter_tags(doc: NoteDoc) -> set[str]:
    raw = doc.frontmatter.get("tags") or doc.frontmatter.get("tag") or []
    items = raw if isinstance(raw, list) else re.split(r"[,\s]+", str(raw))
    return {str(t).lstrip("#").casefold() for t in items if t}


def _daily_date(path: str, config: Config) -> str | None:
    folder = config.daily_folder
    if folder and not path.startswith(folder + "/"):
        return None
    name = path.rsplit("/", 1)[-1][:-3]
    day = parse_moment_day(config.daily_format, name)
    return day.isoformat() if day else None


# --- building ----------------------------------------------------------------------------


@dataclass(slots=True)
class GraphCache:
    """What `build_graph` may keep between calls (the watcher keeps one): per-note task
    data, each note's kind and aliases, and the link resolver. Entries are reused only for
    the very same parsed `NoteDoc` object, so the result never depends on the cache."""

    refs: dict[str, _CachedRefs] = field(default_factory=dict)
    outline: _Outline | None = None
    resolver_key: int | None = None
    resolver: LinkResolver | None = None
    # the last graph's day indexes: the rows of exactly the entries in `refs`
    done_index: DayIndex[TaskRef] | None = None
    due_index: DayIndex[TaskRef] | None = None


@dataclass(slots=True)
class _CachedRefs:
    doc: NoteDoc
    known: tuple[str | None, ...]  # journal completion dates the refs were built with
    refs: list[TaskRef]
    plain: bool  # no task can count toward a goal (no tags/links/fields/ids; not a goal note)
    done_rows: list[Row[TaskRef]]  # its rows of the graph's done_index and due_index
    due_rows: list[Row[TaskRef]]
    # inline goals/milestones: (ref index, kind), valid while `inline_goal_note` holds
    inline: list[tuple[int, str]] | None = None
    inline_goal_note: bool = False
    # membership: the goal key of each ref, valid for the global signature `sig`
    sig: int | None = None
    goals: list[str | None] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # …and grouped: goal key → the refs that count toward it; inline node → its parent
    members: dict[str, list[TaskRef]] = field(default_factory=dict)
    adopted: list[tuple[str, str]] = field(default_factory=list)
    # blocking: ids of open tasks here, and the refs that depend on some id
    open_ids: frozenset[str] = frozenset()
    dependents: list[TaskRef] = field(default_factory=list)
    undated: tuple[tuple[str, int], ...] = ()  # (path, line) of done tasks without ✅ date

    def unmark(self, marks: bool = True) -> None:
        """Clear what the last build set on these refs: blocked, and unless `marks` is
        False (membership and inline nodes known unchanged), goal and node."""
        for ref in self.dependents:
            ref.blocked = False
        if not marks:
            return
        for refs in self.members.values():
            for ref in refs:
                ref.goal = None
        for i, _ in self.inline or ():
            self.refs[i].node = None


@dataclass(frozen=True, slots=True)
class _Outline:
    """What a build needs of every note before its tasks: its kind and aliases, and the
    sorted paths of all notes, of those with tasks and of the goal-like ones. Kept between
    builds and updated for the notes whose parsed doc is not the very object it was."""

    docs: Snapshot[NoteDoc]  # the docs it was made from
    kinds: dict[str, str | None]
    aliases: dict[str, tuple[str, ...]]  # notes that have aliases
    alias_pairs: tuple[tuple[str, str], ...]  # (alias, path), sorted
    paths: tuple[str, ...]
    task_paths: tuple[str, ...]
    node_paths: tuple[str, ...]

    @classmethod
    def of(cls, docs: Mapping[str, NoteDoc], before: _Outline | None = None) -> _Outline:
        kinds: dict[str, str | None] = {}
        aliases: dict[str, tuple[str, ...]] = {}
        for path, doc in docs.items():
            if before is not None and before.docs.items.get(path) is doc:
                kinds[path] = before.kinds[path]
                names = before.aliases.get(path, ())
            else:
                kinds[path], names = _kind_and_aliases(doc)
            if names:
                aliases[path] = names
        paths = tuple(sorted(docs))
        return cls(Snapshot(docs), kinds, aliases, _pairs(aliases), paths,
                   tuple(p for p in paths if docs[p].tasks),
                   tuple(p for p in paths if kinds[p] is not None))

    def updated(self, docs: Mapping[str, NoteDoc]) -> _Outline:
        changed = self.docs.changed(docs)
        if changed is None:  # notes added, removed or renamed: look at each
            return _Outline.of(docs, self)
        if not changed:
            return self
        kinds, aliases = dict(self.kinds), dict(self.aliases)
        task_paths, node_paths = set(self.task_paths), set(self.node_paths)
        for path in changed:
            doc = docs[path]
            kind, names = _kind_and_aliases(doc)
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
        pairs = self.alias_pairs if aliases == self.aliases else _pairs(aliases)
        return _Outline(Snapshot(docs), kinds, aliases, pairs, self.paths,
                        tuple(sorted(task_paths)), tuple(sorted(node_paths)))


def _pairs(aliases: Mapping[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((alias, path) for path, names in aliases.items() for alias in names))


class _Builder:
    def __init__(
        self,
        docs: Mapping[str, NoteDoc],
        config: Config,
        today: date,
        first_done: Mapping[tuple[str, int], str],
        cache: GraphCache | None = None,
    ) -> None:
        self.graph_cache = cache
        self.cache = cache.refs if cache is not None else None
        self.docs = docs
        self.config = config
        self.today = today
        self.first_done = first_done
        self.days: dict[str, date | None] = {}  # `_make_entry`'s memo of parse_iso
        self.problems: list[Problem] = []
        self.nodes: dict[str, Node] = {}
        self.tag_owner: dict[str, str] = {}
        self._tag_depth_of: dict[str, str] | None = None  # `_tag_depth`'s memo
        self._tag_depth_n = 0
        self._tag_depth_v = 0
        self.sig = 0  # `signature()`, once the note nodes and their tags are known
        before = cache.outline if cache is not None else None
        self.outline = outline = (before.updated(docs) if before is not None
                                  else _Outline.of(docs))
        self.kinds = outline.kinds
        self.paths = outline.paths
        aliases = outline.alias_pairs
        key = hash((self.paths, aliases))
        if cache is not None and cache.resolver_key == key and cache.resolver is not None:
            self.resolver = cache.resolver
        else:
            self.resolver = LinkResolver(self.paths, aliases)
        if cache is not None:
            cache.outline, cache.resolver_key, cache.resolver = outline, key, self.resolver
        self.resolver_aliases = aliases
        self.entries: dict[str, _CachedRefs] = {}
        self.own: dict[str, TaskRef] = {}  # inline node key → the task it is written as

    def problem(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def number(self, path: str, name: str, value: object,
               line: Callable[[], int]) -> float | None:
        """A numeric property, or None; one written as a number that is not a usable one
        (NaN, infinite, larger than NUMBER_LIMIT) is also reported by name, at the
        line `line()` finds (asked only then: finding it costs a look through the note)."""
        number = _as_float(value)
        if number is None:
            return None
        if not _usable(number):
            self.problem(path, line(), f"property '{name}' {_shown_value(value)} is not a "
                         f"usable number (finite, at most {NUMBER_LIMIT:.0e}); ignored")
            return None
        return number

    def resolve_node(self, target: str) -> str | None:
        path = self.resolver.resolve(target)
        return path if path is not None and path in self.nodes else None

    # notes ---------------------------------------------------------------------------

    def note_node(self, doc: NoteDoc, kind: str) -> Node:
        props = _props(doc.frontmatter)
        title = props.get("title")
        # One line: titles become headings and list items in generated notes, and a line
        # break in one (YAML allows it, so does a Linux file name) would start a line of its
        # own there, e.g. a fake region marker.
        title = " ".join(title.split()) if isinstance(title, str) else ""
        node = Node(
            key=doc.path,
            kind=kind,
            title=title or " ".join(doc.name.split()) or doc.name,
            path=doc.path,
            line=1,
        )
        status = props.get("status")
        if isinstance(status, str) and status.strip().casefold() in DECLARED_STATUSES:
            node.declared = status.strip().casefold()
        elif status is not None:
            self.problem(doc.path, _at(doc, "status"), f"status {status!r} is not one of "
                         f"{', '.join(DECLARED_STATUSES)}; read as active")
        node.start = parse_iso(str(props.get("start") or ""))
        node.completed = parse_iso(str(props.get("completed") or ""))
        if node.completed is not None and node.declared == "active":
            node.declared = "done"
        deadline = props.get("deadline")
        if deadline is not None:
            text = str(deadline)
            node.deadline = parse_iso(text)
            if node.deadline is None and is_relative(text):
                base = node.start or parse_iso(str(props.get("created") or ""))
                if base is None:
                    self.problem(doc.path, _at(doc, "deadline"),
                                 f"deadline {text!r} is relative but the note "
                                 "has no start or created date to count from")
                else:
                    node.deadline = add_relative(base, text)
            elif node.deadline is None:
                self.problem(doc.path, _at(doc, "deadline"),
                             f"deadline {text!r} is neither a date (YYYY-MM-DD) "
                             "nor a duration like '6 months'")
        node.target = self.number(doc.path, "target", props.get("target"),
                                  lambda: _at(doc, "target"))
        if node.target is not None and node.target <= 0:
            self.problem(doc.path, _at(doc, "target"), "target must be a positive number; ignored")
            node.target = None
        node.amount = self.number(doc.path, "progress", props.get("progress"),
                                  lambda: _at(doc, "progress"))
        unit = props.get("unit")
        node.unit = str(unit) if unit is not None else ""
        node.weight = self.number(doc.path, "weight", props.get("weight"),
                                  lambda: _at(doc, "weight"))
        tag = props.get("tag")
        if isinstance(tag, str) and tag.strip().lstrip("#"):
            node.tag = tag.strip().lstrip("#").casefold()
        every = props.get("every")
        if every is not None:
            period = _EVERY.get(str(every).strip().casefold())
            if period is None:
                self.problem(doc.path, _at(doc, "every"),
                             f"every {every!r} is not one of day, week, month, "
                             "quarter, year")
            else:
                node.every = period
                node.kind = "commitment"
        quota = self.number(doc.path, "quota", props.get("quota"), lambda: _at(doc, "quota"))
        if quota is not None and quota >= 1:
            node.quota = int(quota)
        count = props.get("count")
        if isinstance(count, str) and count.strip().casefold() in ("new-links", "new_links",
                                                                   "new-people", "links"):
            node.count_mode = "new-links"
        return node

    # the whole build -----------------------------------------------------------------

    def build(self) -> Graph:
        docs = self.docs
        for path in self.outline.node_paths:
            kind = self.kinds[path]
            assert kind is not None
            self.nodes[path] = self.note_node(docs[path], kind)
        for key, node in self.nodes.items():
            if node.tag:
                if node.tag in self.tag_owner:
                    self.problem(node.path, _at(self.docs[node.path], "tag"),
                                 f"tag #{node.tag} is already the tag of "
                                 f"{self.tag_owner[node.tag]}; ignored here")
                else:
                    self.tag_owner[node.tag] = key
        self.sig = self.signature()
        refs, relevant = self.task_refs()
        self.inline_nodes(relevant)
        self.note_parents()
        self.assign_membership(relevant)
        self.break_cycles()
        self.limit_depth()
        roots = self.link_children()
        all_refs: list[TaskRef] = []
        for path in sorted(refs):
            all_refs.extend(refs[path])
        self.mark_blocked()
        graph = Graph(self.nodes, roots, all_refs, self.problems, self.resolver, self.today)
        graph._own = self.own
        graph.done_index, graph.due_index = self.done_index, self.due_index
        rollup(graph, self.config)
        return graph

    def task_refs(self) -> tuple[dict[str, list[TaskRef]], dict[str, list[TaskRef]]]:
        """Every note's tasks as TaskRefs (all, and those of notes that can hold goal
        members). Reused from `cache` while a note's parsed doc and its journal-known
        completion dates are unchanged: a watcher pass rebuilds only what changed."""
        out: dict[str, list[TaskRef]] = {}
        relevant: dict[str, list[TaskRef]] = {}
        cache = self.cache
        fresh: dict[str, _CachedRefs] = {}
        for path in self.outline.task_paths:
            doc = self.docs[path]
            hit = cache.get(path) if cache is not None else None
            entry = None
            if hit is not None and hit.doc is doc:
                # the journal's dates matter only for done tasks without a ✅ date
                known = tuple(map(self.first_done.get, hit.undated)) if self.first_done else ()
                if hit.known == known:
                    entry = hit
                    if not hit.plain:
                        # the marks the last build set stay when this one would set the same
                        hit.unmark(marks=hit.sig != self.sig or hit.inline_goal_note != (
                            path in self.nodes))
            if entry is None:
                entry = self._make_entry(path, doc)
            fresh[path] = entry
            out[path] = entry.refs
            if not entry.plain:
                relevant[path] = entry.refs
        self.entries = fresh
        self._index(fresh)
        return out, relevant

    def _index(self, fresh: dict[str, _CachedRefs]) -> None:
        """The day indexes of these entries: the cached ones updated for the notes whose
        entry changed, else (no cache yet) sorted from scratch."""
        cache = self.graph_cache
        if cache is None or cache.done_index is None or cache.due_index is None:
            self.done_index = DayIndex.of(r for e in fresh.values() for r in e.done_rows)
            self.due_index = DayIndex.of(r for e in fresh.values() for r in e.due_rows)
        else:
            gone = [e for path, e in cache.refs.items() if fresh.get(path) is not e]
            new = [e for path, e in fresh.items() if cache.refs.get(path) is not e]
            self.done_index = cache.done_index.updated(
                [r for e in gone for r in e.done_rows], [r for e in new for r in e.done_rows])
            self.due_index = cache.due_index.updated(
                [r for e in gone for r in e.due_rows], [r for e in new for r in e.due_rows])
        if cache is not None:
            cache.refs = fresh
            cache.done_index, cache.due_index = self.done_index, self.due_index

    def _make_entry(self, path: str, doc: NoteDoc) -> _CachedRefs:
        """A note's tasks as TaskRefs, with what the build indexes of them (one pass)."""
        has_task_child = {t.parent_line for t in doc.tasks if t.parent_line is not None}
        daily = _daily_date(path, self.config)
        types: dict[str, str] = {}
        days = self.days  # ISO text → date, shared by the build (dates repeat a lot)
        first_done = self.first_done
        refs: list[TaskRef] = []
        undated: list[tuple[str, int]] = []
        done_rows: list[Row[TaskRef]] = []
        due_rows: list[Row[TaskRef]] = []
        open_ids: set[str] = set()
        dependents: list[TaskRef] = []
        rich = path in self.nodes  # can a task here count toward a goal?
        for task in doc.tasks:
            stype = types.get(task.status)
            if stype is None:
                stype = types[task.status] = self.config.status_type(task.status)
            fields = task.fields
            line = task.line
            done_on: str | None = None
            done_day = due_day = None
            if stype == "DONE":
                done_on = fields.done
                if not done_on:
                    undated.append((path, line))
                    done_on = first_done.get((path, line)) or daily
                if done_on:
                    done_day = days[done_on] if done_on in days else days.setdefault(
                        done_on, parse_iso(done_on))
            due = fields.due
            if due:
                due_day = days[due] if due in days else days.setdefault(due, parse_iso(due))
            ref = TaskRef(path, task, stype, done_on, line not in has_task_child,
                          None, None, False,  # goal, node, blocked: set later
                          fields.created or daily, done_day, due_day)
            refs.append(ref)
            if done_day is not None:
                done_rows.append((done_day, path, line, ref))
            if not rich and (fields.tags or fields.links or fields.fields or fields.id
                             or fields.depends_on):
                rich = True
            if stype in OPEN_TYPES:
                if due_day is not None:
                    due_rows.append((due_day, path, line, ref))
                if fields.id:
                    open_ids.add(fields.id)
                if fields.depends_on:
                    dependents.append(ref)
        undone = tuple(undated)
        known = tuple(map(first_done.get, undone)) if first_done else ()
        return _CachedRefs(doc, known, refs, not rich, done_rows, due_rows, undated=undone,
                           open_ids=frozenset(open_ids), dependents=dependents)

    def inline_nodes(self, refs: Mapping[str, list[TaskRef]]) -> None:
        for path, prefs in refs.items():
            entry = self.entries[path]
            note_is_goal = path in self.nodes
            if entry.inline is None or entry.inline_goal_note != note_is_goal:
                entry.inline = self._find_inline(path, prefs, note_is_goal)
                entry.inline_goal_note = note_is_goal
            for index, kind in entry.inline:
                self._make_inline(path, prefs[index], kind)

    def _find_inline(
        self, path: str, prefs: list[TaskRef], note_is_goal: bool
    ) -> list[tuple[int, str]]:
        """Which tasks of a note are goals or milestones themselves, and which kind."""
        goal_tag = self.config.goal_tag.casefold()
        ms_tag = self.config.milestone_tag.casefold()
        doc = self.docs[path]
        headings = {h.line: h.text for h in doc.headings}
        by_line = {r.task.line: r for r in prefs}
        parent_of = doc.item_parents()
        found: list[tuple[int, str]] = []
        for index, ref in enumerate(prefs):
            task = ref.task
            if ref.status_type == "NON_TASK" or not (task.fields.tags or note_is_goal):
                continue
            tags = {t.lstrip("#").casefold() for t in task.fields.tags}
            if goal_tag in tags:
                found.append((index, "goal"))
            elif ms_tag in tags:
                found.append((index, "milestone"))
            elif note_is_goal and task.heading_line is not None:
                heading = headings.get(task.heading_line, "")
                if heading.strip().strip("#").strip().casefold() == "milestones" and not (
                    self._task_ancestor(task, parent_of, by_line)
                ):
                    found.append((index, "milestone"))
        return found

    def _make_inline(self, path: str, ref: TaskRef, kind: str) -> None:
        task = ref.task
        key = f"{path}:{task.line}"
        title = (_strip_tags(task.fields.description)
                 or f"{self.docs[path].name} line {task.line}")
        node = Node(key=key, kind=kind, title=title, path=path, line=task.line, inline=True)
        node.deadline = parse_iso(task.fields.due or "")
        node.start = parse_iso(task.fields.start or task.fields.created or "")
        if ref.status_type == "DONE":
            node.declared = "done"
            node.completed = parse_iso(ref.completed_on or "")
        elif ref.status_type == "CANCELLED":
            node.declared = "dropped"
        weight = dict(task.fields.fields).get("weight")
        node.weight = self.number(path, "weight", weight, lambda: task.line)
        ref.node = key
        self.nodes[key] = node
        self.own[key] = ref

    @staticmethod
    def _task_ancestor(
        task: Task, parent_of: Mapping[int, int | None], by_line: Mapping[int, TaskRef]
    ) -> TaskRef | None:
        """The nearest enclosing task, looking through plain bullets (no recursion;
        `parent_of`: the note's `item_parents`)."""
        line = task.parent_line
        while line is not None:
            ref = by_line.get(line)
            if ref is not None:
                return ref
            line = parent_of.get(line)
        return None

    def note_parents(self) -> None:
        for key, node in self.nodes.items():
            if ":" in key[len(node.path):]:
                continue  # inline nodes get their parent in assign_membership
            raw = _prop(self.docs[node.path].frontmatter, "parent")
            if raw is None:
                continue
            parent_line = _at(self.docs[node.path], "parent")
            for target in _link_targets(raw):
                parent = self.resolve_node(target)
                if parent is None:
                    self.problem(node.path, parent_line,
                                 f"parent [[{target}]] is not a goal-like note "
                                 "(type: vision, goal, milestone, skill or commitment)")
                    continue
                if parent == key:
                    self.problem(node.path, parent_line, "a note cannot be its own parent")
                    continue
                node.parent = parent
                break
            skills = _prop(self.docs[node.path].frontmatter, "skills")
            for target in _link_targets(skills) if skills is not None else []:
                skill = self.resolve_node(target)
                if skill is not None:
                    node.skills.append(skill)

    def _goal_of(
        self, ref: TaskRef, parent_of: Mapping[int, int | None], by_line: Mapping[int, TaskRef]
    ) -> str | None:
        """The node a task counts toward, by the rules in docs/goals.md (first match wins)."""
        fields = ref.task.fields
        for key, value in fields.fields:
            if key == "goal":
                for target in _link_targets(value):
                    hit = self.resolve_node(target)
                    if hit is not None:
                        return hit
                self.problem(ref.path, ref.task.line,
                             f"goal:: {value} does not link a goal-like note")
        line = ref.task.parent_line
        while line is not None:
            parent = by_line.get(line)
            if parent is None:  # a plain bullet
                line = parent_of.get(line)
            elif parent.node is not None:
                return parent.node
            else:
                line = parent.task.parent_line
        best: tuple[int, str] | None = None
        depth = self._tag_depth()
        for tag in fields.tags:
            t = tag.lstrip("#").casefold()
            if t.count("/") >= depth:  # no goal's tag is deeper: skip the longer prefixes
                t = "/".join(t.split("/", depth)[:depth])  # (each costs a hash of the tag)
            while t:
                owner = self.tag_owner.get(t)
                if owner is not None:
                    if best is None or len(t) > best[0]:
                        best = (len(t), owner)
                    break
                t = t.rpartition("/")[0]
        if best is not None:
            return best[1]
        for link in fields.links:
            hit = self.resolve_node(link.target)
            if hit is not None and hit != ref.node:
                return hit
        if ref.path in self.nodes:
            return ref.path
        return None

    def _tag_depth(self) -> int:
        """The most `/`-separated parts any goal's tag has (0 when no goal has a tag)."""
        if self._tag_depth_of is not self.tag_owner or self._tag_depth_n != len(self.tag_owner):
            self._tag_depth_of, self._tag_depth_n = self.tag_owner, len(self.tag_owner)
            self._tag_depth_v = max((t.count("/") + 1 for t in self.tag_owner), default=0)
        return self._tag_depth_v

    def signature(self) -> int:
        """Everything membership depends on beyond the note itself: which notes exist (link
        resolution), their aliases, which notes are goal-like, and the goals' tags."""
        return hash((
            self.paths,
            self.resolver_aliases,
            tuple(k for k in sorted(self.nodes) if ":" not in k[len(self.nodes[k].path):]),
            tuple(sorted(self.tag_owner.items())),
        ))

    def assign_membership(self, refs: Mapping[str, list[TaskRef]]) -> None:
        sig = self.sig
        for path, prefs in refs.items():
            entry = self.entries[path]
            if entry.sig != sig or len(entry.goals) != len(prefs):
                mark = len(self.problems)
                by_line = {r.task.line: r for r in prefs}
                parent_of = self.docs[path].item_parents()
                goal_of = self._goal_of
                if entry.inline or path in self.nodes:
                    entry.goals = [goal_of(ref, parent_of, by_line) for ref in prefs]
                else:  # no goal in this note: a task counts only by its own field/tag/link
                    entry.goals = [goal_of(ref, parent_of, by_line)
                                   if (f := ref.task.fields).fields or f.tags or f.links
                                   else None for ref in prefs]
                entry.problems = self.problems[mark:]
                entry.sig = sig
                entry.members, entry.adopted = {}, []
                for ref, goal in zip(prefs, entry.goals, strict=True):
                    if goal is None:
                        continue
                    if ref.node is None:
                        entry.members.setdefault(goal, []).append(ref)
                    elif goal != ref.node:
                        entry.adopted.append((ref.node, goal))
            else:
                self.problems.extend(entry.problems)
            for key, goal in entry.adopted:
                self.nodes[key].parent = goal
            for goal, members in entry.members.items():
                for ref in members:
                    ref.goal = goal
                self.nodes[goal].tasks.extend(members)

    def break_cycles(self) -> None:
        acyclic: set[str] = set()  # walked before without a cycle: linear, not quadratic
        for start in sorted(self.nodes):
            path: list[str] = []
            on_path: set[str] = set()
            key: str | None = start
            while key is not None and key not in on_path and key not in acyclic:
                path.append(key)
                on_path.add(key)
                key = self.nodes[key].parent
            acyclic.update(path)  # (a cycle found below is cut, so they are acyclic too)
            if key is None or key not in on_path:
                continue
            cycle = path[path.index(key):]
            cut = max(cycle)  # deterministic: cut the edge leaving the last key in the cycle
            node = self.nodes[cut]
            names = " → ".join(self.nodes[k].title for k in [*cycle, cycle[0]])
            line = (_at(self.docs[node.path], "parent") if not node.inline
                    else node.line)
            self.problem(node.path, line, f"parent links form a cycle ({names}); "
                         f"'{node.title}' is shown at the top level")
            node.parent = None

    def limit_depth(self) -> None:
        """Cut parent chains deeper than MAX_DEPTH levels (there are no cycles by now)."""
        depth: dict[str, int] = {}
        for start in sorted(self.nodes):
            chain: list[str] = []
            key: str | None = start
            while key is not None and key not in depth:
                chain.append(key)
                key = self.nodes[key].parent
            level = depth[key] if key is not None else -1
            for k in reversed(chain):
                level += 1
                if level > MAX_DEPTH:
                    node = self.nodes[k]
                    line = (_at(self.docs[node.path], "parent") if not node.inline
                            else node.line)
                    self.problem(node.path, line, f"goals nest more than {MAX_DEPTH} levels "
                                 f"deep here; '{node.title}' is shown at the top level")
                    node.parent = None
                    level = 0
                depth[k] = level

    def link_children(self) -> list[str]:
        roots: list[str] = []
        for key in sorted(self.nodes, key=_node_order(self.nodes)):
            node = self.nodes[key]
            if node.parent is None:
                roots.append(key)
            else:
                self.nodes[node.parent].children.append(key)
        return roots

    def mark_blocked(self) -> None:
        open_ids: set[str] = set()
        for entry in self.entries.values():
            open_ids |= entry.open_ids
        if not open_ids:
            return
        for entry in self.entries.values():
            for ref in entry.dependents:
                if any(d in open_ids for d in ref.task.fields.depends_on):
                    ref.blocked = True


def _node_order(nodes: Mapping[str, Node]) -> Callable[[str], tuple[int, int, str, int]]:
    rank = {k: i for i, k in enumerate(NODE_KINDS)}

    def order(key: str) -> tuple[int, int, str, int]:
        n = nodes[key]
        return (rank[n.kind], 0 if n.line == 1 else 1, n.path.casefold(), n.line)

    return order


_TAG_TEXT = re.compile(r"(?:^|\s)#[^\s#]+")


def _strip_tags(text: str) -> str:
    return " ".join(_TAG_TEXT.sub(" ", text).split())


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


# --- roll-up -------------------------------------------------------------------------------


def rollup(graph: Graph, config: Config) -> None:
    """Compute progress, explanation and state for every node, children before parents."""
    from vaultgoals.commitments import commitment_status

    order: list[str] = []
    for _, node in graph.walk():
        order.append(node.key)
    today = graph.today
    # over each node's subtree tasks (its own task aside): open, blocked, last completion
    subtree: dict[str, tuple[int, int, str | None]] = {}
    for key in reversed(order):
        node = graph.nodes[key]
        kids = [graph.nodes[c] for c in node.children
                if graph.nodes[c].declared != "dropped"
                and graph.nodes[c].kind not in ("commitment", "skill")]
        # over the node's own tasks: countable leaves (done ones), open and blocked tasks
        own_leaves = own_done = n_open = n_blocked = 0
        stamp = ""  # the latest completion
        for t in node.tasks:
            stype = t.status_type
            if stype in OPEN_TYPES:
                n_open += 1
                n_blocked += t.blocked
                own_leaves += t.is_leaf
            elif stype == "DONE":
                own_leaves += t.is_leaf
                own_done += t.is_leaf
            if t.completed_on and t.completed_on > stamp:
                stamp = t.completed_on
        done = own_done + sum(k.done_leaves for k in kids)
        total = own_leaves + sum(k.total_leaves for k in kids)
        for k in kids:
            if k.total_leaves == 0:
                total += 1
                done += 1 if k.state == "done" else 0
        own_task = graph.own_task(node)
        if total == 0 and own_task is not None and own_task.counts:
            total, done = 1, 1 if own_task.is_done else 0
        node.done_leaves, node.total_leaves = done, total
        for child in node.children:  # (every child: commitments and dropped ones too)
            c_open, c_blocked, c_last = subtree[child]
            n_open, n_blocked = n_open + c_open, n_blocked + c_blocked
            if c_last is not None and c_last > stamp:
                stamp = c_last
        subtree[key] = n_open, n_blocked, stamp or None
        if own_task is not None and own_task.is_open:
            n_open += 1
            n_blocked += own_task.blocked
        node.open_tasks, node.blocked_tasks = n_open, n_blocked
        node.last_activity = subtree[key][2]
        parts: list[str] = []
        milestones = [k for k in kids if k.kind == "milestone"]
        goals = [k for k in kids if k.kind == "goal"]
        if milestones:
            parts.append(f"{sum(1 for k in milestones if k.state == 'done')} of "
                         f"{_plural(len(milestones), 'milestone')}")
        if goals:
            parts.append(f"{sum(1 for k in goals if k.state == 'done')} of "
                         f"{_plural(len(goals), 'goal')} done")
        weighted = node.kind == "vision" or any(k.weight is not None for k in kids)
        if node.kind == "commitment" and node.every:
            status = commitment_status(graph, node, config)
            node.progress = min(1.0, status.count / node.quota) if node.quota else 1.0
            node.explain = status.explain
            node.state = "met" if status.count >= node.quota else "behind"
            if node.declared in ("paused", "dropped"):
                node.state = node.declared
            continue
        if node.declared == "done":
            node.progress = 1.0
            parts.insert(0, "marked done")
            if total and not (node.inline and not node.tasks and not kids):
                parts.append(f"{done} of {_plural(total, 'task')}")
        elif node.target is not None:
            amount = node.amount or 0.0
            node.progress = max(0.0, min(1.0, amount / node.target))
            unit = f" {node.unit}" if node.unit else ""
            parts.insert(0, f"{_fmt_num(amount)} of {_fmt_num(node.target)}{unit}")
        elif weighted and kids:
            pairs = [(k.weight if k.weight is not None else 1.0, k.progress) for k in kids]
            if own_leaves:
                pairs.append((1.0, own_done / own_leaves))
            wsum = sum(w for w, _ in pairs)
            node.progress = sum(w * p for w, p in pairs) / wsum if wsum > 0 else 0.0
            noun = (_plural(len(pairs), "goal") if node.kind == "vision"
                    else _plural(len(pairs), "child", "children"))
            parts.append(f"weighted mean of {noun}")
            if own_leaves:
                parts.append(f"{own_done} of {_plural(own_leaves, 'own task')}")
        else:
            node.progress = done / total if total else 0.0
            if node.inline and own_task is not None and total == 1 and not node.tasks:
                parts.append("done" if done else "not done yet")
            else:
                parts.append(f"{done} of {_plural(total, 'task')}" if total else "no tasks yet")
        node.explain = " · ".join(parts)
        node.state = _state(node, today)


def _state(node: Node, today: date) -> str:
    if node.declared in ("dropped", "paused", "done"):
        return node.declared
    if node.target is not None and node.amount is not None and node.amount >= node.target:
        return "done"
    if node.deadline is not None and node.deadline < today:
        return "overdue"
    if node.kind in ("vision", "skill"):
        return "active"
    if node.open_tasks and node.blocked_tasks == node.open_tasks:
        return "blocked"
    if node.open_tasks == 0:
        return "stuck"
    return "active"


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def build_graph(
    docs: Mapping[str, NoteDoc],
    config: Config,
    today: date,
    first_done: Mapping[tuple[str, int], str] | None = None,
    cache: GraphCache | None = None,
) -> Graph:
    """Build the goal graph from every parsed note (keyed by vault-relative path).

    `cache`: a `GraphCache` to keep between calls (the watcher does): per-note work is
    reused for notes that did not change. The result is the same with or without it."""
    return _Builder(docs, config, today, first_done or {}, cache).build()


def link_key(link: Link, resolver: LinkResolver) -> str:
    """What a link points at, for counting distinct people: a path, else the bare name."""
    return resolver.resolve(link.target) or LinkResolver.identity(link.target)
