"""The `skills` and `people` fields of `vaultgoals status --json` (docs/json.md).

Additions to the status shape: every existing field keeps its meaning, so the schema stays
`vaultgoals.status/1`. Pure: the graph, the evidence index, the week and today in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.levels import Level
from vaultgoals.core.people import people_review
from vaultgoals.core.skills import LevelHistory, skill_reports


def _level(level: Level | None) -> dict[str, Any] | None:
    if level is None:
        return None
    return {"shown": level.shown, "value": level.value, "scale": [level.low, level.high],
            "fraction": round(level.fraction, 4)}


def skills_json(graph: Graph, index: EvidenceIndex, week: tuple[date, date], today: date,
                levels: LevelHistory | None = None) -> list[dict[str, Any]]:
    """Per skill: level, target, gap, evidence this week and in all, the last evidence's
    day, the goals that need it, and the levels the journal recorded."""
    start, end = week[0], min(week[1], today)
    return [{
        "key": r.node.key,
        "title": r.node.title,
        "path": r.node.path,
        "level": _level(r.level),
        "target": _level(r.target),
        "gap": r.gap,
        "evidence_this_week": r.count_between(start, end),
        "evidence_total": len(r.evidence),
        "last_evidence": r.last.isoformat() if r.last else None,
        "needed_by": [{"key": g.key, "title": g.title,
                       "deadline": g.deadline.isoformat() if g.deadline else None}
                      for g in r.goals],
        "level_history": [{"day": d, "level": shown} for d, shown, _ in r.history],
    } for r in skill_reports(graph, index, today, levels)]


def people_json(graph: Graph, index: EvidenceIndex, today: date) -> dict[str, Any]:
    """The people notes with their contacts, and this month's new contacts and feedback."""
    pr = people_review(graph, index, today)
    return {
        "month": pr.month[0].strftime("%Y-%m"),
        "people": [{
            "path": p.path,
            "name": p.name,
            "role": p.role or None,
            "cadence": p.cadence or None,
            "contacts": len(p.contacts),
            "first_contact": p.first.day.isoformat() if p.first else None,
            "last_contact": p.last.day.isoformat() if p.last else None,
            "last_contact_in": p.last.path if p.last else None,
            "lapsed": p.lapsed(today),
        } for p in pr.people],
        "new_this_month": [p.path for p in pr.new],
        "lapsed": [p.path for p in pr.lapsed],
        "feedback": {
            "asked_open": [{"path": f.path, "line": f.line, "text": f.text} for f in pr.asked],
            "received_this_month": [{"path": f.path, "line": f.line, "text": f.text,
                                     "day": f.day.isoformat() if f.day else None}
                                    for f in pr.received],
            "notes_this_month": list(pr.feedback_notes),
        },
    }
