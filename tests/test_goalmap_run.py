"""`Goals.canvas` on real vaults: `run` writes it, the next run keeps what the user did to it,
a file that is not a canvas is left alone, and a pass whose map did not change does not
touch it (app/goalmap.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import cli, edit, run_job
from vaultgoals.app.jobs import Job
from vaultgoals.core.render.goalmap import canvas_problems, parse_canvas
from vaultgoals.store.settings import load_config

TODAY = "2026-11-20"
Make = Callable[[dict[str, str | bytes]], Path]

VAULT: dict[str, str | bytes] = {
    "Vision.md": "---\ntype: vision\n---\n# Vision\n",
    "Goals/Run.md": '---\ntype: goal\nparent: "[[Vision]]"\n---\n## Milestones\n'
                    "- [ ] Run 5 km\n- [ ] Run 10 km\n",
    "Goals/Read.md": '---\ntype: goal\nparent: "[[Vision]]"\n---\n- [ ] read a book\n',
    "Goals/Old.md": '---\ntype: goal\nparent: "[[Vision]]"\n---\n- [ ] old step\n',
}


def canvas(root: Path, rel: str = "Goals.canvas") -> dict[str, Any]:
    data = parse_canvas((root / rel).read_text(encoding="utf-8"))
    assert canvas_problems(data) == []
    return data


def written(outcome: Any) -> list[str]:
    return [r.path for r in outcome.written]


def test_run_writes_the_goal_map_once_and_keeps_the_users_edits(vault: Make) -> None:
    root = vault(dict(VAULT))
    out, _ = run_job(root, TODAY)
    assert "Goals.canvas" in written(out)
    assert "Goals.canvas" not in written(run_job(root, TODAY)[0])  # nothing changed
    # the user, in Obsidian: drags a card, recolours one, adds a card and a line of theirs
    data = canvas(root)
    cards = {n.get("file"): n for n in data["nodes"]}
    cards["Goals/Run.md"].update(x=-2000, y=900)
    cards["Goals/Read.md"]["color"] = "#ff00ff"
    mine = {"id": "3f2a9c", "type": "text", "text": "Ask Sam about a coach", "x": -2000,
            "y": 1200, "width": 300, "height": 120}
    data["nodes"].append(mine)
    data["edges"].append({"id": "77aa", "fromNode": "3f2a9c",
                          "toNode": cards["Goals/Run.md"]["id"]})
    (root / "Goals.canvas").write_text(json.dumps(data, indent="\t"), encoding="utf-8")
    theirs = [n for n in data["nodes"] if n["id"] == "3f2a9c" or n.get("file") in (
        "Goals/Run.md", "Goals/Read.md")]
    # …and in the vault: a new goal under Run, Old deleted
    (root / "Goals/Old.md").unlink()
    (root / "Goals/Marathon.md").write_text(
        '---\ntype: goal\nparent: "[[Run]]"\n---\n- [ ] sign up\n', encoding="utf-8")
    assert "Goals.canvas" in written(run_job(root, TODAY)[0])
    after = canvas(root)
    for node in theirs:
        assert node in after["nodes"]
    assert {"id": "77aa", "fromNode": "3f2a9c", "toNode": cards["Goals/Run.md"]["id"]} in (
        after["edges"])
    files = {n.get("file"): n for n in after["nodes"]}
    assert "Goals/Old.md" not in files
    new = files["Goals/Marathon.md"]
    assert new["y"] >= 900 + cards["Goals/Run.md"]["height"]  # under Run, where it is now
    # the bytes are Obsidian's layout (one card a line) and stay put on the next run
    text = (root / "Goals.canvas").read_text(encoding="utf-8")
    assert text.startswith('{\n\t"nodes":[\n\t\t{"id":')
    assert "Goals.canvas" not in written(run_job(root, TODAY)[0])
    assert (root / "Goals.canvas").read_text(encoding="utf-8") == text


def test_a_file_that_is_not_a_canvas_is_left_alone_and_named(vault: Make) -> None:
    root = vault({**VAULT, "Maps/Goals.canvas": '{"nodes": [ {"id": "a",\n  oops } ]}',
                  ".vaultgoals.yaml": "canvas:\n  path: Maps/Goals.canvas\n"})
    before = (root / "Maps/Goals.canvas").read_bytes()
    proc = cli("run", str(root), "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert (root / "Maps/Goals.canvas").read_bytes() == before
    assert "Maps/Goals.canvas:2: the goal map canvas is not valid JSON" in proc.stderr
    assert "left as is" in proc.stderr


def test_the_goal_map_can_be_turned_off(vault: Make) -> None:
    root = vault({**VAULT, ".vaultgoals.yaml": "canvas: {enabled: false}\n"})
    run_job(root, TODAY)
    assert not (root / "Goals.canvas").exists()


def test_a_pass_whose_map_did_not_change_leaves_the_canvas_unread(vault: Make) -> None:
    """A watcher's pass: a task added changes no card, so the canvas is not even read (a
    file broken meanwhile is not reported); a new goal changes the map, and it is."""
    root = vault(dict(VAULT))
    job = Job(root, load_config(root))
    today = date.fromisoformat(TODAY)
    try:
        job.once(today)
        (root / "Goals.canvas").write_text("{ half-saved", encoding="utf-8")
        edit(root / "Goals/Read.md", "- [ ] read a book", "- [ ] read a book\n- [ ] and one more")
        quiet = job.once(today, changed={"Goals/Read.md"})
        assert not any(p.path == "Goals.canvas" for p in quiet.problems)
        (root / "Goals/Swim.md").write_text('---\ntype: goal\nparent: "[[Vision]]"\n---\n',
                                            encoding="utf-8")
        loud = job.once(today, changed={"Goals/Swim.md"})
        assert any(p.path == "Goals.canvas" for p in loud.problems)
        assert (root / "Goals.canvas").read_text(encoding="utf-8") == "{ half-saved"
        # said once: the next pass with the same map and the same file is quiet; once the
        # file is fixed (here: deleted), the map is drawn again
        edit(root / "Goals/Read.md", "- [ ] and one more", "- [ ] and two more")
        assert not any(p.path == "Goals.canvas"
                       for p in job.once(today, changed={"Goals/Read.md"}).problems)
        (root / "Goals.canvas").unlink()
        edit(root / "Goals/Read.md", "- [ ] and two more", "- [ ] and three more")
        fixed = job.once(today, changed={"Goals/Read.md"})
        assert "Goals.canvas" in written(fixed)
        assert "Goals/Swim.md" in {n.get("file") for n in canvas(root)["nodes"]}
    finally:
        job.close()
