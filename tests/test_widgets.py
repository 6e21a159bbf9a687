"""Small widgets under conditions the dashboard can put them in."""

from __future__ import annotations

from textual.app import App, ComposeResult

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
