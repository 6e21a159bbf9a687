"""Shown instead of the dashboard when the data file cannot be read."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from innerchild_tui.app.widgets.quiet import QuietFooter


class ProblemScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.quit", "Quit", id="problem.quit"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog problem"):
            yield Static("Your data file needs a look", classes="dialog-title")
            yield Static(self.message, classes="dialog-text", markup=False)
            yield Static(
                "Nothing has been changed or lost. If you keep the file in a synced folder, "
                "the sync client may still be writing it: wait a moment and open innerchild "
                "again. Otherwise `innerchild doctor` can look at it with you.",
                classes="dialog-hint",
            )
        yield QuietFooter()
