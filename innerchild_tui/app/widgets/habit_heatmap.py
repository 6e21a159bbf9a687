"""A year of one habit, one cell a day, like a contribution graph.

Columns are weeks (oldest on the left), rows Monday to Sunday. Each cell carries a symbol
(● done, ◐ partly, – rest, ‖ paused, · nothing) on a colour from the theme's heat scale,
so colour is never the only signal. The cursor is a day; moving it past either edge
scrolls the year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.reactive import reactive
from textual.widget import Widget

from innerchild_tui.domain.habit_days import SYMBOLS, HabitHistory, heat_level, mark_for

WEEKS = 53
LABEL_WIDTH = 4
ROW_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FUTURE_WEEKS = 8  # how far ahead a rest can be planned


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_labels(weeks: list[date], width: int) -> str:
    """The line of month names over the weeks (Mondays), ``width`` cells a week.

    Each month is named over the week its 1st falls in. The month the grid begins in part
    way through is named over the first week too, but only where that leaves room for the
    next month's name: a whole month is never dropped for the sliver of one.
    """
    line = [" "] * (len(weeks) * width + 2)  # a month begun in the last week still fits

    def place(at: int, name: str) -> bool:
        if at + len(name) > len(line) or any(c != " " for c in line[max(0, at - 1) : at + 4]):
            return False
        line[at : at + len(name)] = name
        return True

    starts = [
        (column, (monday + timedelta(days=6)).month)
        for column, monday in enumerate(weeks)
        if (monday + timedelta(days=6)).day <= 7  # this week holds the 1st of a month
    ]
    for column, month in starts:
        place(column * width, MONTHS[month - 1])
    if weeks and (not starts or starts[0][0] != 0):
        place(0, MONTHS[weeks[0].month - 1])
    return "".join(line).rstrip()


class HabitHeatmap(Widget, can_focus=True):
    """The calendar grid. The screen around it owns the keys and the store."""

    DEFAULT_CSS = """
    HabitHeatmap {
        height: 8;
        width: 1fr;
    }
    """

    cursor: reactive[date] = reactive(date(2000, 1, 1), always_update=True)

    def __init__(self, history: HabitHistory, today: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.history = history
        self.today = today
        self.last_week = week_start(today)
        self.set_reactive(HabitHeatmap.cursor, today)

    # Geometry -------------------------------------------------------------------------
    @property
    def cell_width(self) -> int:
        return 2 if self.size.width >= LABEL_WIDTH + WEEKS * 2 else 1

    @property
    def weeks_shown(self) -> int:
        room = (self.size.width - LABEL_WIDTH) // self.cell_width
        return max(4, min(WEEKS, room))

    @property
    def first_week(self) -> date:
        return self.last_week - timedelta(weeks=self.weeks_shown - 1)

    def move(self, days: int) -> None:
        """Move the cursor, scrolling the weeks shown to keep it in view."""
        latest = self.today + timedelta(weeks=FUTURE_WEEKS)
        self.cursor = min(latest, self.cursor + timedelta(days=days))

    def go_to(self, day: date) -> None:
        self.cursor = day

    def watch_cursor(self, day: date) -> None:
        if day < self.first_week:
            self.last_week = week_start(day) + timedelta(weeks=self.weeks_shown - 1)
        elif day >= self.last_week + timedelta(weeks=1):
            self.last_week = week_start(day)
        self.refresh()

    def show(self, history: HabitHistory, today: date) -> None:
        self.history = history
        self.today = today
        self.refresh()

    # Drawing --------------------------------------------------------------------------
    def _colours(self) -> tuple[list[Color], Color, Color, Color]:
        variables = self.app.theme_variables

        def colour(name: str, fallback: str) -> Color:
            try:
                return Color.parse(variables.get(name, fallback))
            except Exception:  # a theme value like "auto 60%" is not one colour
                return Color.parse(fallback)

        base = colour("background", "#000000")
        heat = [base + colour(f"heat-{level}", "#808080") for level in range(5)]
        text = colour("foreground", "#ffffff")
        muted = base.blend(text, 0.45)
        accent = colour("accent", "#ffa62b")
        return heat, text, muted, accent

    def render(self) -> Text:
        heat, text_colour, muted, accent = self._colours()
        width = self.cell_width
        weeks = [self.first_week + timedelta(weeks=i) for i in range(self.weeks_shown)]
        out = Text(no_wrap=True, overflow="crop")
        out.append(" " * LABEL_WIDTH)
        out.append(month_labels(weeks, width), style="dim")
        for row in range(7):
            out.append("\n")
            out.append(f"{ROW_LABELS[row]:<{LABEL_WIDTH}}", style="dim")
            for monday in weeks:
                day = monday + timedelta(days=row)
                out.append_text(self._cell(day, width, heat, text_colour, muted, accent))
        return out

    def _cell(
        self,
        day: date,
        width: int,
        heat: list[Color],
        text_colour: Color,
        muted: Color,
        accent: Color,
    ) -> Text:
        mark = mark_for(self.history, day, self.today)
        symbol = SYMBOLS[mark]
        if mark == "future":
            background = None
            foreground = muted
        elif mark in ("done", "partial"):
            background = heat[heat_level(self.history, day)]
            foreground = text_colour
        else:
            background = heat[0]
            foreground = text_colour if mark in ("rest", "paused", "open") else muted
        gap = " " * (width - 1)  # an uncoloured gap between cells, when there is room
        if day == self.cursor:  # the text colour as a block: plain in every theme
            style = Style(color=heat[0].rich_color, bgcolor=text_colour.rich_color, bold=True)
        else:
            style = Style(
                color=foreground.rich_color,
                bgcolor=background.rich_color if background is not None else None,
            )
        cell = Text()
        cell.append(symbol, style=style)
        cell.append(gap)
        return cell
