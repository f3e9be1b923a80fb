"""Task identity and the pure reconcile step of the journal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import task
from vaultgoals.core.identity import (
    KEEP_DAYS,
    JournalDelta,
    JournalView,
    SeenTask,
    TaskObs,
    assign_identities,
    done_between,
    normalise_text,
    observe_notes,
    reconcile,
    status_type_of,
)
from vaultgoals.core.model import NoteDoc, Task


def ident(path: str, t: Task, *others: tuple[str, Task]) -> str:
    """The identity `t` gets when observed together with `others`."""
    for obs in assign_identities([(path, t), *others]):
        if obs.path == path and obs.line == t.line:
            return obs.identity
    raise AssertionError("not observed")


def run(view: JournalView, tasks: list[tuple[str, Task]], today: str) -> JournalView:
    return view.with_delta(reconcile(view, assign_identities(tasks), today))


# --------------------------------------------------------------------------------------------
# normalise_text / assign_identities


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Write the about page", "  write   THE about\tpage "),
        ("Write the about page", "Write the about page ✅ 2026-11-20"),
        ("Write the about page", "Write the about page ❌ 2026-11-20"),
        ("Write the about page", "Write the about page [completion:: 2026-11-20]"),
        ("Write the about page", "Write the about page (cancelled:: 2026-11-20)"),
        ("Write the about page", "Write the about page ^abc-123"),
        ("Write the about page", "Write the about page ✅ 2026-11-20 ^abc123"),
        ("Café", "Cafe\u0301"),  # NFC
        ("Straße", "STRASSE"),  # casefold
    ],
)
def test_normalise_text_ignores_noise(a: str, b: str) -> None:
    assert normalise_text(a) == normalise_text(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Write the about page", "Write the contact page"),
        ("Pay ^rent now", "Pay now"),  # only a trailing ^id is a block id
        ("Read #book", "Read"),
    ],
)
def test_normalise_text_keeps_words(a: str, b: str) -> None:
    assert normalise_text(a) != normalise_text(b)


def test_identity_survives_moving_to_another_line() -> None:
    before = ident("Goals/A.md", task(5, "Write the about page"))
    after = ident("Goals/A.md", task(42, "Write the about page"))
    assert before == after


def test_identity_survives_moving_to_another_note() -> None:
    before = ident("Goals/A.md", task(5, "Write the about page"))
    after = ident("Daily/2026-11-20.md", task(1, "Write the about page"))
    assert before == after


def test_checking_a_box_keeps_identity() -> None:
    open_ = assign_identities([("a.md", task(3, "Ship it"))])[0]
    checked = assign_identities(
        [("a.md", task(3, "Ship it ✅ 2026-11-20", status="x", done="2026-11-20"))]
    )[0]
    assert open_.identity == checked.identity
    assert (open_.status_type, checked.status_type) == ("TODO", "DONE")
    assert checked.done_date == "2026-11-20"


def test_editing_the_text_makes_a_new_task() -> None:
    assert ident("a.md", task(1, "Write the about page")) != ident(
        "a.md", task(1, "Write the about page properly")
    )


def test_duplicate_texts_are_distinct_and_ordered_by_vault_position() -> None:
    pairs = [
        ("b.md", task(1, "Call mom")),
        ("a.md", task(9, "Call mom")),
        ("a.md", task(2, "call  MOM")),
    ]
    obs = assign_identities(pairs)
    assert [(o.path, o.line) for o in obs] == [("a.md", 2), ("a.md", 9), ("b.md", 1)]
    ids = [o.identity for o in obs]
    assert len(set(ids)) == 3
    assert [i.rsplit("-", 1)[1] for i in ids] == ["0", "1", "2"]
    assert len({i.rsplit("-", 1)[0] for i in ids}) == 1
    assert assign_identities(reversed(pairs)) == obs  # input order does not matter


def test_status_types() -> None:
    assert [status_type_of(c) for c in " xX/-?"] == [
        "TODO",
        "DONE",
        "DONE",
        "IN_PROGRESS",
        "CANCELLED",
        "TODO",
    ]
    custom = {">": "NON_TASK", " ": "TODO"}
    assert assign_identities([("a.md", task(1, "x", ">"))], custom)[0].status_type == "NON_TASK"


def test_observe_notes() -> None:
    docs = [
        NoteDoc(path="b.md", tasks=(task(1, "B"),)),
        NoteDoc(path="a.md", tasks=(task(4, "A2"), task(2, "A1"))),
    ]
    assert [o.text for o in observe_notes(docs)] == ["A1", "A2", "B"]


# --------------------------------------------------------------------------------------------
# reconcile

DAY1, DAY2, DAY3, DAY4 = "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"


def started(day: str = "2026-11-01") -> JournalView:
    """A journal that has run before (so new tasks are not the first run's baseline)."""
    return JournalView(since=day)


def test_new_tasks_are_first_seen_today() -> None:
    t = ("a.md", task(1, "Write"))
    delta = reconcile(started(), assign_identities([t]), DAY1)
    (row,) = delta.rows
    assert delta.new == (row.identity,)
    assert (row.first_seen, row.first_done, row.gone_since) == (DAY1, None, None)
    assert delta.since is None


def test_first_run_records_no_done_date_it_cannot_know() -> None:
    view = JournalView.empty()
    tasks = [
        ("a.md", task(1, "Old and checked", "x")),
        ("a.md", task(2, "Old with date", "x", done="2026-03-04")),
    ]
    delta = reconcile(view, assign_identities(tasks), DAY1)
    assert delta.since == DAY1
    assert delta.done == ()
    after = view.with_delta(delta)
    assert sorted(after.first_done.values()) == ["2026-03-04"]
    assert after.since == DAY1


def test_checkmark_date_wins_over_first_seen() -> None:
    t = ("a.md", task(1, "Ship", "x", done="2026-11-02"))
    after = run(started(), [t], DAY3)
    (obs,) = assign_identities([t])
    assert after.first_seen[obs.identity] == DAY3
    assert after.first_done[obs.identity] == "2026-11-02"


def test_new_and_checked_after_the_first_run_is_done_today() -> None:
    t = ("Daily/x.md", task(1, "Called the bank", "x"))
    delta = reconcile(started(), assign_identities([t]), DAY2)
    assert delta.done == delta.new
    assert delta.rows[0].first_done == DAY2


def test_becoming_done_without_a_date_is_done_today() -> None:
    view = run(started(), [("a.md", task(1, "Ship"))], DAY1)
    delta = reconcile(view, assign_identities([("a.md", task(1, "Ship", "x"))]), DAY2)
    assert len(delta.done) == 1
    assert delta.rows[0].first_done == DAY2


def test_becoming_done_with_a_date_records_the_date() -> None:
    view = run(started(), [("a.md", task(1, "Ship"))], DAY1)
    checked = [("a.md", task(1, "Ship", "x", done="2026-11-15"))]
    after = run(view, checked, DAY3)
    assert list(after.first_done.values()) == ["2026-11-15"]


def test_toggling_done_todo_done_keeps_the_first_done_date() -> None:
    view = run(started(), [("a.md", task(1, "Ship"))], DAY1)
    view = run(view, [("a.md", task(1, "Ship", "x", done=DAY2))], DAY2)
    delta = reconcile(view, assign_identities([("a.md", task(1, "Ship"))]), DAY3)
    assert len(delta.undone) == 1
    view = view.with_delta(delta)
    assert list(view.first_done.values()) == [DAY2]  # history kept while undone
    view = run(view, [("a.md", task(1, "Ship", "x", done=DAY4))], DAY4)
    assert list(view.first_done.values()) == [DAY2]
    (row,) = view.tasks.values()
    assert (row.status_type, row.done_date) == ("DONE", DAY4)


def test_toggle_without_dates_keeps_the_first_done_day() -> None:
    view = run(started(), [("a.md", task(1, "Ship"))], DAY1)
    view = run(view, [("a.md", task(1, "Ship", "x"))], DAY2)
    view = run(view, [("a.md", task(1, "Ship"))], DAY3)
    view = run(view, [("a.md", task(1, "Ship", "x"))], DAY4)
    assert list(view.first_done.values()) == [DAY2]


def test_an_earlier_checkmark_added_later_wins() -> None:
    view = run(started(), [("a.md", task(1, "Ship", "x"))], DAY3)
    assert list(view.first_done.values()) == [DAY3]
    view = run(view, [("a.md", task(1, "Ship", "x", done=DAY1))], DAY4)
    assert list(view.first_done.values()) == [DAY1]


def test_a_checkmark_in_the_future_is_ignored() -> None:
    view = run(started(), [("a.md", task(1, "Ship"))], DAY1)
    view = run(view, [("a.md", task(1, "Ship", "x", done="2027-01-01"))], DAY2)
    assert list(view.first_done.values()) == [DAY2]


def test_cancelled_is_not_done() -> None:
    view = run(started(), [("a.md", task(1, "Ship"))], DAY1)
    delta = reconcile(view, assign_identities([("a.md", task(1, "Ship", "-"))]), DAY2)
    assert delta.done == ()
    assert delta.rows[0].status_type == "CANCELLED"


def test_vanished_tasks_are_kept_then_purged() -> None:
    t = ("a.md", task(1, "Ship", "x", done=DAY1))
    view = run(started(), [t], DAY1)
    delta = reconcile(view, [], DAY2)
    assert len(delta.vanished) == 1
    view = view.with_delta(delta)
    (row,) = view.tasks.values()
    assert row.gone_since == DAY2
    later = (date.fromisoformat(DAY2) + timedelta(days=KEEP_DAYS)).isoformat()
    assert reconcile(view, [], later).is_empty
    much_later = (date.fromisoformat(DAY2) + timedelta(days=KEEP_DAYS + 1)).isoformat()
    delta = reconcile(view, [], much_later)
    assert delta.purged == (row.identity,)
    assert view.with_delta(delta).tasks == {}
    assert view.with_delta(delta).first_done == {}


def test_a_note_moved_while_not_running_keeps_history() -> None:
    view = run(started(), [("Inbox/Plan.md", task(3, "Ship", "x"))], DAY1)
    view = view.with_delta(reconcile(view, [], DAY2))  # note gone (moved away)
    delta = reconcile(view, assign_identities([("Projects/Plan.md", task(3, "Ship", "x"))]), DAY4)
    assert len(delta.returned) == 1
    assert delta.new == () and delta.done == ()
    (row,) = delta.rows
    assert (row.path, row.first_done, row.first_seen, row.gone_since) == (
        "Projects/Plan.md",
        DAY1,
        DAY1,
        None,
    )


def test_location_changes_are_recorded() -> None:
    view = run(started(), [("a.md", task(1, "Ship"))], DAY1)
    delta = reconcile(view, assign_identities([("a.md", task(7, "Ship"))]), DAY1)
    assert [r.line for r in delta.rows] == [7]
    assert delta.new == delta.done == delta.vanished == ()


def test_hand_built_view_history_is_honoured() -> None:
    (obs,) = assign_identities([("a.md", task(1, "Ship", "x"))])
    view = JournalView(
        first_done={obs.identity: "2026-10-01"},
        first_seen={obs.identity: "2026-09-01"},
        since="2026-09-01",
    )
    (row,) = reconcile(view, [obs], DAY1).rows
    assert (row.first_seen, row.first_done) == ("2026-09-01", "2026-10-01")


def test_done_between() -> None:
    rows = [
        SeenTask("a", "x.md", 1, "A", "DONE", None, DAY1, DAY1),
        SeenTask("b", "x.md", 2, "B", "DONE", None, DAY1, DAY3),
        SeenTask("c", "x.md", 3, "C", "TODO", None, DAY1, DAY2),  # undone since
        SeenTask("d", "x.md", 4, "D", "DONE", None, DAY1, "2026-12-01", gone_since=DAY4),
        SeenTask("e", "x.md", 5, "E", "DONE", None, DAY1, DAY2, gone_since=DAY4),
        SeenTask("f", "x.md", 6, "F", "TODO", None, DAY1, None),
    ]
    view = JournalView.from_tasks(rows)
    assert done_between(view, DAY1, DAY3) == [("a", DAY1), ("e", DAY2), ("b", DAY3)]
    assert done_between(view, DAY2, DAY2, include_undone=True) == [("c", DAY2), ("e", DAY2)]
    assert done_between(JournalView(first_done={"z": DAY2}), DAY1, DAY2) == [("z", DAY2)]


def test_with_empty_delta_is_the_same_view() -> None:
    view = started()
    assert view.with_delta(JournalDelta()) is view


# --------------------------------------------------------------------------------------------
# Properties

TEXTS = ["Ship", "ship ", "Call mom", "Write ✅ 2026-11-01", "Read"]
DAYS = [f"2026-11-{d:02d}" for d in range(1, 29)]

task_st = st.builds(
    lambda path, line, text, status, done: (path, task(line, text, status, done)),
    st.sampled_from(["a.md", "b.md", "Daily/2026-11-03.md"]),
    st.integers(min_value=1, max_value=30),
    st.sampled_from(TEXTS),
    st.sampled_from([" ", "x", "/", "-", "?"]),
    st.none() | st.sampled_from([*DAYS, "2027-05-05", "garbage"]),
)


def _unique_lines(tasks: list[tuple[str, Task]]) -> list[tuple[str, Task]]:
    seen: dict[tuple[str, int], tuple[str, Task]] = {}
    for path, t in tasks:
        seen.setdefault((path, t.line), (path, t))
    return list(seen.values())


observation_st = st.lists(task_st, max_size=12).map(_unique_lines)


@settings(max_examples=300, deadline=None)
@given(
    history=st.lists(st.tuples(observation_st, st.sampled_from(DAYS)), max_size=4),
    current=observation_st,
    today=st.sampled_from(DAYS),
    fresh=st.booleans(),
)
def test_reconcile_is_idempotent(
    history: list[tuple[list[tuple[str, Task]], str]],
    current: list[tuple[str, Task]],
    today: str,
    fresh: bool,
) -> None:
    view = JournalView.empty() if fresh else started()
    for tasks, day in sorted(history, key=lambda h: h[1]):
        view = run(view, tasks, day)
    obs = assign_identities(current)
    first = reconcile(view, obs, today)
    after = view.with_delta(first)
    assert reconcile(after, obs, today).is_empty
    # every observed task is in the journal afterwards, as observed
    for o in obs:
        row = after.tasks[o.identity]
        assert (row.path, row.line, row.status_type, row.gone_since) == (
            o.path,
            o.line,
            o.status_type,
            None,
        )


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(observation_st, min_size=1, max_size=6))
def test_first_done_only_moves_earlier(steps: list[list[tuple[str, Task]]]) -> None:
    view = started("2026-10-31")
    known: dict[str, str] = {}
    for day, tasks in zip(DAYS, steps, strict=False):
        view = run(view, tasks, day)
        for identity, first in known.items():
            if identity in view.tasks:  # nothing is purged within 28 days
                assert view.first_done[identity] <= first
        known.update(view.first_done)
        assert all(v <= day for v in view.first_done.values())


def test_taskobs_is_done() -> None:
    assert TaskObs("i", "a.md", 1, "DONE", None, "x").is_done
    assert not TaskObs("i", "a.md", 1, "CANCELLED", None, "x").is_done
