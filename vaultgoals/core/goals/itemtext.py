"""What the text of a goal line says, in the ways people type it: its title without marks,
whether it is done, its measure, and the period it names.

```text
~~Learn Spanish~~                      done (struck through)
KR1.3: ~~Write a chapter~~             done (every word struck; a label may stand outside)
~~Learn Japanese~~ (dropped in June)   dropped (a dropped/abandoned note after it)
==Run a marathon==  *Learn* Spanish    marks dropped from the title
[DONE] Ship the site   (done)   ✅ Run 5k     done markers people type instead of ticking
Read 12 books (7 so far)               target 12, progress 7 (also `(got to 7)`, `(7 now)`)
Progress: 3/10   [ 2 / 5 ]   (2 of 5)   [===>  ] 40%   measures
2025   Q3 2025   H1   2025-W12   March 2025   Jan–Mar 2025     periods → their last day
```

Not measures: a rate in the goal (`Put 15% of income into the fund`: a percentage is
progress only after a progress word, in a bar, or alone in parentheses or at the end of the
line) and a frequency (`3 of 5 days a week`, `(3 von 5 Tagen)`). Not done: a title only
partly struck through (`~~Learn~~ Spanish`).

All pure functions of strings.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from vaultgoals.core.lazyre import later
from vaultgoals.core.weeks import ISO, WeekRules, first_day_of_week
from vaultgoals.core.words import STATUSES, TABLE

_STRIKE = later(r"^~~(.+)~~$")
_DONE_MARKS = later(
    r"^(?:\[(?:done|x|erledigt|hecho|fait|feito)\]|\((?:done|erledigt)\)|✅|✔️?|☑️?)\s*"
    r"|\s*(?:\[(?:done|x)\]|\((?:done|erledigt|hecho|fait|feito)\)|✅(?!\s*\d{4}-\d\d-\d\d))$",
    re.IGNORECASE,
)
_FIELD = later(r"[\[(]\s*[^\[\]():]{1,40}?::[^\[\]()]*[\])]")
_TAGS = later(r"(?:^|\s)#[^\s#]+")
_BOLD = later(r"(\*\*|__)(.+?)\1")
# emphasis inside a title: ==highlight==, ~~strike~~, *italic*, _italic_
_MARKS = later(r"(==|~~)(.+?)\1|(?<![\w*])([*_])(?![\s*_])(.+?)(?<![\s*_])\3(?![\w*])")
# every word struck through, with a `KR1.3:` label before it or a `(note)` after it
_STRUCK = later(r"^(?P<label>[^\s~:]{1,12}:\s*)?~~(?P<title>(?:(?!~~).)+)~~"
                     r"\s*(?:\((?P<note>[^()]*)\))?$")
_DROPPED_NOTE = later(
    r"^(?:" + "|".join(re.escape(w) for w in STATUSES["dropped"] if w.isalpha() or " " in w)
    + r")\b", re.IGNORECASE)
_WIKI = later(r"\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]")
_MDLINK = later(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Text:
    """A goal line's text, read."""

    title: str
    done: bool  # struck through or marked done
    dropped: bool = False  # struck through with a `(dropped …)` note after it

    @property
    def status(self) -> str | None:
        """"dropped", "done" or None (open), as an `Item.done` takes it."""
        return "dropped" if self.dropped else "done" if self.done else None


def read_text(text: str) -> Text:
    """The title of a goal line and whether it is marked done: strike-through, `[DONE]`,
    `(done)`, a leading `✅`; inline fields (`[due:: …]`), tags and emphasis dropped, links
    shown by their text."""
    t = text.strip()
    done = dropped = False
    m = _STRIKE.match(t)
    if m is not None:
        t, done = m.group(1).strip(), True
    t2 = _DONE_MARKS.sub("", t)
    if t2 != t:
        t, done = t2.strip(), True
    t = _FIELD.sub(" ", t)
    t = _TAGS.sub(" ", t)
    t = _BOLD.sub(r"\2", t)
    t = _WIKI.sub(lambda w: w.group(2) or w.group(1), t)
    t = _MDLINK.sub(r"\1", t)
    t = " ".join(t.split()).strip(" -–—:")
    m = _STRUCK.match(t)
    if m is not None:
        note = m.group("note")
        dropped = note is not None and _DROPPED_NOTE.match(note.strip()) is not None
        t = (m.group("label") or "") + m.group("title").strip()
        if note is not None and not dropped:
            t = f"{t} ({note})"
        done = True
    t = plain(t)
    return Text(t, done, dropped)


def plain(text: str) -> str:
    """`text` without emphasis marks (`**`, `__`, `==`, `~~`, `*`, `_` around words)."""
    if not any(c in text for c in "*_=~"):
        return text
    t = _BOLD.sub(r"\2", text)
    for _ in range(3):
        t2 = _MARKS.sub(lambda m: m.group(2) or m.group(4), t)
        if t2 == t:
            break
        t = t2
    return t


# ---- measures ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measure:
    progress: float
    target: float
    unit: str = ""  # "%" for a percentage


_NUM = r"(\d+(?:[.,]\d+)?)"
_DIGIT = re.compile(r"\d")  # (what every measure and nearly every period is written with)
_MEASURES = (
    # Progress: 3/10   3 / 10   [ 2 / 5 ]   (2/5)
    later(rf"(?<![\d/.-]){_NUM}\s*/\s*{_NUM}(?![\d/.-])"),
    # (2 of 5)   2 of 5 done
    later(rf"(?<![\d.]){_NUM}\s+(?:of|out of|von|de|sur|из)\s+{_NUM}(?![\d.])",
               re.IGNORECASE),
)
# Read 12 books (7 so far) · Run 500 km (120 done) · Read 24 books (got to 17) ·
# 500 subscribers (320 now) · Publish 12 essays #goals/writing (4 so far)
_TAG_BETWEEN = r"(?:\s+#[^\s#()\[\]]+)*"
_SO_FAR = later(
    rf"(?<![\d.]){_NUM}\s*([^\W\d_][\w ]{{0,40}}?)?{_TAG_BETWEEN}"
    r"\s*[\[(]\s*(?:(?:got to|reached|up to|at|bei|erreicht|llegué a|voy en|j'en suis à|"
    r"cheguei a|estou em|дошёл до)\s*"
    rf"{_NUM}|{_NUM}\s*(?:so far|done|finished|read|complete|completed|now|bisher|jetzt|"
    r"hasta ahora|ahora|jusqu'ici|maintenant|até agora|agora|сейчас|пока))\s*[\])]",
    re.IGNORECASE)
# `3 of 5 days a week`, `(3 von 5 Tagen)`: a frequency, not progress
_FREQUENCY = later(
    r"\s*(?:days?|times?|mal|tage?n?|días?|dias?|veces|vezes|jours?|fois|дн[яейи]|раз[а]?|"
    r"天|次|日|回)(?!\w)", re.IGNORECASE)
_DATE_LIKE = later(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\b24/7\b")
# a percentage that is progress: after a progress word, after a bar, alone in parentheses
# or at the end of the line (`KR1: Activation 40%`, `Launch: 40%`), or the whole text
_PROGRESS_WORDS = "|".join(re.escape(w) for w in TABLE["progress"])
_PCT = r"\d{1,3}(?:[.,]\d+)?"
_PERCENT_PROGRESS = later(
    rf"(?:(?:{_PROGRESS_WORDS})\s*[:：]?\s*\**\s*|\[[=#>\-. ]*\]\s*|^\s*|\(\s*|[:：]?\s+)"
    rf"({_PCT})\s*%\s*\)?\s*$|(?:{_PROGRESS_WORDS})\s*[:：]?\s*({_PCT})\s*%", re.IGNORECASE)
# a percentage that names the value to reach, not the progress: `Open rate at 40%`
_TO_REACH = later(
    r"(?:\b(?:at|to|above|over|below|under|reach|reaching|least|most|by|than|auf|bis|über|"
    r"unter|al|hasta|sobre|à|au|para|até|до|выше|ниже)|[<>≥≤])\s*$", re.IGNORECASE)


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def read_measure(text: str) -> Measure | None:
    """The measure a line carries, or None: `3/10`, `[ 2 / 5 ]`, `(2 of 5)`, `40%`,
    `Read 12 books (7 so far)`. Dates (`30/06/2025`) are not measures."""
    if _DIGIT.search(text) is None:
        return None  # (every measure is written with a number)
    clean = _DATE_LIKE.sub(" ", text)
    # (each pattern is tried only on a text with the marks it needs: `(7 so far)` its
    # brackets, `40%` its percent sign; they are costly to compile and to search)
    m = _SO_FAR.search(clean) if "(" in clean or "[" in clean else None
    if m is not None:
        target, progress = _num(m.group(1)), _num(m.group(3) or m.group(4))
        if target > 0:
            unit = (m.group(2) or "").split()  # `books`, `newsletter subscribers`
            return Measure(progress, target, " ".join(unit if len(unit) <= 2 else unit[:1]))
    for rx in _MEASURES:
        for m in rx.finditer(clean):
            if _FREQUENCY.match(clean, m.end()):
                return None
            progress, target = _num(m.group(1)), _num(m.group(2))
            if target > 0 and progress <= target * 10:
                return Measure(progress, target)
            break
    m = _PERCENT_PROGRESS.search(clean) if "%" in clean else None
    if m is not None and _TO_REACH.search(clean, 0, m.start()) is None:
        value = _num(m.group(1) or m.group(2))
        if 0 <= value <= 100:
            return Measure(value, 100.0, "%")
    return None


def measure_fields(text: str) -> tuple[tuple[str, str], ...]:
    """A line's measure as the fields an inline node reads (`target`, `progress`,
    `unit`; see nodes.inline_node), or () when it has none."""
    m = read_measure(text)
    if m is None:
        return ()
    fields = (("target", f"{m.target:g}"), ("progress", f"{m.progress:g}"))
    return (*fields, ("unit", m.unit)) if m.unit else fields


# ---- what a list item is ------------------------------------------------------------------

_LINK_ONLY = later(r"(?:\[\[[^\]]+\]\]|\[[^\]]*\]\([^)]*\))[\s,;]*")
_FIELD_ONLY = later(r"[^\[\]():]{1,40}::.*")


def is_link_only(text: str) -> bool:
    """Is an item only a link (`[[Phase 1]]`, `[site](https://…)`)? It names a note or a
    page, which is a node (or not) by its own conventions."""
    return _LINK_ONLY.fullmatch(text.strip()) is not None


def starts_with_link(text: str) -> bool:
    """Does an item start with a link (`[[CAPM certification]] (counts double)`)? Under a
    steps heading it points to the note that is the step."""
    return _LINK_ONLY.match(text.strip()) is not None


def is_field_only(text: str) -> bool:
    """Is an item only a Dataview field (`status:: active`): a property, not a step?"""
    return _FIELD_ONLY.fullmatch(text.strip()) is not None


def is_prose(items: list[tuple[str, str | None]]) -> bool:
    """Is a list prose rather than goals or steps: no checkbox, and most items are
    sentences (`An objective should inspire.`)? `items`: (text, checkbox status)."""
    if not items or any(status is not None for _, status in items):
        return False
    ended = sum(1 for text, _ in items if text.rstrip(" *_").endswith((".", "!", "。", "！")))
    return 2 * ended >= len(items)


# ---- periods ------------------------------------------------------------------------------

_MONTHS = {
    name: i for i, names in enumerate((
        (), ("january", "jan", "januar", "enero", "janvier", "janeiro", "январь", "января"),
        ("february", "feb", "februar", "febrero", "février", "fevereiro", "февраль"),
        ("march", "mar", "märz", "marzo", "mars", "março", "март"),
        ("april", "apr", "abril", "avril", "апрель"),
        ("may", "mai", "mayo", "maio", "май"),
        ("june", "jun", "juni", "junio", "juin", "junho", "июнь"),
        ("july", "jul", "juli", "julio", "juillet", "julho", "июль"),
        ("august", "aug", "agosto", "août", "август"),
        ("september", "sep", "sept", "septiembre", "septembre", "setembro", "сентябрь"),
        ("october", "oct", "oktober", "octubre", "octobre", "outubro", "октябрь"),
        ("november", "nov", "noviembre", "novembre", "novembro", "ноябрь"),
        ("december", "dec", "dezember", "diciembre", "décembre", "dezembro", "декабрь"),
    )) for name in names
}
MONTH_NAMES = frozenset(_MONTHS)
_YEAR = r"((?:19|20)\d\d)"
_MONTH_WORD = r"([^\W\d_]{3,10})\.?"
_P_WEEK = later(rf"{_YEAR}-?W(\d{{1,2}})\b")
_P_QUARTER = later(rf"\bQ([1-4])\b(?:\s*[-/']?\s*{_YEAR})?|{_YEAR}\s*[-/ ]?\s*Q([1-4])\b")
_P_HALF = later(rf"\bH([12])\b(?:\s*[-/']?\s*{_YEAR})?|{_YEAR}\s*[-/ ]?\s*H([12])\b")
_P_MONTH_RANGE = later(
    rf"{_MONTH_WORD}\s*(?:[-–—]|to|bis|a|à)\s*{_MONTH_WORD}(?:,?\s*{_YEAR})?", re.IGNORECASE)
_P_MONTH = later(rf"{_MONTH_WORD}\s+{_YEAR}|{_YEAR}[-/](\d\d)(?![-/\d])", re.IGNORECASE)
_P_YEAR = later(rf"(?<![\d-]){_YEAR}(?![\d-])")
_YMD = later(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def period_end(text: str, default_year: int | None = None,
               rules: WeekRules = ISO) -> date | None:
    """The last day of the period a heading, label or title names, or None: `2025` →
    2025-12-31, `Q3 2025` → 2025-09-30, `H1` (with `default_year`) → 06-30, `2025-W12` →
    the last day of week 12 as `rules` number weeks (the vault's, for its notes), `March
    2025` / `2025-03` → 03-31, `Jan–Mar 2025` → 03-31. A full date is not a period
    (`2025-06-30` is a deadline written out, read elsewhere)."""
    if default_year is None and _DIGIT.search(text) is None:
        return None  # (every period names a number but a month range, which needs a year)
    if _YMD.search(text):
        return None
    m = _P_WEEK.search(text)
    if m is not None:
        week_one = first_day_of_week(int(m.group(1)), int(m.group(2)), rules)
        return None if week_one is None else week_one + timedelta(days=6)
    m = _P_QUARTER.search(text)
    if m is not None:
        q = int(m.group(1) or m.group(4))
        qyear = _year(m.group(2) or m.group(3), default_year)
        return None if qyear is None else _month_end(qyear, 3 * q)
    m = _P_HALF.search(text)
    if m is not None:
        h = int(m.group(1) or m.group(4))
        hyear = _year(m.group(2) or m.group(3), default_year)
        return None if hyear is None else _month_end(hyear, 6 * h)
    for m in _P_MONTH_RANGE.finditer(text):
        first, last = _MONTHS.get(m.group(1).casefold()), _MONTHS.get(m.group(2).casefold())
        ryear = _year(m.group(3), default_year)
        if first and last and ryear is not None:
            return _month_end(ryear, last)
    for m in _P_MONTH.finditer(text):
        if m.group(1):
            month = _MONTHS.get(m.group(1).casefold())
            if month:
                return _month_end(int(m.group(2)), month)
        elif m.group(3) and 1 <= int(m.group(4)) <= 12:
            return _month_end(int(m.group(3)), int(m.group(4)))
    m = _P_YEAR.search(text)
    if m is not None:
        return date(int(m.group(1)), 12, 31)
    return None


def year_of(text: str) -> int | None:
    """The year a title or heading names (`2025 Goals`, `Q3 2025`), or None."""
    m = _P_YEAR.search(text) or re.search(rf"{_YEAR}", text)
    return int(m.group(1)) if m is not None else None


def _year(text: str | None, default: int | None) -> int | None:
    return int(text) if text else default


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def week_end(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1) + timedelta(days=6)
