"""One table of the file, its live records typed as their shape (``domain/records.py``).

This is the one place a record held in memory is taken as its typed shape
(``CheckinRecord``, ``HabitRecord``, …): every record a table holds passed its table's
rules (``domain/validate.py``, one rule per field) when the file was read or merged, or
was written here through its repository, whose writes a test holds to the same rules
(``tests/test_record_rules.py``). A repository reads and writes its own table through one
of these; records of other tables, and tombstones (``raw``), stay plain records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar, cast

from innerchild_tui.domain.records import Record
from innerchild_tui.store.base import StoreBase

Shape = TypeVar("Shape", bound=Mapping[str, Any])


class Table(Generic[Shape]):
    """``db``'s table ``name``, whose live records are ``Shape``."""

    def __init__(self, db: StoreBase, name: str, shape: type[Shape]) -> None:
        self._db = db
        self.name = name
        self.shape = shape

    def live(self) -> list[Shape]:
        """A copy of every live record, in the table's order."""
        return cast(list[Shape], self._db._live(self.name))

    def oldest_first(self) -> list[Shape]:
        """A copy of every live record, in the order they were made."""
        return sorted(self.live(), key=lambda r: str(r["created_at"]))

    def get(self, record_id: str) -> Shape:
        """A copy of one live record; a kind StoreError if it is gone."""
        return cast(Shape, self._db._get(self.name, record_id))

    def new(self, **fields: Any) -> Shape:
        return cast(Shape, self._db._new(self.name, **fields))

    def put(self, record: Record) -> Shape:
        return cast(Shape, self._db._put(self.name, record))

    def change(self, record_id: str, **fields: Any) -> Shape:
        return cast(Shape, self._db._change(self.name, record_id, **fields))

    def live_on(self, day: str | None = None, since: str = "") -> list[Shape]:
        """A copy of each live record of ``day`` (``YYYY-MM-DD``), or of every day from
        ``since`` on, picked from the records as stored: one pass with no call for each
        record (at ten years the check-in pane asks at every refresh: 0.35 ms, where a
        test called for each record took 0.9)."""
        with self._db._storage.lock:
            held = self._db._storage.read().get(self.name, {}).values()
            if day is not None:
                picked = [r for r in held if r.get("day") == day and day >= since]
            else:
                picked = [r for r in held if r.get("day", "") >= since]
            return cast(list[Shape], [dict(r) for r in picked if not r.get("deleted", False)])

    def restore(self, record: Record) -> Shape:
        """Bring back a removed record exactly as it was (undo)."""
        return cast(Shape, self._db.restore(self.name, record))

    def delete(self, record_id: str) -> Shape:
        """Leave a tombstone; returns the record as it was, for undo."""
        return cast(Shape, self._db._delete(self.name, record_id))
