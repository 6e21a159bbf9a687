"""Comfort items, what they were in childhood, and the log of when they were used."""

from __future__ import annotations

from datetime import date
from typing import Any

from innerchild_tui.domain.comfort import COMFORT_KINDS, day_texts_used, uses_of
from innerchild_tui.domain.practices import valid_distress
from innerchild_tui.domain.records import (
    ComfortRecord,
    natural_id,
)
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store.base import StoreBase, required_name
from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.tables import Table

_NOT_GIVEN: Any = object()


def _kind(kind: str) -> str:
    kind = clean_name(kind).casefold()
    if kind and kind not in COMFORT_KINDS:
        raise StoreError(f"A comfort item's kind is one of: {', '.join(COMFORT_KINDS)}.")
    return kind


def _age(age: int | None) -> int | None:
    if age is None:
        return None
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120:
        raise StoreError("An age is a whole number of years, 0 to 120.")
    return age


def _helped(helped: int | None) -> int | None:
    if helped is not None and not valid_distress(helped):
        raise StoreError("How much it helped is a number from 0 to 10.")
    return helped


class Comfort:
    """Comfort items and their log of uses (table ``comfort``)."""

    def __init__(self, db: StoreBase) -> None:
        self._db = db
        self._table = Table(db, "comfort", ComfortRecord)

    def all(self) -> list[ComfortRecord]:
        return self._table.oldest_first()

    def get(self, item_id: str) -> ComfortRecord:
        return self._table.get(item_id)

    def add(
        self,
        name: str,
        note: str = "",
        *,
        childhood: str = "",
        age: int | None = None,
        kind: str = "",
        favourite: bool = False,
    ) -> ComfortRecord:
        name = required_name(name, "comfort item")
        item_id = natural_id("comfort", name, self._db._ids("comfort"))
        return self._table.new(
            id=item_id,
            name=name,
            note=clean_text(note),
            childhood=clean_name(childhood),
            age=_age(age),
            kind=_kind(kind),
            favourite=bool(favourite),
            used=[],
            uses=[],
        )

    def edit(
        self,
        item_id: str,
        name: str,
        note: str | None = None,
        *,
        childhood: str | None = None,
        age: int | None = _NOT_GIVEN,
        kind: str | None = None,
        favourite: bool | None = None,
    ) -> ComfortRecord:
        fields: dict[str, Any] = {"name": required_name(name, "comfort item")}
        if note is not None:
            fields["note"] = clean_text(note)
        if childhood is not None:
            fields["childhood"] = clean_name(childhood)
        if age is not _NOT_GIVEN:
            fields["age"] = _age(age)
        if kind is not None:
            fields["kind"] = _kind(kind)
        if favourite is not None:
            fields["favourite"] = bool(favourite)
        return self._table.change(item_id, **fields)

    def set_favourite(self, item_id: str, favourite: bool) -> ComfortRecord:
        return self._table.change(item_id, favourite=bool(favourite))

    def delete(self, item_id: str) -> ComfortRecord:
        return self._table.delete(item_id)

    def mark_used(self, item_id: str, day: date, helped: int | None = None) -> ComfortRecord:
        """Log one use of an item on ``day`` (with how much it helped, if known)."""
        item = self._table.get(item_id)
        used = day_texts_used(item)
        used.add(day.isoformat())
        uses = uses_of(item)
        uses.append({"day": day.isoformat(), "at": self._db.stamp(), "helped": _helped(helped)})
        return self._table.change(item_id, used=sorted(used), uses=uses)

    def rate_use(self, item_id: str, day: date, helped: int | None) -> ComfortRecord:
        """Say how much the latest use on ``day`` helped (logging a use if there was none)."""
        item = self._table.get(item_id)
        uses = [dict(u) for u in uses_of(item)]
        todays = [u for u in uses if u.get("day") == day.isoformat()]
        if not todays:
            return self.mark_used(item_id, day, helped)
        todays[-1]["helped"] = _helped(helped)
        return self._table.change(item_id, uses=uses)

    def toggle_used(self, item_id: str, day: date) -> bool:
        """Mark an item used on ``day`` (or take the mark back); returns whether it is used."""
        item = self._table.get(item_id)
        if day.isoformat() not in day_texts_used(item):
            self.mark_used(item_id, day)
            return True
        used = day_texts_used(item) - {day.isoformat()}
        uses = [u for u in uses_of(item) if u.get("day") != day.isoformat()]
        self._table.change(item_id, used=sorted(used), uses=uses)
        return False
