"""The calm door of an encrypted data file: one password field, no hurry, no scolding.

Shown instead of the dashboard when the file is encrypted and no key was given, and over
it when the file was encrypted on another computer while open here (nothing is written
until it is unlocked). Quick-hide works here as everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from innerchild_tui.app.keys import key_for
from innerchild_tui.app.widgets.quiet import QuietFooter
from innerchild_tui.store import StoreError

# Tries one typed answer; True when it unlocked. Runs in a worker thread (scrypt is slow
# on purpose). May raise StoreError for anything else that went wrong.
Attempt = Callable[[str], bool]

WRONG = (
    "That passphrase didn't open it. Nothing was changed; take your time and try again. "
    "A recovery key works here too."
)


class UnlockScreen(Screen[bool]):
    """A password field; dismissed with True once the answer unlocked the file."""

    AUTO_FOCUS = "#unlock-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "focus_field", "Passphrase", id="unlock.focus", show=False),
    ]

    def __init__(self, name: str, attempt: Attempt, *, while_open: bool = False) -> None:
        super().__init__()
        self.file_name = name
        self.attempt = attempt
        self.while_open = while_open
        self.tries = 0

    def compose(self) -> ComposeResult:
        if self.while_open:
            text = (
                f"{self.file_name} was locked with a passphrase on another computer. "
                "Everything you did here is safe in memory; once you unlock it, it is "
                "merged and saved, encrypted."
            )
        else:
            text = f"Your practice in {self.file_name} is kept locked with your passphrase."
        with Vertical(classes="dialog unlock"):
            yield Static("Welcome back", classes="dialog-title")
            yield Static(text, classes="dialog-text", markup=False)
            yield Input(
                password=True,
                placeholder="passphrase or recovery key",
                id="unlock-input",
            )
            yield Static("", id="unlock-message", classes="dialog-hint", markup=False)
            quit_key = key_for(self.app, "app.quit_anywhere", "ctrl+q")
            hide_key = key_for(self.app, "app.hide", "f9")
            yield Static(
                f"{quit_key} closes innerchild · {hide_key} hides the screen",
                id="unlock-keys",
                classes="dialog-hint",
                markup=False,
            )
        yield QuietFooter()

    def action_focus_field(self) -> None:
        self.query_one("#unlock-input", Input).focus()

    @on(Input.Submitted, "#unlock-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        field = self.query_one("#unlock-input", Input)
        field.disabled = True
        self.query_one("#unlock-message", Static).update("Unlocking…")
        self._try(event.value)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _try(self, text: str) -> None:
        try:
            unlocked = self.attempt(text)
        except StoreError as error:
            self.app.call_from_thread(self._answer, False, str(error))
            return
        self.app.call_from_thread(self._answer, unlocked, WRONG)

    def _answer(self, unlocked: bool, message: str) -> None:
        if unlocked:
            self.dismiss(True)
            return
        self.tries += 1
        field = self.query_one("#unlock-input", Input)
        field.value = ""
        field.disabled = False
        field.focus()
        self.query_one("#unlock-message", Static).update(message)
