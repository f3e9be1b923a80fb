"""What `vaultgoals --help` and `vaultgoals COMMAND --help` say beyond the options: what each
command does and examples to copy (every command has at least one: tests/test_cli_help.py)."""

from __future__ import annotations

TOP = """\
examples:
  vaultgoals init ~/Vault               # once: a commented .vaultgoals.yaml (optional)
  vaultgoals run ~/Vault --show         # write this week's review and show it
  vaultgoals watch ~/Vault              # keep the notes current while you write
  vaultgoals explain ~/Vault            # what is read as a goal, and why

`vaultgoals COMMAND --help` explains a command's options, with examples.
The README and the docs/ folder of the source tell the rest; CHANGELOG.md what changed.
"""

# Each command's description, wrapped here (the help is formatted raw, so that the
# examples keep their lines; textwrap is not imported for it).
DESCRIPTIONS = {
    "chart": """\
Draw a goal's burn-up in the terminal: its progress from the journal's daily snapshots,
the plan to 100% at its deadline and the current pace. GOAL: a title (or a part of one only
it has), a note's name or path. Writes no note.
""",
    "history": """\
A goal's timeline from the journal: its revisions (deadline, target, status, parent: old
and new values with the day) and the decisions ticked in reviews. Writes no note.
""",
    "status": """\
Show the goal tree (vision, goals, milestones) with progress bars, deadlines, states and
how each number was counted, then the warnings. Writes no note (only the parse cache in
.vaultgoals/).
""",
    "tasks": """\
List every task, the lines Obsidian marks as checklist items, with its fields and the
goal it counts toward. Writes no note.
""",
    "run": """\
The main job: scan the vault, update the journal, write celebration notes for new
achievements, the wins log and this week's review. Writes only into a folder that looks
like a vault (see `vaultgoals init`).
""",
    "review": """\
Write (or preview) the review of one week only. A past week shows that week's wins,
completions and deadlines; the progress bars show the goals as they are now, with the
change during that week.
""",
    "celebrate": """\
Write celebration notes for new achievements and the wins log, nothing else.
""",
    "init": """\
Make a folder a vault vaultgoals writes into: a commented .vaultgoals.yaml saying what
it found (folders, daily and weekly notes, week rules, templates, what is read as
goals). Never replaces an existing one.
""",
    "watch": """\
Run the main job, then keep the notes current as the vault changes, until Ctrl-C or
SIGTERM (which finish the write in progress). Exit 3 when the vault folder goes away. To
run it as a service: docs/watcher.md.
""",
    "completion": """\
Print the shell completion script for bash, zsh or fish. Completion is generated from
vaultgoals' own options: commands, options, vault folders and today's date for --today.
""",
}

EXAMPLES = {
    "chart": """\
examples:
  vaultgoals chart ~/Vault "Run a half marathon"
  vaultgoals chart ~/Vault Goals/Run.md --width 80 --height 12
""",
    "history": """\
examples:
  vaultgoals history ~/Vault "Goals/Run a half marathon"
  vaultgoals history ~/Vault "Run a half marathon" --json
""",
    "status": """\
examples:
  vaultgoals status ~/Vault
  vaultgoals status ~/Vault --today 2026-11-20     # as it stood on that day
  vaultgoals status ~/Vault --json | jq '.goals[].title'
""",
    "tasks": """\
examples:
  vaultgoals tasks ~/Vault
  vaultgoals tasks ~/Vault --json | jq -r 'select(.goal_title) | .description'
""",
    "run": """\
examples:
  vaultgoals run ~/Vault
  vaultgoals run ~/Vault --dry-run        # show the changes as diffs, write nothing
  vaultgoals run ~/Vault --show           # then print this week's review
  vaultgoals run ~/Notes --force          # a folder without .obsidian/ or .vaultgoals.yaml
""",
    "review": """\
examples:
  vaultgoals review ~/Vault --show
  vaultgoals review ~/Vault --week 2026-W47 --dry-run   # a past week, written nowhere
""",
    "celebrate": """\
examples:
  vaultgoals celebrate ~/Vault
  vaultgoals celebrate ~/Vault --dry-run
""",
    "explain": """\
examples:
  vaultgoals explain ~/Vault
  vaultgoals explain ~/Vault "Yearly/2025.md:12"
  vaultgoals explain ~/Vault "Run a marathon" --json
""",
    "init": """\
examples:
  vaultgoals init ~/Vault
  cd ~/Vault && vaultgoals init
""",
    "watch": """\
examples:
  vaultgoals watch ~/Vault
  vaultgoals watch ~/Vault --quiet --log-file ~/vaultgoals.log
  vaultgoals watch /mnt/nas/Vault --polling --debounce 5   # a network drive
""",
    "completion": """\
examples (install once, then open a new shell; details: docs/completion.md):
  bash:  vaultgoals completion bash > ~/.local/share/bash-completion/completions/vaultgoals
  zsh:   vaultgoals completion zsh > ~/.zfunc/_vaultgoals
         (and in ~/.zshrc, before compinit: fpath+=~/.zfunc)
  fish:  vaultgoals completion fish > ~/.config/fish/completions/vaultgoals.fish
""",
}
