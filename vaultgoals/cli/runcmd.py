"""`vaultgoals run|review|celebrate`: one pass, then what was written and why not."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from rich.console import Console

from vaultgoals.app.jobs import Refused, run_once
from vaultgoals.app.notewriter import Outcome
from vaultgoals.cli.common import (
    UsageError,
    check_vault,
    check_writable_vault,
    parse_today,
    parse_week,
    print_problems,
    read_config,
    say,
)
from vaultgoals.core.insights import week_of
from vaultgoals.core.periods import KINDS, Span, parse_span
from vaultgoals.store.journal import JournalError
from vaultgoals.store.lock import LockHeld


def run_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """One pass and a summary: exit 0, 1 if a note could not be written, 2 on bad input."""
    vault = check_vault(args.vault)
    check_writable_vault(vault, args.vault, args.force)
    today = parse_today(args.today)
    config = read_config(vault)
    week = week_of(parse_week(args.week, config.week_rules), config) if args.week else None
    period = _period(args)
    try:
        outcome, notices = run_once(vault, config, today, week, args.job, args.dry_run,
                                    period,
                                    getattr(args, "apply_decisions", False))
    except (Refused, LockHeld) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # .vaultgoals/ cannot be created: a read-only vault, a full disk
        where = f" {exc.filename}" if exc.filename else ""
        say(err, "vaultgoals:", "red", f"cannot write{where}: {exc.strerror or exc}")
        return 1
    except JournalError as exc:
        say(err, "vaultgoals:", "red", str(exc))
        return 1
    for note in notices:
        say(err, "journal", "yellow", note)
    _print_outcome(outcome, out, err)
    if getattr(args, "show", False):
        shown = outcome.periodic_paths if period is not None else [outcome.review_path]
        for rel in shown:
            if rel:
                _show(vault / rel, rel, out)
    return 1 if outcome.errors else 0


def _period(args: argparse.Namespace) -> Span | None:
    """The month, quarter or year `review --month|--quarter|--year` names, else None."""
    for kind in KINDS:
        text = getattr(args, kind, None)
        if text is not None:
            try:
                return parse_span(kind, text)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
    return None


def _print_outcome(outcome: Outcome, out: Console, err: Console) -> None:
    for res in outcome.results:
        if res.status == "written":
            say(out, "wrote", "green", res.path)
        elif res.status == "would-write":
            say(out, "would write", "cyan", res.path)
            if res.diff:
                out.print(res.diff, markup=False, highlight=False, soft_wrap=True)
        elif res.status in ("error", "conflict"):
            say(err, "not written", "red", f"{res.path}: {res.message}")
    if not outcome.written and not outcome.errors:
        out.print("Everything is up to date; nothing written.")
    for notice in outcome.notices:
        say(err, "note", "yellow", notice)
    print_problems(err, outcome.problems)


def _show(path: Path, rel: str, out: Console) -> None:
    """The review as Obsidian's reading view shows it: comments (the markers) hidden,
    links shown by their text."""
    from rich.markdown import Markdown  # lazy: only for --show

    if not path.is_file():
        return
    out.rule(rel)
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"%%.*?%%\n?", "", text, flags=re.DOTALL)
    text = re.sub(r"\[\[[^\]|]*?\\?\|([^\]]*)\]\]", r"\1", text)  # [[t|shown]]
    text = re.sub(r"\[\[([^\]]*)\]\]", r"\1", text)
    out.print(Markdown(text))
