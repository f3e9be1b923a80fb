"""The goal map (core/render/goalmap), in process: graphs in, canvases and Mermaid out.

Every canvas drawn here is checked against JSON Canvas 1.0 (`canvas_problems`: ids unique,
required fields, edge ends that exist, colours a preset or hex); the merge specs play the
user: they drag, resize and recolour cards, add their own, delete ours, rename a note."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import graph_of
from vaultgoals.core.config import Config, ConfigError, parse_config
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.insights import build_review, week_of
from vaultgoals.core.render.checklist import checklist_items
from vaultgoals.core.render.goalmap import (
    CanvasError,
    Memory,
    behind_of,
    behind_pace,
    canvas_problems,
    dump_canvas,
    fresh_canvas,
    goal_map,
    goal_map_mermaid,
    merge,
    parse_canvas,
)

TODAY = date(2026, 11, 20)

VISION = "---\ntype: vision\n---\n# Vision\n"
SKILL = "---\ntype: skill\n---\n"


def goal(parent: str = "Vision", extra: str = "", body: str = "- [ ] next step\n") -> str:
    return f'---\ntype: goal\nparent: "[[{parent}]]"\n{extra}---\n{body}'


def small_vault() -> dict[str, str]:
    return {
        "Vision.md": VISION,
        "Skills/SQL.md": SKILL,
        "Goals/Data.md": goal(extra='skills: ["[[SQL]]"]\n', body=(
            "## Milestones\n- [x] Module 1 ✅ 2026-10-01\n- [ ] Module 2 ^mod-two\n")),
        "Goals/Late.md": goal(extra="deadline: 2026-11-01\n"),
        "Goals/Stuck.md": goal(body="No step written yet.\n"),
        "Goals/Done.md": goal(extra="status: done\n"),
        "Goals/Gone.md": goal(extra="status: dropped\n"),
        "Goals/Behind.md": goal(extra="deadline: 2027-01-01\n"),
    }


def canvas_of(graph: Graph, behind: frozenset[str] = frozenset(),
              existing: dict[str, Any] | None = None, memory: Memory | None = None
              ) -> tuple[dict[str, Any], Memory]:
    merged = merge(existing, fresh_canvas(goal_map(graph, behind)), memory or Memory())
    text = dump_canvas(merged.canvas)
    canvas = parse_canvas(text)
    assert canvas_problems(canvas) == []
    return canvas, merged.memory


def by_file(canvas: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["file"]: n for n in canvas["nodes"] if n["type"] == "file"}


def overlaps(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    cards = sorted((n for n in nodes if n["type"] != "group"), key=lambda n: n["x"])
    out = []
    for i, a in enumerate(cards):  # (sweep by x: only cards that start before a ends)
        for b in cards[i + 1:]:
            if b["x"] >= a["x"] + a["width"]:
                break
            if b["y"] < a["y"] + a["height"] and a["y"] < b["y"] + b["height"]:
                out.append((a["id"], b["id"]))
    return out


# --- the spec check itself ---------------------------------------------------------------

def test_canvas_problems_finds_each_breach_of_the_spec() -> None:
    ok = {"id": "a", "type": "text", "text": "hi", "x": 0, "y": 0, "width": 10, "height": 10}
    assert canvas_problems({"nodes": [ok], "edges": []}) == []
    assert canvas_problems({}) == []  # (both arrays are optional)
    cases = [
        ({"nodes": [ok, dict(ok)]}, "used more than once"),
        ({"nodes": [{**ok, "x": 1.5}]}, "x is not an integer"),
        ({"nodes": [{k: v for k, v in ok.items() if k != "text"}]}, "needs a string 'text'"),
        ({"nodes": [{**ok, "type": "file", "text": None}]}, "needs a string 'file'"),
        ({"nodes": [{**ok, "type": "box"}]}, "is none of"),
        ({"nodes": [{**ok, "color": "red"}]}, "neither a preset nor a hex"),
        ({"nodes": [{**ok, "color": "7"}]}, "neither a preset nor a hex"),
        ({"nodes": [ok], "edges": [{"id": "e", "fromNode": "a", "toNode": "b"}]},
         "toNode 'b' is no node"),
        ({"nodes": [ok], "edges": [{"id": "e", "fromNode": "a", "toNode": "a",
                                    "fromSide": "middle"}]}, "fromSide"),
        ({"nodes": [ok], "edges": [{"id": "a", "fromNode": "a", "toNode": "a"}]},
         "used more than once"),
    ]
    for canvas, message in cases:
        found = canvas_problems(canvas)
        assert any(message in p for p in found), (canvas, found)
    assert canvas_problems({"nodes": [{**ok, "color": "#A1b2C3"}]}) == []


def test_a_file_that_is_not_a_canvas_is_refused_with_its_line() -> None:
    with pytest.raises(CanvasError) as exc:
        parse_canvas('{\n\t"nodes":[\n\t\t{"id":"a",}\n\t]\n}')
    assert exc.value.line == 3 and "not valid JSON" in str(exc.value)
    for text, says in (("[]", "not a JSON object"), ('{"nodes": {}}', "'nodes' is not a list"),
                       ('{"edges": [{"from": 1}]}', "edges[0] has no string 'id'")):
        with pytest.raises(CanvasError, match=re.escape(says)):
            parse_canvas(text)


# --- what the map shows --------------------------------------------------------------------

def test_the_map_shows_the_tree_its_notes_lines_skills_and_states() -> None:
    graph = graph_of(small_vault(), TODAY)
    behind = frozenset({"Goals/Behind.md"})
    canvas, _ = canvas_of(graph, behind)
    files = by_file(canvas)
    assert "Goals/Gone.md" not in files  # dropped goals are not on the map
    vision, data, sql = files["Vision.md"], files["Goals/Data.md"], files["Skills/SQL.md"]
    texts = {n["text"].split("\n")[0]: n for n in canvas["nodes"]
             if n["type"] == "text" and not n["id"].startswith("vg-legend")}
    # a line with a block id links the block; one without, the note
    assert texts["Module 2"]["text"] == "Module 2\n\n[[Goals/Data#^mod-two|Data]]"
    assert texts["Module 1"]["text"] == "Module 1\n\n[[Goals/Data|Data]]"
    # layered: vision above goals above milestones; the skill beside its goal
    assert vision["y"] + vision["height"] <= data["y"]
    assert data["y"] + data["height"] <= texts["Module 1"]["y"]
    assert sql["x"] >= data["x"] + data["width"] and sql["y"] == data["y"]
    # colours: the roll-up's states, "behind pace" from the review's verdicts
    colour = {path: node.get("color") for path, node in files.items()}
    assert colour["Goals/Done.md"] == "4" and colour["Goals/Late.md"] == "1"
    assert colour["Goals/Stuck.md"] == "2" and colour["Goals/Behind.md"] == "3"
    assert colour["Goals/Data.md"] == "5" and colour["Skills/SQL.md"] is None
    assert texts["Module 1"]["color"] == "4"
    # lines: parent to child, goal to skill labelled "needs"
    ends = {(e["fromNode"], e["toNode"]): e for e in canvas["edges"]}
    assert (vision["id"], data["id"]) in ends and (data["id"], texts["Module 2"]["id"]) in ends
    assert ends[(data["id"], sql["id"])]["label"] == "needs"
    # the legend: a group holding one card per colour state
    legend = next(n for n in canvas["nodes"] if n["id"] == "vg-legend")
    assert legend["type"] == "group" and canvas["nodes"][0] is legend
    inside = [n for n in canvas["nodes"] if n["id"].startswith("vg-legend-")]
    assert len(inside) == 7 and {n.get("color") for n in inside} == {"1", "2", "3", "4", "5",
                                                                     "6", None}
    assert all(legend["y"] < n["y"] and n["y"] + n["height"] < legend["y"] + legend["height"]
               for n in inside)
    assert overlaps(canvas["nodes"]) == []


def many_goals(n: int) -> dict[str, str]:
    files = {f"Vision {v}.md": VISION for v in range(3)}
    files.update({f"Skills/Skill {s}.md": SKILL for s in range(10)})
    for i in range(n):
        skills = f'skills: ["[[Skill {i % 10}]]"]\n' if i % 7 == 0 else ""
        steps = "".join(f"- [ ] Step {i}.{k}\n" for k in range(i % 4))
        files[f"Goals/Goal {i:03d}.md"] = goal(f"Vision {i % 3}", skills,
                                               f"## Milestones\n{steps}" if steps else "")
    return files


@pytest.mark.parametrize("n", [5, 300])
def test_the_layout_is_tidy_from_5_to_300_goals(n: int) -> None:
    canvas, _ = canvas_of(graph_of(many_goals(n), TODAY))
    cards = [c for c in canvas["nodes"] if c["type"] != "group"]
    assert sum(1 for c in cards if c.get("file", "").startswith("Goals/")) == n
    assert overlaps(canvas["nodes"]) == []
    width = max(c["x"] + c["width"] for c in cards) - min(c["x"] for c in cards)
    height = max(c["y"] + c["height"] for c in cards) - min(c["y"] for c in cards)
    if n == 300:  # wrapped into a field, not a row 100,000 pixels long
        assert width < 4 * height and height < 4 * width, (width, height)
    # every child below its parent card
    pos = {c["id"]: c for c in cards}
    for e in canvas["edges"]:
        if "label" not in e:
            parent, child = pos[e["fromNode"]], pos[e["toNode"]]
            assert child["y"] >= parent["y"] + parent["height"]


def test_same_graph_same_bytes_and_a_rewrite_is_a_fixed_point() -> None:
    files = many_goals(40)
    first = dump_canvas(canvas_of(graph_of(files, TODAY))[0])
    again = dump_canvas(canvas_of(graph_of(dict(reversed(files.items())), TODAY))[0])
    assert first == again
    canvas, memory = canvas_of(graph_of(files, TODAY))
    assert dump_canvas(canvas_of(graph_of(files, TODAY), existing=canvas,
                                 memory=memory)[0]) == first


# --- the canvas is the user's ---------------------------------------------------------------

def test_user_edits_are_kept_and_new_goals_find_free_space() -> None:
    files = small_vault()
    canvas, memory = canvas_of(graph_of(files, TODAY))
    files_now = by_file(canvas)
    data = files_now["Goals/Data.md"]
    # the user drags and resizes a card, recolours another, adds their own card, edge and
    # group (over where the fresh layout would put things), and a key of their own
    data.update(x=5000, y=4000, width=500, height=333)
    files_now["Goals/Late.md"]["color"] = "#123456"
    files_now["Goals/Stuck.md"]["color"] = "6"
    files_now["Goals/Done.md"]["styleAttributes"] = {"shape": "pill"}
    mine = {"id": "a1b2", "type": "text", "text": "My note", "x": 5000, "y": 4400,
            "width": 400, "height": 300}
    group = {"id": "g9", "type": "group", "label": "Mine", "x": 4900, "y": 3900,
             "width": 1200, "height": 1000}
    edge = {"id": "e7", "fromNode": "a1b2", "toNode": data["id"], "color": "2"}
    doomed = {"id": "e8", "fromNode": "a1b2", "toNode": files_now["Goals/Behind.md"]["id"]}
    canvas["nodes"] = [group, *canvas["nodes"], mine]
    canvas["edges"] += [edge, doomed]
    canvas["metadata"] = {"version": "1.0-1.0"}
    before = json.loads(json.dumps(canvas))
    # the vault changes: a goal is added under Data (with a milestone), Behind is deleted
    files["Goals/New.md"] = goal("Data", body="## Milestones\n- [ ] first step\n")
    del files["Goals/Behind.md"]
    after, _ = canvas_of(graph_of(files, TODAY), existing=canvas, memory=memory)
    got = {n["id"]: n for n in after["nodes"]}
    for node in before["nodes"]:
        if node["file" if "file" in node else "id"] == "Goals/Behind.md":
            assert node["id"] not in got  # its goal is gone: its card too
        elif node["id"] in ("a1b2", "g9") or node.get("file") in (
                "Goals/Data.md", "Goals/Late.md", "Goals/Stuck.md", "Goals/Done.md"):
            assert got[node["id"]] == node  # theirs, and their edits on ours: unchanged
    assert edge in after["edges"] and after["metadata"] == {"version": "1.0-1.0"}
    assert doomed not in after["edges"]  # (it would end at no card)
    new = by_file(after)["Goals/New.md"]
    step = next(n for n in after["nodes"] if n.get("text", "").startswith("first step"))
    # near its parent where the user put it (inside the user's group it is in), below it
    assert 4000 + 333 <= new["y"] <= 4000 + 333 + 600 and abs(new["x"] - 5000) < 1500
    assert step["y"] >= new["y"] + new["height"]
    assert overlaps(after["nodes"]) == []


def test_a_card_the_user_deleted_stays_deleted_and_a_state_colour_follows_the_state() -> None:
    files = small_vault()
    canvas, memory = canvas_of(graph_of(files, TODAY))
    late = by_file(canvas)["Goals/Late.md"]
    canvas["nodes"].remove(late)  # (Obsidian removes its edges with it)
    canvas["edges"] = [e for e in canvas["edges"] if late["id"] not in (e["fromNode"],
                                                                       e["toNode"])]
    files["Goals/Stuck.md"] = goal(body="- [ ] a next step\n")  # stuck -> active
    after, memory = canvas_of(graph_of(files, TODAY), existing=canvas, memory=memory)
    assert "Goals/Late.md" not in by_file(after)
    assert by_file(after)["Goals/Stuck.md"]["color"] == "5"
    again, _ = canvas_of(graph_of(files, TODAY), existing=after, memory=memory)
    assert "Goals/Late.md" not in by_file(again)
    # without a canvas (the user deleted the file), the map is drawn whole again
    fresh, _ = canvas_of(graph_of(files, TODAY), existing=None, memory=memory)
    assert "Goals/Late.md" in by_file(fresh)


def test_a_renamed_goal_note_keeps_its_card() -> None:
    files = small_vault()
    canvas, memory = canvas_of(graph_of(files, TODAY))
    card = by_file(canvas)["Goals/Data.md"]
    card.update(x=-3000, y=-3000, file="Goals/Data science.md")  # (Obsidian's rename)
    files["Goals/Data science.md"] = files.pop("Goals/Data.md")
    after, _ = canvas_of(graph_of(files, TODAY), existing=canvas, memory=memory)
    kept = by_file(after)["Goals/Data science.md"]
    assert (kept["id"], kept["x"], kept["y"]) == (card["id"], -3000, -3000)
    assert sum(1 for e in after["edges"] if e["fromNode"] == card["id"]) == 3


# --- Mermaid ----------------------------------------------------------------------------------

def test_the_same_map_as_a_mermaid_flowchart() -> None:
    files = small_vault()
    files["Goals/Odd.md"] = goal(body='# x\n- [ ] step\n')
    files["Goals/Odd.md"] = files["Goals/Odd.md"].replace(
        "type: goal", 'type: goal\ntitle: "Say \\"hi\\" [x] #tag %%c%% `code` <b>"')
    graph = graph_of(files, TODAY)
    text = goal_map_mermaid(graph, frozenset({"Goals/Behind.md"}))
    assert text.startswith("```mermaid\nflowchart TD\n") and text.endswith("\n```")
    assert text == goal_map_mermaid(graph, frozenset({"Goals/Behind.md"}))
    assert checklist_items(text) == []
    body = text.split("\n")[2:-1]
    assert sum(1 for line in body if "-->" in line or "-.->" in line) == len(
        goal_map(graph).lines)
    assert any("-.->|needs|" in line for line in body)
    for state in ("done", "overdue", "stuck", "behind", "active"):
        assert f"classDef {state} " in text and f" {state}" in text
    for bad in ('"hi"', "[x]", "#tag", "%%", "`", "<b>"):
        assert bad not in "\n".join(b.split('"', 1)[-1] for b in body if '"' in b)
    assert goal_map_mermaid(graph_of({"Notes/a.md": "plain\n"}, TODAY)) == ""


def test_behind_pace_is_the_reviews_verdict() -> None:
    """The fallback for a pass whose review is of another week judges pace as the review
    does: the same goals, from the same `pace_of`."""
    files = small_vault()
    files["Goals/Behind.md"] = goal(extra="start: 2026-09-01\ndeadline: 2026-12-01\n", body=(
        "".join(f"- [ ] step {i}\n" for i in range(20)) + "- [x] one ✅ 2026-09-05\n"))
    graph = graph_of(files, TODAY)
    review = build_review(graph, Config(), week_of(TODAY), TODAY)
    assert behind_of(review.pace) == behind_pace(graph, Config(), TODAY, {}) == {
        "Goals/Behind.md"}


@pytest.mark.parametrize("bad", ["../Goals.canvas", "/tmp/Goals.canvas", "Goals.md", ".canvas",
                                 "Maps\\Goals.canvas", ""])
def test_the_canvas_path_must_be_a_canvas_file_in_the_vault(bad: str) -> None:
    with pytest.raises(ConfigError, match=re.escape("'canvas.path'")):
        parse_config(f"canvas:\n  path: {json.dumps(bad)}\n", {})
    config = parse_config("canvas: {path: Maps/Goal map.canvas, enabled: false}\n", {})
    assert (config.canvas_path, config.canvas_enabled) == ("Maps/Goal map.canvas", False)
    assert (Config().canvas_path, Config().canvas_enabled) == ("Goals.canvas", True)


@settings(max_examples=25, deadline=None)
@given(moves=st.lists(st.tuples(st.integers(0, 40), st.integers(-3000, 3000),
                                st.integers(-3000, 3000)), max_size=8),
       added=st.integers(0, 6), removed=st.integers(0, 6), user_cards=st.integers(0, 4))
def test_any_user_edits_and_vault_changes_keep_the_users_and_stay_valid(
        moves: list[tuple[int, int, int]], added: int, removed: int, user_cards: int) -> None:
    """Whatever the user drags and adds, and whatever goals come and go: their cards and
    lines come back unchanged, the canvas stays valid, and no new card overlaps anything."""
    files = many_goals(12)
    canvas, memory = canvas_of(graph_of(files, TODAY))
    ours = [n for n in canvas["nodes"] if n["type"] != "group"]
    for index, dx, dy in moves:  # (a card dragged onto another is the user's business)
        node = ours[index % len(ours)]
        node["x"], node["y"] = node["x"] + dx, node["y"] + dy
    mine = [{"id": f"user{i}", "type": "text", "text": f"mine {i}", "x": 600 * i,
             "y": 700, "width": 300, "height": 200} for i in range(user_cards)]
    canvas["nodes"] += mine
    canvas["edges"] += [{"id": f"ue{i}", "fromNode": m["id"], "toNode": ours[0]["id"]}
                        for i, m in enumerate(mine)]
    before = json.loads(json.dumps(canvas))
    for i in range(added):
        files[f"Goals/New {i}.md"] = goal(f"Goal {i:03d}", body="- [ ] a step\n")
    for i in range(removed):
        files.pop(f"Goals/Goal {11 - i:03d}.md")
    after, _ = canvas_of(graph_of(files, TODAY), existing=canvas, memory=memory)
    got = {n["id"]: n for n in after["nodes"]}
    for node in mine:
        assert got[node["id"]] == node
    kept = {n["id"] for n in before["nodes"]} & set(got)
    for node in before["nodes"]:  # every card of ours still there: where the user left it
        if node["id"] in kept:
            assert (got[node["id"]]["x"], got[node["id"]]["y"]) == (node["x"], node["y"])
    new = [n for n in after["nodes"] if n["id"] not in kept and n["type"] != "group"]
    assert len([n for n in new if n.get("file", "").startswith("Goals/New")]) == added
    others = [n for n in after["nodes"] if n["type"] != "group"]
    for card in new:
        assert all(o is card or not (
            card["x"] < o["x"] + o["width"] and o["x"] < card["x"] + card["width"]
            and card["y"] < o["y"] + o["height"] and o["y"] < card["y"] + card["height"])
            for o in others), card
    assert all(e in after["edges"] for e in before["edges"] if e["id"].startswith("ue"))


def test_a_canvas_is_written_as_obsidian_writes_one_keys_in_their_order() -> None:
    text = dump_canvas({"metadata": {"version": "1.0-1.0"}, "nodes": [
        {"id": "a", "type": "text", "text": "é\n\"q\"", "x": 0, "y": 0, "width": 1,
         "height": 1}]})
    assert text == ('{\n\t"metadata":{"version":"1.0-1.0"},\n\t"nodes":[\n\t\t{"id":"a",'
                    '"type":"text","text":"é\\n\\"q\\"","x":0,"y":0,"width":1,"height":1}\n'
                    '\t],\n\t"edges":[]\n}')
    assert parse_canvas(text)["nodes"][0]["text"] == 'é\n"q"'
