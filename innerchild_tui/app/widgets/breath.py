"""A calm ball that grows with the in-breath and shrinks with the out-breath."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


def ball_rows(size: float, width: int, height: int) -> list[str]:
    """The ball drawn in text: ``size`` 0…1 of the largest ellipse that fits.

    Terminal cells are about twice as tall as wide, so the ball is twice as wide in
    cells as it is tall. Shaded rim, solid middle: it reads without colour too.
    """
    if width <= 0 or height <= 0:
        return []
    radius_y = max(0.5, (height / 2) * size)
    radius_x = max(1.0, min(width / 2, height) * size)
    centre_x, centre_y = (width - 1) / 2, (height - 1) / 2
    rows = []
    for y in range(height):
        cells = []
        for x in range(width):
            dx = (x - centre_x) / radius_x
            dy = (y - centre_y) / radius_y
            distance = dx * dx + dy * dy
            if distance <= 0.55:
                cells.append("█")
            elif distance <= 0.8:
                cells.append("▓")
            elif distance <= 1.0:
                cells.append("░")
            else:
                cells.append(" ")
        rows.append("".join(cells).rstrip())
    return rows


class BreathBall(Widget):
    DEFAULT_CSS = """
    BreathBall { width: 1fr; height: 1fr; min-height: 5; color: $accent; }
    """

    size_fraction: reactive[float] = reactive(0.25)

    def render(self) -> Text:
        width, height = self.content_size
        text = Text(no_wrap=True)
        for index, row in enumerate(ball_rows(self.size_fraction, width, height)):
            if index:
                text.append("\n")
            shape = row.lstrip(" ")
            # The margin and the shape as two runs, so a screenshot (an SVG) places the
            # shape by its own column instead of stretching one run of spaces and blocks.
            text.append(" " * (len(row) - len(shape)))
            text.append(shape, style="not dim")
        return text
