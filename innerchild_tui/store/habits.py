"""Self-care habits and the days they were done."""

from __future__ import annotations

from datetime import date

from innerchild_tui.domain.records import (
    Record,
    completion_id,
    is_live,
    natural_id,
    new_record,
)
from innerchild_tui.domain.text import clean_name
from innerchild_tui.store.base import StoreBase, refuse_future, required_name
from innerchild_tui.store.errors import StoreError


class HabitsMixin(StoreBase):
    """The store's habits methods."""

    def habits(self, *, include_archived: bool = False) -> list[Record]:
        records = [
            r for r in self._live("habits") if include_archived or not r.get("archived", False)
        ]
        return sorted(records, key=lambda r: (r.get("order", 0), r["created_at"]))

    def habit_named(self, name: str) -> Record:
        """The habit with this name (any case). Raises a kind :class:`StoreError` if none."""
        wanted = clean_name(name).casefold()
        for habit in self.habits(include_archived=True):
            if habit["name"].casefold() == wanted:
                return habit
        names = (
            ", ".join(
                f"“{h['name']}”" + (" (archived)" if h.get("archived", False) else "")
                for h in self.habits(include_archived=True)
            )
            or "none yet"
        )
        raise StoreError(f"There is no habit called “{clean_name(name)}”. Your habits: {names}.")

    def add_habit(self, name: str) -> Record:
        name = required_name(name, "habit")
        if any(h["name"].casefold() == name.casefold() for h in self.habits(include_archived=True)):
            raise StoreError(f"You already have a habit called “{name}”.")
        order = max((h.get("order", 0) for h in self.habits(include_archived=True)), default=-1)
        habit_id = natural_id("habit", name, self._ids("habits"))
        return self._new("habits", id=habit_id, name=name, order=order + 1, archived=False)

    def rename_habit(self, habit_id: str, name: str) -> Record:
        return self._change("habits", habit_id, name=required_name(name, "habit"))

    def set_habit_archived(self, habit_id: str, archived: bool = True) -> Record:
        return self._change("habits", habit_id, archived=archived)

    def done_days(self, habit_id: str) -> set[date]:
        """Every day this habit was done."""
        return self.done_days_by_habit().get(habit_id, set())

    def done_days_by_habit(self) -> dict[str, set[date]]:
        """Every habit's done days, in one pass (ten years of ticks take milliseconds).

        Reads the raw table rather than through TinyDB's query API, which would build a
        document object for every tick of every habit each time.
        """
        days: dict[str, set[date]] = {}
        with self._storage.lock:
            completions = list(self._storage.read().get("completions", {}).values())
        for record in completions:
            if record.get("status") == "done" and is_live(record):
                days.setdefault(record["habit_id"], set()).add(date.fromisoformat(record["day"]))
        return days

    def set_habit_done(self, habit_id: str, day: date, done: bool = True) -> None:
        """Tick ``day`` for a habit (or take the tick back). A day to come cannot be ticked.

        Ticking a day already ticked changes nothing, so it leaves nothing to save.
        Taking back a tick is allowed on any day, so a tick made in a zone ahead of this
        one (travel, another device) can still be undone.
        """
        self._get("habits", habit_id)
        record_id = completion_id(habit_id, day)
        existing = self._raw("completions", record_id)
        if done:
            refuse_future(day, self.today())
            if existing is not None and is_live(existing) and existing.get("status") == "done":
                return
            stamp = self.stamp()
            created = existing["created_at"] if existing else stamp
            record = new_record(
                stamp, self.device, id=record_id, habit_id=habit_id, day=day.isoformat()
            )
            record.update(created_at=created, status="done")
            self._put("completions", record)
        elif existing is not None and is_live(existing):
            self._delete("completions", record_id)

    def toggle_habit(self, habit_id: str, day: date) -> bool:
        """Tick or untick a day; returns whether it is now done."""
        done = day not in self.done_days(habit_id)
        self.set_habit_done(habit_id, day, done)
        return done
