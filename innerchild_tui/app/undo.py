"""Changes that can be taken back: one log for the whole app, newest last.

A removal anywhere (a check-in, a comfort item, a word), a habit's day changed in the pane
or in its calendar, a habit archived or deleted: each leaves an entry, and ``u`` takes back
the newest whichever pane or screen it is pressed in (:meth:`InnerChildApp.undo_last`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from innerchild_tui.domain.records import HabitRecord

if TYPE_CHECKING:
    from innerchild_tui.store import Store

TICKS = frozenset({"completions"})


@dataclass(frozen=True)
class Undoable:
    done: str  # what is said once it is taken back: "Brought back: …", "Undone: …"
    undo: Callable[[], object]
    tables: frozenset[str]  # what taking it back changes, for the panes to show


@dataclass
class UndoLog:
    entries: list[Undoable] = field(default_factory=list)

    def push(self, done: str, undo: Callable[[], object], tables: frozenset[str]) -> None:
        self.entries.append(Undoable(done, undo, tables))
        del self.entries[:-50]

    def pop(self) -> Undoable | None:
        return self.entries.pop() if self.entries else None

    def put_back(self, entry: Undoable) -> None:
        """An entry popped and not taken back (it could not be just now): newest again."""
        self.entries.append(entry)


def set_day_undoably(
    store: Store,
    undo: UndoLog,
    habit: HabitRecord,
    day: date,
    status: str | None,
    **fields: Any,
) -> bool:
    """Change one day and remember how to take it back. False if nothing changed."""
    before = store.habit_days.set(habit["id"], day, status, **fields)
    if before == store.habit_days.of(habit["id"]).get(day):
        return False
    _remember_day(store, undo, habit, day, before)
    return True


def set_amount_undoably(
    store: Store, undo: UndoLog, habit: HabitRecord, day: date, amount: float, *, add: bool
) -> bool:
    before = store.habit_days.of(habit["id"]).get(day)
    if add:
        store.habit_days.add_amount(habit["id"], day, amount)
    else:
        store.habit_days.set_amount(habit["id"], day, amount)
    if before == store.habit_days.of(habit["id"]).get(day):
        return False
    _remember_day(store, undo, habit, day, before)
    return True


def _remember_day(store: Store, undo: UndoLog, habit: HabitRecord, day: date, before: Any) -> None:
    habit_id = habit["id"]
    undo.push(
        f"Undone: {habit['name']}, {day.isoformat()}",
        lambda: store.habit_days.put_back(habit_id, day, before),
        TICKS,
    )
