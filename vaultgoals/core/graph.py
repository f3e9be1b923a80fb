"""The goal graph: vision → goal → milestone → task, skills and commitments.

`build_graph` is a pure function of the parsed notes, the configuration, today's date and
the completion dates the journal remembers. In order, it: recognises the goal-like notes
and makes their nodes; makes every note's task records (taskrefs.py); recognises the tasks
that are goals or milestones themselves; links each goal note to its parent; decides which
node each task counts toward (the recognisers and rules of `goals/registry.py`); cuts
parent cycles and over-deep chains; orders the tree; marks blocked tasks; and rolls
progress up (rollup.py). The returned `Graph` is frozen; only a later build with the same
`GraphCache` reuses (and re-marks) its task records.
docs/goals.md is the user-facing description of these rules. A `GraphCache` (graphcache.py)
lets a repeated build reuse the per-note work; the result is the same without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from vaultgoals.core.config import Config
from vaultgoals.core.goals import habits
from vaultgoals.core.goals.base import Found, NoteItems, Place
from vaultgoals.core.goals.milestone_notes import step_parents
from vaultgoals.core.goals.nodes import copy_node, inline_node, note_node
from vaultgoals.core.goals.props import aliases_of, line_of, link_targets, prop, props
from vaultgoals.core.goals.registry import goal_of, parent_of, recognise_items, recognise_note
from vaultgoals.core.graphmemo import (
    DatesChanged,
    GraphCache,
    Membership,
    NoteEntry,
    cached_outline,
    cached_resolver,
    daily_groups,
    day_indexes,
    for_config,
    inline_nodes,
    keep_habit_marks,
    listed_refs,
    membership_key,
    memberships,
    note_entries,
    parents_key,
    unmark_habits,
)
from vaultgoals.core.graphmodel import (
    DECLARED_STATUSES,
    NODE_KINDS,
    OPEN_TYPES,
    Graph,
    Node,
    TaskRef,
    depth_first,
    link_key,
)
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.model import NoteDoc, Problem
from vaultgoals.core.rollup import rollup
from vaultgoals.core.taskrefs import note_tasks

__all__ = ["DECLARED_STATUSES", "MAX_DEPTH", "NODE_KINDS", "OPEN_TYPES", "Graph",
           "GraphCache", "Node", "TaskRef", "build_graph", "link_key"]

# Parent links deeper than this are cut (a warning; the rest is shown at the top level):
# every consumer of the tree (JSON export, the status tree, json.dumps) recurses per level.
MAX_DEPTH = 64


def _classifier(config: Config) -> Callable[[NoteDoc], tuple[str | None, tuple[str, ...]]]:
    """doc → (the node kind its note recognisers give it, or None; its aliases), reading
    its properties once."""

    def classify(doc: NoteDoc) -> tuple[str | None, tuple[str, ...]]:
        if doc.judged or not doc.full:  # (recognised when read: goals/conventions.py;
            # a note not read in full is one no note recogniser claims: parse/cues.py)
            kind = doc.recognised.kind if doc.recognised is not None else None
            return kind, (aliases_of(props(doc.frontmatter)) if doc.frontmatter else ())
        fm = props(doc.frontmatter, config.extra_fields) if doc.frontmatter else {}
        found = recognise_note(doc, fm, config)
        return (found.kind if found is not None else None), aliases_of(fm)

    return classify


def build_graph(
    docs: Mapping[str, NoteDoc],
    config: Config,
    today: date,
    first_done: Mapping[tuple[str, int], str] | None = None,
    cache: GraphCache | None = None,
    dates: DatesChanged | None = None,
) -> Graph:
    """Build the goal graph from every parsed note (keyed by vault-relative path).

    `cache`: a `GraphCache` to keep between calls (the watcher does): per-note work is
    reused for notes that did not change. The result is the same with or without it.
    `dates`: how `first_done` changed since the last call with `cache`, if known."""
    first_done = first_done or {}
    for_config(cache, config)
    outline = cached_outline(cache, docs, _classifier(config))
    resolver = cached_resolver(cache, outline)
    b = _Builder(docs, config, resolver)
    for path in outline.node_paths:
        kind = outline.kinds[path]
        assert kind is not None
        node = b.nodes[path] = note_node(docs[path], kind, b.problems, config)
        doc = docs[path]
        why = doc.recognised if doc.judged or not doc.full else recognise_note(
            doc, props(doc.frontmatter, config.extra_fields) if doc.frontmatter else {}, config)
        if why is not None:
            node.found_by, node.reason = why.by, why.reason
    b.claim_tags()
    key = membership_key(outline.paths, outline.alias_pairs, b.nodes, b.tag_owner)
    linked = parents_key(key, b.nodes)  # (before the inline nodes: see `note_parents`)
    days: dict[str, date | None] = {}  # ISO text → date, shared by the notes' tasks
    entries, relevant = note_entries(
        cache, docs, outline, first_done, key,
        lambda doc: note_tasks(doc, config, first_done, outline.kinds[doc.path] is not None,
                               days), dates)
    done_index, due_index = day_indexes(cache, entries)
    unmark_habits(cache)
    kinds = outline.kinds
    for path, entry, found in inline_nodes(
            relevant, kinds, lambda path, entry: _inline(docs[path], entry, config, kinds[path]),
            lambda entry, found: habits.live(found, entry.tasks.refs, today, config.words),
            today):
        b.add_inline(docs[path], entry, found)
    b.note_parents(linked, cache.parents if cache is not None else {})
    b.apply(memberships(relevant, key, b.membership))
    if config.uses(habits.NAME):  # a vault-level pass: see goals/habits.py
        daily = habits.select(daily_groups(cache, entries, habits.Grouping), today)
        keep_habit_marks(cache, b.add_habits(entries, daily))
    b.break_cycles()
    b.limit_depth()
    roots = b.link_children()
    all_refs = listed_refs(cache, outline.task_paths, entries)
    b.mark_blocked(entries.values())
    walked = depth_first(b.nodes, roots)
    statuses = rollup(b.nodes, walked, b.own, resolver, today, config)
    return Graph(b.nodes, tuple(roots), all_refs, tuple(b.problems), resolver, today,
                 tuple(walked), b.own, done_index, due_index, statuses)


def _inline(doc: NoteDoc, entry: NoteEntry, config: Config,
            kind: str | None) -> list[tuple[int, Found]]:
    """The tasks of a note that are goals or milestones themselves: (task index, found);
    as found when the note was read, if it was (`NoteDoc.found_items`)."""
    found = (recognise_items(NoteItems(doc, config, kind,
                                       [r.status_type for r in entry.tasks.refs]))
             if doc.found_items is None or kind != _read_kind(doc)
             else [Found(c.kind, c.line, c.reason, c.by) for c in doc.found_items])
    if not found:
        return []
    index = {t.line: i for i, t in enumerate(doc.tasks)}
    return [(index[f.line], f) for f in found]


def _read_kind(doc: NoteDoc) -> str | None:
    """The kind the note recognisers gave a note when it was read."""
    return doc.recognised.kind if doc.recognised is not None else None


class _Builder:
    """The nodes and problems of one build, and the rules that link them."""

    def __init__(self, docs: Mapping[str, NoteDoc], config: Config,
                 resolver: LinkResolver) -> None:
        self.docs = docs
        self.config = config
        self.resolver = resolver
        self.problems: list[Problem] = []
        self.nodes: dict[str, Node] = {}
        self.own: dict[str, TaskRef] = {}  # inline node key → the task it is written as
        self.tag_owner: dict[str, str] = {}  # a goal's `tag:` → its key
        self._tag_depth: int | None = None

    def problem(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def resolve_node(self, target: str) -> str | None:
        path = self.resolver.resolve(target)
        return path if path is not None and path in self.nodes else None

    def note_exists(self, target: str) -> bool:
        """Whether a link target names a note of the vault (goal-like or not)."""
        return self.resolver.resolve(target) is not None

    def claim_tags(self) -> None:
        """Each goal's `tag:` belongs to the first goal (in path order) that declares it."""
        for key, node in self.nodes.items():
            if node.tag:
                if node.tag in self.tag_owner:
                    self.problem(node.path, line_of(self.docs[node.path], "tag"),
                                 f"tag #{node.tag} is already the tag of "
                                 f"{self.tag_owner[node.tag]}; ignored here")
                else:
                    self.tag_owner[node.tag] = key

    def add_inline(self, doc: NoteDoc, entry: NoteEntry,
                   found: list[tuple[int, Found]]) -> None:
        refs = entry.tasks.refs
        made = entry.made
        for index, what in found:
            ref = refs[index]
            kept = made.get((index, what.kind))
            if kept is None:
                said: list[Problem] = []
                kept = made[(index, what.kind)] = (
                    inline_node(doc, ref, what.kind, said, self.config), tuple(said))
            node = copy_node(kept[0])
            self.problems.extend(kept[1])
            node.found_by, node.reason = what.by, what.reason
            ref.node = node.key
            self.nodes[node.key] = node
            self.own[node.key] = ref

    def add_habits(self, entries: Mapping[str, NoteEntry],
                   found: list[habits.Habit]) -> list[TaskRef]:
        """Each habit of the daily notes a commitment: its first copy the node, the later
        ones ticks that count toward it (a task some other rule took is left to it).
        Returns the task records marked."""
        marked: list[TaskRef] = []
        for habit in found:
            ref = entries[habit.first.path].tasks.refs[habit.first.index]
            if ref.node is not None or ref.goal is not None:
                continue
            node = inline_node(self.docs[ref.path], ref, "commitment", self.problems,
                               self.config)
            node.every, node.found_by = habit.every, habits.NAME
            node.reason = (f"the same checkbox in {1 + len(habit.repeats)} daily notes "
                           f"from {habit.first.day}")
            ref.node = node.key
            self.nodes[node.key] = node
            self.own[node.key] = ref
            marked.append(ref)
            for seen in habit.repeats:
                tick = entries[seen.path].tasks.refs[seen.index]
                if tick.node is None and tick.goal is None:
                    tick.goal = node.key
                    node.tasks.append(tick)
                    marked.append(tick)
        return marked

    def note_parents(self, linked: tuple[int, tuple[str, ...]],
                     memo: dict[str, tuple[NoteDoc, tuple[int, tuple[str, ...]], str | None,
                                           tuple[Problem, ...], tuple[str, ...]]]) -> None:
        """A goal-like note's parent, by the first parent rule that names one; its skills,
        the skill notes its `skills:` links. `linked`: what they depend on beyond the note
        (graphmemo.parents_key); `memo`: the last build's answers, kept per note while its
        doc and `linked` are the same (an inline node is never a parent or skill here:
        its key is no note's path)."""
        steps = step_parents(((k, self.docs[n.path]) for k, n in sorted(self.nodes.items())
                              if n.kind == "goal" and not n.inline), self.resolve_node,
                             self.config)
        for node in self.nodes.values():
            if node.inline:
                continue  # inline nodes get their parent by membership
            doc = self.docs[node.path]
            hit = memo.get(node.key)
            if hit is None or hit[0] is not doc or hit[1] != linked:
                said: list[Problem] = []
                parent = parent_of(doc, self.resolve_node, said, self.config, self.note_exists)
                hit = memo[node.key] = (doc, linked, parent, tuple(said),
                                        tuple(self._skills(doc)))
            self.problems.extend(hit[3])
            node.parent = hit[2]
            if node.parent is None and node.kind == "milestone":
                node.parent = steps.get(node.key)  # a phase note its goal lists
            node.skills.extend(hit[4])
        if len(memo) > len(self.nodes):  # (notes renamed, deleted, no longer goal-like)
            for gone in [k for k in memo if k not in self.nodes]:
                del memo[gone]

    def _skills(self, doc: NoteDoc) -> list[str]:
        """The skill notes a note's `skills:` property links, each once, in order."""
        skills = prop(doc.frontmatter, "skills")
        out: list[str] = []
        for target in link_targets(skills) if skills is not None else []:
            skill = self.resolve_node(target)
            if skill is not None and self.nodes[skill].kind == "skill" and skill not in out:
                out.append(skill)
        return out

    # which goal a task counts toward -----------------------------------------------------

    def membership(self, path: str, entry: NoteEntry) -> Membership:
        """Which goal each task of a note counts toward (the membership rules of
        goals/registry.py), grouped: goal → its tasks, inline node → the node it counts
        toward."""
        refs = entry.tasks.refs
        problems: list[Problem] = []
        if self._tag_depth is None:
            self._tag_depth = max((t.count("/") + 1 for t in self.tag_owner), default=0)
        place = Place(self.nodes, self.resolver, self.tag_owner, self._tag_depth,
                      {r.task.line: r for r in refs}, self.docs[path].item_parents(), problems)
        if entry.inline or path in self.nodes:
            goals = [goal_of(ref, place) for ref in refs]
        else:  # no goal-like node in this note: see MEMBERSHIP_RULES
            goals = [goal_of(ref, place) if (f := ref.task.fields).fields or f.tags or f.links
                     else None for ref in refs]
        members: dict[str, list[TaskRef]] = {}
        adopted: list[tuple[str, str]] = []
        for ref, goal in zip(refs, goals, strict=True):
            if goal is None:
                continue
            if ref.node is None:
                members.setdefault(goal, []).append(ref)
            elif goal != ref.node:
                adopted.append((ref.node, goal))
        return Membership(members, adopted, problems)

    def apply(self, memberships: Iterable[Membership]) -> None:
        """Set each task's goal and each inline node's parent as the notes' memberships say."""
        nodes = self.nodes
        for membership in memberships:
            self.problems.extend(membership.problems)
            for key, goal in membership.adopted:
                nodes[key].parent = goal
            if membership.applied:
                for goal, members in membership.members.items():
                    nodes[goal].tasks.extend(members)
                continue
            for goal, members in membership.members.items():
                for ref in members:
                    ref.goal = goal
                nodes[goal].tasks.extend(members)
            membership.applied = True

    # the tree ------------------------------------------------------------------------------

    def _parent_line(self, node: Node) -> int:
        return node.line if node.inline else line_of(self.docs[node.path], "parent")

    def break_cycles(self) -> None:
        acyclic: set[str] = set()  # walked before without a cycle: linear, not quadratic
        for start in sorted(self.nodes):
            if start in acyclic:
                continue
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
            self.problem(node.path, self._parent_line(node),
                         f"parent links form a cycle ({names}); "
                         f"'{node.title}' is shown at the top level")
            node.parent = None

    def limit_depth(self) -> None:
        """Cut parent chains deeper than MAX_DEPTH levels (there are no cycles by now)."""
        depth: dict[str, int] = {}
        for start in sorted(self.nodes):
            if start in depth:
                continue
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
                    self.problem(node.path, self._parent_line(node),
                                 f"goals nest more than {MAX_DEPTH} levels deep here; "
                                 f"'{node.title}' is shown at the top level")
                    node.parent = None
                    level = 0
                depth[k] = level

    def link_children(self) -> list[str]:
        """Each node in its parent's children, in display order; the roots in that order."""
        roots: list[str] = []
        rank = {k: i for i, k in enumerate(NODE_KINDS)}
        nodes = self.nodes

        def order(key: str) -> tuple[int, int, str, int]:
            n = nodes[key]
            return (rank[n.kind], 0 if n.line == 1 else 1, n.path.casefold(), n.line)

        for key in sorted(nodes, key=order):
            node = nodes[key]
            if node.parent is None:
                roots.append(key)
            else:
                nodes[node.parent].children.append(key)
        return roots

    def mark_blocked(self, entries: Iterable[NoteEntry]) -> None:
        """An open task that depends (⛔) on the id of a task that is still open is blocked."""
        entries = list(entries)
        open_ids: set[str] = set()
        for entry in entries:
            open_ids |= entry.tasks.open_ids
        if not open_ids:
            return
        for entry in entries:
            for ref in entry.tasks.dependents:
                if any(d in open_ids for d in ref.task.fields.depends_on):
                    ref.blocked = True
