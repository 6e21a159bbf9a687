"""Comfort items: healthy present-day versions of what soothed you as a child."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.store import StoreError


def last_used_words(used: list[str], today: date) -> str:
    if not used:
        return "not yet"
    last = date.fromisoformat(max(used))
    days = (today - last).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


class ComfortPane(Pane):
    PANE_TITLE = "Comfort"
    PANE_KEY = "o"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,enter",
            "use",
            "Used today",
            id="comfort.use",
            tooltip="Mark the highlighted item as used today (or take it back)",
        ),
        Binding("a", "add", "Add", id="comfort.add", tooltip="Add a comfort item"),
        Binding("e", "edit", "Edit", id="comfort.edit", tooltip="Edit the item's name"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            id="comfort.remove",
            tooltip="Remove the item (u brings it back)",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="comfort-heading", classes="pane-heading")
        yield RecordTable(id="comfort-table")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(RecordTable)
        table.add_column("Item", key="name")
        table.add_column("Used", key="used")

    def focus_main(self) -> None:
        self.query_one(RecordTable).focus()

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def refresh_from_store(self, select: str | None = None) -> None:
        table = self.table
        previous = select or self.table.highlighted_key
        table.clear()
        today = self.ic_app.current_day
        items = self.store.comfort_items()
        done_style = f"bold {self.app.theme_variables.get('heat-4', '')}"
        for item in items:
            used = list(item.get("used", []))
            used_cell = (
                Text("✓ today", style=done_style)
                if today.isoformat() in used
                else Text(last_used_words(used, today), style="dim")
            )
            table.add_row(Text(item["name"]), used_cell, key=item["id"])
        table.select_key(previous)
        heading = self.query_one("#comfort-heading", Static)
        if items:
            heading.update(Text("What soothes you now", style="italic"))
        else:
            heading.update(Text("a adds something that soothes you", style="italic"))

    def _item(self) -> dict[str, Any] | None:
        item_id = self.table.highlighted_key
        return next((i for i in self.store.comfort_items() if i["id"] == item_id), None)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_use()

    def action_use(self) -> None:
        item = self._item()
        if item is None:
            return
        try:
            used = self.store.toggle_comfort_used(item["id"], self.ic_app.current_day)
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.refresh_from_store()
        self.post_message(DataChanged())
        if used:
            self.notify(f"I hope “{item['name']}” helped.", timeout=2)

    def action_add(self) -> None:
        self.app.push_screen(
            PromptScreen("A comfort item:", placeholder="e.g. Blue blanket, warm tea"),
            self._added,
        )

    def _added(self, name: str | None) -> None:
        if not name:
            return
        try:
            item = self.store.add_comfort(name)
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.refresh_from_store(select=item["id"])
        self.post_message(DataChanged())

    def action_edit(self) -> None:
        item = self._item()
        if item is None:
            return

        def edited(name: str | None) -> None:
            if not name or name == item["name"]:
                return
            try:
                self.store.edit_comfort(item["id"], name)
            except StoreError as error:
                self.notify(str(error), severity="warning")
                return
            self.refresh_from_store()
            self.post_message(DataChanged())

        self.app.push_screen(PromptScreen("Edit this comfort item:", value=item["name"]), edited)

    def action_remove(self) -> None:
        item = self._item()
        if item is None:
            return
        try:
            removed = self.store.delete_comfort(item["id"])
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.refresh_from_store()
        self.post_message(RecordRemoved("comfort", removed, f"“{removed['name']}”"))
        self.post_message(DataChanged())
