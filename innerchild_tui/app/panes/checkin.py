"""Today's check-in: how are you feeling, and what do you need?

The quick path is a handful of keys: ``c`` (from anywhere), a digit for the mood, the
start of a feeling and Enter, Tab, the start of a need and Enter, ``ctrl+s``. Everything
else (energy, the inner child's age and what they need to hear, the body, a note of a
paragraph or more, the therapy flag) is there for when there is time.

A check-in in progress is a draft: kept on this computer while it is typed (at least
every second, off the event loop), on quit and when the terminal closes, and offered back
when the app opens again (see ``innerchild_tui.drafts``).
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any, ClassVar

import pendulum
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.panes.checkin_draft import DraftKeeping, int_in
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.widgets.mood_picker import MoodPicker
from innerchild_tui.app.widgets.quiet import Heading, QuietList
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.app.widgets.word_picker import WordPicker
from innerchild_tui.config import last_reminder_day, remember_reminder_day, reminder_time
from innerchild_tui.domain.feelings import BODY_WORDS, FEELINGS, NEEDS, with_intensity
from innerchild_tui.domain.moods import ENERGY_WORDS, MOOD_WORDS, mood_level
from innerchild_tui.domain.records import CheckinRecord
from innerchild_tui.domain.text import clean_name, clean_text, whole_number
from innerchild_tui.drafts import Draft
from innerchild_tui.reminder_state import read_day
from innerchild_tui.store import StoreError

REMINDER_CHECK_SECONDS = 30.0
DRAFT_CHECK_SECONDS = 0.5  # a check-in in progress reaches the disk within about a second

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


def time_of(checkin: CheckinRecord, zone: Any) -> str:
    """When a check-in was made, ``HH:mm`` in the person's time zone (``--:--`` if its
    stamp is no real time)."""
    try:
        moment = pendulum.parse(checkin["created_at"]).in_tz(zone)  # type: ignore[union-attr]
    except (KeyError, ValueError, TypeError):
        return "--:--"
    return str(moment.format("HH:mm"))


def checkin_line(checkin: CheckinRecord, colours: dict[str, str], zone: Any) -> Text:
    """One check-in on one line: time, mood (a number and its colour), words, marks."""
    when = time_of(checkin, zone)
    mood = int(checkin.get("mood", 5))
    text = Text(f"{when}  ")
    text.append(f"● {mood}", style=f"bold {colours.get(f'mood-{mood_level(mood)}', '')}")
    text.append(f" {MOOD_WORDS.get(mood, '')}")
    levels = checkin.get("intensity") or {}
    words = ", ".join(with_intensity(w, levels.get(w)) for w in checkin.get("feelings", []))
    if words:
        text.append(f" · {words}")
    needs = ", ".join(checkin.get("needs", []))
    if needs:
        text.append(f" · needs {needs}", style="italic")
    tags = ", ".join(str(tag) for tag in checkin.get("tags", []))
    if tags:
        text.append(f" · {tags}", style="dim")
    if checkin.get("therapy"):
        text.append(" ⚑", style="bold")
    if checkin.get("note") or checkin.get("to_hear"):
        text.append(" ✎", style="dim")
    return text


def checkin_details(checkin: CheckinRecord) -> list[str]:
    """The rest of a check-in, a line each, for a day's full view."""
    lines = []
    energy = checkin.get("energy")
    if energy in ENERGY_WORDS:
        lines.append(f"Energy {energy} of 5, {ENERGY_WORDS[energy]}")
    age, to_hear = checkin.get("age"), checkin.get("to_hear")
    if age is not None or to_hear:
        child = "Little me" + (f", about {age}" if age is not None else "")
        lines.append(child + (f", needs to hear: “{to_hear}”" if to_hear else ""))
    if checkin.get("body"):
        lines.append("Body: " + ", ".join(checkin["body"]))
    if checkin.get("tags"):
        lines.append("Tags: " + ", ".join(str(tag) for tag in checkin["tags"]))
    if checkin.get("note"):
        lines.append("Note: " + " ".join(str(checkin["note"]).split()))
    if checkin.get("therapy"):
        lines.append("⚑ to bring to therapy")
    if checkin.get("backfilled"):
        lines.append("(added afterwards)")
    return lines


class TherapyFlag(Checkbox):
    """A box drawn in the text's own colour, "[✓]" when on and "[ ]" when off (not colour
    alone, and not a shaded square that reads as nothing on a light theme)."""

    DEFAULT_CSS = """
    TherapyFlag > .toggle--button, TherapyFlag.-on > .toggle--button {
        color: $text;
        background: transparent;
    }
    """

    @property
    def _button(self) -> Content:
        mark = "✓" if self.value else " "
        return Content.styled(f"[{mark}]", self.get_visual_style("toggle--button"))

    def render(self) -> Content:
        # The gap between box and words is plain, not part of the label's highlight.
        label = self._label.pad(0, 1).stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(self._button, " ", label)


class CheckinPane(DraftKeeping):
    PANE_TITLE = "Check-in"
    PANE_KEY = "c"
    SHOWS = frozenset({"checkins", "words", "meta"})
    BINDINGS: ClassVar[list[BindingType]] = [
        *_DIGITS,
        Binding(
            "ctrl+s",
            "save",
            "Save check-in",
            id="checkin.save",
            tooltip="Save this check-in (from any field; Enter in the note starts a new line)",
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
        Binding(
            "t",
            "toggle_therapy",
            "Therapy",
            show=False,
            id="checkin.therapy",
            tooltip="Mark this check-in to bring to therapy, or unmark it",
        ),
        Binding(
            "w",
            "own_words",
            "Your words",
            show=False,
            id="checkin.words",
            tooltip="Your own feeling, need and body words: see them, and let one go",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.editing_id: str | None = None
        # The check-in being edited as it was loaded: brought back from it if it is
        # removed elsewhere meanwhile (the edit's words are kept, never a dead end).
        self._editing_was: CheckinRecord | None = None
        self.target_day: date | None = None  # an earlier day being filled in
        self.reminded_on: date | None = None
        self._history_lines: list[tuple[str, Text]] | None = None  # today's, as shown

    def compose(self) -> ComposeResult:
        yield Heading(id="checkin-heading", classes="pane-heading")
        yield MoodPicker()
        yield WordPicker("Feeling", FEELINGS, id="feelings", intensities=True)
        yield WordPicker("Need", NEEDS, id="needs")
        yield VoiceArea(
            placeholder="A note, as long as you like (Enter starts a new line)", id="checkin-note"
        )
        with Horizontal(id="checkin-last", classes="checkin-row"):
            yield TherapyFlag("bring to therapy", id="checkin-therapy", compact=True)
            yield Static(id="checkin-save-hint", classes="checkin-hint")
        yield WordPicker(
            "Body", BODY_WORDS, id="body", placeholder="Body: where do you feel it? (optional)"
        )
        with Horizontal(id="checkin-child", classes="checkin-row"):
            yield Static("Little me", classes="checkin-label")
            yield Input(
                placeholder="age",
                id="checkin-age",
                type="integer",
                max_length=3,
                compact=True,
            )
            yield Input(
                placeholder="what they need to hear",
                id="checkin-hear",
                compact=True,
                max_length=200,
            )
        yield Static("Earlier today", id="checkin-subheading", classes="pane-subheading")
        yield QuietList(id="checkin-history")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(REMINDER_CHECK_SECONDS, self.remind_if_due)
        self.set_interval(DRAFT_CHECK_SECONDS, self.keep_draft_if_changed)
        self.call_after_refresh(self.offer_draft)

    def show_title(self) -> None:
        super().show_title()
        # The note's hint names the save key too (after the user's keymap).
        key = key_for(self.app, "checkin.save", "ctrl+s")
        therapy = key_for(self.app, "checkin.therapy", "t")
        with contextlib.suppress(NoMatches):
            self.query_one("#checkin-save-hint", Static).update(
                Text(f"{key} saves", style="dim italic")
            )
            flag = self.query_one("#checkin-therapy", Checkbox)
            flag.tooltip = f"Bring this check-in to therapy ({therapy})"

    def main_widget(self) -> Widget:
        return self.query_one(MoodPicker)

    # Showing ------------------------------------------------------------------------
    def refresh_from_store(self) -> None:
        for picker_id, kind in (("#feelings", "feeling"), ("#needs", "need"), ("#body", "body")):
            self.query_one(picker_id, WordPicker).set_vocabulary(self.store.words.vocabulary(kind))
        checkins = self.store.checkins.all(self.ic_app.current_day)
        colours = self.app.theme_variables
        zone = self.store.now().timezone
        lines = [(c["id"], checkin_line(c, colours, zone)) for c in reversed(checkins)]
        if lines != self._history_lines:
            # Only when they changed: new lines lay the whole screen out again (the list's
            # height in lines changes), and a refresh comes with every merge.
            self._history_lines = lines
            self._show_history(lines)
        self._update_heading()

    def _show_history(self, lines: list[tuple[str, Text]]) -> None:
        history = self.query_one("#checkin-history", OptionList)
        highlighted = history.highlighted
        if lines:
            history.set_options(Option(line, id=checkin_id) for checkin_id, line in lines)
            history.highlighted = min(highlighted or 0, len(lines) - 1)
        else:
            nothing = Text("Nothing yet today — whenever you're ready.", style="dim italic")
            history.set_options([Option(nothing, disabled=True)])

    def _update_heading(self) -> None:
        heading = self.query_one("#checkin-heading", Heading)
        if self.editing_id and self.store.checkins.removed(self.editing_id):
            key = key_for(self.app, "checkin.save", "ctrl+s")
            heading.update(
                Text(
                    f"Removed on another computer · {key} keeps it, with your changes",
                    style="italic",
                )
            )
        elif self.editing_id:
            heading.update(
                Text("Editing an earlier check-in · ctrl+s keeps the change", style="italic")
            )
        elif self.target_day is not None:
            day = pendulum.Date(self.target_day.year, self.target_day.month, self.target_day.day)
            heading.update(
                Text(f"Filling in {day.format('dddd D MMMM')} · ctrl+s keeps it", style="italic")
            )
        else:
            heading.update(Text("How are you feeling, and what do you need?", style="italic"))

    # Living all day -----------------------------------------------------------------
    def remind_if_due(self) -> None:
        """One soft invitation a day, if there is no check-in yet by the reminder time."""
        wanted = reminder_time(self.ic_app.settings.checkin_reminder)
        if wanted is None:
            return
        today = self.ic_app.current_day
        if self.reminded_on is None:
            self.reminded_on = last_reminder_day()  # given before a restart today?
        if self.reminded_on == today or self.store.checkins.all(today):
            return
        now = self.store.now()
        start = self.store.day_start_hour
        # Minutes into the practice day, so 01:00 (still yesterday's day) is late, not early.
        into_day = ((now.hour - start) % 24) * 60 + now.minute
        due = ((wanted[0] - start) % 24) * 60 + wanted[1]
        if into_day < due or read_day(self.store.path, today).not_today:
            return  # not yet, or the person said "not today" (`innerchild remind --not-today`)
        self.reminded_on = today
        remember_reminder_day(today)
        key = key_for(self.app, "pane.checkin", "c")
        self.notify(
            f"No check-in yet today. If you have a moment, press {key} and ask how you are.",
            title="A gentle moment",
            timeout=20,
        )

    # Actions ------------------------------------------------------------------------
    def action_set_mood(self, mood: int) -> None:
        self.query_one(MoodPicker).mood = mood

    def action_toggle_therapy(self) -> None:
        self.query_one("#checkin-therapy", Checkbox).toggle()

    @on(WordPicker.Done)
    def _next_field(self, event: WordPicker.Done) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#checkin-age")
    def _next_from_age(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#checkin-hear")
    def _hear_submitted(self) -> None:
        self.action_save()

    @tells_store_errors
    def action_save(self) -> None:
        picker = self.query_one(MoodPicker)
        mood = picker.mood
        if mood is None:
            self.notify("Choose a mood first: a digit key, 1–9, or 0 for 10.", timeout=4)
            picker.focus()
            return
        pickers = {name: self.query_one(f"#{name}", WordPicker) for name in ("feelings", "needs")}
        body_picker = self.query_one("#body", WordPicker)
        # A word typed but not yet added with Enter still counts.
        for word_picker in (*pickers.values(), body_picker):
            if word_picker.input.value.strip():
                word_picker.add(word_picker.input.value)
                word_picker.input.value = ""
        new_words = [w for p in (*pickers.values(), body_picker) for w in p.new_words()]
        age_text = self.query_one("#checkin-age", Input).value.strip()
        details: dict[str, Any] = {
            "energy": picker.energy,
            "age": whole_number(age_text),
            "to_hear": clean_name(self.query_one("#checkin-hear", Input).value),
            "body": list(body_picker.words),
            "therapy": self.query_one("#checkin-therapy", Checkbox).value,
        }
        feelings = pickers["feelings"].typed_words()
        needs = list(pickers["needs"].words)
        note = clean_text(self._note().text).strip()
        timeout = 3
        if self.editing_id and self.store.checkins.removed(self.editing_id):
            # Removed on another computer while it was being edited here: the edit keeps
            # it, in its place (its day and time), with these words.
            self.store.checkins.bring_back(
                self.editing_id, self._editing_was, mood, feelings, needs, note, **details
            )
            message = (
                "That check-in was removed on another computer while you edited it. "
                "It is kept, with your changes, at its own day and time."
            )
            timeout = 10
        elif self.editing_id:
            self.store.checkins.update(self.editing_id, mood, feelings, needs, note, **details)
            message = "Check-in updated."
        else:
            day = self.target_day or self.ic_app.current_day
            self.store.checkins.add(mood, feelings, needs, note, day=day, **details)
            message = "Checked in. Thank you for listening to yourself."
        if new_words:
            kept = ", ".join(f"“{w}”" for w in new_words)
            are = "is" if len(new_words) == 1 else "are"
            key = key_for(self.app, "checkin.words", "w")
            message += f" {kept} {are} saved to your word list for next time ({key} shows it)."
        self.notify(message, timeout=timeout)
        self.action_clear()
        self.keep_draft_if_changed()  # saved: the draft goes at once
        self.refresh_from_store()
        self.post_message(DataChanged())

    def action_clear(self) -> None:
        self.editing_id = None
        self._editing_was = None
        self.target_day = None
        self._loaded = None
        picker = self.query_one(MoodPicker)
        picker.mood = None
        picker.energy = None
        for word_picker in self.query(WordPicker):
            word_picker.set_words([])
            word_picker.input.value = ""
        for input_id in ("#checkin-age", "#checkin-hear"):
            self.query_one(input_id, Input).value = ""
        self._note().load_text("")
        self.query_one("#checkin-therapy", Checkbox).value = False
        self._update_heading()
        self.focus_main()

    def start_for_day(self, day: date) -> None:
        """Begin a check-in for an earlier day (it is saved as back-filled)."""
        self.action_clear()
        self.target_day = None if day == self.ic_app.current_day else day
        self._update_heading()

    def load_checkin(self, checkin: CheckinRecord) -> None:
        """Put a check-in (of any day) into the form to be edited."""
        self.action_clear()
        self.editing_id = checkin["id"]
        self._editing_was = checkin
        picker = self.query_one(MoodPicker)
        picker.mood = int(checkin["mood"])
        energy = checkin.get("energy")
        picker.energy = energy if isinstance(energy, int) and 1 <= energy <= 5 else None
        feelings = list(checkin.get("feelings", []))
        self.query_one("#feelings", WordPicker).set_words(
            feelings, dict(checkin.get("intensity") or {})
        )
        self.query_one("#needs", WordPicker).set_words(list(checkin.get("needs", [])))
        self.query_one("#body", WordPicker).set_words(list(checkin.get("body", [])))
        age = checkin.get("age")
        self.query_one("#checkin-age", Input).value = "" if age is None else str(age)
        self.query_one("#checkin-hear", Input).value = str(checkin.get("to_hear", ""))
        self._note().load_text(checkin.get("note", ""))
        self.query_one("#checkin-therapy", Checkbox).value = bool(checkin.get("therapy"))
        self._loaded = self.form()
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
        try:
            checkin = self.store.checkins.get(checkin_id)
        except StoreError:
            return
        self.load_checkin(checkin)

    def action_own_words(self) -> None:
        from innerchild_tui.app.screens.own_words import OwnWordsScreen

        self.app.push_screen(OwnWordsScreen(), lambda _: self.refresh_from_store())

    def action_remove(self) -> None:
        checkin_id = self._highlighted_id()
        if checkin_id is None:
            return
        self.remove_checkin(checkin_id)

    @tells_store_errors(failed=False)
    def remove_checkin(self, checkin_id: str) -> bool:
        """Remove a check-in (of any day); the app keeps it for undo."""
        removed = self.store.checkins.delete(checkin_id)
        if self.editing_id == checkin_id:
            self.action_clear()
        self.refresh_from_store()
        self.post_message(
            RecordRemoved("checkins", removed, f"the check-in (mood {removed['mood']})")
        )
        self.post_message(DataChanged())
        return True

    # The form as a draft (kept by DraftKeeping) ------------------------------------
    def _note(self) -> VoiceArea:
        return self.query_one("#checkin-note", VoiceArea)

    def form(self) -> Draft:
        """Everything in the form, as plain data."""
        picker = self.query_one(MoodPicker)
        pickers = {name: self.query_one(f"#{name}", WordPicker) for name in WORD_FIELDS}
        return {
            "mood": picker.mood,
            "energy": picker.energy,
            **{name: list(word_picker.words) for name, word_picker in pickers.items()},
            "intensity": dict(pickers["feelings"].levels),
            "typing": {n: p.input.value for n, p in pickers.items() if p.input.value},
            "note": self._note().text,
            "age": self.query_one("#checkin-age", Input).value,
            "to_hear": self.query_one("#checkin-hear", Input).value,
            "therapy": self.query_one("#checkin-therapy", Checkbox).value,
            "editing": self.editing_id,
            "day": (self.target_day or self.ic_app.current_day).isoformat(),
        }

    def restore_draft(self, kept: Draft) -> None:
        """Put a kept draft back into the form, as it was."""
        self.action_clear()
        picker = self.query_one(MoodPicker)
        picker.mood = int_in(kept.get("mood"), 1, 10)
        picker.energy = int_in(kept.get("energy"), 1, 5)
        levels = kept.get("intensity")
        typing = kept.get("typing")
        if not isinstance(typing, dict):
            typing = {}
        for name in WORD_FIELDS:
            word_picker = self.query_one(f"#{name}", WordPicker)
            words = [str(w) for w in kept.get(name) or [] if isinstance(w, str)]
            word_picker.set_words(words, levels if isinstance(levels, dict) else None)
            word_picker.input.value = str(typing.get(name, ""))
        self._note().load_text(str(kept.get("note") or ""))
        self.query_one("#checkin-age", Input).value = str(kept.get("age") or "")
        self.query_one("#checkin-hear", Input).value = str(kept.get("to_hear") or "")
        self.query_one("#checkin-therapy", Checkbox).value = bool(kept.get("therapy"))
        editing = kept.get("editing")
        try:
            if isinstance(editing, str):
                # Still there, or removed elsewhere meanwhile: then the edit brings it back
                # (its heading says so); a check-in the file never held is a new one.
                if not self.store.checkins.removed(editing):
                    self.store.checkins.get(editing)
                self.editing_id = editing
        except StoreError:
            self.editing_id = None
        if self.editing_id is None:
            with contextlib.suppress(TypeError, ValueError):
                day = date.fromisoformat(str(kept.get("day")))
                self.target_day = None if day == self.ic_app.current_day else day
        self._update_heading()


WORD_FIELDS = ("feelings", "needs", "body")
