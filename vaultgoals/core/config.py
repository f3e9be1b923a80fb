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
from vaultgoals.core.paths import UnsafePath, path_parts
from vaultgoals.core.weeks import WEEK_STARTS, WeekRules, known_locale, rules_for
from vaultgoals.core.words import FIELDS, KINDS, STATUSES, TABLE, Concept, Extra, Words, words

CONFIG_FILE = ".vaultgoals.yaml"
DAILY_NOTES_SETTINGS = ".obsidian/daily-notes.json"
PERIODIC_NOTES_SETTINGS = ".obsidian/plugins/periodic-notes/data.json"
TEMPLATES_SETTINGS = ".obsidian/templates.json"
TEMPLATER_SETTINGS = ".obsidian/plugins/templater-obsidian/data.json"
CALENDAR_SETTINGS = ".obsidian/plugins/calendar/data.json"
TASKS_SETTINGS = ".obsidian/plugins/obsidian-tasks-plugin/data.json"
APP_SETTINGS = ".obsidian/app.json"  # the attachment folder (`attachmentFolderPath`)
# The plugins' settings files the configuration is read from, in `obsidian_values`' order;
# a change to one of them reloads it in the watcher (core/notepaths.py). Not app.json:
# Obsidian rewrites it for every app setting, and only chart files depend on it.
PLUGIN_SETTINGS = (DAILY_NOTES_SETTINGS, PERIODIC_NOTES_SETTINGS, TEMPLATES_SETTINGS,
                   TEMPLATER_SETTINGS, CALENDAR_SETTINGS, TASKS_SETTINGS)
# The goal conventions `goals.off` can turn off: the recognisers' names (goals/registry.py
# holds the same list, checked by tests/test_recognisers.py).
CONVENTIONS = (
    "type_property", "kind_tag", "goal_folder", "template_properties", "inline_fields",
    "body_tags", "smart", "goal_lists", "okrs", "steps_heading", "breakdowns",
    "goal_task", "milestone_task", "habits", "gtd_projects", "milestone_notes",
    "progress_line", "skill_folder", "skills_list",
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
    # where chart files (SVG) go: "" follows Obsidian's attachment folder (`attachment_folder`,
    # charts in a `vaultgoals` folder inside it); else `/`, `./`, `./sub` or a folder
    charts_attachments: str = ""
    attachment_folder: str = "/"  # Obsidian's `attachmentFolderPath` (app.json)
    burnups: bool = True  # the weekly review's burn-up charts (`charts.burnups`)
    celebrations_folder: str = "Celebrations"
    wins_log: str = "Wins log.md"
    lookback_days: int = 365
    # the goal map: a JSON Canvas `run` and `watch` keep current (docs/pictures.md)
    canvas_enabled: bool = True
    canvas_path: str = "Goals.canvas"
    journal: str = ".vaultgoals/state.db"
    # where the parse cache lives: `user` (the platform's cache folder: nothing for a sync
    # client to upload at every edit) or `vault` (beside the journal); cache/location.py
    cache: str = "user"
    # how much the review and celebration notes link: full | goals | none (render/links.py)
    links: str = "goals"
    # the watch log's rotation with --log-file: bytes per file (0: never rotate), old files
    log_max_bytes: int = 1 << 20
    log_backups: int = 3
    daily_folder: str = ""
    daily_format: str = "YYYY-MM-DD"
    weekly_folder: str = ""
    weekly_format: str = "gggg-[W]ww"
    # the user's monthly, quarterly and yearly notes (Periodic Notes' defaults), which name
    # the periodic reviews (docs/periodic.md)
    monthly_folder: str = ""
    monthly_format: str = "YYYY-MM"
    quarterly_folder: str = ""
    quarterly_format: str = "YYYY-[Q]Q"
    yearly_folder: str = ""
    yearly_format: str = "YYYY"
    # the periodic reviews: each on by default; into the user's own periodic note or not
    reviews_monthly: bool = True
    reviews_quarterly: bool = True
    reviews_yearly: bool = True
    review_into_monthly_note: bool = False
    review_into_quarterly_note: bool = False
    review_into_yearly_note: bool = False
    # (OKRs/Objectives folders hold notes of objectives, not one goal each: they come with
    # the OKR convention)
    goal_folders: tuple[str, ...] = ("Goals", "Goal")
    # GTD/PARA project folders: their notes are goals when they look like projects
    # (goals/goal_folder.py); `goals.project_folders: []` turns this off
    project_folders: tuple[str, ...] = ("Projects", "Project")
    goal_done_folders: tuple[str, ...] = ("Archive", "Archived", "Done", "Completed",
                                          "Achieved")
    # notes in a folder of this name are skills (goals/skill_folder.py), with the word
    # table's skill words; `skills.folders: []` turns this off
    skill_folders: tuple[str, ...] = ("Skills", "Skill")
    # notes in a folder of this name are people (goals/person_note.py, core/people.py), never
    # commitments; `people.folders: []`: only notes with `type: person`
    people_folders: tuple[str, ...] = ("People", "Contacts", "Network", "CRM")
    feedback_tag: str = "feedback"  # tasks and notes tagged with it: feedback (core/people.py)
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

    def periodic_on(self, kind: str) -> bool:
        """Is the review of this kind of period (`month`, `quarter`, `year`) written?"""
        return bool(getattr(self, f"reviews_{_ADJ[kind]}"))

    def periodic_format(self, kind: str) -> str:
        """The format of the user's notes of this kind, which names its review."""
        return str(getattr(self, f"{_ADJ[kind]}_format"))

    def periodic_into_note(self, kind: str) -> bool:
        """Does the review of this kind go into the user's own periodic note?"""
        return bool(getattr(self, f"review_into_{_ADJ[kind]}_note"))

    def periodic_folder(self, kind: str) -> str:
        """Where the review of this kind goes: the user's notes of that kind's folder (with
        `into_<kind>_note`), else the reviews folder."""
        folder = (getattr(self, f"{_ADJ[kind]}_folder") if self.periodic_into_note(kind)
                  else self.reviews_folder)
        return str(folder).strip("/")

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
        return _cue_words(self.goal_folders, self.project_folders, self.skill_folders,
                          self.extra_words, self.extra_kinds, self.extra_fields)

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


_ADJ = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}

# Settings that only shape what is written, never how a note is read (every other one is
# part of `Config.reading_key`, so a new setting is safe by default).
_NOT_READING = frozenset({
    "stale_days", "due_soon_days", "pace_weeks", "chart", "reviews_folder",
    "reviews_format", "review_into_weekly_note", "explain_note",
    "celebrations_folder", "wins_log", "lookback_days", "journal", "sources", "cache",
    "log_max_bytes", "log_backups", "links",
    "monthly_folder", "monthly_format", "quarterly_folder", "quarterly_format",
    "yearly_folder", "yearly_format", "reviews_monthly", "reviews_quarterly",
    "reviews_yearly", "review_into_monthly_note", "review_into_quarterly_note",
    "review_into_yearly_note",
    "canvas_enabled", "canvas_path",
    "feedback_tag",
    "charts_attachments", "attachment_folder", "burnups",
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
    "cache": ("cache", str, ("user", "vault")),
    "links": ("links", str, ("full", "goals", "none")),
    "log.max_bytes": ("log_max_bytes", int, None),
    "log.backups": ("log_backups", int, None),
    "reviews.folder": ("reviews_folder", str, None),
    "reviews.format": ("reviews_format", str, None),
    "reviews.week_start": ("week_start", str, WEEK_STARTS),
    "reviews.locale": ("locale", str, None),
    "weekly.folder": ("weekly_folder", str, None),
    "weekly.format": ("weekly_format", str, None),
    "reviews.into_weekly_note": ("review_into_weekly_note", bool, None),
    "reviews.monthly": ("reviews_monthly", bool, None),
    "reviews.quarterly": ("reviews_quarterly", bool, None),
    "reviews.yearly": ("reviews_yearly", bool, None),
    "reviews.into_monthly_note": ("review_into_monthly_note", bool, None),
    "reviews.into_quarterly_note": ("review_into_quarterly_note", bool, None),
    "reviews.into_yearly_note": ("review_into_yearly_note", bool, None),
    "monthly.folder": ("monthly_folder", str, None),
    "monthly.format": ("monthly_format", str, None),
    "quarterly.folder": ("quarterly_folder", str, None),
    "quarterly.format": ("quarterly_format", str, None),
    "yearly.folder": ("yearly_folder", str, None),
    "yearly.format": ("yearly_format", str, None),
    "reviews.explain_note": ("explain_note", str, None),
    "charts.attachments": ("charts_attachments", str, None),
    "charts.burnups": ("burnups", bool, None),
    "celebrations.folder": ("celebrations_folder", str, None),
    "celebrations.wins_log": ("wins_log", str, None),
    "celebrations.lookback_days": ("lookback_days", int, None),
    "canvas.enabled": ("canvas_enabled", bool, None),
    "canvas.path": ("canvas_path", str, None),
    "goals.folders": ("goal_folders", list, None),
    "goals.done_folders": ("goal_done_folders", list, None),
    "goals.project_folders": ("project_folders", list, None),
    "goals.off": ("conventions_off", list, None),
    "goals.words": ("extra_words", dict, None),
    "goals.statuses": ("extra_statuses", dict, None),
    "goals.fields": ("extra_fields", dict, None),
    "goals.kinds": ("extra_kinds", dict, None),
    "skills.folders": ("skill_folders", list, None),
    "people.folders": ("people_folders", list, None),
    "people.feedback_tag": ("feedback_tag", str, None),
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
_SECTIONS = ("reviews", "celebrations", "goals", "weekly", "monthly", "quarterly", "yearly",
             "log", "canvas", "skills", "people", "charts", "reassess", "research")
_FORMATS = ("weekly.format", "reviews.format", "monthly.format", "quarterly.format",
            "yearly.format")
# (of strings; a single string is a list of one)
_NAME_LISTS = ("ignore", "goals.folders", "goals.done_folders", "goals.project_folders",
               "goals.off", "skills.folders", "people.folders", "research.tags",
               "research.folders")
# Bounds of the numeric keys: a window of days or weeks counted back from `--today` has to
# stay inside the calendar (see dates.FIRST_DAY), and a pace over zero weeks is no pace.
_DAYS_MAX = 36_500  # 100 years
_RANGES: dict[str, tuple[int, int]] = {
    "stale_days": (0, _DAYS_MAX),
    "due_soon_days": (0, _DAYS_MAX),
    "celebrations.lookback_days": (0, _DAYS_MAX),
    "pace_weeks": (1, _DAYS_MAX // 7),
    "log.max_bytes": (0, 1 << 40),
    "log.backups": (0, 1000),
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
        if key == "canvas.path" and not _canvas_file(value):
            raise ConfigError(f"{where}: 'canvas.path' {_short.repr(value)} must name a "
                              ".canvas file inside the vault, e.g. Goals.canvas or "
                              "Maps/Goals.canvas")
        if key == "charts.attachments" and leaves_vault(value):
            raise ConfigError(f"{where}: 'charts.attachments' {_short.repr(value)} must be a "
                              "folder inside the vault (`/`, `./`, `./sub` or a folder path)")
        if key in _FORMATS and not value.strip():
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


def _canvas_file(path: str) -> bool:
    """A vault-relative path to a `.canvas` file (`paths.path_parts` says what is one; the
    writer refuses anything leading out of the vault in any case)."""
    try:
        parts = path_parts(path)
    except UnsafePath:
        return False
    return parts[-1].lower().endswith(".canvas") and len(parts[-1]) > len(".canvas")


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


def leaves_vault(folder: str) -> bool:
    """Would this attachment folder setting lead out of the vault (`..`, a backslash, a
    drive)? (`/` is the vault's root, as Obsidian reads it.)"""
    return "\\" in folder or ":" in folder or ".." in folder.split("/")


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


@lru_cache(maxsize=16)  # (asked for every note read: the same settings give the same words)
def _cue_words(goal_folders: tuple[str, ...], project_folders: tuple[str, ...],
               skill_folders: tuple[str, ...], extra_words: Extra, extra_kinds: Extra,
               extra_fields: Extra) -> tuple[str, ...]:
    """`Config.cue_words` of these settings."""
    own = {*goal_folders, *project_folders, *skill_folders,
           *(w for pairs in (extra_words, extra_kinds) for _, ws in pairs for w in ws),
           *(w for concept, ws in extra_fields if concept in ("type", "every", "parent")
             for w in ws)}
    return tuple(sorted(own - {"Goals", "Goal", "Projects", "Project", "Skills", "Skill"}))
