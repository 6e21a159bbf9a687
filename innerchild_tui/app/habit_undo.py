"""Habit changes that can be taken back: the log, and the two changes that write to it.

The Habits pane and the habit calendar share one log, so ``u`` takes back the last change
made in either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from innerchild_tui.store import Store


@dataclass
class UndoLog:
    """The habit changes that can be taken back, newest last (shared by pane and calendar)."""

    entries: list[tuple[str, Callable[[], None]]] = field(default_factory=list)

    def push(self, label: str, undo: Callable[[], None]) -> None:
        self.entries.append((label, undo))
        del self.entries[:-50]

    def pop(self) -> tuple[str, Callable[[], None]] | None:
        return self.entries.pop() if self.entries else None


def set_day_undoably(
    store: Store,
    undo: UndoLog,
    habit: dict[str, Any],
    day: date,
    status: str | None,
    **fields: Any,
) -> bool:
    """Change one day and remember how to take it back. False if nothing changed."""
    before = store.set_day(habit["id"], day, status, **fields)
    if before == store.day_records(habit["id"]).get(day):
        return False
    habit_id = habit["id"]
    undo.push(
        f"{habit['name']}, {day.isoformat()}", lambda: store.put_back_day(habit_id, day, before)
    )
    return True


def set_amount_undoably(
    store: Store, undo: UndoLog, habit: dict[str, Any], day: date, amount: float, *, add: bool
) -> bool:
    before = store.day_records(habit["id"]).get(day)
    if add:
        store.add_amount(habit["id"], day, amount)
    else:
        store.set_day_amount(habit["id"], day, amount)
    if before == store.day_records(habit["id"]).get(day):
        return False
    habit_id = habit["id"]
    undo.push(
        f"{habit['name']}, {day.isoformat()}", lambda: store.put_back_day(habit_id, day, before)
    )
    return True
