"""Small widgets under conditions the dashboard can put them in."""

from __future__ import annotations

from textual.app import App, ComposeResult

from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.app.widgets.safe_text_area import SafeTextArea


class _NoRoom(App[None]):
    CSS = "SafeTextArea { width: 0; border: none; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield SafeTextArea(placeholder="Write to your inner child…")


async def test_a_text_area_with_a_placeholder_survives_having_no_width() -> None:
    app = _NoRoom()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        area = app.query_one(SafeTextArea)
        assert area.content_size.width == 0
        assert area.render_line(0).cell_length == 0


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable(id="table")


async def test_a_table_s_scrollbar_follows_its_rows_and_its_room() -> None:
    """A layout draws a scrollbar again only when a size it follows changed
    (``SteadyScrollbars``): new rows and a taller terminal still reach it."""
    app = _Table()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(RecordTable)
        table.add_column("Name")
        table.add_rows([(f"row {n}",) for n in range(3)])
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        table.add_rows([(f"more {n}",) for n in range(30)])
        await pilot.pause()
        bar = table.vertical_scrollbar
        assert table.show_vertical_scrollbar
        assert bar.window_virtual_size == table.virtual_size.height == 34  # and the header
        assert bar.window_size == table.scrollable_content_region.height
        shorter = bar.window_size
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        assert bar.window_size == table.scrollable_content_region.height > shorter
        table.clear()
        table.add_rows([("one",)])
        await pilot.pause()
        assert not table.show_vertical_scrollbar
