"""Checklist items in generated text, as Obsidian's plugins would count them: every note
vaultgoals writes is checked to hold none (its own answer checkboxes aside, see notewriter).
Kept apart from the Markdown helpers so that a command that only reads (`status`) never
imports the Markdown parser."""

from __future__ import annotations

import re
from typing import Any

import mistune


def _only_task_items(md: mistune.Markdown, state: mistune.BlockState) -> None:
    """A before-render hook, after the task-list plugin's: a document without task list
    items is left with nothing to render. Rendering parses every block's inline Markdown,
    most of the work, and task items are decided before it, from the blocks alone."""
    stack = list(state.tokens)
    while stack:
        token = stack.pop()
        if token["type"] == "task_list_item":
            return
        stack.extend(token.get("children") or ())
    state.tokens = []


CHECKBOX_MARK = re.compile(r"\[[^\r\n]\]")  # what every checklist item's marker holds
_md = mistune.create_markdown(renderer=None, plugins=["task_lists"])
_md.before_render_hooks.append(_only_task_items)


def checklist_items(text: str) -> list[str]:
    """Checklist items in `text`, as two independent readers see them: mistune (a CommonMark
    parser with its task-list plugin) and vaultgoals' own scanner (which also knows custom
    statuses like `[/]`). Generated notes must have none: the Tasks plugin and Dataview
    would count them as the user's tasks."""
    if CHECKBOX_MARK.search(text) is None:
        return []  # (no `[ ]`, `[x]`, `[/]`…: neither reader can find a checklist item)
    # lazy: a warm pass whose generated text was checked before needs no parser
    from vaultgoals.core.parse.scanner import parse_note

    found = [f"line {t.line}: [{t.status}] {t.fields.description}"
             for t in parse_note("generated.md", text).tasks]
    stack: list[Any] = list(_md(text))
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        kids = node.get("children") or []
        if node.get("type") == "task_list_item":
            found.append(f"task item: {_plain(kids)}")
        stack.extend(kids if isinstance(kids, list) else [])
    return found


def _plain(nodes: list[Any]) -> str:
    out: list[str] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "raw" in node:
                out.append(str(node["raw"]))
            stack.extend(reversed(node.get("children") or []))
    return "".join(out)
