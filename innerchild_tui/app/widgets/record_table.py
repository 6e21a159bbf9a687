"""A row-cursor table whose rows are records keyed by their id, with columns sized to fit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from innerchild_tui.app.widgets.steady import SteadyScrollbars

LEAST_STRETCH = 14
"""Below this many cells for the names, less important columns step aside."""


@dataclass(frozen=True)
class Shown:
    """What a table was asked to show, kept so it can be fitted again after a resize."""

    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, tuple[Text, ...]], ...]
    stretch: str
    optional: tuple[str, ...]
    least: tuple[tuple[str, int], ...] = ()  # columns' least widths


class RecordTable(SteadyScrollbars, DataTable[Any]):
    # A row table's Home and End go to the first and last row (DataTable's own move
    # sideways, which a row cursor cannot), so the next key acts on the row shown.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "home", "scroll_top", "First", show=False, id="table.first", tooltip="The first row"
        ),
        Binding(
            "end", "scroll_bottom", "Last", show=False, id="table.last", tooltip="The last row"
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self._shown: Shown | None = None
        self._fitted_room: int | None = None

    @property
    def highlighted_key(self) -> str | None:
        """The id of the record under the cursor."""
        if self.row_count == 0:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return str(key) if key is not None else None

    def select_key(self, key: str | None) -> bool:
        """Put the cursor back on a record after the rows were rebuilt (False: it is not
        shown)."""
        if key is None:
            return False
        try:
            self.move_cursor(row=self.get_row_index(key))
        except Exception:
            return False
        return True

    def show_records(
        self,
        columns: Sequence[tuple[str, str]],
        rows: Sequence[tuple[str, Sequence[Text]]],
        *,
        stretch: str,
        optional: Sequence[str] = (),
        select: str | None = None,
        least: Mapping[str, int] | None = None,
    ) -> None:
        """Show ``rows`` (id, cells) under ``columns`` (key, label), sized to the table.

        The ``stretch`` column (the names) gets the room the others leave, and its text is
        cut with … only when there is truly no room. When the names would get fewer than
        :data:`LEAST_STRETCH` cells, the ``optional`` columns step aside, first one first.
        ``least`` gives columns a width they keep even when their cells are narrower (so
        a cell that changes among values of that width is painted where it is, and the
        table does not shift).
        """
        shown = Shown(
            columns=tuple(columns),
            rows=tuple((key, tuple(cells)) for key, cells in rows),
            stretch=stretch,
            optional=tuple(optional),
            least=tuple(sorted((least or {}).items())),
        )
        before = self._shown
        if before is not None and _same_layout(before, shown):
            # The same rows under the same columns (a new day, a merge): what changed is
            # painted where it is, as a tick is, not the whole table built again.
            pairs = zip(shown.rows, before.rows, strict=True)
            self.update_records({key: cells for (key, cells), (_, old) in pairs if cells != old})
            self.select_key(select)
            return
        self._shown = shown
        self._fit(select or self.highlighted_key)

    def update_record(self, key: str, cells: Sequence[Text]) -> None:
        """Show new ``cells`` for one row already shown (see :meth:`update_records`)."""
        self.update_records({key: cells})

    def update_records(self, changed: Mapping[str, Sequence[Text]]) -> None:
        """Show new cells for rows already shown (id to cells): only those rows are
        repainted, unless a cell no longer fits its column or a name changed; then the
        table is fitted again, once, as :meth:`show_records` does."""
        shown = self._shown
        if shown is None:
            return
        rows = list(shown.rows)
        updates: list[tuple[str, str, Text]] | None = []
        for index, (key, old) in enumerate(shown.rows):
            cells = changed.get(key)
            if cells is None:
                continue
            rows[index] = (key, tuple(cells))
            if updates is None:
                continue  # fitted again anyway
            in_place = self._cells_in_place(shown, old, cells)
            if in_place is None:
                updates = None
            else:
                updates.extend((key, column_key, cell) for column_key, cell in in_place)
        self._shown = replace(shown, rows=tuple(rows))
        if updates is None:
            self._fit(self.highlighted_key)
            return
        self._paint_in_place(updates)

    def _paint_in_place(self, updates: Sequence[tuple[str, str, Text]]) -> None:
        """Put new cells into their rows and paint just those rows again.

        DataTable's own ``update_cell`` forgets how every row was drawn (its caches are
        keyed by a count of all updates), so a habit's tick drew the whole table again on
        the event loop: 14 ms at twenty habits. Here only the changed rows leave its caches
        of cells and rows; the lines, which only join those, are joined again, and only
        the changed rows are repainted (more than fit on screen: what shows, in one go).
        """
        rows: set[RowKey] = set()
        for key, column_key, cell in updates:
            row = RowKey(key)
            self._data[row][ColumnKey(column_key)] = cell
            rows.add(row)
        indexes = {self.get_row_index(row) for row in rows}
        _forget(self._row_renderable_cache, 1, indexes)  # keyed (count, row index)
        _forget(self._cell_render_cache, 0, rows)  # keyed (row key, column key, ...)
        _forget(self._row_render_cache, 0, rows)  # keyed (row key, line, ...)
        self._line_cache.clear()
        if len(indexes) > self.size.height:
            self.refresh()  # (a row's region is found by adding up every row above it)
            return
        for index in indexes:
            self.refresh_row(index)

    def _cells_in_place(
        self, shown: Shown, old: Sequence[Text], cells: Sequence[Text]
    ) -> list[tuple[str, Text]] | None:
        """The (column, cell) changes that can be painted where they are, or None when the
        table must be fitted again (a new name or shape, or a cell wider than its column)."""
        keys = [key for key, _ in shown.columns]
        stretch = keys.index(shown.stretch)
        if len(old) != len(cells) or old[stretch] != cells[stretch]:
            return None
        in_place = []
        for column_key, before, after in zip(keys, old, cells, strict=True):
            if before == after:
                continue
            column = self.columns.get(ColumnKey(column_key))
            if column is None:
                continue  # a column that stepped aside for the names
            if after.cell_len > column.content_width:
                return None
            in_place.append((column_key, after))
        return in_place

    def on_resize(self) -> None:
        if self._shown is not None and self._room() != self._fitted_room:
            self._fit(self.highlighted_key)

    def _room(self) -> int | None:
        """Cells across for the columns, leaving space for a scroll bar when rows overflow."""
        width = self.content_region.width
        if width <= 0:
            return None  # not laid out yet; a resize will fit it
        rows = len(self._shown.rows) if self._shown is not None else self.row_count
        if rows + self.header_height > self.content_region.height:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _fit(self, select: str | None) -> None:
        shown = self._shown
        assert shown is not None
        room = self._room()
        self._fitted_room = room
        pad = 2 * self.cell_padding
        keys = [key for key, _ in shown.columns]
        stretch = keys.index(shown.stretch)

        least = dict(shown.least)

        def natural(index: int) -> int:
            label = Text(shown.columns[index][1]).cell_len
            cells = (cells[index].cell_len for _, cells in shown.rows)
            return max([label, least.get(keys[index], 0), *cells])

        kept = list(range(len(keys)))

        def names_room() -> int:
            assert room is not None
            return room - sum(natural(i) + pad for i in kept if i != stretch) - pad

        if room is not None:
            for key in shown.optional:
                if names_room() >= min(LEAST_STRETCH, natural(stretch)):
                    break
                kept.remove(keys.index(key))
        budget = None
        if room is not None:
            budget = max(names_room(), Text(shown.columns[stretch][1]).cell_len)

        # Columns keep the width of the longest cell they ever held, so start them afresh,
        # each as wide as it was measured here. (Left to DataTable, the widths of new rows
        # are measured when it next goes idle, and a frame drawn before that cuts every
        # cell to its column's heading, which stays on screen if the table's width then
        # comes out as before.)
        place = self.cursor_row
        self.clear(columns=True)
        for i in kept:
            width = natural(i)
            if i == stretch and budget is not None:
                width = min(width, budget)
            self.add_column(shown.columns[i][1], key=keys[i], width=width)
        for row_key, cells in shown.rows:
            row: list[Text] = []
            for i in kept:
                cell = cells[i]
                if i == stretch and budget is not None and cell.cell_len > budget:
                    cell = cell.copy()
                    cell.truncate(budget, overflow="ellipsis")
                row.append(cell)
            self.add_row(*row, key=row_key)
        if not self.select_key(select) and self.row_count:
            # The record under the cursor went (archived, removed): the cursor keeps its
            # place, on the row that came after it, not back at the top.
            self.move_cursor(row=min(place, self.row_count - 1))


def _same_layout(before: Shown, after: Shown) -> bool:
    """The same columns, and the same rows in the same order (their cells may differ)."""
    return (
        before.columns == after.columns
        and before.stretch == after.stretch
        and before.optional == after.optional
        and before.least == after.least
        and len(before.rows) == len(after.rows)
        and all(old == new for (old, _), (new, _) in zip(before.rows, after.rows, strict=True))
    )


def _forget(cache: LRUCache[Any, Any], at: int, rows: set[Any]) -> None:
    """Drop what a DataTable cache holds for ``rows`` (the row is the key's item ``at``)."""
    for key in [key for key in cache.keys() if key[at] in rows]:  # noqa: SIM118 (no __iter__)
        cache.discard(key)
