"""A goal note's progress written as a line of text: its `progress` and `target`.

```markdown
---
type: goal
---
# Read 12 books

Progress: 3/10                  ← progress 3, target 10 (also `- Progress: …` as an item)
Progress: [ 0 / 3 ]   Fortschritt: (2 of 5)   Progress: [===>  ] 40%   Progress: 7 of 12 books
[=====>    ] 50%                 ← a progress bar alone on a line: progress 50, target 100
```

In a goal-like note (its properties, a goals folder, …), the first line that is a progress
label (`Progress`, `Fortschritt`, `Progreso`, `Progrès`, `Progresso`, `Прогресс`, `进度`,
`進捗`; the word table's `progress`) followed by a measure, or a text progress bar with a
percentage, sets the note's `progress` and `target` (and `unit`: `%`, or `books` in
`7 of 12 books` is not read) unless its properties set either. Read in the note's text lines
and its top-level plain items, not in tasks, comments or quotes.

Not recognised: a measure in running text (`I read 3/10 chapters`), a label with no
measure (`Progress: slow`), a progress line in a note that is not goal-like (goals written
as items carry their own measures: goals/itemtext.py), and `progress:: 3/10` inline fields.
"""

from __future__ import annotations

import re

from vaultgoals.core.goals.itemtext import read_measure
from vaultgoals.core.goals.props import props
from vaultgoals.core.goals.records import evolve
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import Words

NAME = "progress_line"
_LABEL = re.compile(r"[*_]*(?P<label>[^\W\d_][^:：]{0,24}?)[*_]*\s*[:：][*_]*\s*(?P<rest>\S.*)")
_BAR = re.compile(r"\[[=#>\-.\s█▓▒░■□]{3,}\]\s*\d{1,3}(?:[.,]\d+)?\s*%")


def progress_of(doc: NoteDoc, words: Words) -> tuple[float, float, str, int] | None:
    """(progress, target, unit, line) of the note's progress line, or None."""
    label = words["progress"]
    texts = [(t.line, t.text) for t in doc.lines if not t.comment and t.quote_depth == 0
             and t.parent_line is None]
    texts += [(i.line, i.text) for i in doc.items if i.parent_line is None
              and i.status is None and i.quote_depth == 0]
    for line, text in sorted(texts):
        s = text.strip()  # (a label has its colon, a bar its `[`: most lines have neither)
        m = _LABEL.fullmatch(s) if ":" in s or "：" in s else None
        if m is not None and label.equals(m.group("label")):
            measure = read_measure(m.group("rest"))
        elif s[:1] == "[" and _BAR.fullmatch(s):
            measure = read_measure(text)
        else:
            continue
        if measure is not None:
            return measure.progress, measure.target, measure.unit, line
    return None


def with_progress(doc: NoteDoc, words: Words) -> NoteDoc:
    """The goal note with its progress line as its `progress`/`target` properties, where
    its properties (frontmatter and page fields) set neither."""
    fm = props(doc.frontmatter)
    if "progress" in fm or "target" in fm:
        return doc
    found = progress_of(doc, words)
    if found is None:
        return doc
    progress, target, unit, line = found
    front = dict(doc.frontmatter)
    front["progress"], front["target"] = progress, target
    lines = [*doc.property_lines, ("progress", line), ("target", line)]
    if unit and "unit" not in fm:
        front["unit"] = unit
        lines.append(("unit", line))
    return evolve(doc, frontmatter=front, property_lines=tuple(lines))
