"""A goal-like note's parent is the first goal-like note its `parent` (or `up`) property
links, else the first one a property or field named for a goal level links.

```markdown
---
type: goal
parent: "[[Vision 2030]]"      # also: up: "[[Vision 2030]]", a list of links, a Markdown
                               # link "[Vision](Vision%202030.md)" or a plain name
---
Goal:: [[Publish a board game]]          # a goal level: Goal, Value Goal, Outcome,
Objective:: [Get fit](Goals/Get%20fit.md)   Objective, Project, Supporting goal (as a
                                            property, a Dataview field or a `Key: value`
                                            line at the top: goals/notefields.py)
```

A `parent`/`up` link to a missing note, to a note that is not goal-like, or to the note
itself, is reported (each in its own words) and passed over. A goal-level field counts
only when its value is a link (wikilink or Markdown link): `Goal:: Run a half marathon`
names a goal, not a parent; one that links no goal-like note is passed over in silence (it
may name a person's project, a book).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals.docmemo import by_doc
from vaultgoals.core.goals.props import line_of, link_targets, prop
from vaultgoals.core.model import NoteDoc, Problem
from vaultgoals.core.parse.inline import extract_links

_DEFAULT = Config()
_GENERIC_PARENTS = frozenset({"parent", "up"})


def parent_of(doc: NoteDoc, resolve_node: Callable[[str], str | None],
              problems: list[Problem], config: Config = _DEFAULT,
              note_exists: Callable[[str], bool] | None = None) -> str | None:
    """`note_exists(target)`: whether a link target names any note of the vault, so that a
    link to a missing note is not reported as one to a note that is not goal-like."""
    raw = prop(doc.frontmatter, "parent")
    if raw is not None:
        line = line_of(doc, "parent")
        for target in link_values(raw) or link_targets(raw):  # (links, else plain names)
            parent = resolve_node(target)
            if parent is None and note_exists is not None and not note_exists(target):
                problems.append(Problem(doc.path, line, f"parent [[{target}]] links a note "
                                        "that does not exist; this note is shown without "
                                        "a parent"))
            elif parent is None:
                problems.append(Problem(doc.path, line, f"parent [[{target}]] is not a "
                                        "goal-like note (type: vision, goal, milestone, "
                                        "skill or commitment); this note is shown without "
                                        "a parent"))
            elif parent == doc.path:
                problems.append(Problem(doc.path, line, "a note cannot be its own parent"))
            else:
                return parent
    for _, target in _level_links(doc, config):
        parent = resolve_node(target)
        if parent is not None and parent != doc.path:
            return parent
    return None


@by_doc
def _level_links(doc: NoteDoc, config: Config) -> tuple[tuple[str, str], ...]:
    """`goal_level_links` of a note's properties, once per parsed note."""
    return tuple(goal_level_links(doc.frontmatter, config))


def goal_level_links(fm: Mapping[str, object], config: Config,
                     generic: bool = False) -> list[tuple[str, str]]:
    """(property name, link target) of every link in a property named for a goal level
    (`Goal`, `Objective`, …; with `generic`, `parent` and `up` too), in order."""
    words = config.words
    out: list[tuple[str, str]] = []
    for key, value in fm.items():
        if words.field(key) != "parent":
            continue
        if not generic and key.strip().casefold() in _GENERIC_PARENTS:
            continue
        out.extend((key, target) for target in link_values(value))
    return out


def link_values(value: object) -> list[str]:
    """The targets of the links a property value holds: wikilinks and Markdown links in
    text, and `[[X]]` written unquoted (which YAML reads as a nested list)."""
    if isinstance(value, str):
        return [link.target for link in extract_links(value) if link.target]
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, list):
                out.extend(link_targets(item))
            else:
                out.extend(link_values(item))
        return out
    return []

