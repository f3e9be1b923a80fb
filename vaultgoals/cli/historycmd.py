"""`vaultgoals history VAULT GOAL`: a goal's timeline, as the journal remembers it: when it
was first seen, every revision of its deadline, target, status and parent, and every
decision ticked about it in a review. Reads the journal only (nothing is written)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console

from vaultgoals.app.history import journal_memory
from vaultgoals.cli.common import UsageError, check_vault, read_config, write_out
from vaultgoals.core.revisions import TRACKED, Memory, describe

HISTORY_SCHEMA = "vaultgoals.history/1"


def find_goal(memory: Memory, wanted: str) -> str | None:
    """The goal key `wanted` names: a path (with or without `.md`), else a note name as in
    a link (case-insensitive; several: the shortest path, then the first by name)."""
    keys = set(memory.values) | set(memory.revisions) | set(memory.decisions)
    want = wanted.strip().removeprefix("[[").removesuffix("]]").strip()
    for key in (want, f"{want}.md"):
        if key in keys:
            return key
    name = want.casefold().removesuffix(".md")
    found = [k for k in keys if k.rsplit("/", 1)[-1].casefold().removesuffix(".md") == name
             or k.casefold().removesuffix(".md") == name]
    return min(found, key=lambda k: (len(k), k)) if found else None


def timeline(memory: Memory, key: str) -> dict[str, Any]:
    """The goal's timeline as JSON (docs/json.md, `vaultgoals history --json`)."""
    revs = memory.revisions.get(key, ())
    events: list[dict[str, Any]] = [
        {"day": r.day, "kind": "revision", "field": r.field, "old": r.old, "new": r.new,
         "said": describe(r, revs, {})} for r in revs]
    events += [{"day": d.day, "kind": "decision", "week": d.week, "option": d.option,
                "detail": d.detail, "applied": d.applied or None}
               for d in memory.decisions.get(key, ())]
    events.sort(key=lambda e: (e["day"], e["kind"] != "revision"))
    return {"schema": HISTORY_SCHEMA, "goal": key,
            "first_seen": memory.first_seen.get(key) or None,
            "values": {f: v for f in TRACKED if (v := memory.values.get(key, {}).get(f))
                       is not None}, "timeline": events}


def history_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    vault = check_vault(args.vault)
    config = read_config(vault)
    memory = journal_memory(vault, config)
    key = find_goal(memory, args.goal)
    if key is None:
        raise UsageError(f"{vault}: the journal remembers no goal named {args.goal!r} (goals "
                         "written as notes are remembered from the first run that sees them)")
    data = timeline(memory, key)
    if args.json:
        write_out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    lines = [key]
    if data["first_seen"]:
        lines.append(f"  {data['first_seen']}  first seen")
    for e in data["timeline"]:
        if e["kind"] == "revision":
            lines.append(f"  {e['day']}  {e['said']}")
        else:
            said = e["option"] + (f": {e['detail']}" if e["detail"] else "")
            applied = f"; status written {e['applied']}" if e["applied"] else ""
            lines.append(f"  {e['day']}  decided {said} (review {e['week']}{applied})")
    now = ", ".join(f"{k} {v or 'none'}" for k, v in data["values"].items())
    if now:
        lines.append(f"  now: {now}")
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    return 0
