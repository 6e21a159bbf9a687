"""The tab title's short line about today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from apphelpers import Clock

from innerchild_tui.app.summary import today_summary
from innerchild_tui.store import Store


def test_done_partly_done_and_rest_all_count_as_tending(db_path: Path) -> None:
    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    today = date(2026, 11, 24)
    assert today_summary(store, today) == "no check-in yet · 0/5 self-care"
    first, second, third = store.habits.all()[:3]
    store.habit_days.set(first["id"], today, "done")
    store.habit_days.set(second["id"], today, "partial")
    store.habit_days.set(third["id"], today, "rest")
    store.checkins.add(6)  # ticks "Check in with my inner child" too
    assert today_summary(store, today) == "mood 6 · 4/5 self-care"
