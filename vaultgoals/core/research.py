"""Research and opportunities, goal by goal: notes and tasks tagged `#research` or
`#opportunity` (`research.tags`), or notes in a `Research` or `Opportunities` folder
(`research.folders`, at any depth), that link a goal. Pure: the graph, the parsed notes and
the bodies of the candidate notes in; items by goal out. For the monthly review
("3 research notes on 'Data science' this month; last: [[Industry trends 2026]]").

- A task counts when one of its tags is a research tag (or a sub-tag: `#research/ml`) and
  it counts toward a goal or links one; its day is its completion day, else the day it is
  known from (➕ date, daily note).
- A note counts when it is in a research folder or its `tags` property holds a research
  tag, and it links a goal: in a property (`goal: "[[Data science]]"`) or in its body
  (`texts`, read by the caller: parsed notes keep only their tasks' links). Its day is its
  `date` or `created` property, else its daily note's day, else `dates[path]` (the caller's:
  the file's modification day).
- A link to a milestone counts toward the goal above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.graphmodel import Graph, Node
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.inline import extract_links
from vaultgoals.core.taskrefs import daily_date


@dataclass(frozen=True, slots=True)
class ResearchItem:
    kind: str  # "note" or "task"
    tag: str  # the research tag it carries, or "" (a note in a research folder)
    title: str  # the note's name, or the task's text
    path: str
    line: int  # 1 for a note
    day: str  # ISO, "" when unknown


def _tag(tags: Iterable[str], wanted: tuple[str, ...]) -> str | None:
    for tag in tags:
        bare = tag.lstrip("#").casefold()
        for w in wanted:
            if bare == w or bare.startswith(w + "/"):
                return w
    return None


def _in_folder(path: str, folders: tuple[str, ...]) -> bool:
    folder = path.rpartition("/")[0]
    return bool(folder) and _folder_is(folder, folders)


@lru_cache(maxsize=4096)  # (asked of every note, pass after pass: far fewer folders)
def _folder_is(folder: str, folders: tuple[str, ...]) -> bool:
    parts = [p.casefold() for p in folder.split("/")]
    return any(f.casefold() in parts for f in folders)


@lru_cache(maxsize=4096)  # (most notes' tags repeat: none, or the same few)
def _tagged(tags: tuple[str, ...], wanted: tuple[str, ...]) -> str | None:
    return _tag(tags, wanted)


def candidates(docs: Mapping[str, NoteDoc], config: Config) -> list[str]:
    """The notes that may be research or opportunity notes (their bodies are needed for
    their links), sorted."""
    tags = tuple(t.casefold() for t in config.research_tags)
    folders = config.research_folders
    return sorted(p for p, d in docs.items()
                  if _in_folder(p, folders) or (d.tags and _tagged(d.tags, tags)))


def _goal(graph: Graph, path: str | None) -> Node | None:
    node = graph.nodes.get(path) if path else None
    seen: set[str] = set()
    while node is not None and node.kind != "goal" and node.key not in seen:
        seen.add(node.key)
        node = graph.nodes.get(node.parent) if node.parent else None
    return node if node is not None and node.kind == "goal" else None


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _note_day(doc: NoteDoc, config: Config, dates: Mapping[str, str]) -> str:
    for key in ("date", "created"):
        value = doc.frontmatter.get(key)
        if isinstance(value, str) and len(value) >= 10 and value[4] == "-":
            return value[:10]
    return daily_date(doc.path, config) or dates.get(doc.path, "")


def research_by_goal(graph: Graph, docs: Mapping[str, NoteDoc], config: Config,
                     start: date, end: date, texts: Mapping[str, str] | None = None,
                     dates: Mapping[str, str] | None = None
                     ) -> dict[str, tuple[ResearchItem, ...]]:
    """Goal key → its research and opportunity items dated from `start` to `end`, oldest
    first (see the module doc). `texts`: the bodies of `candidates(docs, config)`."""
    first, last = start.isoformat(), end.isoformat()
    tags = tuple(t.casefold() for t in config.research_tags)
    found: dict[str, dict[tuple[str, int], ResearchItem]] = {}
    for path in candidates(docs, config):
        doc = docs[path]
        day = _note_day(doc, config, dates or {})
        if not first <= day <= last:
            continue
        links = [link.target for v in doc.frontmatter.values() for s in _strings(v)
                 for link in extract_links(s)]
        links += [link.target for link in extract_links((texts or {}).get(path, ""))]
        item = ResearchItem("note", _tag(doc.tags, tags) or "", doc.name, path, 1, day)
        for target in links:
            goal = _goal(graph, graph.resolver.resolve(target))
            if goal is not None:
                found.setdefault(goal.key, {})[(path, 1)] = item
    for ref in graph.tasks:
        f = ref.task.fields
        if not f.tags:
            continue
        tag = _tag(f.tags, tags)
        day = ref.completed_on or ref.since or ""
        if tag is None or not first <= day <= last:
            continue
        goals = [_goal(graph, ref.goal)] + [_goal(graph, graph.resolver.resolve(link.target))
                                            for link in f.links]
        item = ResearchItem("task", tag, f.description, ref.path, ref.task.line, day)
        for goal in goals:
            if goal is not None:
                found.setdefault(goal.key, {})[(ref.path, ref.task.line)] = item
    return {k: tuple(sorted(v.values(), key=lambda i: (i.day, i.path, i.line)))
            for k, v in sorted(found.items())}
