"""Forgiving streaks.

A streak counts the days a habit was done. It is gentle by design:
- today not done yet never breaks a streak (the day is not over);
- one missed day is forgiven ("never miss twice"): it neither adds nor breaks;
- two missed days in a row end the streak, which is then simply a fresh start.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def current_streak(done: Set[date], today: date, *, grace: bool = True) -> int:
    """Days done in the current run, counted back from today (or yesterday)."""
    allowed_misses = 1 if grace else 0
    day = today if today in done else today - ONE_DAY
    earliest = min(done, default=today)
    count = 0
    misses_in_a_row = 0
    while day >= earliest:
        if day in done:
            count += 1
            misses_in_a_row = 0
        else:
            misses_in_a_row += 1
            if misses_in_a_row > allowed_misses:
                break
        day -= ONE_DAY
    return count


def best_streak(done: Set[date], *, grace: bool = True) -> int:
    """The longest run ever, with the same forgiveness as :func:`current_streak`."""
    if not done:
        return 0
    best = 0
    run = 0
    previous: date | None = None
    for day in sorted(done):
        gap = (day - previous).days - 1 if previous else 0
        run = run + 1 if previous is not None and gap <= (1 if grace else 0) else 1
        best = max(best, run)
        previous = day
    return best
