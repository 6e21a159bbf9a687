"""A check-in begun earlier and not saved: offered back when the app opens."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from innerchild_tui.app.screens.confirm import DialogButtons


class DraftScreen(ModalScreen[bool]):
    """True: pick the check-in up again. False: let it go. Esc keeps it (nothing is lost)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(True)",
            "Pick it up",
            id="draft.keep",
            tooltip="Put the check-in back where it was",
        ),
    ]

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="draft-dialog"):
            yield Static("A check-in you had begun", classes="dialog-title")
            yield Static(self.summary, classes="dialog-text", markup=False)
            yield Static(
                "Would you like to pick it up where you left off?", classes="dialog-question"
            )
            with DialogButtons(classes="dialog-buttons"):
                yield Button("Let it go", id="let-go")
                yield Button("Pick it up", id="pick-up", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#pick-up", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "pick-up")
