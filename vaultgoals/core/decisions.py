"""The checkbox answers under a reassessment prompt in the review: how they are written,
read back, and kept when the review is regenerated. Pure: text in, values out.

Under each goal the Reassess section asks about, the review writes one checklist line per
option, each ending with a block id that names the goal (8 hex digits of its key's hash)
and the option::

    - [[Goals/Run a marathon|Run a marathon]] — deadline moved 2 times. *Keep it, …?*
        - [ ] keep ^vgd-1a2b3c4d-keep
        - [ ] shrink the target to … ^vgd-1a2b3c4d-shrink
        - [ ] move to … because … ^vgd-1a2b3c4d-move
        - [ ] pause ^vgd-1a2b3c4d-pause
        - [ ] drop ^vgd-1a2b3c4d-drop

The user ticks one (and may type over the `…`: a date, a number, a reason). Such a line
belongs to the user from then on, although it sits in a generated region:

* the region's fingerprint does not see what a decision line says beyond its block id
  (`blind`), so a tick, a typed date or the Tasks plugin's `✅ date` is not an edit that
  freezes the region;
* when the region is regenerated, every decision line the note already has is carried over
  exactly as it is (`carry`), so a tick survives the rewrite exactly as the user made it;
* vaultgoals itself never counts these lines as tasks (`is_decision_task`).

These are the only checklist lines vaultgoals writes; other tools read them as tasks
(docs/goals.md says how to leave them out of a Tasks query).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from vaultgoals.core.lazyre import later
from vaultgoals.core.revisions import OPTIONS

BLOCK_PREFIX = "^vgd-"
# what each option's line says before the user fills it in
OPTION_TEXT = {
    "keep": "keep",
    "shrink": "shrink the target to …",
    "move": "move to … because …",
    "pause": "pause",
    "drop": "drop",
}
_OPTION_WORDS = {"keep": "keep", "shrink": "shrink the target to", "move": "move to",
                 "pause": "pause", "drop": "drop"}
# one answer line (without its line ending); only lines holding BLOCK_PREFIX are tried
_LINE = later(
    r"(?P<indent>[ \t]*)[-*+][ \t]+\[(?P<mark>[^\]\r\n])\][ \t]+(?P<text>.*?)[ \t]*"
    r"\^vgd-(?P<goal>[0-9a-f]{8})-(?P<option>" + "|".join(OPTIONS) + r")[ \t]*(?P<cr>\r?)\Z")
_DONE_DATE = later(r"✅\ufe0f?[ \t]*(\d{4}-\d{2}-\d{2})")
_ISO = later(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Tick:
    """One decision line as the note has it."""

    goal: str  # the goal's hash (`goal_hash`)
    option: str
    ticked: bool
    detail: str  # what the user wrote beyond the option's words ("" when nothing)
    day: str | None  # the line's ✅ date, if any


@lru_cache(maxsize=65536)  # (every goal is hashed when a review's answers are read)
def goal_hash(key: str) -> str:
    """8 hex digits naming a goal in a block id (stable for its key)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=4).hexdigest()


def block_id(key: str, option: str) -> str:
    return f"{BLOCK_PREFIX}{goal_hash(key)}-{option}"


def option_lines(key: str, indent: str = "    ") -> list[str]:
    """The unticked lines of one prompt, as generated."""
    return [f"{indent}- [ ] {OPTION_TEXT[o]} {block_id(key, o)}" for o in OPTIONS]


def is_decision_task(block_link: str) -> bool:
    """Is a task with this block id (`TaskFields.block_link`, ` ^id`) one of these lines?"""
    return BLOCK_PREFIX in block_link


def _spans(content: str) -> list[tuple[int, int]]:
    """(start, end) of each line of `content` holding BLOCK_PREFIX (a line ends at `\\n`),
    found at C speed."""
    out = []
    pos = content.find(BLOCK_PREFIX)
    while pos >= 0:
        start = content.rfind("\n", 0, pos) + 1
        end = content.find("\n", pos)
        end = len(content) if end < 0 else end
        out.append((start, end))
        pos = content.find(BLOCK_PREFIX, end)
    return out


def _matches(content: str) -> list[tuple[int, int, re.Match[str]]]:
    """(start, end, match) of each answer line of `content`."""
    out = []
    for start, end in _spans(content):
        m = _LINE.match(content, start, end)
        if m is not None:
            out.append((start, end, m))
    return out


def _untouched(line: str) -> tuple[str, str] | None:
    """(goal hash, option) of an answer line exactly as generated (unticked, its `…` not
    written over), else None: such a line needs no closer look."""
    body = line.rstrip("\r").lstrip(" \t")
    ident = body[body.rfind(BLOCK_PREFIX) + len(BLOCK_PREFIX):]
    goal, _, option = ident.partition("-")
    text = OPTION_TEXT.get(option)
    if text is None or len(goal) != 8 or body != f"- [ ] {text} {BLOCK_PREFIX}{ident}":
        return None
    return goal, option


def answer_lines(content: str) -> str:
    """The lines of `content` that hold an answer, joined: what changes when the user ticks
    or writes an answer (and what a pass compares to skip a note read unchanged)."""
    return "\n".join(content[start:end] for start, end in _spans(content))


def _edit(content: str, new: Callable[[re.Match[str]], str | None]) -> str:
    """`content` with each answer line replaced by `new(match)` (None: dropped, line
    ending and all)."""
    if BLOCK_PREFIX not in content:
        return content
    parts: list[str] = []
    pos = 0
    for start, end, m in _matches(content):
        parts.append(content[pos:start])
        line = new(m)
        if line is None:
            end = min(end + 1, len(content))  # (and its line ending)
        else:
            parts.append(line)
        pos = end
    parts.append(content[pos:])
    return "".join(parts)


def _blind_line(m: re.Match[str]) -> str:
    indent, goal, option, cr = m.group("indent", "goal", "option", "cr")
    return f"{indent}{BLOCK_PREFIX}{goal}-{option}{cr}"


def blind(content: str) -> str:
    """`content` with each decision line reduced to its indentation and block id: what a
    region's fingerprint is taken of (see the module doc)."""
    return _edit(content, _blind_line)


def ticks(content: str, is_done: Callable[[str], bool]) -> list[Tick]:
    """The decision lines of `content`, in order; `is_done(mark)`: whether a checkbox
    character means done (the Tasks plugin's statuses)."""
    if BLOCK_PREFIX not in content:
        return []
    out: list[Tick] = []
    for start, end in _spans(content):
        line = content[start:end]
        plain = _untouched(line)
        if plain is not None:
            out.append(Tick(plain[0], plain[1], False, "", None))
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        text, option = m.group("text"), m.group("option")
        done = _DONE_DATE.search(text)
        rest = _DONE_DATE.sub(" ", text)
        words = _OPTION_WORDS[option]
        if rest.strip().casefold().startswith(words):
            rest = rest.strip()[len(words):]
        detail = " ".join(rest.replace("…", " ").split())
        if detail == "because":  # (the placeholder of `move to … because …`)
            detail = ""
        detail = detail.removeprefix("because ").removesuffix(" because")
        out.append(Tick(m.group("goal"), option, is_done(m.group("mark")), detail,
                        done.group(1) if done else None))
    return out


def new_deadline(detail: str) -> str | None:
    """The ISO date a `move to …` answer names, if any."""
    m = _ISO.search(detail)
    return m.group() if m else None


def kept_answers(old: str) -> dict[tuple[str, str], str]:
    """(goal hash, option) → the line, for each answer line of `old` (a note) that is not as
    generated: the lines `carry` keeps."""
    if BLOCK_PREFIX not in old:
        return {}
    return {(m.group("goal"), m.group("option")): m.group().removesuffix(m["cr"])
            for start, end in _spans(old) if _untouched(line := old[start:end]) is None
            and (m := _LINE.match(line)) is not None}


def carry(new: str, old: str | dict[tuple[str, str], str]) -> str:
    """`new` (generated) with each decision line that `old` (the note, or its region; or
    its `kept_answers`) also holds replaced by the note's line, byte for byte: the user's
    ticks and words stay."""
    if BLOCK_PREFIX not in new:
        return new
    kept = kept_answers(old) if isinstance(old, str) else old
    if not kept:  # (every answer line as generated: nothing of the user's to keep)
        return new

    def swap(m: re.Match[str]) -> str:
        return kept.get((m.group("goal"), m.group("option")), m.group())

    return _edit(new, swap)


def without_decisions(text: str) -> str:
    """`text` without its decision lines: what the guard against generated checklist items
    checks (these lines are the one kind vaultgoals means to write)."""
    return _edit(text, lambda m: None)
