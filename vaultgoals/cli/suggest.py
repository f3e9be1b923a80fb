"""Parsing the command line with a hint on a typo: a command or option that does not exist
is answered with the nearest one that does (`did you mean 'status'?`), the same on every
Python we support.

Python 3.14's `ArgumentParser(suggest_on_error=True)` only covers invalid choices (the
command), not unknown options, and older Pythons have nothing: the hints are made here
with difflib, before argparse would reject a command and after it has set unknown options
aside. The messages go through `ArgumentParser.error`: the usage line, then
`vaultgoals: error: …`, exit code 2, as any other usage error argparse reports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence

# The top-level parser's own options, all flags: argparse answers them (help, version)
# before it looks at a command, so a line holding one is left to argparse.
_ANSWERED_FIRST = ("-h", "--help", "--version")


def parse_args(
    parser: argparse.ArgumentParser,
    commands: Mapping[str, argparse.ArgumentParser],
    argv: Sequence[str] | None = None,
) -> argparse.Namespace:
    """`parser.parse_args(argv)`, with the nearest command or option named on a typo.
    `commands` maps each command's name to its parser (the subparsers' `choices`)."""
    words = list(sys.argv[1:] if argv is None else argv)
    _check_command(parser, commands, words)
    args, extras = parser.parse_known_args(words)
    if extras:
        name = args.command
        commands[name].error(_unknown(extras, _Where(parser, commands, name)))
    return args


def nearest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate closest to `word` (difflib's ratio, at least 0.6), if any is close."""
    import difflib  # lazy: only a mistyped line needs it (0.8 ms of every start otherwise)

    found = difflib.get_close_matches(word, candidates, n=1)
    return found[0] if found else None


class _Where:
    """The parsers an unknown option is looked up in: the command's own (or the top
    level's, with no command), then every other one."""

    def __init__(self, top: argparse.ArgumentParser,
                 commands: Mapping[str, argparse.ArgumentParser], name: str | None) -> None:
        self.top = _options(top)
        self.commands = {n: _options(p) for n, p in commands.items()}
        self.name = name
        self.mine = self.commands[name] if name is not None else self.top


def _check_command(
    parser: argparse.ArgumentParser, commands: Mapping[str, argparse.ArgumentParser],
    words: list[str],
) -> None:
    """Before argparse sees the line: an unknown command, or (with no command at all) an
    unknown option, is an error naming the nearest one."""
    leading: list[str] = []
    command = None
    for i, word in enumerate(words):
        if word == "--":
            command = words[i + 1] if i + 1 < len(words) else None
            break
        if word.startswith("-") and word != "-":
            leading.append(word)
            continue
        command = word
        break
    if any(w in _ANSWERED_FIRST for w in leading):
        return
    names = list(commands)
    if command is not None and command not in commands:
        guess = nearest(command, names)
        hint = f"; did you mean {guess!r}?" if guess else ""
        parser.error(f"there is no command {command!r}{hint} (commands: {', '.join(names)})")
    if command is None and leading:
        parser.error(_unknown(leading, _Where(parser, commands, None)))


def _unknown(extras: list[str], where: _Where) -> str:
    """`unrecognized arguments: …` (argparse's words), with a hint about the first unknown
    option: where it belongs, when it is another place's option, else the nearest option
    of the place it was written in."""
    message = f"unrecognized arguments: {' '.join(extras)}"
    option = next((w.split("=", 1)[0] for w in extras if w.startswith("-") and w != "-"),
                  None)
    if option is None:
        return message
    name = where.name
    if option in where.mine:  # (only an option written before its command gets here)
        return f"{message} ({option} goes after the command: vaultgoals {name} … {option})"
    if name is not None and option in where.top:
        return f"{message} ({option} goes before the command: vaultgoals {option})"
    owners = [n for n, options in where.commands.items() if option in options]
    if owners and name is None:
        return (f"{message} ({option} is an option of {_join(owners)}: "
                f"vaultgoals {owners[0]} … {option})")
    if owners:
        return f"{message} ({option} is an option of {_join(owners)}, not of {name})"
    guess = nearest(option, where.mine)
    return f"{message}; did you mean {guess}?" if guess is not None else message


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Every option string a parser takes. argparse has no public list of them:
    `_option_string_actions` is the table it matches options against itself."""
    return list(parser._option_string_actions)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
