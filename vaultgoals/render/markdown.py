"""Small helpers for writing safe Markdown: links back to notes, escaping, percentages."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#^]|%%|==)")
_TASKLIKE = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[(.)\]")


_WIKILINK = re.compile(r"!?\[\[([^\[\]|#\n]+)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")


def _inert(text: str) -> str:
    return _SPECIAL.sub(lambda m: "".join("\\" + c for c in m.group(1)), text)


def esc(text: str, table: bool = False) -> str:
    """User text made inert (no Markdown, tags, comment markers or checkbox; one line),
    except that well-formed `[[wikilinks]]` stay links, so the review links what you did."""
    flat = " ".join(text.split())
    out: list[str] = []
    pos = 0
    for m in _WIKILINK.finditer(flat):
        out.append(_inert(flat[pos:m.start()]))
        target, heading, alias = m.group(1), m.group(2) or "", m.group(3)
        shown = _inert(alias if alias is not None else target).replace("|", "-")
        sep = "\\|" if table else "|"
        out.append(f"[[{target.strip()}{heading}{sep}{shown}]]" if alias is not None
                   else f"[[{target.strip()}{heading}]]")
        pos = m.end()
    out.append(_inert(flat[pos:]))
    return "".join(out)


def _target(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


def link(path: str, title: str | None = None, table: bool = False) -> str:
    """A wikilink to a note by its full path (unambiguous), shown with its title."""
    shown = " ".join((title or _target(path).rsplit("/", 1)[-1]).split())
    shown = shown.replace("]", "").replace("[", "").replace("|", "-")
    sep = "\\|" if table else "|"
    return f"[[{_target(path)}{sep}{shown}]]"


def link_line(path: str, line: int) -> str:
    """A link to a note plus the line number, so a number can be checked at its source."""
    name = _target(path).rsplit("/", 1)[-1].replace("]", "").replace("[", "")
    return f"[[{_target(path)}|{name}]]:{line}"


def pct(progress: float) -> str:
    return f"{round(max(0.0, min(1.0, progress)) * 100)}%"


def has_task_line(text: str) -> bool:
    """True if any line would be read as a checklist item (generated text must not)."""
    return any(_TASKLIKE.match(line) for line in text.splitlines())
