"""Self-care habits: tick today, rest, see the streak, the strength and the last two weeks.

The screens the pane opens (the calendar, the dialogs) are imported when first opened:
the first frame does not wait for them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import DataTable

from innerchild_tui.app.day_notes import note_dialog, note_the_day, note_to_keep
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.panes.habit_cells import (
    DAYS_SHOWN,
    TODAY_WIDTH,
    day_words,
    heading_cells,
    parse_pause,
    row_cells,
)
from innerchild_tui.app.panes.habit_keys import HABIT_BINDINGS
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.undo import set_amount_undoably, set_day_undoably
from innerchild_tui.app.widgets.quiet import Heading
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.domain.habit_days import (
    DONE,
    PARTIAL,
    REST,
    REST_REASONS,
    SYMBOLS,
    format_amount,
)
from innerchild_tui.domain.habit_groups import NO_GROUP, group_of, grouped, same_group
from innerchild_tui.domain.records import HabitRecord
from innerchild_tui.domain.schedules import asked_on
from innerchild_tui.store import StoreError
from innerchild_tui.store.indexes import HabitFigures

if TYPE_CHECKING:
    from innerchild_tui.app.screens.habit_dialogs import HabitSettings

GROUP_ROW = "group:"  # a heading row's key: this, then the group's name (no habit id has it)


class HabitsPane(Pane):
    PANE_TITLE = "Habits"
    PANE_KEY = "h"
    SHOWS = frozenset({"habits", "completions", "meta"})
    BINDINGS: ClassVar[list[BindingType]] = HABIT_BINDINGS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_archived = False
        self.select_next: str | None = None  # the habit the cursor goes to at the next showing
        self._shown_ids: list[str] = []
        # What the last look at the store gave: each habit's cells, and the groups. Folding
        # and opening a group only shows these again; nothing is read or worked out.
        self._cells: dict[str, list[Text]] = {}
        self._groups: list[tuple[str, list[HabitRecord]]] = []
        self._columns: list[tuple[str, str]] = []
        self._today: date | None = None
        # Streaks and strength scale with a habit's years: they are worked out off the
        # event loop (:meth:`_work_out_figures`); until they come, a row shows the last
        # figures it had (a tick), or a quiet mark (the first look).
        self._figures: dict[str, HabitFigures] = {}
        self._waiting: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Heading(id="habits-heading", classes="pane-heading")
        yield RecordTable(id="habits-table")

    def main_widget(self) -> Widget:
        return self.query_one(RecordTable)

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def hide_numbers(self) -> bool:
        return self.ic_app.settings.hide_numbers

    def refresh_from_store(self, select: str | None = None) -> None:
        select, self.select_next = select or self.select_next, None
        today: date = self.ic_app.current_day
        habits = self.store.habits.all(include_archived=self.show_archived)
        self._today = today
        self._cells = {habit["id"]: self._row(habit, today) for habit in habits}
        self._groups = grouped(habits)
        columns = [("name", "Habit"), ("today", "Today"), ("days", "Last two weeks")]
        if not self.hide_numbers:
            columns.insert(2, ("streak", "Streak"))
            columns.append(("strength", "Strength"))
        self._columns = columns
        self._show(select)
        self._show_heading(habits, today)
        self._work_out_waiting_figures()

    # Groups -----------------------------------------------------------------------------
    def _folded(self, group: str) -> bool:
        return any(same_group(group, name) for name in self.ic_app.settings.folded_groups)

    def _show(self, select: str | None = None) -> None:
        """Lay the rows out from what was last read: headings, and the habits of open
        groups. Folding a group comes here only."""
        tended = self.store.habit_days.tended_on(self._today) if self._today is not None else {}
        rows: list[tuple[str, list[Text]]] = []
        shown: list[str] = []
        for group, members in self._groups:
            if group != NO_GROUP:
                cells = heading_cells(group, members, tended, self._folded(group), self._columns)
                rows.append((GROUP_ROW + group, cells))
                if self._folded(group):
                    if select is not None and _holds(members, select):
                        select = GROUP_ROW + group  # a habit folded away: its heading, then
                    continue
            for habit in members:
                rows.append((habit["id"], self._cells[habit["id"]]))
                shown.append(habit["id"])
        # Names take the room the other columns leave; in a narrow pane the numbers step
        # aside before a name is cut.
        self.table.show_records(
            self._columns,
            rows,
            stretch="name",
            optional=("strength", "streak"),
            select=select,
            least=TODAY_WIDTH,
        )
        self._shown_ids = shown

    def _group_of_row(self) -> str | None:
        """The group whose heading is under the cursor (None on a habit)."""
        key = self.table.highlighted_key
        if key is None or not key.startswith(GROUP_ROW):
            return None
        return key[len(GROUP_ROW) :]

    def _members(self, group: str) -> list[HabitRecord]:
        return next((m for name, m in self._groups if same_group(name, group)), [])

    def action_fold(self) -> None:
        """Fold or open the group under the cursor (from one of its habits, fold it)."""
        group = self._group_of_row()
        if group is None:
            habit = self._habit()
            if habit is None or group_of(habit) == NO_GROUP:
                return
            group = next(
                (name for name, _ in self._groups if same_group(name, group_of(habit))),
                group_of(habit),
            )
        app = self.ic_app
        folded = tuple(name for name in app.settings.folded_groups if not same_group(name, group))
        if len(folded) == len(app.settings.folded_groups):
            folded = (*folded, group)
        app.settings = replace(app.settings, folded_groups=folded)
        app.settings_keeper.keep()
        self._show(select=GROUP_ROW + group)

    def refresh_habit(self, habit_id: str) -> None:
        """One habit's row changed (a tick): repaint that row, its group's heading and the
        pane's heading only (a habit in a folded group: the headings only)."""
        today: date = self.ic_app.current_day
        if habit_id not in self._cells or today != self._today:
            self.refresh_from_store()
            return
        try:
            habit = self.store.habits.get(habit_id)
        except StoreError:
            self.refresh_from_store()
            return
        cells = self._row(habit, today)
        self._cells[habit_id] = cells
        if habit_id in self._shown_ids:
            self.table.update_record(habit_id, cells)
        group = next((name for name, m in self._groups if _holds(m, habit_id)), NO_GROUP)
        if group != NO_GROUP:
            self.table.update_record(
                GROUP_ROW + group,
                heading_cells(
                    group,
                    self._members(group),
                    self.store.habit_days.tended_on(today),
                    self._folded(group),
                    self._columns,
                ),
            )
        self._show_heading(self.store.habits.all(include_archived=self.show_archived), today)
        self._work_out_waiting_figures()

    def _work_out_waiting_figures(self) -> None:
        if self._waiting and self._today is not None:
            # After the rows are on screen: the worker shares the interpreter with the
            # event loop, and the first frame should not wait for it.
            self.call_after_refresh(self._work_out_figures, self._today, sorted(self._waiting))
            self._waiting.clear()

    @work(thread=True, group="habit-figures")
    def _work_out_figures(self, today: date, habit_ids: list[str]) -> None:
        """Each habit's streaks and strength, kept in the store's per-habit cache; the
        rows are shown again once they are all there."""
        for habit_id in habit_ids:
            try:
                self.store.habit_days.figures(habit_id, today)
            except StoreError:
                continue  # gone meanwhile: the refresh that follows leaves it out
        self.app.call_from_thread(self._figures_ready, today, habit_ids)

    def _figures_ready(self, today: date, habit_ids: list[str]) -> None:
        if today != self._today or not self.is_attached:
            return
        changed: dict[str, list[Text]] = {}
        for habit_id in habit_ids:
            if habit_id not in self._cells:
                continue
            try:
                habit = self.store.habits.get(habit_id)
            except StoreError:
                continue
            if self.store.habit_days.known_figures(habit_id, today) is None:
                continue  # changed again meanwhile: its own worker brings the new figures
            cells = self._row(habit, today)
            self._cells[habit_id] = cells
            if habit_id in self._shown_ids:
                changed[habit_id] = cells
        self.table.update_records(changed)  # fitted again once at most, not once a habit
        self.ic_app.collector.keep_alive_out_of_reach()  # the histories of the figures

    def _row(self, habit: HabitRecord, today: date) -> list[Text]:
        """The cells of one habit's row, from the store's per-habit caches; figures not
        worked out yet wait for :meth:`_work_out_figures` (the last ones stand in)."""
        figures = None
        if not self.hide_numbers:
            figures = self.store.habit_days.known_figures(habit["id"], today)
            if figures is None:
                self._waiting.add(habit["id"])
                figures = self._figures.get(habit["id"])
            else:
                self._figures[habit["id"]] = figures
        if figures is None:  # the first look: the whole story comes with the figures
            history = self.store.habit_days.recent_history(habit["id"], today, DAYS_SHOWN)
        else:
            history = self.store.habit_days.history(habit["id"])
        return row_cells(
            habit,
            history,
            today,
            self.app.theme_variables,
            numbers=not self.hide_numbers,
            figures=figures,
        )

    def _show_heading(self, habits: list[HabitRecord], today: date) -> None:
        tended = self.store.habit_days.tended_on(today)
        active = asked_on(habits, tended, today)
        kept_count = sum(1 for h in active if h["id"] in tended)
        heading = self.query_one("#habits-heading", Heading)
        if not habits:
            heading.update(
                Text("No habits yet — a adds one small act of self-care.", style="italic")
            )
        else:
            heading.update(
                Text(f"Today: {kept_count} of {len(active)} · rest counts too", style="italic")
            )

    def _habit(self) -> HabitRecord | None:
        habit_id = self.table.highlighted_key
        return next(
            (h for h in self.store.habits.all(include_archived=True) if h["id"] == habit_id), None
        )

    def _after_change(
        self, changed: bool = True, select: str | None = None, *, only: str | None = None
    ) -> None:
        """Repaint after a change: only ``only``'s row when one habit's day changed."""
        if only is not None:
            self.refresh_habit(only)
        else:
            self.refresh_from_store(select=select)
        if changed:
            self.post_message(DataChanged(tables=frozenset({"completions"})))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_calendar()  # on a group's heading: fold or open it

    # Today ------------------------------------------------------------------------------
    @tells_store_errors(failed=False)
    def _set_today(self, status: str | None, /, **fields: Any) -> bool:
        # status before the /: the decorator's types then keep **fields apart from it
        habit = self._habit()
        if habit is None:
            return False
        changed = set_day_undoably(
            self.store, self.ic_app.undo_log, habit, self.ic_app.current_day, status, **fields
        )
        self._after_change(changed, only=habit["id"])
        return changed

    @tells_store_errors
    def action_tick(self) -> None:
        if self._group_of_row() is not None:
            self.action_fold()
            return
        habit = self._habit()
        if habit is None:
            return
        today = self.ic_app.current_day
        history = self.store.habit_days.history(habit["id"])
        if history.target is not None:
            set_amount_undoably(self.store, self.ic_app.undo_log, habit, today, 1, add=True)
            self._after_change(only=habit["id"])
            entry = self.store.habit_days.history(habit["id"]).entries.get(today)
            if entry is not None and entry.amount is not None:
                counted = f"{format_amount(entry.amount)} of {format_amount(history.target.amount)}"
                self.notify(f"{habit['name']}: {counted} {history.target.unit}".rstrip(), timeout=2)
            return
        done = history.status_on(today) != DONE
        if self._set_today(DONE if done else None) and done:
            self.notify(f"✓ {habit['name']} — well done.", timeout=2)

    def action_partial(self) -> None:
        habit = self._habit()
        if habit is None:
            return
        partial = (
            self.store.habit_days.history(habit["id"]).status_on(self.ic_app.current_day) != PARTIAL
        )
        if self._set_today(PARTIAL if partial else None) and partial:
            self.notify(
                f"{SYMBOLS[PARTIAL]} {habit['name']} — the gentle minimum counts.", timeout=2
            )

    def action_rest(self) -> None:
        from innerchild_tui.app.screens.habit_dialogs import DayWordsScreen

        habit = self._habit()
        if habit is None:
            return
        entry = self.store.habit_days.history(habit["id"]).entries.get(self.ic_app.current_day)
        if entry is not None and entry.status == REST:
            self._set_today(None)
            return

        def rested(reason: str | None) -> None:
            if reason is not None and self._set_today(REST, reason=reason):
                self.notify(f"Resting from {habit['name']} today. Rest counts too.", timeout=3)

        self.app.push_screen(
            DayWordsScreen(
                f"A rest day from “{habit['name']}”. A reason, if you like:",
                hint=", ".join(REST_REASONS[:4]),
            ),
            rested,
        )

    def action_note(self) -> None:
        habit = self._habit()
        if habit is None:
            return
        day = self.ic_app.current_day
        entry = self.store.habit_days.history(habit["id"]).entries.get(day)
        if entry is None:
            self.notify("Tick, mark partly (p) or rest (s) first; a note goes with the day.")
            return

        def noted(answer: str | None) -> None:
            # The day may have changed elsewhere while the note was written.
            note = note_to_keep(answer, entry.note)
            if note is not None:
                note_the_day(
                    self.ic_app,
                    habit["id"],
                    habit["name"],
                    day,
                    entry.status,
                    note,
                    self._note_today,
                )

        self.app.push_screen(
            note_dialog(f"A few words about “{habit['name']}” today:", entry.note), noted
        )

    def _note_today(self, status: str, note: str) -> None:
        self._set_today(status, note=note)

    def action_calendar(self) -> None:
        from innerchild_tui.app.screens.habit_calendar import HabitCalendarScreen

        if self._group_of_row() is not None:
            self.action_fold()
            return
        habit = self._habit()
        if habit is None:
            return
        self.app.push_screen(
            HabitCalendarScreen(habit["id"]),
            lambda _: self.refresh_from_store(),
        )

    # The list ---------------------------------------------------------------------------
    def action_add(self) -> None:
        from innerchild_tui.app.screens.habit_dialogs import HabitEditScreen

        groups = self.store.habits.groups(include_archived=True)
        self.app.push_screen(
            HabitEditScreen(
                "A small act of self-care to practise",
                groups=groups,
                refuse_name=self.store.habits.name_refused,
            ),
            self._added,
        )

    @tells_store_errors
    def _added(self, settings: HabitSettings | None) -> None:
        if settings is None:
            return
        habit = self.store.habits.add(settings.name, group=settings.group)
        fields = settings.fields()
        fields.pop("name")
        habit = self.store.habits.update(habit["id"], **fields)
        self._after_change(select=habit["id"])

    def action_edit(self) -> None:
        from innerchild_tui.app.screens.habit_dialogs import HabitEditScreen

        habit = self._habit()
        if habit is None:
            return
        groups = self.store.habits.groups(include_archived=True)
        self.app.push_screen(
            HabitEditScreen(
                "This habit",
                habit,
                groups,
                refuse_name=lambda name: self.store.habits.name_refused(name, habit),
            ),
            lambda settings: self._edited(habit["id"], settings),
        )

    @tells_store_errors
    def _edited(self, habit_id: str, settings: HabitSettings | None) -> None:
        if settings is None:
            return
        self.store.habits.update(habit_id, **settings.fields())
        self._after_change()

    def action_rename(self) -> None:
        from innerchild_tui.app.screens.prompt import PromptScreen

        group = self._group_of_row()
        if group is not None:
            self._rename_group(group)
            return
        habit = self._habit()
        if habit is None:
            return
        self.app.push_screen(
            PromptScreen(
                "A new name for this habit:",
                value=habit["name"],
                refuse=lambda name: self.store.habits.name_refused(name, habit),
            ),
            lambda name: self._renamed(habit, name),
        )

    @tells_store_errors
    def _renamed(self, habit: HabitRecord, name: str | None) -> None:
        if not name or name == habit["name"]:
            return
        self.store.habits.rename(habit["id"], name)
        self._after_change()

    def _rename_group(self, group: str) -> None:
        from innerchild_tui.app.screens.prompt import PromptScreen

        self.app.push_screen(
            PromptScreen(
                "A new name for this group (empty: its habits go back to no group):",
                value=group,
            ),
            lambda name: self._group_renamed(group, name),
        )

    @tells_store_errors
    def _group_renamed(self, group: str, name: str | None) -> None:
        if name is None or name == group:
            return
        kept = self.store.habits.rename_group(group, name)
        app = self.ic_app
        if self._folded(group):  # a folded group stays folded under its new name
            folded = [n for n in app.settings.folded_groups if not same_group(n, group)]
            if kept is not None:
                folded.append(kept)
            app.settings = replace(app.settings, folded_groups=tuple(folded))
            app.settings_keeper.keep()
        self._after_change(select=GROUP_ROW + kept if kept else None)

    @tells_store_errors
    def action_move(self, step: int) -> None:
        group = self._group_of_row()
        if group is not None:
            moved = self.store.habits.move_group(group, step)
            self._after_change(moved, select=GROUP_ROW + group)
            return
        habit = self._habit()
        if habit is None:
            return
        moved = self.store.habits.move(habit["id"], step)
        self._after_change(moved, select=habit["id"])

    def action_pause(self) -> None:
        from innerchild_tui.app.screens.confirm import ConfirmScreen
        from innerchild_tui.app.screens.prompt import PromptScreen

        habit = self._habit()
        if habit is None:
            return
        today = self.ic_app.current_day
        if self.store.habit_days.history(habit["id"]).paused_on(today):
            if self.store.habits.end_pauses([habit["id"]], today):
                self._after_change()
                self.notify(f"Welcome back to “{habit['name']}”. The pause has ended.")
            return

        def chosen(text: str | None) -> None:
            if not text:
                return
            try:
                start, end = parse_pause(text, today)
            except ValueError as error:
                self.notify(f"{error}.", timeout=5)
                return
            self.app.push_screen(
                ConfirmScreen(
                    f"Pause from {day_words(start)} to {day_words(end)}.\n\n"
                    f"Pause only “{habit['name']}”, or every habit?",
                    yes="Every habit",
                    no=f"Only “{habit['name']}”",
                ),
                lambda every: self._pause(habit, start, end, bool(every)),
            )

        self.app.push_screen(
            PromptScreen(
                f"Pause “{habit['name']}” (or every habit: asked next) for how long? "
                "A number of days from today (7), or two dates (2026-12-20 to "
                "2027-01-02). Nothing is asked while paused.",
                default="7",
            ),
            chosen,
        )

    @tells_store_errors
    def _pause(self, habit: HabitRecord, start: date, end: date, every: bool) -> None:
        ids = [h["id"] for h in self.store.habits.all()] if every else [habit["id"]]
        self.store.habits.pause(ids, start, end)
        self._after_change()
        who = "Every habit" if every else f"“{habit['name']}”"
        self.notify(f"{who} rests until {day_words(end)}. Take good care.", timeout=4)

    @tells_store_errors
    def action_archive(self) -> None:
        habit = self._habit()
        if habit is None:
            return
        archived = not habit.get("archived", False)
        self.store.habits.set_archived(habit["id"], archived)
        store, habit_id, name = self.store, habit["id"], habit["name"]

        def take_back() -> None:
            store.habits.set_archived(habit_id, not archived)
            self.select_next = habit_id  # the cursor goes to it as the list is shown

        self.ic_app.undo_log.push(
            f"“{name}” is back in your list." if archived else f"“{name}” is archived again.",
            take_back,
            frozenset({"habits"}),
        )
        self._after_change()
        undo = key_for(self.app, "edit.undo", "u")
        if archived:
            self.notify(
                f"Archived “{name}”. It is kept; v shows archived habits, {undo} brings it back.",
                timeout=4,
            )
        else:
            self.notify(f"“{name}” is back in your list.", timeout=3)

    def action_show_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.refresh_from_store()

    def action_delete(self) -> None:
        from innerchild_tui.app.screens.confirm import ConfirmScreen

        habit = self._habit()
        if habit is None:
            return
        self.app.push_screen(
            ConfirmScreen(
                f"Delete “{habit['name']}” and all its days, notes included?\n"
                "(Archiving with x keeps it instead.)",
                yes="Delete",
                no="Keep it",
            ),
            lambda yes: self._delete(habit) if yes else None,
        )

    @tells_store_errors
    def _delete(self, habit: HabitRecord) -> None:
        removed = self.store.habits.delete(habit["id"])
        store = self.store

        def bring_back() -> None:
            for table, record in removed:
                store.restore(table, record)

        tables = frozenset(table for table, _ in removed)
        self.ic_app.undo_log.push(f"“{habit['name']}” is back", bring_back, tables)
        self._after_change()
        key = key_for(self.app, "edit.undo", "u")
        self.notify(f"Deleted “{habit['name']}”. Press {key} to bring it back.", timeout=6)

    def action_toggle_numbers(self) -> None:
        app = self.ic_app
        app.settings = replace(app.settings, hide_numbers=not app.settings.hide_numbers)
        app.settings_keeper.keep()
        self.refresh_from_store()
        if app.settings.hide_numbers:
            self.notify("Streaks and numbers are hidden. Your days still count.", timeout=3)
        else:
            self.notify("Streaks and numbers are shown again.", timeout=3)


def _holds(members: list[HabitRecord], habit_id: str) -> bool:
    return any(h["id"] == habit_id for h in members)
