"""Comfort items: healthy present-day versions of what soothed you as a child."""

from __future__ import annotations

import random
from collections.abc import Collection
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Input

from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.widgets.quiet import Heading
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.domain.comfort import (
    COMFORT_KINDS,
    arrange,
    day_texts_used,
    helped_scores,
    last_used_words,
)
from innerchild_tui.domain.records import ComfortRecord
from innerchild_tui.domain.suggest import pick_comfort

__all__ = ["ComfortPane"]


class ComfortPane(Pane):
    PANE_TITLE = "Comfort"
    PANE_KEY = "o"
    SHOWS = frozenset({"comfort"})
    FILLED_BY = "#comfort-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,enter",
            "use",
            "Used today",
            id="comfort.use",
            tooltip="Mark the highlighted item as used today (or take it back)",
        ),
        Binding("a", "add", "Add", id="comfort.add", tooltip="Add a comfort item"),
        Binding(
            "e", "edit", "Edit", id="comfort.edit", show=False, tooltip="Edit the highlighted item"
        ),
        Binding(
            "p",
            "pick",
            "Pick for me",
            id="comfort.pick",
            tooltip="Suggest a comfort now (favourites and ones not used lately first)",
        ),
        Binding(
            "r",
            "rate",
            "Helped?",
            show=False,
            id="comfort.rate",
            tooltip="Say how much today's use helped, 0–10",
        ),
        Binding(
            "f",
            "favourite",
            "Favourite",
            show=False,
            id="comfort.favourite",
            tooltip="Make the highlighted item a favourite ★ (or not)",
        ),
        Binding(
            "k",
            "next_kind",
            "Kind",
            show=False,
            id="comfort.kind",
            tooltip="Show one kind at a time: object, activity, place, sound…",
        ),
        Binding(
            "slash",
            "search",
            "Search",
            show=False,
            id="comfort.search",
            tooltip="Find items by their words",
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            show=False,
            id="comfort.sort",
            tooltip="Most recently used first, or the order they were added",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            id="comfort.remove",
            tooltip="Remove the item (u brings it back)",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind: str | None = None
        self.search = ""
        self.by_last_used = False
        # A test gives this a seed so 'pick one for me' is the same every run.
        self.rng = random.Random()

    def compose(self) -> ComposeResult:
        if not self.composing:
            return  # the pane is filled after the dashboard's first frame (see Pane.fill)
        yield Heading(id="comfort-heading", classes="pane-heading")
        yield Input(placeholder="Search (Enter keeps, Esc clears)", id="comfort-search")
        yield RecordTable(id="comfort-table")

    def on_filled(self) -> None:
        self.query_one("#comfort-search", Input).display = False
        self.refresh_from_store()

    def main_widget(self) -> Widget:
        return self.query_one(RecordTable)

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def shown_items(self) -> list[ComfortRecord]:
        return arrange(
            self.store.comfort.all(),
            kind=self.kind,
            search=self.search,
            by_last_used=self.by_last_used,
        )

    def refresh_from_store(self, select: str | None = None) -> None:
        if not self.filled:
            return  # its fill shows what the store holds then
        today = self.ic_app.current_day
        everything = self.store.comfort.all()
        items = self.shown_items()
        done_style = f"bold {self.app.theme_variables.get('heat-4', '')}"
        rows: list[tuple[str, list[Text]]] = []
        for item in items:
            name = Text(("★ " if item.get("favourite") else "  ") + item["name"])
            scores = helped_scores(item)
            used_cell = (
                Text("✓ today", style=done_style)
                if today.isoformat() in day_texts_used(item)
                else Text(last_used_words(item, today), style="dim")
            )
            if scores:
                used_cell.append(f" · helped {scores[-1]}", style="dim")
            kind = Text(item.get("kind", "") or "", style="italic")
            rows.append((item["id"], [name, kind, used_cell]))
        # The names take the room left; in a narrow pane the kind steps aside first.
        self.table.show_records(
            [("name", "Item"), ("kind", "Kind"), ("used", "Used")],
            rows,
            stretch="name",
            optional=("kind",),
            select=select,
        )
        heading = self.query_one("#comfort-heading", Heading)
        if not everything:
            add = key_for(self.app, "comfort.add", "a")
            heading.update(Text(f"{add} adds something that soothes you", style="italic"))
            return
        parts = ["What soothes you now"]
        if self.kind:
            parts.append(f"kind: {self.kind}")
        if self.search:
            parts.append(f"“{self.search}”")
        if self.by_last_used:
            parts.append("last used first")
        if not items:
            parts.append("nothing matches")
        parts.append(f"{key_for(self.app, 'comfort.pick', 'p')} picks one")
        heading.update(Text(" · ".join(parts), style="italic"))

    def _item(self) -> ComfortRecord | None:
        item_id = self.table.highlighted_key
        return next((i for i in self.store.comfort.all() if i["id"] == item_id), None)

    def _changed(self, select: str | None = None) -> None:
        """After a change: show the store again (``select``'s row highlighted), and say
        the data changed."""
        self.refresh_from_store(select=select)
        self.post_message(DataChanged())

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_use()

    @tells_store_errors
    def action_use(self) -> None:
        item = self._item()
        if item is None:
            return
        used = self.store.comfort.toggle_used(item["id"], self.ic_app.current_day)
        self._changed()
        if used:
            self.notify(f"I hope “{item['name']}” helped. r says how much.", timeout=3)

    # Pick one for me --------------------------------------------------------------------
    def suggest(self, avoid: Collection[str] = ()) -> ComfortRecord | None:
        """A comfort to try now (from what the filters show, or from all of them)."""
        items = self.shown_items() or self.store.comfort.all()
        return pick_comfort(items, self.ic_app.current_day, self.rng, avoid=avoid)

    def action_pick(self) -> None:
        from innerchild_tui.app.screens.comfort import PickScreen

        if not self.store.comfort.all():
            self.notify("Add a comfort item first (a), then I can pick one for you.", timeout=4)
            return
        self.app.push_screen(PickScreen(self), self._picked)

    @tells_store_errors
    def _picked(self, item_id: str | None) -> None:
        if not item_id:
            return
        item = self.store.comfort.mark_used(item_id, self.ic_app.current_day)
        self._changed(select=item_id)
        self.notify(f"Enjoy “{item['name']}”. r says how much it helped.", timeout=3)

    def action_rate(self) -> None:
        from innerchild_tui.app.screens.comfort import HelpedScreen

        item = self._item()
        if item is None:
            return
        self.app.push_screen(
            HelpedScreen(item["name"]), lambda helped: self._rated(item["id"], helped)
        )

    @tells_store_errors
    def _rated(self, item_id: str, helped: int | None) -> None:
        if helped is None:
            return
        self.store.comfort.rate_use(item_id, self.ic_app.current_day, helped)
        self._changed()

    # Finding --------------------------------------------------------------------------
    @tells_store_errors
    def action_favourite(self) -> None:
        item = self._item()
        if item is None:
            return
        self.store.comfort.set_favourite(item["id"], not item.get("favourite", False))
        self._changed()

    def action_next_kind(self) -> None:
        kinds: list[str | None] = [None, *COMFORT_KINDS]
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.refresh_from_store()

    def action_sort(self) -> None:
        self.by_last_used = not self.by_last_used
        self.refresh_from_store()

    def action_search(self) -> None:
        search = self.query_one("#comfort-search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#comfort-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self.refresh_from_store()

    @on(Input.Submitted, "#comfort-search")
    def _search_done(self) -> None:
        search = self.query_one("#comfort-search", Input)
        search.display = bool(self.search)
        self.focus_main()

    def key_escape(self) -> None:
        search = self.query_one("#comfort-search", Input)
        if search.has_focus:
            search.value = ""
            search.display = False
            self.focus_main()

    # Adding and changing ----------------------------------------------------------------
    def action_add(self) -> None:
        from innerchild_tui.app.screens.comfort import ComfortFormScreen

        self.app.push_screen(ComfortFormScreen(), self._added)

    @tells_store_errors
    def _added(self, fields: dict[str, Any] | None) -> None:
        if not fields:
            return
        item = self.store.comfort.add(
            fields["name"],
            fields["note"],
            childhood=fields["childhood"],
            age=fields["age"],
            kind=fields["kind"],
            favourite=fields["favourite"],
        )
        self._changed(select=item["id"])

    def action_edit(self) -> None:
        from innerchild_tui.app.screens.comfort import ComfortFormScreen

        item = self._item()
        if item is None:
            return
        self.app.push_screen(
            ComfortFormScreen(item), lambda fields: self._edited(item["id"], fields)
        )

    @tells_store_errors
    def _edited(self, item_id: str, fields: dict[str, Any] | None) -> None:
        if not fields:
            return
        self.store.comfort.edit(item_id, **fields)
        self._changed()

    @tells_store_errors
    def action_remove(self) -> None:
        item = self._item()
        if item is None:
            return
        removed = self.store.comfort.delete(item["id"])
        self.refresh_from_store()
        self.post_message(RecordRemoved("comfort", removed, f"“{removed['name']}”"))
        self.post_message(DataChanged())
