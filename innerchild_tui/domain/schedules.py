"""When a habit is asked for: every day, on chosen weekdays, or X times in Y days.

A schedule is kept in a habit record as a small dict (``{"type": "daily"}``,
``{"type": "weekdays", "days": [0, 2, 4]}``, ``{"type": "times", "times": 3, "days": 7}``);
a record without one is a daily habit, so every older record still works.

"X times in Y days" is counted over fixed periods of Y days anchored at a Monday long
ago, so a "3 in 7" week is always Monday to Sunday and both devices agree on it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

DAILY = "daily"
WEEKDAYS = "weekdays"
TIMES = "times"

EPOCH = date(2001, 1, 1)  # a Monday: periods of 7 days are ISO weeks
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class Schedule:
    """How often a habit is asked for."""

    kind: str = DAILY
    weekdays: frozenset[int] = frozenset()  # 0 = Monday, for WEEKDAYS
    times: int = 1  # for TIMES: this many kept days …
    days: int = 1  # … in each period of this many days

    @property
    def period_days(self) -> int:
        return self.days if self.kind == TIMES else 1

    def frequency(self) -> tuple[int, int]:
        """Loop Habit Tracker's frequency, as (numerator, denominator)."""
        if self.kind == WEEKDAYS:
            return len(self.weekdays), 7
        if self.kind == TIMES:
            return self.times, self.days
        return 1, 1

    def asks_on(self, day: date) -> bool:
        """Whether a one-day schedule asks for this day (a TIMES schedule asks per period)."""
        if self.kind == WEEKDAYS:
            return day.weekday() in self.weekdays
        return True

    def period_of(self, day: date) -> tuple[date, date]:
        """The first and last day of the period holding ``day``."""
        length = self.period_days
        start = day - timedelta(days=(day - EPOCH).days % length)
        return start, start + timedelta(days=length - 1)

    def required(self, active_days: int) -> int:
        """Kept days a period asks for when only ``active_days`` of it count (pauses)."""
        if active_days <= 0:
            return 0
        if self.kind == TIMES:
            return math.ceil(self.times * active_days / self.days)
        return 1

    def describe(self) -> str:
        if self.kind == WEEKDAYS:
            if len(self.weekdays) == 7:
                return "every day"
            return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        if self.kind == TIMES:
            if self.days == 7:
                return f"{self.times} in a week" if self.times > 1 else "once a week"
            return f"{self.times} in {self.days} days"
        return "every day"

    def to_record(self) -> dict[str, Any]:
        if self.kind == WEEKDAYS:
            return {"type": WEEKDAYS, "days": sorted(self.weekdays)}
        if self.kind == TIMES:
            return {"type": TIMES, "times": self.times, "days": self.days}
        return {"type": DAILY}


EVERY_DAY = Schedule()


def schedule_from_record(value: object) -> Schedule:
    """The schedule kept in a habit record; anything missing or odd means every day."""
    if not isinstance(value, Mapping):
        return EVERY_DAY
    kind = value.get("type")
    if kind == WEEKDAYS:
        days = value.get("days")
        if isinstance(days, list):
            chosen = frozenset(d for d in days if isinstance(d, int) and 0 <= d <= 6)
            if chosen and len(chosen) < 7:
                return Schedule(WEEKDAYS, weekdays=chosen)
        return EVERY_DAY
    if kind == TIMES:
        times, days = value.get("times"), value.get("days")
        if (
            isinstance(times, int)
            and isinstance(days, int)
            and 1 <= times <= days <= MAX_PERIOD_DAYS
        ):
            return Schedule(TIMES, times=times, days=days) if days > 1 else EVERY_DAY
    return EVERY_DAY


_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIMES = re.compile(r"(\d+)\s*(?:x|times?)?\s*(?:in|/|per|a|every)\s*(\d+|a)?\s*(days?|weeks?)?")


def parse_schedule(text: str) -> Schedule:
    """A schedule from words: "every day", "mon wed fri", "weekdays", "3 in 7", "2 a week".

    Raises ``ValueError`` with a plain sentence when the words cannot be read.
    """
    words = " ".join(text.casefold().replace(",", " ").split())
    if words in ("", "daily", "every day", "everyday", "each day", "always"):
        return EVERY_DAY
    if words == "weekdays":
        return Schedule(WEEKDAYS, weekdays=frozenset(range(5)))
    if words in ("weekends", "weekend"):
        return Schedule(WEEKDAYS, weekdays=frozenset({5, 6}))
    if words in ("once a week", "weekly"):
        return Schedule(TIMES, times=1, days=7)
    match = _TIMES.fullmatch(words)
    if match:
        times = int(match.group(1))
        count, unit = match.group(2), match.group(3) or "days"
        days = 1 if count in (None, "a") else int(count)
        if unit.startswith("week"):
            days *= 7
        elif count is None:
            raise ValueError(f"“{text}”: in how many days? e.g. 3 in 7")
        if not 1 <= times <= days <= MAX_PERIOD_DAYS:
            raise ValueError(
                f"“{text}”: the times must fit in the days (1 to {MAX_PERIOD_DAYS}), e.g. 3 in 7"
            )
        if days == 1:
            return EVERY_DAY
        return Schedule(TIMES, times=times, days=days)
    chosen = set()
    for word in words.split():
        stem = word.rstrip("s") if len(word) > 3 else word
        found = [i for i, name in enumerate(_FULL_DAY_NAMES) if name.startswith(stem)]
        if len(stem) < 2 or len(found) != 1:
            raise ValueError(
                f"“{text}” is not a schedule I can read; try “every day”, “mon wed fri” or “3 in 7”"
            )
        chosen.add(found[0])
    if len(chosen) == 7:
        return EVERY_DAY
    return Schedule(WEEKDAYS, weekdays=frozenset(chosen))


@dataclass(frozen=True)
class Pause:
    """A stretch of days (both ends included) when a habit asks nothing: a holiday, illness."""

    start: date
    end: date
    reason: str = ""

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    def to_record(self) -> dict[str, str]:
        record = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.reason:
            record["reason"] = self.reason
        return record


def pauses_from_record(value: object) -> tuple[Pause, ...]:
    """The pauses kept in a habit record; malformed ones are skipped, never fatal."""
    if not isinstance(value, list):
        return ()
    found = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        try:
            start = date.fromisoformat(str(item.get("start")))
            end = date.fromisoformat(str(item.get("end")))
        except ValueError:
            continue
        if start <= end:
            found.append(Pause(start, end, str(item.get("reason", "") or "")))
    return tuple(found)


def paused_days(pauses: tuple[Pause, ...], first: date, last: date) -> set[date]:
    """Every paused day between ``first`` and ``last``."""
    days: set[date] = set()
    for pause in pauses:
        day = max(pause.start, first)
        while day <= min(pause.end, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def asked_on(
    habits: Iterable[Mapping[str, Any]], tended: Container[str], day: date
) -> list[Mapping[str, Any]]:
    """The habits ``day`` asks for, in order: not archived, and on their schedule (Mon
    Wed Fri asks nothing of a Saturday), and any tended that day all the same."""
    return [
        habit
        for habit in habits
        if not habit.get("archived")
        and (habit["id"] in tended or schedule_from_record(habit.get("schedule")).asks_on(day))
    ]
