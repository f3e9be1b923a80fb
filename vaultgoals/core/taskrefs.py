"""A note's tasks in their vault context (`TaskRef`s), with what the build indexes of them.

When a done task was completed (`completion_day`, the one rule every output uses): its ✅
date (or Dataview `completion::`), else the day of the daily or weekly note it is in, else
the day the journal first saw it done. When an open one is due: its 📅 date. Which tasks
block: open ones with an `🆔` that another task depends on (⛔). A recurring task (🔁)
may count toward a goal: it may be a commitment (goals/habits.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from vaultgoals.core.config import Config
from vaultgoals.core.dates import (
    is_week_name,
    parse_iso,
    parse_moment_day,
    week_days_of_name,
)
from vaultgoals.core.dayindex import Row
from vaultgoals.core.decisions import is_decision_task
from vaultgoals.core.graphmodel import OPEN_TYPES, TaskRef
from vaultgoals.core.model import NoteDoc


@dataclass(slots=True)
class NoteTasks:
    refs: list[TaskRef]  # one per task of the note, in its order
    plain: bool  # no task can count toward a goal (no tags/links/fields/ids; not a goal note)
    done_rows: list[Row[TaskRef]]  # its rows of the graph's done_index and due_index
    due_rows: list[Row[TaskRef]]
    # (path, line) of done tasks whose day the journal decides: no ✅ date, not periodic
    undated: tuple[tuple[str, int], ...]
    open_ids: frozenset[str]  # ids of its open tasks
    dependents: list[TaskRef]  # its open tasks that depend on some id
    day: str | None = None  # a daily note's day (ISO)
    # a daily note's lines that may be habits, found when first asked (goals/habits.py)
    habit_lines: tuple[tuple[str, int, bool], ...] | None = None
    # the refs the graph lists (`Graph.tasks`) when some are not listed: the answer lines
    # of a review's reassessment prompts (core/decisions.py); None: all of `refs`
    listed: list[TaskRef] | None = None


def daily_date(path: str, config: Config) -> str | None:
    """The ISO day of a daily note (by the configured folder and file name format)."""
    folder = config.daily_folder
    if folder and not path.startswith(folder + "/"):
        return None
    name = path.rsplit("/", 1)[-1][:-3]
    day = parse_moment_day(config.daily_format, name)
    return day.isoformat() if day else None


def _weekly_name(path: str, config: Config) -> str | None:
    """The file name (no `.md`) of a note in the weekly notes' folder, else None."""
    folder, _, name = path.rpartition("/")
    if config.weekly_folder and folder != config.weekly_folder.strip("/"):
        return None
    return name[:-3] if name.endswith(".md") else name


def periodic_note(path: str, config: Config) -> bool:
    """Is this a daily or weekly note? (see `goals.conventions.is_periodic`)"""
    if daily_date(path, config) is not None:
        return True
    name = _weekly_name(path, config)
    return name is not None and (is_week_name(config.weekly_format, name)
                                 or parse_moment_day(config.weekly_format, name) is not None)


def weekly_day(path: str, config: Config) -> str | None:
    """The day (ISO) a weekly note is named for, by the configured weekly folder and name
    format: the first day of its week (`2026-W47` → 2026-11-16 with ISO weeks), or the day
    its name gives (`YYYY-MM-DD`). None for any other note."""
    name = _weekly_name(path, config)
    if name is None:
        return None
    if is_week_name(config.weekly_format, name):
        span = week_days_of_name(config.weekly_format, name, config.week_rules)
        return None if span is None else span[0].isoformat()
    day = parse_moment_day(config.weekly_format, name)
    return None if day is None else day.isoformat()


def completion_day(checkmark: str | None, note_day: str | None,
                   seen: str | None) -> str | None:
    """The day a done task was done, by the order of evidence (docs/goals.md, "Dates of
    completion"): its ✅ date (`checkmark`, or Dataview `completion::`); else the day of the
    daily or weekly note it sits in (`note_day`; a weekly note's is the first day of its
    week); else the day the journal first saw it done (`seen`); else unknown."""
    return checkmark or note_day or seen


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
    note_day = daily if daily is not None else weekly_day(path, config)
    types: dict[str, str] = {}
    refs: list[TaskRef] = []
    undated: list[tuple[str, int]] = []
    done_rows: list[Row[TaskRef]] = []
    due_rows: list[Row[TaskRef]] = []
    open_ids: set[str] = set()
    dependents: list[TaskRef] = []
    answers: list[TaskRef] = []  # answer lines of a review (core/decisions.py)
    rich = goal_note or bool(doc.claims)  # can a task here count toward a goal?
    recurring = config.uses("habits")  # (a recurring task is a commitment: goals/habits.py)
    for task in doc.tasks:
        stype = types.get(task.status)
        if stype is None:
            stype = types[task.status] = config.status_type(task.status)
        fields = task.fields
        line = task.line
        answer = bool(fields.block_link) and is_decision_task(fields.block_link)
        if answer:
            stype = "NON_TASK"  # an answer ticked in a review: no task of the user's
        done_on: str | None = None
        done_day = due_day = None
        if stype == "DONE":
            done_on = fields.done
            if not done_on:
                if note_day is None:  # (a periodic note's day does not need the journal)
                    undated.append((path, line))
                done_on = completion_day(None, note_day, first_done.get((path, line)))
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
        if answer:
            answers.append(ref)
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
    listed = [r for r in refs if all(r is not a for a in answers)] if answers else None
    return NoteTasks(refs, not rich, done_rows, due_rows, tuple(undated),
                     frozenset(open_ids), dependents, daily, listed=listed)
