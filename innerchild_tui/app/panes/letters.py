"""Letters between you and your inner child, side by side."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.panes import Pane
from innerchild_tui.store import StoreError

AUTOSAVE_PAUSE_SECONDS = 0.8
PREVIEW_WORDS = 6


def letter_label(letter: dict[str, Any]) -> Text:
    day = date.fromisoformat(letter["day"])
    text = Text(f"{day.strftime('%d %b')} ", style="bold")
    title = letter.get("title") or " ".join(letter.get("to_child", "").split()[:PREVIEW_WORDS])
    text.append(title or "(a new letter)", style="" if title else "dim italic")
    return text


class LettersPane(Pane):
    PANE_TITLE = "Letters"
    PANE_KEY = "l"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+n",
            "new_letter",
            "New letter",
            id="letters.new",
            tooltip="Start a new letter to your inner child",
        ),
        Binding(
            "ctrl+t",
            "other_voice",
            "Other voice",
            id="letters.other_voice",
            tooltip="Move between the two voices: to my inner child, from my inner child",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove letter",
            id="letters.remove",
            tooltip="Remove the highlighted letter (u brings it back)",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._letter_id: str | None = None
        self._dirty = False
        self._autosave: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(id="letters-list")
            with Vertical(id="letter-editor"):
                yield Input(
                    placeholder="Title (optional)", id="letter-title", compact=True, max_length=200
                )
                with Horizontal(id="letter-voices"):
                    with Vertical(classes="voice adult"):
                        yield Static("To my inner child", classes="voice-label")
                        yield TextArea(id="to-child", soft_wrap=True, tab_behavior="focus")
                    with Vertical(classes="voice child"):
                        yield Static("From my inner child", classes="voice-label")
                        yield TextArea(id="from-child", soft_wrap=True, tab_behavior="focus")

    @property
    def letter_id(self) -> str | None:
        """The letter open in the editor."""
        return self._letter_id

    @letter_id.setter
    def letter_id(self, letter_id: str | None) -> None:
        self._letter_id = letter_id
        # A merge keeps this letter's words in place, so the editor never jumps.
        self.store.letter_in_hand = letter_id

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#to-child", TextArea).border_title = "me, now"
        self.query_one("#from-child", TextArea).border_title = "little me"

    def focus_main(self) -> None:
        if self.letter_id is None:
            self.query_one("#letters-list", OptionList).focus()
        else:
            self.query_one("#to-child", TextArea).focus()

    # Showing ------------------------------------------------------------------------
    def refresh_from_store(self) -> None:
        if self.flush_edits():
            self.post_message(DataChanged())
        letters = self.store.letters()
        listing = self.query_one("#letters-list", OptionList)
        listing.clear_options()
        if not letters:
            listing.add_option(
                Option(
                    Text("No letters yet.\nctrl+n, or just start writing.", style="dim italic"),
                    disabled=True,
                )
            )
        for letter in letters:
            listing.add_option(Option(letter_label(letter), id=letter["id"]))
        ids = [letter["id"] for letter in letters]
        if self.letter_id not in ids:
            # Open the newest letter, so the pane always shows the latest words.
            self.letter_id = ids[0] if ids else None
        if self.letter_id is not None:
            listing.highlighted = ids.index(self.letter_id)
        self._show_letter()

    def _show_letter(self) -> None:
        letter = self.store.letter(self.letter_id) if self.letter_id else {}
        for widget_id, field in (("#to-child", "to_child"), ("#from-child", "from_child")):
            area = self.query_one(widget_id, TextArea)
            if area.text != letter.get(field, ""):
                area.load_text(letter.get(field, ""))
        title = self.query_one("#letter-title", Input)
        if title.value != letter.get("title", ""):
            title.value = letter.get("title", "")

    # Writing ------------------------------------------------------------------------
    @on(TextArea.Changed)
    @on(Input.Changed, "#letter-title")
    def _typed(self, event: TextArea.Changed | Input.Changed) -> None:
        event.stop()
        if not self._shown_differs_from_stored():
            return  # a letter was loaded, or an edit was taken back: nothing to save
        self._dirty = True
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_PAUSE_SECONDS, self._autosave_now)
        self.ic_app._set_save_state("unsaved")

    @property
    def autosave_pending(self) -> bool:
        """Typing happened and the pause-in-typing save has not run yet."""
        return self._autosave is not None

    def _autosave_now(self) -> None:
        self._autosave = None
        if self.flush_edits():
            self.post_message(DataChanged())

    def _shown(self) -> dict[str, str]:
        return {
            "to_child": self.query_one("#to-child", TextArea).text,
            "from_child": self.query_one("#from-child", TextArea).text,
            "title": self.query_one("#letter-title", Input).value,
        }

    def _stored(self) -> dict[str, Any]:
        try:
            return self.store.letter(self.letter_id) if self.letter_id else {}
        except StoreError:
            self.letter_id = None  # removed elsewhere: what is typed becomes a new letter
            return {}

    def _shown_differs_from_stored(self) -> bool:
        stored = self._stored()
        return any(stored.get(key, "") != value for key, value in self._shown().items())

    def flush_edits(self) -> bool:
        """Put what is typed into the store; True if anything changed."""
        if not self._dirty:
            return False
        self._dirty = False
        fields = self._shown()
        if not self._shown_differs_from_stored():
            return False
        try:
            if self.letter_id is None:
                self.letter_id = self.store.new_letter()["id"]
                self.store.update_letter(self.letter_id, **fields)
                self._refresh_list_only()
            else:
                self.store.update_letter(self.letter_id, **fields)
                self._relabel_current()
        except StoreError as error:
            self._dirty = True
            self.notify(str(error), severity="warning")
            return False
        return True

    def _refresh_list_only(self) -> None:
        listing = self.query_one("#letters-list", OptionList)
        listing.clear_options()
        letters = self.store.letters()
        for letter in letters:
            listing.add_option(Option(letter_label(letter), id=letter["id"]))
        ids = [letter["id"] for letter in letters]
        if self.letter_id in ids:
            listing.highlighted = ids.index(self.letter_id)

    def _relabel_current(self) -> None:
        if self.letter_id is None:
            return
        listing = self.query_one("#letters-list", OptionList)
        try:
            index = listing.get_option_index(self.letter_id)
        except Exception:
            self._refresh_list_only()
            return
        listing.replace_option_prompt_at_index(
            index, letter_label(self.store.letter(self.letter_id))
        )

    def on_descendant_blur(self) -> None:
        # Every focus change saves what was typed.
        if self.flush_edits():
            self.post_message(DataChanged())

    # Actions ------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#letters-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if self.flush_edits():
            self.post_message(DataChanged())
        self.letter_id = event.option.id
        self._show_letter()
        self.query_one("#to-child", TextArea).focus()

    def action_new_letter(self) -> None:
        if self.flush_edits():
            self.post_message(DataChanged())
        try:
            letter = self.store.new_letter()
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.letter_id = letter["id"]
        self.refresh_from_store()
        self.query_one("#to-child", TextArea).focus()
        self.post_message(DataChanged())

    def action_other_voice(self) -> None:
        to_child = self.query_one("#to-child", TextArea)
        (self.query_one("#from-child", TextArea) if to_child.has_focus else to_child).focus()

    def action_remove(self) -> None:
        listing = self.query_one("#letters-list", OptionList)
        if listing.highlighted is None:
            return
        letter_id = listing.get_option_at_index(listing.highlighted).id
        if letter_id is None:
            return
        self.flush_edits()
        try:
            removed = self.store.delete_letter(letter_id)
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        if self.letter_id == letter_id:
            self.letter_id = None
        self.refresh_from_store()
        label = removed.get("title") or f"the letter of {removed['day']}"
        self.post_message(RecordRemoved("letters", removed, label))
        self.post_message(DataChanged())
        listing.focus()
