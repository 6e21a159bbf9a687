"""Forgiving streaks.

A streak counts the days a habit was kept (done or partly done). It is gentle by design:
- only what the schedule asked for can be missed: a day off the chosen weekdays, a
  paused day, a "3 in 7" week still under way, or today (not over yet) is never a miss;
- a rest day keeps a streak alive without adding to it;
- with grace ("never miss twice", on by default) one missed day — or one missed period
  of an "X in Y" schedule — is forgiven; two in a row end the streak, which is then
  simply a fresh start. Without grace one miss ends it;
- a day kept that the schedule did not ask for still adds to the streak.

The history is read as a row of *units*: single days for daily and weekday schedules,
periods of Y days for "X in Y". Each unit is kept (``K``), missed (``M``) or says
nothing (``N``); a period is kept when its kept and rest days reach what it asked for.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from innerchild_tui.domain.habit_days import DONE, KEPT, REST, DayEntry, HabitHistory
from innerchild_tui.domain.schedules import TIMES, WEEKDAYS, paused_days

ONE_DAY = timedelta(days=1)

KEPT_UNIT = "K"
MISSED_UNIT = "M"
SILENT_UNIT = "N"


class Unit(NamedTuple):
    """One day, or one period of an "X in Y" schedule, as the streak sees it."""

    verdict: str
    kept: int = 0
    first_kept: date | None = None


_SILENT = Unit(SILENT_UNIT)
_RESTED = Unit(KEPT_UNIT)
_MISSED = Unit(MISSED_UNIT)


@dataclass(frozen=True)
class Streaks:
    current: int = 0
    best: int = 0
    last_comeback: date | None = None  # the first kept day after the latest fresh start


def first_day(history: HabitHistory, today: date) -> date | None:
    """Where a habit's story starts: its earliest entry up to today."""
    return min((day for day in history.entries if day <= today), default=None)


def units(history: HabitHistory, today: date) -> list[Unit]:
    """The habit's history up to ``today`` as streak units, oldest first."""
    start = first_day(history, today)
    if start is None:
        return []
    schedule = history.schedule
    paused = paused_days(history.pauses, start, today + timedelta(days=schedule.period_days))
    entries = history.entries
    found: list[Unit] = []
    if schedule.kind == TIMES:
        period_start, period_end = schedule.period_of(start)
        while period_start <= today:
            kept_days: list[date] = []
            rests = active = 0
            day = period_start
            while day <= period_end:
                counts = day >= start and day not in paused
                active += counts
                if start <= day <= today:
                    entry = entries.get(day)
                    if entry is not None and entry.status in KEPT:
                        kept_days.append(day)
                    elif entry is not None and entry.status == REST and counts:
                        rests += 1
                day += ONE_DAY
            first = kept_days[0] if kept_days else None
            required = schedule.required(active)
            if period_end >= today or required == 0:
                met = bool(kept_days) or (required > 0 and len(kept_days) + rests >= required)
                verdict = KEPT_UNIT if met else SILENT_UNIT
            elif len(kept_days) + rests >= required:
                verdict = KEPT_UNIT
            else:
                verdict = MISSED_UNIT
            found.append(Unit(verdict, len(kept_days), first))
            period_start = period_end + ONE_DAY
            period_end = period_start + timedelta(days=schedule.days - 1)
        return found
    # Days as ordinals: a decade of a daily habit is 3,650 steps of plain integers.
    statuses = {day.toordinal(): entry.status for day, entry in entries.items()}
    skipped = {day.toordinal() for day in paused}
    weekdays = schedule.weekdays if schedule.kind == WEEKDAYS else None
    last = today.toordinal()
    for ordinal in range(start.toordinal(), last + 1):
        status = statuses.get(ordinal)
        asked = ordinal not in skipped and (weekdays is None or (ordinal - 1) % 7 in weekdays)
        if status in KEPT:
            found.append(Unit(KEPT_UNIT, 1, date.fromordinal(ordinal)))
        elif not asked or (ordinal == last and status is None):
            found.append(_SILENT)
        elif status == REST:
            found.append(_RESTED)
        else:
            found.append(_MISSED)
    return found


def streaks_of(history: HabitHistory, today: date) -> Streaks:
    """Current and best streak and the last fresh start, as of ``today``."""
    run = best = 0
    first: date | None = None
    comeback: date | None = None
    forgiven_miss = False
    broken_before = False
    for unit in units(history, today):
        if unit.verdict == SILENT_UNIT:
            continue
        if unit.verdict == MISSED_UNIT and (forgiven_miss or not history.grace):
            best = max(best, run)  # the run ends here: a fresh start follows
            run, first, forgiven_miss, broken_before = 0, None, False, True
            continue
        forgiven_miss = unit.verdict == MISSED_UNIT
        run += unit.kept
        if first is None and unit.first_kept is not None:
            first = unit.first_kept
            if broken_before:
                comeback = first
    return Streaks(current=run, best=max(best, run), last_comeback=comeback)


def _done_history(done: Set[date], grace: bool) -> HabitHistory:
    return HabitHistory(entries={day: DayEntry(DONE) for day in done}, grace=grace)


def current_streak(done: Set[date], today: date, *, grace: bool = True) -> int:
    """Days done in the current run of a daily habit, counted back from today."""
    return streaks_of(_done_history(done, grace), today).current


def best_streak(done: Set[date], *, grace: bool = True) -> int:
    """The longest run ever of a daily habit, with the same forgiveness."""
    if not done:
        return 0
    return streaks_of(_done_history(done, grace), max(done)).best
