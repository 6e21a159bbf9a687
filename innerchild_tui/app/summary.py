"""A short line about today, for the terminal's tab title."""

from __future__ import annotations

from datetime import date

from innerchild_tui.domain.schedules import asked_on
from innerchild_tui.store import Store

# The tables the summary reads: a change elsewhere (a letter, a note) leaves it as it is.
SUMMARY_TABLES = frozenset({"checkins", "habits", "completions"})


def today_summary(store: Store, day: date) -> str:
    checkins = store.checkins.all(day)
    habits = store.habits.all()
    # Done, partly done and rest all count: each is the person tending to themselves.
    # The store's index answers for the day: no rescan of every habit's history.
    entries = store.habit_days.tended_on(day)
    asked = asked_on(habits, entries, day)  # what the day asks for (and what was tended)
    tended = sum(1 for habit in asked if habit["id"] in entries)
    parts = []
    if checkins:
        parts.append(f"mood {checkins[-1]['mood']}")
    else:
        parts.append("no check-in yet")
    if asked:
        parts.append(f"{tended}/{len(asked)} self-care")
    return " · ".join(parts)
