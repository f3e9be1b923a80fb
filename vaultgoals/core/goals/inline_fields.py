"""Goals written with Dataview inline fields, in every form Dataview reads.

```markdown
# Garden

Goal:: Grow enough tomatoes to never buy any in August   ← the note is a goal
Deadline:: 2025-08-31                                     ← … with this deadline
status:: active                                           ← … and status

> [!goal]
> Goal:: Cycle along the Rhine                            ← in a callout: the same
%% Goal:: Play a Gymnopédie from memory %%                ← in a comment: the same

- Learn Portuguese [goal:: true] [status:: dropped]      ← this item is a goal (dropped)
- Visit Iceland (goal:: yes) (due:: 2026-07-01)           ← … with a deadline
    - Book the ferry                                      ← nested: a milestone of it
- Ship the beta [type:: milestone]                        ← a milestone
```

The page's own fields (a line that is `Key:: value`, `[key:: value]` in a text line,
callout or comment, a top-level bullet that is only `Key:: value`) are the note's
properties where its frontmatter does not set them (goals/body.py `with_page_fields`):
`Deadline::`/`due::`/`End Date::`, `status::` (any status word), `start::`, `progress::`,
`target::`, `area::`, `priority::`, and `type::`/`category::` naming a kind, under every
name the word table has (`words.FIELDS`; `goals.fields` adds more).

One page field whose name says goal (`Goal::`, `Objective::`, `Ziel::`, `Objetivo::` …:
concept `goal_fields`) and whose value is the goal in words, in the note's head (above its
first list item and its first heading below the title), makes the note a goal (the note
recogniser). Several such lines in one note, or one further down (`Ziel:: …` between the
sections of a yearly plan), are each a goal (the body recogniser), with the value as
title; the note stays what it was, so its other lists are read as before.

In a list item, `[goal:: true]` (or yes, ✓) or a kind field (`[type:: goal]`, `[kind::
milestone]`) makes the item that node; the item's fields (`[status:: done]`, `(due:: …)`)
are its own, and are dropped from its title; a measure in it (`3/10`) is its progress.

Not recognised: `Goal:: [[Run a marathon]]` — a link names the goal the note or task
serves (parent_property, goal_field); `goal:: 10000` (a number: a day's target); fields in
daily and weekly notes (that day's), in templates, in code (`` `Goal:: text` ``) or in book
summaries and articles; `[goal:: Fitness]` on an item (words that name a goal elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.dates import parse_date
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.body import Body, Item, full_line_field, page_fields
from vaultgoals.core.goals.body_tags import measure_fields
from vaultgoals.core.goals.itemtext import read_text
from vaultgoals.core.goals.periodic import is_periodic
from vaultgoals.core.goals.props import as_float
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.model import ListItem, NoteDoc
from vaultgoals.core.parse.inlinefields import extract_inline_fields
from vaultgoals.core.words import Extra, Words, words

NAME = "inline_fields"
# a goal field's value that says "this item is a goal" (`[goal:: true]`)
YES = frozenset({"true", "yes", "y", "1", "x", "✓", "✔", "✔️", "✅", "ja", "sí", "si", "oui",
                  "sim", "да"})
_LINK = re.compile(r"\[\[[^\]]*\]\]|\[[^\]]*\]\([^)]*\)")
_DONE = {"done": "done", "dropped": "dropped"}


def goal_fields(doc: NoteDoc, words: Words) -> list[tuple[str, str, int]]:
    """The page's fields that state a goal in words: (key, value, line)."""
    concept = words["goal_fields"]
    if not doc.full or not any(concept.equals(k) for k in doc.frontmatter):
        return []  # (with_page_fields put the page's first goal field there)
    return [(k, v, line) for k, v, line in page_fields(doc)
            if concept.equals(k) and _states_goal(v)]


def _states_goal(value: str) -> bool:
    """Is a goal field's value a goal in words (not a link, a number or a date)?"""
    text = value.strip()
    if not text or _LINK.search(text) or as_float(text) is not None:
        return False
    return parse_date(text) is None


def recognise_note(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    """The note is a goal when its page has exactly one goal field stating a goal, in the
    note's head: before its first list item and its first heading below the title."""
    if not doc.full:
        return None
    found = goal_fields(doc, config.words)
    if len(found) != 1 or not _in_head(doc, found[0][2]) or is_periodic(doc.path, config):
        return None
    if is_reference(doc, config.words):
        return None  # a book summary's `Goal:: …` is the author's
    key, value, line = found[0]
    return Found("goal", 1, f"its page field {key}:: {value} (line {line}) names a goal", NAME)


def _in_head(doc: NoteDoc, line: int) -> bool:
    """Is `line` in the note's head: no list item (but a `- Key:: value` one) and no
    heading other than the title's above it?"""
    if any(h.line < line and h.level > 1 for h in doc.headings):
        return False
    return not any(i.line < line and not full_line_field(i.text)[0] for i in doc.items)


def recognise(body: Body) -> Iterator[Item]:
    doc = body.doc
    if body.daily:
        return
    out: list[Item] = []
    page = goal_fields(doc, body.words)
    if body.kind is None:  # several goals, or one within the note: a goal per line
        for key, value, line in page:
            text = read_text(value)
            out.append(Item(line, "goal", f"the inline field {key}:: names a goal", NAME,
                            text.title, text.status))
    page_lines = {line for _, _, line in page}
    keys = _item_keys(body.config)
    for item in doc.items:
        if "::" in item.text and item.line not in page_lines and keys.search(item.text):
            found = _item(body, item)
            if found is not None:
                out.append(found)
                if found.kind == "goal":
                    out.extend(_steps(body, item, found.title))
    if out and not body.template and not body.reference:
        yield from out


def _item_keys(config: Config) -> re.Pattern[str]:
    """What an item that its fields may make a node holds: a goal or kind key before `::`
    (a superset: `_item` decides)."""
    return _keys(config.extra_words, config.extra_fields)


@lru_cache(maxsize=8)
def _keys(extra_words: Extra, extra_fields: Extra) -> re.Pattern[str]:
    table = words(extra_words, (), extra_fields)
    concept = table["goal_fields"]
    keys = {*concept.whole, *concept.inside,
            *(k for k, name in table.field_of.items() if name == "type")}
    return re.compile(r"(?:" + "|".join(map(re.escape, sorted(keys))) + r")[*_\s]*::",
                      re.IGNORECASE)


def _item(body: Body, item: ListItem) -> Item | None:
    """A list item that its own fields make a goal or milestone, or None."""
    words = body.words
    fields = list(extract_inline_fields(item.text))
    if not fields:
        key, value = full_line_field(item.text)
        if not key:
            return None
        fields = [(key.casefold(), value)]
    kind = why = None
    for key, value in fields:
        if words["goal_fields"].equals(key) and value.strip().casefold() in YES:
            kind, why = "goal", f"[{key}:: {value}]"
        elif words.field(key) == "type" and words.kind(value) in ("goal", "milestone"):
            kind, why = words.kind(value), f"[{key}:: {value}]"
        if kind is not None:
            break
    if kind is None or why is None:
        return None
    done, due = _state(fields, words)
    title = read_text(item.text)
    if title.done and done is None:
        done = "done"
    measure = measure_fields(item.text)
    if item.line in body.task_at:  # a real task keeps its own words and checkbox
        return Item(item.line, kind, f"a list item with the field {why}", NAME, "", None,
                    None, due, measure)
    return Item(item.line, kind, f"a list item with the field {why}", NAME, title.title,
                done, None, due, measure)


def _state(fields: list[tuple[str, str]], words: Words) -> tuple[str | None, str | None]:
    """(done or dropped or None, ISO deadline or None) from an item's own fields."""
    done = due = None
    for key, value in fields:
        name = words.field(key)
        if name == "status":
            done = done or _DONE.get(words.status(value) or "")
        elif name == "completed" and parse_date(value) is not None:
            done = done or "done"
        elif name == "deadline" and (day := parse_date(value)) is not None:
            due = due or day.isoformat()
    return done, due


def _steps(body: Body, item: ListItem, title: str) -> Iterator[Item]:
    """The items nested right under a goal item: its milestones."""
    for child in body.children(item.line):
        text = read_text(child.text)
        if not text.title and child.status is None:
            continue
        if child.line in body.task_at:
            yield Item(child.line, "milestone", f"nested under the goal '{title}'", NAME,
                       "", None, item.line)
        else:
            yield Item(child.line, "milestone", f"nested under the goal '{title}'", NAME,
                       text.title, text.status, item.line)
