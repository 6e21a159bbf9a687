"""Indexes the store keeps beside the records, so hot paths never rescan all history.

- every habit's live day entries (ticks by habit and day), built once from the
  completions table and then kept up to date one record at a time;
- per habit, its :class:`HabitHistory` and its figures (streaks and strength for a day):
  a change to one of its days makes a new history from the last one with that day
  changed, and drops the figures; a change to a field the history is made of builds it
  again (a rename, a move or a new group changes none).

A write tells the index which record changed (:meth:`HabitIndex.changed`); a whole new
state (a merge) drops it (:meth:`HabitIndex.reset`) and it is built again when next read.
``recomputed`` counts how often each habit's figures were worked out, for tests.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from innerchild_tui.domain.habit_days import (
    STATUSES,
    HabitHistory,
    entry_from_record,
    history_of,
)
from innerchild_tui.domain.records import Record, is_live
from innerchild_tui.domain.streaks import Streaks, streaks_of
from innerchild_tui.domain.strength import strength


@dataclass(frozen=True)
class HabitFigures:
    """What the habits pane shows of a habit's numbers on one day."""

    streaks: Streaks
    strength: float
    first: date | None = None  # the habit's first day with an entry


@functools.lru_cache(maxsize=1 << 15)
def day_of(text: str) -> date:
    """The day a record's ``day`` names, one object for each day: every habit's entries
    for a day share it (at ten years 50,000 entries name 3,650 days: 1.5 MiB of dates
    held by the index). Raises as :meth:`date.fromisoformat` (TypeError for a value
    that is not a string)."""
    return date.fromisoformat(text)


def entry_day(record: Record) -> date | None:
    """The day a completion record holds a live entry for, or None."""
    if not is_live(record) or record.get("status", "done") not in STATUSES:
        return None
    try:
        return day_of(record["day"])
    except (KeyError, TypeError, ValueError):
        return None


HISTORY_FIELDS = ("schedule", "pauses", "grace", "kind", "target", "unit")
"""The fields of a habit record that :func:`history_of` reads (its days aside)."""


def _history_fields(habit: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(habit.get(field) for field in HISTORY_FIELDS)


class HabitIndex:
    """Day entries by habit, and each habit's history and figures, cached per habit."""

    def __init__(self, completions: Callable[[], list[Record]]) -> None:
        self._completions = completions  # the table's records, read under the store's lock
        self._days: dict[str, dict[date, Record]] | None = None
        self._histories: dict[str, tuple[tuple[Any, ...], HabitHistory]] = {}
        self._figures: dict[str, tuple[date, HabitHistory, HabitFigures]] = {}
        self.recomputed: Counter[str] = Counter()
        self.builds = 0  # full scans of the completions table

    # Keeping up -------------------------------------------------------------------------
    def reset(self) -> None:
        self._days = None
        self._histories.clear()
        self._figures.clear()

    def changed(self, table: str, record: Record) -> None:
        """One record was written: only its habit's caches are dropped."""
        if table == "habits":
            # :meth:`history` compares the fields a history is made of: a rename, a move
            # or a new group keeps the habit's history and figures.
            return
        if table == "completions":
            habit_id = record.get("habit_id")
            if not isinstance(habit_id, str):
                self.reset()
                return
            if self._days is None:
                self._forget(habit_id)
                return
            try:
                day = day_of(record["day"])
            except (KeyError, TypeError, ValueError):
                self.reset()
                return
            entries = self._days.setdefault(habit_id, {})
            live = entry_day(record) is not None
            if live:
                entries[day] = record
            else:
                entries.pop(day, None)
            self._follow(habit_id, day, record if live else None)

    def replaced(self, changes: list[tuple[str, Record]] | None) -> None:
        """A whole new state was swapped in (a merge): ``changes`` are its
        :func:`changed_records` (None: look at everything again)."""
        if changes is None:
            self.reset()
            return
        for table, record in changes:
            self.changed(table, record)

    def _follow(self, habit_id: str, day: date, record: Record | None) -> None:
        """The habit's history with one day changed, its figures to be worked out again.

        The entries are copied, not changed: a history is never changed (the figures
        worker may be reading it). Building it again from every day cost a tick about
        3 ms at ten years, ahead of its streaks and strength."""
        self._figures.pop(habit_id, None)
        cached = self._histories.get(habit_id)
        if cached is None:
            return
        made_of, history = cached
        entries = dict(history.entries)
        entry = entry_from_record(record) if record is not None else None
        if entry is None:
            entries.pop(day, None)
        else:
            entries[day] = entry
        self._histories[habit_id] = (made_of, replace(history, entries=entries))

    def _forget(self, habit_id: str) -> None:
        self._histories.pop(habit_id, None)
        self._figures.pop(habit_id, None)

    # Reading ----------------------------------------------------------------------------
    def days_by_habit(self) -> dict[str, dict[date, Record]]:
        """Every habit's live day entries (the index itself: do not change it)."""
        if self._days is None:
            self.builds += 1
            days: dict[str, dict[date, Record]] = {}
            for record in self._completions():
                day = entry_day(record)
                if day is not None and isinstance(record.get("habit_id"), str):
                    days.setdefault(record["habit_id"], {})[day] = record
            self._days = days
        return self._days

    def days_of(self, habit_id: str) -> dict[date, Record]:
        return self.days_by_habit().get(habit_id, {})

    def history(self, habit: Mapping[str, Any]) -> HabitHistory:
        """The habit's story; built again only after this habit or its days changed."""
        cached = self._histories.get(habit["id"])
        made_of = _history_fields(habit)
        if cached is not None and cached[0] == made_of:
            return cached[1]
        history = history_of(habit, self.days_of(habit["id"]))
        self._histories[habit["id"]] = (made_of, history)
        self._figures.pop(habit["id"], None)
        return history

    def known_figures(self, habit: Record, today: date) -> HabitFigures | None:
        """The figures on ``today`` if they are worked out and still hold, else None
        (nothing is built or worked out here)."""
        cached = self._figures.get(habit["id"])
        history = self._histories.get(habit["id"])
        if cached is None or history is None or history[0] != _history_fields(habit):
            return None
        return cached[2] if cached[0] == today and cached[1] is history[1] else None

    @staticmethod
    def work_out(history: HabitHistory, today: date) -> HabitFigures:
        """The figures themselves (a history is never changed: no lock is needed)."""
        return HabitFigures(
            streaks_of(history, today), strength(history, today), min(history.entries, default=None)
        )

    def remember(
        self, habit: Record, today: date, history: HabitHistory, found: HabitFigures
    ) -> None:
        """Keep figures worked out from ``history``, unless the habit changed meanwhile."""
        current = self._histories.get(habit["id"])
        if current is not None and current[1] is history:
            self.recomputed[habit["id"]] += 1
            self._figures[habit["id"]] = (today, history, found)


def changed_records(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[tuple[str, Record]] | None:
    """The habit records of a new state (a merge) that are not the very objects held
    before (a merge keeps ours where both sides agree), so only their habits are looked
    at again; None if a record vanished. Worked out before the store's lock is taken
    (tens of ms at ten years of ticks), and a record at a time (a set of every id is one
    long C call, and the merge runs in a thread while the screen is up)."""
    changes: list[tuple[str, Record]] = []
    for table in ("habits", "completions"):
        old, new = before.get(table, {}), after.get(table, {})
        if not all(key in new for key in old):
            return None  # records never vanish in a merge; be safe if they do
        changes += [(table, record) for key, record in new.items() if old.get(key) is not record]
    return changes
