"""The review's sections from memory, as Markdown: "Since last review", what Reassess adds
(revisions, the answer lines of each prompt, the answers recorded) and "Not started".
Pure: values of `core.reassess` in, text out. User text goes through `esc`; the answer
lines (`core.decisions`) are the one checklist written, on purpose.
"""

from __future__ import annotations

from vaultgoals.core.decisions import option_lines
from vaultgoals.core.graphmodel import Node, TaskRef
from vaultgoals.core.insights import MAX_LISTED
from vaultgoals.core.reassess import MemoryReview, NotStarted
from vaultgoals.core.render.markdown import esc, link, link_line
from vaultgoals.core.revisions import Decision
from vaultgoals.core.words import counted

OPTION_SAID = {"keep": "keep", "shrink": "shrink the target", "move": "move the date",
               "pause": "pause", "drop": "drop"}


def _task(ref: TaskRef) -> str:
    return f"{esc(ref.task.fields.description)} ({link_line(ref.path, ref.task.line)})"


def decision_words(d: Decision) -> str:
    """`keep`, `move the date: 2027-03-01 because …` (the user's words made inert)."""
    said = OPTION_SAID.get(d.option, d.option)
    return f"{said}: {esc(d.detail)}" if d.detail else said


def previous_section(memory: MemoryReview) -> str:
    prev = memory.previous
    if prev is None:
        return (f"No earlier review found (looked back {memory.looked_back} weeks): "
                "this is the first one to remember.")
    lines = [f"Previous review: {link(prev.path, prev.label)}."]
    if prev.listed:
        lines.append(f"Of its {counted(prev.listed, 'next action')}, {prev.done} done since, "
                     f"{len(prev.still_open)} still open:" if prev.still_open else
                     f"Of its {counted(prev.listed, 'next action')}, {prev.done} done since, "
                     "none still open.")
        for node, ref in prev.still_open[:MAX_LISTED]:
            lines.append(f"- {link(node.path, node.title)}: {_task(ref)}")
    if prev.notes:
        lines += ["", "What you wrote in it:", ""]
        lines += [f"> {esc(line)}" for line in prev.notes]
    decided = [(n, d) for n, d in memory.answered if d.week == prev.label]
    if decided:
        lines += ["", "What you decided in it:"]
        lines += [f"- {link(n.path, n.title)}: {decision_words(d)} ({d.day})"
                  for n, d in decided]
    return "\n".join(lines)


def prompt_lines(memory: MemoryReview, node: Node) -> list[str]:
    """What goes under a goal's line in Reassess: its last decision, and the answer lines."""
    out: list[str] = []
    last = memory.last_decision.get(node.key)
    if last is not None:
        out.append(f"    - Last decided ({last.week}, {last.day}): {decision_words(last)}")
    return out + option_lines(node.key)


def reassess_tail(memory: MemoryReview, week: str) -> list[str]:
    """After the goals of Reassess: this week's revisions and the answers recorded."""
    lines: list[str] = []
    if memory.revised:
        lines += ["", "**Revised this week**"]
        for node, said in memory.revised:
            lines.append(f"- {link(node.path, node.title)}: {esc('; '.join(said))}")
    mine = [(n, d) for n, d in memory.answered if d.week == week]
    if mine:
        lines += ["", "**Answered this week** (recorded in the journal)"]
        for node, d in mine:
            state = {"drop": "dropped", "pause": "paused"}.get(d.option, d.option)
            applied = f"; status set to {state} on {d.applied}" if d.applied else ""
            lines.append(f"- {link(node.path, node.title)}: {decision_words(d)} "
                         f"({d.day}{applied})")
    return lines


def start_section(items: tuple[NotStarted, ...]) -> str:
    if not items:
        return "Every active goal has begun."
    lines = []
    for item in items[:MAX_LISTED]:
        n = item.node
        since = f" (set {item.since})" if item.since else ""
        step = (f"first step: {_task(item.first_step)}" if item.first_step is not None
                else "no step written yet: what is the first one?")
        lines.append(f"- {link(n.path, n.title)}{since} — {step}")
    if len(items) > MAX_LISTED:
        lines.append(f"- … and {len(items) - MAX_LISTED} more (see `vaultgoals status`)")
    return "\n".join(lines)
