"""Check-ins: how are you feeling, and what do you need?"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from innerchild_tui.domain.records import (
    Record,
)
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.domain.vocabulary import normalise_word
from innerchild_tui.store.base import StoreBase, refuse_future
from innerchild_tui.store.errors import StoreError


class CheckinsMixin(StoreBase):
    """The store's checkins methods."""

    def checkins(self, day: date | None = None) -> list[Record]:
        """Live check-ins, oldest first; only ``day``'s if given."""
        records = self._live("checkins")
        if day is not None:
            records = [r for r in records if r.get("day") == day.isoformat()]
        return sorted(records, key=lambda r: (r.get("day", ""), r["created_at"]))

    def add_checkin(
        self,
        mood: int,
        feelings: Iterable[str] = (),
        needs: Iterable[str] = (),
        note: str = "",
        day: date | None = None,
    ) -> Record:
        fields = checkin_fields(mood, feelings, needs, note)
        today = self.today()
        target = day or today
        refuse_future(target, today)
        return self._new(
            "checkins",
            day=target.isoformat(),
            backfilled=target < today,
            **fields,
        )

    def update_checkin(
        self,
        checkin_id: str,
        mood: int,
        feelings: Iterable[str] = (),
        needs: Iterable[str] = (),
        note: str = "",
    ) -> Record:
        return self._change("checkins", checkin_id, **checkin_fields(mood, feelings, needs, note))

    def delete_checkin(self, checkin_id: str) -> Record:
        return self._delete("checkins", checkin_id)


def checkin_fields(
    mood: int, feelings: Iterable[str], needs: Iterable[str], note: str
) -> dict[str, Any]:
    if isinstance(mood, bool) or not isinstance(mood, int) or not 1 <= mood <= 10:
        raise StoreError(f"Mood is a number from 1 to 10 (got {mood!r}).")
    return {
        "mood": mood,
        "feelings": words(feelings),
        "needs": words(needs),
        "note": clean_text(note),
    }


def words(words: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for word in words:
        cleaned = normalise_word(clean_name(word))
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen
