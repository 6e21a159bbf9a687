"""Soothing practice sessions: what was done, for how long, and distress before and after."""

from __future__ import annotations

from typing import Any

from innerchild_tui.domain.practices import (
    PRACTICE_KINDS,
    PracticeSummary,
    summarize_practices,
    valid_distress,
)
from innerchild_tui.domain.records import PracticeRecord
from innerchild_tui.store.base import StoreBase
from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.habits import HabitDays
from innerchild_tui.store.tables import Table


class Practices:
    """Soothing practice sessions (table ``practices``)."""

    def __init__(self, db: StoreBase, habit_days: HabitDays) -> None:
        self._db = db
        self._table = Table(db, "practices", PracticeRecord)
        self._habit_days = habit_days

    def all(self) -> list[PracticeRecord]:
        """Live sessions, oldest first."""
        return self._table.oldest_first()

    def add(
        self,
        kind: str,
        *,
        minutes: float,
        distress_before: int | None = None,
        distress_after: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> PracticeRecord:
        """Record one session of a practice (see PRACTICE_KINDS) on today's practice day."""
        if kind not in PRACTICE_KINDS:
            raise StoreError(f"There is no practice called “{kind}”.")
        for value in (distress_before, distress_after):
            if value is not None and not valid_distress(value):
                raise StoreError("Distress is a number from 0 to 10.")
        if minutes < 0:
            raise StoreError("Minutes spent cannot be below zero.")
        record = self._table.new(
            day=self._db.today().isoformat(),
            kind=kind,
            minutes=round(float(minutes), 1),
            distress_before=distress_before,
            distress_after=distress_after,
            details=dict(details or {}),
        )
        self._habit_days.tick_linked("practice", self._db.today())
        return record

    def delete(self, practice_id: str) -> PracticeRecord:
        return self._table.delete(practice_id)

    def summary(self) -> list[PracticeSummary]:
        """Which practices have helped most (see :func:`summarize_practices`)."""
        return summarize_practices(self.all())
