"""`Goals.canvas` on real vaults: `run` writes it, the next run keeps what the user did to it,
a file that is not a canvas is left alone, and a pass whose map did not change does not
touch it (app/goalmap.py)."""

from __future__ import annotations

import json
import os
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


def test_a_pass_that_changed_neither_the_map_nor_the_canvas_does_not_read_it(
        vault: Make) -> None:
    """A watcher's pass: a task added changes no card, and the canvas has the size and mtime
    it had after the last write: it is not even read (bytes swapped in behind its back go
    unnoticed). A canvas changed since (Obsidian saving it) is read and merged again; one
    that cannot be used is said once; a deleted one is drawn again."""
    root = vault(dict(VAULT))
    path = root / "Goals.canvas"
    job = Job(root, load_config(root))
    today = date.fromisoformat(TODAY)

    def add_step(n: int) -> Any:
        with (root / "Goals/Read.md").open("a", encoding="utf-8") as fh:
            fh.write(f"- [ ] step {n}\n")
        return job.once(today, changed={"Goals/Read.md"})

    try:
        job.once(today)
        st = path.stat()
        path.write_bytes(b"x" * st.st_size)  # (same size, same mtime: looks untouched)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert not add_step(1).problems
        path.write_text("{ half-saved", encoding="utf-8")  # (a changed file)
        assert [p.path for p in add_step(2).problems] == ["Goals.canvas"]
        assert not add_step(3).problems  # (the same file: said once)
        path.unlink()
        assert "Goals.canvas" in written(add_step(4))
        assert canvas(root)["nodes"]
    finally:
        job.close()


def test_an_older_copy_saved_over_our_write_loses_no_card(vault: Make) -> None:
    """Obsidian, with the canvas open, saves its copy from before our write: the new goal's
    card is put back at the next pass. A card the user deletes later stays deleted."""
    root = vault(dict(VAULT))
    path = root / "Goals.canvas"
    job = Job(root, load_config(root))
    today = date.fromisoformat(TODAY)
    try:
        job.once(today)
        older = path.read_bytes()
        (root / "Goals/Swim.md").write_text('---\ntype: goal\nparent: "[[Vision]]"\n---\n',
                                            encoding="utf-8")
        job.once(today, changed={"Goals/Swim.md"})
        path.write_bytes(older)  # (Obsidian's save, a second after ours)
        edit(root / "Goals/Read.md", "- [ ] read a book", "- [ ] read a book\n- [ ] more")
        assert "Goals.canvas" in written(job.once(today, changed={"Goals/Read.md"}))
        swim = next(n for n in canvas(root)["nodes"] if n.get("file") == "Goals/Swim.md")
        # the user deletes it, a while later (as the file's mtime says)
        data = canvas(root)
        data["nodes"].remove(swim)
        data["edges"] = [e for e in data["edges"] if swim["id"] not in (e["fromNode"],
                                                                      e["toNode"])]
        path.write_text(json.dumps(data), encoding="utf-8")
        later = path.stat().st_mtime_ns + 60 * 10**9
        os.utime(path, ns=(later, later))
        edit(root / "Goals/Read.md", "- [ ] more", "- [ ] more and more")
        job.once(today, changed={"Goals/Read.md"})
        assert "Goals/Swim.md" not in {n.get("file") for n in canvas(root)["nodes"]}
    finally:
        job.close()
