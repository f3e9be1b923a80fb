"""Which achievements deserve a celebration note, and what the note says. Pure.

An achievement is a milestone or goal in state `done`. Its key is its kind, its normalised
title and the scope of its parent (the parent note's path; for a parent written as a task,
that note's path and the parent's title), plus an occurrence number when two done items
under one parent share a title. So "Week 1" under two goals is two achievements, and a
title retyped in another case or Unicode form is the same one. The journal remembers every
key it has celebrated: a rerun, a restart, or a checkbox toggled off and on again finds the
key and writes nothing.

When an achievement's key is not in the journal, it may be one the journal knows under an
older key (a renamed note, a fixed typo). Only records whose item is gone can be claimed: a
record whose kind, title and parent still name an item in the vault (done or not) belongs
to that item, so unticking A and ticking B celebrates B. A claimable record is matched on
what is stable, each agreeing signal adding to a score (a match needs 4):

- the title: 4 when the same, 2 when nearly (a typo fixed);
- the same completion date written in the vault (✅ or `completed`): 3; both undated: 1;
- the same content: the tasks below it and its start, deadline, target, unit and tag: 2;
- where it sits: for a milestone written as a task, the same place among its siblings in
  the same note 2, the same note 1; for a note, the same parent 1 (and the same path 1).

Records kept before anchors were (no position) match on the title or, as before, on the
completion date alone.

The vault is the second source of truth: a celebration note carries an invisible marker
(`%% vaultgoals-achievement <hash of the key> %%`), and notes without one (written by
earlier releases) are recognised by kind, title, parent and date; the wins log lists the
rest. So an achievement that is new to the journal (it was deleted, or lost) but already
has a note or a wins-log line is recorded, not celebrated again.

A completion date after today is not a fact yet (a typo, or a wrong clock): the
achievement is neither celebrated nor recorded until the date is corrected or comes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from difflib import SequenceMatcher

from vaultgoals.core.commitments import commitment_status_on
from vaultgoals.core.config import Config
from vaultgoals.core.graph import Graph, Node
from vaultgoals.core.identity import AchievementRecord, normalise_text, text_hash
from vaultgoals.core.paths import safe_filename
from vaultgoals.core.regions import render_region
from vaultgoals.core.render.links import goal_notes, relink
from vaultgoals.core.render.markdown import FIELD_DATE, esc, link
from vaultgoals.core.words import counted

CELEBRATED_KINDS = ("milestone", "goal")
MARKER = "vaultgoals-achievement"
MATCH_SCORE = 4  # the least score at which a known record is taken for a new key
SIMILAR = 0.8  # difflib ratio from which two titles are "nearly the same"


@dataclass(frozen=True, slots=True)
class Achievement:
    key: str
    node: Node
    done_on: date
    celebrate: bool  # False: older than the look-back window, only recorded
    dated: bool = True  # done_on is written in the vault (✅ date, `completed`)
    parent: str = ""  # parent_scope()
    position: int = -1
    signature: str = ""
    occurrence: int = 1  # 2 for the second done item with this title under this parent

    def record(self, celebration_path: str, today: date,
               done_on: date | None = None) -> AchievementRecord:
        return AchievementRecord(
            key=self.key, kind=self.node.kind, title=self.node.title,
            done_date=(done_on or self.done_on).isoformat(),
            celebration_path=celebration_path, recorded_on=today.isoformat(),
            parent=self.parent, path=self.node.path, position=self.position,
            evidence="dated" if self.dated else "seen", signature=self.signature)

    def rekey(self, old: AchievementRecord) -> AchievementRecord:
        """`old` under this achievement's key and anchor; its date and note stay."""
        return replace(old, key=self.key, title=self.node.title, parent=self.parent,
                       path=self.node.path, position=self.position,
                       signature=self.signature or old.signature)


@dataclass(frozen=True, slots=True)
class CelebrationPlan:
    new: tuple[Achievement, ...]
    renames: tuple[tuple[str, Achievement], ...]  # (old key, what it is now)


def parent_scope(graph: Graph, node: Node) -> str:
    """What a node's key says about its parent: the parent note's path, or for a parent
    written as a task, its note's path and its title (its line moves with every edit)."""
    parent = graph.nodes.get(node.parent) if node.parent else None
    if parent is None:
        return ""
    return f"{parent.path}#{normalise_text(parent.title)}" if parent.inline else parent.path


def _key_base(graph: Graph, node: Node) -> str:
    """An achievement's key before any occurrence number."""
    return f"{node.kind}:{normalise_text(node.title)}@{parent_scope(graph, node)}"


# the last graph asked of `_done_nodes`, and its answer: a pass asks twice of one graph
# (the plan and the review's links), which is read-only once built
_DONE: list[tuple[Graph, list[tuple[Node, str, int]]]] = []


def _done_nodes(graph: Graph) -> list[tuple[Node, str, int]]:
    """(node, key, occurrence) for every done milestone or goal, in walk order."""
    if _DONE and _DONE[0][0] is graph:
        return _DONE[0][1]
    used: dict[str, int] = {}
    out: list[tuple[Node, str, int]] = []
    for _, node in graph.walk():
        if node.kind not in CELEBRATED_KINDS or node.state != "done":
            continue
        base = _key_base(graph, node)
        n = used.get(base, 0) + 1
        used[base] = n
        out.append((node, (base if n == 1 else f"{base}#{n}"), n))
    _DONE[:] = [(graph, out)]
    return out


def achievement_keys(graph: Graph) -> dict[str, str]:
    """node key → achievement key for every done milestone or goal, deterministic."""
    return {node.key: key for node, key, _ in _done_nodes(graph)}


def key_marker(key: str) -> str:
    """The hash a celebration note carries for its achievement's key."""
    return text_hash(key)


def _position(graph: Graph, node: Node) -> int:
    parent = graph.nodes.get(node.parent) if node.parent else None
    siblings = parent.children if parent is not None else graph.roots
    same = [k for k in siblings if graph.nodes[k].kind == node.kind]
    return same.index(node.key) if node.key in same else -1


def _signature(graph: Graph, node: Node) -> str:
    """A hash of what a node holds: the task texts below it (not of items that are nodes
    themselves) and its planning properties; "" when it holds none of them."""
    texts = sorted(normalise_text(r.task.fields.description)
                   for r in graph.subtree_tasks(node.key) if r.node is None)
    props = [node.start, node.deadline, node.target, node.unit, node.tag]
    if not texts and not any(props):
        return ""
    return text_hash("\n".join(texts) + "\n|" + "|".join(str(p or "") for p in props))


def _dated(graph: Graph, node: Node) -> bool:
    """Whether the node's completion date is written in the vault."""
    if not node.inline:
        return node.completed is not None
    own = graph.own_task(node)
    return own is not None and node.completed is not None and own.task.fields.done is not None


def _score(rec: AchievementRecord, ach: Achievement) -> int:
    """How surely `rec` is the record of `ach` (see the module doc)."""
    node = ach.node
    old, new = normalise_text(rec.title), normalise_text(node.title)
    same_day = rec.done_date == ach.done_on.isoformat()
    if rec.position < 0:  # kept before anchors: title or date, as it was matched then
        return MATCH_SCORE if old == new or same_day else 0
    score = 0
    if old == new:
        score += 4
    elif SequenceMatcher(None, old, new).ratio() >= SIMILAR:
        score += 2
    if rec.evidence == "dated" and ach.dated and same_day:
        score += 3
    elif rec.evidence == "seen" and not ach.dated:
        score += 1
    if rec.signature and rec.signature == ach.signature:
        score += 2
    if node.inline:
        if rec.path == node.path:
            score += 2 if (rec.parent, rec.position) == (ach.parent, ach.position) else 1
    else:
        score += (rec.parent == ach.parent) + (rec.path == node.path)
    return score


def plan_celebrations(
    graph: Graph,
    achievements: Mapping[str, AchievementRecord],
    today: date,
    lookback_days: int = 90,
) -> CelebrationPlan:
    done = list(_done_nodes(graph))
    current = {key for _, key, _ in done}
    unknown = [(node, key, n) for node, key, n in done if key not in achievements]
    if not unknown:
        return CelebrationPlan((), ())
    # items still in the vault, done or not, keep their records (see the module doc)
    alive: set[tuple[str, str, str]] = set()
    alive_titles: set[tuple[str, str]] = set()  # for records kept before anchors were
    for _, node in graph.walk():
        if node.kind in CELEBRATED_KINDS and node.state != "done":
            title = normalise_text(node.title)
            alive.add((node.kind, title, parent_scope(graph, node)))
            alive_titles.add((node.kind, title))
    orphans: dict[str, AchievementRecord] = {}
    for k, r in sorted(achievements.items()):
        if k in current:
            continue
        title = normalise_text(r.title)
        if ((r.kind, title) in alive_titles if r.position < 0
                else (r.kind, title, r.parent) in alive):
            continue
        orphans[k] = r
    new: list[Achievement] = []
    renames: list[tuple[str, Achievement]] = []
    for node, key, n in unknown:
        done_on = node.completed or today
        if done_on > today:
            continue  # not a fact yet
        recent = done_on >= today - timedelta(days=lookback_days)
        ach = Achievement(key, node, done_on, recent, _dated(graph, node),
                          parent_scope(graph, node), _position(graph, node),
                          _signature(graph, node), n)
        best, best_score = None, MATCH_SCORE - 1
        for k, r in orphans.items():
            if r.kind == node.kind:
                score = _score(r, ach)
                if score > best_score:
                    best, best_score = k, score
        if best is not None:
            renames.append((best, ach))
            del orphans[best]
            continue
        new.append(ach)
    return CelebrationPlan(tuple(new), tuple(renames))


# --------------------------------------------------------------------------- the vault's record


@dataclass(frozen=True, slots=True)
class SeenCelebration:
    """A celebration the vault shows: a celebration note, or a line of the wins log."""

    path: str  # the note, vault-relative; "" for a wins-log line
    kind: str
    title: str  # normalised (for a wins-log line: as escaped there, see _log_title)
    done_date: str
    parent: str | None  # the parent's link target; None when not known (wins log)
    marker: str = ""  # the key hash of the note's marker, "" if it has none


_HEAD = re.compile(r"# 🎉 (?P<title>[^\n]*)")
# (the node and its parent are links, or text under `links: goals|none`: render/links.py)
_REACHED = re.compile(
    r"^\*\*(?P<kind>Goal|Milestone) reached on (?P<day>\d{4}-\d{2}-\d{2})\*\*: "
    r"(?:\[\[[^\]]*\]\](?:, part of \[\[(?P<parent>[^|\]]+)\|)?)?", re.MULTILINE)
_MARK = re.compile(rf"^%% {MARKER} (?P<hash>[0-9a-f]{{16}}) %%$", re.MULTILINE)
_LOG_LINE = re.compile(
    r"^- (?P<day>\d{4}-\d{2}-\d{2}) (?P<icon>🎯|🏁) (?P<title>.*?)"
    r"(?: — \[\[(?P<target>[^|\]]+)\|celebration\]\])?$", re.MULTILINE)
# undoes `esc`: a backslash escape, `<`, or a tag shown as code (`` `#tag` ``, as `\#tag`
# before: notes written by either form are recognised)
_UNESCAPE = re.compile(r"\\(.)|&lt;|`(#[^`\s]+)`")
_TARGET = re.compile(r"\[\[([^|\]]+)\|")


def parse_celebration_note(rel: str, text: str) -> SeenCelebration | None:
    """What a celebration note says it celebrates, or None if it is not one of ours."""
    head = _HEAD.match(text)
    reached = _REACHED.search(text)
    if head is None or reached is None:
        return None
    mark = _MARK.search(text)
    return SeenCelebration(rel, reached["kind"].lower(), _log_title(head["title"]),
                           reached["day"], reached["parent"] or "",
                           mark["hash"] if mark else "")


def _log_title(shown: str) -> str:
    """The normalised title of a title as `esc` showed it (in a heading or the wins log)."""
    return normalise_text(_UNESCAPE.sub(lambda m: m[1] or m[2] or "<", shown))


def parse_wins_log(text: str) -> list[SeenCelebration]:
    return [SeenCelebration("", "goal" if m["icon"] == "🎯" else "milestone",
                            _log_title(m["title"]), m["day"], None)
            for m in _LOG_LINE.finditer(text)]


def _parent_target(graph: Graph, node: Node) -> str:
    parent = graph.nodes.get(node.parent) if node.parent else None
    if parent is None:
        return ""
    m = _TARGET.match(link(parent.path, parent.title))
    return m.group(1) if m else ""


def recognise(
    graph: Graph,
    candidates: Sequence[Achievement],
    seen: Iterable[SeenCelebration],
    achievements: Mapping[str, AchievementRecord],
) -> tuple[list[tuple[Achievement, SeenCelebration]], list[Achievement]]:
    """Split new achievements into those the vault already celebrates (with the note or
    line that does) and those that are really new. Notes and lines accounted for by a
    journal record are left out first."""
    known_paths = {r.celebration_path for r in achievements.values() if r.celebration_path}
    known_lines = {(r.kind, _log_title(esc(r.title)), r.done_date)
                   for r in achievements.values()}
    markers: dict[str, SeenCelebration] = {}
    notes: list[SeenCelebration] = []
    lines: list[SeenCelebration] = []
    for item in seen:
        if item.path:
            if item.path in known_paths:
                continue
            if item.marker:
                markers.setdefault(item.marker, item)
            notes.append(item)
        elif (item.kind, item.title, item.done_date) not in known_lines:
            lines.append(item)
    used: set[int] = set()
    found: dict[int, SeenCelebration] = {}  # candidate index -> what shows it
    for i, ach in enumerate(candidates):  # exact markers first: they cannot be mistaken
        match = markers.get(key_marker(ach.key))
        if match is not None and id(match) not in used:
            used.add(id(match))
            found[i] = match
    for i, ach in enumerate(candidates):
        if i in found:
            continue
        node, day = ach.node, ach.done_on.isoformat()
        title, parent = normalise_text(node.title), _parent_target(graph, node)
        match = next((s for s in notes if id(s) not in used and s.kind == node.kind
                      and s.title == title and s.parent == parent
                      and (not ach.dated or s.done_date == day)), None)
        if match is None:
            title = _log_title(esc(node.title))
            match = next((s for s in lines if id(s) not in used and s.kind == node.kind
                          and s.title == title and (not ach.dated or s.done_date == day)),
                         None)
        if match is not None:
            used.add(id(match))
            found[i] = match
    fresh = [ach for i, ach in enumerate(candidates) if i not in found]
    return [(candidates[i], found[i]) for i in sorted(found)], fresh


def celebration_path(config: Config, ach: Achievement, n: int | None = None) -> str:
    """`<folder>/<done date> <title>.md`; the n-th candidate (n > 1) gets " (n)". The
    second "Week 1" done under one goal on one day starts at n = 2: otherwise it would find
    the first one's note, take it for its own and never get one. A task-field emoji right
    before a date in the title is left out (`Call 📅 2026-11-30` → `Call 2026-11-30`): links
    to the note would read as a due date to Dataview."""
    n = ach.occurrence if n is None else n
    suffix = f" ({n})" if n > 1 else ""
    title = FIELD_DATE.sub(r"\2-\3-\4", ach.node.title)
    name = safe_filename(f"{ach.done_on.isoformat()} {title}", 120 - len(suffix))
    return f"{config.celebrations_folder.strip('/')}/{name}{suffix}.md"


def celebration_note(graph: Graph, config: Config, ach: Achievement) -> str:
    """The whole new note for `ach` (see `render_celebration`), linking as much as
    `links` says (render/links.py)."""
    body = relink(celebration_body(graph, config, ach), config.links, goal_notes(graph))
    return render_celebration(ach.node.title, body, ach.key)


def render_celebration(title: str, body: str, key: str) -> str:
    """A celebration note: the title as its heading, the generated region, the marker of
    the achievement `key` (an Obsidian comment: hidden in reading view, read by neither
    Dataview nor Tasks), and the section that belongs to the person."""
    return (f"# 🎉 {esc(title)}\n\n{render_region('celebration', body)}\n"
            f"%% {MARKER} {key_marker(key)} %%\n\n## How I'll celebrate\n\n")


def celebration_body(graph: Graph, config: Config, ach: Achievement) -> str:
    node = ach.node
    parent = graph.nodes.get(node.parent) if node.parent else None
    lines = [f"**{node.kind.capitalize()} reached on {ach.done_on.isoformat()}**: "
             f"{link(node.path, node.title)}"
             + (f", part of {link(parent.path, parent.title)}" if parent else "")]
    lines.append("")
    refs = graph.subtree_tasks(node.key)
    started, how = node.start, ""
    if started is None:
        stamps = sorted(r.completed_on for r in refs if r.completed_on)
        started = date.fromisoformat(stamps[0]) if stamps else None
        how = " (first task done)"
    if started is not None and started <= ach.done_on:
        days = (ach.done_on - started).days
        lines.append(f"- Started → finished: {started}{how} → {ach.done_on} "
                     f"({counted(days, 'day')})")
    else:
        lines.append(f"- Finished: {ach.done_on}")
    if node.deadline is not None:
        diff = (node.deadline - ach.done_on).days
        when = (f"{counted(diff, 'day')} early" if diff > 0
                else f"{counted(-diff, 'day')} late" if diff < 0
                else "right on the day")
        lines.append(f"- Planned: by {node.deadline} — {when}")
    done = sum(1 for r in refs if r.is_done and r.node is None)
    dropped = sum(1 for r in refs if r.status_type == "CANCELLED")
    if refs:
        extra = f", {dropped} dropped along the way" if dropped else ""
        lines.append(f"- It took {done} completed tasks{extra}")
    if node.target is not None:
        unit = f" {esc(node.unit)}" if node.unit else ""
        lines.append(f"- Measured: {node.amount or 0:g} of {node.target:g}{unit}")
    if node.explain:
        lines.append(f"- Progress at the finish: {esc(node.explain)}")
    for _, other in graph.walk():
        if other.kind == "commitment" and other.every and other.state != "dropped":
            st = commitment_status_on(graph, other, config, ach.done_on)
            if st.streak >= 2:
                lines.append(f"- Meanwhile: {link(other.path, other.title)} met "
                             f"{st.streak} {other.every}s in a row")
    return "\n".join(lines)


def wins_log_body(achievements: Mapping[str, AchievementRecord]) -> str:
    rows = sorted(achievements.values(), reverse=True,
                  key=lambda r: (r.done_date, f"{r.kind}:{normalise_text(r.title)}", r.key))
    if not rows:
        return "No milestones or goals reached yet."
    out: list[str] = []
    for r in rows:
        icon = "🎯" if r.kind == "goal" else "🏁"
        cel = f" — {link(r.celebration_path, 'celebration')}" if r.celebration_path else ""
        out.append(f"- {r.done_date} {icon} {esc(r.title)}{cel}")
    return "\n".join(out)
