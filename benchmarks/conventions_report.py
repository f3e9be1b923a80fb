"""How well vaultgoals reads the conformance vaults of issue #14 (tests/data/conventions/).

Prints, per vault, goals, milestones and commitments found against the answer key, the
precision of what was reported and how many of the found items have the key's done state;
then the totals against the issue's target (95 % recall and precision on this set), and any
noise reported as a goal. With --write-baseline it records today's figures in
tests/data/conventions/baseline.json, the floor tests/test_conventions.py holds every later
change to. --details lists what each vault missed and what it reported outside the key.

    python benchmarks/conventions_report.py [--details] [--write-baseline]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# The harness lives with the tests; run from anywhere, import it from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conventions import (
    BASELINE,
    KINDS,
    TARGET,
    Measurement,
    Score,
    baseline_record,
    measure,
    total,
    vault_names,
)


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


def totals(measurements: list[Measurement]) -> str:
    rows = []
    for kind in KINDS:
        s = total(measurements, kind)
        met = "met" if min(s.recall, s.precision) >= TARGET else "not yet"
        rows.append(f"{kind + 's':<12} found {s.hits}/{s.expected} = recall {s.recall:.0%}, "
                    f"precision {s.precision:.0%} ({s.hits}/{s.reported} reported), "
                    f"done state right for {s.done_right}; "
                    f"target {TARGET:.0%}: {met}")
    return "\n".join(rows)


def details(measurements: list[Measurement]) -> str:
    rows = []
    for m in measurements:
        for kind in KINDS:
            for at in m.missed.get(kind, []):
                rows.append(f"{m.vault}: missed {kind} {at}")
            for at in m.extra.get(kind, []):
                rows.append(f"{m.vault}: reported {kind} outside the key {at}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-baseline", action="store_true",
                        help=f"record these figures in {BASELINE.name}")
    parser.add_argument("--details", action="store_true",
                        help="list every missed item and every report outside the key")
    args = parser.parse_args(argv)
    measurements = [measure(name) for name in vault_names()]
    print("cells: found/expected, p = precision of what was reported, "
          "d = found with the key's done state\n")
    print(table(measurements))
    print()
    print(totals(measurements))
    noise = [(m.vault, at, hits) for m in measurements for at, hits in m.noise_hits.items()]
    print()
    if noise:
        print("noise reported as goals (a bug: precision on noise must be 100%):")
        for vault, at, hits in noise:
            print(f"  {vault}: {at} -> {', '.join(hits)}")
    else:
        print("noise reported as goals: none")
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
