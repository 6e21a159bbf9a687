"""A TextArea that survives being laid out with no width, and a line of any length."""

from __future__ import annotations

from textual.strip import Strip

from innerchild_tui.app.widgets.long_lines import LongLineTextArea


class SafeTextArea(LongLineTextArea):
    """Textual 8.2 wraps a TextArea's placeholder to its content width, and a width of 0
    (a pane folding away while the terminal is resized under a dialog) crashes the wrap.
    Nothing can be shown in no width, so such a line is drawn blank.

    A long line (a big paste) costs the rows on screen, not the whole line
    (:class:`LongLineTextArea`)."""

    def render_line(self, y: int) -> Strip:
        if self.content_size.width <= 0:
            return Strip.blank(self.size.width)
        return super().render_line(y)
