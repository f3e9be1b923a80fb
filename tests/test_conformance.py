"""The Obsidian Tasks plugin's own parsing cases (tests/data/tasks-plugin-cases.jsonl, MIT).

One test per row. `task_body` rows go through `parse_task_body` with the row's format;
`line` rows through `match_item` (after removing blockquote prefixes, which the block scanner
does in the product) and then `parse_task_body`. Every key of `expected` is compared, except:

* `normalized_line`: the plugin's re-serialisation of the task (fields re-ordered, trailing
  tags moved). vaultgoals never writes task lines back (DESIGN: no `- [ ]` in generated notes),
  so it has no serializer to compare.
* `scheduled_date_is_inferred`, and `scheduled` when the plugin inferred it: the plugin's
  "use the file name as the scheduled date" option, which needs the note's path and settings;
  `parse_task_body` reads one line. Rows where nothing is inferred still compare `scheduled`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from vaultgoals.core.model import TaskFields
from vaultgoals.core.parse.listline import match_item
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.parse.taskfields import TaskFormat, parse_task_body

CASES = Path(__file__).resolve().parent / "data" / "tasks-plugin-cases.jsonl"
ROWS: list[dict[str, Any]] = [
    json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()
]

# The plugin's default status types (the lead's config module owns the real mapping).
STATUS_TYPES = {" ": "TODO", "x": "DONE", "X": "DONE", "/": "IN_PROGRESS", "-": "CANCELLED"}
DONE_TYPES = ("DONE", "CANCELLED", "NON_TASK")  # the plugin's Task.isDone

# Blockquote / callout prefixes, as the block scanner strips them before match_item.
QUOTES = re.compile(r"(?:[ \t]*>[ \t]?)*")

NOT_COMPARED = frozenset(("normalized_line", "scheduled_date_is_inferred"))

FIELD_KEYS = (
    "description",
    "priority",
    "due",
    "scheduled",
    "start",
    "created",
    "done",
    "cancelled",
    "recurrence",
    "id",
    "on_completion",
    "block_link",
)


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{n:03d}:{row['test']}" for n, row in enumerate(rows, 1)]


def _task_values(fields: TaskFields, global_filter: str | None) -> dict[str, Any]:
    got: dict[str, Any] = {k: getattr(fields, k) for k in FIELD_KEYS}
    tags = ["#" + t for t in fields.tags]
    if global_filter:  # the plugin drops the global filter from a task's tags
        tags = [t for t in tags if t != global_filter]
    got["tags"] = tags
    got["depends_on"] = list(fields.depends_on)
    return got


def actual(row: dict[str, Any], fmt: TaskFormat) -> dict[str, Any]:
    """What vaultgoals reads from the row, under the names `expected` uses."""
    context = row.get("context") or {}
    global_filter = context.get("global_filter")
    if row["input_kind"] == "task_body":
        return _task_values(parse_task_body(row["line"], fmt), global_filter)

    line: str = row["line"]
    quotes = QUOTES.match(line)
    prefix = quotes.group(0) if quotes else ""
    item = match_item(line[len(prefix) :])
    if item is None or item.status is None:
        return {"is_task": False}
    if global_filter and not parse_note("case.md", line, global_filter=global_filter).tasks:
        # With a global filter set, the plugin only takes lines whose body holds it: the
        # scanner says which (Config.global_filter).
        return {"is_task": False}
    status_type = STATUS_TYPES.get(item.status, "TODO")
    got = _task_values(parse_task_body(item.text, fmt), global_filter)
    got.update(
        is_task=True,
        list_marker=item.marker,
        status_symbol=item.status,
        status_type=status_type,
        is_done=status_type in DONE_TYPES,
        indentation=prefix + item.indent,
    )
    return got


def compared(row: dict[str, Any]) -> dict[str, Any]:
    """The expected values this test compares (see the module docstring for the rest)."""
    expected: dict[str, Any] = dict(row["expected"])
    for key in NOT_COMPARED:
        expected.pop(key, None)
    if row["expected"].get("scheduled_date_is_inferred"):
        expected.pop("scheduled", None)
    if expected.get("is_task") is False:
        return {"is_task": False}
    return expected


def check(row: dict[str, Any], fmt: TaskFormat) -> None:
    expected = compared(row)
    got = actual(row, fmt)
    assert set(expected) <= set(got), f"unmapped keys: {set(expected) - set(got)}"
    assert {k: got[k] for k in expected} == expected, row["line"]


def test_all_rows_are_here() -> None:
    assert len(ROWS) == 195
    kinds = {(r["input_kind"], r["format"]) for r in ROWS}
    assert kinds == {("line", "emoji"), ("task_body", "emoji"), ("task_body", "dataview")}


@pytest.mark.parametrize("row", ROWS, ids=_ids(ROWS))
def test_case(row: dict[str, Any]) -> None:
    check(row, row["format"])


@pytest.mark.parametrize("row", ROWS, ids=_ids(ROWS))
def test_case_with_both_formats(row: dict[str, Any]) -> None:
    """The product reads both formats at once: every case still holds."""
    check(row, "both")
