"""Goals as list items under a goal heading, a goal label line, or in a goals-list note.

```markdown
# 2025                              ← a yearly note

## 2025 Goals                       ← a heading with a goal word: its items are goals
### Health                          ← a sub-heading: the goals' area
- [ ] Swim twice a week             ← a goal (checkbox, plain bullet or numbered item)
    - [x] Buy a pool pass           ← a milestone of it; [x], ~~strike~~ or [DONE]: done
- ~~Run a marathon~~                ← a goal, done

Goals for Jan–Mar 2025:             ← a label line with a goal word heads the list under it
- Finish the Spanish A2 course
```

A note whose title says it is a goals list (`2025 Goals.md`, `My goals.md`), or whose
first line is a tag line with `#goals`, counts its top-level items as goals (except under
headings such as `Notes` or `Reflections`).

The period in the heading, label or note title (`2025`, `Q3 2025`, `H1`, `2025-W12`,
`March 2025`, `Jan–Mar 2025`) is each goal's deadline unless the item gives its own
(`📅 2025-06-30`, `[due:: …]`). Heading and label words come from the word table
(`goals`, in every language it has; `goals.words.goals` adds more). Not read: daily and
weekly notes (their "Today's goals" are the day's to-dos), book summaries, articles and
clippings (goals/reference.py), templates, a goal heading with no list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from vaultgoals.core.goals.body import Body, Item, Section
from vaultgoals.core.goals.itemtext import MONTH_NAMES, period_end, read_measure, read_text, year_of
from vaultgoals.core.goals.okrs import objective_title
from vaultgoals.core.lazyre import later
from vaultgoals.core.model import ListItem
from vaultgoals.core.words import words_of

NAME = "goal_lists"
_PERIODISH = later(r".*\d.*|[qh][1-4]|w\d{1,2}", re.UNICODE)  # 2025, Q3, H1, W12
_LIST_WORDS_MAX = 5
_LABEL_MAX = 80  # a label line that heads a list is short
_NAMED = later(r"[^:：]{1,30}[:：]\s*\S")  # `Objective: …`, `Goal: …`
_KR = later(r"KR\s?\d{1,2}\b|key results?\b", re.IGNORECASE)
_LINK_ONLY = later(r"(?:\[\[[^\]]+\]\]|\[[^\]]*\]\([^)]*\))[\s,;]*")


def recognise(body: Body) -> Iterator[Item]:
    if body.daily or body.kind is not None:
        return  # (a goal note's lists are its milestones: steps_heading)
    doc = body.doc
    if not doc.items or not _anything_to_read(body):
        return
    if body.template or body.reference:
        return
    words = body.words
    today = words["today"]
    year = year_of(doc.name)
    done: set[int] = set()
    for section in body.sections:
        h = section.heading
        words_only = read_text(h.text).title  # (a heading tagged #goal is a goal itself)
        if (h.line in done or not _names_list(body, words_only) or today.has(words_only)
                or words["supporting"].has(words_only) or _NAMED.match(words_only)):
            continue  # (`Objective: Ship the app` names one goal: okrs.py)
        if words["key_results"].equals(h.text):
            continue  # an OKR's key results: okrs.py
        reason = f"a list item under the goal heading '{h.text}'"
        yield from _section(body, section, reason, _deadline(h.text, section, body, year))
        done.update(s.heading.line for s in body.subsections(section))
    yield from _labelled(body, year)
    if _list_note(body):
        reason = f"a top-level list item in the goals list note '{doc.name}'"
        due = _iso(period_end(doc.name, None, body.config.week_rules))
        yield from _goals(body, body.top_items(None), reason, due, "")
        for section in body.sections:
            if section.heading.line not in done and not _not_goals(body, section):
                yield from _goals(body, body.top_items(section.heading.line), reason,
                                  _deadline(section.heading.text, section, body, year) or due,
                                  section.heading.text)


def _section(body: Body, section: Section, reason: str, due: str | None) -> Iterator[Item]:
    """The goals of a goal heading's section: its own top items and its sub-headings'."""
    yield from _goals(body, body.top_items(section.heading.line), reason, due, "")
    for sub in body.subsections(section):
        if _not_goals(body, sub) or body.words["key_results"].equals(sub.heading.text):
            continue
        own = _iso(period_end(sub.heading.text, year_of(section.heading.text),
                                   body.config.week_rules))
        yield from _goals(body, body.top_items(sub.heading.line), reason, own or due,
                          sub.heading.text)


def _labelled(body: Body, year: int | None) -> Iterator[Item]:
    """Lists right under a label line that names goals (`Goals for Jan–Mar 2025:`)."""
    today = body.words["today"]
    for item in body.doc.items:
        if item.parent_line is not None or item.quote_depth:
            continue
        label = body.label_above(item)
        if label is None or not _names_list(body, label.text) or today.has(label.text):
            continue
        due = _iso(period_end(label.text, year, body.config.week_rules))
        yield from _goals(body, body.list_under(item),
                          f"a list item under the label '{label.text}'", due, "")


def _goals(body: Body, items: list[ListItem], reason: str, due: str | None,
           area: str) -> Iterator[Item]:
    if _sentences(items) or any(_KR.match(i.text.lstrip("*_ ")) for i in items):
        return  # prose, or an OKR's key results (okrs.py)
    for item in items:
        goal = _item(body, item, "goal", reason, due, None, area)
        if goal is None:
            continue
        yield goal
        for child in body.children(item.line):
            title = goal.title or read_text(item.text).title  # (a real task's: its text)
            step = _item(body, child, "milestone", f"nested under the goal '{title}'",
                         None, item.line, "")
            if step is not None:
                yield step


def _item(body: Body, item: ListItem, kind: str, reason: str, due: str | None,
          parent: int | None, area: str) -> Item | None:
    text = read_text(item.text)
    if not text.title and item.status is None:
        return None
    if item.status is None and _LINK_ONLY.fullmatch(item.text.strip()):
        return None  # a link names a note, which is a goal (or not) by its own conventions
    fields: list[tuple[str, str]] = []
    if area:
        fields.append(("area", read_text(area).title))
    measure = read_measure(item.text)
    if measure is not None:
        fields += [("target", f"{measure.target:g}"), ("progress", f"{measure.progress:g}")]
        if measure.unit:
            fields.append(("unit", measure.unit))
    task = body.task_at.get(item.line)
    status = text.status
    if task is not None:  # a real task keeps its own words and status (struck through: done)
        return Item(item.line, kind, reason, NAME, "", status if task.status == " " else None,
                    parent, due, tuple(fields))
    return Item(item.line, kind, reason, NAME, text.title, status, parent, due, tuple(fields))


def _sentences(items: list[ListItem]) -> bool:
    """Is this list prose rather than goals: no checkbox, and most items are sentences
    (`An objective should inspire.`): advice copied from an article, notes, reflections."""
    if not items or any(i.status is not None for i in items):
        return False
    ended = sum(1 for i in items if i.text.rstrip(" *_").endswith((".", "!", "。", "！")))
    return 2 * ended >= len(items)


def _deadline(text: str, section: Section, body: Body, year: int | None) -> str | None:
    """The period a goal heading names, else the one of the heading it sits under."""
    end = period_end(text, year, body.config.week_rules)
    if end is None and section.parent is not None:
        end = period_end(section.parent.text, year, body.config.week_rules)
    return _iso(end)


def _not_goals(body: Body, section: Section) -> bool:
    """A heading whose list is not goals: notes, today's to-dos, an OKR objective (its
    items are key results: okrs.py)."""
    text = section.heading.text
    return (body.words["not_goals"].has(text) or body.words["today"].has(text)
            or objective_title(text, body.words) is not None)


def _anything_to_read(body: Body) -> bool:
    """A quick look first (most notes read in full hold no goal list): does any heading,
    text line or the title hold a goal-list word at all?"""
    doc = body.doc
    return body.words["goal_list"].has("\n".join(
        [doc.name, *(h.text for h in doc.headings),
         *(t.text for t in doc.lines if not t.comment and len(t.text) <= _LABEL_MAX)]))


def _names_list(body: Body, text: str) -> bool:
    """Does a heading, label or title say a list of goals follows? A word of the table's
    `goal_list` (`Goals`, `Objectives`, `Ziele`, `目标`, …) in a short phrase: besides it,
    at most a few words of period, owner or area (`My 2025 career goals for Q1`); a goal
    word inside a longer title (`Résumé of goal setting in teams`) is not one."""
    if not body.words["goal_list"].has(text):
        return False
    rest = [w for w in words_of(text).split(" ")
            if not _PERIODISH.fullmatch(w) and w not in MONTH_NAMES]
    return len(rest) <= _LIST_WORDS_MAX


def _list_note(body: Body) -> bool:
    """Does the note's title, or a tag line at its top, say it is a list of goals?"""
    if _names_list(body, body.doc.name) and not body.words["today"].has(body.doc.name):
        return True
    first = min(body.doc.lines, key=lambda t: t.line, default=None)
    if first is None or first.comment or not first.text.startswith("#"):
        return False
    tags = [w.lstrip("#") for w in first.text.split() if w.startswith("#")]
    plural = body.words["goal_list"]
    return len(tags) == len(first.text.split()) and any(plural.equals(t.rpartition("/")[2])
                                                         for t in tags)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
