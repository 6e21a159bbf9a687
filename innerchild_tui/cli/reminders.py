"""``innerchild remind`` and ``innerchild reminders install|remove|status``.

``remind`` is what the platform's scheduler runs at the times in the settings: it asks
the pure :func:`~innerchild_tui.domain.reminders.reminder_for` and, when something is
due, shows one desktop notification. ``reminders install`` sets the schedule up: a
systemd user timer on Linux, a launchd agent on macOS, else a cron line to add.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pendulum

from innerchild_tui.cli.common import EXIT_OK, PROG, CliError, _device, _emit, _fail, _plain
from innerchild_tui.config import (
    Settings,
    last_reminder_day,
    remember_reminder_day,
    reminder_settings,
)
from innerchild_tui.domain.days import day_for
from innerchild_tui.domain.reminders import (
    CHECKIN,
    Reminder,
    TodaySoFar,
    in_quiet_hours,
    reminder_for,
)
from innerchild_tui.domain.schedules import schedule_from_record
from innerchild_tui.domain.text import clean_name
from innerchild_tui.notify import send_notification
from innerchild_tui.reminder_state import (
    is_dashboard_open,
    read_day,
    remember_sent,
    say_not_today,
)
from innerchild_tui.store import Store, StoreError

UNIT = "innerchild-remind"
LAUNCHD_LABEL = "org.innerchild.remind"


# remind -----------------------------------------------------------------------------
def add_parsers(commands: Any, common: argparse.ArgumentParser, parser_class: type) -> None:
    remind = commands.add_parser(
        "remind",
        parents=[common],
        help="a gentle desktop reminder, if today still holds something (for the scheduler)",
    )
    remind.add_argument(
        "--not-today",
        action="store_true",
        help="no reminders for the rest of today, on this computer",
    )
    remind.set_defaults(runner=_remind)

    reminders = commands.add_parser(
        "reminders", parents=[common], help="set up reminders while the dashboard is closed"
    )
    reminders.set_defaults(runner=_status)
    actions = reminders.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    actions.add_parser(
        "install", parents=[common], help="schedule reminders at the times in the settings"
    ).set_defaults(runner=_install)
    actions.add_parser(
        "remove", parents=[common], help="take the scheduled reminders away"
    ).set_defaults(runner=_remove)
    actions.add_parser("status", parents=[common], help="what is scheduled, and when").set_defaults(
        runner=_status
    )


def _remind(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    now = pendulum.now()
    today = day_for(now, settings.day_start_hour)
    if args.not_today:
        try:
            say_not_today(db_path, today)
        except OSError as error:
            return _fail(f"That could not be noted ({error.strerror or error}).")
        _emit("All right, no reminders today. Take good care.", sys.stdout)
        return EXIT_OK
    wanted = reminder_settings(settings)
    state = read_day(db_path, today)
    sent = state.sent | ({CHECKIN} if last_reminder_day() == today else frozenset())
    so_far = TodaySoFar(
        not_today=state.not_today,
        dashboard_open=is_dashboard_open(db_path),
        open_habits=frozenset(wanted.habit_times),
        already_sent=sent,
    )
    # What needs no data file first: an encrypted one is opened only when it matters.
    if reminder_for(now, wanted, so_far) is None:
        _emit("Nothing to remind you of now.", sys.stdout)
        return EXIT_OK
    try:
        checked_in, open_habits = _today_holds(args, db_path, settings, today)
    except CliError as error:
        return _fail(str(error))
    except (StoreError, OSError) as error:
        return _fail(f"{_plain(db_path)} could not be read for the reminder ({error}).")
    reminder = reminder_for(
        now, wanted, replace(so_far, checked_in=checked_in, open_habits=open_habits)
    )
    if reminder is None:
        _emit("Nothing to remind you of now.", sys.stdout)
        return EXIT_OK
    return _show(reminder, db_path, today)


def _today_holds(
    args: argparse.Namespace, db_path: Path, settings: Settings, today: date
) -> tuple[bool, frozenset[str]]:
    """Whether today has a check-in, and which habits with a time are still open."""
    from innerchild_tui.cli.encryption import secret_for

    secret = secret_for(args, db_path)
    store = Store.open(
        db_path, device=_device(), day_start_hour=settings.day_start_hour, secret=secret
    )
    tended = store.habit_days.tended_on(today)
    by_name = {clean_name(h["name"]).casefold(): h for h in store.habits.all()}
    open_habits = set()
    for name in settings.habit_reminders:
        habit = by_name.get(clean_name(name).casefold())
        if habit is None or habit["id"] in tended:
            continue
        if schedule_from_record(habit.get("schedule")).asks_on(today):
            open_habits.add(name)
    return bool(store.checkins.all(today)), frozenset(open_habits)


def _show(reminder: Reminder, db_path: Path, today: date) -> int:
    problem = send_notification(reminder.title, reminder.body)
    if problem is not None:
        return _fail(f"The reminder could not be shown: {problem}.")
    with contextlib.suppress(OSError):  # else it may come once more today; nothing is lost
        remember_sent(db_path, today, reminder.covers)
    if CHECKIN in reminder.covers:
        remember_reminder_day(today)  # the dashboard, opened later, does not repeat it
    _emit("A gentle reminder was shown.", sys.stdout)
    return EXIT_OK


# The schedule -----------------------------------------------------------------------
def schedule_times(settings: Settings) -> list[tuple[int, int]]:
    """Every time of day a reminder may be due, sorted, each once."""
    wanted = reminder_settings(settings)
    times = set(wanted.habit_times.values())
    if wanted.checkin_at is not None:
        times.add(wanted.checkin_at)
    return sorted(times)


def quiet_times(settings: Settings) -> list[tuple[int, int]]:
    """The reminder times that fall in quiet hours (no reminder comes then)."""
    quiet = reminder_settings(settings).quiet_hours
    return [t for t in schedule_times(settings) if in_quiet_hours(datetime(2000, 1, 1, *t), quiet)]


def _quiet_note(settings: Settings) -> list[str]:
    hushed = ", ".join(f"{h:02d}:{m:02d}" for h, m in quiet_times(settings))
    return [f"{hushed} falls in your quiet hours, so nothing comes then."] if hushed else []


def remind_command(args: argparse.Namespace) -> list[str]:
    """What the scheduler runs: this Python, this package, and the files named here."""
    command = [sys.executable, "-m", "innerchild_tui"]
    db = getattr(args, "db", None) or os.environ.get("INNERCHILD_DB")
    # Absolute, not resolved: a data file reached through a symlink stays one.
    if db:
        command += ["--db", os.path.abspath(Path(db).expanduser())]
    for option in ("passphrase_file", "recovery_key_file"):
        value = getattr(args, option, None)
        if value:
            command += [f"--{option.replace('_', '-')}", os.path.abspath(Path(value).expanduser())]
    return [*command, "remind"]


def _systemd_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _launchd_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def _systemd_quote(word: str) -> str:
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def systemd_units(command: list[str], times: list[tuple[int, int]]) -> tuple[str, str]:
    """The service and the timer, as text."""
    service = (
        "[Unit]\n"
        "Description=innerchild: a gentle reminder, if today still holds something\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(_systemd_quote(word) for word in command)}\n"
    )
    calendars = "".join(f"OnCalendar=*-*-* {h:02d}:{m:02d}:00\n" for h, m in times)
    timer = (
        "[Unit]\n"
        "Description=innerchild: gentle reminders at the times in its settings\n\n"
        "[Timer]\n"
        f"{calendars}"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return service, timer


def launchd_plist(command: list[str], times: list[tuple[int, int]]) -> bytes:
    return plistlib.dumps(
        {
            "Label": LAUNCHD_LABEL,
            "ProgramArguments": command,
            "StartCalendarInterval": [{"Hour": h, "Minute": m} for h, m in times],
        }
    )


def cron_lines(command: list[str], times: list[tuple[int, int]]) -> list[str]:
    line = " ".join(shlex.quote(word) for word in command)
    return [f"{m} {h} * * * {line}" for h, m in times]


def _platform() -> str:
    return os.environ.get("INNERCHILD_PLATFORM") or sys.platform


def _run_or_say(commands: list[list[str]], tool: str) -> list[str]:
    """Run each command when ``tool`` is here; else the lines saying what to run."""
    if shutil.which(tool) is None:
        return [
            f"{tool} was not found here, so please run this yourself when you can:",
            *(f"  {shlex.join(command)}" for command in commands),
        ]
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            reason = " ".join(done.stderr.split())[:200] or f"exit code {done.returncode}"
            return [f"`{shlex.join(command)}` did not work ({reason})."]
    return []


def _install(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    times = schedule_times(settings)
    if not times:
        return _fail(
            "No reminder times are set: checkin_reminder is off and there are no "
            "habit_reminders in the settings."
        )
    command = remind_command(args)
    when = ", ".join(f"{h:02d}:{m:02d}" for h, m in times)
    platform = _platform()
    lines: list[str]
    try:
        if platform.startswith("linux"):
            folder = _systemd_dir()
            folder.mkdir(parents=True, exist_ok=True)
            service, timer = systemd_units(command, times)
            (folder / f"{UNIT}.service").write_text(service, encoding="utf-8")
            (folder / f"{UNIT}.timer").write_text(timer, encoding="utf-8")
            lines = [f"Reminders are set for {when} (systemd user timer {UNIT}.timer)."]
            lines += _run_or_say(
                [
                    ["systemctl", "--user", "daemon-reload"],
                    ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"],
                ],
                "systemctl",
            )
        elif platform == "darwin":
            path = _launchd_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(launchd_plist(command, times))
            lines = [f"Reminders are set for {when} (launchd agent {path})."]
            lines += _run_or_say([["launchctl", "load", "-w", str(path)]], "launchctl")
        else:
            lines = [
                f"To be reminded at {when}, add these lines to your crontab (crontab -e):",
                *(f"  {line}" for line in cron_lines(command, times)),
            ]
    except OSError as error:
        return _fail(f"The schedule could not be written ({error.strerror or error}).")
    lines += _quiet_note(settings)
    lines.append(
        "They come only when today has no check-in yet; "
        f"`{PROG} remind --not-today` quiets them for the day."
    )
    for line in lines:
        _emit(line, sys.stdout)
    return EXIT_OK


def _remove(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    platform = _platform()
    lines: list[str] = []
    if platform.startswith("linux"):
        folder = _systemd_dir()
        timer = folder / f"{UNIT}.timer"
        if timer.exists():
            lines += _run_or_say(
                [["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"]], "systemctl"
            )
        found = False
        for path in (timer, folder / f"{UNIT}.service"):
            if path.exists():
                path.unlink()
                found = True
        if found:
            lines += _run_or_say([["systemctl", "--user", "daemon-reload"]], "systemctl")
        lines.insert(0, "Reminders are taken away." if found else "No reminders were set.")
    elif platform == "darwin":
        path = _launchd_file()
        if path.exists():
            lines += _run_or_say([["launchctl", "unload", "-w", str(path)]], "launchctl")
            path.unlink()
            lines.insert(0, "Reminders are taken away.")
        else:
            lines.append("No reminders were set.")
    else:
        lines.append("Please remove the innerchild lines from your crontab (crontab -e).")
    for line in lines:
        _emit(line, sys.stdout)
    return EXIT_OK


def _status(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    times = schedule_times(settings)
    when = ", ".join(f"{h:02d}:{m:02d}" for h, m in times) or "no times"
    platform = _platform()
    lines = [f"The settings ask for reminders at: {when}."]
    if settings.quiet_hours:
        lines.append(f"Quiet hours: {settings.quiet_hours}.")
        lines += _quiet_note(settings)
    lines.append(
        "Habit names are shown on them."
        if settings.reminder_names
        else "They name no habit (reminder_names = true would)."
    )
    if platform.startswith("linux"):
        timer = _systemd_dir() / f"{UNIT}.timer"
        if timer.exists():
            lines.append(f"Scheduled with the systemd user timer {timer}.")
            if shutil.which("systemctl"):
                done = subprocess.run(
                    ["systemctl", "--user", "is-active", f"{UNIT}.timer"],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                lines.append(f"The timer is {done.stdout.strip() or 'not known to systemd'}.")
        else:
            lines.append(f"Nothing is scheduled; `{PROG} reminders install` sets it up.")
    elif platform == "darwin":
        path = _launchd_file()
        lines.append(
            f"Scheduled with the launchd agent {path}."
            if path.exists()
            else f"Nothing is scheduled; `{PROG} reminders install` sets it up."
        )
    else:
        lines.append("Reminders here run from your crontab (crontab -l shows it).")
    today = day_for(pendulum.now(), settings.day_start_hour)
    if read_day(db_path, today).not_today:
        lines.append("You said “not today”, so none come today.")
    for line in lines:
        _emit(line, sys.stdout)
    return EXIT_OK
