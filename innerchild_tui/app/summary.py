"""A short line about today, for the terminal's tab title."""

from __future__ import annotations

from datetime import date

from innerchild_tui.store import Store


def today_summary(store: Store, day: date) -> str:
    checkins = store.checkins(day)
    habits = store.habits()
    # Done, partly done and rest all count: each is the person tending to themselves.
    entries = store.day_records_by_habit()
    tended = sum(1 for habit in habits if day in entries.get(habit["id"], {}))
    parts = []
    if checkins:
        parts.append(f"mood {checkins[-1]['mood']}")
    else:
        parts.append("no check-in yet")
    if habits:
        parts.append(f"{tended}/{len(habits)} self-care")
    return " · ".join(parts)
