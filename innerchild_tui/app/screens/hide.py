"""Quick hide: one key swaps the app for a neutral view; the same key brings it back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class HideScreen(ModalScreen[None]):
    """Nothing private on it: no title, no words, no notifications, no footer.

    It has no keys of its own, and the app's soothing and support keys do nothing while
    it shows; only the hide key (and ctrl+q) act.
    """

    CSS_PATH = "care.tcss"

    def compose(self) -> ComposeResult:
        yield Static("$ ", id="hide-prompt")

    def on_mount(self) -> None:
        self.app.clear_notifications()
        self.set_focus(None)
