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

    def help_rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what they do), one row per action; rows that do the same thing
        with different keys (the mood digits) are folded into one."""
        rows: list[tuple[str, str, str]] = []
        for action in key_actions(self.app, screens=True):
            keys = " / ".join(
                self.app.get_key_display(Binding(key, action.binding.action)) for key in action.keys
            )
            what = action.binding.tooltip or action.binding.description
            if rows and rows[-1][0] == action.group and rows[-1][2] == what:
                rows[-1] = (action.group, f"{rows[-1][1]} {keys}", what)
            else:
                rows.append((action.group, keys, what))
        return rows

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        group = ""
        for row_group, keys, what in self.help_rows():
            if row_group != group:
                group = row_group
                table.add_row("", Text(group, style="bold underline"))
            table.add_row(keys, what)
        return table
