"""Breakdowns: a plan note's lists under a `[[Goal]]:` label line are milestones of that
goal.

```markdown
# June 2025                         ← a plan note: its title or a heading names a period
                                       (or the note is a `breakdown`, `plan`, `roadmap`)
[[Publish a board game]]:           ← a label line that is only a link and a colon
- [ ] Order printed cards           ← a milestone of that goal, due at the period's end
- [ ] Three playtests

[[Get fit]]:
- [x] Run 3 times a week            ← done ([x], ~~strike~~, [DONE])

Shopping:                           ← a label that is not a link: not read
- Birthday present for Ana
```

Each top-level item of the list right under the label is a milestone; the link (wikilink or
Markdown link) is carried on the item, so the membership rules (goals/goal_link.py) put it
under the goal note it names. Items nested under an item are that milestone's tasks.

Not read: daily and weekly notes (a `[[Person]]:` list there is the day's notes), notes
that name no period and no plan, book summaries and clippings, templates; a label line
with more than the link (`Call [[Ana]] about:`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vaultgoals.core.goals.body import Body, Item
from vaultgoals.core.goals.itemtext import period_end, read_text, year_of
from vaultgoals.core.parse.inline import extract_links

NAME = "breakdowns"
_LINK_LABEL = re.compile(r"^(?:\[\[[^\]]+\]\]|\[[^\]]+\]\([^)]+\))\s*[:：]$")
_PLAN_WORDS = ("breakdown", "plan", "planning", "roadmap", "monthly", "quarterly", "weekly",
               "aufschlüsselung", "planung", "desglose", "plan mensual", "planification",
               "plano", "план", "计划", "計画")


def recognise(body: Body) -> Iterator[Item]:
    doc = body.doc
    if body.daily or not doc.items or not any(
            t.text.endswith((":", "：")) and ("](" in t.text or "]]" in t.text)
            for t in doc.lines) or ":" not in body.text:
        return  # (no label line that may be a link: the cheap test first)
    due = _plan_period(body)  # (before the template and reference tests, which cost more)
    if due is None:
        return
    if body.template or body.reference:
        return
    for item in doc.items:
        if item.parent_line is not None or item.quote_depth:
            continue
        label = body.label_above(item)
        if label is None:
            continue
        text = label.text.replace("**", "").replace("__", "").strip()
        if _LINK_LABEL.match(text) is None:
            continue
        links = tuple(link for link in extract_links(text) if link.target)
        if not links:
            continue
        reason = f"a list item under the breakdown label '{text}'"
        for member in body.list_under(item):
            read = read_text(member.text)
            if not read.title and member.status is None:
                continue
            task = body.task_at.get(member.line)
            title = "" if task is not None else read.title
            status = "done" if read.done and (task is None or task.status == " ") else None
            yield Item(member.line, "milestone", reason, NAME, title, status, None,
                       due or None, (), links[:1])


def _plan_period(body: Body) -> str | None:
    """The ISO end of the period a plan note names ("" if it names a plan but no period),
    or None if it is not a plan note."""
    doc = body.doc
    year = year_of(doc.name)
    for text in (doc.name, *(h.text for h in doc.headings if h.level <= 2)):
        end = period_end(text, year, body.config.week_rules)
        if end is not None:
            return end.isoformat()
    name = doc.name.casefold()
    return "" if any(w in name for w in _PLAN_WORDS) else None
