"""The README's complete example says what `vaultgoals status` shows: keep it true."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, cli_json


def test_readme_example_matches_status(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("A complete example"):readme.index("## Commands")]
    notes = re.findall(r"`([^`]+\.md)`\n\n```markdown\n(.*?)```", section, re.S)
    assert len(notes) == 4
    for name, body in notes:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    data = cli_json("status", str(tmp_path), "--today", "2026-11-20", "--json")
    assert data["warnings"] == []
    vision = data["goals"][0]
    goal = next(c for c in vision["children"] if c["title"] == "Become a data scientist")
    net = next(c for c in vision["children"] if c["title"] == "Networking")
    claims = section[section.index("`vaultgoals status --today"):]
    assert f"at {round(goal['progress'] * 100)} %" in claims
    assert f"`{goal['explain']}`" in claims
    assert f"due {goal['deadline']}" in claims
    assert f"`{net['state']}`" in claims and f"`{net['explain']}`" in claims
