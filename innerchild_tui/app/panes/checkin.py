"""Today's check-in: how are you feeling, and what do you need?"""

from __future__ import annotations

from typing import Any, ClassVar

import pendulum
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.widgets.mood_picker import MoodPicker, mood_level
from innerchild_tui.app.widgets.word_picker import WordPicker
from innerchild_tui.domain.text import clean_text
from innerchild_tui.domain.vocabulary import FEELINGS, MOOD_WORDS, NEEDS
from innerchild_tui.store import StoreError

_DIGITS: list[BindingType] = [
    Binding(
        str(digit),
        f"set_mood({digit or 10})",
        f"Mood {digit or 10}",
        show=False,
        id=f"checkin.mood_{digit or 10}",
        tooltip="Set the mood: 1–9, and 0 for 10",
    )
    for digit in range(10)
]


class CheckinPane(Pane):
    PANE_TITLE = "Check-in"
    PANE_KEY = "c"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_DIGITS,
        Binding(
            "ctrl+s",
            "save",
            "Save check-in",
            id="checkin.save",
            tooltip="Save this check-in (Enter in the note does too)",
        ),
        Binding(
            "ctrl+n",
            "clear",
            "New check-in",
            id="checkin.new",
            tooltip="Start a fresh check-in (leaves an edit unsaved)",
        ),
        Binding(
            "e", "edit", "Edit", id="checkin.edit", tooltip="Edit the highlighted earlier check-in"
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            id="checkin.remove",
            tooltip="Remove the highlighted earlier check-in (u brings it back)",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.editing_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="checkin-heading", classes="pane-heading")
        yield MoodPicker()
        yield WordPicker("Feeling", FEELINGS, id="feelings")
        yield WordPicker("Need", NEEDS, id="needs")
        yield Input(
            placeholder="A note, if you like (Enter saves)",
            id="checkin-note",
            compact=True,
            max_length=2000,
        )
        yield Static("Earlier today", classes="pane-subheading")
        yield OptionList(id="checkin-history")

    def focus_main(self) -> None:
        self.query_one(MoodPicker).focus()

    # Showing ------------------------------------------------------------------------
    def refresh_from_store(self) -> None:
        history = self.query_one("#checkin-history", OptionList)
        highlighted = history.highlighted
        history.clear_options()
        checkins = self.store.checkins(self.ic_app.current_day)
        for checkin in reversed(checkins):
            history.add_option(Option(self._describe(checkin), id=checkin["id"]))
        if not checkins:
            history.add_option(
                Option(
                    Text("Nothing yet today — whenever you're ready.", style="dim italic"),
                    disabled=True,
                )
            )
        else:
            history.highlighted = min(highlighted or 0, len(checkins) - 1)
        self._update_heading()

    def _describe(self, checkin: dict[str, Any]) -> Text:
        moment = pendulum.parse(checkin["created_at"]).in_tz(self.ic_app.store.now().timezone)  # type: ignore[union-attr]
        mood = int(checkin["mood"])
        colour = self.app.theme_variables.get(f"mood-{mood_level(mood)}", "")
        text = Text(f"{moment.format('HH:mm')}  ")
        text.append(f"● {mood}", style=f"bold {colour}")
        text.append(f" {MOOD_WORDS[mood]}")
        words = ", ".join(checkin.get("feelings", []))
        if words:
            text.append(f" · {words}")
        needs = ", ".join(checkin.get("needs", []))
        if needs:
            text.append(f" · needs {needs}", style="italic")
        if checkin.get("note"):
            text.append(" ✎", style="dim")
        return text

    def _update_heading(self) -> None:
        heading = self.query_one("#checkin-heading", Static)
        if self.editing_id:
            heading.update(
                Text("Editing an earlier check-in · ctrl+s keeps the change", style="italic")
            )
        else:
            heading.update(Text("How are you feeling, and what do you need?", style="italic"))

    # Actions ------------------------------------------------------------------------
    def action_set_mood(self, mood: int) -> None:
        self.query_one(MoodPicker).mood = mood

    @on(WordPicker.Done)
    def _next_field(self, event: WordPicker.Done) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#checkin-note")
    def _note_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        mood = self.query_one(MoodPicker).mood
        if mood is None:
            self.notify("Choose a mood first: a digit key, 1–9, or 0 for 10.", timeout=4)
            self.query_one(MoodPicker).focus()
            return
        feelings = list(self.query_one("#feelings", WordPicker).words)
        needs = list(self.query_one("#needs", WordPicker).words)
        # A word typed but not yet added with Enter still counts.
        for picker_id, words in (("#feelings", feelings), ("#needs", needs)):
            picker = self.query_one(picker_id, WordPicker)
            if picker.input.value.strip():
                words.append(picker.match(picker.input.value))
        note = clean_text(self.query_one("#checkin-note", Input).value)
        try:
            if self.editing_id:
                self.store.update_checkin(self.editing_id, mood, feelings, needs, note)
                message = "Check-in updated."
            else:
                self.store.add_checkin(mood, feelings, needs, note, day=self.ic_app.current_day)
                message = "Checked in. Thank you for listening to yourself."
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.notify(message, timeout=3)
        self.action_clear()
        self.refresh_from_store()
        self.post_message(DataChanged())

    def action_clear(self) -> None:
        self.editing_id = None
        self.query_one(MoodPicker).mood = None
        for picker in self.query(WordPicker):
            picker.set_words([])
            picker.input.value = ""
        self.query_one("#checkin-note", Input).value = ""
        self._update_heading()
        self.focus_main()

    def _highlighted_id(self) -> str | None:
        history = self.query_one("#checkin-history", OptionList)
        if history.highlighted is None:
            return None
        return history.get_option_at_index(history.highlighted).id

    @on(OptionList.OptionSelected, "#checkin-history")
    def action_edit(self) -> None:
        checkin_id = self._highlighted_id()
        if checkin_id is None:
            return
        checkin = next((c for c in self.store.checkins() if c["id"] == checkin_id), None)
        if checkin is None:
            return
        self.editing_id = checkin_id
        self.query_one(MoodPicker).mood = int(checkin["mood"])
        self.query_one("#feelings", WordPicker).set_words(list(checkin.get("feelings", [])))
        self.query_one("#needs", WordPicker).set_words(list(checkin.get("needs", [])))
        self.query_one("#checkin-note", Input).value = checkin.get("note", "")
        self._update_heading()
        self.focus_main()

    def action_remove(self) -> None:
        checkin_id = self._highlighted_id()
        if checkin_id is None:
            return
        try:
            removed = self.store.delete_checkin(checkin_id)
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        if self.editing_id == checkin_id:
            self.action_clear()
        self.refresh_from_store()
        self.post_message(
            RecordRemoved("checkins", removed, f"the check-in (mood {removed['mood']})")
        )
        self.post_message(DataChanged())
