"""Instruction counts of the cold and warm work, for comparing two versions on a noisy machine.

    python benchmarks/instructions.py cold [--notes 1000] [--code DIR] [--vault DIR]
    python benchmarks/instructions.py warm [--code DIR] [--vault DIR]

Wall-clock figures on a shared or virtual machine vary by a third between identical runs;
the number of instructions a run executes does not. Each measurement runs under valgrind's
callgrind (about 50 times slower than a plain run) with DIR (default: this checkout) first
on `sys.path`, so an older version checked out elsewhere (`git worktree add --detach DIR
REV`) is counted the same way, with this interpreter and its dependencies.

- `cold`: read, recognise and encode a fixed sample of the vault's notes (every k-th note
  under 1 MB, `--notes` of them), as a worker of a cold scan does, minus the same process
  with an empty sample (interpreter, imports, reading the files).
- `warm`: `vaultgoals status VAULT --json` with its parse cache filled by a run just before
  (nothing changed), the whole process.

The vault defaults to the generated 10k vault (`benchmarks/.vaults/10k-1`, made by
`run.py`), copied once to a scratch folder for `warm` (which writes its cache). Versions
before `core/noteread.py` existed are read with their `read_note`, which was all they did.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = "2026-11-20"

sys.path.insert(0, str(ROOT))
from vaultgoals.cache.location import user_cache_folder  # noqa: E402

# What a cold-scan worker does to a sample of notes; run in the measured process.
_COLD = r"""
import gc, os, sys
from pathlib import Path
vault, n = Path(sys.argv[1]), int(sys.argv[2])
from vaultgoals.core.codec import encode
try:
    from vaultgoals.core.config import Config
    from vaultgoals.core.noteread import read_as_vaultgoals
    config = Config()
    def read(rel, data):
        return read_as_vaultgoals(rel, data, config)
except ImportError:  # (a version before the goal conventions)
    from vaultgoals.core.parse.scanner import read_note as read
notes = []
for folder, dirs, files in os.walk(vault):
    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    for name in sorted(files):
        if name.endswith(".md"):
            path = Path(folder, name)
            data = path.read_bytes()
            if len(data) <= 1_000_000:
                notes.append((path.relative_to(vault).as_posix(), data))
sample = notes[::max(1, len(notes) // n)][:n] if n else []
gc.disable()
for rel, data in sample:
    encode(read(rel, data))
"""


def _count(code: Path, args: list[str]) -> int:
    """Instructions callgrind counts for `python ARGS` with `code` first on sys.path."""
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONHASHSEED="0")
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, *args],
        env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, check=False)
    found = re.search(r"Collected : ([0-9]+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("what", choices=("cold", "warm"))
    p.add_argument("--notes", type=int, default=1000, help="cold: notes in the sample")
    p.add_argument("--code", type=Path, default=ROOT, help="the checkout to count")
    p.add_argument("--vault", type=Path, default=HERE / ".vaults" / "10k-1")
    args = p.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    if not args.vault.is_dir():
        raise SystemExit(f"no vault at {args.vault}: run benchmarks/run.py --sizes 10k once")
    code = args.code.resolve()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "vaultgoals")],
                   check=True)  # (as an install does: counts without recompiling)
    if args.what == "cold":
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp, "cold.py")
            script.write_text(_COLD, encoding="utf-8")
            full = _count(code, [str(script), str(args.vault), str(args.notes)])
            empty = _count(code, [str(script), str(args.vault), "0"])
        print(f"cold, {args.notes} notes: {(full - empty) / 1e6:,.1f} M instructions "
              f"({code})")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        vault = Path(tmp, "vault")
        shutil.copytree(args.vault, vault, symlinks=True)
        command = ["-m", "vaultgoals", "status", str(vault), "--json", "--today", TODAY]
        env = dict(os.environ, PYTHONPATH=str(code))
        subprocess.run([sys.executable, *command], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)  # fills the parse cache
        try:
            warm = _count(code, command)
        finally:
            shutil.rmtree(user_cache_folder(vault), ignore_errors=True)
    print(f"warm status --json: {warm / 1e6:,.1f} M instructions ({code})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
