"""A habit's strength, computed as Loop Habit Tracker does.

Each day the score moves a little towards how much of the schedule's window was kept:

    multiplier = 0.5 ** (sqrt(frequency) / 13)
    score = score * multiplier + min(1, kept in the window / asked in the window) * (1 - multiplier)

where ``frequency`` is the schedule's "times per day" (1 for every day, 3/7 for three a
week) and the window is the schedule's period (for schedules under once a day Loop
doubles it, six in fourteen days for three a week, to smooth out irregular weeks). So a
daily habit done every day reaches about 80% after 30 days and about 96% after 60; done
two days in three it settles near 2/3.

Gentler than Loop in two ways: a rest day or a paused day freezes the score (Loop's
"skip"), and so does today until something is entered — the day is not over.
A partly done day counts half (a counted habit: the share of its target reached).
"""

from __future__ import annotations

import math
from datetime import date

from innerchild_tui.domain.habit_days import REST, HabitHistory, day_value
from innerchild_tui.domain.schedules import Schedule, paused_days
from innerchild_tui.domain.streaks import first_day


def window_of(schedule: Schedule) -> tuple[int, int]:
    """(kept days asked for, days in the window) that the score compares against."""
    times, days = schedule.frequency()
    if times < days:
        return times * 2, days * 2
    return times, days


def multiplier(schedule: Schedule) -> float:
    times, days = schedule.frequency()
    return float(0.5 ** (math.sqrt(times / days) / 13.0))


def strength(history: HabitHistory, today: date) -> float:
    """The score on ``today``, from 0 to 1 (0 for a habit with no entries yet)."""
    start = first_day(history, today)
    if start is None:
        return 0.0
    asked, window = window_of(history.schedule)
    keep = multiplier(history.schedule)
    # Days as positions from the first one: ten years of twenty habits stay well under
    # a frame's time.
    first = start.toordinal()
    count = today.toordinal() - first + 1
    values = [0.0] * count
    frozen = bytearray(count)
    for day, entry in history.entries.items():
        index = day.toordinal() - first
        if 0 <= index < count:
            if entry.status == REST:
                frozen[index] = 1
            else:
                values[index] = day_value(entry, history.target)
    for day in paused_days(history.pauses, start, today):
        frozen[day.toordinal() - first] = 1
    if today not in history.entries:
        frozen[count - 1] = 1  # today is not over yet
    rolling = 0.0
    score = 0.0
    for index in range(count):
        rolling += values[index]
        if index >= window:
            rolling -= values[index - window]
        if not frozen[index]:
            score = score * keep + min(1.0, max(0.0, rolling) / asked) * (1.0 - keep)
    return score
