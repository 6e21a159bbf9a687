"""Ask for one line of text (a habit's name, a comfort item)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from innerchild_tui.domain.text import MAX_NAME_LENGTH, clean_name


class PromptScreen(ModalScreen[str | None]):
    """Returns the cleaned text, or None when the person changes their mind."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        question: str,
        *,
        value: str = "",
        placeholder: str = "",
        default: str = "",
        refuse: Callable[[str], str | None] | None = None,
    ) -> None:
        """``default``: the answer when the field is left empty, shown as its placeholder
        (Enter on a placeholder that looks filled in takes it). ``refuse``: why an answer
        cannot be taken (a name another habit has), told while the dialog stays open
        with what was typed; None when it can."""
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder or default
        self.default = default
        self.refuse = refuse

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", markup=False)
            yield Input(
                value=self.value,
                placeholder=self.placeholder,
                max_length=MAX_NAME_LENGTH,
                id="prompt-input",
            )
            yield Static("Enter to keep · Esc to cancel", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = clean_name(event.value) or self.default
        if not text:
            self.notify("A name with at least one letter, please.", timeout=3)
            return
        refused = self.refuse(text) if self.refuse is not None else None
        if refused:
            self.notify(refused, severity="warning", timeout=5)
            return
        self.dismiss(text)
