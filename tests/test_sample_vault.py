"""`vaultgoals status` and `tasks` on sample_vault/, against its answer key.

The answer key was written when the vault was designed (states and leaf-task counts per
goal on 2026-11-20), independently of the code; see sample_vault/Start here.md.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import SAMPLE, cli, cli_json

TODAY = "2026-11-20"


def _flatten(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    stack = list(nodes)
    while stack:
        n = stack.pop()
        out[n["title"]] = n
        stack.extend(n["children"])
    return out


@pytest.fixture(scope="module")
def status() -> dict[str, Any]:
    data: dict[str, Any] = cli_json("status", str(SAMPLE), "--today", TODAY, "--json")
    return data


@pytest.fixture(scope="module")
def nodes(status: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return _flatten(status["goals"])


@pytest.mark.parametrize(
    ("title", "state", "done", "total"),
    [
        ("Become a data scientist", "active", 22, 28),
        ("Launch a personal project", "overdue", 7, 12),
        ("Project manager path", "active", 14, 24),
        ("Pass the CAPM exam", "active", 4, 8),
        ("Lead a cross-team project", "active", 2, 4),
        ("Shadow a project manager", "done", 5, 5),
        ("Write a team charter for the churn project", "blocked", 1, 3),
        ("Read 12 career books", "done", 6, 6),
        ("Publish a technical blog", "stuck", 4, 4),
        ("Learn Spanish for conferences", "paused", 2, 4),
        ("Networking", "met", 8, 9),
        ("Meetups", "behind", 2, 3),
        # the goals written in other styles (Start here.md lists them)
        ("Get a data science job offer, internal or outside", "active", 1, 3),  # goal_lists
        ("Get onto the analytics-engineering rotation", "done", 1, 1),  # ~~struck~~
        ("Make the weekly revenue report self-serve", "active", 1, 3),  # okrs
        ("Kaggle competition", "active", 2, 6),  # inline_fields, steps_heading
        ("Run a 10k", "active", 1, 3),  # body_tags
        ("Stretch for 10 minutes", "met", 5, 6),  # habits: 6 later ticks
    ],
)
def test_states_and_leaf_counts(nodes: dict[str, dict[str, Any]], title: str, state: str,
                                done: int, total: int) -> None:
    node = nodes[title]
    assert node["state"] == state
    assert (node["done_tasks"], node["total_tasks"]) == (done, total)


def test_rollups_and_explanations(nodes: dict[str, dict[str, Any]]) -> None:
    data = nodes["Become a data scientist"]
    assert data["progress"] == pytest.approx(22 / 28, abs=1e-4)
    assert data["explain"] == "2 of 5 milestones · 22 of 28 tasks"
    assert data["deadline"] == "2027-03-01"  # "6 months" from start 2026-09-01
    assert nodes["Launch a personal project"]["deadline"] == "2026-11-01"  # "3 months"
    # weighted: (2·50% + 3·50% + 1·100% + 1·33.3% + 1·50% own tasks) / 8
    pm = nodes["Project manager path"]
    assert pm["progress"] == pytest.approx((1 + 1.5 + 1 + 1 / 3 + 0.5) / 8, abs=1e-3)
    assert "weighted mean" in pm["explain"]
    blog = nodes["Publish a technical blog"]
    assert blog["progress"] == pytest.approx(0.1)
    assert blog["explain"].startswith("1 of 10 posts")
    assert blog["measure"] == {"amount": 1, "target": 10.0, "unit": "posts"}
    # a vision is the mean of its goals; commitments and skills stay out of it
    vision = nodes["Work with data, then lead a data team"]
    goals = [c for c in vision["children"] if c["kind"] == "goal"]
    assert len(goals) == 6
    assert vision["progress"] == pytest.approx(sum(g["progress"] for g in goals) / 6, abs=1e-3)
    for node in nodes.values():
        assert 0.0 <= node["progress"] <= 1.0
        assert node["explain"]


def test_commitments(nodes: dict[str, dict[str, Any]]) -> None:
    net = nodes["Networking"]["commitment"]
    assert (net["count"], net["quota"], net["count_mode"]) == (2, 2, "new-links")
    assert net["period"] == "November 2026" and net["streak"] == 3
    meet = nodes["Meetups"]["commitment"]
    assert (meet["count"], meet["streak"]) == (0, 2)


def test_milestone_children(nodes: dict[str, dict[str, Any]]) -> None:
    data = nodes["Become a data scientist"]
    kinds = [c["kind"] for c in data["children"]]
    assert kinds == ["milestone"] * 5
    module3 = next(c for c in data["children"] if c["title"].startswith("Module 3"))
    assert (module3["done_tasks"], module3["total_tasks"]) == (2, 4)
    assert module3["line"] > 1  # a milestone written as a task under ## Milestones


# each style the demo shows, and which recogniser must find it there
STYLES = [
    ("type_property", "Goals/Become a data scientist.md", "goal"),
    ("goal_lists", "Yearly/2026.md", "goal"),
    ("okrs", "OKRs/2026 Q4.md", "goal"),
    ("inline_fields", "Notes/Kaggle competition.md", "goal"),
    ("steps_heading", "Notes/Kaggle competition.md", "milestone"),
    ("body_tags", "Notes/Health.md", "goal"),
    ("habits", "Daily/2026-11-13.md", "commitment"),
]


def test_sample_vault_shows_the_styles_side_by_side() -> None:
    data = cli_json("explain", str(SAMPLE), "--today", TODAY, "--json")
    found = {(g["found_by"], n["path"], g["kind"]) for g in data["groups"] for n in g["nodes"]}
    for style in STYLES:
        assert style in found, style
    assert {"path": "Templates/Goal.md", "why": "template"} in data["skipped"]
    assert not any(n["path"].startswith("Templates/") for g in data["groups"]
                   for n in g["nodes"])
    assert data["near_misses"] == []


def test_status_is_deterministic_and_clean(status: dict[str, Any]) -> None:
    assert status["schema"] == "vaultgoals.status/1"
    assert status["warnings"] == []
    again = cli_json("status", str(SAMPLE), "--today", TODAY, "--json")
    assert again == status


def test_status_tree_shows_every_goal() -> None:
    proc = cli("status", str(SAMPLE), "--today", TODAY, check=True)
    for title in ("Become a data scientist", "Write a team charter", "Networking",
                  "Pass the CAPM exam"):
        assert title in proc.stdout
    for marker in ("overdue", "blocked", "stuck", "paused", "done", "met", "behind"):
        assert marker in proc.stdout
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def tasks() -> list[dict[str, Any]]:
    import json

    proc = cli("tasks", str(SAMPLE), "--json", "--today", TODAY, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_tasks_json_shape_and_order(tasks: list[dict[str, Any]]) -> None:
    assert len(tasks) == 153  # (#17: a feedback request in Daily/2026-11-17)
    keys = {"path", "line", "status", "status_type", "description", "parent_line", "due",
            "scheduled", "start", "created", "done", "cancelled", "priority", "recurrence",
            "id", "depends_on", "tags", "links", "goal"}
    for t in tasks:
        assert keys <= set(t)
        assert "\\" not in t["path"] and not t["path"].startswith("/")
    order = [(t["path"], t["line"]) for t in tasks]
    assert order == sorted(order)


def _goal_of(tasks: list[dict[str, Any]], needle: str) -> str | None:
    hits = [t for t in tasks if needle in t["description"]]
    assert len(hits) == 1, (needle, hits)
    return hits[0]["goal_title"]  # type: ignore[no-any-return]


def test_membership_rules(tasks: list[dict[str, Any]]) -> None:
    paths = {t["path"] for t in tasks}
    assert not any("not a task" in t["description"] for t in tasks)  # fenced code
    assert "Daily/2026-10-25.md" in paths  # the task inside a callout
    by_path = [t for t in tasks if t["path"] == "Daily/2026-10-14.md" and t["goal"]]
    assert {t["goal_title"] for t in by_path} >= {"Publish a technical blog"}  # goal:: wins
    assert any(t["goal_title"] == "Become a data scientist" and "#goal/data/sql" in t["tags"]
               for t in tasks)  # a sub-tag of the goal's tag
    shadow = [t for t in tasks if t["path"] == "Daily/2026-10-08.md" and t["goal"]]
    assert any(t["goal_title"] == "Shadow a project manager" for t in shadow)
    for t in tasks:
        if t["status"] == "x" and t["done"] is None and t["path"].startswith("Daily/"):
            assert t["completed_on"] == t["path"][6:16]  # the daily note's date


def test_status_task_counts_agree_with_the_task_list(
    status: dict[str, Any], tasks: list[dict[str, Any]]
) -> None:
    types = [t["status_type"] for t in tasks]
    assert status["tasks"] == {
        "total": len(tasks),
        "open": types.count("TODO") + types.count("IN_PROGRESS"),
        "done": types.count("DONE"),
        "counted_toward_goals": sum(1 for t in tasks if t["goal"] is not None),
    }
    assert status["tasks"]["counted_toward_goals"] > 0
