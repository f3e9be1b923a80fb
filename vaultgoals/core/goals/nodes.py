"""Making a node from what a recogniser found: a goal-like note's properties, or the task a
goal or milestone is written as. Values that cannot be used are reported as problems (at
the line they are written on) and left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter

from vaultgoals.core.config import Config
from vaultgoals.core.dates import add_relative, is_relative, parse_date, parse_iso
from vaultgoals.core.goals.docmemo import by_doc_and
from vaultgoals.core.goals.goal_folder import folder_status
from vaultgoals.core.goals.habits import note_schedule, task_schedule
from vaultgoals.core.goals.itemtext import plain, read_text
from vaultgoals.core.goals.props import (
    NUMBER_LIMIT,
    as_float,
    line_of,
    props,
    shown_value,
    usable,
)
from vaultgoals.core.graphmodel import DECLARED_STATUSES, Node, TaskRef
from vaultgoals.core.model import NoteDoc, Problem

_EVERY = {
    "day": "day", "daily": "day", "week": "week", "weekly": "week", "month": "month",
    "monthly": "month", "quarter": "quarter", "quarterly": "quarter", "year": "year",
    "yearly": "year", "annually": "year",
}  # fmt: skip
_NEW_LINKS = ("new-links", "new_links", "new-people", "links")
# a file name that is not a title: a slug (`drums-independence-30day`) or an ID
# (`202504021900 Reading habit`, a Zettelkasten timestamp)
_SLUG_OR_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+|\d{8,14}(?:\s.*)?", re.DOTALL)
_TAG_TEXT = re.compile(r"(?:^|\s)#[^\s#]+")
_DEADLINE_KEYS = frozenset({"deadline", "due", "due date", "due_date", "target_date"})
_FIELD_TEXT = re.compile(r"\[[^\[\]()]{1,60}?::(?:[^\[\]]|\[\[[^\]]*\]\])*\]"
                         r"|\([^\[\]()]{1,60}?::(?:[^()\[\]]|\[\[[^\]]*\]\])*\)")
# what a number property that cannot be read is taken as, said with its problem
_ASSUMED = {
    "weight": "read as weight 1, like a note without one",
    "target": "ignored: progress is counted from the note's steps",
    "progress": "read as none, so 0 toward a target",
    "quota": "ignored: once per period",
}
_LINK_TEXT = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")


def number(problems: list[Problem], path: str, name: str, value: object,
           line: Callable[[], int]) -> float | None:
    """A numeric property, or None; one that is given but not a number (`weight: heavy`)
    or not a usable one (NaN, infinite, larger than NUMBER_LIMIT) is also reported by name,
    with what is assumed instead, at the line `line()` finds (asked only then: finding it
    costs a look through the note)."""
    if value is None or value == "":
        return None
    value_ = as_float(value)
    if value_ is None:
        problems.append(Problem(path, line(), f"property '{name}' {shown_value(value)} is not "
                                f"a number; {_ASSUMED.get(name, 'ignored')}"))
        return None
    if not usable(value_):
        problems.append(Problem(path, line(), f"property '{name}' {shown_value(value)} is not "
                                f"a usable number (finite, at most {NUMBER_LIMIT:.0e}); ignored"))
        return None
    return value_


def weight(problems: list[Problem], path: str, value: object,
           line: Callable[[], int]) -> float | None:
    """A `weight`, or None; one below zero (which would turn its parent's weighted mean
    upside down) is reported and read as no weight, i.e. 1."""
    found = number(problems, path, "weight", value, line)
    if found is not None and found < 0:
        problems.append(Problem(path, line(), f"weight {shown_value(value)} is below zero; "
                                f"{_ASSUMED['weight']}"))
        return None
    return found


def note_node(doc: NoteDoc, kind: str, problems: list[Problem], config: Config) -> Node:
    """The node of a goal-like note of `kind`, from its properties (see docs/goals.md). A
    valid `every:` makes it a commitment whatever its kind; a note without a `status` in a
    goals folder's done folder is done. Read once per parsed note (the watcher's next build
    gets a fresh copy, with its own lists)."""
    made, said = _note_node(doc, config, kind)
    problems.extend(said)
    return copy_node(made)


_VALUES = attrgetter(*(f.name for f in fields(Node)))  # every field of a Node, in order


def copy_node(node: Node) -> Node:
    """A new node with `node`'s values and lists of its own (skills, children and tasks
    empty): what a build fills in, from a node kept as made."""
    made = Node(*_VALUES(node))
    made.skills, made.children, made.tasks = [], [], []
    return made


@by_doc_and
def _note_node(doc: NoteDoc, config: Config, kind: str) -> tuple[Node, tuple[Problem, ...]]:
    problems: list[Problem] = []
    return _read_node(doc, kind, problems, config), tuple(problems)


def _read_node(doc: NoteDoc, kind: str, problems: list[Problem], config: Config) -> Node:
    fm = props(doc.frontmatter, config.extra_fields)
    path = doc.path

    def problem(name: str, message: str) -> None:
        problems.append(Problem(path, line_of(doc, name), message))

    title = fm.get("title")
    # One line: titles become headings and list items in generated notes, and a line
    # break in one (YAML allows it, so does a Linux file name) would start a line of its
    # own there, e.g. a fake region marker.
    title = " ".join(title.split()) if isinstance(title, str) else ""
    node = Node(key=path, kind=kind, title=title or _name_title(doc),
                path=path, line=1)
    status = fm.get("status")
    declared = config.words.status(status) if isinstance(status, str) else None
    if declared is not None:
        node.declared = declared
    elif status is not None:
        problem("status", f"status {status!r} is not one of "
                f"{', '.join(DECLARED_STATUSES)} (or a word for one, like 'in progress', "
                "'completed', 'on hold'); read as active")
    elif folder_status(path, config) == "done":
        node.declared = "done"
    start = fm.get("start")
    node.start = parse_date(start)
    if node.start is None and start is not None and start != "":
        problem("start", f"start {shown_value(start)} is not a date (YYYY-MM-DD); "
                "read as no start date")
    completed = fm.get("completed")
    node.completed = parse_date(completed)
    if node.completed is None and completed not in (None, "", True, False):
        problem("completed", f"completed {shown_value(completed)} is not a date "
                "(YYYY-MM-DD); ignored: write the day it was done, or status: done")
    if (node.completed is not None or completed is True) and node.declared in (None, "active"):
        node.declared = "done"
    _deadline(doc, node, fm, problem)
    target = fm.get("target")
    if kind == "skill":  # (a skill's level and target are on its scale: core/skills.py)
        target, fm["progress"] = None, None
    if node.deadline is None and parse_date(target) is not None:  # `target: 30.06.2025`
        node.deadline, target = parse_date(target), None
    backwards = _backwards(node)
    if backwards:
        problem("deadline" if "deadline" in fm else "target", backwards)
    node.target = number(problems, path, "target", target, lambda: line_of(doc, "target"))
    if node.target is not None and node.target <= 0:
        problem("target", "target must be a positive number; ignored")
        node.target = None
    node.amount = number(problems, path, "progress", fm.get("progress"),
                         lambda: line_of(doc, "progress"))
    unit = fm.get("unit")
    node.unit = str(unit) if unit is not None else ""
    node.weight = weight(problems, path, fm.get("weight"), lambda: line_of(doc, "weight"))
    tag = fm.get("tag")
    if isinstance(tag, str) and tag.strip().lstrip("#"):
        node.tag = tag.strip().lstrip("#").casefold()
    every = fm.get("every")
    if every is not None:
        period = _EVERY.get(str(every).strip().casefold())
        if period is None:
            problem("every", f"every {every!r} is not one of day, week, month, quarter, year")
        else:
            node.every = period
            node.kind = "commitment"
    elif kind == "commitment" or config.uses("habits"):
        got = note_schedule(doc.frontmatter, config.words)  # `frequency:: 3 times a week`
        if got is not None:
            node.every, node.quota = got
            node.kind = "commitment"
    quota = number(problems, path, "quota", fm.get("quota"), lambda: line_of(doc, "quota"))
    if quota is not None and quota >= 1:
        node.quota = int(quota)
    count = fm.get("count")
    if isinstance(count, str) and count.strip().casefold() in _NEW_LINKS:
        node.count_mode = "new-links"
    area = fm.get("area")
    if isinstance(area, str) and area.strip():
        node.area = " ".join(_LINK_TEXT.sub(r"\1", area).split())
    return node


def _deadline(doc: NoteDoc, node: Node, fm: dict[str, object],
              problem: Callable[[str, str], None]) -> None:
    """The note's deadline, in any common date format, or relative to its start. A value
    that is neither is reported when written under `deadline`/`due`; under a looser name
    (`end`, `by`, `finish_by`) it may mean something else and is passed over quietly."""
    deadline = fm.get("deadline")
    if deadline is None:
        return
    text = str(deadline)
    node.deadline = parse_date(deadline)
    if node.deadline is None and is_relative(text):
        base = node.start or parse_date(fm.get("created"))
        if base is None:
            problem("deadline", f"deadline {text!r} is relative but the note "
                    "has no start or created date to count from")
        else:
            node.deadline = add_relative(base, text)
    elif node.deadline is None and any(k.casefold() in _DEADLINE_KEYS and v == deadline
                                       for k, v in doc.frontmatter.items()):
        problem("deadline", f"deadline {text!r} is neither a date (YYYY-MM-DD) "
                "nor a duration like '6 months'")


def _backwards(node: Node) -> str:
    """What to say about a deadline before the start date, or "" when it is not."""
    if node.start is None or node.deadline is None or node.deadline >= node.start:
        return ""
    return (f"deadline {node.deadline.isoformat()} is before the start "
            f"{node.start.isoformat()}; both kept as written (the deadline counts, so the "
            "goal may show as overdue): correct whichever is wrong")


def _name_title(doc: NoteDoc) -> str:
    """A note's title from its name, or from its first H1 when the name is a slug or an
    ID (`drums-independence-30day`, `202504021900 Reading habit`)."""
    name = " ".join(doc.name.split()) or doc.name
    if _SLUG_OR_ID.fullmatch(name) is not None:
        h1 = next((h for h in doc.headings if h.level == 1), None)
        heading = read_text(h1.text).title if h1 is not None else ""
        if heading:
            return heading
    return name


def inline_node(doc: NoteDoc, ref: TaskRef, kind: str, problems: list[Problem],
                config: Config | None = None) -> Node:
    """The node of a goal or milestone written as the task `ref` (key `path:line`): its
    text without tags is its title, its 📅/🛫/➕ dates and its status are the node's. A
    commitment's period is its recurrence or frequency field (goals/habits.py), and its
    checkbox is one period's tick, not the state of the commitment."""
    task = ref.task
    path = doc.path
    title = _strip_tags(task.fields.description) or f"{doc.name} line {task.line}"
    node = Node(key=f"{path}:{task.line}", kind=kind, title=title, path=path,
                line=task.line, inline=True)
    node.deadline = parse_iso(task.fields.due or "")
    node.start = parse_iso(task.fields.start or task.fields.created or "")
    backwards = _backwards(node) if task.fields.start else ""  # (➕ created may be later)
    if backwards:
        problems.append(Problem(path, task.line, backwards))
    if kind == "commitment":
        got = task_schedule(task.fields, config.words) if config is not None else None
        if got is not None:
            node.every, node.quota = got
    elif ref.status_type == "DONE":
        node.declared = "done"
        node.completed = parse_iso(ref.completed_on or "")
    elif ref.status_type == "CANCELLED":
        node.declared = "dropped"
    fields = dict(task.fields.fields)
    node.weight = weight(problems, path, fields.get("weight"), lambda: task.line)
    target = number(problems, path, "target", fields.get("target"), lambda: task.line)
    if target is not None and target > 0:
        node.target = target
        node.amount = number(problems, path, "progress", fields.get("progress"),
                             lambda: task.line)
        node.unit = fields.get("unit", "")
    node.area = fields.get("area", "")
    return node


def _strip_tags(text: str) -> str:
    """A task's words as a title: without tags and bracketed inline fields (`[goal:: true]`,
    `(due:: 2025-06-30)`, `[goal:: [[Marathon]]]`)."""
    if "::" in text:
        text = _FIELD_TEXT.sub(" ", text)
    return plain(" ".join(_TAG_TEXT.sub(" ", text).split()))
