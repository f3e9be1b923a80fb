"""Which achievements deserve a celebration note, and what the note says. Pure.

An achievement is a milestone or goal in state `done`. Its key is its kind plus its
normalised title (plus an occurrence number when two done nodes share a title), so it does
not depend on the note's path or the task's line. The journal remembers every key it has
celebrated: a rerun, a restart, or a checkbox toggled off and on again finds the key and
writes nothing. A renamed goal note gets a new title and so a new key; it is matched to the
journal's record of a goal that no longer exists, with the same kind and completion date,
and that record is re-keyed instead of celebrating twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from vaultgoals.commitments import commitment_status
from vaultgoals.config import Config
from vaultgoals.graph import Graph, Node
from vaultgoals.identity import AchievementRecord, normalise_text
from vaultgoals.regions import render_region
from vaultgoals.render.markdown import esc, link
from vaultgoals.safepath import safe_filename

CELEBRATED_KINDS = ("milestone", "goal")


@dataclass(frozen=True, slots=True)
class Achievement:
    key: str
    node: Node
    done_on: date
    celebrate: bool  # False: older than the look-back window, only recorded


@dataclass(frozen=True, slots=True)
class CelebrationPlan:
    new: tuple[Achievement, ...]
    renames: tuple[tuple[str, str], ...]  # (old key, new key)


def _key_base(node: Node) -> str:
    """An achievement's key before any occurrence number: kind and normalised title."""
    return f"{node.kind}:{normalise_text(node.title)}"


def achievement_keys(graph: Graph) -> dict[str, str]:
    """node key → achievement key for every done milestone or goal, deterministic."""
    out: dict[str, str] = {}
    used: dict[str, int] = {}
    for _, node in graph.walk():
        if node.kind not in CELEBRATED_KINDS or node.state != "done":
            continue
        base = _key_base(node)
        n = used.get(base, 0)
        used[base] = n + 1
        out[node.key] = base if n == 0 else f"{base}#{n + 1}"
    return out


def plan_celebrations(
    graph: Graph,
    achievements: Mapping[str, AchievementRecord],
    today: date,
    lookback_days: int = 90,
) -> CelebrationPlan:
    keys = achievement_keys(graph)
    current = set(keys.values())
    orphans = {k: r for k, r in achievements.items() if k not in current}
    new: list[Achievement] = []
    renames: list[tuple[str, str]] = []
    for node_key, key in keys.items():
        if key in achievements:
            continue
        node = graph.nodes[node_key]
        done_on = node.completed or today
        match = next(
            (k for k, r in sorted(orphans.items())
             if r.kind == node.kind and r.done_date == done_on.isoformat()),
            None,
        )
        if match is not None:
            renames.append((match, key))
            del orphans[match]
            continue
        recent = done_on >= today - timedelta(days=lookback_days)
        new.append(Achievement(key, node, done_on, recent and done_on <= today))
    return CelebrationPlan(tuple(new), tuple(renames))


def celebration_path(config: Config, ach: Achievement) -> str:
    # The second "Week 1" milestone done on the same day (key `...#2`) gets "Week 1 (2)":
    # otherwise it would find the first one's note, take it for its own and never get one.
    base = _key_base(ach.node) + "#"
    suffix = f" ({ach.key[len(base):]})" if ach.key.startswith(base) else ""
    name = safe_filename(f"{ach.done_on.isoformat()} {ach.node.title}", 120 - len(suffix))
    return f"{config.celebrations_folder.strip('/')}/{name}{suffix}.md"


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
        lines.append(f"- Started → finished: {started}{how} → {ach.done_on} ({days} days)")
    else:
        lines.append(f"- Finished: {ach.done_on}")
    if node.deadline is not None:
        diff = (node.deadline - ach.done_on).days
        when = (f"{diff} days early" if diff > 0 else f"{-diff} days late" if diff < 0
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
            st = commitment_status(graph, other, config)
            if st.streak >= 2:
                lines.append(f"- Meanwhile: {link(other.path, other.title)} met "
                             f"{st.streak} {other.every}s in a row")
    return "\n".join(lines)


def celebration_note(title: str, body: str) -> str:
    """A new celebration note: the title as its heading, the generated region, and the
    section that belongs to the user."""
    return (f"# 🎉 {esc(title)}\n\n{render_region('celebration', body)}\n"
            "## How I'll celebrate\n\n")


def wins_log_body(achievements: Mapping[str, AchievementRecord]) -> str:
    rows = sorted(achievements.values(), key=lambda r: (r.done_date, r.key), reverse=True)
    if not rows:
        return "No milestones or goals reached yet."
    out: list[str] = []
    for r in rows:
        icon = "🎯" if r.kind == "goal" else "🏁"
        cel = f" — {link(r.celebration_path, 'celebration')}" if r.celebration_path else ""
        out.append(f"- {r.done_date} {icon} {esc(r.title)}{cel}")
    return "\n".join(out)
