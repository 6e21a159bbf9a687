"""Streaks and strength for 20 habits over 10 years; prints the time.

    /tmp/venv/bin/python bench/streaks.py [--habits 20] [--years 10] [--runs 5]

The histories are random but seeded (done, partly, rest and empty days, a pause a year),
with the three kinds of schedule, so the figure is the same work every run. The time is
the best of the runs for the whole dashboard's worth: every habit's current and best
streak, last comeback and strength, as the habits pane computes them on each refresh.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from innerchild_tui.domain.habit_days import DayEntry, HabitHistory
from innerchild_tui.domain.schedules import Pause, parse_schedule
from innerchild_tui.domain.streaks import streaks_of
from innerchild_tui.domain.strength import strength

SCHEDULES = ("every day", "mon wed fri", "3 in 7", "weekdays", "2 in 14")


def histories(count: int, years: int, today: date) -> list[HabitHistory]:
    rng = random.Random(4)
    found = []
    for index in range(count):
        first = today - timedelta(days=365 * years)
        entries = {}
        for offset in range((today - first).days + 1):
            roll = rng.random()
            if roll < 0.6:
                entries[first + timedelta(days=offset)] = DayEntry("done")
            elif roll < 0.7:
                entries[first + timedelta(days=offset)] = DayEntry("partial")
            elif roll < 0.75:
                entries[first + timedelta(days=offset)] = DayEntry("rest", reason="tired")
        pauses = tuple(
            Pause(first + timedelta(days=365 * y + 200), first + timedelta(days=365 * y + 213))
            for y in range(years)
        )
        schedule = parse_schedule(SCHEDULES[index % len(SCHEDULES)])
        found.append(HabitHistory(entries=entries, schedule=schedule, pauses=pauses))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--habits", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    today = date(2026, 11, 24)
    stories = histories(args.habits, args.years, today)
    days = sum(len(h.entries) for h in stories)
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for history in stories:
            streaks_of(history, today)
            strength(history, today)
        timings.append(time.perf_counter() - start)
    best = min(timings)
    print(
        f"{args.habits} habits × {args.years} years ({days:,} day entries): "
        f"streaks and strength in {best * 1000:.0f} ms "
        f"({best * 1000 / args.habits:.1f} ms a habit; best of {args.runs})"
    )


if __name__ == "__main__":
    main()
