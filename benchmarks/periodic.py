"""What the periodic reviews cost (issue #16 part 3), on a generated vault.

    .venv/bin/python benchmarks/periodic.py [--notes 1k] [--n 15]

A long-lived `Job` (as the watcher keeps it) appends a done task to one note and runs
`once(changed={it})`, n times, on two days:

- 2026-11-20 (the benchmark's day): no periodic review is due, the pass is the weekly run;
- 2026-12-28: the last week of December, of Q4 and of 2026: every pass renders and writes
  the weekly review and all three periodic reviews ("writing all periodic notes").

It prints the median pass of each, their ratio (target: under 2), and what the periodic
step costs a pass that writes no periodic note (`PeriodicStep.run` alone, best of many).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import genvault

from vaultgoals.app.jobs import Job
from vaultgoals.app.notewriter import Outcome
from vaultgoals.store.settings import load_config


def passes(src: Path, today: date, target: str, tag: str, n: int) -> tuple[list[float], Job]:
    work = Path(tempfile.mkdtemp(prefix="vg-periodic-")) / "vault"
    shutil.copytree(src, work, symlinks=True)
    job = Job(work, load_config(work))
    job.once(today)
    samples: list[float] = []
    for i in range(n):
        with open(work / target, "a", encoding="utf-8") as fh:
            fh.write(f"- [x] Benchmark edit {i} #{tag} ✅ {today.isoformat()}\n")
        t = time.perf_counter()
        out = job.once(today, changed={target})
        samples.append(time.perf_counter() - t)
        assert not out.errors, out.errors
    return samples, job


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--notes", default="1k")
    p.add_argument("--n", type=int, default=15)
    args = p.parse_args()
    src, manifest = genvault.ensure_vault(genvault.parse_size(args.notes), 1)
    target, tag = str(manifest["edit_target"]), str(manifest["goal_tag"])
    weekly, job = passes(src, date(2026, 11, 20), target, tag, args.n)
    # the periodic step of a pass that writes no periodic note, alone
    today = date(2026, 11, 20)
    view = job.view
    assert view is not None
    graph = job.pipe.graph(today, job.history.first_done(view))
    best = min(_timed(lambda: job.periodic.run(graph, view, today, {}, Outcome(),
                                               lambda rel: False)) for _ in range(200))
    job.close()
    periodic, job = passes(src, date(2026, 12, 28), target, tag, args.n)
    job.close()
    w, a = statistics.median(weekly), statistics.median(periodic)
    print(f"{args.notes}: weekly pass median {w * 1000:.1f} ms; with all periodic notes "
          f"{a * 1000:.1f} ms (x{a / w:.2f}); periodic step of a pass that writes none: "
          f"{best * 1e6:.0f} µs")
    return 0


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    raise SystemExit(main())
