"""What every command shares: checking the vault, the date and the settings it was given,
and printing one line per message (user text never read as rich markup)."""

from __future__ import annotations

import re
import shlex
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vaultgoals.core.config import CONFIG_FILE, Config, ConfigError
from vaultgoals.core.dates import FIRST_DAY, LAST_DAY, parse_week_label
from vaultgoals.core.model import Problem
from vaultgoals.core.weeks import WeekRules
from vaultgoals.store.settings import load_config

if TYPE_CHECKING:
    from rich.console import Console


_WEEK_NAME = re.compile(r"(\d{4})-?W(\d{1,2})")


class UsageError(Exception):
    """Bad input on the command line: printed as one line, exit code 2."""


def parse_today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today {value!r} is not a date (YYYY-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(f"--today {value!r} is outside the dates vaultgoals works with "
                         f"({FIRST_DAY} to {LAST_DAY})")
    return day


def check_week(value: str) -> None:
    """`--week` checked before the vault's week rules are read: a name like `2026-W47` in
    a year vaultgoals works with (whether that week exists is `parse_week`'s to say)."""
    m = _WEEK_NAME.fullmatch(value.strip())
    if m is None or not 1 <= int(m.group(2)) <= 53:
        raise UsageError(f"--week {value!r} is not a week like 2026-W47")
    if not FIRST_DAY.year <= int(m.group(1)) <= LAST_DAY.year:
        raise UsageError(f"--week {value!r} is outside the dates vaultgoals works with "
                         f"({FIRST_DAY} to {LAST_DAY})")


def parse_week(value: str, rules: WeekRules) -> date:
    """The first day of the week `value` names (`2026-W47`), numbered under the vault's
    week rules as its weekly notes and reviews are; checked like `--today`."""
    first = parse_week_label(value, rules)
    if first is None:
        raise UsageError(f"--week {value!r} is not a week like 2026-W47")
    if not FIRST_DAY <= first <= LAST_DAY:
        raise UsageError(f"--week {value!r} is outside the dates vaultgoals works with "
                         f"({FIRST_DAY} to {LAST_DAY})")
    return first


def check_vault(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise UsageError(f"vault {value!r} does not exist")
    if not path.is_dir():
        raise UsageError(f"vault {value!r} is a file, not a folder")
    return path


def is_vault(vault: Path) -> bool:
    """Does the folder look like a vault `run` and `watch` may write into? It has
    Obsidian's settings folder, a vaultgoals configuration, or the journal of an earlier
    run (a folder vaultgoals kept notes in before it asked for a marker). Not the parse
    cache: `status` writes that in any folder."""
    return ((vault / ".obsidian").is_dir() or (vault / CONFIG_FILE).is_file()
            or (vault / ".vaultgoals/state.db").is_file())


def check_writable_vault(vault: Path, given: str, force: bool) -> None:
    """A UsageError unless `vault` looks like a vault (`is_vault`) or `force`: a command
    that writes notes is not to fill a Downloads folder with `Reviews/`."""
    if force or is_vault(vault):
        return
    quoted = shlex.quote(given)
    raise UsageError(
        f"{given!r} does not look like an Obsidian vault (no .obsidian/ folder and no "
        f"{CONFIG_FILE}); nothing written. To use it as one, run `vaultgoals init {quoted}` "
        f"(writes a commented {CONFIG_FILE} saying what it found), or add --force to write "
        "into it anyway")


def read_config(vault: Path) -> Config:
    try:
        return load_config(vault)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def write_out(text: str) -> None:
    """Write `text` to standard output, if there is one: under pythonw, a launcher or a
    scheduled task `sys.stdout` is None, and what would have been printed goes nowhere
    (the notes are written all the same)."""
    if sys.stdout is not None:
        sys.stdout.write(text)


def say(console: Console, label: str, style: str, text: str) -> None:
    """`label text` with only the label styled: user text is never read as rich markup."""
    from rich.text import Text

    console.print(Text.assemble((label, style), " ", text), highlight=False, soft_wrap=True)


def print_problems(err: Console, problems: list[Problem], limit: int = 50) -> None:
    for p in problems[:limit]:
        say(err, "warning", "yellow", f"{p.path}:{p.line}: {p.message}")
    if len(problems) > limit:
        err.print(f"… and {len(problems) - limit} more warnings (see --json)")
