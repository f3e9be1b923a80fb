"""What the charts cost (#16), measured in process on a generated vault (not at 10k: run
it at 2k, say, and scale per goal).

    python benchmarks/charts_cost.py --notes 2000

Prints: the per-goal cost of a burn-up (gathering its values: snapshots, reconstructed
history, pace; and rendering the SVG), the activity calendar's, and a watcher's pass after
one edit with the review's burn-ups on and off (median of several passes).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.genvault import DEFAULT_END, ensure_vault
from vaultgoals.app.jobs import Job
from vaultgoals.app.notewriter import Outcome
from vaultgoals.core.insights import Leaves, build_review, week_of
from vaultgoals.core.render.charts import (
    activity_days,
    burnup_for,
    burnup_svg,
    year_calendar_svg,
)
from vaultgoals.store.settings import load_config


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def _passes(root: Path, burnups: bool, edits: int) -> float:
    config = replace(load_config(root), burnups=burnups)
    job = Job(root, config)
    try:
        job.once(DEFAULT_END)
        note = next(p for p in sorted(root.rglob("*.md")) if "Goals" in p.parts)
        rel = note.relative_to(root).as_posix()
        times = []
        for i in range(edits):
            with note.open("a", encoding="utf-8") as f:
                f.write(f"\nedit {i}\n")
            start = time.perf_counter()
            job.once(DEFAULT_END, changed={rel})
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        job.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--notes", type=int, default=2000)
    p.add_argument("--edits", type=int, default=9)
    args = p.parse_args()
    src, _ = ensure_vault(args.notes, 1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "v"
        shutil.copytree(src, root)
        config = load_config(root)
        job = Job(root, config)
        job.once(DEFAULT_END)
        graph = job.pipe.graph(DEFAULT_END, job.history.first_done(job.view))
        snaps = job.view.snapshots if job.view else {}
        review = build_review(graph, config, week_of(DEFAULT_END, config), DEFAULT_END, snaps)
        step = []
        for _ in range(20):  # the review's step as a watcher's pass runs it (memo warm)
            t = time.perf_counter()
            job.charts.burnups(config, graph, review, "Reviews/x.md", snaps, DEFAULT_END,
                               Outcome())
            step.append(time.perf_counter() - t)
        job.close()
        goals = [n for _, n in graph.walk() if n.kind == "goal" and n.deadline is not None]
        leaves = Leaves(graph)
        t0 = time.perf_counter()
        charts = [burnup_for(graph, n, snaps, DEFAULT_END, 4, None, leaves) for n in goals]
        t1 = time.perf_counter()
        texts = [burnup_svg(b) for b in charts if b is not None]
        t2 = time.perf_counter()
        n = max(len(goals), 1)
        print(f"{len(goals)} goals with a deadline of {len(graph.nodes)} nodes, "
              f"{len(graph.tasks)} tasks")
        print(f"burn-up values per goal: {_ms((t1 - t0) / n)}; SVG per goal: "
              f"{_ms((t2 - t1) / n)}; {sum(map(len, texts)) // max(len(texts), 1)} bytes each")
        t3 = time.perf_counter()
        days = activity_days(graph, DEFAULT_END - timedelta(days=364), DEFAULT_END)
        year = year_calendar_svg(days, DEFAULT_END.year, load_config(root).week_rules)
        t4 = time.perf_counter()
        print(f"the review's burn-up step in a pass (up to 12 goals, files current): "
              f"{_ms(statistics.median(step))}")
        print(f"activity calendar for a year: {_ms(t4 - t3)} ({len(days)} active days, "
              f"{len(year)} bytes)")
        for i, on in enumerate((False, True, False, True)):  # (alternating: a shared machine)
            copy = Path(tmp) / f"v-{i}"
            shutil.copytree(src, copy)
            print(f"one edit, a watcher's pass, burn-ups {'on ' if on else 'off'}: "
                  f"{_ms(_passes(copy, on, args.edits))} (median of {args.edits})")
            shutil.rmtree(copy)
    _ = date


if __name__ == "__main__":
    main()
