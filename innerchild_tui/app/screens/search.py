"""One search for everything written: check-ins, letters, comfort items, support notes.

Words go in the field at the top; what holds every one of them shows below, grouped by
kind (a heading each), newest first, with its day and the words around the first match.
Enter on a letter opens it in the letters pane; on a check-in, its day's page.

The search runs off the event loop: each change of the words starts an exclusive thread
worker (a newer one cancels it) that waits :data:`PAUSE_SECONDS` for the typing to stop,
then searches; only the results for the words in the field are shown. Enter (or ↓)
searches at once, without the pause, and goes to the results when they come.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.worker import get_current_worker

from innerchild_tui.app.access import dashboard_app
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.widgets.quiet import Heading, QuietFooter, QuietHeader, QuietList
from innerchild_tui.domain.search import KINDS, Found, query_words

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp

HINT = "Every word must appear · Enter: to the results, then open one · {back} back"
EMPTY = "Type a few words to look through everything you have written."
NOTHING = "Nothing holds that."
SHOWN_PER_KIND = 50  # a ten-year file has thousands of check-ins holding "a"
# Entries added to the list at once: a screenful first, the rest a part a frame (Textual
# measures every entry as it is added; all 150 at once held the loop 15 ms at one year).
ADDED_AT_ONCE = 24
ONE_FRAME = 1 / 60
# How long the typing must stop before a search starts: a search over ten years takes
# 90–170 ms, so searching on every key kept the keys waiting.
PAUSE_SECONDS = 0.2


class SearchScreen(Screen[None]):
    """Search everything, one key from the dashboard."""

    DEFAULT_CSS = """
    SearchScreen #search-body { height: 1fr; padding: 0 1; }
    SearchScreen #search-input { margin: 1 0 0 0; }
    SearchScreen #search-hint { color: $text-muted; height: 1; }
    SearchScreen #search-results { height: 1fr; border: none; }
    SearchScreen #search-status { height: 1; color: $text-muted; text-style: italic; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="search.close", tooltip="Back to the dashboard"),
        Binding("down", "to_results", "Results", show=False, id="search.results",
                tooltip="From the words to the results"),
    ]  # fmt: skip

    class Searched(Message):
        """What a search found (from the worker thread), for which words, and the list's
        entries for it (built there too: a few hundred highlighted lines)."""

        def __init__(
            self,
            query: str,
            found: dict[str, list[Found]],
            counts: dict[str, int],
            options: list[Option],
        ) -> None:
            super().__init__()
            self.query = query
            self.found = found
            self.counts = counts
            self.options = options

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query  # the words in the field
        self.shown_query: str | None = None  # the words the results shown are for
        self.found: dict[str, list[Found]] = {}  # the newest SHOWN_PER_KIND of each kind
        self.counts: dict[str, int] = {}  # how many of each kind hold the words
        self.searches = 0  # searches run (not the ones a newer key cancelled first)
        self._to_results_when_found = False
        self._shown_count = 0  # results shown so far: entries added later check it
        self._waiting: list[Option] = []  # the shown results' entries not yet in the list

    @property
    def ic_app(self) -> InnerChildApp:
        return dashboard_app(self)

    def compose(self) -> ComposeResult:
        yield QuietHeader()
        with Vertical(id="search-body"):
            yield Input(self.query_text, placeholder="Search everything", id="search-input")
            back = key_for(self.app, "search.close", "escape")
            yield Static(HINT.format(back=back), id="search-hint")
            yield Heading(id="search-status")  # one line: a new count repaints it only
            yield QuietList(id="search-results")  # its size is its CSS's: new results repaint it
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self._look_for(self.query_text, pause=0)
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._to_results_when_found = False
        self._look_for(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_results()

    def _look_for(self, query: str, pause: float = PAUSE_SECONDS) -> None:
        """Search for ``query`` in a worker once the typing pauses (an empty field shows
        at once, and stops any search under way)."""
        self.query_text = query
        if not query_words(query):
            self.workers.cancel_group(self, "search")
            self._show(query, {})
            return
        self._search(query, pause)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str, pause: float) -> None:
        worker = get_current_worker()
        if pause and worker.cancelled_event.wait(pause):
            return  # another key came first
        self.searches += 1
        found, counts = self.ic_app.store.search_newest(query, SHOWN_PER_KIND)
        if worker.is_cancelled:
            return
        options = result_options(found, counts, query_words(query))
        if not worker.is_cancelled:
            self.post_message(self.Searched(query, found, counts, options))

    @on(Searched)
    def _searched(self, message: Searched) -> None:
        if message.query != self.query_text:
            return  # the words changed while it ran
        self._show(message.query, message.found, message.counts, message.options)
        if self._to_results_when_found:
            self._to_results_when_found = False
            self.action_to_results()
            self.ic_app.keys_in_order.resume()

    def _show(
        self,
        query: str,
        found: dict[str, list[Found]],
        counts: dict[str, int] | None = None,
        options: list[Option] | None = None,
    ) -> None:
        self.shown_query = query
        self._shown_count += 1
        self.found = found
        self.counts = counts if counts is not None else {k: len(v) for k, v in found.items()}
        listing = self.query_one(OptionList)
        was = listing.highlighted_option.id if listing.highlighted_option is not None else None
        listing.clear_options()
        self._waiting = []
        status = self.query_one("#search-status", Static)
        if not query_words(query):
            status.update(EMPTY)
            return
        if not self.found:
            status.update(NOTHING)
            return
        count = sum(self.counts.values())
        status.update(f"{count} found" if count != 1 else "1 found")
        if options is None:
            options = result_options(found, self.counts, query_words(query))
        self._add_options(self._shown_count, options)
        if was is not None and listing.has_focus:  # (the same results again: a day closed)
            with contextlib.suppress(OptionDoesNotExist):
                listing.highlighted = listing.get_option_index(was)

    def _add_options(self, shown: int, options: list[Option]) -> None:
        """Add ``options`` a screenful a frame, while the results they belong to
        (``shown``) are still the ones shown; all at once when the list has the focus
        (End and PageDown go over all of it)."""
        if shown != self._shown_count or not self.is_attached:
            return
        listing = self.query_one(OptionList)
        at_once = len(options) if listing.has_focus else ADDED_AT_ONCE
        listing.add_options(options[:at_once])
        self._waiting = options[at_once:]
        if self._waiting:
            self.set_timer(ONE_FRAME, lambda: self._add_options(shown, self._waiting))

    def action_to_results(self) -> None:
        if self.shown_query != self.query_text:
            # The results are not in yet: search now, and go to them when they come; the
            # keys typed after (↓, End, Enter) wait for them.
            self._to_results_when_found = True
            self.ic_app.keys_in_order.pause()
            self._search(self.query_text, 0)
            return
        listing = self.query_one(OptionList)
        if not self.found:
            return
        listing.focus()
        if self._waiting:  # the rest of the results first: the keys that follow go over all
            listing.add_options(self._waiting)
            self._waiting = []
        if listing.highlighted is None:
            listing.action_first()

    def action_close(self) -> None:
        self.ic_app.keys_in_order.resume()
        self.dismiss()

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, record_id = str(event.option.id or "").partition(":")
        item = next((f for f in self.found.get(kind, []) if f.record_id == record_id), None)
        if item is None:
            return
        app = self.ic_app
        if kind == "letter":
            self.dismiss()
            app.call_later(_open_letter, app, record_id)
        elif kind == "checkin" and item.day is not None:
            from innerchild_tui.app.screens.history import DayScreen

            app.push_screen(DayScreen(item.day, record_id), self._day_done)
        elif kind == "comfort":
            self.dismiss()
            app.call_later(app.action_focus_pane, "comfort")
        elif kind == "support":
            self.dismiss()
            app.call_later(app.action_support)

    def _day_done(self, result: tuple[str, Any] | None) -> None:
        if result is None:
            self._look_for(self.query_text, pause=0)  # a check-in may have been let go there
            return
        from innerchild_tui.app.screens.history import fill_checkin_pane

        self.dismiss()
        fill_checkin_pane(self.ic_app, result)


def result_options(
    found: dict[str, list[Found]], counts: dict[str, int], words: list[str]
) -> list[Option]:
    """The list's entries: each kind a heading that cannot be chosen, its newest
    :data:`SHOWN_PER_KIND` results, and how many more. Pure, so a worker builds them."""
    options: list[Option] = []
    for kind, heading in KINDS:
        of_kind = found.get(kind)
        if not of_kind:
            continue
        options.append(Option(Text(heading, style="bold"), disabled=True))
        options.extend(
            Option(_line(item, words), id=f"{kind}:{item.record_id}")
            for item in of_kind[:SHOWN_PER_KIND]
        )
        shown = min(len(of_kind), SHOWN_PER_KIND)
        if counts.get(kind, shown) > shown:
            more = counts.get(kind, shown) - shown
            options.append(
                Option(
                    Text(f"and {more} more, older; another word narrows them", style="dim"),
                    disabled=True,
                )
            )
    return options


def _line(item: Found, words: list[str]) -> Text:
    """One result: its day and title, and below it the words around the first match."""
    day = item.day.isoformat() if item.day else ""
    text = Text()
    text.append(f"{day:<10}  ", style="dim")
    text.append(item.title, style="bold")
    text.append("\n            ")
    snippet = Text(item.snippet)
    snippet.highlight_words(words, style="reverse", case_sensitive=False)
    text.append_text(snippet)
    return text


def _open_letter(app: InnerChildApp, letter_id: str) -> None:
    from innerchild_tui.app.panes.letters import LettersPane

    app.action_focus_pane("letters")
    app.query_one(LettersPane).open_letter(letter_id)
