"""`vaultgoals explain [VAULT] [NOTE[:LINE]]`: what vaultgoals recognised, and why.

Thin: the vault is read by the pipeline, the account is `vaultgoals.core.explain` and its
rendering `vaultgoals.core.render.explain`; this finds the note the user named (a path as
typed, relative to the vault, or a name resolved the way Obsidian resolves a link) and
prints.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultgoals.app.explainnote import explain_note_path
from vaultgoals.app.pipeline import Pipeline
from vaultgoals.cli.common import UsageError, check_vault, parse_today, read_config, write_out
from vaultgoals.core.explain import explain_note, summarise
from vaultgoals.core.graph import Graph
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.render.explain import (
    note_json,
    note_lines,
    summary_json,
    summary_lines,
)
from vaultgoals.store.files import read_regular
from vaultgoals.store.safepath import resolve_inside

if TYPE_CHECKING:
    from rich.console import Console

def _split(args: argparse.Namespace) -> tuple[str, str | None]:
    """(vault, note): one argument that is not a folder is a note of the current folder."""
    if args.note is None and args.vault is not None and not Path(args.vault).expanduser(
    ).is_dir() and Path.cwd().is_dir():
        return ".", args.vault
    return args.vault or ".", args.note


def _target(note: str) -> tuple[str, int | None]:
    name, sep, tail = note.rpartition(":")
    if sep and tail.isdigit() and name:
        return name, int(tail)
    return note, None


def find_note(vault: Path, docs: dict[str, NoteDoc] | Any, resolver: LinkResolver,
              name: str) -> str:
    """The vault-relative path of the note `name` names, or a UsageError."""
    typed = name.replace("\\", "/").strip()
    given = Path(typed).expanduser()
    if given.is_absolute() or typed.startswith(("./", "../")):
        try:
            typed = given.resolve().relative_to(vault.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{name}: not a note of the vault {vault}") from None
    for candidate in (typed, f"{typed}.md"):
        if candidate in docs:
            return candidate
    hit = resolver.resolve(typed[:-3] if typed.lower().endswith(".md") else typed)
    if hit is not None and hit in docs:
        return hit
    raise UsageError(f"{name}: no such note in {vault}")


def _line_text(vault: Path, rel: str, line: int) -> str:
    """The text of line `line` of the note, or a UsageError naming the file and line."""
    try:
        data = read_regular(resolve_inside(vault, rel))
    except (OSError, UnsafePath) as exc:
        raise UsageError(f"{rel}:{line}: cannot be read: {exc}") from None
    lines = (data or b"").decode("utf-8", "replace").splitlines()
    if not 1 <= line <= len(lines):
        raise UsageError(f"{rel}:{line}: line {line} is out of range (the note has "
                         f"{len(lines)} line{'' if len(lines) == 1 else 's'})")
    return lines[line - 1]


def explain_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    vault_arg, note = _split(args)
    vault = check_vault(vault_arg)
    today = parse_today(args.today)
    config = read_config(vault)
    pipe = Pipeline(vault, config)
    try:
        pipe.scan()
    finally:
        pipe.close()
    graph: Graph = pipe.graph(today)
    docs = pipe.docs()
    if note is None:
        summary = summarise(graph, docs, config, skip=explain_note_path(config))
        if args.json:
            _print_json(summary_json(summary))
        else:
            _print(out, summary_lines(summary))
        return 0
    name, line = _target(note)
    try:
        rel = find_note(vault, docs, graph.resolver, name)
    except UsageError:
        raise UsageError(f"{note}: no such note in {vault}") from None
    text = _line_text(vault, rel, line) if line is not None else None
    report = explain_note(graph, docs, config, rel, line)
    if args.json:
        _print_json(note_json(report, text))
    else:
        _print(out, note_lines(report, text))
    return 0


def _print_json(data: dict[str, Any]) -> None:
    write_out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _print(out: Console, lines: list[str]) -> None:
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
