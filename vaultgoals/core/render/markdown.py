"""Small helpers for writing safe Markdown: links back to notes, escaping, percentages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from vaultgoals.core.lazyre import later

# What in user text would change what Obsidian shows, or read as data to a plugin:
# - punctuation that starts Markdown, a tag (`#`), a block id (`^`) or math (`$`) gets a
#   backslash, which CommonMark and Obsidian honour before any ASCII punctuation;
# - runs of `%` (an Obsidian comment), `=` (highlight), `~` (strikethrough) and `:` (a
#   Dataview field) get a backslash before every character, so no two stay adjacent in the
#   source: a reader that looks for `%%` before it looks at escapes (Obsidian's comments)
#   finds none, and `%%%` cannot leave a `%%` behind;
# - `<` becomes `&lt;`, so no HTML tag or `<!--` comment can start whatever a reader does
#   with backslashes; `&` before an entity name gets a backslash, so `&amp;` shows as typed.
# Single `%`, `=`, `~`, `:` and a plain `&` are left alone (`75%`, `a = b`, `10:30`, `R&D`).
_SPECIAL = later(r"[\\`*_\[\]>|#^$]|%{2,}|={2,}|~{2,}|:{2,}|<|&(?=#?\w+;)")


# A tag in the user's text (`#health`, `#goal/data`): shown as inline code, which no reader
# indexes as a tag (a backslash before `#` is not enough for every view of Obsidian). The
# run is what Obsidian or the Tasks plugin would take as the tag's name (Tasks stops at
# ` !@#$%^&*(),.?":{}|<>`, Obsidian at any punctuation but `_`, `-` and `/`), where a tag
# can start: at the start, after white space or an opening bracket or quote (not inside a
# word, a URL or an entity: `C#`, `a.com/#x`, `&#37;`). Any other `#` starts no tag and is
# escaped like other punctuation.
# (The `#` comes first and the look at the character before it second: a search for a
# literal is much faster than a look-behind at every position.)
_TAG = later(r"#(?<![^\s(\[{\"']#)[^\s!\"#$%&'()*+,.:;<=>?@\[\]\\^`{|}~]+")
# A date right after a Tasks/Dataview field emoji (`✅ 2026-11-19`, `📅 2026-12-01`): the
# Tasks plugin and Dataview read it as the task's done, due, … date. Its hyphens get a
# backslash, which Markdown drops when showing it, so no reader finds a date there.
FIELD_DATE = later(
    r"([\u2705\U0001F4C5\U0001F4C6\U0001F5D3\u23F3\u231B\U0001F6EB\u2795\u274C]\uFE0F?\s*)"
    r"(\d{4})-(\d{2})-(\d{2})")

_WIKILINK = later(r"!?\[\[([^\[\]|#\n]+)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")


def _escape(m: re.Match[str]) -> str:
    found = m.group()
    return "&lt;" if found == "<" else "".join("\\" + c for c in found)


def _inert(text: str) -> str:
    """`text` with nothing left that Markdown, Obsidian or a plugin would act on. Apply it
    once, to the user's raw text: its output is meant to be read, not escaped again."""
    out = _SPECIAL.sub(_escape, text)
    return FIELD_DATE.sub(r"\1\2\\-\3\\-\4", out) if "-" in out else out


def _inert_text(text: str) -> str:
    """`_inert`, and each tag as inline code (`#health` → `` `#health` ``): for text shown
    as text (a link's shown text is never read for tags, and shows no code)."""
    if "#" not in text:
        return _inert(text)
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(text):
        out.append(_inert(text[pos:m.start()]))
        out.append(f"`{m.group()}`")
        pos = m.end()
    out.append(_inert(text[pos:]))
    return "".join(out)


def inert(text: str) -> str:
    """User text made inert like `esc`, links included: `[[X]]` is shown as typed, not
    linked (for messages that quote what the user wrote)."""
    return _inert_text(" ".join(text.split()))


# (a review escapes the same titles in several sections; a watcher renders mostly the same)
@lru_cache(maxsize=32768)
def esc(text: str, table: bool = False) -> str:
    """User text made inert (no Markdown, tags, task fields, comment markers or checkbox;
    one line), except that well-formed `[[wikilinks]]` stay links, so the review links what
    you did. Tags are shown as inline code."""
    flat = " ".join(text.split())
    out: list[str] = []
    pos = 0
    for m in _WIKILINK.finditer(flat):
        if "%%" in m.group():
            continue  # an Obsidian comment opener, even in a link: shown as text
        out.append(_inert_text(flat[pos:m.start()]))
        target, heading, alias = m.group(1), m.group(2) or "", m.group(3)
        shown = _inert(alias if alias is not None else target).replace("|", "-")
        sep = "\\|" if table else "|"
        out.append(f"[[{target.strip()}{heading}{sep}{shown}]]" if alias is not None
                   else f"[[{target.strip()}{heading}]]")
        pos = m.end()
    out.append(_inert_text(flat[pos:]))
    return "".join(out)


def _target(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


@lru_cache(maxsize=32768)  # (the same notes are linked from section to section)
def link(path: str, title: str | None = None, table: bool = False) -> str:
    """A wikilink to a note by its full path (unambiguous), shown with its title (brackets
    dropped, `|` shown as `-`, the rest escaped like `esc`: a title is the user's text)."""
    shown = " ".join((title or _target(path).rsplit("/", 1)[-1]).split())
    shown = _inert(shown.replace("]", "").replace("[", "").replace("|", "-"))
    sep = "\\|" if table else "|"
    return f"[[{_target(path)}{sep}{shown}]]"


def link_line(path: str, line: int) -> str:
    """A link to a note plus the line number, so a number can be checked at its source."""
    name = _target(path).rsplit("/", 1)[-1].replace("]", "").replace("[", "")
    return f"[[{_target(path)}|{name}]]:{line}"


def pct(progress: float) -> str:
    return f"{round(max(0.0, min(1.0, progress)) * 100)}%"


def celebrated(celebrations: Mapping[str, str], key: str) -> str:
    """` — [[…|celebration]]` after a win whose celebration note is known, else ""."""
    note = celebrations.get(key)
    return f" — {link(note, 'celebration')}" if note else ""
