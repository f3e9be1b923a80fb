"""Which notes are read in full: the cheap test of whether a note may be written in a goal
convention, so that its plain list items and text lines are worth keeping.

Most notes of a vault hold no goal: their bodies are read only for tasks (or not at all),
which keeps a cold scan of 10,000 notes near the cost of reading them. A note is read in
full when one of these says it may hold goals (a superset of what the recognisers of
`vaultgoals.core.goals` can claim; they decide):

- its path: a folder or title with a goal or skill word (`Goals/`, `2025 Goals.md`,
  `OKRs/`, `Skills/`, a configured goals, projects or skills folder); in a `Projects/`
  folder, a note with a task, a status or date property, or a desired outcome;
- its path: a note with properties in a steps folder (`Phases/`, `Etappen/`: a phase note);
- its properties: a `type`/`kind`/`category`/… value or a tag that names a kind of goal
  note (`goal`, `objective`, `habit`, `project`, …; also one of `tags: project, home`),
  dates and statuses of a project (`activationDate`, `completionDate`, `Start Date`), a
  how-often key (`frequency`, `period`, `every`, …), a goal-level key with a link
  (`goal: "[[Board game]]"`), or a key the vault names itself (`goals.fields`);
- its body: a heading or a line ending in `:` with a goal or skill word (`## 2025 Goals`,
  `## Skills`, `Ziele für 2025:`), an objective heading (`## O1: …`), a label line that
  is a link (`[[Run a marathon]]:`), a goal tag anywhere (`#goal`, `#type/goal`, `#okr`,
  `#SMART`, and the vault's own words as tags), an inline field naming a goal or a kind
  (`Goal:: …`, `Ziel:: …`, `type:: goal`, `class:: goal`, `[goal:: true]`, `frequency::`:
  the table's `goal_fields` and the keys of `FIELDS["type"]`), a key result marked `KR1` at
  the start of a line or list item, or near the top a SMART note's Specific line (`S - …`,
  `Specific: …`) or a phase's `Start Date:` line.

The words come from `vaultgoals.core.words` plus the vault's own (`extra`), so the result
depends on them: the parse cache keys its rows by them too (`Config.reading_key`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from vaultgoals.core.lazyre import later
from vaultgoals.core.words import (
    EVERY_KEYS,
    FIELDS,
    KINDS,
    TABLE,
    Concept,
    concept,
    folder_word,
    words_of,
)

# the body's goal-ish tags: `#goal`, `#goals/2025`, `#type/goal`, `#areas/health/objective`
# (`#project` is read only on a heading or the tag line at the top: on a list item or a
# line it usually files the line under a project rather than naming one)
_TAG_WORDS = ("goal", "objective", "okr", "smart", "habit", "resolution", "milestone",
              "ziel", "meta", "objetivo", "objectif", "цел", "目标", "目標")
_TAG_ALTERNATIVES = "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}|{w.upper()}" for w in _TAG_WORDS)
# right after the `#`, what the rest needs: a tag word's first letter, or a folder of the
# tag's path (a lookahead that turns away `## Heading`, `#123`, `#work` at once: the full
# pattern costs several times as much at each `#`, and a note has many)
_TAG_START = ("#(?=[" + "".join(sorted({c for w in _TAG_WORDS for c in (w[0], w[0].upper())}))
              + r"]|[^\s#/,;]+/)(?:[^\s#/,;]+/){0,4}(?:")
_TAG = later(_TAG_START + _TAG_ALTERNATIVES + r")", re.UNICODE)
_TASK_START = later(r"[ \t>]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[[^\r\n]\](?=[ \t\r\n]|\Z)")
_HEADING = later(r"\n##{0,5}[ \t]([^\n]*)")  # (`\n#`, two literal characters: searched fast)
_LABEL = later(r":\n[ \t>]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]")  # `label:` over a list
_KEY_MARKS = " \t*_>-+%"
# an inline field's `::` (a pattern that is a literal: the engine's search finds it about
# twice as fast as `str.find` in a text with wide characters, as most notes with emoji are)
_FIELD_SEP = re.compile("::")
# a key result marked as one at the start of a line or item: `KR1:`, `- [ ] **KR 2** -`
# (a note without a `K` is turned away by a one-character search, several times faster than
# any other over a note's whole text; then what follows and what stands before it on its
# line is checked)
# an OKR objective heading's text: `O1: …`, `**O2** - …`
_O_HEADING = later(r"(?m)^[#*_ \t]*(?:O|OKR) ?[0-9]{1,2}[*_]*[ \t]*(?:[:：.)]|[-–—][ \t])")
_KR = later(r"KR ?[0-9]")  # (a literal start: searched fast)
_KR_BEFORE = later(r"[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+(?:\[[^\n]\][ \t]+)?)?"
                        r"(?:\*\*|__)?")
# property keys that make a project-like note worth reading
_DATE_KEYS = frozenset({"activationdate", "completiondate", "start date", "end date",
                        "startdate", "enddate", "start_date", "end_date"})
_TYPE_KEYS = frozenset({"type", "kind", "category", "class", "note_type", "notetype",
                        "fileclass", "tags", "tag", "note type"})
_FIELD_WORDS = frozenset({"goal", "goals", "objective", "outcome", "value goal", "key result",
                          "okr", "period", "frequency", "smart",
                          *map(words_of, TABLE["goal_fields"]), *map(words_of, FIELDS["type"])})
# near the top of a note: a SMART note's Specific line (`S - …`, `**S**: …`, `Specific:
# …`: goals/smart.py) or a phase note's dates (`Start Date: …`: goals/milestone_notes.py);
# a literal `\n` first keeps the search fast
_SMART = later(r"\n(?=[-*SEDК具])(?:[-*] )?(?:\*\*)?(?:S(?: [-–—] |:|\*\*:)|Specific:|Spezifisch:|"
                    r"Espec[ií]fic[oa]:|Sp[ée]cifique ?:|Конкретн|具体|"
                    r"(?:Start|End|Due) ?[Dd]ate(?:\*\*)?::?)")
_SMART_SPAN = 800  # characters of the body searched: such notes are short
_PROJECTS = frozenset(TABLE["project_folders"])  # (`Projekte`, `Proyectos`, …)
# a project's desired outcome (read only in a Projects folder's notes): the stems of the
# word table's `outcome` words, without the first letter so that `in` finds either case
_OUTCOME = ("utcome", "efinition of done", "rgebnis", "esultado", "ésultat", "езультат",
            "成果", "结果", "結果")
_PROJECT_KEYS = frozenset({"status", "outcome", "goal", "deadline", "due"})
# property keys that say how often (a commitment note: goals/habits.py)
_SPLIT = later(r"[,\s]+")  # the tags of a `tags: a, b c` string
# property keys of a goal level (`goal`, `Value Goal`, `outcome`: goals/milestone_notes.py)
_LEVEL_KEYS = frozenset(v for n in FIELDS["parent"] if n not in ("parent", "up")
                        for v in (n.casefold(), n.casefold().replace(" ", "_"),
                                  n.casefold().replace(" ", "-"), n.casefold().replace(" ", "")))
_STEPS = concept(TABLE["steps"])  # a folder of phase notes: `Phases/`, `Etappen/`
# a skills folder or heading (goals/skill_folder.py, goals/skills_list.py)
_SKILL_WORDS = tuple(w for k in KINDS["skill"] for w in (k, k + "s", k.replace("y", "ies")))
_TAGGED_LINE_MAX = 120  # a tagged line that names a goal, not a sentence of prose
_SEEN_MAX = 20_000  # heading and label texts remembered (then forgotten all at once)
_SEEN_LEN = 200  # (longer ones are asked each time)
_LABEL_MAX = 80  # a label line that heads a list is short: `Goals for Jan–Mar 2025:`


@dataclass(frozen=True, slots=True)
class _Cues:
    """The words a note is tested for, ready to match fast."""

    single: frozenset[str]  # one-word goal words
    pieces: re.Pattern[str]  # multi-word entries and pieces matched inside words
    kinds: Concept  # kind words, for property values
    tag: re.Pattern[str]  # a goal tag in the body, the vault's own words too
    # any of the words, `single` and `pieces`, anywhere (a word of `single` is a token of a
    # text only where it stands in it: a search of one pattern, as a trie, turns away most
    # texts at a fraction of the cost of splitting them into tokens)
    any_word: re.Pattern[str]
    # short heading texts already asked (`_heading_cue`): a vault's headings repeat
    # (`## Notes`); and label lines (`"\n" + label`: `_label_cue`)
    seen: dict[str, bool] = field(default_factory=dict, compare=False)

    def has(self, text: str) -> bool:
        """Does `text` hold a goal word? (`words.Concept.has`, on many lines at once)"""
        return self.has_folded(text.casefold()) if text else False

    def has_folded(self, low: str) -> bool:
        """`has`, of a text already case-folded."""
        if not low or self.any_word.search(low) is None:
            return False
        if not self.single.isdisjoint(_TOKEN.findall(low)):
            return True
        return self.pieces.search(low) is not None


_TOKEN = later(r"[^\W_]+(?:[-'][^\W_]+)*")


@lru_cache(maxsize=8)
def _cues(extra: tuple[str, ...]) -> _Cues:
    goal_words = concept([*TABLE["goal_list"], *TABLE["key_results"], *TABLE["objective"],
                          *TABLE["smart"], "okr", *_SKILL_WORDS, *extra])
    kind_words = concept([*(w for ws in KINDS.values() for w in ws), *extra])
    single = frozenset(w for w in goal_words.whole if " " not in w)
    pieces = (*goal_words.inside, *sorted(w for w in goal_words.whole if " " in w))
    tag = _TAG if not extra else re.compile(
        r"#(?:[^\s#/,;]+/){0,4}(?:" + _TAG_ALTERNATIVES + "|(?i:" + "|".join(
            re.escape(w.strip().lstrip("#")) for w in extra if w.strip()) + "))", re.UNICODE)
    return _Cues(single, re.compile("|".join(map(re.escape, pieces)) or "(?!)"), kind_words,
                 tag, re.compile(_trie({*single, *pieces}) or "(?!)"))


def _trie(words: set[str]) -> str:
    """A pattern matching exactly `words`, as a trie (`goals|go` → `go(?:als)?`): the
    engine then tries one branch per letter instead of one per word."""
    rests: dict[str, set[str]] = {}
    for word in words:
        if word:
            rests.setdefault(word[0], set()).add(word[1:])
    branches = [re.escape(first) + _trie(rest) for first, rest in sorted(rests.items())]
    if not branches:
        return ""
    one = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + one + ")?" if "" in words else one


def reads_in_full(path: str, text: str, frontmatter: Mapping[str, object],
                  body: int = 0, has_task: bool = False, extra: tuple[str, ...] = ()) -> bool:
    """May this note hold goals written in a convention? (see the module's docstring;
    `body`: where the text after the frontmatter begins; `has_task`: a line of it may be a
    task). A superset of the note recognisers (tests/test_cues_cover.py): a note it does
    not read in full is one they would not claim, and goals/conventions.py asks them
    nothing about it."""
    cues = _cues(extra)
    folder, _, name = path.rpartition("/")
    if cues.has(name[:-3] if name.endswith(".md") else name):
        return True
    if folder:
        where = _folder_cue(folder, extra)
        if where == "steps" and frontmatter:
            return True  # a phase note in `Phases/`
        if where == "goals" or (where == "projects" and (
                has_task or any(k.casefold() in _PROJECT_KEYS for k in frontmatter)
                or any(w in text for w in _OUTCOME))):
            return True
    for key, value in frontmatter.items():
        k = key.casefold()
        if k in _DATE_KEYS or k in EVERY_KEYS or (extra and k in _own_keys(extra)):
            return True
        if k in _TYPE_KEYS and _names_kind(value, cues.kinds):
            return True
        if k in _LEVEL_KEYS and may_link(value):  # a phase note's `goal: "[[…]]"`
            return True
    return _body_cue(text, body, cues)


@lru_cache(maxsize=8)
def _own_keys(extra: tuple[str, ...]) -> frozenset[str]:
    """The vault's own words as property keys (its extra field names are among them)."""
    return frozenset(w.strip().casefold() for w in extra)


@lru_cache(maxsize=4096)  # (folders repeat: a vault has far fewer folders than notes)
def _folder_cue(folder: str, extra: tuple[str, ...]) -> str | None:
    """"goals" for a folder named with a goal word, "projects" for a Projects folder."""
    if _cues(extra).has(folder):
        return "goals"
    if not _PROJECTS.isdisjoint(words_of(folder).split()):
        return "projects"
    last = folder.rpartition("/")[2]
    return "steps" if _STEPS.equals(folder_word(last)) or (
        extra and last.strip().casefold() in _own_keys(extra)) else None


def may_link(value: object) -> bool:
    """May a property value hold a link (`[[X]]`, `[x](X.md)`)?"""
    if isinstance(value, str):
        return "[[" in value or "](" in value
    if isinstance(value, list):  # (`[[X]]` unquoted is a nested list)
        return any(isinstance(v, list) or may_link(v) for v in value)
    return False


def _body_cue(text: str, body: int, cues: _Cues) -> bool:
    """The body's cues: a goal tag on a short line, a goal heading, a goal field, a key
    result, a goal label over a list, a SMART or phase note's first lines."""
    for m in cues.tag.finditer(text, body):  # a goal tag on a short line, not a task's
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if ((end if end >= 0 else len(text)) - start <= _TAGGED_LINE_MAX
                and _TASK_START.match(text, start) is None):
            return True
    # a goal heading, the tag line at the top (`#goals #2025`), a `#project` heading, an
    # objective heading (`## O1: Ship the app`): each text asked once (`_Cues.seen`)
    first = text.find("\n", body)
    heads = _HEADING.findall(text, body)
    if text.startswith("#", body):
        heads.append(text[body:first])
    seen = cues.seen
    for head in heads:
        known = seen.get(head)
        if known is None:
            known = _heading_cue(head, cues)
            if len(head) <= _SEEN_LEN:
                if len(seen) >= _SEEN_MAX:
                    seen.clear()
                seen[head] = known
        if known:
            return True
    sep = _FIELD_SEP.search(text, body)
    if sep is not None and _field_cue(text, sep.start(), cues):
        return True
    if _kr_cue(text, body):
        return True
    return _label_cue(text, body, cues) or _smart_cue(text, body)


def _heading_cue(head: str, cues: _Cues) -> bool:
    """Does a heading's text (or the first line's) hold a goal word, `#project`, or an
    objective's mark?"""
    low = head.casefold()
    return cues.has_folded(low) or "#project" in low or _O_HEADING.search(head) is not None


def _smart_cue(text: str, body: int) -> bool:
    """A SMART note's Specific line or a phase note's dates in the first `_SMART_SPAN`
    characters of the body."""
    if _SMART.search(text, max(body - 1, 0), body + _SMART_SPAN) is not None:
        return True
    return body == 0 and _SMART.match("\n" + text[:40]) is not None  # the note's first line


def _kr_cue(text: str, body: int) -> bool:
    """A key result marked `KR1` at the start of a line or list item (`- KR1: 3/10`)."""
    if text.find("K", body) < 0:  # (one character: found ten times as fast as `KR ?[0-9]`)
        return False
    for m in _KR.finditer(text, body):
        at = m.start()
        start = text.rfind("\n", 0, at) + 1
        if _KR_BEFORE.fullmatch(text, start, at) is not None:
            return True
    return False


def _label_cue(text: str, body: int, cues: _Cues) -> bool:
    """A short line ending in `:` right above a list: a goal word, or a link to a goal."""
    seen = cues.seen
    for m in _LABEL.finditer(text, body):
        at = m.start()
        start = text.rfind("\n", 0, at) + 1
        if at - start <= _LABEL_MAX:
            label = text[start - 1:at] if start else "\n" + text[:at]  # (not a heading's key)
            known = seen.get(label)
            if known is None:
                if len(seen) >= _SEEN_MAX:
                    seen.clear()
                known = seen[label] = (label.rstrip().endswith("]]") or cues.has(label))
            if known:
                return True
    return False


def _field_cue(text: str, at: int, cues: _Cues) -> bool:
    """An inline field `key:: value` whose key names a goal, a kind or a period, from the
    first `::` of the body (at `at`) on; on a task's line, not one whose value is a link
    (`- [ ] Call Anna [goal:: [[Network]]]` says which goal the task counts toward, and
    tasks are read in any note)."""
    while at >= 0:
        line = text.rfind("\n", 0, at)
        if (text.startswith(("[", " [", "("), at + 2, at + 4)
                and _TASK_START.match(text, line + 1) is not None):
            at = text.find("::", at + 2)
            continue
        start = max(line, text.rfind("[", line + 1, at), text.rfind("(", line + 1, at))
        key = text[start + 1:at].strip(_KEY_MARKS).casefold()
        if not key.replace(" ", "").isalnum():  # marks around it: `**Goal**`, `%% Goal`
            key = words_of(key)
        if key in _FIELD_WORDS or key in cues.single:
            return True
        nxt = _FIELD_SEP.search(text, at + 2)
        at = nxt.start() if nxt is not None else -1
    return False


def _names_kind(value: object, kind_words: Concept) -> bool:
    """Does a property value name a kind: `goal`, `Value Goal`, a tag `lifeos/goal`, one of
    the tags of `tags: project, home`?"""
    if isinstance(value, str):
        return _text_names_kind(value, kind_words)
    if isinstance(value, list):
        return any(_names_kind(v, kind_words) for v in value)
    return False


@lru_cache(maxsize=4096)  # (the same tags and types recur across a vault's notes)
def _text_names_kind(value: str, kind_words: Concept) -> bool:
    if kind_words.equals(value.rpartition("/")[2].lstrip("#")):
        return True
    parts = _SPLIT.split(value)
    return len(parts) > 1 and any(_text_names_kind(p, kind_words) for p in parts if p)
