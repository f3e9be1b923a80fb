"""`vaultgoals init [VAULT]`: make a folder a vault vaultgoals may write into, with a
commented `.vaultgoals.yaml` saying what it found (`vaultgoals.app.initvault`)."""

from __future__ import annotations

import argparse
import os
import shlex

from rich.console import Console

from vaultgoals.app.initvault import init_vault
from vaultgoals.cli.common import check_vault, parse_today, read_config, say
from vaultgoals.core.config import CONFIG_FILE


def init_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Exit 0 when the file was written, or was already there (left as it is: the folder
    already is a vault vaultgoals knows); 1 when it could not be written; 2 bad usage."""
    vault = check_vault(args.vault)
    target = vault / CONFIG_FILE
    if os.path.lexists(target):
        say(err, "vaultgoals:", "yellow", f"{target} already exists; left as it is "
            "(nothing written)")
        return 0
    config = read_config(vault)  # Obsidian's settings only: there is no config file yet
    result = init_vault(vault, config, parse_today(args.today))
    if result.status == "conflict":  # made meanwhile: never replaced
        say(err, "vaultgoals:", "yellow", f"{target} already exists; left as it is "
            "(nothing written)")
        return 0
    if result.status != "written":
        say(err, "not written", "red", result.message)
        return 1
    say(out, "wrote", "green", str(target))
    out.print(f"Next: vaultgoals run {shlex.quote(args.vault)}  (or `vaultgoals watch`)",
              markup=False, highlight=False, soft_wrap=True)
    return 0
