"""Skills: their level and target, the gap, the evidence of practice, and who needs them.

A skill is a node of kind `skill` (`type: skill`, a note in a `Skills` folder, an item of a
`## Skills` list with a level). Its level and target are read by core/levels.py: from the
note's `level`, `target` and `scale` properties, or from its list item. Its evidence, each
with the day it happened when that is known:

- a done task that counts toward the skill: tagged with the skill's `tag:`, or linking it
  (`- [x] Window functions drill [[SQL]]`);
- a done task, or a milestone done, of a goal that needs the skill (`skills: [[SQL]]` on
  the goal): work on the goal is practice of what it needs;
- a note that links the skill (a course, a certificate, a project; dated by its day: a
  daily note's, a `date:` property, a date its name starts with), and the notes its own
  `evidence:` property links.

The gap is the target's place on its scale minus the level's (core/levels.py `fraction`),
so `intermediate` of `expert` and `2` of `4` compare. Pure: the graph, the evidence index
(core/evidence.py), the journal's level history and today in; values out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.goals.props import aliases_of, link_targets, props
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.levels import Level, read_level, read_scale, shown_pair

FAR = 0.4  # a gap of this much of the scale (2 levels of 1–5) is far below the target
# level history: skill key → ((day, level as written, fraction of its scale), ...) by day
LevelHistory = Mapping[str, tuple[tuple[str, str, float], ...]]


@dataclass(frozen=True, slots=True)
class Practice:
    """One piece of evidence: what (`task`, `milestone`, `note`), where, and its day."""

    day: date | None
    what: str
    path: str
    line: int
    title: str


@dataclass(frozen=True, slots=True)
class SkillReport:
    node: Node
    level: Level | None
    target: Level | None
    evidence: tuple[Practice, ...]  # newest first (undated last)
    goals: tuple[Node, ...]  # the active goals that need it, nearest deadline first
    history: tuple[tuple[str, str, float], ...]  # the journal's (day, level, fraction)

    @property
    def gap(self) -> float | None:
        """How far below its target, as a part of the scale (None without both)."""
        if self.level is None or self.target is None:
            return None
        return round(self.target.fraction - self.level.fraction, 4)

    @property
    def shown(self) -> str:
        return shown_pair(self.level, self.target)

    @property
    def last(self) -> date | None:
        """The day of the newest dated evidence."""
        return next((p.day for p in self.evidence if p.day is not None), None)

    def count_between(self, start: date, end: date) -> int:
        return sum(1 for p in self.evidence if p.day is not None and start <= p.day <= end)

    @property
    def deadline(self) -> date | None:
        """The nearest deadline among the goals that need it."""
        return min((g.deadline for g in self.goals if g.deadline is not None), default=None)


def levels_of(graph: Graph, node: Node, index: EvidenceIndex) -> tuple[Level | None,
                                                                       Level | None]:
    """A skill's (level, target): its note's properties, or its list item's fields."""
    if node.inline:
        own = graph.own.get(node.key)
        fields = dict(own.task.fields.fields) if own is not None else {}
        return read_level(fields.get("level")), read_level(fields.get("level_target"))
    doc = index.docs.get(node.path)
    fm = doc.frontmatter if doc is not None else {}
    scale = read_scale(fm.get("scale"))
    return read_level(fm.get("level"), scale), read_level(fm.get("target"), scale)


def _needing(graph: Graph) -> dict[str, list[Node]]:
    """Skill key → the active goals and milestones whose `skills:` name it, or in whose
    note it is listed (a `## Skills` list in a goal note)."""
    out: dict[str, list[Node]] = {}
    for _, node in graph.walk():
        if node.state in ("done", "dropped", "paused"):
            continue
        for key in node.skills:
            out.setdefault(key, []).append(node)
        for key in node.children:
            kid = graph.nodes[key]
            if kid.kind == "skill" and kid.inline and node.kind in ("goal", "milestone"):
                out.setdefault(key, []).append(node)
    return out


def _evidence(graph: Graph, node: Node, goals: list[Node], index: EvidenceIndex,
              today: date) -> tuple[Practice, ...]:
    found: dict[tuple[str, int], Practice] = {}
    refs = list(node.tasks)
    for goal in goals:
        refs.extend(graph.subtree_tasks(goal.key))
        stack = list(goal.children)
        while stack:
            kid = graph.nodes[stack.pop()]
            stack.extend(kid.children)
            if kid.kind == "milestone" and kid.state == "done":
                found.setdefault((kid.path, kid.line), Practice(
                    kid.completed, "milestone", kid.path, kid.line, kid.title))
    for ref in refs:
        if ref.is_done and ref.node is None:
            found.setdefault((ref.path, ref.task.line), Practice(
                ref.done_day, "task", ref.path, ref.task.line, ref.task.fields.description))
    if not node.inline:
        task_notes = {path for path, _ in found}
        notes = set(index.linking(node.path, graph.resolver,
                                  index.keys_of(node.path, _aliases(node, index))))
        doc = index.docs.get(node.path)
        if doc is not None and "evidence" in doc.frontmatter:
            for target in link_targets(doc.frontmatter["evidence"]):
                path = graph.resolver.resolve(target)
                if path is not None:
                    notes.add(path)
        for path in sorted(notes - task_notes):
            if path in graph.nodes:  # a goal linking the skill needs it; it is no practice
                continue
            found[(path, 0)] = Practice(index.day(path), "note", path, 0,
                                        path.rsplit("/", 1)[-1].removesuffix(".md"))
    dated = [p for p in found.values() if p.day is None or p.day <= today]
    return tuple(sorted(dated, key=lambda p: (p.day is None, -(p.day or today).toordinal(),
                                              p.path, p.line)))


def _aliases(node: Node, index: EvidenceIndex) -> tuple[str, ...]:
    doc = index.docs.get(node.path)
    return aliases_of(props(doc.frontmatter)) if doc is not None and doc.frontmatter else ()


def skill_reports(graph: Graph, index: EvidenceIndex, today: date,
                  history: LevelHistory | None = None) -> tuple[SkillReport, ...]:
    """Every skill of the graph: gaps blocking the nearest deadlines first, then the other
    gaps (largest first), then the rest, by title."""
    needing = _needing(graph)
    out: list[SkillReport] = []
    for _, node in graph.walk():
        if node.kind != "skill" or node.declared in ("dropped", "paused"):
            continue
        goals = sorted(needing.get(node.key, []), key=lambda g: (
            g.deadline is None, g.deadline or today, g.title.casefold()))
        level, target = levels_of(graph, node, index)
        out.append(SkillReport(node, level, target, _evidence(graph, node, goals, index, today),
                               tuple(goals), (history or {}).get(node.key, ())))

    def order(r: SkillReport) -> tuple[int, int, float, str]:
        gap = r.gap if r.gap is not None else 0.0
        dl = r.deadline.toordinal() if r.deadline is not None else 10**7
        return (0 if gap > 0 else 1, dl if gap > 0 else 0, -gap, r.node.title.casefold())

    return tuple(sorted(out, key=order))


def since_text(report: SkillReport, today: date) -> str | None:
    """`2 → 3 since September` when the journal recorded another level first, else None."""
    if not report.history or report.level is None:
        return None
    first_day, first, _ = report.history[0]
    if first == report.level.shown:
        return None
    day = date.fromisoformat(first_day)
    when = f"{day:%B}" if day.year == today.year else f"{day:%B %Y}"
    return f"{first} → {report.level.shown} since {when}"


def progressed(report: SkillReport, start: date, end: date) -> str | None:
    """`2 → 3` when the level rose between `start` and `end` (the journal's records)."""
    before = [h for h in report.history if h[0] < start.isoformat()]
    during = [h for h in report.history if start.isoformat() <= h[0] <= end.isoformat()]
    if not before or not during or during[-1][2] <= before[-1][2]:
        return None
    return f"{before[-1][1]} → {during[-1][1]}"


def far_and_untouched(report: SkillReport, today: date, stale_days: int) -> bool:
    """A required skill far below its target (FAR) with no practice for `stale_days`."""
    gap = report.gap
    last = report.last
    return (gap is not None and gap >= FAR
            and (last is None or (today - last).days >= stale_days))
