"""Pick words (feelings, needs) from a short list by typing: Enter adds, Backspace removes."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from innerchild_tui.domain.text import clean_name
from innerchild_tui.domain.vocabulary import normalise_word


class WordInput(Input):
    """An input where Backspace on an empty line takes back the last chosen word."""

    class RemoveLast(Message):
        pass

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.RemoveLast())
            return
        await super()._on_key(event)


class WordPicker(Vertical):
    DEFAULT_CSS = """
    WordPicker { height: auto; }
    WordPicker > .picker-row { height: 1; }
    WordPicker > .picker-chosen { height: auto; color: $text; }
    WordPicker > .picker-options { height: auto; max-height: 2; color: $text-muted; }
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

    def __init__(self, label: str, vocabulary: tuple[str, ...], *, id: str) -> None:
        super().__init__(id=id)
        self.label = label
        self.vocabulary = vocabulary

    def compose(self) -> ComposeResult:
        yield WordInput(
            placeholder=f"{self.label}: type, Enter to add",
            suggester=SuggestFromList(self.vocabulary, case_sensitive=False),
            compact=True,
            max_length=60,
        )
        yield Static(classes="picker-chosen")
        yield Static(classes="picker-options")

    def on_mount(self) -> None:
        self._show()

    @property
    def input(self) -> WordInput:
        return self.query_one(WordInput)

    def set_words(self, words: list[str]) -> None:
        self.words = tuple(words)
        self._show()

    def match(self, typed: str) -> str:
        """The list word a typed beginning stands for, or the typed word itself."""
        wanted = normalise_word(clean_name(typed))
        for word in self.vocabulary:
            if word.startswith(wanted):
                return word
        return wanted

    @on(Input.Submitted)
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.post_message(self.Done(self))
            return
        word = self.match(event.value)
        if word and word not in self.words:
            self.words = (*self.words, word)
            self.post_message(self.Changed(self))
        self.input.value = ""
        self._show()

    @on(WordInput.RemoveLast)
    def _remove_last(self) -> None:
        if self.words:
            self.words = self.words[:-1]
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
            chosen.append("  ".join(f"✓ {word}" for word in self.words))
        else:
            chosen.append("none yet", style="dim italic")
        self.query_one(".picker-chosen", Static).update(chosen)
        typed = normalise_word(self.input.value)
        options = [w for w in self.vocabulary if w.startswith(typed) and w not in self.words]
        self.query_one(".picker-options", Static).update(Text(" · ".join(options)))
