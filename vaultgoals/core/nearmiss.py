"""Near misses: what in a vault looks like a goal written almost the way a convention reads
it, and the edit or the one config line that would make vaultgoals read it.

```text
## 2025 Goals                     a goal heading with no list under it
type: gaol                        a kind a letter away from one (`goals`, `Goal:`, `gaol`)
Objectives/Ship v2.md             a folder named like a goals folder but not in goals.folders
- [ ] Learn Rust #goal-2025       a goal tag spelled differently (`#Goals`, `#goal-2025`)
Templates/Yearly goals.md         a template or a book summary holding goal-like lists
```

Pure: a function of the notes as read (`NoteDoc`s after the goal conventions), the
configuration and the nodes the graph holds; only what no node already covers is a near
miss. Never a goal itself: this only explains.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.conventions import is_periodic
from vaultgoals.core.goals.reference import is_reference
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.graphmodel import NODE_KINDS, Node
from vaultgoals.core.model import Heading, NoteDoc
from vaultgoals.core.parse.inline import extract_tags
from vaultgoals.core.words import KINDS, Extra, Words, folder_word, without_lead, words, words_of

# the property keys a note's kind is written in
KIND_KEYS = ("type", "kind", "category", "fileclass", "class", "note_type", "notetype")
# the kind words a typo is looked for near (short words of other languages are left out:
# `beta` is a letter away from `meta`, and means nothing of the kind)
_TYPO_TARGETS = frozenset({*NODE_KINDS, "habit", "routine", "objective", "project",
                           "outcome", "deliverable", "key-result"})
_GAP = 4  # more lines than this under a heading with no text kept: a block of another kind
_PLAIN_YAML = re.compile(r"[A-Za-z][\w .-]*\Z")


@dataclass(frozen=True, slots=True)
class NearMiss:
    """Something written almost as a convention reads it. `what`: empty_heading, kind,
    folder, tag, template, reference. `fix`: a config line (`config` true) or an edit."""

    path: str
    line: int
    what: str
    message: str
    fix: str
    config: bool = False


def _is_template(doc: NoteDoc, folders: tuple[str, ...]) -> bool:
    """A template (`templates.is_template`, or in a template folder that Obsidian's
    settings name) holding something goal-like (read in full: parse/cues.py)."""
    return doc.full and (is_template(doc) or (bool(folders) and doc.path.startswith(folders)))


def template_paths(docs: Mapping[str, NoteDoc], config: Config) -> list[str]:
    """The notes that are templates holding something goal-like."""
    folders = _template_folders(config)
    return [p for p, d in docs.items() if _is_template(d, folders)]


def _template_folders(config: Config) -> tuple[str, ...]:
    return tuple(f.strip("/") + "/" for f in config.template_folders)


def goal_sections(doc: NoteDoc, words: Words) -> list[tuple[Heading, int]]:
    """(goal heading, how many list items are in its section, sub-headings included)."""
    goals, today = words["goals"], words["today"]
    heads = doc.headings
    if not heads or not goals.has("\n".join(h.text for h in heads)):
        return []  # (one look at all the headings first: most notes have no goal heading)
    out: list[tuple[Heading, int]] = []
    lines: list[int] | None = None
    for n, h in enumerate(heads):
        if not goals.has(h.text) or today.has(h.text) or words["supporting"].has(h.text):
            continue
        end = next((x.line for x in heads[n + 1:] if x.level <= h.level), None)
        if lines is None:  # (a slim doc's items are plain: its tasks are counted too)
            lines = sorted({*(i.line for i in doc.items), *(t.line for t in doc.tasks)})
        stop = bisect_left(lines, end) if end is not None else len(lines)
        out.append((h, stop - bisect_right(lines, h.line)))
    return out


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What one note adds to the vault's summary: its own near misses, whether it is a
    template or a reference note holding goal lists (skipped), and the near-miss folder
    it counts toward (a note no convention read, in `Objectives/`), if any."""

    near: tuple[NearMiss, ...] = ()
    template: bool = False
    reference: bool = False
    folder: str | None = None


_NOTHING = NoteFacts()


def note_facts(doc: NoteDoc, config: Config, node_lines: tuple[int, ...]) -> NoteFacts:
    """`node_lines`: the lines of the note's nodes (1 for the note itself; () for none)."""
    vocab = config.words
    path = doc.path
    if _is_template(doc, _template_folders(config)):
        if not any(count for _, count in goal_sections(doc, vocab)):
            return NoteFacts(template=True)
        return NoteFacts((NearMiss(path, 1, "template", "a template with goal lists: skipped "
                                   "(its lists are what new notes start with)",
                                   f"if it is not a template, move it out of {_folder(path)}"),),
                         template=True)
    out: list[NearMiss] = []
    if doc.frontmatter and not node_lines:
        out.extend(_kind(doc, vocab))
    tags = _tags(doc, config, node_lines) if doc.tasks or doc.full else []
    sections = goal_sections(doc, vocab) if doc.full and not is_periodic(path, config) else []
    if (sections or tags) and is_reference(doc, vocab):
        if any(count for _, count in sections):
            out.append(NearMiss(path, 1, "reference", "a book summary, article or clipping "
                                "with goal lists: skipped (the goals are the author's)",
                                "if these are your own goals, write them in a note of "
                                "your own (or remove the source/type that marks it)"))
            return NoteFacts(tuple(out), reference=True)
        return NoteFacts(tuple(out)) if out else _NOTHING
    if not node_lines:
        out.extend(_empty_headings(doc, sections))
    out.extend(tags)
    folder = path.rpartition("/")[0]
    at = (_near_folder(folder, config.extra_words, config.goal_folder_names)
          if folder and not node_lines and not doc.claims else None)
    if at is not None and not sections and not tags and is_reference(doc, vocab):
        at = None  # (with sections or tags, it was asked above)
    if not out and at is None:
        return _NOTHING
    return NoteFacts(tuple(out), folder=at)


def node_lines_of(nodes: Mapping[str, Node]) -> dict[str, tuple[int, ...]]:
    """Each note's node lines (1 for a note that is a node itself), sorted."""
    out: dict[str, list[int]] = {}
    for n in nodes.values():
        out.setdefault(n.path, []).append(n.line)
    return {p: tuple(sorted(lines)) for p, lines in out.items()}


class FactsMemo:
    """`note_facts` of every note, kept between passes (a watcher's): told which notes
    changed, a pass looks again only at those and at the notes whose node lines changed;
    not told, at every note whose parsed doc is not the same object as before (a note's
    doc stays the same object while it is unchanged). The result is the same without it."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[NoteDoc, tuple[int, ...], NoteFacts]] = {}
        self._config: Config | None = None
        self._lines: dict[str, tuple[int, ...]] | None = None
        self._out: dict[str, NoteFacts] = {}

    def forget(self) -> None:
        """A pass went by without a look: the next one looks at every note again."""
        self._lines = None

    def facts(self, docs: Mapping[str, NoteDoc], config: Config, nodes: Mapping[str, Node],
              changed: Collection[str] | None = None) -> dict[str, NoteFacts]:
        """The notes with something to say (the rest say nothing), by path. `changed`:
        the paths read again since the last call (None: not known)."""
        lines = node_lines_of(nodes)
        old = self._lines
        if config is not self._config or old is None:
            self._kept, self._out, self._config, changed = {}, {}, config, None
        self._lines = lines
        if changed is None or old is None:
            paths: Iterable[str] = list(docs) + [p for p in self._kept if p not in docs]
        else:
            touched = set(changed)
            touched.update(p for p in old.keys() | lines.keys() if old.get(p) != lines.get(p))
            paths = touched
        kept, out = self._kept, self._out
        for path in paths:
            doc = docs.get(path)
            if doc is None:
                kept.pop(path, None)
                out.pop(path, None)
                continue
            mine = lines.get(path, ())
            hit = kept.get(path)
            if hit is None or hit[0] is not doc or hit[1] != mine:
                hit = kept[path] = (doc, mine, note_facts(doc, config, mine))
            if hit[2] is _NOTHING:
                out.pop(path, None)
            else:
                out[path] = hit[2]
        return dict(out)


def near_misses(docs: Mapping[str, NoteDoc], config: Config,
                nodes: Mapping[str, Node]) -> list[NearMiss]:
    """Every near miss in the vault, note by note in path order, then the folders."""
    return near_misses_of(FactsMemo().facts(docs, config, nodes), config)


def near_misses_of(facts: Mapping[str, NoteFacts], config: Config) -> list[NearMiss]:
    out = [m for path in sorted(facts) for m in facts[path].near]
    folders: dict[str, int] = {}
    for f in facts.values():
        if f.folder is not None:
            folders[f.folder] = folders.get(f.folder, 0) + 1
    for folder in sorted(folders):
        name = without_lead(folder.rsplit("/", 1)[-1])
        names = ", ".join(_yaml(f) for f in (*config.goal_folders, name))
        count = folders[folder]
        out.append(NearMiss(folder + "/", 0, "folder",
                            f"{count} note{'s' if count != 1 else ''} in {folder}/, a folder "
                            "named like a goals folder that goals.folders does not name",
                            f"goals: {{folders: [{names}]}}", config=True))
    return out


def _folder(path: str) -> str:
    folder = path.rpartition("/")[0]
    return f"{folder}/" if folder else "the vault's top folder"


def _kind(doc: NoteDoc, words: Words) -> Iterable[NearMiss]:
    """`type: goals`, `kind: Goal:`, `category: gaol`: a value that is almost a kind."""
    for key, value in doc.frontmatter.items():
        if key.casefold() not in KIND_KEYS or not isinstance(value, str):
            continue
        raw = value.strip()
        plain = words_of(raw)
        if not plain or raw.casefold() in NODE_KINDS:
            continue
        kind = words.kind(raw) or _close_kind(plain)
        if kind is None:
            continue
        line = doc.property_line(key)
        exact = words.kind(raw) is not None
        message = (f"{key}: {raw} means a {kind}, but no convention read this note as one"
                   if exact else f"{key}: {raw} is close to the kind '{kind}'")
        fix = (f"goals: {{kinds: {{{kind}: [{_yaml(raw.strip(' :'))}]}}}}" if not exact
               else f"write {key}: {kind}")
        yield NearMiss(doc.path, line, "kind", message, fix, config=not exact)


def _close_kind(plain: str) -> str | None:
    """The kind a word is one edit away from (`gaol`, `goak`, `milestne`), or None."""
    if len(plain) < 4 or " " in plain:
        return None
    for kind, names in KINDS.items():
        for name in names:
            if name in _TYPO_TARGETS and within_one(plain, name):
                return kind
    return None


def within_one(a: str, b: str) -> bool:
    """Are `a` and `b` at most one edit apart (insert, delete, replace, swap two)?"""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1:]


def _empty_headings(doc: NoteDoc, sections: list[tuple[Heading, int]]) -> list[NearMiss]:
    """A goal heading with no list under it (a goal note's own headings are its)."""
    return [NearMiss(doc.path, heading.line, "empty_heading",
                     f"the heading '{heading.text}' has no list under it",
                     "write each goal as a list item under it (- Run a half marathon)")
            for heading, count in sections
            if count == 0 and not _holds_other_blocks(doc, heading, doc.headings)]


def _holds_other_blocks(doc: NoteDoc, heading: Heading, heads: tuple[Heading, ...]) -> bool:
    """Does the section hold something other than text and lists (a query, a code block, an
    embed: a dashboard's heading), seen as a run of lines right under the heading that the
    parser kept nothing of, or may it (the last heading, with nothing kept after it)?"""
    end = next((h.line for h in heads if h.line > heading.line and h.level <= heading.level),
               None)
    first = min((t.line for t in doc.lines if heading.line < t.line
                 and (end is None or t.line < end) and not t.comment), default=end)
    # (after the last heading, with nothing kept, nothing says how long the note is)
    return first is None or first - heading.line > _GAP


def _tags(doc: NoteDoc, config: Config, node_lines: tuple[int, ...]) -> list[NearMiss]:
    """A goal tag spelled differently on a task or a line: `#Goals`, `#goal-2025`."""
    goal = config.goal_tag.casefold()
    lines: list[tuple[int, tuple[str, ...]]] = [(t.line, t.fields.tags) for t in doc.tasks
                                                if t.fields.tags]
    if doc.full:
        near = _tag_pattern(goal).search
        lines += [(i.line, extract_tags(i.text)) for i in doc.items
                  if i.status is None and "#" in i.text and near(i.text)]
        lines += [(t.line, extract_tags(t.text)) for t in doc.lines
                  if "#" in t.text and near(t.text)]
    out: list[NearMiss] = []
    for line, tags in lines:
        if not tags or line in node_lines:
            continue
        folded = [t.lstrip("#").casefold() for t in tags]
        if goal in folded:
            continue
        for tag, low in zip(tags, folded, strict=True):
            if _close_tag(low, goal):
                name = tag.lstrip("#")
                out.append(NearMiss(doc.path, line, "tag", f"the tag #{name} is not the goal "
                                    f"tag #{config.goal_tag}", f"goal_tag: {_yaml(name)}",
                                    config=True))
                break
    return out


@lru_cache(maxsize=8)
def _tag_pattern(goal: str) -> re.Pattern[str]:
    """A tag that may be close to `goal` in text, at a cheap first look: one that begins
    with it (`#Goals`, `#goal-2025`)."""
    return re.compile("#" + re.escape(goal), re.IGNORECASE)


def _close_tag(tag: str, goal: str) -> bool:
    if tag in (goal + "s", goal + "es"):
        return True
    return tag.startswith((goal + "-", goal + "_")) or (
        tag.startswith(goal) and tag[len(goal):].isdigit())


@lru_cache(maxsize=4096)  # (a vault has far fewer folders than notes)
def _near_folder(folder: str, extra: Extra, goal_folders: tuple[str, ...]) -> str | None:
    """The outermost part of `folder` named like a goals folder but not one, or None (also
    when a goals folder encloses it); `extra`: the vault's own words (`goals.words`)."""
    goals = words(extra)["goals"]
    configured = {folder_word(f) for f in goal_folders}
    parts = folder.split("/")
    for n, part in enumerate(parts):
        word = folder_word(part)
        if not word or word in configured:
            return None
        if goals.has(part) or any(within_one(word, c) for c in configured if len(c) >= 4):
            return "/".join(parts[:n + 1])
    return None


def _yaml(text: str) -> str:
    """`text` as a YAML flow scalar: plain where that is safe, else quoted."""
    return text if _PLAIN_YAML.match(text) and not text.endswith(" ") else json.dumps(
        text, ensure_ascii=False)
