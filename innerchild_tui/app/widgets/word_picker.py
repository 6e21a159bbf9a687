"""Pick words (feelings, needs, body sensations) by typing: the list filters as you type,
Enter adds, Backspace on an empty line takes back. A word not in the list is the person's
own. Feelings also carry an intensity: "very sad" or "sad:3" when typed, +/− after."""

from __future__ import annotations

import re

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import Suggester
from textual.widgets import Input, Static

from innerchild_tui.domain.feelings import (
    INTENSITY_WORDS,
    best_match,
    matching,
    normalise_word,
    split_intensity,
    with_intensity,
)
from innerchild_tui.domain.text import clean_name

_QUALIFIERS = tuple(f"{words} " for words in INTENSITY_WORDS.values())


class WordSuggester(Suggester):
    """Completes the word being typed from the picker's current list, after any
    "a little", "quite" or "very" in front of it."""

    def __init__(self, picker: WordPicker) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.picker = picker

    async def get_suggestion(self, value: str) -> str | None:
        prefix = next((q for q in _QUALIFIERS if value.startswith(q)), "")
        typed = value[len(prefix) :]
        if not typed.strip():
            return None
        found = [w for w in matching(typed, self.picker.vocabulary) if w.startswith(typed)]
        return prefix + found[0] if found else None


class WordInput(Input):
    """An input where Backspace on an empty line takes back the last chosen word, and
    + or − on an empty line make the last feeling stronger or softer."""

    class RemoveLast(Message):
        pass

    class Adjust(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class PastedWords(Message):
        def __init__(self, words: list[str]) -> None:
            super().__init__()
            self.words = words

    def _on_paste(self, event: events.Paste) -> None:
        """A paste of several words (one a line, or with commas between) adds each but the
        last, which stays in the field to be added with Enter; what does not fit the field
        (a feeling is a few words) is cut, and said so. Textual kept the first line and
        took nothing at all from a line too long for the field."""
        event.stop()
        event.prevent_default()  # (Input's own would paste the first line as well)
        parts = [part.strip() for part in re.split(r"[\n\r,;]+", event.text) if part.strip()]
        if not parts:
            return
        limit = self.max_length or None
        cut = [part[:limit] for part in parts]
        if cut[:-1]:
            self.post_message(self.PastedWords(cut[:-1]))
        last = cut[-1]
        room = (limit - len(self.value)) if limit else len(last)
        self.insert_text_at_cursor(last[: max(room, 0)])
        if cut != parts or len(last) > room:
            self.notify(
                f"A feeling or a need is a few words: the first {limit} letters of each were kept.",
                timeout=5,
            )

    async def _on_key(self, event: events.Key) -> None:
        if not self.value and event.key in ("backspace", "plus", "minus"):
            event.stop()
            event.prevent_default()
            if event.key == "backspace":
                self.post_message(self.RemoveLast())
            else:
                self.post_message(self.Adjust(1 if event.key == "plus" else -1))
            return
        await super()._on_key(event)


class WordPicker(Vertical):
    DEFAULT_CSS = """
    WordPicker { height: auto; }
    WordPicker > .picker-chosen { height: auto; max-height: 2; color: $text; }
    WordPicker > .picker-options { height: auto; max-height: 2; color: $text-muted; }
    WordPicker > .picker-options { display: none; }
    WordPicker.-open > .picker-options { display: block; }
    """

    words: reactive[tuple[str, ...]] = reactive((), init=False)

    class Changed(Message):
        def __init__(self, picker: WordPicker) -> None:
            super().__init__()
            self.picker = picker

    class Done(Message):
        """Enter on an empty line: the person is finished with this list."""

        def __init__(self, picker: WordPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(
        self,
        label: str,
        vocabulary: tuple[str, ...],
        *,
        id: str,
        intensities: bool = False,
        placeholder: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.vocabulary = vocabulary
        self.intensities = intensities
        self.levels: dict[str, int] = {}
        self.placeholder = placeholder or f"{label}: type, Enter to add"

    def compose(self) -> ComposeResult:
        yield WordInput(
            placeholder=self.placeholder,
            suggester=WordSuggester(self),
            compact=True,
            max_length=60,
        )
        yield Static(classes="picker-chosen")
        yield Static(classes="picker-options")

    def on_mount(self) -> None:
        self._show()

    # The words to pick from show while the focus is in the picker. A class set here, not
    # a `:focus-within` rule: Textual restyles after a focus change only below an ancestor
    # of the focused widget that a `:focus-within` rule itself matches, and such a rule
    # on the panes restyled a whole pane at each move (see Pane.show_focus).
    def on_descendant_focus(self) -> None:
        self.set_class(self.has_focus_within, "-open")

    def on_descendant_blur(self) -> None:
        self.set_class(self.has_focus_within, "-open")

    @property
    def input(self) -> WordInput:
        return self.query_one(WordInput)

    def set_vocabulary(self, vocabulary: tuple[str, ...]) -> None:
        self.vocabulary = vocabulary
        self._show()

    def set_words(self, words: list[str], levels: dict[str, int] | None = None) -> None:
        self.words = tuple(words)
        self.levels = {w: level for w, level in (levels or {}).items() if w in words}
        self._show()

    def match(self, typed: str) -> str:
        """The list word a typed beginning stands for, or the typed word itself."""
        return self.match_with_level(typed)[0]

    def match_with_level(self, typed: str) -> tuple[str, int | None]:
        """(word, intensity) for what was typed; the intensity only where it was given."""
        text = normalise_word(clean_name(typed))
        if self.intensities:
            text, level = split_intensity(text)
        else:
            level = None
        return best_match(text, self.vocabulary), level

    def typed_words(self) -> list[str]:
        """The chosen words, each with its intensity as text ("sad:3"), for the store."""
        return [
            f"{word}:{self.levels[word]}" if word in self.levels else word for word in self.words
        ]

    def new_words(self) -> list[str]:
        """Chosen words that are not (yet) in the list: the person's own."""
        return [word for word in self.words if word not in self.vocabulary]

    def add(self, typed: str) -> None:
        word, level = self.match_with_level(typed)
        if not word:
            return
        if word not in self.words:
            self.words = (*self.words, word)
        if self.intensities and level is not None:
            # Only a strength the person gave: "sad" alone has none until + or −.
            self.levels[word] = level
        self.post_message(self.Changed(self))
        self._show()

    @on(Input.Submitted)
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.post_message(self.Done(self))
            return
        self.add(event.value)
        self.input.value = ""
        self._show()

    @on(WordInput.PastedWords)
    def _pasted(self, event: WordInput.PastedWords) -> None:
        event.stop()
        for word in event.words:
            self.add(word)

    @on(WordInput.RemoveLast)
    def _remove_last(self) -> None:
        if self.words:
            self.levels.pop(self.words[-1], None)
            self.words = self.words[:-1]
            self.post_message(self.Changed(self))
            self._show()

    @on(WordInput.Adjust)
    def _adjust(self, event: WordInput.Adjust) -> None:
        if not (self.intensities and self.words):
            return
        last = self.words[-1]
        level = self.levels.get(last)
        if level is None:  # the first strength given: softer is "a little", stronger "quite"
            self.levels[last] = 2 if event.step > 0 else 1
        else:
            self.levels[last] = min(3, max(1, level + event.step))
        self.post_message(self.Changed(self))
        self._show()

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        self._show()

    def _show(self) -> None:
        chosen = Text()
        chosen.append(f"{self.label}: ", style="bold")
        if self.words:
            chosen.append(
                "  ".join(f"✓ {with_intensity(w, self.levels.get(w))}" for w in self.words)
            )
            if self.intensities:
                chosen.append("  +/− how strong", style="dim")
        else:
            chosen.append("none yet", style="dim italic")
        self._put(".picker-chosen", chosen)
        typed = self.input.value
        if self.intensities:
            typed = split_intensity(typed)[0] if typed.strip() else ""
        options = [w for w in matching(typed, self.vocabulary) if w not in self.words]
        hint = Text(" · ".join(options))
        wanted = normalise_word(typed)
        if wanted and wanted not in self.vocabulary:
            what = "Enter keeps it as your own word" if not options else ""
            if what:
                hint = Text(f"“{wanted}” is new: {what}", style="italic")
        self._put(".picker-options", hint)

    def _put(self, line: str, text: Text) -> None:
        """Show ``text`` on one of the picker's lines, only if it changed: a line's update
        lays the whole screen out again (its height follows its words), and every refresh
        from the store (each merge of another computer's change) set all three pickers'
        lines to what they showed already."""
        shown = self.query_one(line, Static)
        if shown.content != text:
            shown.update(text)
