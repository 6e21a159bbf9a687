"""Self-care habits: tick today, see the streak and the last two weeks."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from innerchild_tui.app.messages import DataChanged
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.domain.days import last_days
from innerchild_tui.domain.streaks import current_streak
from innerchild_tui.store import StoreError

DAYS_SHOWN = 14


def streak_words(streak: int, ever_done: bool) -> str:
    if streak == 0:
        return "fresh start" if ever_done else "—"
    return f"{streak} day" if streak == 1 else f"{streak} days"


class HabitsPane(Pane):
    PANE_TITLE = "Habits"
    PANE_KEY = "h"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,enter",
            "tick",
            "Tick today",
            id="habits.tick",
            tooltip="Tick the highlighted habit for today, or take the tick back",
        ),
        Binding("a", "add", "Add", id="habits.add", tooltip="Add a self-care habit"),
        Binding("r", "rename", "Rename", id="habits.rename", tooltip="Rename the habit"),
        Binding(
            "x",
            "archive",
            "Archive",
            id="habits.archive",
            tooltip="Archive the habit (kept, hidden) or restore it",
        ),
        Binding(
            "v",
            "show_archived",
            "Show archived",
            id="habits.show_archived",
            tooltip="Show or hide archived habits",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_archived = False

    def compose(self) -> ComposeResult:
        yield Static(id="habits-heading", classes="pane-heading")
        yield RecordTable(id="habits-table")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(RecordTable)
        table.add_column("Habit", key="name")
        table.add_column("Today", key="today")
        table.add_column("Streak", key="streak")
        table.add_column("Last two weeks", key="days")

    def focus_main(self) -> None:
        self.query_one(RecordTable).focus()

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def refresh_from_store(self, select: str | None = None) -> None:
        table = self.table
        previous = select or self.table.highlighted_key
        table.clear()
        today: date = self.ic_app.current_day
        colours = self.app.theme_variables
        done_style = f"bold {colours.get('heat-4', '')}"
        habits = self.store.habits(include_archived=self.show_archived)
        done_count = 0
        done_by_habit = self.store.done_days_by_habit()
        for habit in habits:
            done = done_by_habit.get(habit["id"], set())
            ticked = today in done
            done_count += ticked and not habit.get("archived", False)
            name = Text(habit["name"])
            if habit.get("archived"):
                name.append(" (archived)", style="dim italic")
            today_cell = Text("✓ done", style=done_style) if ticked else Text("○", style="dim")
            streak = current_streak(done, today)
            days = Text()
            for day in last_days(today, DAYS_SHOWN):
                if day in done:
                    days.append("●", style=done_style)
                elif day == today:
                    days.append("○", style="dim")
                else:
                    days.append("·", style="dim")
            table.add_row(name, today_cell, streak_words(streak, bool(done)), days, key=habit["id"])
        table.select_key(previous)
        active = [h for h in habits if not h.get("archived")]
        heading = self.query_one("#habits-heading", Static)
        if not habits:
            heading.update(
                Text("No habits yet — a adds one small act of self-care.", style="italic")
            )
        else:
            heading.update(
                Text(f"Today: {done_count} of {len(active)} · rest counts too", style="italic")
            )

    def _habit(self) -> dict[str, Any] | None:
        habit_id = self.table.highlighted_key
        return next(
            (h for h in self.store.habits(include_archived=True) if h["id"] == habit_id), None
        )

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_tick()

    def action_tick(self) -> None:
        habit = self._habit()
        if habit is None:
            return
        try:
            done = self.store.toggle_habit(habit["id"], self.ic_app.current_day)
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.refresh_from_store()
        self.post_message(DataChanged())
        if done:
            self.notify(f"✓ {habit['name']} — well done.", timeout=2)

    def action_add(self) -> None:
        self.app.push_screen(
            PromptScreen("A small act of self-care to practise:", placeholder="e.g. Walk outside"),
            self._added,
        )

    def _added(self, name: str | None) -> None:
        if not name:
            return
        try:
            habit = self.store.add_habit(name)
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.refresh_from_store(select=habit["id"])
        self.post_message(DataChanged())

    def action_rename(self) -> None:
        habit = self._habit()
        if habit is None:
            return

        def renamed(name: str | None) -> None:
            if not name or name == habit["name"]:
                return
            try:
                self.store.rename_habit(habit["id"], name)
            except StoreError as error:
                self.notify(str(error), severity="warning")
                return
            self.refresh_from_store()
            self.post_message(DataChanged())

        self.app.push_screen(
            PromptScreen("A new name for this habit:", value=habit["name"]), renamed
        )

    def action_archive(self) -> None:
        habit = self._habit()
        if habit is None:
            return
        archived = not habit.get("archived", False)
        try:
            self.store.set_habit_archived(habit["id"], archived)
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.refresh_from_store()
        self.post_message(DataChanged())
        if archived:
            self.notify(
                f"Archived “{habit['name']}”. It is kept; v shows archived habits.", timeout=4
            )
        else:
            self.notify(f"“{habit['name']}” is back in your list.", timeout=3)

    def action_show_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.refresh_from_store()
