"""Where chart files go and what they are called, as text (the app writes them).

The folder follows Obsidian's "Default location for new attachments"
(`attachmentFolderPath` in `.obsidian/app.json`) unless `charts.attachments` names one,
read the way Obsidian reads it:

- `/` (or nothing): the vault's root;
- `./`: the folder of the note the chart is embedded in;
- `./sub`: the folder `sub` inside the note's folder;
- anything else: that folder, from the vault's root.

Following Obsidian's setting, charts go into a `vaultgoals` folder inside it, so that
dozens of generated files never mix with the user's pictures; `charts.attachments` is
taken as it is written. A chart's name is its kind, the period of the review that embeds it,
the goal's title (as a file name) and a short hash of the goal's key (two goals may share a
title): the same goal in the same review, the same file, run after run; a review of an
earlier week keeps that week's charts.
"""

from __future__ import annotations

import hashlib

from vaultgoals.core.paths import safe_filename

OWN_FOLDER = "vaultgoals"  # inside Obsidian's attachment folder


def attachments_folder(setting: str, note_path: str, own: bool = False) -> str:
    """The vault-relative folder ("" for the root) that `setting` names for charts
    embedded in the note at `note_path`; `own`: the setting is Obsidian's, so charts go
    into `vaultgoals/` inside it."""
    setting = setting.strip()
    if setting.startswith("./") or setting == ".":
        note_folder = note_path.rpartition("/")[0]
        sub = setting[2:].strip("/")
        folder = "/".join(p for p in (note_folder, sub) if p)
    else:
        folder = setting.strip("/")
    if own:
        folder = f"{folder}/{OWN_FOLDER}" if folder else OWN_FOLDER
    return folder


def chart_folder(charts_attachments: str, attachment_folder: str, note_path: str) -> str:
    """Where the charts embedded in `note_path` go: `charts.attachments` as written when
    set, else Obsidian's attachment folder with a `vaultgoals/` folder inside it."""
    if charts_attachments:
        return attachments_folder(charts_attachments, note_path)
    return attachments_folder(attachment_folder, note_path, own=True)


def chart_path(folder: str, kind: str, key: str, title: str, period: str = "") -> str:
    """The vault-relative path of the `kind` chart (`burn-up`, `activity`) of the goal
    `key` titled `title`, in `folder`; `period`: the review's (`2026-W47`), so that each
    review keeps the charts of its own period and an older review is not redrawn."""
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    lead = f"{kind} {period}" if period else kind
    name = safe_filename(f"{lead} {title} {digest}", max_bytes=100)
    return f"{folder}/{name}.svg" if folder else f"{name}.svg"


def embed(path: str) -> str:
    """The Markdown that shows the chart at `path` in a note: a full-path embed, which
    Obsidian resolves whatever names other files have."""
    return f"![[{path}]]"
