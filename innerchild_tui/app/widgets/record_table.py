"""A row-cursor table whose rows are records keyed by their id."""

from __future__ import annotations

from typing import Any

from textual.coordinate import Coordinate
from textual.widgets import DataTable


class RecordTable(DataTable[Any]):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)

    @property
    def highlighted_key(self) -> str | None:
        """The id of the record under the cursor."""
        if self.row_count == 0:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return str(key) if key is not None else None

    def select_key(self, key: str | None) -> None:
        """Put the cursor back on a record after the rows were rebuilt."""
        if key is None:
            return
        try:
            self.move_cursor(row=self.get_row_index(key))
        except Exception:
            return
