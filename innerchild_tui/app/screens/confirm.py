"""A yes/no question."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class DialogButtons(Horizontal):
    """A dialog's row of buttons: the arrow keys move along it, and stop at its ends (an
    arrow past the answer to lean towards never wraps round to the one that lets go)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous", show=False, id="dialog.previous"),
        Binding("right", "move(1)", "Next", show=False, id="dialog.next"),
    ]

    def action_move(self, step: int) -> None:
        buttons = [button for button in self.query(Button) if button.focusable]
        focused = self.screen.focused
        if focused in buttons:
            at = buttons.index(focused) + step
            if 0 <= at < len(buttons):
                buttons[at].focus()


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "Cancel", id="dialog.cancel"),
        Binding("y", "dismiss(True)", "Yes", show=False, id="dialog.yes"),
        Binding("n", "dismiss(False)", "No", show=False, id="dialog.no"),
    ]

    def __init__(
        self, question: str, *, yes: str = "Yes", no: str = "No", safe_no: bool = False
    ) -> None:
        """``safe_no``: "no" is the answer to lean towards, and looks it (the primary
        button); Esc and Enter on arrival give it either way."""
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.safe_no = safe_no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", markup=False)
            with DialogButtons(classes="dialog-buttons"):
                yield Button(self.no, id="no", variant="primary" if self.safe_no else "default")
                yield Button(self.yes, id="yes", variant="default" if self.safe_no else "primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
