"""The review's Skills and People sections, as Markdown. Pure: a `Review` in, text out.

Skills: the gaps that block the nearest deadlines first ("SQL: 2 of 4 — needed by 'Become
a data scientist' due in 12 weeks; last practice 3 weeks ago"), then the other skills, and
the levels that rose (this week, and since the journal first saw them). People: new
contacts this month against a new-contacts quota (who counted), lapsed cadences ("Mentor
[[Ana]]: last talk 7 weeks ago, cadence monthly"), feedback asked and received this month.
Same rules as render/review.py: plain bullets and links, user text through `esc`.
"""

from __future__ import annotations

from datetime import date

from vaultgoals.core.dates import in_period
from vaultgoals.core.insights import MAX_LISTED, Review
from vaultgoals.core.people import PeopleReview, Person, weeks_ago
from vaultgoals.core.render.markdown import esc, link, link_line
from vaultgoals.core.skills import SkillReport, progressed, since_text
from vaultgoals.core.words import counted

_CADENCE_WORD = {"week": "weekly", "fortnight": "fortnightly", "month": "monthly",
                 "quarter": "quarterly", "year": "yearly"}


def _due_in(day: date, today: date) -> str:
    days = (day - today).days
    if days < 0:
        return f"(overdue since {day.isoformat()})"
    if days < 14:
        return f"due in {counted(days, 'day')}"
    return f"due in {days // 7} weeks"


def _skill_line(r: SkillReport, today: date) -> str:
    node = r.node
    parts = [f"- {link(node.path, node.title)}: {esc(r.shown)}"]
    if r.goals:
        goal = r.goals[0]
        due = f" {_due_in(goal.deadline, today)}" if goal.deadline is not None else ""
        more = f" (and {counted(len(r.goals) - 1, 'more goal')})" if len(r.goals) > 1 else ""
        parts.append(f" — needed by {link(goal.path, goal.title)}{due}{more}")
    last = r.last
    practice = (f"last practice {weeks_ago(last, today)} ({last.isoformat()})" if last
                else "no practice recorded yet")
    total = len(r.evidence)
    parts.append(f"; {practice}; {counted(total, 'piece')} of evidence" if total
                 else f"; {practice}")
    return "".join(parts)


def skills_section(review: Review) -> str:
    if not review.skills:
        return ("No skills yet (a note with `type: skill` or in a Skills folder, with `level` "
                "and `target`: see docs/goals.md).")
    today = review.today
    week = review.week
    gaps = [r for r in review.skills if r.gap is not None and r.gap > 0]
    rest = [r for r in review.skills if r.gap is None or r.gap <= 0]
    lines: list[str] = []
    if gaps:
        lines.append("**Gaps**, nearest deadline first:")
        lines.extend(_skill_line(r, today) for r in gaps[:MAX_LISTED])
        if len(gaps) > MAX_LISTED:
            lines.append(f"- … and {len(gaps) - MAX_LISTED} more")
    rose = [(r, text) for r in review.skills
            if (text := progressed(r, week.start, min(week.end, today)))]
    risen = {r.node.key for r, _ in rose}
    since = [(r, text) for r in review.skills if (text := since_text(r, today))
             and r.node.key not in risen]
    practised = [r for r in review.skills if r.count_between(week.start, min(week.end, today))]
    if rose or since or practised:
        if lines:
            lines.append("")
        lines.append("**Progress**:")
        lines.extend(f"- {link(r.node.path, r.node.title)}: {esc(t)} this week"
                     for r, t in rose[:MAX_LISTED])
        lines.extend(f"- {link(r.node.path, r.node.title)}: {esc(t)}"
                     for r, t in since[:MAX_LISTED])
        lines.extend(f"- {link(r.node.path, r.node.title)}: practised "
                     f"{counted(r.count_between(week.start, min(week.end, today)), 'time')}"
                     " this week" for r in practised[:MAX_LISTED])
    for label, group in (("At target", [r for r in rest if r.gap is not None]),
                         ("Without a level or a target", [r for r in rest if r.gap is None])):
        if group:
            if lines:
                lines.append("")
            more = f" and {len(group) - MAX_LISTED} more" if len(group) > MAX_LISTED else ""
            lines.append(f"{label}: " + ", ".join(
                f"{link(r.node.path, r.node.title)} ({esc(r.shown)})"
                if r.level is not None or r.target is not None
                else link(r.node.path, r.node.title) for r in group[:MAX_LISTED]) + f"{more}.")
    return "\n".join(lines)


def _person(p: Person) -> str:
    who = link(p.path, p.name)
    return f"{esc(p.role.capitalize())} {who}" if p.role else who


def people_section(review: Review) -> str:
    pr = review.people
    if pr is None or (not pr.people and not pr.asked and not pr.received):
        return ("No people notes yet (notes in a People folder or with `type: person`, with "
                "`role`, `cadence`, `last_contact`: see docs/goals.md).")
    today = review.today
    lines = _contacts_lines(review, pr)
    lapsed = pr.lapsed
    if lapsed:
        lines.extend(["", "**Lapsed**:"])
        for p in lapsed[:MAX_LISTED]:
            last = p.last
            talk = (f"last talk {weeks_ago(last.day, today)} "
                    f"({link(last.path, last.day.isoformat())})" if last
                    else "no contact recorded yet")
            lines.append(f"- {_person(p)}: {talk}, cadence {_CADENCE_WORD[p.cadence]}")
        if len(lapsed) > MAX_LISTED:
            lines.append(f"- … and {len(lapsed) - MAX_LISTED} more")
    elif any(p.cadence for p in pr.people):
        lines.extend(["", "Every cadence kept."])
    feedback = _feedback_lines(pr)
    if feedback:
        lines.extend(["", *feedback])
    return "\n".join(lines)


def _contacts_lines(review: Review, pr: PeopleReview) -> list[str]:
    lines: list[str] = []
    start = pr.month[0]
    quotas = [(n, st) for n, st in review.commitments if n.count_mode == "new-links"]
    for node, st in quotas:
        who = ", ".join(esc(i) for i in st.current.items) or "nobody yet"
        lines.append(f"- {link(node.path, node.title)}: **{st.count}/{st.quota}** new contacts "
                     f"{in_period(st.current.start, node.every)} — {who}")
    new = pr.new
    names = ", ".join(link(p.path, p.name) for p in new[:MAX_LISTED])
    more = f" and {len(new) - MAX_LISTED} more" if len(new) > MAX_LISTED else ""
    lines.append(f"- New this month ({start:%B %Y}): {names}{more}" if new
                 else f"- No new contacts in {start:%B %Y} yet.")
    return lines


def _feedback_lines(pr: PeopleReview) -> list[str]:
    if not (pr.asked or pr.received or pr.feedback_notes):
        return []
    out = ["**Feedback** this month:"]
    for f in pr.received[:MAX_LISTED]:
        out.append(f"- received {f.day.isoformat() if f.day else ''} · {esc(f.text)} "
                   f"({link_line(f.path, f.line)})")
    for path in pr.feedback_notes[:MAX_LISTED]:
        out.append(f"- received · {link(path)}")
    for f in pr.asked[:MAX_LISTED]:
        out.append(f"- asked, waiting · {esc(f.text)} ({link_line(f.path, f.line)})")
    return out
