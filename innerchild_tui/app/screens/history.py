"""History: a year of days coloured by mood, the last 12 weeks, the words named most this
month, and what the days with and without a habit or comfort item show.

Every mood shows as a bar whose height is the mood as well as its colour, with a legend,
so colour is never the only sign.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

import pendulum
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.access import dashboard_app
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.widgets.quiet import QuietFooter, QuietHeader
from innerchild_tui.domain.insights import (
    MIN_DAYS,
    Comparison,
    daily_moods,
    top_words,
    weekly_moods,
    year_weeks,
)
from innerchild_tui.domain.moods import MOOD_GLYPHS, NO_MOOD, mood_glyph, mood_level
from innerchild_tui.domain.records import CheckinRecord
from innerchild_tui.domain.search import Memory

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp
    from innerchild_tui.app.panes.checkin import CheckinPane
    from innerchild_tui.store import Store

WEEKS_SHOWN = 53
CHART_WEEKS = 12
CHART_ROWS = 5
_EIGHTHS = " ▁▂▃▄▅▆▇█"
_DAY_NAMES = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def _pdate(day: date) -> pendulum.Date:
    return pendulum.Date(day.year, day.month, day.day)


def checkin_pane(app: Any) -> CheckinPane:
    """The dashboard's check-in pane (queries from the app search the dashboard)."""
    from innerchild_tui.app.panes.checkin import CheckinPane

    return app.query_one("#checkin", CheckinPane)  # type: ignore[no-any-return]


MEMORY_CHARS = 70
MEMORIES_SHOWN = 3


def on_this_day_text(memories: list[Memory], key: str) -> Text:
    """ "A year ago today you wrote:" once, then each of its words on a line of their own,
    and how to put them away."""
    text = Text()
    heading = ""
    for memory in memories[:MEMORIES_SHOWN]:
        what = "you wrote a letter" if memory.kind == "letter" else "you wrote"
        if f"{memory.when} today {what}:" != heading:
            heading = f"{memory.when} today {what}:"
            text.append(f"{heading}\n", style="italic")
        words = memory.text
        if len(words) > MEMORY_CHARS:
            words = words[:MEMORY_CHARS].rstrip() + "…"
        text.append(f"  “{words}”\n")
    text.append(f"{key} puts this away for today", style="dim")
    return text


def fill_checkin_pane(app: InnerChildApp, result: tuple[str, Any]) -> None:
    """After a day's page said "edit" (a check-in) or "add" (a day): go to the check-in
    pane and load it there, once the screen over the dashboard has gone."""
    what, value = result
    pane = checkin_pane(app)

    def fill_in() -> None:
        app.action_focus_pane("checkin")
        if what == "edit":
            pane.load_checkin(value)
        else:
            pane.start_for_day(value)

    app.call_later(fill_in)


class YearGrid(Widget, can_focus=True):
    """A year of days: a column a week (Monday at the top), each day its mood's bar."""

    DEFAULT_CSS = """
    YearGrid { height: 8; width: 1fr; }
    YearGrid:focus { background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Day before", show=False, id="history.day_before",
                tooltip="The day before"),
        Binding("down", "move(1)", "Day after", show=False, id="history.day_after",
                tooltip="The day after"),
        Binding("left", "move(-7)", "Week before", show=False, id="history.week_before",
                tooltip="The same weekday, a week before"),
        Binding("right", "move(7)", "Week after", show=False, id="history.week_after",
                tooltip="The same weekday, a week after"),
        Binding("home", "jump('start')", "First day", show=False, id="history.first_day",
                tooltip="The first day of the year shown"),
        Binding("end", "jump('today')", "Today", show=False, id="history.today",
                tooltip="Back to today"),
        Binding("enter", "open_day", "Open day", id="history.open_day",
                tooltip="See that day's check-ins (and edit or remove them)"),
    ]  # fmt: skip

    cursor: reactive[date] = reactive(date(2000, 1, 1))

    class DayChosen(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, today: date, moods: dict[date, float], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.moods = moods
        self.weeks = year_weeks(today, WEEKS_SHOWN)
        self.set_reactive(YearGrid.cursor, today)

    @property
    def first_day(self) -> date:
        return self.weeks[0][0]

    def action_move(self, days: int) -> None:
        self.cursor = min(self.today, max(self.first_day, self.cursor + timedelta(days=days)))

    def action_jump(self, where: str) -> None:
        self.cursor = self.first_day if where == "start" else self.today

    def action_open_day(self) -> None:
        self.post_message(self.DayChosen(self.cursor))

    def render(self) -> Text:
        colours = self.app.theme_variables
        cell = 2 if self.size.width >= 4 + 2 * len(self.weeks) else 1
        weeks = self.weeks[-max(1, (self.size.width - 4) // cell) :]
        text = Text("    ")
        text.append(self._month_row(weeks, cell), style="dim")
        for weekday in range(7):
            text.append("\n")
            text.append(f"{_DAY_NAMES[weekday]:<4}", style="dim")
            for week in weeks:
                day = week[weekday]
                if day > self.today:
                    text.append(" " * cell)
                    continue
                mood = self.moods.get(day)
                glyph = mood_glyph(mood)
                style = colours.get(f"mood-{mood_level(mood)}", "") if mood is not None else "dim"
                if day == self.cursor:
                    style = f"reverse bold {style}"
                text.append(glyph, style=style)
                if cell == 2:
                    text.append(" ")
        return text

    def _month_row(self, weeks: list[list[date]], cell: int) -> str:
        """Month names over the week in which each month begins, where they fit."""
        row = [" "] * (len(weeks) * cell)
        for index, week in enumerate(weeks):
            first = next((d for d in week if d.day == 1), None)
            if first is None:
                continue
            label = _pdate(first).format("MMM")
            start = index * cell
            fits = start + len(label) <= len(row)  # never a clipped "De" at the edge
            if fits and all(ch == " " for ch in row[max(0, start - 1) : start + len(label)]):
                row[start : start + len(label)] = label
        return "".join(row[: len(weeks) * cell]).rstrip()

    def watch_cursor(self) -> None:
        self.post_message(HistoryScreen.CursorMoved(self.cursor))


def legend(colours: dict[str, str]) -> Text:
    text = Text("    ")
    for level, glyph in enumerate(MOOD_GLYPHS, start=1):
        low = level * 2 - 1
        text.append(glyph, style=colours.get(f"mood-{level}", ""))
        text.append(f" {low}–{low + 1}  ")
    text.append(NO_MOOD, style="dim")
    text.append(" no check-in")
    return text


def weekly_chart(weeks: list[tuple[date, float | None]], colours: dict[str, str]) -> Text:
    """A small bar chart: one bar a week, its height the week's mean mood (and the number
    under it), its colour that mood's colour."""
    width = 6
    text = Text()
    for row in range(CHART_ROWS, 0, -1):
        text.append("10 " if row == CHART_ROWS else "   ", style="dim")
        for _start, mood in weeks:
            if mood is None:
                text.append(" " * width)
                continue
            eighths = round(mood / 10 * CHART_ROWS * 8)
            filled = max(0, min(8, eighths - (row - 1) * 8))
            style = colours.get(f"mood-{mood_level(mood)}", "")
            text.append(" " + _EIGHTHS[filled] * 3 + "  ", style=style)
        text.append("\n")
    text.append("   ")
    for _start, mood in weeks:
        text.append(f"{'–' if mood is None else f'{mood:.1f}':^5} ", style="bold")
    text.append("\n   ")
    for start, _mood in weeks:
        text.append(f"{start.day:^5} ", style="dim")
    text.append("\n   ")
    month = ""
    for start, _mood in weeks:
        name = _pdate(start).format("MMM")
        text.append(f"{name if name != month else '':^5} ", style="dim")
        month = name
    return text


class HistoryScreen(Screen[None]):
    """The person's history, one key away from the dashboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,y", "close", "Back", id="history.close",
                tooltip="Back to the dashboard"),
        Binding("c", "leave('checkin')", "Check in", id="history.checkin",
                tooltip="Back to the dashboard, to check in"),
        Binding("h", "leave('habits')", "Habits", show=False, id="history.habits",
                tooltip="Back to the dashboard, to the habits"),
        Binding("o", "leave('comfort')", "Comfort", show=False, id="history.comfort",
                tooltip="Back to the dashboard, to the comfort items"),
        Binding("l", "leave('letters')", "Letters", show=False, id="history.letters",
                tooltip="Back to the dashboard, to the letters"),
        Binding("t", "therapy", "For therapy", id="history.therapy",
                tooltip="Mark check-ins to bring to therapy, and write the report"),
        Binding("r", "review", "Your week", show=False, id="history.review",
                tooltip="The week looked back on, a week at a time"),
        Binding("x", "put_away", "Put away", show=False, id="history.put_away",
                tooltip="Put away what was written on this day, until tomorrow"),
        Binding("pagedown", "scroll_body(1)", "Page down", show=False,
                id="history.page_down", tooltip="Scroll down a page"),
        Binding("pageup", "scroll_body(-1)", "Page up", show=False,
                id="history.page_up", tooltip="Scroll up a page"),
    ]  # fmt: skip

    class CursorMoved(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    @property
    def ic_app(self) -> InnerChildApp:
        return dashboard_app(self)

    def compose(self) -> ComposeResult:
        store = self.ic_app.store
        self.today = self.ic_app.current_day
        # Only the year on screen; what the days show reads every day, in a worker.
        self.checkins = store.checkins.all(since=year_weeks(self.today, WEEKS_SHOWN)[0][0])
        self.moods = daily_moods(self.checkins)
        yield QuietHeader()
        with VerticalScroll(id="history-body"):
            yield Static(id="history-on-this-day")
            yield Static(
                "A year of check-ins · arrows move between days · Enter opens one",
                classes="history-title",
            )
            yield YearGrid(self.today, self.moods, id="history-year")
            yield Static(id="history-legend")
            yield Static(id="history-day")
            yield Static("Mood, the last 12 weeks (the mean of each week)", classes="history-title")
            yield Static(id="history-chart")
            yield Static("Named most this month", classes="history-title")
            yield Static(id="history-words")
            yield Static("What the days show", classes="history-title")
            yield Static(id="history-insights")
        yield QuietFooter()

    def show_outside_changes(self) -> None:
        """Another computer's change was merged in: the year is read again. (It was
        composed again, which left the legend, the day, the chart and the words blank:
        they are filled in on mount.)"""
        self.refresh_from_store()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self._show_on_this_day()
        self.show_all()
        self.query_one(YearGrid).focus()

    def show_all(self) -> None:
        colours = self.app.theme_variables
        self.query_one("#history-legend", Static).update(legend(colours))
        self._show_day(self.query_one(YearGrid).cursor)
        weeks = weekly_moods(self.moods, self.today, CHART_WEEKS)
        chart = self.query_one("#history-chart", Static)
        if any(mood is not None for _, mood in weeks):
            chart.update(weekly_chart(weeks, colours))
        else:
            chart.update(Text("No check-ins in these weeks yet.", style="dim italic"))
        self.query_one("#history-words", Static).update(self._words())
        insights = self.query_one("#history-insights", Static)
        insights.update(Text("Looking at what the days show…", style="dim italic"))
        self._work_out_insights(self.today)

    def _words(self) -> Text:
        start = self.today.replace(day=1)
        text = Text()
        for label, field in (("Feelings", "feelings"), ("Needs", "needs")):
            counted = top_words(self.checkins, field, start, self.today)
            text.append(f"{label}: ", style="bold")
            if counted:
                text.append(" · ".join(f"{word} ×{count}" for word, count in counted))
            else:
                text.append("none named yet this month", style="dim italic")
            text.append("\n")
        text.rstrip()
        return text

    @work(thread=True, exclusive=True, group="insights", exit_on_error=False)
    def _work_out_insights(self, today: date) -> None:
        """Off the loop: every habit and comfort item compared over all the days (at ten
        years about 100 ms)."""
        store = self.ic_app.store
        text = self._insights(
            store.checkins.mood_comparisons(daily_moods(store.checkins.all()), today)
        )
        self.app.call_from_thread(self._show_insights, text)

    def _show_insights(self, text: Text) -> None:
        for shown in self.query("#history-insights").results(Static):  # none once closed
            shown.update(text)

    @staticmethod
    def _insights(found: list[Comparison]) -> Text:
        if not found:
            return Text(
                f"Once a habit or a comfort item has at least {MIN_DAYS} checked-in days "
                f"with it and {MIN_DAYS} without, what those days show appears here.",
                style="dim italic",
            )
        text = Text("\n".join(f"• {c.sentence()}" for c in found[:6]))
        text.append("\nObservations only: many things shape a day.", style="dim italic")
        return text

    @on(CursorMoved)
    def _cursor_moved(self, message: CursorMoved) -> None:
        self._show_day(message.day)

    def _show_day(self, day: date) -> None:
        mood = self.moods.get(day)
        count = sum(1 for c in self.checkins if c.get("day") == day.isoformat())
        text = Text(_pdate(day).format("dddd D MMMM YYYY"), style="bold")
        if count:
            text.append(f" · {count} check-in{'s' if count != 1 else ''} · mood ")
            text.append(f"{mood_glyph(mood)} {mood:.1f}".rstrip("0").rstrip("."))
            text.append(" · Enter opens it", style="dim")
        else:
            text.append(" · no check-in · Enter to add one afterwards", style="dim")
        self.query_one("#history-day", Static).update(text)

    @on(YearGrid.DayChosen)
    def _open_day(self, message: YearGrid.DayChosen) -> None:
        self.app.push_screen(DayScreen(message.day), self._day_done)

    def _day_done(self, result: tuple[str, Any] | None) -> None:
        if result is None:
            self.refresh_from_store()
            return
        self.dismiss()
        fill_checkin_pane(self.ic_app, result)

    def refresh_from_store(self) -> None:
        """Read the check-ins again (after one was removed on a day's page)."""
        store = self.ic_app.store
        self.checkins = store.checkins.all(since=year_weeks(self.today, WEEKS_SHOWN)[0][0])
        self.moods = daily_moods(self.checkins)
        grid = self.query_one(YearGrid)
        grid.moods = self.moods
        grid.refresh()
        self.show_all()

    def _show_on_this_day(self) -> None:
        """What was written a year and a month ago today, gently, when there is some."""
        app = self.ic_app
        shown = self.query_one("#history-on-this-day", Static)
        memories = app.store.on_this_day(self.today) if app.shows_on_this_day(self.today) else []
        shown.display = bool(memories)
        if memories:
            key = key_for(self.app, "history.put_away", "x")
            shown.update(on_this_day_text(memories, key))

    def action_put_away(self) -> None:
        self.ic_app.on_this_day_put_away = self.today
        self._show_on_this_day()

    def action_close(self) -> None:
        self.dismiss()

    def action_therapy(self) -> None:
        from innerchild_tui.app.screens.therapy import TherapyScreen

        self.app.push_screen(TherapyScreen())

    def action_review(self) -> None:
        from innerchild_tui.app.screens.review import ReviewScreen

        # The week of the day the cursor is on in the year
        self.app.push_screen(ReviewScreen(self.query_one(YearGrid).cursor))

    def action_scroll_body(self, pages: int) -> None:
        body = self.query_one("#history-body", VerticalScroll)
        if pages > 0:
            body.scroll_page_down()
        else:
            body.scroll_page_up()

    def action_leave(self, pane_id: str) -> None:
        app = self.ic_app
        self.dismiss()
        app.call_later(app.action_focus_pane, pane_id)


class DayScreen(ModalScreen[tuple[str, Any] | None]):
    """One day's check-ins: read them, edit one, remove one, or add one afterwards."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Back", id="day.close", tooltip="Back to the year"),
        Binding("e", "edit", "Edit", id="day.edit", tooltip="Edit the highlighted check-in"),
        Binding("d,delete", "remove", "Remove", id="day.remove",
                tooltip="Remove the highlighted check-in (u brings it back)"),
        Binding("a", "add", "Add", id="day.add",
                tooltip="Add a check-in for this day, afterwards"),
        Binding("u", "undo", "Undo", id="day.undo",
                tooltip="Bring back the check-in just removed"),
    ]  # fmt: skip

    def __init__(self, day: date, checkin_id: str | None = None) -> None:
        super().__init__()
        self.day = day
        self.checkin_id = checkin_id  # the one to highlight first (from a search)

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog day-dialog"):
            yield Static(_pdate(self.day).format("dddd D MMMM YYYY"), classes="dialog-title")
            yield OptionList(id="day-checkins")
            yield Static(id="day-details")
            yield Static(
                "e edit · d remove · a add one for this day · Esc back", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        from innerchild_tui.app.panes.checkin import checkin_line

        listing = self.query_one(OptionList)
        listing.clear_options()
        checkins = self.store.checkins.all(self.day)
        zone = self.store.now().timezone
        for record in checkins:
            listing.add_option(
                Option(checkin_line(record, self.app.theme_variables, zone), id=record["id"])
            )
        if checkins:
            ids = [record["id"] for record in checkins]
            listing.highlighted = ids.index(self.checkin_id) if self.checkin_id in ids else 0
        else:
            listing.add_option(
                Option(
                    Text("No check-in on this day. a adds one.", style="dim italic"),
                    disabled=True,
                )
            )
        self._show_details()

    def _highlighted(self) -> CheckinRecord | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        return next((c for c in self.store.checkins.all(self.day) if c["id"] == option_id), None)

    @on(OptionList.OptionHighlighted)
    def _show_details(self) -> None:
        from innerchild_tui.app.panes.checkin import checkin_details

        record = self._highlighted()
        lines = checkin_details(record) if record else []
        self.query_one("#day-details", Static).update(Text("\n".join(lines)))

    @on(OptionList.OptionSelected)
    def action_edit(self) -> None:
        record = self._highlighted()
        if record is not None:
            self.dismiss(("edit", record))

    def action_add(self) -> None:
        self.dismiss(("add", self.day))

    def action_undo(self) -> None:
        self.app.action_undo()  # type: ignore[attr-defined]
        self._fill()

    def action_remove(self) -> None:
        record = self._highlighted()
        if record is None:
            return
        if checkin_pane(self.app).remove_checkin(record["id"]):
            self._fill()
