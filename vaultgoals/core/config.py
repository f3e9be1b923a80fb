"""Configuration values: `.vaultgoals.yaml` at the vault root, plus what Obsidian's own
settings say, from their text (`vaultgoals.store.settings` reads the files).

Every key, its type and its default are the fields of `Config` and the `_KEYS` table below;
README's "Configuration" section documents the same table. Unknown keys and wrong types are
errors naming the key.
"""

from __future__ import annotations

import hashlib
import reprlib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from vaultgoals.core.parse.taskfields import TaskFormat
from vaultgoals.core.weeks import WEEK_STARTS, WeekRules, known_locale, rules_for
from vaultgoals.core.words import FIELDS, KINDS, STATUSES, TABLE, Concept, Extra, Words, words

CONFIG_FILE = ".vaultgoals.yaml"
DAILY_NOTES_SETTINGS = ".obsidian/daily-notes.json"
PERIODIC_NOTES_SETTINGS = ".obsidian/plugins/periodic-notes/data.json"
TEMPLATES_SETTINGS = ".obsidian/templates.json"
TEMPLATER_SETTINGS = ".obsidian/plugins/templater-obsidian/data.json"
CALENDAR_SETTINGS = ".obsidian/plugins/calendar/data.json"
TASKS_SETTINGS = ".obsidian/plugins/obsidian-tasks-plugin/data.json"
# The goal conventions `goals.off` can turn off: the recognisers' names (goals/registry.py
# holds the same list, checked by tests/test_recognisers.py).
CONVENTIONS = (
    "type_property", "kind_tag", "goal_folder", "template_properties", "inline_fields",
    "body_tags", "smart", "goal_lists", "okrs", "steps_heading", "breakdowns",
    "goal_task", "milestone_task", "habits", "gtd_projects", "milestone_notes",
    "progress_line",
)
STATUS_TYPES = ("TODO", "DONE", "IN_PROGRESS", "CANCELLED", "NON_TASK")
DEFAULT_STATUSES = {" ": "TODO", "x": "DONE", "X": "DONE", "/": "IN_PROGRESS", "-": "CANCELLED"}


class ConfigError(ValueError):
    """A problem in `.vaultgoals.yaml`; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Config:
    ignore: tuple[str, ...] = ()
    task_format: str = "both"
    statuses: dict[str, str] = field(default_factory=dict)
    # the Tasks plugin's global filter: when set, only checklist lines whose text holds it
    # are tasks ("": every checklist line is one)
    global_filter: str = ""
    goal_tag: str = "goal"
    milestone_tag: str = "milestone"
    stale_days: int = 21
    due_soon_days: int = 14
    pace_weeks: int = 4
    chart: str = "completions"
    reviews_folder: str = "Reviews"
    # the review's name (and title): by default the way Periodic Notes names a weekly note
    reviews_format: str = ""  # "": named as the weekly notes are (`weekly_format`)
    # the week's first day: `locale` (the locale's own) or a day's name, as the Calendar
    # plugin's "Start week on"; with `locale`, the moment.js locale whose week rules count
    week_start: str = "locale"
    locale: str = "en"
    review_into_weekly_note: bool = False
    # the note that says how vaultgoals reads the vault, in the reviews folder ("": none)
    explain_note: str = "How vaultgoals reads this vault.md"
    celebrations_folder: str = "Celebrations"
    wins_log: str = "Wins log.md"
    lookback_days: int = 365
    journal: str = ".vaultgoals/state.db"
    daily_folder: str = ""
    daily_format: str = "YYYY-MM-DD"
    weekly_folder: str = ""
    weekly_format: str = "gggg-[W]ww"
    # (OKRs/Objectives folders hold notes of objectives, not one goal each: they come with
    # the OKR convention)
    goal_folders: tuple[str, ...] = ("Goals", "Goal")
    # GTD/PARA project folders: their notes are goals when they look like projects
    # (goals/goal_folder.py); `goals.project_folders: []` turns this off
    project_folders: tuple[str, ...] = ("Projects", "Project")
    goal_done_folders: tuple[str, ...] = ("Archive", "Archived", "Done", "Completed",
                                          "Achieved")
    sources: tuple[str, ...] = ()  # which Obsidian settings files were honoured
    # Reassess with memory (core/reassess.py): a goal whose deadline moved this many times,
    # or whose pace has needed more than it did for this many weeks, is asked about (0: off)
    reassess_moves: int = 2
    behind_weeks: int = 3
    # research and opportunities (core/research.py): tags and folders that mark them
    research_tags: tuple[str, ...] = ("research", "opportunity")
    research_folders: tuple[str, ...] = ("Research", "Opportunities")
    # folders that hold templates (Obsidian's Templates and Templater plugins' settings)
    template_folders: tuple[str, ...] = ()
    conventions_off: tuple[str, ...] = ()  # recognisers turned off (`goals.off`)
    # a vault's own words, added to the table of words.py: (concept, words) pairs
    extra_words: Extra = ()
    extra_statuses: Extra = ()
    extra_fields: Extra = ()
    extra_kinds: Extra = ()

    @property
    def words(self) -> Words:
        """The word table with this vault's own words added."""
        return words(self.extra_words, self.extra_statuses, self.extra_fields,
                     self.extra_kinds)

    @property
    def week_rules(self) -> WeekRules:
        """The week rules in force (moment's `dow`/`doy`): see `vaultgoals.core.weeks`."""
        return rules_for(self.locale, self.week_start)

    @property
    def review_name_format(self) -> str:
        """The format that names the review (and so titles it): `reviews.format` when set
        (and the review is not written into the weekly notes), else the weekly notes' own
        (Periodic Notes', Calendar's, `weekly.format`), so the review of a week carries the
        name of the weekly note Obsidian opens for it."""
        if self.reviews_format and not self.review_into_weekly_note:
            return self.reviews_format
        return self.weekly_format

    @property
    def first_day(self) -> str:
        """The name of the week's first day (`sunday`, `monday`, ...)."""
        return self.week_rules.first_day

    @property
    def goal_folder_names(self) -> tuple[str, ...]:
        """The goals folders: `goals.folders` and the table's `goal_folders` words (none
        when `goals.folders: []`)."""
        return _with_table(self.goal_folders, self.words["goal_folders"])

    @property
    def project_folder_names(self) -> tuple[str, ...]:
        """The projects folders: `goals.project_folders` and the table's words."""
        return _with_table(self.project_folders, self.words["project_folders"])

    @property
    def done_folder_names(self) -> tuple[str, ...]:
        """The done folders: `goals.done_folders` and the table's words."""
        return _with_table(self.goal_done_folders, self.words["done_folders"])

    @property
    def cue_words(self) -> tuple[str, ...]:
        """This vault's own words that may make a note worth reading in full (its goal
        folders, the words it adds to the table, its own names for the kind and how-often
        properties): see parse/cues.py."""
        own = {*self.goal_folders, *self.project_folders,
               *(w for pairs in (self.extra_words, self.extra_kinds) for _, ws in pairs
                 for w in ws),
               *(w for concept, ws in self.extra_fields if concept in ("type", "every", "parent")
                 for w in ws)}
        return tuple(sorted(own - {"Goals", "Goal", "Projects", "Project"}))

    @property
    def tasks_format(self) -> TaskFormat:
        """`task_format`, typed for the parser (parse_config checked its value)."""
        fmt = self.task_format
        return "emoji" if fmt == "emoji" else "dataview" if fmt == "dataview" else "both"

    def reading_key(self) -> str:
        """What the parse cache adds to its version: the settings a note's reading depends
        on (core/noteread.py). Notes read under other settings are read again."""
        parts = [(f.name, sorted(v.items()) if isinstance(v := getattr(self, f.name), dict)
                  else v) for f in fields(self) if f.name not in _NOT_READING]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]

    def uses(self, convention: str) -> bool:
        """Is this convention (a recogniser's name) on?"""
        return convention not in self.conventions_off

    def status_type(self, ch: str) -> str:
        """The Tasks plugin's status type of a checkbox character (unknown → TODO)."""
        got = self.statuses.get(ch)
        if got is not None:
            return got
        return DEFAULT_STATUSES.get(ch, "TODO")


# Settings that only shape what is written, never how a note is read (every other one is
# part of `Config.reading_key`, so a new setting is safe by default).
_NOT_READING = frozenset({
    "stale_days", "due_soon_days", "pace_weeks", "chart", "reviews_folder",
    "reviews_format", "week_start", "locale", "review_into_weekly_note", "explain_note",
    "celebrations_folder", "wins_log", "lookback_days", "journal", "sources",
    "reassess_moves", "behind_weeks", "research_tags", "research_folders",
})

# key in the YAML file -> (attribute, expected type, allowed values or None)
_KEYS: dict[str, tuple[str, type, tuple[str, ...] | None]] = {
    "ignore": ("ignore", list, None),
    "task_format": ("task_format", str, ("emoji", "dataview", "both")),
    "global_filter": ("global_filter", str, None),
    "statuses": ("statuses", dict, None),
    "goal_tag": ("goal_tag", str, None),
    "milestone_tag": ("milestone_tag", str, None),
    "stale_days": ("stale_days", int, None),
    "due_soon_days": ("due_soon_days", int, None),
    "pace_weeks": ("pace_weeks", int, None),
    "chart": ("chart", str, ("completions", "progress")),
    "journal": ("journal", str, None),
    "reviews.folder": ("reviews_folder", str, None),
    "reviews.format": ("reviews_format", str, None),
    "reviews.week_start": ("week_start", str, WEEK_STARTS),
    "reviews.locale": ("locale", str, None),
    "weekly.folder": ("weekly_folder", str, None),
    "weekly.format": ("weekly_format", str, None),
    "reviews.into_weekly_note": ("review_into_weekly_note", bool, None),
    "reviews.explain_note": ("explain_note", str, None),
    "celebrations.folder": ("celebrations_folder", str, None),
    "celebrations.wins_log": ("wins_log", str, None),
    "celebrations.lookback_days": ("lookback_days", int, None),
    "goals.folders": ("goal_folders", list, None),
    "goals.done_folders": ("goal_done_folders", list, None),
    "goals.project_folders": ("project_folders", list, None),
    "goals.off": ("conventions_off", list, None),
    "goals.words": ("extra_words", dict, None),
    "goals.statuses": ("extra_statuses", dict, None),
    "goals.fields": ("extra_fields", dict, None),
    "goals.kinds": ("extra_kinds", dict, None),
    "reassess.moves": ("reassess_moves", int, None),
    "reassess.behind_weeks": ("behind_weeks", int, None),
    "research.tags": ("research_tags", list, None),
    "research.folders": ("research_folders", list, None),
}
# the word tables `goals.words|statuses|fields|kinds` extend: their concepts
_WORD_TABLES: dict[str, tuple[str, ...]] = {
    "goals.words": tuple(TABLE), "goals.statuses": tuple(STATUSES),
    "goals.fields": tuple(FIELDS), "goals.kinds": tuple(KINDS),
}
_SECTIONS = ("reviews", "celebrations", "goals", "weekly", "reassess", "research")
_NAME_LISTS = ("ignore", "goals.folders", "goals.done_folders", "goals.project_folders",
               "goals.off", "research.tags", "research.folders")  # of strings; a single
# string is a list of one
# Bounds of the numeric keys: a window of days or weeks counted back from `--today` has to
# stay inside the calendar (see dates.FIRST_DAY), and a pace over zero weeks is no pace.
_DAYS_MAX = 36_500  # 100 years
_RANGES: dict[str, tuple[int, int]] = {
    "stale_days": (0, _DAYS_MAX),
    "due_soon_days": (0, _DAYS_MAX),
    "celebrations.lookback_days": (0, _DAYS_MAX),
    "pace_weeks": (1, _DAYS_MAX // 7),
    "reassess.moves": (0, 100),
    "reassess.behind_weeks": (0, 52),
}


@lru_cache(maxsize=64)
def _with_table(names: tuple[str, ...], table: Concept) -> tuple[str, ...]:
    """Configured folder names and the word table's for them; none when `names` is empty
    (`goals.folders: []` turns folders off)."""
    return tuple(dict.fromkeys((*names, *sorted(table.whole), *table.inside))) if names else ()


def _flatten(raw: dict[str, Any], where: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key)
        if name in _SECTIONS:
            if value is None:
                continue
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{name}' must be a mapping of settings")
            for sub, subval in value.items():
                # (YAML 1.1 reads an unquoted `off:` key as false: `goals: {off: [...]}`)
                flat[f"{name}.{'off' if sub is False else sub}"] = subval
        else:
            flat[name] = value
    return flat


def _check(flat: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flat.items():
        spec = _KEYS.get(key)
        if spec is None:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {known})")
        attr, typ, allowed = spec
        if key in _NAME_LISTS and isinstance(value, str):
            value = [value]  # `ignore: Archive/` means the list of that one pattern
        ok = isinstance(value, typ) and not (typ is int and isinstance(value, bool))
        if not ok:
            raise ConfigError(
                f"{where}: '{key}' must be {typ.__name__}, got {type(value).__name__} "
                f"{_short.repr(value)}"
            )
        if allowed is not None and value not in allowed:
            raise ConfigError(f"{where}: '{key}' must be one of {', '.join(allowed)}")
        if typ is int:
            _check_range(key, value, where)
        if key in _NAME_LISTS:
            if not all(isinstance(v, str) for v in value):
                what = ("glob patterns" if key == "ignore" else "tags" if key == "research.tags"
                        else "folder names")
                raise ConfigError(f"{where}: '{key}' must be a list of {what}")
            value = tuple(value)
        if key == "statuses":
            value = _check_statuses(value, where)
        if key == "reviews.locale":
            found = known_locale(value)
            if found is None:
                raise ConfigError(f"{where}: 'reviews.locale' {_short.repr(value)} is not a "
                                  f"locale vaultgoals knows the weeks of (e.g. en, en-gb, de)")
            value = found
        if key in ("weekly.format", "reviews.format") and not value.strip():
            raise ConfigError(f"{where}: '{key}' must not be empty")
        if key == "goals.off":
            bad = [v for v in value if v not in CONVENTIONS]
            if bad:
                raise ConfigError(f"{where}: 'goals.off' names no convention {bad[0]!r} "
                                  f"(conventions: {', '.join(CONVENTIONS)})")
        if key in _WORD_TABLES:
            value = _check_words(key, value, where)
        out[attr] = value
    return out


def _check_words(key: str, value: dict[Any, Any], where: str) -> Extra:
    """`goals.words` and the like: a mapping of a known concept → a list of words."""
    known = _WORD_TABLES[key]
    out: list[tuple[str, tuple[str, ...]]] = []
    for name, ws in value.items():
        if name not in known:
            raise ConfigError(f"{where}: '{key}.{name}' is not one of {', '.join(known)}")
        if isinstance(ws, str):
            ws = [ws]
        if not isinstance(ws, list) or not all(isinstance(w, str) and w.strip() for w in ws):
            raise ConfigError(f"{where}: '{key}.{name}' must be a list of words")
        out.append((str(name), tuple(w.strip() for w in ws)))
    return tuple(out)


def _check_range(key: str, value: int, where: str) -> None:
    low, high = _RANGES[key]
    if value < 0:
        raise ConfigError(f"{where}: '{key}' must not be negative, got {_short.repr(value)}")
    if value < low:
        raise ConfigError(f"{where}: '{key}' must be at least {low}, got {value}")
    if value > high:
        years = f" ({_DAYS_MAX // 365} years)" if high >= _DAYS_MAX // 7 else ""
        raise ConfigError(f"{where}: '{key}' must be at most {high}{years}, "
                          f"got {_short.repr(value)}")


def _check_statuses(value: dict[Any, Any], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for ch, typ in value.items():
        sym = ch if isinstance(ch, str) else _short.repr(ch)
        if len(sym) != 1:
            raise ConfigError(f"{where}: 'statuses' key {sym!r} must be exactly one character")
        if not isinstance(typ, str) or typ.upper() not in STATUS_TYPES:
            raise ConfigError(
                f"{where}: 'statuses.{sym}' must be one of {', '.join(STATUS_TYPES)}"
            )
        out[sym] = str(typ).upper()
    return out


_short = reprlib.Repr()  # error messages show a bounded repr of a bad value: a YAML alias
_short.maxlevel, _short.maxlist, _short.maxdict = 2, 4, 4  # bomb's full repr would have
_short.maxstring = _short.maxother = 60  # billions of items


def obsidian_values(daily: Any, periodic: Any, templates: Any = None,
                    templater: Any = None, calendar: Any = None,
                    tasks: Any = None) -> dict[str, Any]:
    """What Obsidian's settings say (the parsed JSON of the core Daily notes, Periodic
    Notes, Templates, Templater, Calendar and Tasks plugins' settings, None where absent):
    daily and weekly note folders and formats, the week rules, the template folders, the
    Tasks plugin's global filter, statuses and task format, and which files were honoured
    (`sources`). Where two say the same thing, the one Obsidian obeys wins:
    Periodic Notes over Daily notes and over Calendar for formats and folders; Calendar over
    Periodic Notes for the week rules (Periodic Notes applies its own only without Calendar).
    """
    found: dict[str, Any] = {}
    sources: list[str] = []
    folders: list[str] = []
    for name, data, key in ((TEMPLATES_SETTINGS, templates, "folder"),
                            (TEMPLATER_SETTINGS, templater, "templates_folder")):
        if isinstance(data, dict) and isinstance(data.get(key), str) and data[key].strip("/ "):
            sources.append(name)
            folders.append(data[key].strip("/ "))
    if folders:
        found["template_folders"] = tuple(dict.fromkeys(folders))
    if isinstance(daily, dict):
        sources.append(DAILY_NOTES_SETTINGS)
        _note_settings(found, "daily", daily)
    if isinstance(calendar, dict):  # Calendar names weekly notes when Periodic Notes is absent
        sources.append(CALENDAR_SETTINGS)
        _note_settings(found, "weekly", {"folder": calendar.get("weeklyNoteFolder"),
                                         "format": calendar.get("weeklyNoteFormat")})
    if isinstance(periodic, dict):
        sources.append(PERIODIC_NOTES_SETTINGS)
        for kind, sec in _periodic_sections(periodic):
            _note_settings(found, kind, sec)
        weekly = periodic.get("weekly")
        _week_rules(found, periodic.get("weekStart") or (
            weekly.get("weekStart") if isinstance(weekly, dict) else None),
            periodic.get("localeOverride"))
    if isinstance(calendar, dict):
        _week_rules(found, calendar.get("weekStart"), calendar.get("localeOverride"))
    if isinstance(tasks, dict):
        sources.append(TASKS_SETTINGS)
        _tasks_settings(found, tasks)
    found["sources"] = tuple(sources)
    return found


# the Tasks plugin's `taskFormat` → vaultgoals' `task_format`
_TASK_FORMATS = {"tasksPluginEmoji": "emoji", "dataview": "dataview"}


def _tasks_settings(found: dict[str, Any], tasks: dict[str, Any]) -> None:
    """The Tasks plugin's settings (its `Settings.ts`): `globalFilter` (a string; the plugin
    matches it anywhere in a task's text), `taskFormat`, and `statusSettings`, whose
    `coreStatuses` and `customStatuses` give each checkbox character (`symbol`) a `type`.
    A value of another shape is left out, as the plugin would fall back to its default."""
    gf = tasks.get("globalFilter")
    if isinstance(gf, str) and gf.strip():
        found["global_filter"] = gf.strip()
    fmt = tasks.get("taskFormat")
    if isinstance(fmt, str) and fmt in _TASK_FORMATS:
        found["task_format"] = _TASK_FORMATS[fmt]
    sec = tasks.get("statusSettings")
    if not isinstance(sec, dict):
        return
    statuses: dict[str, str] = {}
    for group in ("coreStatuses", "customStatuses"):
        entries = sec.get(group)
        for st in entries if isinstance(entries, list) else ():
            if not isinstance(st, dict):
                continue
            sym, typ = st.get("symbol"), st.get("type")
            # (the plugin's registry keeps the first status of a symbol)
            if (isinstance(sym, str) and len(sym) == 1 and typ in STATUS_TYPES
                    and sym not in statuses):
                statuses[sym] = typ
    # only what differs from the defaults: a plugin with its stock statuses changes nothing
    own = {c: t for c, t in statuses.items() if DEFAULT_STATUSES.get(c, "TODO") != t}
    if own:
        found["statuses"] = own


def _periodic_sections(periodic: dict[str, Any]) -> list[tuple[str, Any]]:
    """The daily and weekly sections of Periodic Notes' settings that are on: 1.x keeps
    them in the active calendar set (`calendarSets[...]["day"|"week"]`), 0.x at the top
    (`daily`, `weekly`)."""
    out: list[tuple[str, Any]] = [("daily", periodic.get("daily")),
                                  ("weekly", periodic.get("weekly"))]
    sets = periodic.get("calendarSets")
    if isinstance(sets, list):
        active = periodic.get("activeCalendarSet")
        chosen = [c for c in sets if isinstance(c, dict) and c.get("id") == active] or [
            c for c in sets[:1] if isinstance(c, dict)]
        for cal in chosen[:1]:
            out += [("daily", cal.get("day")), ("weekly", cal.get("week"))]
    return [(kind, sec) for kind, sec in out
            if isinstance(sec, dict) and sec.get("enabled") is not False]


def _note_settings(found: dict[str, Any], kind: str, sec: dict[str, Any]) -> None:
    """A daily or weekly note's folder and format, where set (over what was found before)."""
    if isinstance(sec.get("folder"), str):
        found[f"{kind}_folder"] = sec["folder"].strip("/")
    if isinstance(sec.get("format"), str) and sec["format"].strip():
        found[f"{kind}_format"] = sec["format"]


def _week_rules(found: dict[str, Any], start: Any, locale: Any) -> None:
    """A plugin's `weekStart` (`locale`, `sunday`, `monday`, ...) and `localeOverride` (a
    moment locale, or `system-default`: not known outside Obsidian), where usable."""
    if isinstance(start, str) and start.lower() in WEEK_STARTS:
        found["week_start"] = start.lower()
    if isinstance(locale, str) and known_locale(locale) is not None:
        found["locale"] = known_locale(locale)


def parse_config(text: str | None, obsidian: dict[str, Any]) -> Config:
    """The configuration from the text of `.vaultgoals.yaml` (None: there is none) over
    what Obsidian's settings say; `ConfigError` naming the key (and line) if it is bad."""
    values = dict(obsidian)
    if text is not None:
        own = _check(_flatten(_load_yaml(text), CONFIG_FILE), CONFIG_FILE)
        if "statuses" in own:  # the YAML's characters over the Tasks plugin's, one by one
            own["statuses"] = {**obsidian.get("statuses", {}), **own["statuses"]}
        values.update(own)
    return Config(**values)


def _load_yaml(text: str) -> dict[str, Any]:
    import yaml  # lazy: most vaults have no config file, and a warm start needs no YAML

    from vaultgoals.core.parse.yamlload import safe_load  # lazy: as above

    where = CONFIG_FILE
    try:
        raw = safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{where}{line}: not valid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{where}: nested too deeply to be a configuration") from None
    except ValueError as exc:  # a value YAML cannot build: `2026-02-30`, 5,000 digits
        raise ConfigError(f"{where}: a value cannot be read: {exc}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be a mapping of settings")
    return raw
