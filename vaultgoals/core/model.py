"""Plain data shared by every stage: what one note holds once it has been read.

Everything here is JSON-friendly (strings, ints, tuples), so a parsed note can be cached on
disk and compared for equality after a round trip. Treat it all as immutable. The records a
note holds by the hundred thousand (links, task fields, list items, headings, tasks) are
plain slotted dataclasses rather than `frozen=True` ones: a frozen dataclass's `__init__`
is ~5× slower (measured: 0.73 µs vs 0.14 µs for 8 fields), which dominated loading the
parse cache of a 10,000-note vault. They stay hashable (`unsafe_hash=True`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

# Priorities as the Obsidian Tasks plugin names them.
PRIORITIES = ("highest", "high", "medium", "none", "low", "lowest")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a note, said to the user as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def problem_order(p: Problem) -> tuple[str, int, str]:
    """The order problems are listed in: by path, line, then message."""
    return p.path, p.line, p.message


@dataclass(slots=True, unsafe_hash=True)
class Link:
    """A `[[target#heading|alias]]` wikilink (or `[alias](target.md)` markdown link)."""

    target: str  # note name or path as written, without `.md`, `#heading` or `|alias`
    heading: str = ""
    alias: str = ""
    embed: bool = False


@dataclass(slots=True, unsafe_hash=True)
class TaskFields:
    """What the text after `- [c] ` says, read with the Tasks plugin's rules.

    Dates are ISO `YYYY-MM-DD` strings or None. `fields` holds every Dataview-style
    `[key:: value]` / `(key:: value)` inline field in order of appearance (lower-cased keys),
    including the ones that are also mapped onto the named attributes.
    """

    description: str = ""
    priority: str = "none"
    due: str | None = None
    scheduled: str | None = None
    start: str | None = None
    created: str | None = None
    done: str | None = None
    cancelled: str | None = None
    recurrence: str | None = None
    id: str = ""
    depends_on: tuple[str, ...] = ()
    on_completion: str = ""
    tags: tuple[str, ...] = ()
    block_link: str = ""
    links: tuple[Link, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True, unsafe_hash=True)
class ListItem:
    """One list item (a task or a plain bullet), with its exact 1-based source line."""

    line: int
    parent_line: int | None  # line of the enclosing list item, None at top level
    marker: str  # "-", "*", "+", "1.", "1)"
    status: str | None  # the one character between [ ], or None for a plain bullet
    text: str  # everything after the marker (and after `[c] ` for a task)
    heading_line: int | None  # line of the nearest heading above, None if none
    quote_depth: int = 0  # 0 outside blockquotes/callouts


@dataclass(slots=True, unsafe_hash=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass(slots=True, unsafe_hash=True)
class TextLine:
    """A line of text that is neither a heading nor a list item's first line (paragraphs,
    callouts, an item's continuation lines), or a line of a `%% … %%` / `<!-- … -->`
    comment; kept only in a note read in full (`NoteDoc.full`)."""

    line: int
    text: str  # the visible text (for a comment line: the comment's text), stripped
    heading_line: int | None
    parent_line: int | None = None  # the list item it continues, None outside lists
    quote_depth: int = 0
    comment: bool = False


@dataclass(slots=True, unsafe_hash=True)
class Claim:
    """A line the goal conventions recognised as a node (see goals/body.py): what it is,
    why, and which recogniser said so."""

    line: int
    kind: str
    reason: str
    by: str


@dataclass(slots=True, unsafe_hash=True)
class EvidenceFacts:
    """What the evidence of people and skills (core/evidence.py) needs of a note beyond its
    body's links, as the settings it was read with decide: worked out when the note is
    read (core/noteread.py), so the parse cache keeps it and a warm start only decodes it."""

    day: str | None = None  # the ISO day the note is about (`evidence.note_day`)
    person: bool = False  # a person's note (goals/person_note.py)
    property_links: tuple[str, ...] = ()  # what its properties link that its body does not
    # the tags its tasks carry, case-folded, without `#`, each once (the feedback tag is
    # asked of them when used: it is no reading setting)
    task_tags: tuple[str, ...] = ()


# (most notes': no day, no person, no property links, no tagged task; read and decoded as
# this one record, so a pass over every note tells them apart by identity)
NO_EVIDENCE = EvidenceFacts()


@dataclass(slots=True, unsafe_hash=True)
class Task:
    """A checklist item with its parsed fields."""

    line: int
    parent_line: int | None
    status: str
    marker: str
    fields: TaskFields
    heading_line: int | None
    quote_depth: int = 0


@dataclass(slots=True)
class NoteDoc:
    """Everything vaultgoals needs from one note. A pure function of the note's bytes.
    (Not `frozen=True`, like the records above: a warm start makes one per note.)"""

    path: str  # relative to the vault, `/`-separated, with `.md`
    frontmatter: dict[str, Any] = field(default_factory=dict)  # JSON-safe values
    frontmatter_lines: int = 0  # how many lines the frontmatter block spans (0 if none)
    tags: tuple[str, ...] = ()  # the frontmatter's tags, without '#', in order, unique
    # The body is read only in a note that holds a task or is read in full (scanner.py):
    headings: tuple[Heading, ...] = ()
    # every list item, tasks included, in line order; in a `slim()` doc only the plain
    # items that enclose a task (the outline a task's ancestry runs through)
    items: tuple[ListItem, ...] = ()
    tasks: tuple[Task, ...] = ()
    problems: tuple[Problem, ...] = ()
    # 1-based line of each top-level property (lower-cased key), for warnings about it
    property_lines: tuple[tuple[str, int], ...] = ()
    # Read in full: the note may be written in a goal convention (parse/cues.py), so every
    # plain list item is kept (also in a `slim()` doc) and its text lines are in `lines`
    # (a tuple, or in a doc from the parse cache with many of them, the sequence that
    # decodes them at first use: codec.DeferredLines).
    full: bool = False
    lines: Sequence[TextLine] = ()
    # what the goal conventions recognised in the body (set by goals/body.py, never by
    # the parser); its tasks then include the items recognised as goals or milestones
    claims: tuple[Claim, ...] = ()
    # What the note recognisers made of the whole note (goals/conventions.py, when it is
    # read: `judged`): its claim (line 1), or None; and whether it is noise (a template,
    # documentation, an example: never a node). A doc not judged is asked at build time.
    judged: bool = False
    noise: bool = False
    recognised: Claim | None = None
    # The tasks that are nodes themselves (goals/registry.py `recognise_items`), found when
    # the note is read (goals/conventions.py `with_items`), in line order; None: asked at
    # build time. A function of the note alone, so the parse cache keeps it.
    found_items: tuple[Claim, ...] | None = None
    # the distinct targets of the body's wikilinks (parse/notelinks.py): the evidence of
    # people and skills (core/evidence.py)
    links: tuple[str, ...] = ()
    # the rest of what that evidence needs of the note (core/evidence.py `read_facts`),
    # found when the note is read; None: asked at use
    evidence: EvidenceFacts | None = None

    def slim(self) -> NoteDoc:
        """This doc with only what vaultgoals uses from its list items: the plain items that
        enclose a task. The rest (tasks' own items, which repeat the tasks, and plain items
        around no task) is dropped. This is what the vault index keeps and caches: in a
        note of 50,000 tasks it halves the records held. A note read in full keeps every
        plain item (and its text lines); only its tasks' own items go."""
        if not self.items:
            return self
        if self.full:  # every plain item stays (the lists the conventions read)
            plain = tuple(i for i in self.items if i.status is None)
            return self if len(plain) == len(self.items) else replace(self, items=plain)
        keep: set[int] = set()
        parent_of = self.item_parents()  # (tasks too, in a doc that is not slim yet)
        for task in self.tasks:
            line = task.parent_line
            while line is not None and line not in keep:
                keep.add(line)
                line = parent_of.get(line)
        outline = tuple(i for i in self.items if i.status is None and i.line in keep)
        return replace(self, items=outline)

    def item_parents(self) -> dict[int, int | None]:
        """Line of each list item → line of the list item it sits in (or None). A task's
        is its own `parent_line`; through both, a task's ancestry is walked."""
        return {i.line: i.parent_line for i in self.items}

    def property_line(self, *keys: str) -> int:
        """The line of the first of `keys` written in the frontmatter, else 1."""
        wanted = {k.casefold() for k in keys}
        return next((line for key, line in self.property_lines if key in wanted), 1)

    @property
    def name(self) -> str:
        """The note's name as Obsidian shows it: the file name without `.md`."""
        base = self.path.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".md") else base
