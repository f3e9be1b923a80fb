"""The vaultgoals benchmark: how fast is it on realistic vaults, next to the targets.

    python benchmarks/run.py                      # 1k and 10k notes (make bench)
    python benchmarks/run.py --with-50k           # also 50k notes
    python benchmarks/run.py --sizes 1k --repeat 3
    python benchmarks/run.py --profile 10k        # cProfile of the in-process cold scan only

Vaults come from genvault.py (cached in benchmarks/.vaults/); every size is measured on a
fresh copy, since the runs write into it. Prints one table and writes benchmarks/results.md
(and results.json with the raw samples). A measurement that fails shows its error in its cell;
the others go on. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import genvault  # noqa: E402

from vaultgoals.cache.location import user_cache_folder  # noqa: E402

WORKERS = HERE / "workers.py"
RESULTS_MD = HERE / "results.md"
RESULTS_JSON = HERE / "results.json"
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_BEGIN = "<!-- bench:results:begin -->"
DOCS_END = "<!-- bench:results:end -->"

# the targets (issue 5)
COLD_OVER_FLOOR = 10.0
PEER_OVER_COLD = 20.0
WARM_S = 0.5
WARM_50K_S = 2.0
COLD_50K_S = 60.0
EDIT_MEDIAN_S = 0.050
WATCH_S = 1.0
RSS_MB = 300.0
LINEAR_SLACK = 1.15  # per-note cost may grow this much before we call it worse than linear


# running children -----------------------------------------------------------------------------


@dataclass
class Child:
    code: int | None  # None: timed out (killed)
    wall: float
    rss_mb: float  # peak RSS of this child alone (wait4), MB
    stdout: str
    stderr: str

    def tail(self, n: int = 400) -> str:
        text = (self.stderr.strip() or self.stdout.strip()).splitlines()
        return " / ".join(text[-3:])[-n:] if text else ""

    def check(self, what: str) -> Child:
        if self.code is None:
            raise RuntimeError(f"{what}: timed out after {self.wall:.0f} s")
        if self.code != 0:
            raise RuntimeError(f"{what}: exit {self.code}: {self.tail()}")
        return self

    def json(self) -> dict[str, Any]:
        lines = [ln for ln in self.stdout.splitlines() if ln.strip()]
        if not lines:
            raise RuntimeError("no output")
        data = json.loads(lines[-1])
        assert isinstance(data, dict)
        return data


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of `pid` and all its descendants now, in KiB (Linux /proc)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return total


def run_child(cmd: list[str], timeout: float, keep_stdout: bool = True) -> Child:
    """Run `cmd`; wall time and peak RSS, never raising.

    Peak RSS is the larger of the child's own peak (os.wait4, exact) and the peak of its
    whole process tree sampled every 20 ms (so worker processes count too)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        box: dict[str, Any] = {}
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)

        def reap() -> None:
            _, status, usage = os.wait4(proc.pid, 0)
            box["t"] = time.perf_counter()
            box["status"] = status
            box["usage"] = usage

        tree_peak = [0]

        def sample() -> None:
            while "t" not in box:
                tree_peak[0] = max(tree_peak[0], _tree_rss_kb(proc.pid))
                time.sleep(0.02)

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        waiter.join(timeout)
        if waiter.is_alive():  # still running: kill this child (by its pid) and reap it
            proc.kill()
            waiter.join(30)
        code: int | None = None
        if "status" in box:
            code = os.waitstatus_to_exitcode(box["status"])
        proc.returncode = code if code is not None else -9  # we reaped it, not Popen
        timed_out = "t" not in box or waiter.is_alive() or (box["t"] - t0) >= timeout
        wall = box.get("t", time.perf_counter()) - t0
        rss = box["usage"].ru_maxrss * 1024 / 1e6 if "usage" in box else math.nan
        rss = max(rss, tree_peak[0] * 1024 / 1e6)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace") if keep_stdout else ""
        stderr = err.read().decode("utf-8", "replace")
    return Child(None if timed_out else code, wall, rss, stdout, stderr)


def vaultgoals_cmd() -> list[str]:
    script = Path(sys.executable).parent / "vaultgoals"
    return [str(script)] if script.exists() else [sys.executable, "-m", "vaultgoals"]


# the measurements ---------------------------------------------------------------------------


def measure_floor(vault: Path) -> dict[str, Any]:
    """Plain Python: walk, read_bytes, decode every `.md` file (utf-8, replace); best of 3."""
    best = math.inf
    files = size = 0
    for _ in range(3):
        t0 = time.perf_counter()
        files = size = 0
        for dirpath, dirnames, filenames in os.walk(vault):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if name.endswith(".md"):
                    text = Path(dirpath, name).read_bytes().decode("utf-8", "replace")
                    files += 1
                    size += len(text)
        best = min(best, time.perf_counter() - t0)
    return {"seconds": best, "files": files, "chars": size}


def drop_cache(vault: Path) -> None:
    """No journal, no parse cache: inside the vault (`cache: vault`) or in the user's cache
    folder (`cache: user`, the default)."""
    shutil.rmtree(vault / ".vaultgoals", ignore_errors=True)
    shutil.rmtree(user_cache_folder(vault), ignore_errors=True)


def measure_status(vault: Path, today: str, repeat: int, timeout: float) -> dict[str, Any]:
    """`vaultgoals status VAULT --json`: cold (no `.vaultgoals/`) then warm, `repeat` times."""
    cmd = [*vaultgoals_cmd(), "status", str(vault), "--json", "--today", today]
    cold: list[float] = []
    warm: list[float] = []
    rss: list[float] = []
    warm_rss: list[float] = []
    out_bytes = 0
    for _ in range(repeat):
        drop_cache(vault)
        c = run_child(cmd, timeout).check("cold status")
        json.loads(c.stdout)  # it must be the JSON it promises
        out_bytes = len(c.stdout.encode())
        cold.append(c.wall)
        rss.append(c.rss_mb)
        w = run_child(cmd, timeout, keep_stdout=False).check("warm status")
        warm.append(w.wall)
        warm_rss.append(w.rss_mb)
    return {"cold": cold, "warm": warm, "rss_mb": rss, "warm_rss_mb": warm_rss,
            "json_bytes": out_bytes}


def measure_inproc(vault: Path, today: str, timeout: float,
                   profile: Path | None = None) -> dict[str, Any]:
    drop_cache(vault)
    cmd = [sys.executable, str(WORKERS), "inproc", str(vault), "--today", today]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    return run_child(cmd, timeout).check("in-process scan").json()


def measure_edit(vault: Path, today: str, target: str, tag: str, n: int,
                 timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, str(WORKERS), "edit", str(vault), "--today", today,
           "--target", target, "--tag", tag, "--n", str(n)]
    data = run_child(cmd, timeout).check("edit").json()
    s = sorted(data["samples"])
    data["median"] = statistics.median(s)
    data["p95"] = s[max(0, math.ceil(0.95 * len(s)) - 1)]
    return data


def _sig(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def measure_watch(vault: Path, today: str, target: str, tag: str, n: int, debounce: float,
                  startup_timeout: float) -> dict[str, Any]:
    """Start `vaultgoals watch`, wait until idle, save a note, time until the review changes."""
    from vaultgoals.app.review import review_path_for
    from vaultgoals.core.insights import week_of
    from vaultgoals.store.settings import load_config

    config = load_config(vault)
    review = vault / review_path_for(config, week_of(date.fromisoformat(today), config))
    watched = [review, vault / ".vaultgoals" / "state.db",
               vault / ".vaultgoals" / "state.db-wal"]
    tmp = Path(tempfile.mkdtemp(prefix="vg-watch-"))
    log_out = tmp / "stdout.log"
    log_err = tmp / "stderr.log"
    watched += [log_out, log_err]
    cmd = [*vaultgoals_cmd(), "watch", str(vault), "--debounce", str(debounce),
           "--today", today]
    samples: list[float] = []
    misses = 0
    with open(log_out, "wb") as fo, open(log_err, "wb") as fe:
        proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL)

    def alive() -> None:
        if proc.poll() is not None:
            text = (log_err.read_text("utf-8", "replace").strip()
                    or log_out.read_text("utf-8", "replace").strip()).splitlines()
            raise RuntimeError(f"watcher exited ({proc.returncode}): {' / '.join(text[-3:])}")

    def announced() -> bool:
        """The watcher logs `watching VAULT (…)` once its first pass is done."""
        for log in (log_out, log_err):
            with contextlib.suppress(OSError):
                if "watching " in log.read_text("utf-8", "replace"):
                    return True
        return False

    def wait_idle(quiet: float, timeout: float, startup: bool) -> float:
        start = last = time.perf_counter()
        sig = [_sig(p) for p in watched]
        while True:
            alive()
            time.sleep(0.05)
            now = time.perf_counter()
            s = [_sig(p) for p in watched]
            if s != sig:
                sig, last = s, now
            elif now - last >= quiet and (not startup or announced()
                                          or (review.exists() and now - start > 120)):
                return now - start
            if now - start > timeout:
                raise TimeoutError(f"watcher not idle after {timeout:.0f} s")

    try:
        startup = wait_idle(1.0, startup_timeout, startup=True)
        for i in range(n):
            before = _sig(review)
            t0 = time.perf_counter()
            with open(vault / target, "a", encoding="utf-8") as fh:
                fh.write(f"- [x] Watcher edit {i} #{tag} ✅ {today}\n")
            limit = max(30.0, 10 * debounce)
            while True:
                now = time.perf_counter()
                if _sig(review) != before:
                    samples.append(now - t0 - debounce)
                    break
                if now - t0 > limit:
                    misses += 1
                    break
                alive()
                time.sleep(0.002)
            if misses >= 2 and not samples:
                raise RuntimeError(f"the review did not change within {limit:.0f} s of a save")
            wait_idle(max(0.5, 2 * debounce), 120, startup=False)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    if not samples:
        raise RuntimeError("no save reached the review")
    return {"samples": samples, "median": statistics.median(samples), "misses": misses,
            "startup": startup, "debounce": debounce}


def undecodable_notes(vault: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(vault):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".md"):
                try:
                    Path(dirpath, name).read_bytes().decode("utf-8")
                except UnicodeDecodeError:
                    out.append(Path(dirpath, name))
    return sorted(out)


def measure_peer(vault: Path, timeout: float) -> dict[str, Any]:
    """obsidiantools on the same vault. It cannot read a note that is not UTF-8 (it fails with
    an UnboundLocalError); when that is what stops it, it is run again without such notes
    (moved out of the working copy) and the result says so."""
    if importlib.util.find_spec("obsidiantools") is None:
        raise RuntimeError("obsidiantools not installed (pip install -e '.[bench]')")
    cmd = [sys.executable, str(WORKERS), "peer", str(vault)]
    c = run_child(cmd, timeout)
    without: list[str] = []
    first_error = ""
    if c.code not in (0, None):
        first_error = c.tail(200)
        bad = undecodable_notes(vault)
        if bad:
            aside = Path(tempfile.mkdtemp(prefix="vg-peer-"))
            for i, path in enumerate(bad):
                without.append(path.relative_to(vault).as_posix())
                shutil.move(str(path), str(aside / f"{i}.md"))
            try:
                c = run_child(cmd, timeout)
            finally:
                for i, rel in enumerate(without):
                    shutil.move(str(aside / f"{i}.md"), str(vault / rel))
                shutil.rmtree(aside, ignore_errors=True)
    if c.code is None:
        raise RuntimeError(f"timed out after {timeout:.0f} s")
    if c.code != 0:
        raise RuntimeError(f"crashed: {c.tail(200)}")
    data = c.json()
    data["wall"] = c.wall
    data["wall_rss_mb"] = c.rss_mb
    data["without"] = without
    data["first_error"] = first_error
    return data


# one size -------------------------------------------------------------------------------------


def attempt(results: dict[str, Any], key: str, fn: Callable[[], dict[str, Any]],
            log: Callable[[str], None]) -> None:
    t0 = time.perf_counter()
    log(f"  {key} …")
    try:
        results[key] = fn()
    except Exception as exc:
        results[key] = {"error": f"{type(exc).__name__}: {exc}".strip()}
    log(f"  {key} done in {time.perf_counter() - t0:.1f} s"
        + (f" — {results[key]['error']}" if "error" in results[key] else ""))


def fresh_copy(size: int, seed: int, today: date, log: Callable[[str], None]
               ) -> tuple[Path, dict[str, Any]]:
    t0 = time.perf_counter()
    src, manifest = genvault.ensure_vault(size, seed, today)
    log(f"  vault {src.relative_to(ROOT)} ready in {time.perf_counter() - t0:.1f} s")
    work = genvault.CACHE / f"work-{genvault.size_label(size)}-{seed}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(src, work, symlinks=True)
    return work, dict(manifest)


def turn_off(vault: Path, conventions: list[str]) -> None:
    """`goals.off` in the copy's `.vaultgoals.yaml` (kept otherwise): measure at the output
    of a version that did not have those conventions yet (docs/benchmarks.md)."""
    path = vault / ".vaultgoals.yaml"
    config: dict[str, Any] = {}
    if path.exists():
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    goals = config.setdefault("goals", {})
    # (PyYAML reads an unquoted `off:` key as the boolean false, as YAML 1.1 says)
    kept = set(goals.pop(False, None) or []) | set(goals.get("off") or [])
    goals["off"] = sorted(kept | set(conventions))
    path.write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")


def bench_size(size: int, args: argparse.Namespace, log: Callable[[str], None]
               ) -> dict[str, Any]:
    today = args.today
    vault, manifest = fresh_copy(size, args.seed, date.fromisoformat(today), log)
    if args.goals_off:
        turn_off(vault, args.goals_off)
    res: dict[str, Any] = {"size": size, "label": genvault.size_label(size),
                           "manifest": manifest}
    target = str(manifest["edit_target"])
    tag = str(manifest["goal_tag"])
    timeout = args.timeout
    try:
        attempt(res, "floor", lambda: measure_floor(vault), log)
        attempt(res, "status", lambda: measure_status(vault, today, args.repeat, timeout), log)
        attempt(res, "inproc", lambda: measure_inproc(vault, today, timeout), log)
        attempt(res, "edit",
                lambda: measure_edit(vault, today, target, tag, args.edits, timeout), log)
        attempt(res, "watch",
                lambda: measure_watch(vault, today, target, tag, args.watch_edits,
                                      args.debounce, timeout), log)
        if args.no_peer:
            res["peer"] = {"error": "skipped (--no-peer)"}
        elif args.peer_sizes is not None and size not in args.peer_sizes:
            res["peer"] = {"error": "skipped (not in --peer-sizes)"}
        else:
            attempt(res, "peer", lambda: measure_peer(vault, args.peer_timeout), log)
    finally:
        if not args.keep:
            shutil.rmtree(vault, ignore_errors=True)
    return res


# the table ------------------------------------------------------------------------------------

OK, FAIL = "✅", "❌"


def _mark(ok: bool | None) -> str:
    return "" if ok is None else f" {OK if ok else FAIL}"


def _secs(s: float) -> str:
    if s < 1:
        return f"{s * 1000:.0f} ms"
    if s < 10:
        return f"{s:.2f} s"
    return f"{s:.1f} s"


def _err(r: dict[str, Any]) -> str:
    return "error: " + str(r["error"])[:70]


def _med(xs: list[float]) -> float:
    return statistics.median(xs)


def _spread(xs: list[float]) -> str:
    """` (best X)` after a median of several runs: on a shared machine, noise only ever
    adds time, so the best run shows what the code costs."""
    return f" (best {_secs(min(xs))})" if len(xs) > 1 else ""


Row = tuple[str, str, list[str]]


def build_rows(results: list[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []

    def row(label: str, target: str, cell: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for r in results:
            try:
                cells.append(cell(r))
            except Exception as exc:  # a missing piece of a failed measurement
                cells.append(f"n/a ({type(exc).__name__})")
        rows.append((label, target, cells))

    def vault_cell(r: dict[str, Any]) -> str:
        m = r["manifest"]
        return f"{m['notes']:,} notes · {m['bytes'] / 1e6:.1f} MB · {m['tasks']:,} tasks"

    def floor(r: dict[str, Any]) -> str:
        f = r["floor"]
        return _err(f) if "error" in f else _secs(f["seconds"])

    def cold(r: dict[str, Any]) -> str:
        s = r["status"]
        if "error" in s:
            return _err(s)
        t = _med(s["cold"])
        return (_secs(t) + (_mark(t <= COLD_50K_S) if r["size"] >= 50_000 else "")
                + _spread(s["cold"]))

    def inproc(r: dict[str, Any]) -> str:
        p = r["inproc"]
        if "error" in p:
            return _err(p)
        return f"{_secs(p['scan'])} + {_secs(p['graph'])}"

    def found(r: dict[str, Any]) -> str:
        p = r["inproc"]
        if "error" in p:
            return _err(p)
        exp = r["manifest"]["tasks"]
        return f"{p['tasks']:,} / {exp:,}" + _mark(p["tasks"] == exp)

    def cold_floor(r: dict[str, Any]) -> str:
        s, f = r["status"], r["floor"]
        if "error" in s or "error" in f:
            return "n/a"
        ratio = _med(s["cold"]) / f["seconds"]
        best = f" (best {min(s['cold']) / f['seconds']:.1f}×)" if len(s["cold"]) > 1 else ""
        return f"{ratio:.1f}×" + _mark(ratio <= COLD_OVER_FLOOR) + best

    def warm(r: dict[str, Any]) -> str:
        s = r["status"]
        if "error" in s:
            return _err(s)
        t = _med(s["warm"])
        return (_secs(t) + _mark(t <= (WARM_50K_S if r["size"] >= 50_000 else WARM_S))
                + _spread(s["warm"]))

    def edit(r: dict[str, Any]) -> str:
        e = r["edit"]
        if "error" in e:
            return _err(e)
        extra = "" if e["rerendered"] == len(e["samples"]) else \
            f" ({e['rerendered']}/{len(e['samples'])} re-rendered)"
        return (f"{_secs(e['median'])} / {_secs(e['p95'])}{extra}"
                + _mark(e["median"] <= EDIT_MEDIAN_S))

    def watch(r: dict[str, Any]) -> str:
        w = r["watch"]
        if "error" in w:
            return _err(w)
        miss = f" ({w['misses']} missed)" if w["misses"] else ""
        return f"{_secs(w['median'])}{miss}" + _mark(w["median"] <= WATCH_S and not w["misses"])

    def rss(r: dict[str, Any]) -> str:
        s = r["status"]
        if "error" in s:
            return _err(s)
        m = max(s["rss_mb"])
        return f"{m:.0f} MB" + _mark(m <= RSS_MB)

    def peer(r: dict[str, Any]) -> str:
        p = r["peer"]
        if "error" in p:
            return "n/a: " + str(p["error"])[:70]
        note = f" (without {len(p['without'])} non-UTF-8 note¹)" if p.get("without") else ""
        return f"{_secs(p['wall'])} · {p['wall_rss_mb']:.0f} MB{note}"

    def peer_ratio(r: dict[str, Any]) -> str:
        p, s = r["peer"], r["status"]
        if "error" in p or "error" in s:
            return "n/a"
        ratio = p["wall"] / _med(s["cold"])
        return f"{ratio:.1f}×" + _mark(ratio >= PEER_OVER_COLD)

    row("vault", "", vault_cell)
    row("floor: read + decode every note (best of 3)", "", floor)
    row("cold full scan: `status --json`, no cache", f"50k: ≤ {COLD_50K_S:.0f} s", cold)
    row("  ↳ in-process `scan()` + `build_graph`", "", inproc)
    row("  ↳ tasks found / generated", "all", found)
    row("cold scan / floor", f"≤ {COLD_OVER_FLOOR:.0f}×", cold_floor)
    row("warm start: same command again", f"≤ {WARM_S} s (50k: ≤ {WARM_50K_S:.0f} s)", warm)
    row("one note edited → review (median / p95)", f"median ≤ {EDIT_MEDIAN_S * 1000:.0f} ms",
        edit)
    row("watcher: save → review, beyond debounce", f"≤ {WATCH_S:.0f} s", watch)
    row("peak RSS, cold scan", f"≤ {RSS_MB:.0f} MB", rss)
    row("obsidiantools `connect().gather()`", "", peer)
    row("obsidiantools / cold scan", f"≥ {PEER_OVER_COLD:.0f}×", peer_ratio)
    return rows


def growth_lines(results: list[dict[str, Any]]) -> list[str]:
    """Per-note cost at each size, and how it moves from the smallest size up."""
    if len(results) < 2:
        return []
    metrics: list[tuple[str, Callable[[dict[str, Any]], float]]] = [
        ("cold scan", lambda r: _med(r["status"]["cold"])),
        ("in-process scan + graph", lambda r: r["inproc"]["scan"] + r["inproc"]["graph"]),
        ("warm start", lambda r: _med(r["status"]["warm"])),
        ("one edit (median)", lambda r: r["edit"]["median"]),
        ("peak RSS", lambda r: max(r["status"]["rss_mb"]) / 1000),
    ]
    out = []
    for name, get in metrics:
        parts = []
        base: float | None = None
        worst = 0.0
        try:
            for r in results:
                per = get(r) / r["manifest"]["notes"]
                unit = "kB" if name == "peak RSS" else "µs"
                scale = 1e6
                parts.append(f"{r['label']} {per * scale:,.1f} {unit}/note")
                if base is None:
                    base = per
                else:
                    worst = max(worst, per / base)
                    parts[-1] += f" (×{per / base:.2f})"
        except Exception:
            continue
        out.append(f"{name}: " + " → ".join(parts) + _mark(worst <= LINEAR_SLACK))
    return out


def render_markdown(results: list[dict[str, Any]], rows: list[Row], meta: dict[str, str]
                    ) -> str:
    labels = [r["label"] for r in results]
    lines = [
        f"Measured {meta['when']} on {meta['machine']}; Python {meta['python']}; "
        f"seed {meta['seed']}, `--today {meta['today']}`, repeat {meta['repeat']}, "
        f"debounce {meta['debounce']} s"
        + (f"; conventions off: {meta['goals_off']}." if meta.get("goals_off") else "."),
        "",
        "| measure | " + " | ".join(labels) + " | target |",
        "|---|" + "---|" * len(labels) + "---|",
    ]
    for label, target, cells in rows:
        cells = [c.replace("|", "\\|") for c in cells]
        lines.append(f"| {label.strip()} | " + " | ".join(cells) + f" | {target} |")
    crashed = [r for r in results if r.get("peer", {}).get("without")]
    if crashed:
        r = crashed[0]
        lines += ["", f"¹ obsidiantools crashes on a note that is not UTF-8 "
                  f"(`{r['peer']['first_error'].split(' / ')[-1].strip()}`); it was timed "
                  f"again without {', '.join(f'`{w}`' for w in r['peer']['without'])}."]
    growth = growth_lines(results)
    if growth:
        lines += ["", "Growth per note (×: against the smallest size; ✅ when ≤ "
                  f"{LINEAR_SLACK}, i.e. no worse than linear):", ""]
        lines += [f"- {g}" for g in growth]
    errors = [(r["label"], k, v["error"]) for r in results for k, v in r.items()
              if isinstance(v, dict) and "error" in v]
    if errors:
        lines += ["", "Errors and skipped measurements:", ""]
        lines += [f"- {label} {key}: {msg}" for label, key, msg in errors]
    return "\n".join(lines) + "\n"


def print_table(results: list[dict[str, Any]], rows: list[Row], meta: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"vaultgoals benchmark · {meta['when']} · --today {meta['today']}",
                  show_lines=False)
    table.add_column("measure", style="bold")
    for r in results:
        table.add_column(r["label"], justify="right")
    table.add_column("target", style="dim")
    for label, target, cells in rows:
        table.add_row(label, *cells, target)
    console.print(table)
    for r in results:
        if r.get("peer", {}).get("without"):
            console.print(f"¹ {r['label']}: obsidiantools crashed on "
                          f"{', '.join(r['peer']['without'])} (not UTF-8): "
                          f"{r['peer']['first_error'].split(' / ')[-1].strip()}; "
                          "timed again without it.",
                          highlight=False, markup=False)
    for g in growth_lines(results):
        console.print(f"growth · {g}", highlight=False)
    for r in results:
        for k, v in r.items():
            if isinstance(v, dict) and "error" in v:
                console.print(f"[yellow]{r['label']} {k}[/yellow]: {v['error']}",
                              highlight=False, markup=True)


def update_docs(table_md: str) -> bool:
    try:
        text = DOCS.read_text(encoding="utf-8")
    except OSError:
        return False
    a, b = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if a < 0 or b < a:
        return False
    new = text[: a + len(DOCS_BEGIN)] + "\n" + table_md + text[b:]
    if new != text:
        DOCS.write_text(new, encoding="utf-8")
    return True


# main -----------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    return f"{platform.system()} {os.cpu_count()} cores ({cpu}){mem}"


def profile_only(args: argparse.Namespace) -> int:
    size = genvault.parse_size(args.profile)
    vault, _ = fresh_copy(size, args.seed, date.fromisoformat(args.today), print)
    out = HERE / f"profile-{genvault.size_label(size)}.txt"
    try:
        data = measure_inproc(vault, args.today, args.timeout, profile=out)
    finally:
        if not args.keep:
            shutil.rmtree(vault, ignore_errors=True)
    print(f"scan {data['scan']:.2f} s, graph {data['graph']:.2f} s (under cProfile); "
          f"full output in {out.relative_to(ROOT)}")
    print(out.read_text(encoding="utf-8").split("--- by own time")[0])
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1k,10k", help="comma-separated note counts (1k,10k)")
    p.add_argument("--with-50k", action="store_true", help="add the 50k-note vault")
    p.add_argument("--repeat", type=int, default=1,
                   help="run the cold/warm CLI measurements N times; report the median")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--today", default=genvault.DEFAULT_END.isoformat())
    p.add_argument("--edits", type=int, default=30, help="edits for the one-edit measurement")
    p.add_argument("--watch-edits", type=int, default=10, help="saves for the watcher")
    p.add_argument("--debounce", type=float, default=0.2)
    p.add_argument("--timeout", type=float, default=1800, help="per measurement, seconds")
    p.add_argument("--peer-timeout", type=float, default=1200)
    p.add_argument("--no-peer", action="store_true", help="skip obsidiantools")
    p.add_argument("--peer-sizes", metavar="SIZES",
                   help="run obsidiantools only at these sizes (e.g. 1k,10k: it takes "
                        "about 5 minutes at 10k)")
    p.add_argument("--keep", action="store_true", help="keep the working copies")
    p.add_argument("--goals-off", metavar="NAMES", type=lambda v: [n for n in v.split(",") if n],
                   default=[], help="turn these goal conventions off in the copies "
                   "(goals.off): compare with an older version at the same output")
    p.add_argument("--profile", metavar="SIZE", help="only profile the cold in-process scan")
    p.add_argument("--update-docs", action="store_true",
                   help="also put the table into docs/benchmarks.md")
    p.add_argument("--render", metavar="JSON",
                   help="measure nothing: print (and with --update-docs, write) the tables "
                        "of a results.json written by an earlier run")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    if args.profile:
        return profile_only(args)
    if args.render:
        saved = json.loads(Path(args.render).read_text(encoding="utf-8"))
        return report(saved["results"], saved["meta"], args.update_docs)
    sizes = [genvault.parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if args.with_50k and 50_000 not in sizes:
        sizes.append(50_000)
    sizes.sort()
    if args.peer_sizes is not None:
        args.peer_sizes = {genvault.parse_size(s) for s in args.peer_sizes.split(",")
                           if s.strip()}

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    results = []
    for size in sizes:
        log(f"{genvault.size_label(size)} notes:")
        results.append(bench_size(size, args, log))
    meta = {"when": datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(),
            "python": platform.python_version(), "seed": str(args.seed), "today": args.today,
            "repeat": str(args.repeat), "debounce": str(args.debounce),
            "goals_off": ",".join(args.goals_off)}
    RESULTS_JSON.write_text(json.dumps({"meta": meta, "results": results}, indent=1,
                                       default=str) + "\n", encoding="utf-8")
    return report(results, meta, args.update_docs)


def report(results: list[dict[str, Any]], meta: dict[str, str], docs: bool) -> int:
    """Print the tables, write results.md, and with `docs` docs/benchmarks.md too."""
    rows = build_rows(results)
    print_table(results, rows, meta)
    md = render_markdown(results, rows, meta)
    RESULTS_MD.write_text("# Benchmark results\n\nWritten by `benchmarks/run.py`; see "
                          "docs/benchmarks.md for what each row means.\n\n" + md,
                          encoding="utf-8")
    print(f"wrote {RESULTS_MD.relative_to(ROOT)} (raw samples: "
          f"{RESULTS_JSON.relative_to(ROOT)})")
    if docs:
        print("updated docs/benchmarks.md" if update_docs(md)
              else "docs/benchmarks.md has no results markers; not updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
