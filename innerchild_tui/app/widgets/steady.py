"""What stays the same through a layout is not drawn again.

Leaving any screen (Esc from the review, the history, help, search) repaints the whole
dashboard: Textual lays it out when the screen above is pushed (as the screen behind),
and again twice as the closed screen is removed, and repaints it whole each time. Most of
what it draws then comes from each widget's cache of lines, but two things were drawn
afresh every time, although nothing about them had changed:

* every scrollbar (five on the dashboard): Textual's ``ScrollView`` compares the size of
  its container with its own less its gutter, never equal, so each layout refreshed its
  scrollbars, each line of which is rendered through Rich: :class:`SteadyScrollbars`;
* the dashboard screen's own background, forty lines, each cut into a strip per widget
  edge: the screen's repaint clears its cache of lines: :class:`SteadyBackground`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Region, Size
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.scroll_view import ScrollView

    _ScrollViewBase = ScrollView
    _ScreenBase = Screen[None]
else:
    _ScrollViewBase = object
    _ScreenBase = object


class SteadyScrollbars(_ScrollViewBase):
    """A scroll view (a table, a list, a text area) whose scrollbars are refreshed by a
    layout only when a size they follow changed (Textual's ``ScrollView`` refreshes them
    at every layout of the screen). Put before the Textual class: ``(SteadyScrollbars,
    DataTable)``."""

    _sized_for: tuple[object, ...] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        styles = self.styles
        sized_for = (
            size,
            virtual_size,
            container_size,
            self.virtual_size,
            styles.gutter,
            styles.overflow_x,
            styles.overflow_y,
            styles.scrollbar_size_vertical,
            styles.scrollbar_size_horizontal,
            styles.scrollbar_gutter,
        )
        if sized_for == self._sized_for:
            # What ScrollView would answer, with nothing to update (see its own).
            return self._container_size != container_size
        self._sized_for = sized_for
        return super()._size_updated(size, virtual_size, container_size, layout)


class SteadyBackground(_ScreenBase):
    """A screen whose own lines (its background, under its widgets) are kept while its
    size and styles stay the same: Textual clears them at every repaint of the whole
    screen (each time it comes back from under another), and the compositor then cuts
    each new line again at every widget's edge."""

    _kept_for: tuple[object, ...] | None = None
    _kept_lines: dict[int, Strip]

    def render_lines(self, crop: Region) -> list[Strip]:
        kept_for = (self.size, self.styles._cache_key, self.background_colors, self.app.ansi_theme)
        if kept_for != self._kept_for:
            self._kept_for = kept_for
            self._kept_lines = {}
        kept = self._kept_lines
        whole_width = crop.x == 0 and crop.width == self.size.width
        if whole_width and all(y in kept for y in crop.line_range):
            return [kept[y] for y in crop.line_range]
        strips = super().render_lines(crop)
        if whole_width:
            kept.update(zip(crop.line_range, strips, strict=True))
        return strips
