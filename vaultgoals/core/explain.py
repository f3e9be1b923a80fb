"""What vaultgoals recognised in a vault, and why: `vaultgoals explain`, the "How vaultgoals
reads this vault" note and the helpful "No goals found".

Pure: functions of the goal graph (every node carries `found_by`, the recogniser that made
it, and `reason`), the notes as read (`NoteDoc`s after the goal conventions; `claims` says
what each claimed line is) and the configuration. Nodes are grouped by whatever recogniser
name they carry: `LABELS` only gives known names readable words (an unknown name is shown
as it is).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from vaultgoals.core.config import CONVENTIONS, Config
from vaultgoals.core.goals.conventions import is_periodic
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.graphmodel import NODE_KINDS, Graph, Node
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.nearmiss import (
    FactsMemo,
    NearMiss,
    near_misses,
    near_misses_of,
    template_paths,
)

# a recogniser's name → what its nodes are, in words (plural)
LABELS: dict[str, str] = {
    "type_property": "notes with a type property",
    "kind_tag": "notes with a kind in their tags property",
    "goal_folder": "notes in a goals folder",
    "goal_task": "tasks tagged with the goal tag",
    "milestone_task": "tasks tagged with the milestone tag",
    "milestones_heading": "tasks under a Milestones heading",
    "goal_lists": "list items under goal headings",
    "okrs": "OKR objectives and key results",
    "steps_heading": "items under a steps heading",
    "inline_fields": "Dataview inline fields",
    "body_tags": "lines and headings tagged in the body",
    "template_properties": "notes with template properties",
    "smart": "SMART notes",
    "milestone_notes": "milestone and phase notes",
    "breakdowns": "items of a breakdown list",
    "habits": "habits and recurring tasks",
    "gtd_projects": "GTD projects",
}
# what each convention looks for, said when nothing was found
TRIED: dict[str, str] = {
    "type_property": "a type property naming a kind (type: goal)",
    "kind_tag": "a kind in the tags property (tags: [goal])",
    "goal_folder": "notes in a goals folder (goals.folders)",
    "template_properties": "template properties (category: goal, status: 🟢 active)",
    "inline_fields": "Dataview inline fields (Goal:: Learn Rust)",
    "body_tags": "goal tags in the body (a line or heading tagged #goal)",
    "smart": "SMART notes (lines labelled Specific, Measurable, … Time-bound)",
    "goal_lists": "list items under a goal heading (## 2025 Goals) or label (Goals for Q1:)",
    "okrs": "OKRs (an objective with its key results under it)",
    "steps_heading": "steps of a goal note under a heading such as Milestones or Steps",
    "breakdowns": "breakdown lists under a label line that links a goal",
    "goal_task": "tasks tagged with the goal tag (- [ ] … #goal)",
    "milestone_task": "tasks tagged with the milestone tag",
    "habits": "habits (🔁 every week, frequency:: …)",
    "gtd_projects": "GTD projects (activationDate, completionDate) and Projects folders",
    "milestone_notes": "phase notes (Start Date, End Date, Status) linking a goal",
    "progress_line": "a goal note's progress line (Progress: 3/10)",
    "skill_folder": "notes in a skills folder (skills.folders)",
    "skills_list": "list items with a level under a Skills heading (- SQL: 2 → 4)",
}
MAX_NEAR = 10  # near misses shown in a summary (the JSON has them all)
# near misses, closest first: those a config line includes, then edits, then skipped notes
NEAR_ORDER = ("folder", "kind", "tag", "empty_heading", "reference", "template")


@dataclass(frozen=True, slots=True)
class Group:
    """Nodes of one kind that one recogniser found in one place (a folder for whole
    notes, a note for lines in it)."""

    kind: str
    found_by: str
    place: str  # `Areas/Goals/` (a folder: notes) or `Yearly/2025.md` (a note: its lines)
    headings: tuple[str, ...]  # the headings its lines sit under (lines only)
    nodes: tuple[Node, ...]

    @property
    def label(self) -> str:
        return LABELS.get(self.found_by, self.found_by)

    @property
    def why(self) -> str:
        """The reason its nodes share (the recogniser's words), else its label."""
        reasons = {n.reason for n in self.nodes}
        return reasons.pop() if len(reasons) == 1 and "" not in reasons else self.label


@dataclass(frozen=True, slots=True)
class Summary:
    """What the whole vault was read as."""

    counts: Mapping[str, int]  # node kind → how many (kinds with none left out)
    groups: tuple[Group, ...]
    templates: tuple[str, ...]  # templates holding goal-like text: skipped
    references: tuple[str, ...]  # book summaries etc. with goal lists: skipped
    near: tuple[NearMiss, ...]
    tried: tuple[str, ...]  # the conventions that were on
    off: tuple[str, ...]


def summarise(graph: Graph, docs: Mapping[str, NoteDoc], config: Config,
              memo: FactsMemo | None = None, changed: Collection[str] | None = None,
              skip: str | None = None) -> Summary:
    """The vault's summary. `memo` (kept between passes) and `changed` (the notes read
    again since its last pass) let a pass look again only at what changed; the result is
    the same without them. `skip`: a note left out (the note this summary is written to)."""
    counts: dict[str, int] = {}
    by: dict[tuple[str, str, str], list[Node]] = {}
    for node in graph.nodes.values():
        counts[node.kind] = counts.get(node.kind, 0) + 1
        place = node.path if node.inline else _folder(node.path)
        by.setdefault((node.kind, node.found_by or "unknown", place), []).append(node)
    groups = [Group(kind, found_by, place,
                    _headings(nodes, docs, graph) if len({n.reason for n in nodes}) > 1 else (),
                    tuple(sorted(nodes, key=lambda n: (n.path, n.line))))
              for (kind, found_by, place), nodes in by.items()]
    rank = {k: i for i, k in enumerate(NODE_KINDS)}
    groups.sort(key=lambda g: (rank.get(g.kind, 9), -len(g.nodes), g.place, g.found_by))
    facts = (memo or FactsMemo()).facts(docs, config, graph.nodes, changed)
    facts.pop(skip or "", None)
    templates = tuple(sorted(p for p, f in facts.items() if f.template))
    references = tuple(sorted(p for p, f in facts.items() if f.reference))
    tried = tuple(c for c in CONVENTIONS if config.uses(c)) if config.goal_folders else tuple(
        c for c in CONVENTIONS if config.uses(c) and c != "goal_folder")
    return Summary({k: counts[k] for k in sorted(counts, key=lambda k: rank.get(k, 9))},
                   tuple(groups), templates, references,
                   tuple(sorted(near_misses_of(facts, config), key=_closeness)), tried,
                   tuple(config.conventions_off))


def _closeness(m: NearMiss) -> int:
    return NEAR_ORDER.index(m.what) if m.what in NEAR_ORDER else len(NEAR_ORDER)


def _folder(path: str) -> str:
    folder = path.rpartition("/")[0]
    return f"{folder}/" if folder else "/"


def _headings(nodes: list[Node], docs: Mapping[str, NoteDoc], graph: Graph) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for node in nodes:
        ref = graph.own.get(node.key)
        doc = docs.get(node.path)
        if ref is None or doc is None or ref.task.heading_line is None:
            continue
        head = next((h for h in doc.headings if h.line == ref.task.heading_line), None)
        if head is not None:
            out.setdefault("#" * head.level + " " + head.text, None)
    return tuple(out)


# ---- one note, one line --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineReport:
    """What one line of a note is, as vaultgoals read it."""

    line: int
    node: Node | None  # the node written on this line
    counts_toward: Node | None  # a task on it counts toward this node
    claim_by: str  # the recogniser that claimed it in the body ("" if none)
    near: tuple[NearMiss, ...]
    why_not: tuple[str, ...]  # when it is no node: why


@dataclass(frozen=True, slots=True)
class NoteReport:
    """What one note is, and what in it, as vaultgoals read it."""

    path: str
    node: Node | None  # the note itself, when it is a node
    nodes: tuple[Node, ...]  # nodes written on its lines, in line order
    skipped: str  # "template", "reference", "periodic" or ""
    near: tuple[NearMiss, ...]
    why_not: tuple[str, ...]  # when nothing in it is a node: why
    line: LineReport | None


def explain_note(graph: Graph, docs: Mapping[str, NoteDoc], config: Config, path: str,
                 line: int | None = None) -> NoteReport:
    """What `path` (a note in `docs`) is, and with `line` what that line is."""
    doc = docs[path]
    own = graph.nodes.get(path)
    node = own if own is not None and not own.inline else None
    inline = tuple(sorted((n for n in graph.nodes.values() if n.inline and n.path == path),
                          key=lambda n: n.line))
    templates = set(template_paths({path: doc}, config))
    skipped = ("template" if path in templates else "periodic" if is_periodic(path, config)
               else "reference" if doc.full and is_reference(doc, config.words) else "")
    near = tuple(m for m in near_misses({path: doc}, config, graph.nodes) if m.path == path)
    why: tuple[str, ...] = ()
    if node is None and not inline:
        why = _why_not(doc, config, skipped)
    report = _line(graph, doc, line, skipped, near) if line is not None else None
    return NoteReport(path, node, inline, skipped, near, why, report)


_SKIPPED = {
    "template": "it is a template (in a templates folder, or {{…}} / <% … %> placeholders): "
                "templates are never goals",
    "periodic": "it is a daily or weekly note: its lists are that day's to-dos, not goals",
    "reference": "it reads as a book summary, article or clipping (its folder, title or "
                 "properties say so): its goal headings are the author's",
}


def _why_not(doc: NoteDoc, config: Config, skipped: str) -> tuple[str, ...]:
    if skipped:
        return (_SKIPPED[skipped],)
    out = []
    if not doc.full:
        out.append("nothing in it looks like a goal convention (no goal word in its path, "
                   "headings or labels, no goal tag, kind property or inline field), so only "
                   "its tasks were read")
    tried = [TRIED.get(c, c) for c in CONVENTIONS if config.uses(c)]
    out.append("conventions tried: " + "; ".join(tried))
    return tuple(out)


def _line(graph: Graph, doc: NoteDoc, line: int, skipped: str,
          near: tuple[NearMiss, ...]) -> LineReport:
    node = graph.nodes.get(doc.path) if line == 1 and doc.path in graph.nodes else None
    node = graph.nodes.get(f"{doc.path}:{line}") or (
        node if node is not None and not node.inline else None)
    toward: Node | None = None
    ref = next((r for r in graph.tasks if r.path == doc.path and r.task.line == line), None)
    if ref is not None and ref.goal is not None:
        toward = graph.nodes.get(ref.goal)
    claim = next((c.by for c in doc.claims if c.line == line), "")
    here = tuple(m for m in near if m.line == line)
    why: list[str] = []
    if node is None:
        if skipped:
            why.append(_SKIPPED[skipped])
        elif not here:
            why.append(_line_why(doc, line, ref is not None))
    return LineReport(line, node, toward, claim, here, tuple(why))


def _line_why(doc: NoteDoc, line: int, is_task: bool) -> str:
    head = next((h for h in doc.headings if h.line == line), None)
    if head is not None:
        return "a heading is a node only with a goal tag on it; its list items may be goals"
    if is_task:
        return ("a task is a goal only when a convention says so (a #goal tag, a goal "
                "heading above it, a Milestones heading in a goal note)")
    item = next((i for i in doc.items if i.line == line), None)
    if item is not None:
        return ("a list item is a goal only under a goal heading or label (## Goals, "
                "Goals for 2025:) or in a goals list note")
    if line <= doc.frontmatter_lines:
        return "a line of the note's properties: they describe the note, not a goal"
    return "no convention reads this line as a goal, milestone or commitment"
