"""Goals marked with a tag anywhere in the body of a note.

```markdown
#goal #2025                             ← a tag line at the top: the note is a goal

- Repaint the hallway #goal             ← a list item with a goal tag is a goal
- [x] Fix the squeaky door #objective   ← a task too: done by its checkbox
Run a half marathon in October #goal    ← a short line with the tag at its start or end

## Get a driving licence #type/goal     ← a heading: the section is a goal
- [x] Theory exam                       ← … its items are milestones of it
- [ ] Practical exam

## Website relaunch #project            ← `#project` counts on a heading
```

Goal tags are the word table's `goal_tags` (`#goal`, `#goals`, `#objective`, `#okr`,
`#resolution`, `#ziel`, `#objetivo`, `#objectif`, `#цель`, `#目標` …; `goals.words.goal_tags`
adds more; the configured `goal_tag` always counts), alone or as the last part of a nested
tag (`#type/goal`, `#areas/health/goal`); on a line, item or heading also as the first part
(`#goals/writing`, `#goal/health`: a goal filed under an area). On tasks the other
singular words behave like the configured goal tag does (goal_task): `- [ ] Run 5k
#objective` is a goal, and the tasks nested under it count toward it; a plural on a task
(`- [ ] Update the #goals page`) files an action under the topic and is not a goal, and
`#goal/career` on a task stays a tag of its own, as goal_task has it (so does `#okr`,
which files a task under the OKRs). A measure in the line (`Publish 12 essays (4 so
far)`, `3/10`, `40%`) is the goal's target and progress. Nested items under a tagged plain
bullet are its milestones (as under a goal heading, goal_lists).

A tag line at the very top of the body (only tags on that line, after at most a title
heading) with a singular goal tag or `#project` makes the whole note a goal (`#goal #2025`,
`#areas/community/goal`); a plural there (`#goals`) makes it a list of goals (goal_lists).

Not recognised: `#project` on a list item or line (it files the line under a project);
`#meta`; a tag in the middle of a sentence of prose, in inline code (`` `#goal` ``) or in
a code block; a tag line with `#okr` at the top (a note of objectives: okrs); tags in
daily notes under a "today" heading, templates, book summaries and articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found, NoteItems
from vaultgoals.core.goals.body import Body, Item, Section
from vaultgoals.core.goals.itemtext import read_measure, read_text
from vaultgoals.core.goals.periodic import is_periodic
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.model import ListItem, NoteDoc, TextLine
from vaultgoals.core.parse.inline import extract_tags
from vaultgoals.core.words import Extra, words, words_of

NAME = "body_tags"
_PROJECT = frozenset({"project", "projekt", "proyecto", "projet", "projeto", "проект"})
_SET_TAGS = frozenset({"okr", "okrs"})  # a note of several objectives, not one
_LINE_MAX = 120  # a tagged text line that names a goal, not a paragraph of prose
# what may follow the goal tag at the end of a line: tags, fields, a note in parentheses
_AFTER_TAG = re.compile(r"#\S+|\[[^\]]*::[^\]]*\]|\([^)]*\)")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")


def goal_tag(tags: tuple[str, ...], config: Config, project: bool = False,
             first: bool = False) -> str | None:
    """The first of `tags` that marks a goal, or None. `project`: `#project` counts too;
    `first`: a goal tag as the first part of a nested one counts too (`#goals/writing`)."""
    for tag in tags:
        last, head, is_project, _ = _tag_info(tag, config.extra_words, config.goal_tag)
        if last or (first and head) or (project and is_project):
            return tag
    return None


@lru_cache(maxsize=8192)  # (a vault's tags repeat from line to line)
def _tag_info(tag: str, extra: Extra, own: str) -> tuple[bool, bool, bool, bool]:
    """What a tag says: (a goal tag, alone or as its last part; its first part is one;
    its last part is `project`; a plural or an OKR tag, which marks a topic or a set)."""
    table = words(extra)
    concept = table["goal_tags"]
    folded = tag.casefold()
    last = words_of(folded.rpartition("/")[2])
    head = words_of(folded.partition("/")[0]) if "/" in folded else ""

    def named(plain: str) -> bool:
        return bool(plain) and (plain in concept.whole or plain in concept.inside)

    plural = table["goal_list"].equals(last) or last in _SET_TAGS
    return (folded == own.casefold() or named(last), named(head), last in _PROJECT, plural)


def measure_fields(text: str) -> tuple[tuple[str, str], ...]:
    """A goal line's measure as fields (`Publish 12 essays (4 so far)`, `3/10`, `40%`)."""
    measure = read_measure(read_text(text).title)  # (tags and fields out of the way)
    if measure is None:
        return ()
    out = (("target", f"{measure.target:g}"), ("progress", f"{measure.progress:g}"))
    return (*out, ("unit", measure.unit)) if measure.unit else out


# ---- the note ------------------------------------------------------------------------------


def recognise_note(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    """The note is a goal when the tag line at its top has a singular goal tag."""
    line = _top_line(doc)
    if line is None:
        return None
    tags = extract_tags(line.text)
    singular = [t for t in tags if not _plural(t, config)]
    tag = goal_tag(tuple(singular), config, project=True)
    if tag is None or is_periodic(doc.path, config) or is_reference(doc, config.words):
        return None
    return Found("goal", 1, f"its first line is the tag line {line.text}", NAME)


def _top_line(doc: NoteDoc) -> TextLine | None:
    """The first text line of the body when it holds only tags, with at most a level-1
    heading above it and nothing else; else None."""
    if not doc.full or not doc.lines:
        return None
    first = min(doc.lines, key=lambda t: t.line)
    if first.comment or first.quote_depth or not first.text.startswith("#"):
        return None
    if any(i.line < first.line for i in doc.items) or any(
            h.line < first.line and h.level > 1 for h in doc.headings) or sum(
            1 for h in doc.headings if h.line < first.line) > 1:
        return None
    words = first.text.split()
    return first if all(w.startswith("#") for w in words) else None


def _plural(tag: str, config: Config) -> bool:
    return _tag_info(tag, config.extra_words, config.goal_tag)[3]


# ---- tasks: any note ------------------------------------------------------------------------


def recognise_tasks(note: NoteItems) -> Iterator[Found]:
    """A task with a singular goal tag other than the configured one (that is
    goal_task's). A plural (`- [ ] Update the #goals page`) files a task under the topic."""
    config = note.config
    own = config.goal_tag.casefold()
    for task, tags in note.tagged:
        if own in tags:
            continue
        tag = goal_tag(tuple(sorted(t for t in tags if not _plural(t, config))), config)
        if tag is not None:
            yield Found("goal", task.line, f"a task tagged #{tag}", NAME)


# ---- the body -------------------------------------------------------------------------------


def recognise(body: Body) -> Iterator[Item]:
    doc = body.doc
    pattern = _candidates(body.config)
    if "#" not in body.text or pattern.search(body.text) is None:
        return  # no goal tag anywhere (the quick test)
    if body.template or body.reference:
        return
    today = _today_sections(body)
    claimed: set[int] = set()
    for item in doc.items:
        if item.status is None and item.heading_line not in today:
            found = _tagged_item(body, item)
            if found is not None:
                claimed.add(item.line)
                yield found
                yield from _steps(body, item, found.title, claimed)
    top = _top_line(doc)
    for line in doc.lines:
        if line is not top and line.heading_line not in today:
            found = _tagged_line(body, line)
            if found is not None:
                yield found
    for section in body.sections:
        if section.heading.line not in today:
            yield from _heading(body, section, claimed)


def _candidates(config: Config) -> re.Pattern[str]:
    """What a line with a goal tag holds (a superset: `goal_tag` decides)."""
    return _pattern(config.extra_words, config.goal_tag)


@lru_cache(maxsize=8)
def _pattern(extra: Extra, own: str) -> re.Pattern[str]:
    concept = words(extra)["goal_tags"]
    alternatives = sorted({*concept.whole, *concept.inside, *_PROJECT, own.casefold()})
    return re.compile(r"#(?:[^\s#]*/)?(?:" + "|".join(map(re.escape, alternatives)) + ")",
                      re.IGNORECASE)


def _today_sections(body: Body) -> set[int | None]:
    """In a daily or weekly note, the headings of that day's lists (`Today's goals`)."""
    if not body.daily:
        return set()
    today = body.words["today"]
    return {s.heading.line for s in body.sections if today.has(s.heading.text)}


def _tagged_item(body: Body, item: ListItem) -> Item | None:
    tag = goal_tag(extract_tags(item.text), body.config, first=True)
    if tag is None:
        return None
    text = read_text(item.text)
    if not text.title:
        return None
    return Item(item.line, "goal", f"a list item tagged #{tag}", NAME, text.title,
                text.status, fields=measure_fields(item.text))


def _steps(body: Body, item: ListItem, title: str, claimed: set[int]) -> Iterator[Item]:
    for child in body.children(item.line):
        text = read_text(child.text)
        if child.line in claimed or (not text.title and child.status is None):
            continue
        if child.status is None and goal_tag(extract_tags(child.text), body.config,
                                             first=True):
            continue  # a goal itself
        claimed.add(child.line)
        own = child.line in body.task_at
        yield Item(child.line, "milestone", f"nested under the goal '{title}'", NAME,
                   "" if own else text.title, None if own or not text.done else "done",
                   item.line)


def _tagged_line(body: Body, line: TextLine) -> Item | None:
    """A short text line (not a comment, not an item's continuation, not in a daily
    note) that states a goal with a tag (`_statement`)."""
    if line.comment or line.parent_line is not None or len(line.text) > _LINE_MAX:
        return None
    tag = goal_tag(extract_tags(line.text), body.config, first=True)
    if tag is None:
        return None
    if body.daily or not _statement(line.text, tag):
        return None
    text = read_text(line.text)
    if not text.title:
        return None
    return Item(line.line, "goal", f"a line tagged #{tag}", NAME, text.title,
                text.status, fields=measure_fields(line.text))


def _statement(text: str, tag: str) -> bool:
    """Is a tagged text line a goal stated, rather than prose that mentions the tag: the
    tag starts the line, or ends it (followed by nothing but tags, fields or a note in
    parentheses: `… #goal (4 so far)`), and the line is one sentence."""
    words = text.split()
    if words[0].startswith("#"):
        rest = ""
    else:
        mark = f"#{tag}".casefold()
        at = max((i for i, w in enumerate(words) if w.casefold().startswith(mark)), default=0)
        rest = _AFTER_TAG.sub("", " ".join(words[at + 1:]))
    sentence = read_text(text).title.rstrip(".!?")
    return not rest.strip() and not _SENTENCE_BREAK.search(sentence)


def _heading(body: Body, section: Section, claimed: set[int]) -> Iterator[Item]:
    """A heading with a goal tag (or `#project`): a goal; the items right under it are its
    milestones."""
    h = section.heading
    tag = goal_tag(extract_tags(h.text), body.config, project=True, first=True)
    if tag is None:
        return
    text = read_text(h.text)
    if not text.title:
        return
    yield Item(h.line, "goal", f"a heading tagged #{tag}", NAME, text.title,
               text.status)
    for item in body.top_items(h.line):
        step = read_text(item.text)
        if item.line in claimed or (not step.title and item.status is None):
            continue
        if goal_tag(extract_tags(item.text), body.config, first=item.status is None):
            continue  # a goal itself (a task: recognise_tasks)
        own = item.line in body.task_at
        yield Item(item.line, "milestone", f"under the goal heading '{text.title}'", NAME,
                   "" if own else step.title, None if own or not step.done else "done", h.line)
