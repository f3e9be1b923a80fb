"""Which task is which from one run to the next, and what the journal learns from a run.

Pure: no I/O, no clock. The shell (`vaultgoals.store.journal`) loads a `JournalView`, the core
observes the vault as `TaskObs` rows, `reconcile` says what changed as a `JournalDelta`, and
the shell stores that delta. `JournalView.with_delta` applies a delta without a database,
so the watcher can keep its view current and tests can run the whole cycle in memory.

Task identity
-------------
A task has no id of its own in Markdown, so its identity is derived from its text:

    identity = <16-hex hash of the normalised description> "-" <occurrence index>

`normalise_text` ignores case, spacing, ✅/❌ dates and block ids, so checking a box (which
appends `✅ 2026-11-20`) keeps the identity, and so does moving the task to another line or
another note. The occurrence index tells apart tasks with the same words ("Meditate" in
every daily note). It is kept from run to run (`core.observer.Observer`): each copy of a
text keeps the index it had in its note, and a copy that appears takes the smallest index
no copy in the vault holds. So adding an older daily note (a backfill), or deleting one,
never moves the other copies' identities or dates. A run starts from the journal: the
copies in a note take the indices of the rows the journal last saw in that note, in line
order; with no journal, indices follow vault order (path, then line), as
`assign_identities` gives them.

The trade-off, chosen on purpose:

- editing a task's words makes it a new task (the old identity vanishes, and is forgotten
  after `KEEP_DAYS`); a task whose words change while it is checked is seen as new and done
  (on the day it was seen, unless it has a ✅ date);
- a copy moved to another note, or deleted and written again, takes back a free index:
  the smallest one, with that row's history (for the one copy of a text, its own). Two
  copies of one text in the same note are told apart by their order in that note.

What the journal records per identity
-------------------------------------
- `first_seen`: the day of the first run that saw it;
- `first_done`: the earliest day it is known to have been done. Set from its ✅ date when it
  has one (a ✅ date later than `today` is ignored as a typo), else to `today` when a run
  sees it become done. Once set it only ever moves earlier, so a task toggled done → todo →
  done keeps its FIRST done date, and a ✅ date added afterwards for an earlier day wins.
  On the journal's first run (`JournalView.since is None`) nothing is known about when the
  already-checked tasks without a ✅ date were done, so none is recorded for them. (Which
  day a done task counts on is `core.taskrefs.completion_day`: a ✅ date, then the day of
  the daily or weekly note it is in, then this date; see docs/goals.md);
- `gone_since`: None while the task is in the vault; the day a run first missed it. Rows
  gone for more than `KEEP_DAYS` days are purged. Until then a task that comes back (a note
  moved or renamed while vaultgoals was not running) keeps its history;
- `recorded_on`: the today of the run that last wrote the row (None in rows written before
  it was kept), so a date can be audited against the clock that produced it.

The clock rule: no date after the run's today is stored. A run whose today is earlier than
a stored date (the previous run had a wrong clock, or `--today` far ahead) repairs the row:
`first_seen` and `gone_since` become today, `first_done` becomes today if the task is still
done (it was done by then at the latest) and is dropped otherwise.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from vaultgoals.core.model import NoteDoc, Task
from vaultgoals.core.revisions import Memory

STATUS_TYPES = ("TODO", "DONE", "IN_PROGRESS", "CANCELLED", "NON_TASK")

# The Tasks plugin's core statuses. Any other character is a TODO unless configured.
DEFAULT_STATUS_TYPES: Mapping[str, str] = MappingProxyType(
    {" ": "TODO", "x": "DONE", "X": "DONE", "/": "IN_PROGRESS", "-": "CANCELLED"}
)

KEEP_DAYS = 90  # how long a vanished task's row is kept

_DATE = r"\d{4}-\d{2}-\d{2}"
_SLIPPED = re.compile(
    rf"(?:✅|❌)\ufe0f?[ \t]*{_DATE}"  # emoji done / cancelled dates
    rf"|[\[(][ \t]*(?:completion|cancelled)[ \t]*::[ \t]*{_DATE}[ \t]*[\])]"  # Dataview format
    r"|(?:^|(?<=\s))\^[A-Za-z0-9-]+[ \t]*$"  # a trailing block id
)
_ISO = re.compile(rf"{_DATE}\Z")


# --------------------------------------------------------------------------------------------
# Observations


@dataclass(frozen=True, slots=True)
class TaskObs:
    """One task as this run saw it."""

    identity: str
    path: str
    line: int
    status_type: str  # one of STATUS_TYPES
    done_date: str | None  # the task's ✅ date, ISO
    text: str  # the description as written

    @property
    def is_done(self) -> bool:
        return self.status_type == "DONE"


def normalise_text(description: str) -> str:
    """The part of a description that decides identity.

    Unicode NFC, ✅/❌ dates and Dataview `completion::`/`cancelled::` fields and a trailing
    `^block-id` removed, whitespace collapsed, stripped, casefolded.
    """
    text = description if description.isascii() else unicodedata.normalize("NFC", description)
    if "^" in text or "::" in text or "✅" in text or "❌" in text:
        previous = None
        while previous != text:  # a block id may sit behind a ✅ date and vice versa
            previous = text
            text = _SLIPPED.sub(" ", text).rstrip()
    return " ".join(text.split()).casefold()


def text_hash(normalised: str) -> str:
    """16 hex digits (64 bits) of BLAKE2b: collisions are negligible below billions of tasks,
    and harmless anyway because occurrence indices are counted per hash."""
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


def status_type_of(status: str, status_types: Mapping[str, str] | None = None) -> str:
    """The status type of a checkbox character; unknown characters are TODO."""
    table = DEFAULT_STATUS_TYPES if status_types is None else status_types
    return table.get(status, "TODO")


@lru_cache(maxsize=1 << 20)
def description_hash(description: str) -> str:
    """`text_hash(normalise_text(description))`, memoised: a watcher re-observes the same
    task texts on every pass, and most of them never change."""
    return text_hash(normalise_text(description))


def assign_identities(
    tasks: Iterable[tuple[str, Task]],
    status_types: Mapping[str, str] | None = None,
) -> list[TaskObs]:
    """Observe `(path, task)` pairs, returned in vault order (path, line) with identities
    numbered in vault order: what `core.observer.Observer` gives on its first pass without
    a journal.

    `status_types` maps checkbox characters to STATUS_TYPES (default: the Tasks plugin's).
    """
    ordered = sorted(tasks, key=lambda pt: (pt[0], pt[1].line))
    seen: dict[str, int] = {}
    out: list[TaskObs] = []
    for path, task in ordered:
        h = description_hash(task.fields.description)
        n = seen.get(h, 0)
        seen[h] = n + 1
        out.append(
            TaskObs(
                identity=f"{h}-{n}",
                path=path,
                line=task.line,
                status_type=status_type_of(task.status, status_types),
                done_date=task.fields.done,
                text=task.fields.description,
            )
        )
    return out


def observe_notes(
    docs: Iterable[NoteDoc], status_types: Mapping[str, str] | None = None
) -> list[TaskObs]:
    """`assign_identities` over every task of every note (a first pass, no journal)."""
    return assign_identities(((d.path, t) for d in docs for t in d.tasks), status_types)


# --------------------------------------------------------------------------------------------
# What the journal holds


@dataclass(frozen=True, slots=True)
class SeenTask:
    """The journal's row for one identity: its last observation plus its history."""

    identity: str
    path: str  # where it was last seen
    line: int
    text: str
    status_type: str
    done_date: str | None  # its ✅ date when last seen
    first_seen: str
    first_done: str | None = None
    gone_since: str | None = None  # None while in the vault
    recorded_on: str | None = None  # the today of the run that last wrote this row


@dataclass(frozen=True, slots=True)
class AchievementRecord:
    """A goal or milestone that was celebrated, so it is celebrated once.

    The anchor fields say where the achievement sat when it was recorded, so that a record
    whose key no longer matches (a renamed note, a fixed typo) can be matched to the item it
    was for (see `vaultgoals.core.celebrations`). Records from before they were kept have the
    defaults, which match nothing."""

    key: str
    kind: str
    title: str
    done_date: str
    celebration_path: str
    recorded_on: str
    parent: str = ""  # the parent's scope (`celebrations.parent_scope`); "" at the top
    path: str = ""  # the note it is, or the note it is written in
    position: int = -1  # its index among the parent's children of its kind
    evidence: str = ""  # "dated": done_date is written in the vault; "seen": a run's today
    signature: str = ""  # a hash of the tasks below it, "" if none


def _empty() -> Mapping[Any, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class JournalView:
    """A read-only snapshot of the journal, the only part of it the pure core sees.

    `first_done` / `first_seen` are derived from `tasks` by `Journal.view()`; a view built
    by hand (in tests) may give only them: `reconcile` falls back to them for identities
    missing from `tasks`.
    """

    first_done: Mapping[str, str] = field(default_factory=_empty)
    first_seen: Mapping[str, str] = field(default_factory=_empty)
    # goal key -> ((day, progress 0..1), ...) sorted by day
    snapshots: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=_empty)
    achievements: Mapping[str, AchievementRecord] = field(default_factory=_empty)
    tasks: Mapping[str, SeenTask] = field(default_factory=_empty)
    since: str | None = None  # day of the journal's first reconcile; None: never reconciled
    # goals' last values, revisions and decisions (core/revisions.py)
    memory: Memory = field(default_factory=Memory)

    @classmethod
    def empty(cls) -> JournalView:
        return cls()

    @classmethod
    def from_tasks(
        cls,
        tasks: Iterable[SeenTask],
        *,
        snapshots: Mapping[str, tuple[tuple[str, float], ...]] | None = None,
        achievements: Mapping[str, AchievementRecord] | None = None,
        since: str | None = None,
    ) -> JournalView:
        rows = {t.identity: t for t in tasks}
        return cls(
            first_done=MappingProxyType(
                {i: t.first_done for i, t in rows.items() if t.first_done is not None}
            ),
            first_seen=MappingProxyType({i: t.first_seen for i, t in rows.items()}),
            snapshots=MappingProxyType(dict(snapshots or {})),
            achievements=MappingProxyType(dict(achievements or {})),
            tasks=MappingProxyType(rows),
            since=since,
        )

    def with_delta(self, delta: JournalDelta) -> JournalView:
        """This view after `delta` was applied: what `Journal.view()` returns after
        `Journal.apply(delta)` (copies the task mappings: O(number of tasks))."""
        if delta.is_empty:
            return self
        tasks = dict(self.tasks)
        first_done = dict(self.first_done)
        first_seen = dict(self.first_seen)
        for ident in delta.purged:
            tasks.pop(ident, None)
            first_done.pop(ident, None)
            first_seen.pop(ident, None)
        for row in delta.rows:
            tasks[row.identity] = row
            first_seen[row.identity] = row.first_seen
            if row.first_done is None:
                first_done.pop(row.identity, None)
            else:
                first_done[row.identity] = row.first_done
        return replace(
            self,
            tasks=MappingProxyType(tasks),
            first_done=MappingProxyType(first_done),
            first_seen=MappingProxyType(first_seen),
            since=self.since if delta.since is None else delta.since,
        )


@dataclass(frozen=True, slots=True)
class JournalDelta:
    """What one run changes in the journal.

    `rows` are the full new rows to store (insert or replace), `purged` the identities to
    delete, `since` the day to record as the journal's start (first run only). The other
    fields say why, for logs and reviews; all tuples are sorted by identity.
    """

    rows: tuple[SeenTask, ...] = ()
    purged: tuple[str, ...] = ()
    since: str | None = None
    new: tuple[str, ...] = ()  # first seen today
    done: tuple[str, ...] = ()  # seen becoming done today (or new and done, after the 1st run)
    undone: tuple[str, ...] = ()  # was done, is not now (first_done kept)
    vanished: tuple[str, ...] = ()  # in the journal, not in the vault any more
    returned: tuple[str, ...] = ()  # had vanished, is back

    @property
    def is_empty(self) -> bool:
        return not (self.rows or self.purged or self.since)


# --------------------------------------------------------------------------------------------
# Reconcile


def _valid_day(value: str | None, today: str) -> str | None:
    """An ISO date not after today, else None."""
    if value is None or not _ISO.match(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value if value <= today else None


def _earliest(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _not_after(day: str | None, today: str, is_done: bool) -> str | None:
    """A stored done date checked against the clock: a date after today (written by a run
    with a wrong clock) becomes today while the task is done (done by today at the latest),
    else it is dropped."""
    if day is None or day <= today:
        return day
    return today if is_done else None


def _clamped(prev: SeenTask, today: str, gone_since: str) -> SeenTask:
    """A vanished row with no date after today, stamped with today."""
    return replace(prev, gone_since=gone_since, first_seen=min(prev.first_seen, today),
                   first_done=_not_after(prev.first_done, today, prev.status_type == "DONE"),
                   recorded_on=today)


def reconcile(
    view: JournalView,
    current: Iterable[TaskObs],
    today: str,
    *,
    keep_days: int = KEEP_DAYS,
    scope: Collection[str] | None = None,
) -> JournalDelta:
    """What the journal must learn from observing `current` on `today` (ISO date).

    Idempotent: `reconcile(view.with_delta(d), current, today)` is empty when
    `d = reconcile(view, current, today)`. See the module doc for the rules.

    `scope`: when given, `current` holds only the observations that may differ from the
    previous pass (see `core.observer.Observer`), and only identities in `scope` can have vanished;
    nothing is purged (a full pass does that).
    """
    today_d = date.fromisoformat(today)
    baseline = view.since is None
    rows: list[SeenTask] = []
    new: list[str] = []
    done: list[str] = []
    undone: list[str] = []
    vanished: list[str] = []
    returned: list[str] = []
    present: set[str] = set()

    for obs in current:
        if obs.identity in present:  # the caller observed the same identity twice
            continue
        present.add(obs.identity)
        prev = view.tasks.get(obs.identity)
        is_done = obs.status_type == "DONE"
        checkmark = _valid_day(obs.done_date, today) if is_done else None
        if prev is None:
            first_seen = min(view.first_seen.get(obs.identity, today), today)
            first_done = _not_after(view.first_done.get(obs.identity), today, is_done)
            became_done = is_done and not baseline
            new.append(obs.identity)
        else:
            first_seen = prev.first_seen
            first_done = prev.first_done
            if first_seen > today or (first_done is not None and first_done > today):
                first_seen = min(first_seen, today)  # a run with a wrong clock wrote them
                first_done = _not_after(first_done, today, is_done)
            was_done = prev.status_type == "DONE"
            became_done = is_done and not was_done
            if was_done and not is_done:
                undone.append(obs.identity)
            if prev.gone_since is not None:
                returned.append(obs.identity)
        if became_done:
            done.append(obs.identity)
            first_done = _earliest(first_done, checkmark or today)
        elif checkmark is not None:
            first_done = _earliest(first_done, checkmark)
        row = SeenTask(
            identity=obs.identity,
            path=obs.path,
            line=obs.line,
            text=obs.text,
            status_type=obs.status_type,
            done_date=obs.done_date,
            first_seen=first_seen,
            first_done=first_done,
            gone_since=None,
            recorded_on=None if prev is None else prev.recorded_on,
        )
        if row != prev:
            rows.append(replace(row, recorded_on=today))

    purged: list[str] = []
    candidates: Iterable[tuple[str, SeenTask]] = (
        view.tasks.items() if scope is None
        else ((i, view.tasks[i]) for i in sorted(scope) if i in view.tasks)
    )
    for ident, prev in candidates:
        if ident in present:
            continue
        if prev.gone_since is None:
            vanished.append(ident)
            rows.append(_clamped(prev, today, gone_since=today))
        elif prev.gone_since > today or prev.first_seen > today or (
                prev.first_done is not None and prev.first_done > today):
            rows.append(_clamped(prev, today, gone_since=min(prev.gone_since, today)))
        elif scope is None and (today_d - date.fromisoformat(prev.gone_since)).days > keep_days:
            purged.append(ident)

    return JournalDelta(
        rows=tuple(sorted(rows, key=lambda r: r.identity)),
        purged=tuple(sorted(purged)),
        since=today if baseline else None,
        new=tuple(sorted(new)),
        done=tuple(sorted(done)),
        undone=tuple(sorted(undone)),
        vanished=tuple(sorted(vanished)),
        returned=tuple(sorted(returned)),
    )


# --------------------------------------------------------------------------------------------
# Queries the review needs


def done_between(
    view: JournalView, start: str, end: str, *, include_undone: bool = False
) -> list[tuple[str, str]]:
    """`(identity, first_done)` for tasks first done within [start, end] (inclusive ISO
    dates), sorted by date then identity.

    Without `include_undone`, only tasks whose last observed status is DONE (vanished ones
    included: their last known state counts). Uses `view.first_done` for identities not in
    `view.tasks` (hand-built views).
    """
    out: list[tuple[str, str]] = []
    for ident, day in view.first_done.items():
        if not start <= day <= end:
            continue
        row = view.tasks.get(ident)
        if not include_undone and row is not None and row.status_type != "DONE":
            continue
        out.append((ident, day))
    out.sort(key=lambda p: (p[1], p[0]))
    return out
