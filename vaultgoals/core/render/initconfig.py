"""The `.vaultgoals.yaml` that `vaultgoals init` writes. Pure: what was found in, text out.

Every line is a YAML comment, so the file changes nothing by itself: vaultgoals keeps
reading Obsidian's own settings at every run (a daily-notes folder changed in Obsidian
later is followed), and the defaults stay the defaults. The file says what was found, and
shows the settings people change most, commented out with their current values, ready
to be uncommented. Its presence marks the folder as a vault vaultgoals may write into.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from vaultgoals.core.config import Config

MAX_FOLDERS = 15  # top-level folders listed
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")  # a line break ends a comment


def _clean(text: str) -> str:
    """`text` on one comment line: control characters and line breaks as one space."""
    return _UNPRINTABLE.sub(" ", text).rstrip()


def _folder(name: str) -> str:
    return f"{name.strip('/')}/" if name.strip("/") else "the vault's top folder"


def _yaml_list(names: Iterable[str]) -> str:
    return "[" + ", ".join(_clean(n) for n in names) + "]"


def top_folders(paths: Iterable[str]) -> list[str]:
    """The vault's top-level folders that hold notes, sorted without case."""
    return sorted({p.split("/", 1)[0] for p in paths if "/" in p}, key=str.casefold)


def _found(config: Config, obsidian: bool, folders: Sequence[str]) -> list[str]:
    sources = ", ".join(config.sources) if config.sources else "none"
    week = f"{config.first_day.capitalize()} (week rules of the {config.locale} locale)"
    lines = [
        "Obsidian: " + (".obsidian/ found" if obsidian
                        else "no .obsidian/ folder (not opened as a vault in Obsidian yet)"),
        f"Obsidian settings read at every run: {sources}",
        f"daily notes: in {_folder(config.daily_folder)}, named {config.daily_format}",
        f"weekly notes: in {_folder(config.weekly_folder)}, named {config.weekly_format}",
        f"weeks start on {week}",
    ]
    if config.template_folders:
        lines.append("template folders (never read as goals): "
                     + ", ".join(_folder(f) for f in config.template_folders))
    if folders:
        shown = ", ".join(folders[:MAX_FOLDERS])
        more = f" and {len(folders) - MAX_FOLDERS} more" if len(folders) > MAX_FOLDERS else ""
        lines.append(f"top-level folders: {shown}{more}")
    return lines


def _settings(config: Config) -> list[str]:
    """The settings people change most, commented out, with their values now."""
    rows = [
        (f"ignore: {_yaml_list(config.ignore)}",
         "glob patterns of notes or folders to skip, e.g. [Archive/]"),
        ("reviews:", ""),
        (f"  folder: {_clean(config.reviews_folder)}", "where the weekly reviews go"),
        (f"  week_start: {config.week_start}", "locale | sunday | monday | … | saturday"),
        (f"  locale: {config.locale}", "en: weeks of Sunday, week 1 holds 1 January; "
                                       "en-gb, de, fr…: ISO weeks"),
        (f"  into_weekly_note: {str(config.review_into_weekly_note).lower()}",
         "true: into your own weekly note instead"),
        ("celebrations:", ""),
        (f"  folder: {_clean(config.celebrations_folder)}", "a note per milestone or goal reached"),
        (f"  wins_log: {_clean(config.wins_log)}", ""),
        ("goals:", ""),
        (f"  folders: {_yaml_list(config.goal_folders)}",
         "notes inside these folders are goals ([] turns this off)"),
    ]
    width = max(len(key) for key, _ in rows) + 2
    return [f"# {key:<{width}}# {why}" if why else f"# {key}" for key, why in rows]


def init_config_text(config: Config, *, obsidian: bool, folders: Sequence[str],
                     goals: Sequence[str]) -> str:
    """The whole file. `obsidian`: the vault has a `.obsidian/` folder; `folders`: its
    top-level folders; `goals`: what `vaultgoals explain` says it reads as goals."""
    out = [
        "# vaultgoals settings for this vault, written by `vaultgoals init`.",
        "#",
        "# Every line is a comment: as it is, this file changes nothing, and vaultgoals",
        "# reads Obsidian's own settings (daily and weekly notes, templates) at every run.",
        "# Uncomment a line to change a setting; every key is in README's \"Configuration\".",
        "# The file also tells `vaultgoals run` and `watch` that this folder is a vault",
        "# they may write into.",
        "#",
        "# Found in this vault:",
        *(f"#   {_clean(line)}" for line in _found(config, obsidian, folders)),
        "#",
        "# Read as goals (`vaultgoals explain` says more):",
        *(f"#   {_clean(line)}" for line in goals),
        "",
        *_settings(config),
        "",
    ]
    return "\n".join(out)
