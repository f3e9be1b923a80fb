"""The benchmark runner's `--goals-off` (benchmarks/run.py): the copy it measures reads
with those conventions off, the copy's own settings kept, so a figure compared with an
older version is taken at that version's output."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, write_vault
from vaultgoals.app.pipeline import Pipeline
from vaultgoals.store.settings import load_config


def _runner() -> Any:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks/run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_run", module)
    spec.loader.exec_module(module)
    return module


def test_goals_off_turns_the_conventions_off_in_the_copy(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {
        ".vaultgoals.yaml": "stale_days: 30\ngoals:\n  off: [okrs]\n",
        "Projects/Garden.md": "---\ntags: [project]\n---\n- [ ] Dig the beds\n",
        "Goals/Run.md": "---\ntype: goal\n---\n- [ ] 5 km\n",
    })

    def titles() -> list[str]:
        pipe = Pipeline(root, load_config(root), use_cache=False)
        pipe.scan()
        return sorted(n.title for n in pipe.graph(date(2026, 11, 20)).nodes.values())

    assert titles() == ["Garden", "Run"]
    _runner().turn_off(root, ["template_properties", "goal_folder", "gtd_projects"])
    config = load_config(root)
    assert set(config.conventions_off) == {"gtd_projects", "goal_folder", "okrs",
                                           "template_properties"}
    assert config.stale_days == 30
    assert titles() == ["Run"]
