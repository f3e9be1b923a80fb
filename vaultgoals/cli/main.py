"""Command-line interface: argument parsing, rich output, exit codes. No logic lives here.

Exit codes: 0 success (warnings go to stderr), 1 a run that could not write some notes,
2 bad usage (missing vault, a file instead of a folder, a bad date, a bad config), 3 (`watch`
only, `watch.EXIT_VAULT_GONE`) the vault folder is missing, at the start or later.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import time
from typing import TYPE_CHECKING, Any, NoReturn

from vaultgoals import __version__
from vaultgoals.cli.common import (
    UsageError,
    check_vault,
    check_week,
    parse_today,
    print_problems,
    read_config,
    say,
    write_out,
)
from vaultgoals.cli.completion import (
    SHELLS,
    complete_folders,
    complete_if_asked,
    complete_today,
    completes,
    script,
)
from vaultgoals.cli.helptext import DESCRIPTIONS, EXAMPLES, TOP
from vaultgoals.cli.suggest import parse_args

if TYPE_CHECKING:
    from rich.console import Console


EXPLAIN_HELP = "say which notes and lines are read as goals, and why (or why not)"
EXPLAIN_DESCRIPTION = """\
Say what vaultgoals recognised in the vault and why. Without NOTE: a summary grouped by
convention and place, the templates and reference notes skipped, and the near misses
(goals written almost the way a convention reads them) with the edit or config line that
would include them. With NOTE: which convention read the note and each of its lines, or
why none did. With NOTE:LINE: that one line.

NOTE is a path relative to the vault (`Goals/Run a marathon.md`, `.md` optional) or a
note's name as in a [[link]] (`Run a marathon`). VAULT defaults to the current folder
when the first argument is not a folder.
"""



class _ScanProgress:
    """A rich progress bar on stderr, shown only once a scan has taken over a second."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.shown = console.is_terminal  # (asked once: rich asks the OS every time)
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if not self.shown or time.monotonic() - self.started < 1.0:
                return
            from rich.progress import Progress

            self.bar = Progress(console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Reading notes", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _load(args: argparse.Namespace, err: Console) -> Any:
    # lazy: a parse worker imports this module as its main one and needs none of this
    from vaultgoals.app.pipeline import Pipeline

    vault = check_vault(args.vault)
    today = parse_today(getattr(args, "today", None))
    config = read_config(vault)
    pipe = Pipeline(vault, config)
    progress = _ScanProgress(err)
    try:
        pipe.scan(progress)
    finally:
        progress.close()
        pipe.close()  # (the parse cache is read and updated by the scan only)
    _KEPT.append(pipe)  # see run()
    return pipe, today


def _graph(pipe: Any, today: Any) -> Any:
    """The goal graph, with the journal's dates as the last run left them (read-only), so
    `status` and `tasks` date done tasks as the review does."""
    from vaultgoals.app.history import journal_done_days  # lazy: as in _load

    return pipe.graph(today, journal_done_days(pipe.vault, pipe.config, pipe.docs()))


def relations_json(pipe: Any, graph: Any, today: Any) -> dict[str, Any]:
    """`status --json`'s `skills` and `people` (core/render/relationsjson.py), with the
    skill levels the journal recorded (read-only)."""
    from vaultgoals.app.history import journal_levels  # lazy: as in _load
    from vaultgoals.core.insights import week_of  # lazy: as in _load
    from vaultgoals.core.render.relationsjson import people_json, skills_json  # lazy

    index = pipe.evidence()
    week = week_of(today, pipe.config)
    levels = journal_levels(pipe.vault, pipe.config)
    return {"skills": skills_json(graph, index, (week.start, week.end), today, levels),
            "people": people_json(graph, index, today)}


def cmd_status(args: argparse.Namespace, out: Console, err: Console) -> int:
    pipe, today = _load(args, err)
    graph = _graph(pipe, today)
    problems = pipe.problems(graph)
    if args.json:
        from vaultgoals.app.history import journal_memory  # lazy: as in _load
        from vaultgoals.core.render.json import status_json  # lazy: as in _load
        from vaultgoals.core.render.jsontext import dumps_indented  # lazy: as in _load

        data = status_json(graph, pipe.config, problems, pipe.index.conflicts,
                           journal_memory(pipe.vault, pipe.config))
        data.update(relations_json(pipe, graph, today))
        write_out(dumps_indented(data) + "\n")  # (json.dumps's text: see jsontext.py)
    else:
        from vaultgoals.cli.statustree import status_tree  # lazy: not for --json

        no_goals = None
        if not graph.roots:
            from vaultgoals.app.explainnote import explain_note_path  # lazy: as in _load
            from vaultgoals.core.explain import summarise  # lazy: as in _load
            from vaultgoals.core.render.explain import no_goals_lines  # lazy: as in _load

            no_goals = no_goals_lines(summarise(graph, pipe.docs(), pipe.config,
                                                skip=explain_note_path(pipe.config)))
        from vaultgoals.app.history import journal_snapshots  # lazy: as in _load

        out.print(status_tree(graph, no_goals, journal_snapshots(pipe.vault, pipe.config)))
        if pipe.index.conflicts:
            say(out, "Sync conflict copies (not counted):", "yellow",
                ", ".join(pipe.index.conflicts))
    print_problems(err, problems)
    return 0


def cmd_tasks(args: argparse.Namespace, out: Console, err: Console) -> int:
    from vaultgoals.core.render.json import task_json  # lazy: as in _load

    pipe, today = _load(args, err)
    graph = _graph(pipe, today)
    write = write_out
    if args.json:
        for ref in graph.tasks:
            write(json.dumps(task_json(ref, graph), ensure_ascii=False) + "\n")
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table("note", "line", "", "task", "counts toward", box=None)
        for ref in graph.tasks:
            goal = graph.nodes[ref.goal].title if ref.goal else ""
            table.add_row(Text(ref.path), str(ref.task.line), Text(f"[{ref.task.status}]"),
                          Text(ref.task.fields.description), Text(goal))
        out.print(table)
    print_problems(err, pipe.problems(graph))
    return 0


def cmd_chart(args: argparse.Namespace, out: Console, err: Console) -> int:
    from vaultgoals.cli.chartcmd import chart_command  # lazy: as in _load

    pipe, today = _load(args, err)
    graph = _graph(pipe, today)
    return chart_command(args, pipe, graph, today, out, err)


def cmd_history(args: argparse.Namespace, out: Console, err: Console) -> int:
    from vaultgoals.cli.historycmd import history_command  # lazy: as in _load

    return history_command(args, out, err)


def cmd_run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from vaultgoals.cli.runcmd import run_command  # lazy: `status` need not import the job

    return run_command(args, out, err)


def cmd_explain(args: argparse.Namespace, out: Console, err: Console) -> int:
    from vaultgoals.cli.explaincmd import explain_command  # lazy: as in _load

    return explain_command(args, out, err)


def cmd_init(args: argparse.Namespace, out: Console, err: Console) -> int:
    from vaultgoals.cli.initcmd import init_command  # lazy: as in _load

    return init_command(args, out, err)


def cmd_watch(args: argparse.Namespace, out: Console, err: Console) -> int:
    from vaultgoals.cli.watchcmd import watch_command  # lazy: nor the watcher and watchdog

    return watch_command(args, out, err)


def cmd_completion(args: argparse.Namespace, out: Console, err: Console) -> int:
    write_out(script(args.shell))
    return 0


class _Commands:
    """Adds the commands to the parser, each with its help (`cli/helptext.py`), and the
    arguments several of them share."""

    def __init__(self, sub: Any) -> None:
        self.sub = sub

    def command(self, name: str, summary: str, description: str | None = None,
                ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = self.sub.add_parser(
            name, help=summary, description=description or DESCRIPTIONS[name],
            epilog=EXAMPLES[name], formatter_class=argparse.RawDescriptionHelpFormatter)
        return p

    @staticmethod
    def vault(p: argparse.ArgumentParser, **how: Any) -> None:
        completes(p.add_argument("vault", metavar="VAULT", **how), complete_folders)

    @staticmethod
    def today(p: argparse.ArgumentParser) -> None:
        completes(
            p.add_argument("--today", metavar="YYYY-MM-DD", help="pretend today is this date"),
            complete_today)

    def common(self, p: argparse.ArgumentParser) -> None:
        self.vault(p, help="the vault folder")
        self.today(p)

    @staticmethod
    def decisions(p: argparse.ArgumentParser) -> None:  # (commands that write the review)
        p.add_argument("--apply-decisions", action="store_true",
                       help="write a drop or pause you ticked in a review into the goal's "
                       "status (off by default): see docs/goals.md")

    @staticmethod
    def force(p: argparse.ArgumentParser) -> None:  # (commands that write notes)
        p.add_argument("--force", action="store_true",
                       help="write even into a folder that is not a vault (no .obsidian/, "
                       "no .vaultgoals.yaml): see docs/config.md")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser, and each command's own (by name). Every command's help says what it
    does and shows examples (`cli/helptext.py`)."""
    parser = argparse.ArgumentParser(
        prog="vaultgoals",
        description="Reads the goals in an Obsidian vault; writes weekly reviews and "
        "celebration notes\nback into it.",
        epilog=TOP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"vaultgoals {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    c = _Commands(sub)
    _reading_commands(c)
    _writing_commands(c)
    _other_commands(c)
    return parser, dict(sub.choices)


def _reading_commands(c: _Commands) -> None:
    """The commands that only read: status, chart, history, tasks."""
    p = c.command("status", "show the goal tree with progress and states")
    c.common(p)
    p.add_argument("--json", action="store_true", help="print JSON (schema: docs/json.md)")
    p.set_defaults(func=cmd_status)

    p = c.command("chart", "draw a goal's burn-up in the terminal")
    c.common(p)
    p.add_argument("goal", metavar="GOAL", help="the goal's title, note name or path")
    p.add_argument("--width", type=int, default=0, metavar="N",
                   help="columns of the plot (default: the terminal's, at most 100)")
    p.add_argument("--height", type=int, default=10, metavar="N",
                   help="rows of the plot (default 10)")
    p.set_defaults(func=cmd_chart)

    p = c.command("history", "a goal's timeline: its revisions and the decisions recorded "
                  "about it")
    c.vault(p, help="the vault folder")
    p.add_argument("goal", metavar="GOAL", help="the goal's note: a path (`Goals/Run.md`, "
                   "`.md` optional) or its name as in a [[link]]")
    p.add_argument("--json", action="store_true", help="print JSON (schema: docs/json.md)")
    p.set_defaults(func=cmd_history)

    p = c.command("tasks", "list every task the way Obsidian and Tasks read it")
    c.common(p)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_tasks)


def _writing_commands(c: _Commands) -> None:
    """The commands that write notes: run, review, celebrate."""
    p = c.command("run", "update the journal, celebrations and this week's review")
    c.common(p)
    p.add_argument("--dry-run", action="store_true", help="show diffs, write nothing")
    p.add_argument("--show", action="store_true", help="print the review note afterwards")
    c.decisions(p)
    c.force(p)
    p.set_defaults(func=cmd_run, job="run", week=None)

    p = c.command("review", "write (or preview) the weekly review note")
    c.common(p)
    when = p.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="gggg-Www",
                      help="the week, numbered as your weekly notes, e.g. 2026-W47")
    when.add_argument("--month", metavar="YYYY-MM",
                      help="the monthly review of this month instead, e.g. 2026-10")
    when.add_argument("--quarter", metavar="YYYY-Qn",
                      help="the quarterly review of this quarter instead, e.g. 2026-Q3")
    when.add_argument("--year", metavar="YYYY",
                      help="the year in review of this year instead, e.g. 2026")
    p.add_argument("--dry-run", action="store_true", help="show diffs, write nothing")
    p.add_argument("--show", action="store_true", help="print the review note afterwards")
    c.decisions(p)
    c.force(p)
    p.set_defaults(func=cmd_run, job="review")

    p = c.command("celebrate", "write celebration notes for new achievements")
    c.common(p)
    p.add_argument("--dry-run", action="store_true", help="show diffs, write nothing")
    c.force(p)
    p.set_defaults(func=cmd_run, job="celebrate", week=None, show=False)


def _other_commands(c: _Commands) -> None:
    """explain, init, watch, completion."""
    p = c.command("explain", EXPLAIN_HELP, EXPLAIN_DESCRIPTION)
    c.vault(p, nargs="?", default=None, help="the vault folder (default: the current folder)")
    p.add_argument("note", metavar="NOTE[:LINE]", nargs="?", default=None,
                   help="a note (path or name) and optionally a line of it")
    c.today(p)
    p.add_argument("--json", action="store_true",
                   help="print JSON (keys: see vaultgoals/core/render/explain.py)")
    p.set_defaults(func=cmd_explain)

    p = c.command("init", "make a folder a vault vaultgoals writes into: a commented "
                  ".vaultgoals.yaml saying what it found")
    c.vault(p, nargs="?", default=".", help="the vault folder (default: the current folder)")
    c.today(p)
    p.set_defaults(func=cmd_init)

    p = c.command("watch", "keep the notes current while you edit (foreground)")
    c.common(p)
    p.add_argument("--debounce", type=float, default=None, metavar="SECONDS",
                   help="quiet time after the last change before updating (default 1)")
    p.add_argument("--polling", action="store_true", help="poll instead of native events")
    p.add_argument("--log-file", metavar="PATH", help="append plain log lines to this file")
    p.add_argument("--quiet", action="store_true", help="log only warnings and errors")
    p.add_argument("--status", action="store_true",
                   help="do not watch: tell whether a watcher runs for VAULT, since when, "
                        "its last pass and last error (exit 0 running, 1 not)")
    c.decisions(p)
    c.force(p)
    p.set_defaults(func=cmd_watch)

    p = c.command("completion", "print the shell completion script (bash, zsh, fish)")
    p.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash, zsh or fish")
    p.set_defaults(func=cmd_completion)


# What a one-shot command built, kept to the end of the process: see run().
_KEPT: list[object] = []


def run() -> NoReturn:
    """The `vaultgoals` command (and `python -m vaultgoals`): `main()`, then a quick exit.

    By the time `main()` returns, every file it wrote is written and closed, its lock
    released, its output flushed below. What is left is freeing the hundreds of thousands
    of records a scan built, one by one (about 0.08 s at 10,000 notes, a sixth of a warm
    start), and the interpreter's teardown: the operating system reclaims all of it at
    once instead. (`main()` itself returns normally, for callers in the same process.)
    """
    code = main()
    logging = sys.modules.get("logging")  # (imported only by what logs: the watcher)
    if logging is not None:
        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # no console at all (pythonw, a launcher): nothing to flush
            continue
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to tell it
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser, commands = build_parser()
    complete_if_asked(parser)  # a shell asking for completions: answered, exit
    args = parse_args(parser, commands, argv)
    # (rich is imported here, not with this module: a parse worker, which imports this
    # module as its main one, never needs it, nor does a completion or a usage error)
    from rich.console import Console

    out = Console()
    err = Console(stderr=True)
    try:
        if getattr(args, "week", None) is not None:
            check_week(args.week)
        if getattr(args, "debounce", None) is not None and args.debounce < 0:
            raise UsageError("--debounce must not be negative")
        if args.func is not cmd_watch:
            # A one-shot command builds its records once, keeps them to the end and exits:
            # the cyclic collector would only re-traverse them. The watcher pauses it per
            # pass instead. Not `pipeline.bulk()`: turning the collector back on at the end
            # makes the next allocation collect everything built (docs/performance.md).
            gc.disable()
        code: int = args.func(args, out, err)
        return code
    except UsageError as exc:
        # soft_wrap: one line whatever the width (rich wraps at 80 columns in a pipe or log)
        err.print(f"vaultgoals: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if os.environ.get("VAULTGOALS_DEBUG"):
            raise
        err.print(f"vaultgoals: internal error: {type(exc).__name__}: {exc} — please report "
                  "it (set VAULTGOALS_DEBUG=1 for details)", markup=False, highlight=False,
                  soft_wrap=True)
        return 70
