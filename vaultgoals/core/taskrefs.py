"""A note's tasks in their vault context (`TaskRef`s), with what the build indexes of them.

When a done task was completed: its ✅ date, else the day the journal first saw it done,
else the day of the daily note it is in. When an open one is due: its 📅 date. Which tasks
block: open ones with an `🆔` that another task depends on (⛔). A recurring task (🔁)
may count toward a goal: it may be a commitment (goals/habits.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from vaultgoals.core.config import Config
from vaultgoals.core.dates import is_week_name, parse_iso, parse_moment_day
from vaultgoals.core.dayindex import Row
from vaultgoals.core.graphmodel import OPEN_TYPES, TaskRef
from vaultgoals.core.model import NoteDoc


@dataclass(slots=True)
class NoteTasks:
    refs: list[TaskRef]  # one per task of the note, in its order
    plain: bool  # no task can count toward a goal (no tags/links/fields/ids; not a goal note)
    done_rows: list[Row[TaskRef]]  # its rows of the graph's done_index and due_index
    due_rows: list[Row[TaskRef]]
    undated: tuple[tuple[str, int], ...]  # (path, line) of done tasks without a ✅ date
    open_ids: frozenset[str]  # ids of its open tasks
    dependents: list[TaskRef]  # its open tasks that depend on some id
    day: str | None = None  # a daily note's day (ISO)
    # a daily note's lines that may be habits, found when first asked (goals/habits.py)
    habit_lines: tuple[tuple[str, int, bool], ...] | None = None


def daily_date(path: str, config: Config) -> str | None:
    """The ISO day of a daily note (by the configured folder and file name format)."""
    folder = config.daily_folder
    if folder and not path.startswith(folder + "/"):
        return None
    name = path.rsplit("/", 1)[-1][:-3]
    day = parse_moment_day(config.daily_format, name)
    return day.isoformat() if day else None


def periodic_note(path: str, config: Config) -> bool:
    """Is this a daily or weekly note? (see `goals.conventions.is_periodic`)"""
    if daily_date(path, config) is not None:
        return True
    folder, _, name = path.rpartition("/")
    name = name[:-3] if name.endswith(".md") else name
    if config.weekly_folder and folder != config.weekly_folder.strip("/"):
        return False
    return (is_week_name(config.weekly_format, name)
            or parse_moment_day(config.weekly_format, name) is not None)


def note_tasks(
    doc: NoteDoc, config: Config, first_done: Mapping[tuple[str, int], str],
    goal_note: bool, days: dict[str, date | None],
) -> NoteTasks:
    """A note's tasks as TaskRefs, in one pass. `goal_note`: the note is goal-like (its
    tasks may count toward it); `days`: ISO text → date, shared by the calls of one build
    (dates repeat a lot)."""
    path = doc.path
    has_task_child = {t.parent_line for t in doc.tasks if t.parent_line is not None}
    daily = daily_date(path, config)
    types: dict[str, str] = {}
    refs: list[TaskRef] = []
    undated: list[tuple[str, int]] = []
    done_rows: list[Row[TaskRef]] = []
    due_rows: list[Row[TaskRef]] = []
    open_ids: set[str] = set()
    dependents: list[TaskRef] = []
    rich = goal_note or bool(doc.claims)  # can a task here count toward a goal?
    recurring = config.uses("habits")  # (a recurring task is a commitment: goals/habits.py)
    for task in doc.tasks:
        stype = types.get(task.status)
        if stype is None:
            stype = types[task.status] = config.status_type(task.status)
        fields = task.fields
        line = task.line
        done_on: str | None = None
        done_day = due_day = None
        if stype == "DONE":
            done_on = fields.done
            if not done_on:
                undated.append((path, line))
                done_on = first_done.get((path, line)) or daily
            if done_on:
                done_day = days[done_on] if done_on in days else days.setdefault(
                    done_on, parse_iso(done_on))
        due = fields.due
        if due:
            due_day = days[due] if due in days else days.setdefault(due, parse_iso(due))
        ref = TaskRef(path, task, stype, done_on, line not in has_task_child,
                      None, None, False,  # goal, node, blocked: set by the build
                      fields.created or daily, done_day, due_day)
        refs.append(ref)
        if done_day is not None:
            done_rows.append((done_day, path, line, ref))
        if not rich and (fields.tags or fields.links or fields.fields or fields.id
                         or fields.depends_on or (fields.recurrence and recurring)):
            rich = True
        if stype in OPEN_TYPES:
            if due_day is not None:
                due_rows.append((due_day, path, line, ref))
            if fields.id:
                open_ids.add(fields.id)
            if fields.depends_on:
                dependents.append(ref)
    return NoteTasks(refs, not rich, done_rows, due_rows, tuple(undated),
                     frozenset(open_ids), dependents, daily)
