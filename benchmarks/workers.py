"""Measurements that run inside a fresh interpreter, one per call (started by run.py).

    python benchmarks/workers.py inproc VAULT --today D [--profile OUT.txt]
    python benchmarks/workers.py edit VAULT --today D --target REL --tag TAG [--n 30]
    python benchmarks/workers.py peer VAULT

Each prints one JSON object as its last line of stdout. Running them in their own process
keeps the runner small and lets a crash in one measurement show up as that cell's error.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux


def inproc(vault: Path, today: date, profile: Path | None) -> dict[str, Any]:
    """`Pipeline(...).scan()` then `build_graph`, from nothing (no persistent cache)."""
    from vaultgoals.app.pipeline import Pipeline
    from vaultgoals.store.settings import load_config

    t0 = time.perf_counter()
    config = load_config(vault)
    pipe = Pipeline(vault, config)
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    t1 = time.perf_counter()
    pipe.scan()
    t2 = time.perf_counter()
    graph = pipe.graph(today)
    t3 = time.perf_counter()
    if prof:
        prof.disable()
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf).sort_stats("cumulative")
        stats.print_stats(15)
        buf.write("\n--- by own time (tottime) ---\n")
        stats.sort_stats("tottime").print_stats(15)
        assert profile is not None
        profile.write_text(buf.getvalue(), encoding="utf-8")
    docs = pipe.index.docs
    # (the answer key counts the tasks Obsidian sees: the parser's, before the goal
    # conventions turn list items they claim into tasks of their own)
    claimed = sum(len(_claimed_items(vault, rel, d)) for rel, d in docs.items() if d.claims)
    return {
        "config": round(t1 - t0, 4),
        "scan": round(t2 - t1, 4),
        "graph": round(t3 - t2, 4),
        "notes": len(docs),
        "tasks": sum(len(d.tasks) for d in docs.values()) - claimed,
        "graph_tasks": len(graph.tasks),
        "nodes": len(graph.nodes),
        "problems": len(pipe.index.all_problems()) + len(graph.problems),
        "rss_mb": round(_rss_mb(), 1),
    }


def _claimed_items(vault: Path, rel: str, doc: Any) -> set[int]:
    """The lines of `doc` that are tasks only because a convention claimed them."""
    from vaultgoals.core.parse.scanner import read_note

    parsed = {t.line for t in read_note(rel, (vault / rel).read_bytes()).tasks}
    return {c.line for c in doc.claims} - parsed


def edit(vault: Path, today: date, target: str, tag: str, n: int) -> dict[str, Any]:
    """A long-lived `Job`: append a done task to one note, `once(changed={it})`, n times."""
    from vaultgoals.app.jobs import Job
    from vaultgoals.store.settings import load_config

    config = load_config(vault)
    job = Job(vault, config)
    try:
        t0 = time.perf_counter()
        first = job.once(today)
        first_s = time.perf_counter() - t0
        review = first.review_path
        samples: list[float] = []
        rerendered = 0
        path = vault / target
        for i in range(n):
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"- [x] Benchmark edit {i} #{tag} ✅ {today.isoformat()}\n")
            t = time.perf_counter()
            out = job.once(today, changed={target})
            samples.append(time.perf_counter() - t)
            if any(r.path == review for r in out.written):
                rerendered += 1
    finally:
        job.close()
    return {"first_run": round(first_s, 4), "samples": [round(s, 5) for s in samples],
            "review": review, "rerendered": rerendered, "rss_mb": round(_rss_mb(), 1)}


def peer(vault: Path) -> dict[str, Any]:
    """obsidiantools: `Vault(path).connect().gather()`."""
    t0 = time.perf_counter()
    from obsidiantools.api import Vault  # type: ignore[import-untyped,unused-ignore]

    t1 = time.perf_counter()
    v = Vault(vault).connect().gather()
    t2 = time.perf_counter()
    return {"import": round(t1 - t0, 3), "gather": round(t2 - t1, 3),
            "notes": len(v.md_file_index), "rss_mb": round(_rss_mb(), 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("inproc")
    a.add_argument("vault", type=Path)
    a.add_argument("--today", type=date.fromisoformat, required=True)
    a.add_argument("--profile", type=Path)
    a = sub.add_parser("edit")
    a.add_argument("vault", type=Path)
    a.add_argument("--today", type=date.fromisoformat, required=True)
    a.add_argument("--target", required=True)
    a.add_argument("--tag", required=True)
    a.add_argument("--n", type=int, default=30)
    a = sub.add_parser("peer")
    a.add_argument("vault", type=Path)
    args = p.parse_args(argv)
    if args.cmd == "inproc":
        result = inproc(args.vault, args.today, args.profile)
    elif args.cmd == "edit":
        result = edit(args.vault, args.today, args.target, args.tag, args.n)
    else:
        result = peer(args.vault)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
