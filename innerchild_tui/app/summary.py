"""A short line about today, for the terminal's tab title."""

from __future__ import annotations

from datetime import date

from innerchild_tui.store import Store


def today_summary(store: Store, day: date) -> str:
    checkins = store.checkins(day)
    habits = store.habits()
    done_by_habit = store.done_days_by_habit()
    done = sum(1 for habit in habits if day in done_by_habit.get(habit["id"], ()))
    parts = []
    if checkins:
        parts.append(f"mood {checkins[-1]['mood']}")
    else:
        parts.append("no check-in yet")
    if habits:
        parts.append(f"{done}/{len(habits)} self-care")
    return " · ".join(parts)
