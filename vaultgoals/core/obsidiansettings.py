"""What Obsidian's own settings say, as configuration values: the core Daily notes and
Templates plugins, Periodic Notes (0.x and 1.x), Calendar, Tasks, Templater and the app's
attachment folder (`obsidian_values`). Pure: the settings files' parsed JSON in, a dict of
`Config` fields out; `config.parse_config` lays `.vaultgoals.yaml` over it.
"""

from __future__ import annotations

from typing import Any

from vaultgoals.core.config import (
    APP_SETTINGS,
    CALENDAR_SETTINGS,
    DAILY_NOTES_SETTINGS,
    DEFAULT_STATUSES,
    PERIODIC_NOTES_SETTINGS,
    STATUS_TYPES,
    TASKS_SETTINGS,
    TEMPLATER_SETTINGS,
    TEMPLATES_SETTINGS,
    leaves_vault,
)
from vaultgoals.core.weeks import WEEK_STARTS, known_locale


def obsidian_values(daily: Any, periodic: Any, templates: Any = None,
                    templater: Any = None, calendar: Any = None,
                    tasks: Any = None, app: Any = None) -> dict[str, Any]:
    """What Obsidian's settings say (the parsed JSON of the core Daily notes, Periodic
    Notes, Templates, Templater, Calendar and Tasks plugins' settings, and Obsidian's own
    `app.json`, None where absent):
    daily and weekly note folders and formats, the week rules, the template folders, the
    Tasks plugin's global filter, statuses and task format, the attachment folder, and which
    files were honoured
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
    folder = app.get("attachmentFolderPath") if isinstance(app, dict) else None
    if isinstance(folder, str) and folder.strip() and not leaves_vault(folder):
        sources.append(APP_SETTINGS)
        found["attachment_folder"] = folder.strip()
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


# Periodic Notes' sections: 0.x's key at the top, 1.x's key in a calendar set → the kind
_PERIODIC_KEYS = (("daily", "day"), ("weekly", "week"), ("monthly", "month"),
                  ("quarterly", "quarter"), ("yearly", "year"))


def _periodic_sections(periodic: dict[str, Any]) -> list[tuple[str, Any]]:
    """The sections of Periodic Notes' settings that are on (daily, weekly, monthly,
    quarterly, yearly): 1.x keeps them in the active calendar set
    (`calendarSets[...]["day"|"week"|"month"|"quarter"|"year"]`), 0.x at the top (`daily`,
    `weekly`, ...)."""
    out: list[tuple[str, Any]] = [(kind, periodic.get(kind)) for kind, _ in _PERIODIC_KEYS]
    sets = periodic.get("calendarSets")
    if isinstance(sets, list):
        active = periodic.get("activeCalendarSet")
        chosen = [c for c in sets if isinstance(c, dict) and c.get("id") == active] or [
            c for c in sets[:1] if isinstance(c, dict)]
        for cal in chosen[:1]:
            out += [(kind, cal.get(key)) for kind, key in _PERIODIC_KEYS]
    return [(kind, sec) for kind, sec in out
            if isinstance(sec, dict) and sec.get("enabled") is not False]


def _note_settings(found: dict[str, Any], kind: str, sec: dict[str, Any]) -> None:
    """A daily, weekly, monthly, quarterly or yearly note's folder and format, where set
    (over what was found before)."""
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
