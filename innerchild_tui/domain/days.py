"""What "today" is.

A calendar day starts at a configurable hour (default 04:00 local time), so a check-in at
01:30 belongs to the evening before. The rule works on the local wall clock, which keeps
it right across daylight-saving changes and when the person travels to another zone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pendulum

DEFAULT_DAY_START_HOUR = 4


def day_for(moment: pendulum.DateTime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The practice day a local moment belongs to."""
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"the day-start hour must be 0–23, not {day_start_hour}")
    local_day = date(moment.year, moment.month, moment.day)
    if moment.hour < day_start_hour:
        return local_day - timedelta(days=1)
    return local_day


_DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day, with a plain message when the date does not exist.

    Only that one form is taken (``date.fromisoformat`` alone would also take
    ``20260314`` and week dates like ``2026-W11-6``).
    """
    stripped = text.strip()
    try:
        if not _DAY_PATTERN.fullmatch(stripped):
            raise ValueError(stripped)
        return date.fromisoformat(stripped)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a date on the calendar; please use YYYY-MM-DD, like 2026-03-14"
        ) from None


def part_of_day(moment: pendulum.DateTime) -> str:
    """Morning, afternoon, evening or night, from the local clock."""
    hour = moment.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def last_days(today: date, count: int) -> list[date]:
    """The ``count`` days ending with ``today``, oldest first."""
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]
