"""Settings from ``settings.toml`` in the user config dir, and this device's id."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from innerchild_tui.domain.days import DEFAULT_DAY_START_HOUR
from innerchild_tui.domain.records import new_id
from innerchild_tui.domain.reminders import ReminderSettings
from innerchild_tui.paths import ensure_private_dir, settings_file, state_dir

DEFAULT_THEME = "innerchild-calm-dark"
DEFAULT_CHECKIN_REMINDER = "20:00"


@dataclass(frozen=True)
class Settings:
    data_file: str | None = None
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    theme: str = DEFAULT_THEME
    welcomed: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    hide_numbers: bool = False  # streaks and scores hidden for those who find them stressful
    checkin_reminder: str = DEFAULT_CHECKIN_REMINDER  # "HH:MM", or "" for no reminder
    # The terminal tab's title names today's mood and self-care only when asked: a tab is
    # seen by anyone passing the screen, all day.
    tab_summary: bool = False
    # Reminders while the dashboard is closed (`innerchild reminders install`):
    habit_reminders: dict[str, str] = field(default_factory=dict)  # habit name → "HH:MM"
    reminder_names: bool = False  # show habit names on a desktop notification
    quiet_hours: str = ""  # "22:00-07:00": no desktop notification then
    on_this_day: bool = True  # the history shows what was written a month and a year ago
    # Habit groups folded in the habits pane: a view of this computer, never synced.
    folded_groups: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # kind words about anything in the file we had to ignore


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives defaults, a bad value is reported."""
    path = path or settings_file()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(problems=(f"{path} could not be read ({error}); using defaults.",))
    problems: list[str] = []
    settings = Settings()
    data_file = raw.get("data_file")
    if data_file is not None:
        if isinstance(data_file, str) and data_file.strip():
            settings = replace(settings, data_file=data_file)
        else:
            problems.append("data_file in the settings should be a path; it was ignored.")
    hour = raw.get("day_start_hour")
    if hour is not None:
        if isinstance(hour, int) and not isinstance(hour, bool) and 0 <= hour <= 23:
            settings = replace(settings, day_start_hour=hour)
        else:
            problems.append("day_start_hour in the settings should be 0–23; using 4.")
    theme = raw.get("theme")
    if isinstance(theme, str) and theme:
        settings = replace(settings, theme=theme)
    reminder = raw.get("checkin_reminder")
    if reminder is not None:
        if reminder is False or reminder == "":
            settings = replace(settings, checkin_reminder="")
        elif isinstance(reminder, str) and reminder_time(reminder) is not None:
            settings = replace(settings, checkin_reminder=reminder.strip())
        else:
            problems.append(
                'checkin_reminder in the settings should be a time like "20:00" '
                "(or false for none); using 20:00."
            )
    habit_times = raw.get("habit_reminders")
    if isinstance(habit_times, dict):
        kept = {
            str(name): time.strip()
            for name, time in habit_times.items()
            if isinstance(time, str) and reminder_time(time) is not None
        }
        if len(kept) != len(habit_times):
            problems.append(
                'Each habit_reminders entry should be a time like "17:30"; the others were ignored.'
            )
        settings = replace(settings, habit_reminders=kept)
    elif habit_times is not None:
        problems.append("habit_reminders in the settings should be a table; it was ignored.")
    if raw.get("reminder_names") is True:
        settings = replace(settings, reminder_names=True)
    quiet = raw.get("quiet_hours")
    if quiet is not None:
        if isinstance(quiet, str) and (quiet.strip() == "" or quiet_span(quiet) is not None):
            settings = replace(settings, quiet_hours=quiet.strip())
        else:
            problems.append(
                'quiet_hours in the settings should look like "22:00-07:00"; it was ignored.'
            )
    if raw.get("welcomed") is True:
        settings = replace(settings, welcomed=True)
    if raw.get("hide_numbers") is True:
        settings = replace(settings, hide_numbers=True)
    this_day = raw.get("on_this_day")
    if this_day is False:
        settings = replace(settings, on_this_day=False)
    elif this_day is not None and this_day is not True:
        problems.append("on_this_day in the settings should be true or false; using true.")
    folded = raw.get("folded_groups")
    if isinstance(folded, list):
        settings = replace(
            settings, folded_groups=tuple(str(name) for name in folded if isinstance(name, str))
        )
    if raw.get("tab_summary") is True:
        settings = replace(settings, tab_summary=True)
    keymap = raw.get("keymap")
    if isinstance(keymap, dict):
        settings = replace(
            settings, keymap={str(k): str(v) for k, v in keymap.items() if isinstance(v, str)}
        )
    return replace(settings, problems=tuple(problems))


def reminder_time(text: str) -> tuple[int, int] | None:
    """``"20:00"`` → ``(20, 0)``; None for anything that is not a time of day."""
    hours, _, minutes = text.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    hour, minute = int(hours), int(minutes)
    return (hour, minute) if 0 <= hour <= 23 and 0 <= minute <= 59 else None


def quiet_span(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``"22:00-07:00"`` → ``((22, 0), (7, 0))``; None for anything else."""
    start, dash, end = text.strip().partition("-")
    first, last = reminder_time(start), reminder_time(end)
    if not dash or first is None or last is None:
        return None
    return first, last


def reminder_settings(settings: Settings) -> ReminderSettings:
    """The settings that say when reminders may come, for the pure decision."""
    return ReminderSettings(
        checkin_at=reminder_time(settings.checkin_reminder),
        habit_times={
            name: at
            for name, text in settings.habit_reminders.items()
            if (at := reminder_time(text)) is not None
        },
        quiet_hours=quiet_span(settings.quiet_hours),
        show_names=settings.reminder_names,
        day_start_hour=settings.day_start_hour,
    )


def settings_toml(settings: Settings) -> str:
    """The settings as the TOML the settings file holds."""
    import tomli_w

    table: dict[str, Any] = {}
    for item in fields(Settings):
        value = getattr(settings, item.name)
        if item.name in ("problems", "keymap", "habit_reminders") or value is None:
            continue
        if item.name == "folded_groups":
            if value:
                table[item.name] = list(value)
            continue
        table[item.name] = value
    if settings.habit_reminders:
        table["habit_reminders"] = dict(settings.habit_reminders)
    if settings.keymap:
        table["keymap"] = dict(sorted(settings.keymap.items()))
    return "# innerchild-tui settings\n" + tomli_w.dumps(table)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings file atomically: a crash mid-write leaves the old file whole
    (and with it ``data_file``), never half a file that would open the default one."""
    from innerchild_tui.store.storage import atomic_write, remove_stale_temp_files

    path = path or settings_file()
    ensure_private_dir(path.parent)
    atomic_write(path, settings_toml(settings).encode("utf-8"))
    remove_stale_temp_files(path)  # what a save killed mid-write left beside it


_run_device_id: str | None = None  # used when the state folder cannot hold one


def device_id() -> str:
    """This computer's id, made once and kept in the local (never synced) state dir.

    Never raises: when the state folder cannot be made or written (a read-only home),
    this run gets an id of its own, the same for every call until the process ends.
    """
    global _run_device_id
    path = state_dir() / "device-id"
    try:
        existing = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        existing = ""
    if existing:
        return existing
    if _run_device_id is not None:
        return _run_device_id
    made = new_id()
    try:
        ensure_private_dir(path.parent)
        path.write_text(made + "\n", encoding="utf-8")
        path.chmod(0o600)
    except OSError:
        _run_device_id = made  # A read-only home still gets a working, per-run id.
    return made


def _reminder_file() -> Path:
    return state_dir() / "reminded-on"


def last_reminder_day() -> date | None:
    """The day this computer last invited a check-in (kept locally, never synced)."""
    try:
        return date.fromisoformat(_reminder_file().read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def remember_reminder_day(day: date) -> None:
    """Note that today's invitation was given, so a restart does not repeat it."""
    try:
        ensure_private_dir(state_dir())
        _reminder_file().write_text(day.isoformat() + "\n", encoding="utf-8")
    except OSError:
        pass  # Without a state folder the invitation may come once more; nothing is lost.
