"""Compare what two versions of vaultgoals produce for the same vaults, byte for byte.

    python benchmarks/compare_outputs.py REV [--vaults sample,shared,gen2000] [--keep]

REV is a git revision (e.g. the release before a refactoring); it is checked out into a
temporary worktree and run with this interpreter (its dependencies are this venv's). The
working tree is the other side. For each vault and each side, on a fresh copy with no
`.vaultgoals/`:

- `run --today D` twice (the second run must write nothing), `review --week W`;
- `status`, `status --json`, `tasks --json`, `review --dry-run` (text);
- every file under the vault afterwards (notes, the wins log, celebrations; the SQLite
  files are compared by their tables' rows, not their bytes), and each command's exit code,
  stdout and stderr (with the vault's path replaced by `VAULT`).

It prints one line per difference and exits 1 if there is any, 0 if the two sides agree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "vaults"
TODAY = "2026-11-20"
WEEK = "2026-W46"

COMMANDS: list[list[str]] = [
    ["run", "--today", TODAY],
    ["run", "--today", TODAY],
    ["review", "--today", TODAY, "--week", WEEK],
    ["status", "--today", TODAY],
    ["status", "--today", TODAY, "--json"],
    ["tasks", "--today", TODAY, "--json"],
    ["review", "--today", TODAY, "--dry-run"],
]


def _vaults(names: list[str], work: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for name in names:
        if name == "sample":
            found["sample"] = ROOT / "sample_vault"
        elif name == "shared":
            for vault in sorted(SHARED.iterdir()) if SHARED.is_dir() else []:
                found[f"shared/{vault.name}"] = vault
        elif name.startswith("gen"):
            notes = int(name[3:])
            out = work / f"gen{notes}"
            subprocess.run([sys.executable, str(HERE / "genvault.py"), str(out), "--notes",
                            str(notes), "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
            found[name] = out
        else:
            raise SystemExit(f"unknown vault set {name!r}")
    return found


# when the goal map was last written (state.db's canvas row): a clock reading, not an output
_WROTE_NS = re.compile(r'"wrote_ns":[0-9]+')


def _db_rows(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        rows = [f"schema {r[0]}" for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")]
        for table in tables:
            rows += [_WROTE_NS.sub('"wrote_ns":…', f"{table} {row!r}")
                     for row in conn.execute(f'SELECT * FROM "{table}"')]
        rows.append(f"user_version {conn.execute('PRAGMA user_version').fetchone()[0]}")
        return sorted(rows)
    finally:
        conn.close()


def _snapshot(vault: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in sorted(vault.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(vault).as_posix()
        if rel.endswith(("-wal", "-shm")) or rel.endswith("/lock"):
            continue
        if rel.endswith("cache.db"):
            continue  # the parse cache is an implementation detail
        if rel.endswith(".db") or rel.endswith(".sqlite"):
            out[rel] = _db_rows(path)
        else:
            out[rel] = path.read_bytes()
    return out


def _side(src: Path, vault: Path, work: Path, label: str) -> dict[str, object]:
    copy = work / label
    shutil.copytree(vault, copy, ignore=shutil.ignore_patterns(".vaultgoals"), symlinks=True)
    # a vault as Obsidian has it: `run` writes only into a folder that looks like a vault
    (copy / ".obsidian").mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(src), COLUMNS="200", NO_COLOR="1",
               PYTHONIOENCODING="utf-8")
    result: dict[str, object] = {}
    for i, args in enumerate(COMMANDS):
        proc = subprocess.run([sys.executable, "-m", "vaultgoals", args[0], str(copy), *args[1:]],
                              capture_output=True, text=True, env=env, timeout=900,
                              cwd=work)  # not this checkout: `-m` puts the cwd first
        key = f"#{i} {' '.join(args)}"
        result[f"{key} exit"] = proc.returncode
        result[f"{key} stdout"] = proc.stdout.replace(str(copy), "VAULT")
        result[f"{key} stderr"] = proc.stderr.replace(str(copy), "VAULT")
    for rel, value in _snapshot(copy).items():
        result[f"file {rel}"] = value
    return result


def _detail(a: object, b: object) -> str:
    """For journal rows: the first rows only one side has."""
    if not (isinstance(a, list) and isinstance(b, list)):
        return ""
    gone = sorted(set(a) - set(b))[:3]
    added = sorted(set(b) - set(a))[:3]
    return "".join(f"\n    - {row}" for row in gone) + "".join(f"\n    + {row}" for row in added)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev")
    parser.add_argument("--vaults", default="sample,shared,gen2000")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vg-compare-"))
    old_src = work / "old-src"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old_src),
                    args.rev], check=True, capture_output=True)
    differences = 0
    try:
        for name, vault in _vaults(args.vaults.split(","), work).items():
            safe = name.replace("/", "_")
            old = _side(old_src, vault, work, f"{safe}-old")
            new = _side(ROOT, vault, work, f"{safe}-new")
            for key in sorted(old.keys() | new.keys()):
                a, b = old.get(key), new.get(key)
                if a != b:
                    differences += 1
                    print(f"{name}: {key} differs{_detail(a, b)}")
            print(f"{name}: {len(old)} outputs compared")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                        str(old_src)], capture_output=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{differences} difference(s)")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
