"""Gentle reminders while the dashboard is closed: the pure decision, `innerchild remind`
with a real notifier on PATH, and `innerchild reminders install|remove|status`.

No test reads the wall clock to decide what it expects: the settings make a reminder
always due (the day starts at 00:00 and the time is 00:00), or quiet hours are put
around the moment the command runs.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from threading import Event, Thread

import pytest
from apphelpers import run_cli
from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.config import Settings, load_settings, reminder_settings, save_settings
from innerchild_tui.domain.reminders import (
    CHECKIN,
    GENTLE_WORDS,
    ReminderSettings,
    TodaySoFar,
    reminder_for,
)
from innerchild_tui.reminder_state import dashboard_open, is_dashboard_open, marker_path

HABITS = ["Walk outside", "Rest", "Call Sam", "Drink water", "Stretch"]
SCOLDING = ("haven't", "missed", "failed", "should", "!", "streak", "forgot", "lost")

times = st.tuples(st.integers(0, 23), st.integers(0, 59))
moments = st.builds(
    datetime, st.just(2026), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23),
    st.integers(0, 59),
)  # fmt: skip
reminder_settings_ = st.builds(
    ReminderSettings,
    checkin_at=st.none() | times,
    habit_times=st.dictionaries(st.sampled_from(HABITS), times, max_size=4),
    quiet_hours=st.none() | st.tuples(times, times),
    show_names=st.booleans(),
    day_start_hour=st.integers(0, 23),
)
todays = st.builds(
    TodaySoFar,
    checked_in=st.booleans(),
    not_today=st.booleans(),
    dashboard_open=st.booleans(),
    open_habits=st.frozensets(st.sampled_from(HABITS)),
    already_sent=st.frozensets(st.sampled_from([CHECKIN, *HABITS])),
)


# The pure decision, against a slow obvious oracle ------------------------------------
def practice_day_minutes_so_far(now: datetime, day_start_hour: int) -> set[tuple[int, int]]:
    """Every (hour, minute) from the start of the practice day up to ``now``, walked."""
    moment = now.replace(second=0, microsecond=0)
    start = moment.replace(hour=day_start_hour, minute=0)
    if start > moment:
        start -= timedelta(days=1)
    seen = set()
    while start <= moment:
        seen.add((start.hour, start.minute))
        start += timedelta(minutes=1)
    return seen


def quiet_oracle(now: datetime, quiet: tuple[tuple[int, int], tuple[int, int]] | None) -> bool:
    if quiet is None or quiet[0] == quiet[1]:
        return False
    walk, end, inside = datetime(2026, 1, 1, *quiet[0]), quiet[1], set()
    while (walk.hour, walk.minute) != end:
        inside.add((walk.hour, walk.minute))
        walk += timedelta(minutes=1)
    return (now.hour, now.minute) in inside


@given(moments, reminder_settings_, todays)
def test_the_decision_matches_the_obvious_rules(
    now: datetime, settings: ReminderSettings, today: TodaySoFar
) -> None:
    passed = practice_day_minutes_so_far(now, settings.day_start_hour)
    expected_due = set()
    if settings.checkin_at in passed and CHECKIN not in today.already_sent:
        expected_due.add(CHECKIN)
    for name, at in settings.habit_times.items():
        if at in passed and name in today.open_habits and name not in today.already_sent:
            expected_due.add(name)
    silenced = (
        today.checked_in
        or today.not_today
        or today.dashboard_open
        or quiet_oracle(now, settings.quiet_hours)
    )
    reminder = reminder_for(now, settings, today)
    if silenced or not expected_due:
        assert reminder is None
        return
    assert reminder is not None
    assert reminder.covers == expected_due
    habits_due = expected_due - {CHECKIN}
    if settings.show_names and habits_due:
        assert all(f"“{name}”" in reminder.body for name in sorted(habits_due)[:3])
    else:
        assert reminder.body == GENTLE_WORDS
    for name in HABITS:
        if not settings.show_names or name not in expected_due:
            assert name not in reminder.body  # never a name the person did not choose
    assert not any(word in reminder.body.casefold() for word in SCOLDING)


@given(moments, reminder_settings_, todays)
def test_nothing_comes_when_today_has_a_check_in_or_not_today(
    now: datetime, settings: ReminderSettings, today: TodaySoFar
) -> None:
    from dataclasses import replace

    assert reminder_for(now, settings, replace(today, checked_in=True)) is None
    assert reminder_for(now, settings, replace(today, not_today=True)) is None
    assert reminder_for(now, settings, replace(today, dashboard_open=True)) is None


def test_late_night_is_late_in_the_practice_day() -> None:
    settings = ReminderSettings(checkin_at=(20, 0), day_start_hour=4)
    assert reminder_for(datetime(2026, 5, 1, 1, 30), settings, TodaySoFar()) is not None
    assert reminder_for(datetime(2026, 5, 1, 5, 0), settings, TodaySoFar()) is None
    quiet = ReminderSettings(checkin_at=(20, 0), quiet_hours=((22, 0), (7, 0)))
    assert reminder_for(datetime(2026, 5, 1, 23, 0), quiet, TodaySoFar()) is None
    assert reminder_for(datetime(2026, 5, 1, 21, 0), quiet, TodaySoFar()) is not None


def test_reminder_settings_are_read_and_bad_ones_reported(isolated_home: Path) -> None:
    path = isolated_home / "config" / "innerchild" / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        'checkin_reminder = "19:30"\nquiet_hours = "22:00-07:00"\nreminder_names = true\n'
        '[habit_reminders]\n"Walk outside" = "17:15"\nRest = "lunch"\n',
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.habit_reminders == {"Walk outside": "17:15"}
    assert any("habit_reminders" in problem for problem in settings.problems)
    wanted = reminder_settings(settings)
    assert wanted.checkin_at == (19, 30)
    assert wanted.quiet_hours == ((22, 0), (7, 0))
    assert wanted.habit_times == {"Walk outside": (17, 15)}
    assert wanted.show_names
    save_settings(settings)
    assert load_settings().habit_reminders == {"Walk outside": "17:15"}  # written back whole


# `innerchild remind` with a real notifier on PATH -------------------------------------
@pytest.fixture
def notifier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `notify-send` first on PATH that writes its arguments, one per line, to a file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "notifications.txt"
    script = folder / "notify-send"
    script.write_text(
        f'#!/bin/sh\nfor word in "$@"; do printf "%s\\n" "$word" >> "{log}"; done\n'
        f'echo "--" >> "{log}"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def notifications(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [chunk.strip("\n").split("\n") for chunk in log.read_text().split("--\n") if chunk]


def always_due(**more: object) -> None:
    """Reminders due at any moment: the practice day starts at 00:00, and so do they."""
    values: dict[str, object] = {"day_start_hour": 0, "checkin_reminder": "00:00", **more}
    save_settings(Settings(**values))  # type: ignore[arg-type]


def test_remind_sends_one_gentle_private_notification(db_path: Path, notifier: Path) -> None:
    always_due()
    assert run_cli("--db", str(db_path), "habit", "add", "Walk outside").returncode == 0
    first = run_cli("--db", str(db_path), "remind")
    assert first.returncode == 0, first.stderr
    [shown] = notifications(notifier)
    assert shown[-2:] == ["A gentle moment", GENTLE_WORDS]
    assert "Walk" not in " ".join(shown)
    again = run_cli("--db", str(db_path), "remind")  # the next scheduled time, same day
    assert again.returncode == 0
    assert len(notifications(notifier)) == 1  # one a day, never a nag


def test_no_reminder_once_today_holds_a_check_in(db_path: Path, notifier: Path) -> None:
    always_due()
    assert (
        run_cli("--db", str(db_path), "checkin", "--mood", "3", "--note", "hard day").returncode
        == 0
    )
    result = run_cli("--db", str(db_path), "remind")
    assert result.returncode == 0, result.stderr
    assert notifications(notifier) == []


def test_not_today_quiets_the_day(db_path: Path, notifier: Path, isolated_home: Path) -> None:
    always_due()
    said = run_cli("--db", str(db_path), "remind", "--not-today")
    assert said.returncode == 0 and "no reminders today" in said.stdout
    assert run_cli("--db", str(db_path), "remind").returncode == 0
    assert notifications(notifier) == []
    assert not db_path.exists()  # kept on this computer, not in the synced file
    assert "not today" in run_cli("--db", str(db_path), "reminders", "status").stdout


def test_quiet_hours_are_kept(db_path: Path, notifier: Path) -> None:
    now = datetime.now()
    start, end = now - timedelta(hours=2), now + timedelta(hours=2)
    always_due(quiet_hours=f"{start:%H:%M}-{end:%H:%M}")
    assert run_cli("--db", str(db_path), "remind").returncode == 0
    assert notifications(notifier) == []


def test_an_open_dashboard_gives_its_own_invitation(db_path: Path, notifier: Path) -> None:
    always_due()
    assert not is_dashboard_open(db_path)
    with dashboard_open(db_path):  # as the running app holds it
        assert is_dashboard_open(db_path)
        assert marker_path(db_path).stat().st_mode & 0o777 == 0o600  # private, like the rest
        assert run_cli("--db", str(db_path), "remind").returncode == 0
        assert notifications(notifier) == []
    assert not is_dashboard_open(db_path)
    assert run_cli("--db", str(db_path), "remind").returncode == 0
    assert len(notifications(notifier)) == 1


def test_habit_names_only_when_chosen(db_path: Path, notifier: Path) -> None:
    always_due(checkin_reminder="", habit_reminders={"walk outside": "00:00", "Rest": "00:00"})
    for name in ("Walk outside", "Rest"):
        assert run_cli("--db", str(db_path), "habit", "add", name).returncode == 0
    assert run_cli("--db", str(db_path), "habit", "done", "Rest").returncode == 0
    assert run_cli("--db", str(db_path), "remind").returncode == 0
    [shown] = notifications(notifier)
    assert shown[-1] == GENTLE_WORDS
    notifier.unlink()
    always_due(
        checkin_reminder="",
        habit_reminders={"walk outside": "00:00", "Rest": "00:00"},
        reminder_names=True,
    )
    other = db_path.with_name("other.json")
    for name in ("Walk outside", "Rest"):
        assert run_cli("--db", str(other), "habit", "add", name).returncode == 0
    assert run_cli("--db", str(other), "habit", "done", "Rest").returncode == 0
    assert run_cli("--db", str(other), "remind").returncode == 0
    [shown] = notifications(notifier)
    assert shown[-1] == "A moment for yourself? “walk outside” is here when you want it."


def test_a_notifier_that_fails_is_said_and_tried_again(db_path: Path, tmp_path: Path) -> None:
    always_due()
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "notify-send").write_text("#!/bin/sh\necho 'no display' >&2\nexit 1\n")
    (folder / "notify-send").chmod(0o755)
    env = {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    result = run_cli("--db", str(db_path), "remind", env=env)
    assert result.returncode == 2
    assert "could not be shown" in result.stderr and "no display" in result.stderr
    log = tmp_path / "log.txt"
    (folder / "notify-send").write_text(f'#!/bin/sh\necho "$@" >> "{log}"\n')
    assert run_cli("--db", str(db_path), "remind", env=env).returncode == 0
    assert log.exists()  # not remembered as sent when it was not shown


DBUS_DAEMON = shutil.which("dbus-daemon")
GDBUS = shutil.which("gdbus")
INTROSPECTION = """<node>
 <interface name="org.freedesktop.Notifications">
  <method name="Notify">
   <arg type="s" direction="in"/><arg type="u" direction="in"/>
   <arg type="s" direction="in"/><arg type="s" direction="in"/>
   <arg type="s" direction="in"/><arg type="as" direction="in"/>
   <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
   <arg type="u" direction="out"/>
  </method>
 </interface>
</node>"""


def serve_notifications(address: str, shown: list[tuple[object, ...]], ready: Event) -> None:
    """A notification service on the session bus, as the freedesktop spec describes it:
    it owns org.freedesktop.Notifications and answers Introspect and Notify."""
    from jeepney import HeaderFields, MessageType, new_method_return
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as bus:
        bus.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
        ready.set()
        while not shown:
            try:
                message = bus.receive(timeout=60)
            except TimeoutError:
                return
            if message.header.message_type != MessageType.method_call:
                continue
            member = message.header.fields.get(HeaderFields.member)
            if member == "Introspect":
                bus.send(new_method_return(message, "s", (INTROSPECTION,)))
            elif member == "Notify":
                shown.append(tuple(message.body))
                bus.send(new_method_return(message, "u", (1,)))


@pytest.mark.skipif(
    DBUS_DAEMON is None or GDBUS is None,
    reason=f"needs dbus-daemon and gdbus (found dbus-daemon={DBUS_DAEMON}, gdbus={GDBUS})",
)
def test_remind_through_a_real_session_bus(db_path: Path, tmp_path: Path) -> None:
    """No notify-send here: `remind` falls back to gdbus, over a real session bus, to a
    notification service (no desktop notification daemon is installed on CI, so a small
    one that speaks the spec's Notify stands in for it)."""
    always_due()
    bus = subprocess.Popen(
        [DBUS_DAEMON or "dbus-daemon", "--session", "--print-address", "--nofork"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        shown: list[tuple[object, ...]] = []
        ready = Event()
        service = Thread(target=serve_notifications, args=(address, shown, ready), daemon=True)
        service.start()
        assert ready.wait(30)
        only_gdbus = tmp_path / "only-gdbus"
        only_gdbus.mkdir()
        (only_gdbus / "gdbus").symlink_to(GDBUS or "gdbus")
        env = {"DBUS_SESSION_BUS_ADDRESS": address, "PATH": str(only_gdbus)}
        result = run_cli("--db", str(db_path), "remind", env=env)
        assert result.returncode == 0, result.stderr
        service.join(30)
        [(app, _, _, title, body, _, _, _)] = shown
        assert (app, title, body) == ("innerchild", "A gentle moment", GENTLE_WORDS)
    finally:
        bus.kill()
        bus.wait()


# `innerchild reminders install|remove|status` -----------------------------------------
@pytest.fixture
def no_systemctl(tmp_path: Path) -> dict[str, str]:
    """A PATH without systemctl, launchctl or crontab: the commands say what to run."""
    folder = tmp_path / "empty-bin"
    folder.mkdir()
    return {"PATH": str(folder)}


def test_install_on_linux_writes_a_user_timer(
    db_path: Path, isolated_home: Path, no_systemctl: dict[str, str]
) -> None:
    save_settings(
        Settings(
            habit_reminders={"Walk outside": "17:30", "Rest": "20:00", "Stretch": "23:00"},
            quiet_hours="22:30-07:00",
        )
    )
    result = run_cli("--db", str(db_path), "reminders", "install", env=no_systemctl)
    assert result.returncode == 0, result.stderr
    folder = isolated_home / "config" / "systemd" / "user"
    timer = (folder / "innerchild-remind.timer").read_text()
    service = (folder / "innerchild-remind.service").read_text()
    assert (
        "OnCalendar=*-*-* 17:30:00\nOnCalendar=*-*-* 20:00:00\nOnCalendar=*-*-* 23:00:00\n" in timer
    )  # 20:00 (the check-in and Rest) once
    assert "23:00 falls in your quiet hours" in result.stdout
    assert "WantedBy=timers.target" in timer
    assert f'"--db" "{db_path}" "remind"' in service
    assert "systemctl was not found" in result.stdout
    assert "systemctl --user enable --now innerchild-remind.timer" in result.stdout
    status = run_cli("--db", str(db_path), "reminders", "status", env=no_systemctl)
    assert "17:30, 20:00, 23:00" in status.stdout and "innerchild-remind.timer" in status.stdout
    removed = run_cli("--db", str(db_path), "reminders", "remove", env=no_systemctl)
    assert removed.returncode == 0 and "taken away" in removed.stdout
    assert "systemctl --user disable --now innerchild-remind.timer" in removed.stdout
    assert not folder.joinpath("innerchild-remind.timer").exists()
    assert "Nothing is scheduled" in run_cli("reminders", "status", env=no_systemctl).stdout


def test_install_runs_systemctl_when_it_is_there(
    db_path: Path, tmp_path: Path, no_systemctl: dict[str, str]
) -> None:
    folder = Path(no_systemctl["PATH"])
    log = tmp_path / "systemctl.txt"
    (folder / "systemctl").write_text(f'#!/bin/sh\necho "$@" >> "{log}"\necho active\n')
    (folder / "systemctl").chmod(0o755)
    env = {"PATH": f"{folder}{os.pathsep}/usr/bin:/bin"}
    installed = run_cli("--db", str(db_path), "reminders", "install", env=env)
    assert installed.returncode == 0, installed.stderr
    removed = run_cli("--db", str(db_path), "reminders", "remove", env=env)
    assert removed.returncode == 0, removed.stderr
    assert log.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now innerchild-remind.timer",
        "--user disable --now innerchild-remind.timer",
        "--user daemon-reload",
    ]


def test_install_on_macos_and_elsewhere(
    db_path: Path, isolated_home: Path, no_systemctl: dict[str, str]
) -> None:
    mac = {**no_systemctl, "INNERCHILD_PLATFORM": "darwin"}
    result = run_cli("--db", str(db_path), "reminders", "install", env=mac)
    assert result.returncode == 0, result.stderr
    plist = isolated_home / "Library" / "LaunchAgents" / "org.innerchild.remind.plist"
    agent = plistlib.loads(plist.read_bytes())
    assert agent["StartCalendarInterval"] == [{"Hour": 20, "Minute": 0}]
    assert agent["ProgramArguments"][-3:] == ["--db", str(db_path), "remind"]
    assert "launchctl load -w" in result.stdout
    assert run_cli("reminders", "remove", env=mac).returncode == 0
    assert not plist.exists()
    other = {**no_systemctl, "INNERCHILD_PLATFORM": "freebsd14"}
    cron = run_cli("--db", str(db_path), "reminders", "install", env=other)
    assert cron.returncode == 0
    assert "crontab" in cron.stdout and "0 20 * * * " in cron.stdout


# The open dashboard -----------------------------------------------------------------
async def test_not_today_quiets_the_open_dashboards_invitation_too(db_path: Path) -> None:
    from datetime import date

    from apphelpers import WIDE, Clock, build

    from innerchild_tui.app.panes.checkin import CheckinPane
    from innerchild_tui.reminder_state import say_not_today

    say_not_today(db_path, date(2026, 11, 24))
    app = build(db_path, Clock(2026, 11, 24, 21, 0))
    async with app.run_test(size=WIDE) as pilot:
        app.query_one(CheckinPane).remind_if_due()
        await pilot.pause()
        assert not any(n.title == "A gentle moment" for n in app._notifications)
    next_day = build(db_path, Clock(2026, 11, 25, 21, 0))  # "not today" was one day's word
    async with next_day.run_test(size=WIDE) as pilot:
        next_day.query_one(CheckinPane).remind_if_due()
        await pilot.pause()
        assert any(n.title == "A gentle moment" for n in next_day._notifications)


def test_the_open_marker_goes_with_its_process(db_path: Path) -> None:
    """Held by another process, the marker is seen; killed, it is gone at once."""
    import sys
    import time

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from innerchild_tui.reminder_state import dashboard_open\n"
        "with dashboard_open(Path(sys.argv[1])):\n"
        "    print('open', flush=True)\n"
        "    sys.stdin.readline()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        assert is_dashboard_open(db_path)
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 10
    while is_dashboard_open(db_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not is_dashboard_open(db_path)  # a killed app leaves nothing stale
    # (tests/test_serve.py sees a real running dashboard hold it.)
