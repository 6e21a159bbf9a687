"""One habit's year: a calendar to read and to edit past days with the keyboard."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from innerchild_tui.app.access import dashboard_app
from innerchild_tui.app.day_notes import note_dialog, note_the_day, note_to_keep
from innerchild_tui.app.messages import DataChanged
from innerchild_tui.app.screens.habit_dialogs import DayWordsScreen
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.undo import set_amount_undoably, set_day_undoably
from innerchild_tui.app.widgets.habit_heatmap import HabitHeatmap
from innerchild_tui.app.widgets.quiet import QuietFooter
from innerchild_tui.domain.habit_days import (
    DONE,
    PARTIAL,
    REST,
    REST_REASONS,
    SYMBOLS,
    WORDS,
    HabitHistory,
    format_amount,
)
from innerchild_tui.domain.records import HabitRecord
from innerchild_tui.domain.streaks import streaks_of
from innerchild_tui.domain.strength import strength

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp
    from innerchild_tui.store import Store


def day_words(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"{day:%A} {day.day} {day:%B}"


def on_day_words(day: date, today: date) -> str:
    """When, after a verb: "today", "yesterday", or "on Monday 23 November"."""
    words = day_words(day, today)
    return words if day >= today - timedelta(days=1) else f"on {words}"


def stats_text(history: HabitHistory, today: date, hide_numbers: bool) -> Text:
    """Streaks, strength and the last fresh start, or a kind line when numbers are hidden."""
    if hide_numbers:
        return Text("Numbers are hidden. Every day you showed up still counts.", style="italic")
    found = streaks_of(history, today)
    if found.current:
        current = f"{found.current} day" + ("s" if found.current != 1 else "")
    else:
        current = "a fresh start" if history.entries else "not started yet"
    text = Text()
    text.append("Streak ", style="dim")
    text.append(current, style="bold")
    text.append("  ·  best ", style="dim")
    text.append(str(found.best), style="bold")
    text.append("  ·  strength ", style="dim")
    text.append(f"{round(strength(history, today) * 100)}%", style="bold")
    if found.last_comeback is not None:
        since = (today - found.last_comeback).days
        text.append("  ·  came back ", style="dim")
        text.append("today" if since == 0 else f"{since} day{'s' if since != 1 else ''} ago")
    return text


class HabitCalendarScreen(Screen[None]):
    """A year of one habit. Arrows move by day and week; keys set the highlighted day."""

    DEFAULT_CSS = """
    HabitCalendarScreen {
        align: center middle;  /* the year in the middle, not the top of an empty screen */
    }
    HabitCalendarScreen > #habit-calendar {
        width: 1fr;
        max-width: 116;
        height: auto;
        border: round $primary;
        padding: 0 1;
        margin: 0 1;
    }
    HabitCalendarScreen #calendar-title {
        margin-bottom: 1;
    }
    HabitCalendarScreen #calendar-day {
        height: auto;
        min-height: 2;
        margin-top: 1;
    }
    HabitCalendarScreen #calendar-stats {
        margin-top: 1;
    }
    HabitCalendarScreen #calendar-legend {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="calendar.close", tooltip="Back to the dashboard"),
        Binding("up", "move(-1)", "Day before", id="calendar.up", show=False, tooltip="A day back"),
        Binding("down", "move(1)", "Day after", id="calendar.down", show=False, tooltip="A day on"),
        Binding(
            "left", "move(-7)", "Week before", id="calendar.left", show=False, tooltip="A week back"
        ),
        Binding(
            "right", "move(7)", "Week after", id="calendar.right", show=False, tooltip="A week on"
        ),
        Binding(
            "pageup",
            "move(-28)",
            "4 weeks back",
            id="calendar.page_up",
            show=False,
            tooltip="Four weeks back",
        ),
        Binding(
            "pagedown",
            "move(28)",
            "4 weeks on",
            id="calendar.page_down",
            show=False,
            tooltip="Four weeks on",
        ),
        Binding("t,home", "today", "Today", id="calendar.today", tooltip="Back to today"),
        Binding(
            "space",
            "done",
            "Done",
            id="calendar.done",
            tooltip="Mark the day done, or take it back",
        ),
        Binding(
            "p",
            "partial",
            "Partly",
            id="calendar.partial",
            tooltip="Partly done: the gentle minimum",
        ),
        Binding(
            "s",
            "rest",
            "Rest",
            id="calendar.rest",
            tooltip="A rest day (planned or taken), with a reason",
        ),
        Binding("n", "note", "Note", id="calendar.note", tooltip="A few words about the day"),
        Binding(
            "backspace,delete",
            "clear",
            "Clear",
            id="calendar.clear",
            tooltip="Leave the day empty again",
        ),
        Binding("u", "undo", "Undo", id="calendar.undo", tooltip="Take back the last change"),
    ]

    def __init__(self, habit_id: str) -> None:
        super().__init__()
        self.habit_id = habit_id

    @property
    def ic_app(self) -> InnerChildApp:
        return dashboard_app(self)

    @property
    def store(self) -> Store:
        return self.ic_app.store

    @property
    def today(self) -> date:
        return self.ic_app.current_day

    def _habit(self) -> HabitRecord | None:
        return next(
            (h for h in self.store.habits.all(include_archived=True) if h["id"] == self.habit_id),
            None,
        )

    def compose(self) -> ComposeResult:
        history = self.store.habit_days.history(self.habit_id)
        with Vertical(id="habit-calendar", classes="habit-calendar"):
            yield Static(id="calendar-title", classes="dialog-title")
            yield HabitHeatmap(history, self.today, id="calendar-grid")
            yield Static(id="calendar-day")
            yield Static(id="calendar-stats")
            yield Static(self._legend(), id="calendar-legend", classes="dialog-hint")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.grid.focus()
        self.refresh_view()

    @property
    def grid(self) -> HabitHeatmap:
        return self.query_one(HabitHeatmap)

    def _legend(self) -> Text:
        text = Text()
        for mark, words in (
            (DONE, "done"),
            (PARTIAL, "partly"),
            (REST, "rest"),
            ("paused", "paused"),
            ("open", "today"),
            ("none", "nothing yet"),
        ):
            text.append(f"{SYMBOLS[mark]} {words}  ")
        return text

    def refresh_view(self) -> None:
        habit = self._habit()
        if habit is None:
            self.dismiss()
            return
        history = self.store.habit_days.history(self.habit_id)
        self.grid.show(history, self.today)
        title = Text(habit["name"], style="bold")
        about = [history.schedule.describe()]
        if history.target is not None:
            about.append(history.target.describe())
        about.append("never miss twice" if history.grace else "no grace days")
        title.append("  ·  " + " · ".join(about), style="dim")
        self.query_one("#calendar-title", Static).update(title)
        self.query_one("#calendar-stats", Static).update(
            stats_text(history, self.today, self.ic_app.settings.hide_numbers)
        )
        self._show_day(history)

    def _show_day(self, history: HabitHistory | None = None) -> None:
        history = history or self.store.habit_days.history(self.habit_id)
        day = self.grid.cursor
        text = Text(f"{day:%A} {day.day} {day:%B %Y}", style="bold")
        entry = history.entries.get(day)
        if entry is not None:
            text.append(f"  {SYMBOLS[entry.status]} {WORDS[entry.status]}")
            if entry.amount is not None and history.target is not None:
                text.append(f", {format_amount(entry.amount)} {history.target.unit}".rstrip())
            if entry.reason:
                text.append(f" ({entry.reason})")
            if entry.note:
                text.append(f"\n“{entry.note}”", style="italic")
        elif history.paused_on(day):
            text.append(f"  {SYMBOLS['paused']} paused — nothing was asked", style="dim")
        elif day > self.today:
            text.append("  still to come — r plans a rest", style="dim")
        else:
            text.append("  nothing yet", style="dim")
        self.query_one("#calendar-day", Static).update(text)

    # Moving ---------------------------------------------------------------------------
    def action_move(self, days: int) -> None:
        self.grid.move(days)
        self._show_day()

    def action_today(self) -> None:
        self.grid.go_to(self.today)
        self._show_day()

    def action_close(self) -> None:
        self.dismiss()

    # Changing a day -------------------------------------------------------------------
    def _changed(self, changed: bool) -> None:
        if changed:
            self.ic_app.post_message(DataChanged())
        self.refresh_view()

    @tells_store_errors(severity="information", timeout=4)
    def _set(self, status: str | None, /, **fields: Any) -> None:
        # status before the /: the decorator's types then keep **fields apart from it
        habit = self._habit()
        if habit is None:
            return
        changed = set_day_undoably(
            self.store, self.ic_app.undo_log, habit, self.grid.cursor, status, **fields
        )
        self._changed(changed)

    def action_done(self) -> None:
        habit = self._habit()
        if habit is None:
            return
        history = self.store.habit_days.history(self.habit_id)
        day = self.grid.cursor
        if history.target is not None:
            entry = history.entries.get(day)
            self.app.push_screen(
                DayWordsScreen(
                    f"How much {on_day_words(day, self.today)}? ({history.target.describe()})",
                    value=format_amount(entry.amount) if entry and entry.amount else "",
                ),
                self._amount_given,
            )
            return
        self._set(None if history.status_on(day) == DONE else DONE)

    @tells_store_errors(severity="information", timeout=4)
    def _amount_given(self, text: str | None) -> None:
        habit = self._habit()
        if text is None or habit is None:
            return
        try:
            amount = float(text or 0)
            if not 0 <= amount < 1e6:
                raise ValueError
        except ValueError:
            self.notify("A number, please — like 3 or 1.5.", timeout=3)
            return
        changed = set_amount_undoably(
            self.store, self.ic_app.undo_log, habit, self.grid.cursor, amount, add=False
        )
        self._changed(changed)

    def action_partial(self) -> None:
        history = self.store.habit_days.history(self.habit_id)
        day = self.grid.cursor
        self._set(None if history.status_on(day) == PARTIAL else PARTIAL)

    def action_rest(self) -> None:
        day = self.grid.cursor
        entry = self.store.habit_days.history(self.habit_id).entries.get(day)
        self.app.push_screen(
            DayWordsScreen(
                f"A rest day, {day_words(day, self.today)}. A reason, if you like:",
                value=entry.reason if entry is not None and entry.status == REST else "",
                hint=", ".join(REST_REASONS[:4]),
            ),
            self._rest_reason,
        )

    def _rest_reason(self, reason: str | None) -> None:
        if reason is not None:
            self._set(REST, reason=reason)

    def action_note(self) -> None:
        day = self.grid.cursor
        entry = self.store.habit_days.history(self.habit_id).entries.get(day)
        if entry is None:
            self.notify(
                "Mark the day first (space, p or r); then a note can go with it.", timeout=4
            )
            return
        habit = self._habit()
        if habit is None:
            return

        def noted(answer: str | None) -> None:
            # The day may have changed elsewhere while the note was written.
            note = note_to_keep(answer, entry.note)
            if note is not None:
                note_the_day(
                    self.ic_app, self.habit_id, habit["name"], day, entry.status, note, self._note
                )

        self.app.push_screen(
            note_dialog(f"A few words about {day_words(day, self.today)}:", entry.note), noted
        )

    def _note(self, status: str, note: str) -> None:
        if self.is_attached:  # (the calendar may have closed meanwhile)
            self._set(status, note=note)

    def action_clear(self) -> None:
        self._set(None)

    def action_undo(self) -> None:
        if self.ic_app.undo_last():
            self.refresh_view()
