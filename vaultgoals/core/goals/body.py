"""Goals written in the body of a note: what the body recognisers see, and what their
claims make of the note.

A note the parser read in full (`NoteDoc.full`, see parse/cues.py) is offered to the body
recognisers of goals/registry.py as a `Body`: its headings, list items (plain bullets
too), text lines and comments, with the helpers most conventions need (a heading's
section, an item's children, the label line right above a list). Each recogniser returns
`Item`s: a line that is a goal, milestone or commitment, with its title, done state,
deadline and the body node it belongs to.

`read_body` then turns the note into one the rest of vaultgoals reads natively: every
claimed line becomes a task of the note (a real task keeps its own fields and gets the
claim's deadline and parent; a plain bullet, heading or text line becomes a task written
with its claim's title and status), and `NoteDoc.claims` says what each line is and why,
which the `body_claims` item recogniser hands on to the graph. The inline fields of the
page (`Deadline:: …` on a line, `[status:: done]` in text, fields in callouts and in
`%% … %%` comments) are added to the note's properties where the frontmatter does not set
them. Nothing else changes: a note nobody claims anything in is returned as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from vaultgoals.core.config import Config
from vaultgoals.core.goals.notefields import with_fields
from vaultgoals.core.goals.records import evolve
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.model import (
    Claim,
    Heading,
    Link,
    ListItem,
    NoteDoc,
    Task,
    TextLine,
)
from vaultgoals.core.parse.inlinefields import extract_inline_fields
from vaultgoals.core.parse.taskfields import parse_task_body
from vaultgoals.core.words import Words


@dataclass(frozen=True, slots=True)
class Item:
    """A line a body recogniser claims: a node of `kind` (goal, milestone, commitment)."""

    line: int
    kind: str
    reason: str  # in words, for `vaultgoals explain`
    by: str  # the recogniser's name
    title: str = ""  # as shown (a real task's too); "" keeps a real task's own description
    # "done" or "dropped" (an open real task struck through or marked [DONE] too); None:
    # open, a real task as its checkbox says
    done: str | None = None
    parent: int | None = None  # line of the body node it belongs to, None: as written
    due: str | None = None  # ISO deadline when the line gives none itself
    fields: tuple[tuple[str, str], ...] = ()  # more properties: target, progress, area, …
    links: tuple[Link, ...] = ()  # links it counts toward (a breakdown's `[[Goal]]:`)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the lines up to the next heading of the same or a higher level."""

    heading: Heading
    end: int  # the last line in it
    parent: Heading | None  # the heading it sits under


class Body:
    """One note read in full, as the body recognisers see it."""

    def __init__(self, doc: NoteDoc, config: Config, kind: str | None, daily: bool,
                 properties: Mapping[str, object]) -> None:
        self.doc = doc
        self.config = config
        self.kind = kind  # what the note recognisers made of the whole note, or None
        self.daily = daily  # a daily or weekly note: its lists are that day's to-dos
        self.properties = properties  # `props.props` of its frontmatter and page fields
        self.words: Words = config.words  # (the settings' word table, asked once per note)

    @cached_property
    def text(self) -> str:
        """Every heading, list item and text line (comments too), one per line: what the
        recognisers' quick tests search once before reading the note line by line."""
        doc = self.doc
        return "\n".join([*(h.text for h in doc.headings), *(i.text for i in doc.items),
                          *(t.text for t in doc.lines)])

    @cached_property
    def lower(self) -> str:
        """`text` without case."""
        return self.text.casefold()

    @cached_property
    def template(self) -> bool:
        """Is the note a template (goals/templates.py)? Asked once per note."""
        return is_template(self.doc, self.config, self.text)

    @cached_property
    def reference(self) -> bool:
        """Is the note someone else's text (goals/reference.py)? Asked once per note."""
        return is_reference(self.doc, self.words)

    @cached_property
    def item_at(self) -> dict[int, ListItem]:
        return {i.line: i for i in self.doc.items}

    @cached_property
    def task_at(self) -> dict[int, Task]:
        return {t.line: t for t in self.doc.tasks}

    @cached_property
    def line_at(self) -> dict[int, TextLine]:
        return {t.line: t for t in self.doc.lines if not t.comment}

    @cached_property
    def _children(self) -> dict[int | None, list[ListItem]]:
        out: dict[int | None, list[ListItem]] = {}
        for item in self.doc.items:
            out.setdefault(item.parent_line, []).append(item)
        return out

    def children(self, line: int) -> list[ListItem]:
        """The list items nested right under the item at `line`."""
        return self._children.get(line, [])

    @cached_property
    def _top(self) -> dict[int | None, list[ListItem]]:
        out: dict[int | None, list[ListItem]] = {}
        for item in self._children.get(None, []):
            if item.quote_depth == 0:
                out.setdefault(item.heading_line, []).append(item)
        return out

    def top_items(self, heading_line: int | None) -> list[ListItem]:
        """The top-level list items (outside quotes) right under a heading, before any
        sub-heading (None: before the first heading). Grouped once: recognisers ask this
        of every heading, and a plan may have thousands."""
        return list(self._top.get(heading_line, ()))

    @cached_property
    def sections(self) -> list[Section]:
        """Every heading's section, in order."""
        heads = self.doc.headings
        last = max([i.line for i in self.doc.items] + [t.line for t in self.doc.lines],
                   default=0)
        # One pass with the stack of open headings (levels rising): a heading ends where
        # the next one of its level or higher begins, and sits under the nearest one
        # before it of a higher level (the top of the stack once those it ends are off).
        ends: list[int | None] = [None] * len(heads)
        parents: list[Heading | None] = []
        stack: list[int] = []
        for n, h in enumerate(heads):
            while stack and heads[stack[-1]].level >= h.level:
                ends[stack.pop()] = h.line - 1
            parents.append(heads[stack[-1]] if stack else None)
            stack.append(n)
        return [Section(h, max(end if end is not None else last, h.line), parent)
                for h, end, parent in zip(heads, ends, parents, strict=True)]

    def subsections(self, section: Section) -> list[Section]:
        """The sections nested inside `section` (sub-headings at any level)."""
        return [s for s in self.sections
                if section.heading.line < s.heading.line <= section.end]

    def label_above(self, item: ListItem) -> TextLine | None:
        """The text line right above a top-level item, when it ends with `:` (`Goals for
        Q1:` heading the list under it), else None."""
        line = self.line_at.get(item.line - 1)
        if line is None or line.quote_depth != item.quote_depth:
            return None
        return line if line.text.rstrip("*_ ").endswith((":", "：")) else None

    def list_under(self, first: ListItem) -> list[ListItem]:
        """The top-level items of the list that begins with `first` (one list: no blank
        run of other blocks between them)."""
        items = [i for i in self._children.get(first.parent_line, [])
                 if i.heading_line == first.heading_line and i.quote_depth == first.quote_depth
                 and i.line >= first.line]
        out: list[ListItem] = []
        for item in items:
            if out and any(out[-1].line < t.line < item.line for t in self.doc.lines
                           if not t.comment and t.parent_line is None
                           and t.quote_depth == item.quote_depth):
                break
            out.append(item)
        return out

    @property
    def title(self) -> str:
        return self.doc.name


BodyRecogniser = Callable[[Body], Iterable[Item]]


# ---- the page's inline fields ---------------------------------------------------------------


def page_fields(doc: NoteDoc) -> list[tuple[str, str, int]]:
    """The Dataview inline fields of the page: (key as written, value, line), in line
    order. A text line or comment that is `Key:: value` (`**Key**:: value` and `**Key::**
    value` too), every `[key:: value]` / `(key:: value)` in text lines, callouts and
    comments, and a top-level list item that is only `Key:: value` (templates write
    properties as bullets). Fields in other list items (`- [ ] Ship [due:: …]`) are the
    item's: Dataview gives them to the page as well, but a task's due date or status is
    not the note's."""
    out: list[tuple[str, str, int]] = []
    for t in doc.lines:
        _line_fields(t.text, t.line, out)
    for i in doc.items:
        if i.parent_line is None and i.status is None and "::" in i.text:
            key, value = full_line_field(i.text)
            if key:
                out.append((key, value, i.line))
    out.sort(key=lambda f: f[2])
    return out


def _line_fields(text: str, line: int, out: list[tuple[str, str, int]]) -> None:
    if "::" not in text:
        return
    key, value = full_line_field(text)
    if key:
        out.append((key, value, line))
        return
    out.extend((k, v, line) for k, v in extract_inline_fields(text))


def full_line_field(text: str) -> tuple[str, str]:
    """`Key:: value` as a whole line: (key, value), else ("", ""). As Dataview reads it:
    the key starts the line and is letters, digits, emoji, spaces, `-` and `_` (at most 40
    characters), optionally in bold or italics (`**Key**::`, `**Key::**`)."""
    raw, sep, value = text.partition("::")
    key = raw.strip().strip("*_~").strip()
    if not sep or not key or len(key) > 40 or not all(_key_char(c) for c in key):
        return "", ""
    value = value.strip()
    mark = raw.strip()[:2]
    if mark in ("**", "__") and value.startswith(mark):  # `**Key::** value`
        value = value[2:].strip()
    return key, value


def _key_char(c: str) -> bool:
    return c.isalnum() or c in " -_" or (ord(c) > 0x2000 and not c.isspace() and c not in
                                         "‘’“”…–—")


def with_page_fields(doc: NoteDoc) -> NoteDoc:
    """The note with its page's inline fields added to its properties (the frontmatter's
    own keys win; a field keeps its line for warnings about it)."""
    return with_fields(doc, page_fields(doc))


# ---- claims become tasks ----------------------------------------------------------------------


def apply_items(body: Body, items: Iterable[Item]) -> NoteDoc:
    """The note with every claimed line a task and `claims` set (see the module's doc)."""
    doc = body.doc
    claimed: dict[int, Item] = {}
    for item in items:
        claimed.setdefault(item.line, item)
    if not claimed:
        return doc
    tasks = {t.line: t for t in doc.tasks}
    for line, item in claimed.items():
        tasks[line] = _task_for(body, item, tasks.get(line))
    claims = tuple(Claim(i.line, i.kind, i.reason, i.by) for i in sorted(
        claimed.values(), key=lambda i: i.line))
    return evolve(doc, tasks=tuple(tasks[k] for k in sorted(tasks)), claims=claims)


_STATUS = {"done": "x", "dropped": "-"}


def _task_for(body: Body, item: Item, task: Task | None) -> Task:
    if task is not None:  # a real task: its own fields, with what the claim adds
        f = task.fields
        fields = evolve(f, description=item.title or f.description, due=f.due or item.due,
                         fields=(*f.fields, *item.fields), links=(*f.links, *item.links))
        parent = item.parent if item.parent is not None else task.parent_line
        status = _STATUS[item.done] if item.done and task.status == " " else task.status
        return evolve(task, parent_line=parent, fields=fields, status=status)
    li = body.item_at.get(item.line)
    heading = next((h for h in body.doc.headings if h.line == item.line), None)
    text = li.text if li is not None else heading.text if heading is not None else (
        body.line_at[item.line].text if item.line in body.line_at else item.title)
    parsed = parse_task_body(text)
    fields = evolve(parsed, description=item.title or parsed.description,
                     due=parsed.due or item.due, fields=(*parsed.fields, *item.fields),
                     links=(*parsed.links, *item.links))
    parent = item.parent if item.parent is not None else li.parent_line if li else None
    heading_line = (li.heading_line if li is not None else heading.line if heading
                    else body.line_at[item.line].heading_line if item.line in body.line_at
                    else None)
    return Task(item.line, parent, _STATUS.get(item.done or "", " "),
                li.marker if li is not None else "", fields, heading_line,
                li.quote_depth if li is not None else 0)


def read_body(doc: NoteDoc, config: Config, kind: str | None, daily: bool,
              properties: Mapping[str, object],
              recognisers: Iterable[tuple[str, BodyRecogniser]]) -> NoteDoc:
    """The note as the body recognisers (name, recogniser) that are turned on read it."""
    body = Body(doc, config, kind, daily, properties)

    def found() -> Iterator[Item]:
        for name, recogniser in recognisers:
            if config.uses(name):
                yield from recogniser(body)

    return apply_items(body, found())
