"""What the periodic reviews cost (issue #16 part 3), on a generated vault.

    .venv/bin/python benchmarks/periodic.py [--notes 1k] [--n 15]

A long-lived `Job` (as the watcher keeps it) appends a done task to one note and runs
`once(changed={it})`, n times, on two days:

- 2026-11-20 (the benchmark's day): no periodic review is due, the pass is the weekly run;
- 2026-12-28: the last week of December, of Q4 and of 2026: every pass renders and writes
  the weekly review and all three periodic reviews ("writing all periodic notes").

It prints the median pass of each, their ratio (target: under 2), and what the periodic
step costs a pass that writes no periodic note (`PeriodicStep.run` alone, best of many).
Then the same two days as one-shot `vaultgoals run` processes (warm: the parse cache
filled, one edit before each), the weekly run as users start it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
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


def passes(src: Path, today: date, target: str, tag: str, n: int
           ) -> tuple[list[float], list[float], Job]:
    """n edits and passes of a kept-alive job: wall and CPU seconds of each pass."""
    work = Path(tempfile.mkdtemp(prefix="vg-periodic-")) / "vault"
    shutil.copytree(src, work, symlinks=True)
    job = Job(work, load_config(work))
    job.once(today)
    samples: list[float] = []
    cpu: list[float] = []
    for i in range(n):
        with open(work / target, "a", encoding="utf-8") as fh:
            fh.write(f"- [x] Benchmark edit {i} #{tag} ✅ {today.isoformat()}\n")
        t, c = time.perf_counter(), time.process_time()
        out = job.once(today, changed={target})
        samples.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        assert not out.errors, out.errors
    return samples, cpu, job


def oneshot(src: Path, today: date, target: str, tag: str, n: int) -> list[float]:
    """`vaultgoals run` in a subprocess after an edit, warm, n times."""
    work = Path(tempfile.mkdtemp(prefix="vg-periodic-")) / "vault"
    shutil.copytree(src, work, symlinks=True)
    cmd = [sys.executable, "-m", "vaultgoals", "run", str(work), "--today", today.isoformat()]
    subprocess.run(cmd, check=True, capture_output=True)
    samples: list[float] = []
    for i in range(n):
        with open(work / target, "a", encoding="utf-8") as fh:
            fh.write(f"- [x] Benchmark run {i} #{tag} ✅ {today.isoformat()}\n")
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - t)
    shutil.rmtree(work.parent, ignore_errors=True)
    return samples


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--notes", default="1k")
    p.add_argument("--n", type=int, default=15)
    args = p.parse_args()
    src, manifest = genvault.ensure_vault(genvault.parse_size(args.notes), 1)
    target, tag = str(manifest["edit_target"]), str(manifest["goal_tag"])
    weekly, weekly_cpu, job = passes(src, date(2026, 11, 20), target, tag, args.n)
    # the periodic step of a pass that writes no periodic note, alone
    today = date(2026, 11, 20)
    view = job.view
    assert view is not None
    graph = job.pipe.graph(today, job.history.first_done(view))
    best = min(_timed(lambda: job.periodic.run(graph, view, today, {}, Outcome(),
                                               lambda rel: False)) for _ in range(200))
    _done(job)
    periodic, periodic_cpu, job = passes(src, date(2026, 12, 28), target, tag, args.n)
    _done(job)
    w, a = statistics.median(weekly), statistics.median(periodic)
    wc, ac = statistics.median(weekly_cpu), statistics.median(periodic_cpu)
    print(f"{args.notes}: kept-alive pass, median of {args.n}: weekly {w * 1000:.1f} ms "
          f"(CPU {wc * 1000:.1f} ms); with all periodic notes {a * 1000:.1f} ms (x{a / w:.2f}; "
          f"CPU {ac * 1000:.1f} ms, x{ac / wc:.2f}); the periodic step of a pass that writes "
          f"none: {best * 1e6:.0f} µs")
    runs = max(3, args.n // 3)
    w = statistics.median(oneshot(src, date(2026, 11, 20), target, tag, runs))
    a = statistics.median(oneshot(src, date(2026, 12, 28), target, tag, runs))
    print(f"{args.notes}: one-shot `vaultgoals run`, warm, median of {runs}: weekly "
          f"{w * 1000:.0f} ms; with all periodic notes {a * 1000:.0f} ms (x{a / w:.2f})")
    return 0


def _done(job: Job) -> None:
    """Close the job and delete its working copy."""
    job.close()
    shutil.rmtree(job.vault.parent, ignore_errors=True)


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    raise SystemExit(main())
