"""Comfort items and the days they were used."""

from __future__ import annotations

from datetime import date
from typing import Any

from innerchild_tui.domain.records import (
    Record,
    natural_id,
)
from innerchild_tui.domain.text import clean_text
from innerchild_tui.store.base import StoreBase, required_name


class ComfortMixin(StoreBase):
    """The store's comfort methods."""

    def comfort_items(self) -> list[Record]:
        return sorted(self._live("comfort"), key=lambda r: r["created_at"])

    def add_comfort(self, name: str, note: str = "") -> Record:
        name = required_name(name, "comfort item")
        item_id = natural_id("comfort", name, self._ids("comfort"))
        return self._new("comfort", id=item_id, name=name, note=clean_text(note), used=[])

    def edit_comfort(self, item_id: str, name: str, note: str | None = None) -> Record:
        fields: dict[str, Any] = {"name": required_name(name, "comfort item")}
        if note is not None:
            fields["note"] = clean_text(note)
        return self._change("comfort", item_id, **fields)

    def delete_comfort(self, item_id: str) -> Record:
        return self._delete("comfort", item_id)

    def toggle_comfort_used(self, item_id: str, day: date) -> bool:
        """Mark an item used on ``day`` (or take the mark back); returns whether it is used."""
        item = self._get("comfort", item_id)
        used = list(item.get("used", []))
        if day.isoformat() in used:
            used.remove(day.isoformat())
        else:
            used.append(day.isoformat())
        self._change("comfort", item_id, used=sorted(used))
        return day.isoformat() in used
