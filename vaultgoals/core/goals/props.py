"""Reading a note's properties (frontmatter) under the spellings popular templates use.

A property is looked up case-insensitively under any of its accepted spellings (`due` for
`deadline`, `fileClass` for `type`, …); numbers are checked before they are used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from vaultgoals.core.model import NoteDoc

# Property names as written in popular templates → our name. Looked up case-insensitively.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "type": ("type", "fileclass", "kind"),
    "title": ("title",),
    "status": ("status",),
    "start": ("start", "started", "starteddate", "start_date", "startdate", "activationdate"),
    "deadline": ("deadline", "due", "target_date", "targetdate", "due_date"),
    "created": ("created", "date_created", "creation_date"),
    "completed": ("completed", "completeddate", "completed_date", "done", "completiondate"),
    "parent": ("parent", "up"),
    "target": ("target",),
    "unit": ("unit", "units"),
    "progress": ("progress", "current"),
    "weight": ("weight",),
    "skills": ("skills",),
    "tag": ("tag", "goal_tag"),
    "every": ("every", "per", "recurrence"),
    "quota": ("quota", "times"),
    "count": ("count",),
    "aliases": ("aliases", "alias"),
}
_WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]")

# The largest size a numeric property may have. Beyond it a float no longer holds every
# whole number, sums of weights can overflow to infinity and progress to NaN (not even
# valid JSON), and a pace projection would leave the calendar.
NUMBER_LIMIT = 1e15


def prop(fm: Mapping[str, object], name: str) -> object:
    """The value of property `name` under its first accepted spelling that is set."""
    wanted = SYNONYMS.get(name, (name,))
    for key, value in fm.items():
        if key.casefold() in wanted and value not in (None, ""):
            return value
    return None


_NAMES_OF: dict[str, tuple[str, ...]] = {  # a spelling → the properties it names
    spelling: tuple(name for name, spellings in SYNONYMS.items() if spelling in spellings)
    for spellings in SYNONYMS.values() for spelling in spellings
}


def props(fm: Mapping[str, object]) -> dict[str, object]:
    """`prop(fm, name)` of every property in SYNONYMS that is set, in one pass."""
    out: dict[str, object] = {}
    for key, value in fm.items():
        if value not in (None, ""):
            for name in _NAMES_OF.get(key.casefold(), ()):
                out.setdefault(name, value)
    return out


def line_of(doc: NoteDoc, name: str) -> int:
    """The line a property (under any of its accepted spellings) is written on."""
    return doc.property_line(*SYNONYMS.get(name, (name,)))


def as_float(value: object) -> float | None:
    """`value` as a float if it is written as a number (NaN, ±infinity and numbers too
    large for a float included: 400 digits read as infinity), else None."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            return float(value.strip())
    except OverflowError:  # an int too large for a float
        return (math.inf if value > 0 else -math.inf) if isinstance(value, int) else None
    except ValueError:
        return None
    return None


def usable(number: float) -> bool:
    return math.isfinite(number) and abs(number) <= NUMBER_LIMIT


def shown_value(value: object) -> str:
    text = str(value).strip()
    return repr(text if len(text) <= 24 else text[:20] + "…")


def link_targets(value: object) -> list[str]:
    """Link targets in a property value: `"[[X]]"`, `[[X]]` loaded as a list, or plain names."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, list):  # unquoted [[X]] that YAML read as a nested list
            out.extend(link_targets(item))
        elif isinstance(item, str):
            found = _WIKILINK.findall(item)
            out.extend(found if found else [item.strip()])
    return [t.strip() for t in out if t and t.strip()]


def aliases_of(fm_props: Mapping[str, object]) -> tuple[str, ...]:
    """A note's `aliases` (from `props(frontmatter)`), stripped, empty ones left out."""
    raw = fm_props.get("aliases")
    items = raw if isinstance(raw, list) else [raw] if raw else []
    return tuple(a.strip() for a in items if isinstance(a, str) and a.strip())


def frontmatter_tags(doc: NoteDoc) -> set[str]:
    """The note's `tags` (or `tag`) property as written, without `#`, case-folded."""
    raw = doc.frontmatter.get("tags") or doc.frontmatter.get("tag") or []
    items = raw if isinstance(raw, list) else re.split(r"[,\s]+", str(raw))
    return {str(t).lstrip("#").casefold() for t in items if t}
