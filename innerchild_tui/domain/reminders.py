"""Whether a gentle reminder is due now, and what it says (pure: no clock, no files).

``innerchild remind`` (run by the platform's scheduler while the dashboard is closed)
asks :func:`reminder_for` with the local time, the reminder settings and what today
holds. The answer is None, or one :class:`Reminder` whose words never scold and carry
nothing private: no mood, no note, and no habit name unless the person chose to show
names.

Times are read on the practice day (which starts at the day-start hour), as the
dashboard's own evening invitation reads them: with the day starting at 04:00, 01:00 is
late in the day, not early.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from innerchild_tui.domain.text import clean_name

CHECKIN = "checkin"  # the key of the check-in reminder among what was sent today
TITLE = "A gentle moment"
GENTLE_WORDS = "A moment for yourself? innerchild is here when you want it."
MAX_NAMES = 3

TimeOfDay = tuple[int, int]  # (hour, minute)


@dataclass(frozen=True)
class ReminderSettings:
    """When reminders may come (from the settings file)."""

    checkin_at: TimeOfDay | None = (20, 0)  # None: no check-in reminder
    habit_times: Mapping[str, TimeOfDay] = field(default_factory=dict)  # habit name → time
    quiet_hours: tuple[TimeOfDay, TimeOfDay] | None = None  # from (inclusive), to (exclusive)
    show_names: bool = False
    day_start_hour: int = 4


@dataclass(frozen=True)
class TodaySoFar:
    """What today holds, as far as reminders care."""

    checked_in: bool = False
    not_today: bool = False  # the person said "not today"
    dashboard_open: bool = False  # the open app gives its own invitation
    open_habits: frozenset[str] = frozenset()  # habits with a time, not tended today
    already_sent: frozenset[str] = frozenset()  # CHECKIN and habit names reminded today


@dataclass(frozen=True)
class Reminder:
    title: str
    body: str
    covers: frozenset[str]  # CHECKIN and the habit names it speaks for (to remember as sent)


def minutes_into_day(hour: int, minute: int, day_start_hour: int) -> int:
    """Minutes since the practice day began (0 … 1439)."""
    return ((hour - day_start_hour) % 24) * 60 + minute


def is_past(now: datetime, at: TimeOfDay, day_start_hour: int) -> bool:
    """Whether the time of day ``at`` has come in the practice day holding ``now``."""
    return minutes_into_day(now.hour, now.minute, day_start_hour) >= minutes_into_day(
        at[0], at[1], day_start_hour
    )


def in_quiet_hours(now: datetime, quiet: tuple[TimeOfDay, TimeOfDay] | None) -> bool:
    """Whether ``now`` falls in quiet hours; they may run over midnight (22:00–07:00).
    Equal ends mean no quiet hours."""
    if quiet is None:
        return False
    minute = now.hour * 60 + now.minute
    start = quiet[0][0] * 60 + quiet[0][1]
    end = quiet[1][0] * 60 + quiet[1][1]
    if start <= end:
        return start <= minute < end
    return minute >= start or minute < end


def due_now(now: datetime, settings: ReminderSettings, today: TodaySoFar) -> frozenset[str]:
    """What has reached its time and is still open and not yet reminded of today."""
    due: set[str] = set()
    if (
        settings.checkin_at is not None
        and CHECKIN not in today.already_sent
        and is_past(now, settings.checkin_at, settings.day_start_hour)
    ):
        due.add(CHECKIN)
    for name, at in settings.habit_times.items():
        if (
            name in today.open_habits
            and name not in today.already_sent
            and is_past(now, at, settings.day_start_hour)
        ):
            due.add(name)
    return frozenset(due)


def reminder_for(now: datetime, settings: ReminderSettings, today: TodaySoFar) -> Reminder | None:
    """The one reminder due at ``now`` (local wall time), or None.

    Nothing comes when today's check-in exists (the person has shown up today), when they
    said "not today", in quiet hours, or while the dashboard is open (it invites itself).
    """
    if today.checked_in or today.not_today or today.dashboard_open:
        return None
    if in_quiet_hours(now, settings.quiet_hours):
        return None
    due = due_now(now, settings, today)
    if not due:
        return None
    return Reminder(TITLE, words_for(due, settings.show_names), due)


def words_for(due: frozenset[str], show_names: bool) -> str:
    """Kind words; habit names only when the person chose to show them."""
    habits = sorted(name for name in due if name != CHECKIN)
    if not show_names or not habits:
        return GENTLE_WORDS
    names = [f"“{clean_name(name)}”" for name in habits[:MAX_NAMES]]
    more = len(habits) - len(names)
    if more:
        names.append(f"{more} more")
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    one = len(habits) == 1
    return (
        f"A moment for yourself? {listed} {'is' if one else 'are'} here "
        f"when you want {'it' if one else 'them'}."
    )
