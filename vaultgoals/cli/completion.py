"""Shell completion for bash, zsh and fish, from the argument parser itself (argcomplete).

`vaultgoals completion SHELL` prints the script a shell loads once; at each TAB that script
runs `vaultgoals` with argcomplete's variables set, and `complete_if_asked` answers from the
parser and exits, before anything is imported or scanned (about 0.1 s a TAB). Without those
variables argcomplete is not even imported: completion costs a normal start nothing.
Installation per shell: docs/completion.md.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from typing import Any

SHELLS = ("bash", "zsh", "fish")
PROG = "vaultgoals"


def complete_if_asked(parser: argparse.ArgumentParser) -> None:
    """When a shell asks for completions (argcomplete's `_ARGCOMPLETE` is set), print them
    and end the process; otherwise return at once."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete  # lazy: 14 ms that only a TAB needs

    argcomplete.autocomplete(parser)


def script(shell: str) -> str:
    """The completion script for `shell` (one of SHELLS), for the command `vaultgoals`."""
    from argcomplete.shell_integration import shellcode  # lazy: as above

    return shellcode([PROG], shell=shell)


def complete_folders(**kwargs: Any) -> Any:
    """A VAULT argument's completions: folders only (argcomplete's DirectoriesCompleter,
    imported when a TAB asks)."""
    from argcomplete.completers import DirectoriesCompleter

    return DirectoriesCompleter()(**kwargs)


def complete_today(**_: Any) -> list[str]:
    """`--today`'s completion: today's date, the form the option takes."""
    return [date.today().isoformat()]


def completes(action: argparse.Action, completer: Any) -> argparse.Action:
    """`action`, completed by `completer` (argcomplete reads an action's `completer`)."""
    action.completer = completer  # type: ignore[attr-defined]
    return action
