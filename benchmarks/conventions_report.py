"""How well vaultgoals reads the conformance vaults of issue #14 (tests/data/conventions/).

Prints, per vault, goals, milestones and commitments found against the answer key, the
precision of what was reported and how many of the found items have the key's done state;
then the totals against the issue's target (95 % recall and precision on this set), and any
noise reported as a goal. With --write-baseline it records today's figures in
tests/data/conventions/baseline.json, the floor tests/test_conventions.py holds every later
change to. --details lists what each vault missed and what it reported outside the key.

With --heldout it measures instead the held-out vaults of tests/data/heldout/ (written
without reading the recognisers) and the real vaults whose keys are
tests/data/heldout/real-<name>.yaml (the vault itself is <name> under --real-vaults, copied
to a temporary folder first), against the issue's target for real vaults: 80 % recall and
90 % precision. It only reports; no test gates on it.

    python benchmarks/conventions_report.py [--details] [--write-baseline]
    python benchmarks/conventions_report.py --heldout [--details] [--real-vaults DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

# The harness lives with the tests; run from anywhere, import it from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from tests.conventions import (
    BASELINE,
    HELDOUT,
    KINDS,
    TARGET,
    TODAY,
    Measurement,
    Score,
    baseline_record,
    key_problems,
    load_key,
    load_key_file,
    measure,
    measure_key,
    total,
    vault_names,
)

# The aim for vaults it was not written against: share of a careful reader's goals
# found, and share of what is reported that is real.
HELDOUT_RECALL = 0.80
HELDOUT_PRECISION = 0.90
REAL_VAULTS = Path("/work/shared/vaults")


def _cell(score: Score) -> str:
    if not score.expected and not score.reported:
        return "-"
    return f"{score.hits}/{score.expected} p{score.precision:.0%} d{score.done_right}"


def table(measurements: list[Measurement]) -> str:
    width = max(len(m.vault) for m in measurements)
    head = f"{'vault':<{width}}  " + "  ".join(f"{k + 's':<18}" for k in KINDS) + "  noise"
    rows = [head, "-" * len(head)]
    for m in measurements:
        cells = "  ".join(f"{_cell(m.scores[k]):<18}" for k in KINDS)
        rows.append(f"{m.vault:<{width}}  {cells}  {len(m.noise_hits) or 'ok'}")
    return "\n".join(rows)


def totals(measurements: list[Measurement], recall: float = TARGET,
           precision: float = TARGET) -> str:
    rows = []
    goal = (f"{recall:.0%}" if recall == precision
            else f"recall {recall:.0%} / precision {precision:.0%}")
    for kind in KINDS:
        s = total(measurements, kind)
        met = "met" if s.recall >= recall and s.precision >= precision else "not yet"
        rows.append(f"{kind + 's':<12} found {s.hits}/{s.expected} = recall {s.recall:.0%}, "
                    f"precision {s.precision:.0%} ({s.hits}/{s.reported} reported), "
                    f"done state right for {s.done_right}; "
                    f"target {goal}: {met}")
    return "\n".join(rows)


def details(measurements: list[Measurement]) -> str:
    rows = []
    for m in measurements:
        for kind in KINDS:
            for at in m.missed.get(kind, []):
                rows.append(f"{m.vault}: missed {kind} {at}")
            for at in m.extra.get(kind, []):
                label = f"  [{m.labels[at]}]" if at in m.labels else ""
                rows.append(f"{m.vault}: reported {kind} outside the key {at}{label}")
            for at in m.wrong_done.get(kind, []):
                rows.append(f"{m.vault}: {kind} with the wrong done state {at}")
        for at in m.wrong_parent:
            rows.append(f"{m.vault}: milestone under another goal {at}")
    return "\n".join(rows)


def _copy_vault(source: Path, into: Path) -> Path:
    """A copy of a real vault to measure, so nothing is ever written next to the original."""
    target = into / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".git", ".vaultgoals"))
    return target


def heldout(real_vaults: Path) -> tuple[list[Measurement], list[str]]:
    """The held-out vaults and the real vaults with a key, measured; and what could not be
    (a real vault missing, a key that no longer describes its vault)."""
    notes: list[str] = []
    measurements = []
    for name in vault_names(HELDOUT):
        notes.extend(f"{name}: key: {p}" for p in key_problems(load_key(name, HELDOUT)))
        measurements.append(measure(name, TODAY, HELDOUT))
    for answers in sorted(HELDOUT.glob("real-*.yaml")):
        name = answers.stem.removeprefix("real-")
        source = real_vaults / name
        if not source.is_dir():
            notes.append(f"{answers.stem}: no vault at {source}, not measured")
            continue
        raw = yaml.safe_load(answers.read_text(encoding="utf-8"))
        today = date.fromisoformat(str(raw.get("today", TODAY.isoformat())))
        with tempfile.TemporaryDirectory(prefix="vaultgoals-heldout-") as tmp:
            key = load_key_file(answers, _copy_vault(source, Path(tmp)))
            notes.extend(f"{answers.stem}: key: {p}" for p in key_problems(key))
            measurements.append(measure_key(key, answers.stem, today))
    return measurements, notes


def noise_lines(measurements: list[Measurement]) -> list[str]:
    noise = [(m.vault, at, hits) for m in measurements for at, hits in m.noise_hits.items()]
    if not noise:
        return ["noise reported as goals: none"]
    return ["noise reported as goals (a bug: precision on noise must be 100%):",
            *(f"  {vault}: {at} -> {', '.join(hits)}" for vault, at, hits in noise)]


def heldout_report(args: argparse.Namespace) -> int:
    measurements, notes = heldout(args.real_vaults)
    print("held-out vaults (tests/data/heldout) and real vaults; never a test gate\n"
          "cells: found/expected, p = precision of what was reported, "
          "d = found with the key's done state\n")
    print(table(measurements))
    print()
    print(totals(measurements, HELDOUT_RECALL, HELDOUT_PRECISION))
    print()
    print("\n".join(noise_lines(measurements)))
    if notes:
        print()
        print("\n".join(notes))
    if args.details:
        print()
        print(details(measurements))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-baseline", action="store_true",
                        help=f"record these figures in {BASELINE.name}")
    parser.add_argument("--details", action="store_true",
                        help="list every missed item and every report outside the key")
    parser.add_argument("--heldout", action="store_true",
                        help="measure tests/data/heldout and the real vaults with a key there")
    parser.add_argument("--real-vaults", type=Path, default=REAL_VAULTS,
                        help=f"where the real vaults of --heldout are (default {REAL_VAULTS})")
    args = parser.parse_args(argv)
    if args.heldout:
        if args.write_baseline:
            parser.error("--write-baseline records the conformance set only, not --heldout")
        return heldout_report(args)
    measurements = [measure(name) for name in vault_names()]
    print("cells: found/expected, p = precision of what was reported, "
          "d = found with the key's done state\n")
    print(table(measurements))
    print()
    print(totals(measurements))
    print()
    print("\n".join(noise_lines(measurements)))
    if args.details:
        print()
        print(details(measurements))
    if args.write_baseline:
        BASELINE.write_text(json.dumps(baseline_record(measurements), indent=2) + "\n",
                            encoding="utf-8")
        print(f"\nwrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
