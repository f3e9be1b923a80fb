"""Reading a note's properties (frontmatter) under the spellings popular templates use.

A property is looked up case-insensitively under any of its accepted spellings (`due` for
`deadline`, `fileClass` for `type`, `End Date` and `finish_by` for `deadline`, `state` for
`status`, …); numbers are checked before they are used. The spellings are SYNONYMS plus the
word table's property names (`words.FIELDS`) for dates, status, progress, area and priority,
plus a vault's own (`goals.fields`, passed as `extra`). Which keys name a note's kind beyond
`type`/`fileClass`/`kind` (`category`, `class`, `note_type`) is template_properties.py's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import lru_cache

from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import FIELDS, Extra

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
# The properties whose spellings in the word table (words.FIELDS) are read here too; `type`
# (a kind), `parent` and `every` have rules of their own about which keys count.
_TABLE_FIELDS = ("deadline", "start", "completed", "status", "progress", "area", "priority")
for _name in _TABLE_FIELDS:
    SYNONYMS[_name] = tuple(dict.fromkeys((*SYNONYMS.get(_name, ()), *FIELDS[_name])))
_WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]")

# The largest size a numeric property may have. Beyond it a float no longer holds every
# whole number, sums of weights can overflow to infinity and progress to NaN (not even
# valid JSON), and a pace projection would leave the calendar.
NUMBER_LIMIT = 1e15


def prop(fm: Mapping[str, object], name: str, extra: Extra = ()) -> object:
    """The value of property `name` under its first accepted spelling that is set (`extra`:
    a vault's own spellings, `Config.extra_fields`)."""
    wanted = _spellings(extra).get(name, (name,))
    for key, value in fm.items():
        if key.casefold() in wanted and value not in (None, ""):
            return value
    return None


def property_keys(name: str, extra: Extra = ()) -> tuple[str, ...]:
    """The casefolded spellings property `name` is read under (its own name first)."""
    return _spellings(extra).get(name, (name,))


@lru_cache(maxsize=16)
def _spellings(extra: Extra) -> dict[str, tuple[str, ...]]:
    """Property name → its spellings, with a vault's own added (names SYNONYMS has only)."""
    out = dict(SYNONYMS)
    for name, more in extra:
        if name in out:
            out[name] = tuple(dict.fromkeys((*out[name], *(m.strip().casefold()
                                                            for m in more))))
    return out


@lru_cache(maxsize=16)
def _names_of(extra: Extra) -> dict[str, tuple[str, ...]]:
    """A spelling → the properties it names."""
    table = _spellings(extra)
    return {spelling: tuple(name for name, spellings in table.items() if spelling in spellings)
            for spellings in table.values() for spelling in spellings}


def props(fm: Mapping[str, object], extra: Extra = ()) -> dict[str, object]:
    """`prop(fm, name, extra)` of every property in SYNONYMS that is set, in one pass."""
    out: dict[str, object] = {}
    names_of = _names_of(extra)
    for key, value in fm.items():
        if value not in (None, ""):
            for name in names_of.get(key.casefold(), ()):
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
