"""The command line: argument parsing and printing only. It may import every other layer;
nothing imports it. `main()` parses and dispatches; `run()` is the console script.

- `main`: the parser, `status` and `tasks`, exit codes;
- `common`: checking the vault, the date and the settings; one-line messages;
- `runcmd`: `run`, `review`, `celebrate`;
- `watchcmd`: `watch` (its log, its signals);
- `statustree`: the rich tree `status` prints.
"""

from vaultgoals.cli.main import main, run

__all__ = ["main", "run"]
