"""Watcher latency on sample_vault/: save a note → review rewritten, minus the debounce.

    python benchmarks/watch_sample.py [--saves 10] [--debounce 0.2]

Runs the real `vaultgoals watch` on a temporary copy of sample_vault/ and prints a table.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--debounce", type=float, default=0.2)
    args = ap.parse_args()
    vault = Path(tempfile.mkdtemp(prefix="vaultgoals-watch-")) / "vault"
    shutil.copytree(ROOT / "sample_vault", vault, ignore=shutil.ignore_patterns(".vaultgoals"))
    review = vault / "Reviews" / "2026-W47.md"
    proc = subprocess.Popen(
        [sys.executable, "-m", "vaultgoals", "watch", str(vault), "--debounce",
         str(args.debounce), "--today", "2026-11-20", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not review.exists():
            if time.monotonic() > deadline or proc.poll() is not None:
                print("the watcher did not write the review", file=sys.stderr)
                return 1
            time.sleep(0.05)
        time.sleep(2)  # let it go idle
        note = vault / "Daily" / "2026-11-20.md"
        latencies: list[float] = []
        for i in range(args.saves):
            before = review.read_bytes()
            with note.open("a", encoding="utf-8") as fh:
                fh.write(f"- [x] latency probe {i} #goal/data ✅ 2026-11-20\n")
            start = time.perf_counter()
            while review.read_bytes() == before:
                time.sleep(0.002)
            latencies.append(time.perf_counter() - start - args.debounce)
            time.sleep(1.0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(vault.parent, ignore_errors=True)
    ms = sorted(x * 1000 for x in latencies)
    print("| sample_vault/: save → review, beyond the debounce | median | max | target |")
    print("|---|---|---|---|")
    print(f"| {args.saves} saves, debounce {args.debounce:g} s | {statistics.median(ms):.0f} ms "
          f"| {ms[-1]:.0f} ms | ≤ 200 ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
