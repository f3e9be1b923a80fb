"""Reading the previous review back: its next actions and the user's own part. Pure: the
note's text in, values out.

The review a week ago is the memory the user saw: what it listed as next actions (which of
them are still open now), and what the user wrote under its `Reflection` or `Decisions`
heading, outside every generated region (vaultgoals never rewrites that part).
"""

from __future__ import annotations

import re
from functools import lru_cache

from vaultgoals.core.graphmodel import Graph, Node, TaskRef
from vaultgoals.core.reassess import Previous
from vaultgoals.core.regions import scan_regions
from vaultgoals.core.render.markdown import esc

# headings whose section is the user's answer to the review (any level, any case, an
# emoji or a number before the word)
USER_HEADINGS = ("reflection", "reflections", "decisions", "decision", "notes")
TEMPLATE_PROMPT = "What went well? What will I change next week?"
MAX_NOTE_LINES = 20
_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*\Z")
# (the task's note is a link, or its name as text when `links:` keeps no link to it)
_NEXT_LINE = re.compile(
    r"- \[\[(?P<goal>[^\]|#]+)[^\]]*\]\]: (?P<desc>.*) "
    r"\((?:\[\[(?P<path>[^\]|#]+)[^\]]*\]\]|(?P<name>[^()\[\]]+)):\d+\)(?: \(blocked\))?\Z")
_WORD = re.compile(r"[^\W\d_]+")


def region_part(text: str, name: str, heading: str) -> str:
    """The content of the region `name`, or, in a review written into a weekly note (one
    `review` region), the part of it under `### heading`; "" when neither is there."""
    regions = {r.name: r for r in scan_regions(text).regions}
    if name in regions:
        return regions[name].content
    whole = regions.get("review")
    if whole is None:
        return ""
    lines = whole.content.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("### "):
            inside = line[4:].strip() == heading
            continue
        if inside:
            out.append(line)
    return "\n".join(out)


def user_notes(text: str) -> tuple[str, ...]:
    """The user's lines under a Reflection / Decisions heading outside every region
    (blank lines and the template's prompt left out), at most MAX_NOTE_LINES."""
    spans = [(r.begin, r.end) for r in scan_regions(text).regions]  # (in order)
    out: list[str] = []
    level = 0  # the level of the user's heading we are under (0: none)
    pos = 0
    at = 0  # the first region not yet passed
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        while at < len(spans) and spans[at][1] <= start:
            at += 1
        if at < len(spans) and spans[at][0] <= start:
            continue
        bare = line.rstrip("\r\n")
        m = _HEADING.match(bare)
        if m is not None:
            depth = len(m.group(1))
            if level and depth <= level:
                level = 0
            words = [w.casefold() for w in _WORD.findall(m.group(2))]
            if not level and words and words[0] in USER_HEADINGS:
                level = depth
            continue
        if level and bare.strip() and bare.strip() != TEMPLATE_PROMPT:
            out.append(bare.rstrip())
    return tuple(out[:MAX_NOTE_LINES])


def next_actions(content: str) -> list[tuple[str, str, str]]:
    """(goal link target, task text as shown, task note's link target) of each next action
    a review's Next actions section lists."""
    out = []
    for line in content.splitlines():
        m = _NEXT_LINE.match(line.rstrip())
        if m is not None:
            out.append((m.group("goal"), m.group("desc"), m.group("path") or m.group("name")))
    return out


def _steps(graph: Graph, node: Node) -> list[TaskRef]:
    """The tasks under a node, with the tasks its milestones are written as."""
    out: list[TaskRef] = []
    stack = [node.key]
    while stack:
        current = graph.nodes[stack.pop()]
        own = graph.own_task(current)
        if own is not None and current is not node:
            out.append(own)
        out.extend(current.tasks)
        stack.extend(current.children)
    return out


@lru_cache(maxsize=4)  # (last week's review is read again on every pass of the week)
def read_back(text: str) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """A review's next actions (`next_actions`) and the user's notes (`user_notes`)."""
    return tuple(next_actions(region_part(text, "next", "Next actions"))), user_notes(text)


def previous(graph: Graph, path: str, label: str, text: str,
             current: tuple[tuple[Node, TaskRef | None], ...] = ()) -> Previous:
    """The previous review (`path`, named `label`, holding `text`) as it bears on now:
    which of its next actions are still open (matched by note and words), and the user's
    notes. `current`: this review's next actions (most of last week's are among them, and
    are found there without a look through their goals)."""
    listed, notes = read_back(text)
    now = {(ref.path, esc(ref.task.fields.description)): (node, ref)
           for node, ref in current if ref is not None}
    goals: dict[str, list[Node]] | None = None  # the goals by their note, made when needed
    still: list[tuple[Node, TaskRef]] = []
    done = 0
    for goal_target, shown, task_target in listed:
        where = graph.resolver.resolve(task_target)
        found = now.get((where or "", shown))
        if found is None:
            if goals is None:
                goals = {}
                for node in graph.nodes.values():
                    if node.kind in ("goal", "milestone"):
                        goals.setdefault(node.path, []).append(node)
            owner = graph.resolver.resolve(goal_target)
            found = next(((node, ref) for node in goals.get(owner or "", ())
                          for ref in _steps(graph, node)
                          if ref.path == where and esc(ref.task.fields.description) == shown),
                         None)
        if found is not None:
            if found[1].is_open:
                still.append(found)
            elif found[1].is_done:
                done += 1
    return Previous(path, label, tuple(still), len(listed), done, notes)
