"""The person's own feeling, need and body words: seen in one list, and let go from it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.access import dashboard_app
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.telling import tells_store_errors

if TYPE_CHECKING:
    from innerchild_tui.store import Store

KINDS = (("feeling", "feeling"), ("need", "need"), ("body", "in the body"))


class OwnWordsScreen(ModalScreen[None]):
    """Every word the person added, by kind; ``d`` stops offering one (check-ins that used
    it keep it), ``u`` brings it back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Back", id="words.close", tooltip="Back"),
        Binding(
            "d,delete",
            "remove",
            "Let go",
            id="words.remove",
            tooltip="Stop offering the highlighted word (check-ins that used it keep it)",
        ),
        Binding("u", "undo", "Bring back", id="words.undo", tooltip="Bring back the last one"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._words: dict[str, tuple[str, str]] = {}  # option id → (kind, word)

    @property
    def store(self) -> Store:
        return dashboard_app(self).store

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Your own words", classes="dialog-title")
            yield OptionList(id="own-words")
            yield Static(id="own-words-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        remove = key_for(self.app, "words.remove", "d")
        back = key_for(self.app, "words.undo", "u")
        self.query_one("#own-words-hint", Static).update(
            f"{remove} lets the highlighted word go from the list (check-ins keep it) · "
            f"{back} brings it back · Esc goes back"
        )
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self, highlighted: int | None = None) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        self._words.clear()
        for kind, label in KINDS:
            for word in self.store.words.custom(kind):
                option_id = f"{kind}:{word}"
                self._words[option_id] = (kind, word)
                listing.add_option(
                    Option(Text.assemble(f"{word}   ", (label, "dim italic")), id=option_id)
                )
        if not self._words:
            listing.add_option(
                Option(
                    Text(
                        "None yet. A word typed in a check-in that is not in the list "
                        "becomes one of yours.",
                        style="dim italic",
                    ),
                    disabled=True,
                )
            )
        else:
            listing.highlighted = min(highlighted or 0, len(self._words) - 1)

    @tells_store_errors
    def action_remove(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        chosen = self._words.get(listing.get_option_at_index(listing.highlighted).id or "")
        if chosen is None:
            return
        kind, word = chosen
        removed = self.store.words.remove(kind, word)
        self.app.post_message(RecordRemoved("words", removed, f"“{word}” from your words"))
        self.app.post_message(DataChanged(tables=frozenset({"words"})))
        self._fill(listing.highlighted)

    def action_undo(self) -> None:
        dashboard_app(self).action_undo()  # the app's one undo stack
        self._fill(self.query_one(OptionList).highlighted)
