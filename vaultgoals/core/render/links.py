"""How much a generated note links (`links: full|goals|none`): the one place that decides
whether a reference to a note stays a `[[wikilink]]` or shows as its text.

The renderers write every reference as a link (`render.markdown.link`, `link_line`, and
the user's own links kept by `esc`); `relink` then keeps the links the setting allows:

* `full`: every link, as written;
* `goals` (the default): links to notes that hold a goal, a vision or a skill, to
  commitments' own notes, to people's notes (the People section), between reviews (the
  previous one, the month's, the weeks inside it) and to a win's celebration note; a
  reference to any other note (a daily note a task was ticked in, a habit, a milestone's
  note, a link inside a task's text to such a note) shows as its text. A weekly review
  then adds one edge per goal it talks about to Obsidian's graph, instead of ~40 to every
  note a task came from, and a goal's backlinks list the reviews that speak of it;
* `none`: no link at all; the notes stay out of the graph and the backlinks entirely.

Embeds (`![[chart.svg]]`) are pictures, not references, and always stay; text inside code
(fenced blocks, such as a Mermaid chart, and inline code) is never touched. The text shown
for a dropped link is its alias (already escaped by the renderer) or, for a link written
without one, the target made inert like any user text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.links import LinkResolver
from vaultgoals.core.render.markdown import inert

__all__ = ["LINK_MODES", "GoalNotes", "goal_notes", "relink"]

LINK_MODES = ("full", "goals", "none")
GOAL_KINDS = frozenset({"goal", "vision", "skill"})

# a wikilink with its alias after `|` (or `\|` in a table cell); a literal first, so the
# search skips from `[[` to `[[` (an optional `!` in front would make it try every position)
_LINK = re.compile(r"\[\[([^\[\]|\n\\]+)(?:\\?\|([^\[\]\n]*))?\]\]")
_FENCES = ("```", "~~~")


class GoalNotes:
    """Does a link target lead to a note that holds a goal or a vision, or is a commitment
    of its own (not a habit found in a daily note)? Memoised: the same targets come back
    section after section."""

    __slots__ = ("_paths", "_resolve", "_seen")

    def __init__(self, paths: frozenset[str], resolver: LinkResolver) -> None:
        self._paths = paths
        self._resolve = resolver.resolve
        self._seen: dict[str, bool] = {}

    def __call__(self, target: str) -> bool:
        hit = self._seen.get(target)
        if hit is None:
            hit = self._seen[target] = (target in self._paths
                                        or self._resolve(target) in self._paths)
        return hit


def goal_notes(graph: Graph, also: Iterable[str] = ()) -> GoalNotes:
    """The graph's `GoalNotes`, keeping links to the notes `also` names too (vault paths:
    the other reviews a review links to find one's way, even one written this pass). The
    same object for the same notes and link resolver (a watcher's passes), so `relink`'s
    memo recognises it at once."""
    paths = {n.path for n in graph.nodes.values()
             if n.kind in GOAL_KINDS or (n.kind == "commitment" and n.key == n.path)}
    for path in also:
        paths.update((path, path.removesuffix(".md")))
    return _goal_notes(frozenset(paths), graph.resolver)


@lru_cache(maxsize=2)
def _goal_notes(paths: frozenset[str], resolver: LinkResolver) -> GoalNotes:
    return GoalNotes(paths, resolver)


def relink(text: str, mode: str, keep: Callable[[str], bool]) -> str:
    """`text` with the links `mode` allows (`keep(target)`: for `goals`, is this a goal's
    note); the same text when nothing is to be dropped. Text without fenced code is relinked
    line by line, each line memoised: a watcher renders mostly the same lines pass after
    pass, in sections that change by a line or two."""
    if mode == "full" or "[[" not in text:
        return text
    if any(f in text for f in _FENCES):
        return _relink(text, mode, keep, _fenced(text))
    return "".join([_relink_line(line, mode, keep) if "[[" in line else line
                    for line in text.splitlines(keepends=True)])


@lru_cache(maxsize=8192)
def _relink_line(line: str, mode: str, keep: Callable[[str], bool]) -> str:
    return _relink(line, mode, keep, [])


def _relink(text: str, mode: str, keep: Callable[[str], bool],
            fenced: list[tuple[int, int]]) -> str:
    """`relink` of `text` whose fenced blocks are at `fenced`."""
    out: list[str] = []
    pos = 0
    block = 0  # the first fenced block not wholly before this link (links come in order)
    for m in _LINK.finditer(text):
        start = m.start()
        if start and text[start - 1] == "!":
            continue  # an embed (a picture): not a reference
        while block < len(fenced) and fenced[block][1] <= start:
            block += 1
        if block < len(fenced) and fenced[block][0] <= start:
            continue  # inside a fenced block
        line_start = text.rfind("\n", 0, start) + 1
        if text.count("`", line_start, start) % 2:
            continue  # inside inline code
        target, alias = m.group(1), m.group(2)
        if mode == "goals" and keep(target.split("#", 1)[0].strip()):
            continue
        out.append(text[pos:start])
        out.append(alias if alias is not None else inert(target))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _fenced(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of fenced code blocks (``` or ~~~ opening a line, inside
    a quote or callout too, up to the same fence or the end). Jumps from fence to fence:
    a review has a few among thousands of lines."""
    marks: list[tuple[int, str]] = []  # (offset of a line that opens or closes, its fence)
    for fence in _FENCES:
        at = text.find(fence)
        while at >= 0:
            line_start = text.rfind("\n", 0, at) + 1
            if not text[line_start:at].strip(" \t>"):
                marks.append((line_start, fence))
            nl = text.find("\n", at)
            at = -1 if nl < 0 else text.find(fence, nl)
    spans: list[tuple[int, int]] = []
    opened, open_fence = -1, ""
    for at, fence in sorted(marks):
        if not open_fence:
            opened, open_fence = at, fence
        elif fence == open_fence:
            spans.append((opened, at + 3))
            open_fence = ""
    if open_fence:
        spans.append((opened, len(text)))
    return spans
