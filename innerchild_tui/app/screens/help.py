"""Every key, generated from the live bindings."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from innerchild_tui.app.keys import key_actions


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(self._table(), id="help-table")
            yield Static(
                "Everything is also in the command palette (ctrl+p). "
                "Esc leaves a text field so single keys work again.",
                classes="dialog-hint",
            )

    def _table(self) -> Table:
        app = self.app
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        group = ""
        for action in key_actions(app):
            if action.group != group:
                group = action.group
                table.add_row("", Text(group, style="bold underline"))
            keys = " / ".join(
                app.get_key_display(Binding(key, action.binding.action)) for key in action.keys
            )
            table.add_row(keys, action.binding.tooltip or action.binding.description)
        return table
