"""Letters between you and your inner child, side by side.

The left column finds letters (search over both voices, a month filter, newest first);
the editor writes one: a title, the child's age, a prompt to start from, and the two
voices. The voices can be shown together or one at a time, so the child's reply can be
written as a separate act. What is typed is saved after a short pause (and at least every
second while typing goes on), on every focus change, screen change and on quit.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.panes.letter_draft import (
    NEW_LETTER,
    KeptLetterWords,
    put_into_store,
    words_of,
)
from innerchild_tui.app.panes.letter_keys import LETTER_BINDINGS
from innerchild_tui.app.panes.letter_prompt import PromptLine
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.widgets.quiet import Heading, SteadyList, set_border_text
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.domain.letters import (
    ADULT_LABEL,
    UNTITLED,
    FocusMode,
    age_of,
    child_label,
    first_words,
    month_label,
    named,
    parse_age,
    word_count,
)
from innerchild_tui.domain.letters_export import letter_markdown
from innerchild_tui.domain.records import LetterRecord
from innerchild_tui.domain.text import clean_text
from innerchild_tui.drafts import Draft
from innerchild_tui.store import StoreError
from innerchild_tui.store.errors import ReadOnly
from innerchild_tui.store.exports import write_export

AUTOSAVE_PAUSE_SECONDS = 0.5
# Typing that never pauses is still saved this often, so a crash or SIGKILL loses at most
# about the last second (the save itself runs in a worker thread, off the event loop).
AUTOSAVE_MAX_WAIT_SECONDS = 0.8
LETTERS = frozenset({"letters"})  # what a letter's own edits change
WORD_COUNT_SECONDS = 0.25
LIST_PREVIEW_WORDS = 5
# Entries the list shows at first, and more each time the person asks: Textual's
# OptionList measures every entry it holds whenever one changes or the width does.
LIST_PAGE = 100
MORE = "more-letters"  # the id of the list's last entry, "older letters"

SAVE_MARKS = {
    "saved": "saved ✓",
    "saving": "saving…",
    "unsaved": "saving soon…",
    "not saved": "not saved yet ⚠",
    "new": "saving soon…",
}
KEPT_HERE = "kept here"  # the file is read-only: the words are in the letter draft


def letter_label(letter: LetterRecord) -> Text:
    """A letter in the list: its date and age, then its title or first words."""
    try:
        day = date.fromisoformat(letter["day"])
        when = day.strftime("%d %b %Y")
    except ValueError:
        when = letter["day"]
    text = Text(when, style="bold")
    age = age_of(letter)
    if age is not None:
        text.append(f" · {age}", style="italic")
    title = letter.get("title", "")
    text.append("\n")
    text.append(title or UNTITLED, style="" if title else "dim italic")
    words = first_words(letter, LIST_PREVIEW_WORDS)
    if words:
        text.append("\n")
        text.append(words, style="dim")
    return text


def _is_age(text: str) -> bool:
    try:
        parse_age(text)
    except ValueError:
        return False
    return True


class LettersPane(Pane):
    PANE_TITLE = "Letters"
    PANE_KEY = "l"
    SHOWS = frozenset({"letters", "prompts"})
    FILLED_BY = "#letter-voices"
    BINDINGS: ClassVar[list[BindingType]] = LETTER_BINDINGS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._letter_id: str | None = None
        self._dirty = False
        self._autosave: Timer | None = None
        self._unsaved_since: float | None = None
        self._word_timer: Timer | None = None
        self._age_warned = False
        self.focus_mode = FocusMode.BOTH
        self._months: list[str] = []
        # The words of the stored letter the editor started from (see flush_edits).
        self._based_on: tuple[str, str, str] = ("", "", "")
        # The open letter as last shown or written: brought back from it if it is removed
        # elsewhere while words are being written in it.
        self._held: Mapping[str, Any] = {}
        # What the list was last built from (search, month, ids and versions).
        self._built_list: tuple[str, str | None, tuple[tuple[str, str], ...]] | None = None
        self._entry_stale = False  # the open letter's list entry waits for the writing to stop
        self._list_limit = LIST_PAGE  # how many letters the list shows (LIST_PAGE more on ask)
        self.list_builds = 0  # how many times the whole list was built (for tests)
        # Words the store could not take (the file is read-only), kept on this computer.
        self.kept = KeptLetterWords(lambda: self.store)
        self._kept_told = False
        self._kept_problem: str | None = None  # why the kept words could not be written

    def compose(self) -> ComposeResult:
        if not self.composing:
            return  # the pane is filled after the dashboard's first frame (see fill)
        with Horizontal():
            with Vertical(id="letters-side"):
                yield Input(
                    placeholder="Search both voices",
                    id="letters-search",
                    compact=True,
                    max_length=200,
                )
                yield Select[str](
                    [], prompt="All months", id="letters-month", compact=True, allow_blank=True
                )
                yield SteadyList(id="letters-list")
            with Vertical(id="letter-editor"):
                with Horizontal(id="letter-head"):
                    yield Input(
                        placeholder="Title (optional)",
                        id="letter-title",
                        compact=True,
                        max_length=200,
                    )
                    yield Static("age", id="letter-age-label")
                    yield Input(
                        placeholder="–",
                        id="letter-age",
                        compact=True,
                        max_length=2,
                        restrict=r"\d*",
                        validators=[Function(_is_age, "The inner child's age is 0 to 17.")],
                        tooltip="The age of the inner child you write to (0–17), if you like",
                    )
                    yield Static("", id="letter-date")
                    yield Heading("", id="letter-saved", markup=False)
                yield PromptLine(id="letter-prompt")
                with Horizontal(id="letter-voices"):
                    with Vertical(classes="voice adult"):
                        yield VoiceArea(id="to-child", placeholder="Write to your inner child…")
                    with Vertical(classes="voice child"):
                        yield VoiceArea(
                            id="from-child",
                            placeholder="Let little me answer, with the other hand if you can…",
                        )

    @property
    def letter_id(self) -> str | None:
        """The letter open in the editor."""
        return self._letter_id

    @letter_id.setter
    def letter_id(self, letter_id: str | None) -> None:
        self._letter_id = letter_id
        # A merge keeps this letter's words in place, so the editor never jumps.
        self.ic_app.letter_in_hand = letter_id

    def on_filled(self) -> None:
        # A screen change (help, the palette, a dialog) saves what was typed.
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        # The header's save state changes with the app's; the pane shows it quietly too.
        self.watch(self.app, "sub_title", self._show_save_state, init=False)
        self._apply_focus_mode()
        self.refresh_from_store()
        self.pick_up_kept_words()

    def main_widget(self) -> Widget:
        # The list, never the text: a pane key must not put the next keys into a letter.
        # Enter opens the highlighted letter to write in; ctrl+n starts a new one.
        return self.query_one("#letters-list", OptionList)

    # Showing ------------------------------------------------------------------------
    def refresh_from_store(self) -> None:
        if not self.filled:
            return  # fill shows what the store holds then
        if self.flush_edits():
            self.post_message(DataChanged())
        ids = [letter["id"] for letter in self.store.letters.all()]
        if self.letter_id not in ids:
            if self.letter_id is not None:
                # Removed elsewhere, with nothing unsaved here (what was typed would have
                # brought it back, above): say so, rather than change letters silently.
                self.notify(
                    f"{named(self._held)}, which you had open, was removed on another "
                    "computer. Nothing you wrote here was lost.",
                    title="A letter was removed elsewhere",
                    timeout=8,
                )
            # Open the newest letter, so the pane always shows the latest words.
            self.letter_id = ids[0] if ids else None
        self._refresh_months()
        self._refresh_list()
        self.query_one(PromptLine).refresh_from_store()
        self._show_letter()

    def _filters(self) -> tuple[str, str | None]:
        search = self.query_one("#letters-search", Input).value
        month = self.query_one("#letters-month", Select).value
        return search, month if isinstance(month, str) else None

    def _refresh_months(self) -> None:
        months = self.store.letters.months()
        if months == self._months:
            return
        self._months = months
        select: Select[str] = self.query_one("#letters-month", Select)
        chosen = select.value
        with select.prevent(Select.Changed):
            select.set_options((month_label(m), m) for m in months)
            if isinstance(chosen, str) and chosen in months:
                select.value = chosen

    def _refresh_list(self) -> None:
        search, month = self._filters()
        letters = self.store.letters.all(search=search, month=month)
        listing = self.query_one("#letters-list", OptionList)
        if self._built_list is not None and self._built_list[:2] != (search, month):
            self._list_limit = LIST_PAGE  # a new search or month starts at the top again
        ids = [letter["id"] for letter in letters]
        opened = ids.index(self.letter_id) + 1 if self.letter_id in ids else 0
        shown = letters[: max(self._list_limit, opened)]
        ids = ids[: len(shown)]
        # Built only when what it lists changed: every entry is measured on a rebuild.
        # Each entry's label follows the letter's ``updated_at``.
        built = (search, month, tuple((r["id"], r["updated_at"]) for r in shown))
        if built == self._built_list and listing.option_count:
            self._highlight_open(listing, ids)
            return
        self._built_list = built
        self.list_builds += 1
        listing.clear_options()
        if not letters:
            search_key = key_for(self.app, "letters.search", "ctrl+f")
            new_key = key_for(self.app, "letters.new", "ctrl+n")
            if search or month:
                words = f"No letter holds that.\n{search_key} to search again."
            else:
                words = f"No letters yet.\n{new_key} starts one."
            listing.add_option(Option(Text(words, style="dim italic"), disabled=True))
        listing.add_options(Option(letter_label(letter), id=letter["id"]) for letter in shown)
        if len(shown) < len(letters):
            older = len(letters) - len(shown)
            words = f"{older} older letter{'s' if older != 1 else ''}\nEnter shows more"
            listing.add_option(Option(Text(words, style="dim italic"), id=MORE))
        self._highlight_open(listing, ids)

    def _highlight_open(self, listing: OptionList, ids: list[str]) -> None:
        if self.letter_id in ids:
            listing.highlighted = ids.index(self.letter_id)
        elif ids:
            listing.highlighted = 0  # the open letter is filtered out: Enter opens this one

    def _show_letter(self) -> None:
        letter: Mapping[str, Any] = self._stored()
        self._based_on = words_of(letter)
        self._held = letter
        kept = self.kept.words.get(self._key()) if self.store.read_only else None
        if kept is not None:  # words the read-only file could not take: shown, not lost
            letter = {**letter, **kept}
            to_child, from_child, title = kept["based_on"]
            self._based_on = (to_child, from_child, title)
            self._dirty = True
        for widget_id, field in (("#to-child", "to_child"), ("#from-child", "from_child")):
            area = self.query_one(widget_id, VoiceArea)
            if area.text != letter.get(field, ""):
                area.load_text(letter.get(field, ""))
        title = self.query_one("#letter-title", Input)
        if title.value != letter.get("title", ""):
            title.value = letter.get("title", "")
        age = age_of(letter)
        age_input = self.query_one("#letter-age", Input)
        shown_age = "" if age is None else str(age)
        if age_input.value != shown_age:
            age_input.value = shown_age
        day = letter.get("day")
        date_text = ""
        if day:
            try:
                date_text = date.fromisoformat(str(day)).strftime("%a %d %b")
            except ValueError:
                date_text = str(day)
        self.query_one("#letter-date", Static).update(date_text)
        self._update_labels()
        self._show_save_state()

    def _update_labels(self) -> None:
        """The voices' labels (who speaks, the child's age) and the words so far."""
        self._word_timer = None
        to_child = self.query_one("#to-child", VoiceArea)
        from_child = self.query_one("#from-child", VoiceArea)
        for area, label in ((to_child, ADULT_LABEL), (from_child, child_label(self._shown_age()))):
            words = word_count(area.text)
            set_border_text(area, title=label, subtitle=f"{words} word{'' if words == 1 else 's'}")

    def _show_save_state(self, _sub_title: object = None) -> None:
        """A quiet save mark beside the letter's date (the header says it too).

        Not in the pane's border: a change there repaints the whole pane, and the mark
        changes three times a second or so of typing (saving soon, saving, saved).
        """
        set_border_text(self, subtitle=self.focus_mode.words)
        mark = ""
        if self._kept_problem is not None and self.holds_unsaved_words():
            mark = SAVE_MARKS["not saved"]
        elif self.store.read_only and self._dirty:
            mark = KEPT_HERE
        elif self.letter_id is not None or self._dirty:
            mark = SAVE_MARKS.get("unsaved" if self._dirty else self.ic_app.save_state, "")
        saved = self.query_one("#letter-saved", Heading)
        if str(saved.content) != mark:
            saved.update(mark)

    # Focus modes --------------------------------------------------------------------
    def _apply_focus_mode(self) -> None:
        voices = self.query_one("#letter-voices", Horizontal)
        voices.set_class(self.focus_mode is FocusMode.ADULT, "-adult-only")
        voices.set_class(self.focus_mode is FocusMode.CHILD, "-child-only")
        self._show_save_state()

    def _writing_voice(self) -> str:
        """Which voice the cursor goes to: the child's only when only the child shows."""
        return "child" if self.focus_mode is FocusMode.CHILD else "adult"

    def _voice_area(self, voice: str) -> VoiceArea:
        return self.query_one("#from-child" if voice == "child" else "#to-child", VoiceArea)

    def set_focus_mode(self, mode: FocusMode) -> None:
        """Show both voices, or one (the other folds away); the cursor follows."""
        in_voice = self._focused_voice()
        self.focus_mode = mode
        self._apply_focus_mode()
        if mode is FocusMode.ADULT and in_voice == "child":
            self._voice_area("adult").focus()
        elif mode is FocusMode.CHILD and in_voice != "child":
            self._voice_area("child").focus()

    def _focused_voice(self) -> str | None:
        focused = self.screen.focused if self.screen.is_attached else None
        if focused is self.query_one("#to-child"):
            return "adult"
        if focused is self.query_one("#from-child"):
            return "child"
        return None

    # Writing ------------------------------------------------------------------------
    @on(VoiceArea.Changed)
    @on(Input.Changed, "#letter-title, #letter-age")
    def _typed(self, event: VoiceArea.Changed | Input.Changed) -> None:
        event.stop()
        if self._word_timer is None:
            self._word_timer = self.set_timer(WORD_COUNT_SECONDS, self._update_labels)
        # Once edits are pending, further keys need no comparison (it costs on big texts).
        if not self._dirty and not self._shown_differs_from_stored():
            return  # a letter was loaded, or an edit was taken back: nothing to save
        self._dirty = True
        self._schedule_autosave()
        # (With the file read-only the words are kept here, never saved in a moment.)
        self.ic_app.saver.set_state("not saved" if self.store.read_only else "unsaved")

    def _schedule_autosave(self) -> None:
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        if self._autosave is not None:
            self._autosave.stop()
        waited = now - self._unsaved_since
        delay = max(0.0, min(AUTOSAVE_PAUSE_SECONDS, AUTOSAVE_MAX_WAIT_SECONDS - waited))
        self._autosave = self.set_timer(delay, self._autosave_now)

    @property
    def autosave_pending(self) -> bool:
        """Typing happened and the pause-in-typing save has not run yet."""
        return self._autosave is not None

    def _autosave_now(self) -> None:
        self._autosave = None
        if self.flush_edits():
            self.post_message(DataChanged(tables=LETTERS))

    def _shown_age(self) -> int | None:
        """The age in the field, or the stored one while the field holds no valid age."""
        try:
            return parse_age(self.query_one("#letter-age", Input).value)
        except ValueError:
            return age_of(self._stored())

    def _shown(self) -> dict[str, Any]:
        return {
            "to_child": clean_text(self.query_one("#to-child", VoiceArea).text),
            "from_child": clean_text(self.query_one("#from-child", VoiceArea).text),
            "title": self.query_one("#letter-title", Input).value,
            "age": self._shown_age(),
        }

    def _stored(self) -> Mapping[str, Any]:
        try:
            return self.store.letters.get(self.letter_id) if self.letter_id else {}
        except StoreError:
            # Removed elsewhere: nothing is stored to compare with, so anything typed is
            # unsaved, and brings the letter back when it is written (_put_in_store).
            return {}

    def _shown_differs_from_stored(self) -> bool:
        stored = self._stored()
        shown = self._shown()
        if stored.get("age") != shown.pop("age") and stored:
            return True
        return any(stored.get(key, "") != value for key, value in shown.items())

    def flush_edits(self) -> bool:
        """Put what is typed into the store; True if anything changed."""
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        if not self._dirty:
            return False
        self._dirty = False
        self._unsaved_since = None
        if not self._shown_differs_from_stored():
            self._show_save_state()
            return False
        if not self._put_in_store(self._shown()):
            self._dirty = True  # still to be put in the store: the next flush tries again
            self._show_save_state()
            return False
        self._show_save_state()
        return True

    @tells_store_errors(failed=False)
    def _put_in_store(self, fields: dict[str, Any]) -> bool:
        """Put ``fields`` (what is shown) into the open letter, or a new one; with the
        file read-only, keep them on this computer instead (False: not in the store)."""
        key = self._key()
        try:
            self._write_letter(fields)
        except ReadOnly:  # not told at every autosave: the app said why, once
            self._keep_words_here()
            return False
        if self.kept.let_go(key):
            self._write_kept()
        return True

    def _write_letter(self, fields: dict[str, Any]) -> None:
        if self.letter_id is not None and self._nowhere(self.letter_id):
            self.letter_id = None  # not in the file at all: the words make a new letter
        if self.letter_id is None:
            self.letter_id = self.store.letters.new(age=fields["age"])["id"]
            self.store.letters.update(self.letter_id, **fields)
            self._refresh_months()
            self._refresh_list()
            self._show_letter()
        elif self.store.letters.removed(self.letter_id):
            # Removed on another computer while these words were being written: a removal
            # elsewhere must not destroy words it never saw. The letter comes back, in its
            # place, with them (its other side can remove it again, having seen them).
            self.store.letters.bring_back(self.letter_id, was=self._held, **fields)
            self.notify(
                f"{named(self._held)} was removed on another computer while you were "
                "writing in it. It is kept here, with your words.",
                title="Your words are kept",
                timeout=10,
            )
            self._refresh_months()
            self._refresh_list()
        else:
            if words_of(self._stored()) != self._based_on:
                # Another computer's words arrived (a merge) while these were typed
                # over the older text: keep theirs as a copy before writing ours.
                self.store.letters.keep_copy(self.letter_id)
                self._refresh_list()
            self.store.letters.update(self.letter_id, **fields)
            # While the writing goes on, the entry is relabelled when it stops.
            self._relabel_current(now=not self.query_one("#letter-editor").has_focus_within)
        self._held = self._stored()
        self._based_on = words_of(self._held)

    # Words kept while the file is read-only (see letter_draft.py) -------------------
    def _key(self) -> str:
        return self.letter_id or NEW_LETTER

    def _words_here(self) -> Draft:
        return {**self._shown(), "letter_id": self.letter_id, "based_on": list(self._based_on)}

    def _keep_words_here(self) -> None:
        """The store refused the open letter's words (the file is read-only): keep them
        on this computer, and say so once."""
        if self.kept.keep(self._key(), self._words_here()):
            self._write_kept()
        self.ic_app.saver.set_state("not saved")

    def _tell_kept(self) -> None:
        if not self._kept_told:
            self._kept_told = True
            self.notify(
                "This letter's words are kept on this computer while the file is "
                "read-only, and go into the letter once it can be written again. "
                "Nothing you write here is lost.",
                title="Your letter",
                timeout=10,
            )

    def _write_kept(self) -> None:
        draft, generation = self.kept.next_write()
        self._write_draft(draft, generation)

    @work(thread=True, group="letter-draft", exit_on_error=False)
    def _write_draft(self, draft: Draft | None, generation: int) -> None:
        try:
            self.kept.write(draft, generation)
        except OSError as error:
            self.app.call_from_thread(self._kept_not_written, error)
            return
        if draft is not None and not self._kept_told:  # said once they are safe here
            self.app.call_from_thread(self._tell_kept)

    def _kept_not_written(self, error: OSError) -> None:
        told = self._kept_problem is not None
        self._kept_told = True  # (never "kept" after this)
        self._kept_problem = (
            "The file is read-only, and this letter's words could not be kept on this "
            f"computer either ({error.strerror or error})."
        )
        self._show_save_state()
        if not told:
            self.notify(
                f"{self._kept_problem} Keep the editor open, or copy them elsewhere.",
                title="Your letter",
                severity="warning",
                timeout=15,
            )

    def holds_unsaved_words(self) -> bool:
        return bool(self.kept) or (self._dirty and self.store.read_only)

    def keep_words_now(self) -> str | None:
        """On the way out: the words the read-only file could not take, written now."""
        if not self.filled:
            return None
        if self._dirty and self.store.read_only and self._shown_differs_from_stored():
            self.kept.keep(self._key(), self._words_here())
        if not self.kept and self._kept_problem is None:
            return None
        draft, generation = self.kept.next_write()
        try:
            self.kept.write(draft, generation)
        except OSError as error:
            return (
                "The file is read-only, and your letter's words could not be kept on this "
                f"computer either ({error.strerror or error})."
            )
        self._kept_problem = None
        return None

    def pick_up_kept_words(self) -> None:
        """When the app opens: words kept while the file was read-only go into their
        letters (or, while it still is, are shown in them again)."""
        if self.ic_app.problem or self.ic_app.locked or not self.filled:
            return
        count = self.kept.read()
        if not count:
            return
        if not self.store.read_only:
            self.file_writable_again()
            return
        self._kept_told = True  # (said here, not again at the next autosave)
        self._show_letter()
        letters = "a letter" if count == 1 else f"{count} letters"
        self.notify(
            f"The words you wrote in {letters} while the file was read-only are kept "
            "here, and go in once it can be written.",
            title="Your letters",
            timeout=10,
        )

    @tells_store_errors
    def file_writable_again(self) -> None:
        """Kept words into their letters: the open one's by the editor (it may hold
        newer words still), the others straight into the store."""
        if not self.kept:
            return
        open_key = self._key()
        count = 0
        for key, entry in list(self.kept.words.items()):
            if key == open_key and self._dirty:
                continue  # the editor's flush (the save asked for) puts these in
            put_into_store(self.store, entry)
            self.kept.let_go(key)
            count += 1
        self._write_kept()
        self.refresh_from_store()
        self.post_message(DataChanged(tables=LETTERS))
        if count:
            letters = "a letter" if count == 1 else f"{count} letters"
            self.notify(
                f"The words you wrote in {letters} while the file was read-only are in them now.",
                title="Your letters",
                timeout=8,
            )

    def _nowhere(self, letter_id: str) -> bool:
        return not self._stored() and not self.store.letters.removed(letter_id)

    def _relabel_current(self, *, now: bool = True) -> None:
        """The open letter's list entry shows its new title, age or first words; with
        ``now`` False only later (a new entry makes the list measure every entry again, a
        long pause at a thousand letters, so not at every autosave while typing)."""
        self._entry_stale = not now
        if self.letter_id is None:
            return
        listing = self.query_one("#letters-list", OptionList)
        try:
            index = listing.get_option_index(self.letter_id)
        except Exception:
            self._refresh_list()  # filtered out, or new here: the list is built again
            return
        letter = self.store.letters.get(self.letter_id)
        label = letter_label(letter)
        if now and listing.get_option_at_index(index).prompt != label:
            listing.replace_option_prompt_at_index(index, label)
        if self._built_list is not None:  # the list stays built: only this entry changed
            search, month, entries = self._built_list
            versions = tuple(
                (key, letter["updated_at"] if key == letter["id"] else version)
                for key, version in entries
            )
            self._built_list = (search, month, versions)

    def on_descendant_blur(self) -> None:
        # Every focus change saves what was typed.
        if self.flush_edits():
            self.post_message(DataChanged(tables=LETTERS))
        if self._entry_stale:
            self._entry_stale = False
            self._relabel_current()
        if _is_age(self.query_one("#letter-age", Input).value):
            self._age_warned = False
        elif not self._age_warned:
            self._age_warned = True
            self.notify(
                "The inner child's age is a number from 0 to 17 (or leave it empty); "
                "the letter keeps its earlier age until then.",
                timeout=5,
            )

    def _screen_changed(self, _screen: Screen[Any]) -> None:
        if self.flush_edits():
            self.post_message(DataChanged(tables=LETTERS))

    # Finding ------------------------------------------------------------------------
    @on(Input.Changed, "#letters-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_list()

    @on(Input.Submitted, "#letters-search")
    def _search_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#letters-list", OptionList).focus()

    @on(Select.Changed, "#letters-month")
    def _month_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._refresh_list()

    def action_search(self) -> None:
        self.query_one("#letters-search", Input).focus()

    # Actions ------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#letters-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == MORE:
            listing = event.option_list
            first_new = event.option_index
            self._list_limit += LIST_PAGE
            self._refresh_list()
            listing.highlighted = first_new
            return
        self.open_letter(event.option.id)

    def open_letter(self, letter_id: str | None) -> None:
        """Show a letter in the editor and put the cursor in the voice being written."""
        if letter_id is None or self._when_filled(lambda: self.open_letter(letter_id)):
            return
        if self.flush_edits():
            self.post_message(DataChanged())
        self.letter_id = letter_id
        self._show_letter()
        area = self._voice_area(self._writing_voice())
        area.move_cursor(area.document.end)  # where the letter goes on, not before its words
        area.focus()

    @tells_store_errors
    def action_new_letter(self) -> None:
        if self.flush_edits():
            self.post_message(DataChanged())
        letter = self.store.letters.new()
        self.letter_id = letter["id"]
        # A new letter is today's: show it even when a search or a month hid it.
        self.query_one("#letters-search", Input).value = ""
        self.query_one("#letters-month", Select).clear()
        self.refresh_from_store()
        self._voice_area(self._writing_voice()).focus()
        self.post_message(DataChanged())

    def action_other_voice(self) -> None:
        if self.focus_mode is FocusMode.ADULT:
            self.set_focus_mode(FocusMode.CHILD)
            return
        if self.focus_mode is FocusMode.CHILD:
            self.set_focus_mode(FocusMode.ADULT)
            self._voice_area("adult").focus()
            return
        voice = "adult" if self._focused_voice() == "child" else "child"
        self._voice_area(voice).focus()

    def action_focus_mode(self) -> None:
        self.set_focus_mode(self.focus_mode.next)
        self.notify(f"Showing {self.focus_mode.words}.", timeout=2)

    def action_another_prompt(self) -> None:
        self.query_one(PromptLine).another()

    def action_add_prompt(self) -> None:
        self.query_one(PromptLine).ask_for_own()

    def action_remove_prompt(self) -> None:
        self.query_one(PromptLine).let_go()

    def _highlighted_letter(self) -> str | None:
        listing = self.query_one("#letters-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @tells_store_errors
    def action_export(self) -> None:
        letter_id = self._highlighted_letter() or self.letter_id
        if letter_id is None:
            self.notify("There is no letter to export yet.", timeout=3)
            return
        if self.flush_edits():  # the export holds what was typed a moment ago
            self.post_message(DataChanged(tables=LETTERS))
        letter = self.store.letters.get(letter_id)
        title = letter.get("title", "").strip()
        slug = "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())
        name = f"letter-{letter.get('day', '')}{'-' + slug[:40] if slug else ''}.md"

        def export_to(answer: str | None) -> None:
            if answer:
                self._export(letter_id, answer)

        self.app.push_screen(
            PromptScreen("Export this letter as Markdown, to the file:", value=f"~/{name}"),
            export_to,
        )

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, letter_id: str, where: str) -> None:
        """Off the event loop: writing a file waits for the disk (fsync)."""
        app = self.app
        try:
            letter = self.store.letters.get(letter_id)
            written = write_export(Path(where), letter_markdown(letter), data_file=self.store.path)
        except StoreError as error:
            app.call_from_thread(app.notify, str(error), severity="warning", timeout=6)
            return
        app.call_from_thread(
            app.notify, f"The letter is in {written}, readable only by you.", timeout=6
        )

    @tells_store_errors
    def action_remove(self) -> None:
        listing = self.query_one("#letters-list", OptionList)
        if listing.highlighted is None:
            return
        letter_id = listing.get_option_at_index(listing.highlighted).id
        if letter_id is None:
            return
        self.flush_edits()
        removed = self.store.letters.delete(letter_id)
        if self.letter_id == letter_id:
            self.letter_id = None
        self.refresh_from_store()
        label = removed.get("title") or f"the letter of {removed['day']}"
        self.post_message(RecordRemoved("letters", removed, label))
        self.post_message(DataChanged())
        listing.focus()
