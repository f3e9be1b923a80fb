"""A skill's level and target, on the scale the user chose.

```yaml
level: 2            # a number on the note's scale (default 1–5)
target: 4
scale: 1-10         # optional: `1-10`, `0-100`, `10` (1–10), `words`, `percent`
level: intermediate # words: beginner (novice, basic), intermediate, advanced (proficient),
target: expert      #        expert (master): a scale of four
level: 40%          # percentages: 0–100
```

Each level is kept as written (`shown`) and as a fraction of its scale, so a level and a
target written differently (`intermediate` and `4`) still compare. A number above the
default scale's top is read on 1–10 (up to 10) or 0–100 (beyond). In a `## Skills` list the
item says both: `SQL: 2 → 4`, `SQL — 2/4`, `SQL (2 of 4)`, `Python: 40% → 80%`, `Spanish:
beginner → advanced`, `SQL: level 2, target 4` (goals/skills_list.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaultgoals.core.lazyre import later

WORDS = {"beginner": 1, "novice": 1, "basic": 1, "intermediate": 2, "advanced": 3,
         "proficient": 3, "expert": 4, "master": 4}
DEFAULT_SCALE = (1.0, 5.0)
_SCALE = later(r"^\s*(\d+(?:\.\d+)?)\s*(?:-|–|to|\.\.)\s*(\d+(?:\.\d+)?)\s*$")
_NUMBER = later(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")
_LEVEL_WORD = r"\d+(?:\.\d+)?\s*%?|" + "|".join(WORDS)
# `SQL: 2 → 4`, `SQL — 2/4`, `SQL (2 of 4)`, `SQL: level 2, target 4`, `SQL: 3`
ITEM = later(
    r"^(?P<name>[^:(—–]+?)\s*(?::|\(|—|–| - )\s*(?:level\s*)?(?P<level>" + _LEVEL_WORD +
    r")\s*(?:(?:→|->|/|\bof\b|,?\s*target:?|\bto\b)\s*(?P<target>" + _LEVEL_WORD +
    r"))?\s*\)?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Level:
    shown: str  # as written: `2`, `intermediate`, `40%`
    value: float
    low: float
    high: float

    @property
    def fraction(self) -> float:
        """Where the level sits on its scale: 0 at the bottom, 1 at the top."""
        span = self.high - self.low
        return min(max((self.value - self.low) / span, 0.0), 1.0) if span > 0 else 0.0


def read_scale(value: object) -> tuple[float, float] | str | None:
    """A `scale` property: (low, high), "words", "percent", or None when not given or not
    understood."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (1.0, float(value)) if value > 1 else None
    text = str(value).strip().casefold()
    if text in ("words", "word"):
        return "words"
    if text in ("percent", "percentage", "%"):
        return "percent"
    m = _SCALE.match(text)
    if m:
        low, high = float(m.group(1)), float(m.group(2))
        return (low, high) if high > low else None
    m = _NUMBER.match(text)
    if m and float(m.group(1)) > 1:
        return 1.0, float(m.group(1))
    return None


def read_level(value: object, scale: tuple[float, float] | str | None = None) -> Level | None:
    """A level (or target) as written, on `scale` (None: the default, see the module)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    low_text = text.casefold()
    if low_text in WORDS:
        return Level(low_text, float(WORDS[low_text]), 1.0, 4.0)
    m = _NUMBER.match(text)
    if m is None:
        return None
    number = float(m.group(1))
    shown = f"{m.group(1)}{m.group(2)}"
    if m.group(2) or scale == "percent":
        return Level(shown if m.group(2) else shown + "%", number, 0.0, 100.0)
    low, high = scale if isinstance(scale, tuple) else DEFAULT_SCALE
    if scale is None and number > high:
        low, high = (1.0, 10.0) if number <= 10 else (0.0, 100.0)
    return Level(shown, number, low, high)


def shown_pair(level: Level | None, target: Level | None) -> str:
    """`2 of 4`, `intermediate, target expert`, `40% of 80%`, `level 2`, `no level yet`."""
    if level is None:
        return f"no level yet, target {target.shown}" if target else "no level yet"
    if target is None:
        return f"level {level.shown}"
    if level.shown[0].isdigit() and target.shown[0].isdigit():
        return f"{level.shown} of {target.shown}"
    return f"{level.shown}, target {target.shown}"
