"""The command line explains itself: every command's --help says what it does with examples,
a typo is answered with the nearest command or option, the version is the package's, and
shell completion comes from the parser (#18 points 1, 3 and 4). Through the real CLI."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import cli, cli_env
from vaultgoals import __version__
from vaultgoals.cli.main import build_parser

PARSER, COMMANDS = build_parser()


def test_the_version_is_the_packages() -> None:
    proc = cli("--version", check=True)
    assert proc.stdout == f"vaultgoals {__version__}\n"


def test_every_command_explains_its_options_with_an_example() -> None:
    top = cli("--help", check=True).stdout
    assert re.search(r"^examples:\n  vaultgoals init ~/Vault", top, re.M)
    for name, parser in COMMANDS.items():
        out = cli(name, "--help", check=True).stdout
        description, _, examples = out.partition("\nexamples")
        assert description.split("\n\n")[1].strip(), f"{name}: no description"
        assert re.search(rf"^\s+(\S+:\s+)?vaultgoals {name}\b", examples, re.M), name
        for action in parser._actions:
            assert action.help, f"{name} {action.dest}: no help"
            for option in action.option_strings:
                assert option in description, f"{name}: {option} not in --help"


@pytest.mark.parametrize(("argv", "hint"), [
    (["stauts", "VAULT"], "there is no command 'stauts'; did you mean 'status'?"),
    (["--verison"], "unrecognized arguments: --verison; did you mean --version?"),
    (["run", "VAULT", "--dryrun"], "unrecognized arguments: --dryrun; did you mean --dry-run?"),
    (["review", "VAULT", "--weak=2026-W47"], "did you mean --week?"),
    (["status", "VAULT", "--dry-run"],
     "--dry-run is an option of run, review and celebrate, not of status"),
    (["--json", "status", "VAULT"], "--json goes after the command: vaultgoals status … --json"),
    (["--json"], "--json is an option of status, history, tasks and explain"),
])
def test_a_typo_names_the_nearest_command_or_option(argv: list[str], hint: str) -> None:
    proc = cli(*argv)
    assert proc.returncode == 2 and proc.stdout == ""
    usage, error = proc.stderr.rstrip("\n").rsplit("\n", 1)
    assert usage.startswith("usage: vaultgoals")
    assert error.startswith("vaultgoals") and ": error: " in error and hint in error, error


def test_an_unknown_command_with_nothing_near_lists_the_commands() -> None:
    proc = cli("frobnicate")
    assert proc.returncode == 2
    assert proc.stderr.endswith("vaultgoals: error: there is no command 'frobnicate' "
                                f"(commands: {', '.join(COMMANDS)})\n")


@pytest.mark.parametrize(("shell", "marker"), [
    ("bash", "-F _python_argcomplete vaultgoals"),
    ("zsh", "#compdef vaultgoals"),
    ("fish", "complete --command vaultgoals -f -a '(__fish_vaultgoals_complete)'"),
])
def test_completion_prints_each_shells_script(shell: str, marker: str) -> None:
    assert marker in cli("completion", shell, check=True).stdout


@pytest.mark.parametrize(("line", "expected"), [
    ("vaultgoals st", ["status "]),
    ("vaultgoals run --d", ["--dry-run "]),
    ("vaultgoals completion ", ["-h", "--help", "bash", "zsh", "fish"]),
    ("vaultgoals status V --today ", ["TODAY "]),
    ("vaultgoals watch {tmp}/Va", ["{tmp}/Vault/"]),
])
def test_a_tab_is_answered_from_the_parser(tmp_path: Path, line: str,
                                           expected: list[str]) -> None:
    """argcomplete's protocol, as the scripts above speak it: the line so far in COMP_LINE,
    the answers (separated by \\v) in the file _ARGCOMPLETE_STDOUT_FILENAME names."""
    (tmp_path / "Vault").mkdir()
    (tmp_path / "Vault.md").write_text("a note, not a folder: not offered for VAULT")
    line = line.format(tmp=tmp_path)
    answer = tmp_path / "answer"
    env = dict(cli_env(), _ARGCOMPLETE="1", _ARGCOMPLETE_SHELL="bash", COMP_LINE=line,
               COMP_POINT=str(len(line)), _ARGCOMPLETE_STDOUT_FILENAME=str(answer))
    proc = cli(env=env)
    assert proc.returncode == 0, proc.stderr
    want = [w.format(tmp=tmp_path).replace("TODAY", date.today().isoformat())
            for w in expected]
    assert answer.read_text().split("\v") == want
