"""A TextArea that survives being laid out with no width."""

from __future__ import annotations

from textual.strip import Strip
from textual.widgets import TextArea


class SafeTextArea(TextArea):
    """Textual 8.2 wraps a TextArea's placeholder to its content width, and a width of 0
    (a pane folding away while the terminal is resized under a dialog) crashes the wrap.
    Nothing can be shown in no width, so such a line is drawn blank."""

    def render_line(self, y: int) -> Strip:
        if self.content_size.width <= 0:
            return Strip.blank(self.size.width)
        return super().render_line(y)
