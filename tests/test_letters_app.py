"""The letter editor driven as a person would, asserting on the data file reopened from disk."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from apphelpers import (
    SMALL,
    WIDE,
    Clock,
    build,
    live,
    read_file,
    settle,
    type_text,
    visible_text,
    wait_until,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Offset
from textual.widgets import Input, OptionList, Select, Static

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes import letters as letters_module
from innerchild_tui.app.panes import letters as letters_pane
from innerchild_tui.app.panes.comfort import ComfortPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.screens.help import HelpScreen
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.widgets.safe_text_area import SafeTextArea
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.domain.letters import FocusMode
from innerchild_tui.store import Store


def pane(app: InnerChildApp) -> LettersPane:
    return app.query_one(LettersPane)


def shown_ids(app: InnerChildApp) -> list[str | None]:
    listing = app.query_one("#letters-list", OptionList)
    return [listing.get_option_at_index(i).id for i in range(listing.option_count)]


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_both_voices_through_every_focus_mode_then_quit_mid_word(
    db_path: Path, size: tuple[int, int]
) -> None:
    app = build(db_path)

    def width(selector: str) -> int:
        return app.query_one(selector).region.width

    async with app.run_test(size=size) as pilot:
        await pilot.press("l", "ctrl+n")
        await type_text(pilot, "Dear little one")
        letters = pane(app)
        assert app.screen.focused is app.query_one("#to-child")
        await pilot.press("ctrl+o")  # my voice only: the child's side folds away
        assert letters.focus_mode is FocusMode.ADULT
        await wait_until(pilot, lambda: not width("#from-child"), "the child's side folded away")
        await type_text(pilot, ", I am here.")
        await pilot.press("ctrl+o")  # little me only, and the cursor goes there
        assert letters.focus_mode is FocusMode.CHILD
        await wait_until(pilot, lambda: not width("#to-child"), "my side folded away")
        assert app.screen.focused is app.query_one("#from-child")
        await type_text(pilot, "will you stay")
        await pilot.press("ctrl+t")  # from one voice to the other: my side again
        assert letters.focus_mode is FocusMode.ADULT
        await pilot.press("ctrl+o", "ctrl+o")  # little me only, then both again
        assert letters.focus_mode is FocusMode.BOTH
        await wait_until(
            pilot, lambda: width("#to-child") and width("#from-child"), "both voices shown again"
        )
        await pilot.press(*" 🌱 שלום\tand a tab", "ctrl+q")
    (letter,) = live(db_path, "letters")
    assert letter["to_child"] == "Dear little one, I am here."
    assert letter["from_child"] == "will you stay 🌱 שלום"  # Tab leaves the field, as it says
    # Reopened, the editor shows the words as they were left.
    app = build(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("l")
        assert app.query_one("#to-child", VoiceArea).text == "Dear little one, I am here."
        assert app.query_one("#from-child", VoiceArea).text == "will you stay 🌱 שלום"


async def test_the_first_frame_shows_today_and_the_letters_fill_in_after(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letters are composed after the dashboard's first frame; the pane key and a
    letter opened from a search, pressed before that, are done once the pane is filled."""
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.checkins.add(6, ["calm"], note="a quiet morning")
    store.habits.add("Drink water")
    older = store.letters.new("Older")
    store.letters.update(older["id"], to_child="the older words")
    store.letters.update(store.letters.new("Newest")["id"], to_child="the newest words")
    store.save()
    go_on = asyncio.Event()
    fill = LettersPane.fill

    async def held_back(self: LettersPane) -> None:
        await go_on.wait()
        await fill(self)

    monkeypatch.setattr(LettersPane, "fill", held_back)
    monkeypatch.setattr(ComfortPane, "fill", held_back)
    app = build(db_path)
    # App.run_test itself: the pilot from the moment the app is mounted (see conftest).
    async with App.run_test(app, size=WIDE) as pilot:
        await wait_until(pilot, lambda: app.workers, "the letters' filling begun")
        shown = visible_text(app)  # today's check-in and habits, with their data
        assert "09:00   ● 6  okay · calm" in shown and "Drink water" in shown
        assert "the newest words" not in shown
        assert not pane(app).children and not app.query_one(ComfortPane).children
        await pilot.press("l")  # before the letters are there: nothing breaks
        await pilot.press("o")  # nor before comfort is; the pane asked for last wins
        await pilot.pause()
        go_on.set()
        await wait_until(pilot, lambda: pane(app).filled, "the letters filled in")
        await settle(pilot)
        assert app.screen.focused is app.query_one("#comfort-table")
        await pilot.press("l")
        assert app.screen.focused is app.query_one("#letters-list")
        assert "the newest words" in visible_text(app)

    go_on.clear()
    app = build(db_path)
    async with App.run_test(app, size=WIDE) as pilot:
        pane(app).open_letter(older["id"])  # as a search result does
        go_on.set()
        await wait_until(pilot, lambda: pane(app).filled, "the letters filled in")
        await settle(pilot)
        assert app.query_one("#to-child", VoiceArea).text == "the older words"
        assert app.screen.focused is app.query_one("#to-child")


async def test_title_and_age_are_kept_and_label_the_child(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")
        await type_text(pilot, "hello")
        app.query_one("#letter-title", Input).focus()
        await type_text(pilot, "The garden")
        await pilot.press("tab", "7", "tab")
        await settle(pilot)
        child = app.query_one("#from-child", VoiceArea)
        await wait_until(pilot, lambda: child.border_title == "Little me, 7", "the age label")
        (letter,) = live(db_path, "letters")
        assert (letter["title"], letter["age"]) == ("The garden", 7)
        app.query_one("#letter-age", Input).focus()
        # 74 is not a child's age. (Not backspace first: an empty field is a valid "no
        # age", and on a slow machine an autosave may keep it between two keys.)
        await pilot.press("end", "4", "tab")
        await settle(pilot)
        messages = " ".join(n.message for n in app._notifications)
        assert "0 to 17" in messages
        await pilot.press("ctrl+q")
    (letter,) = live(db_path, "letters")
    assert letter["age"] == 7  # kept until a child's age is given


async def test_search_finds_a_word_typed_on_the_childs_side(db_path: Path) -> None:
    clock = Clock(2026, 10, 2, 10, 0)
    store = Store.open(db_path, device="desk", clock=clock)
    older = store.letters.new("Autumn")
    store.letters.update(older["id"], to_child="leaves and rain")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")
        await type_text(pilot, "Dear one")
        await pilot.press("ctrl+t")
        await type_text(pilot, "i found a Ladybird")
        new_id = pane(app).letter_id
        await pilot.press("ctrl+f")
        await type_text(pilot, "ladybird")
        await pilot.pause()
        assert shown_ids(app) == [new_id]
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "rain")
        await pilot.pause()
        assert shown_ids(app) == [older["id"]]
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "nowhere at all")
        await pilot.pause()
        assert shown_ids(app) == [None]  # the kind "nothing holds that" line
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.pause()
        assert shown_ids(app) == [new_id, older["id"]]
        # The month filter.
        select = app.query_one("#letters-month", Select)
        select.value = "2026-10"
        await pilot.pause()
        assert shown_ids(app) == [older["id"]]
        # Enter opens a letter from the list.
        app.query_one("#letters-list", OptionList).focus()
        await pilot.press("enter")
        assert pane(app).letter_id == older["id"]
        assert app.query_one("#to-child", VoiceArea).text == "leaves and rain"
        assert app.screen.focused is app.query_one("#to-child")
        await pilot.press("ctrl+q")
    by_id = {r["id"]: r for r in live(db_path, "letters")}
    assert by_id[new_id]["from_child"] == "i found a Ladybird"


async def test_remove_a_letter_and_bring_it_back(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")
        await type_text(pilot, "words to keep")
        await pilot.press("ctrl+t")
        await type_text(pilot, "and mine")
        letter_id = pane(app).letter_id
        app.query_one("#letters-list", OptionList).focus()
        await pilot.press("d")
        await settle(pilot)
        tomb = read_file(db_path)["letters"][letter_id]
        assert tomb["deleted"] is True and "to_child" not in tomb
        assert shown_ids(app) == [None]
        await pilot.press("u")
        await settle(pilot)
        assert shown_ids(app) == [letter_id]
    (letter,) = live(db_path, "letters")
    assert (letter["to_child"], letter["from_child"]) == ("words to keep", "and mine")


async def test_a_screen_change_saves_what_was_typed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, no_timed_checks: None
) -> None:
    # No other save may beat the screen change, even on a slow machine.
    monkeypatch.setattr(letters_pane, "AUTOSAVE_PAUSE_SECONDS", 60.0)
    monkeypatch.setattr(letters_pane, "AUTOSAVE_MAX_WAIT_SECONDS", 60.0)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")
        await type_text(pilot, "before the help")
        assert pane(app).autosave_pending
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        (letter,) = live(db_path, "letters")
        assert letter["to_child"] == "before the help"


async def test_prompts_change_on_a_key_and_own_prompts_are_kept(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l")
        prompt = app.query_one("#letter-prompt", Static)
        first = str(prompt.render())
        await pilot.press("ctrl+r")
        assert str(prompt.render()) != first
        app.query_one("#letters-list", OptionList).focus()
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await type_text(pilot, "What game shall we play?")
        await pilot.press("enter")
        await settle(pilot)
        assert "What game shall we play?" in str(prompt.render())
    assert [p["text"] for p in live(db_path, "prompts")] == ["What game shall we play?"]


async def test_an_own_prompt_can_be_let_go_where_it_is_shown(db_path: Path) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.prompts.add("What game shall we play?")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l")
        prompt = app.query_one("#letter-prompt", Static)
        for _ in range(40):  # round the prompts to the person's own
            if "What game shall we play?" in str(prompt.render()):
                break
            await pilot.press("ctrl+r")
        assert "yours: - lets it go" in str(prompt.render())
        await pilot.press("minus")
        await settle(pilot)
        assert "What game shall we play?" not in str(prompt.render())
        assert live(db_path, "prompts") == []
        await pilot.press("minus")  # a prompt that comes with the app stays
        await pilot.pause()
        told = " ".join(n.message for n in app._notifications)
        assert "only prompts of your own can be let go" in told
        await pilot.press("u")  # and an own prompt let go comes back
        await settle(pilot)
    assert [p["text"] for p in live(db_path, "prompts")] == ["What game shall we play?"]


async def test_one_letter_is_exported_from_the_list(db_path: Path, isolated_home: Path) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    garden = store.letters.new("The garden", age=6)
    store.letters.update(garden["id"], to_child="Dear little one", from_child="snails")
    other = store.letters.new("Another day")
    store.letters.update(other["id"], to_child="not this one")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l")
        listing = app.query_one("#letters-list", OptionList)
        listing.highlighted = shown_ids(app).index(garden["id"])
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        asked = app.screen.query_one(Input)
        assert asked.value == "~/letter-2026-11-24-the-garden.md"
        await pilot.press("enter")
        await settle(pilot)
    written = isolated_home / "letter-2026-11-24-the-garden.md"
    text = written.read_text(encoding="utf-8")
    assert "## The garden" in text and "Dear little one" in text and "snails" in text
    assert "not this one" not in text
    assert written.stat().st_mode & 0o777 == 0o600


async def test_a_megabyte_paste_with_odd_characters_is_kept_safely(db_path: Path) -> None:
    line = "Dear little one, שלום 🌱\tyou are safe.\x1b[2J\x00\r\n"
    paste = line * (1_000_000 // len(line) + 1)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")
        # The paste arrives as a terminal sends it: one event with all the text.
        app.query_one("#to-child", VoiceArea).post_message(events.Paste(paste))
        await pilot.pause()
        await type_text(pilot, " end")
        await pilot.press("ctrl+q")
    (letter,) = live(db_path, "letters")
    expected = ("Dear little one, שלום 🌱\tyou are safe.[2J\n" * (paste.count("\r\n"))) + " end"
    assert letter["to_child"] == expected
    assert "\x1b" not in letter["to_child"] and "\x00" not in letter["to_child"]


async def test_typing_goes_on_while_a_save_is_in_flight_and_loses_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves come every 0.2 s of unbroken typing into a long letter, and write in a worker.

    The first save is held in its thread until more has been typed: typing that goes on
    while a save is in flight proves no save holds the event loop, whatever the machine's
    speed (a save on the loop would freeze the keys, and is caught by its thread too).
    """
    monkeypatch.setattr(letters_module, "AUTOSAVE_MAX_WAIT_SECONDS", 0.2)
    store = Store.open(db_path, device="desk")
    letter = store.letters.new("Long")
    store.letters.update(letter["id"], to_child="an earlier page of words. " * 2000)
    store.save()
    loop_thread = threading.current_thread()  # the test runs on the app's event loop
    save_threads: list[threading.Thread] = []
    in_flight = threading.Event()  # a save has begun in a worker and is being held
    release = threading.Event()  # the test lets it finish
    real_save = Store.save

    def held_save(self: Store, **options: Any) -> bool:
        save_threads.append(threading.current_thread())
        if threading.current_thread() is not loop_thread and not release.is_set():
            in_flight.set()
            release.wait(timeout=120)
        return real_save(self, **options)

    monkeypatch.setattr(Store, "save", held_save)

    async def type_words(first: int, last: int) -> str:
        words = "".join(f"word{n} " for n in range(first, last))
        await type_text(pilot, words)
        return words

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l")
        area = app.query_one("#from-child", VoiceArea)
        area.focus()
        await settle(pilot)
        save_threads.clear()
        typed = await type_words(0, 10)
        await wait_until(pilot, in_flight.is_set, "a save while typing")
        typed += await type_words(10, 20)  # the save is still held in its thread
        assert not release.is_set() and area.text == typed
        release.set()
        # Typing on until another save has begun (a bound turns a hang into a failure).
        more = 20
        while len(save_threads) < 2:
            assert more < 1000, "no save came while typing on"
            typed += await type_words(more, more + 1)
            more += 1
        await settle(pilot)
        saved_while_typing = list(save_threads)
        await pilot.press("ctrl+q")
    assert live(db_path, "letters")[0]["from_child"] == typed
    assert len(saved_while_typing) >= 2
    assert loop_thread not in saved_while_typing, "a save ran on the event loop"


async def test_a_long_list_shows_the_latest_letters_and_more_on_enter(db_path: Path) -> None:
    """Years of letters: the newest hundred at first, then more on asking; search and the
    month filter still reach every letter."""
    clock = Clock(2020, 1, 1, 10, 0)
    store = Store.open(db_path, device="desk", clock=clock)
    for number in range(250):
        letter = store.letters.new(f"Letter {number}")
        store.letters.update(
            letter["id"], to_child="word " * 3 + ("marigold" if number == 3 else "")
        )
        clock.now = clock.now.add(days=7)
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.query_one("#letters-list", OptionList)
        assert listing.option_count == letters_pane.LIST_PAGE + 1
        last = listing.get_option_at_index(listing.option_count - 1)
        assert "150 older letters" in str(last.prompt)
        await pilot.press("l", "end", "enter")  # "Enter shows more"
        await settle(pilot)
        assert listing.option_count == 2 * letters_pane.LIST_PAGE + 1
        assert listing.highlighted == letters_pane.LIST_PAGE  # the first of the new ones
        assert "50 older letters" in str(listing.get_option_at_index(200).prompt)
        await pilot.press("ctrl+f")
        await type_text(pilot, "marigold")
        await settle(pilot)
        (found,) = shown_ids(app)
        assert app.store.letters.get(str(found))["title"] == "Letter 3"


async def test_a_letter_opened_again_goes_on_where_its_words_end(db_path: Path) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    letter = store.letters.new("The river")
    store.letters.update(letter["id"], to_child="Dear little one,\nI remember the river.")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l")
        app.query_one("#letters-list", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, " It was cold.")
        await pilot.press("ctrl+q")
        await pilot.pause()
    (kept,) = live(db_path, "letters")
    assert kept["to_child"] == "Dear little one,\nI remember the river. It was cold."


# A letter pasted as one line of about 720 KB ---------------------------------------------
PARAGRAPH = "Dear little one, I remember the garden, שלום 🌱, and the long summer afternoons. "
PASTE = PARAGRAPH * (720_000 // len(PARAGRAPH))
ESCAPE, OVERRIDE = "\x1b[2J", "\u202e"  # what another program could hide in the file


def _text_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every rich Text made from now on: to show one screen row, nothing
    should build a text of the whole letter."""
    from rich.text import Text

    sizes: list[int] = []
    made = Text.__init__

    def counted(self: Text, text: str = "", *args: object, **options: object) -> None:
        sizes.append(len(text))
        made(self, text, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Text, "__init__", counted)
    return sizes


def _drawn(area: VoiceArea) -> str:
    return "".join(segment.text for y in range(area.size.height) for segment in area.render_line(y))


async def test_a_letter_pasted_as_one_line_of_720_kb_is_shown_and_written_in_a_row_at_a_time(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Highlighting, opening, typing into and saving a huge one-line letter never makes a
    text of the whole letter (Textual divided the whole line for every row it drew and
    wrapped it whole at every key: ten seconds and more at 720 KB); the letter comes back
    whole, with the words typed where they were typed, and hostile text stays out."""
    from textual.document._wrapped_document import WrappedDocument

    from innerchild_tui.domain.shapes import safe_text

    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 20, 9, 0))
    small = store.letters.new("A short one")
    store.letters.update(small["id"], to_child="Dear little one, hello.")
    store.save()
    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 23, 9, 0))
    big = store.letters.new("A long paste")
    store.letters.update(big["id"], to_child=PASTE)
    store.save()
    data = read_file(db_path)  # hostile text written by another program
    garden, middle = PASTE.index("garden"), len(PASTE) // 2
    data["letters"][big["id"]]["to_child"] = (
        PASTE[:garden] + ESCAPE + PASTE[garden:middle] + OVERRIDE + PASTE[middle:]
    )
    db_path.write_text(json.dumps(data), encoding="utf-8")
    shown = safe_text(data["letters"][big["id"]]["to_child"])
    assert ESCAPE[0] not in shown and OVERRIDE not in shown and len(shown) > 700_000

    sizes = _text_sizes(monkeypatch)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the newest letter, the long one, is on screen
        area = app.query_one("#to-child", VoiceArea)
        assert area.text == shown
        assert max(sizes) < 10_000, "a text of the whole letter was made to show it"
        await pilot.press("l", "down", "up")  # the list: the short letter, the long one
        listing = app.query_one("#letters-list", OptionList)
        assert shown_ids(app)[listing.highlighted or 0] == big["id"]
        label = str(listing.get_option_at_index(listing.highlighted or 0).prompt)
        assert "Dear little one, I remember…" in label and len(label) < 100
        await pilot.press("enter")  # open it: the cursor goes where its words end
        await type_text(pilot, " I am here.")
        await pilot.press("up", "up", "up")  # a few rows back into the pasted line
        await settle(pilot)
        row, column = area.cursor_location
        assert row == 0 and 0 < column < len(shown)
        await type_text(pilot, "and now ")
        await settle(pilot)
        expected = shown[:column] + "and now " + shown[column:] + " I am here."
        assert area.text == expected
        # Wrapped again after each key from the key on: the rows Textual would make whole.
        textual = WrappedDocument(area.document, area.wrap_width, area.indent_width)
        assert area.wrapped_document._wrap_offsets == textual._wrap_offsets
        assert list(area.wrapped_document._offset_to_line_info) == textual._offset_to_line_info
        drawn = _drawn(area)
        assert "and now " in drawn.replace("\n", "")
        assert "\x1b" not in drawn and OVERRIDE not in drawn
        assert max(sizes) < 10_000, "a text of the whole letter was made while writing"
        await pilot.press("ctrl+q")
    (kept,) = [letter for letter in live(db_path, "letters") if letter["id"] == big["id"]]
    assert kept["to_child"] == expected


# The long-line editor against Textual's own code ----------------------------------------
# Words and spaces of every width: wide (CJK, emoji, the ideographic space), none (a mark,
# the joiner, a variation selector, one beyond the plane), Hebrew, no-break spaces, tabs,
# and words wider than a row.
PIECES = [
    "a", "bb", "é", " ", " ", "  ", "ש", "🌱", "世", "\u3000", "\U0001d400", "\U000e0100",
    "\u0301", "\u200d", "\ufe0f", "❤", "x" * 30, "\u00a0", "\u2003", "我记得", "y" * 90,
]  # fmt: skip
line_text = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(deadline=None, max_examples=300)
@given(line=line_text, width=st.integers(min_value=0, max_value=60))
def test_a_line_is_wrapped_a_row_at_a_time_where_textual_wraps_it(line: str, width: int) -> None:
    from textual._wrap import compute_wrap_offsets

    from innerchild_tui.app.widgets.long_lines import wrap_breaks

    expected = compute_wrap_offsets(line, width, 4) if width else []
    assert wrap_breaks(line, width, 4) == expected
    assert wrap_breaks(line + "\t" + line, width, 4) == (
        compute_wrap_offsets(line + "\t" + line, width, 4) if width else []
    )


long_text = st.lists(st.sampled_from(PIECES), min_size=40, max_size=200).map(
    lambda pieces: "".join(pieces) + "end " * 260  # past LONG_LINE and many rows
)
edits = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),
        st.integers(min_value=0, max_value=12),
        st.sampled_from([*PIECES, "\n", "a\nb", ""]),
        st.sampled_from([0, 1]),
    ),
    min_size=1,
    max_size=6,
)


# A row that starts where the edit ends: in a word after it, outside one before (found
# by a longer random search; the rows after it are not the old ones moved).
FOLD_AFTER_EDIT = "世\u0301\u3000bb\U000e0100\u200d  \U0001d400é ❤\u200d" + "end " * 260


@settings(deadline=None, max_examples=60)
@example(lines=[FOLD_AFTER_EDIT], width=3, changes=[(2.5 / len(FOLD_AFTER_EDIT), 1, "𝐀", 0)])
@example(lines=["我记得" * 600], width=20, changes=[(0.5, 0, "x", 0), (0.7, 3, " ", 0)])
@example(
    lines=[("a" + "\u0301" * 10) * 200] * 2, width=7, changes=[(0.5, 2, "b", 0), (0.2, 0, "\n", 1)]
)
@given(
    lines=st.lists(long_text, min_size=1, max_size=3),
    width=st.integers(min_value=2, max_value=50),
    changes=edits,
)
def test_an_edit_is_wrapped_again_from_the_edit_as_textual_wraps_the_whole_document(
    lines: list[str], width: int, changes: list[tuple[float, int, str, int]]
) -> None:
    """As TextArea edits: the document changes, then ``wrap_range`` is told the edit's
    top, its old bottom and where the new text ends. The rows, and the cursor's way
    between places and cells, are what Textual's ``WrappedDocument`` gives for the
    document wrapped whole."""
    from textual.document._document import Document
    from textual.document._wrapped_document import WrappedDocument

    from innerchild_tui.app.widgets.long_lines import SectionWrap

    document = Document("\n".join(lines))
    wrapped = SectionWrap(document, width, 4)
    for where, length, text, line_pick in changes:
        row = min(line_pick, document.line_count - 1)
        column = int(where * len(document[row]))
        end = (row, min(len(document[row]), column + length))
        result = document.replace_range((row, column), end, text)
        wrapped.wrap_range((row, column), end, result.end_location)
        textual = WrappedDocument(document, width, 4)
        assert wrapped._wrap_offsets == textual._wrap_offsets
        assert list(wrapped._offset_to_line_info) == textual._offset_to_line_info
        assert [list(rows) for rows in wrapped._line_index_to_offsets] == (
            textual._line_index_to_offsets
        )
        assert wrapped.height == textual.height
        for index in range(document.line_count):
            assert wrapped.get_tab_widths(index) == textual.get_tab_widths(index)
            assert wrapped.get_sections(index) == textual.get_sections(index)
            for place in (0, column, len(document[index]) // 3, len(document[index])):
                location = (index, min(place, len(document[index])))
                assert wrapped.location_to_offset(location) == textual.location_to_offset(location)
        for y in range(0, textual.height, max(1, textual.height // 8)):
            for x in (0, 3, width // 2, width + 5):
                offset = Offset(x, y)
                assert wrapped.offset_to_location(offset) == textual.offset_to_location(offset)


class _OneArea(App[None]):
    CSS = "SafeTextArea { width: 40; height: 12; }"

    def compose(self) -> ComposeResult:
        yield SafeTextArea(soft_wrap=True)  # a voice's text area, brackets matched


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPH * 40,
        ("Dear one,\t(you) 世界 " * 120) + "\n" + "short line",
        "start\n" + "(x)" * 900 + "y" * 300,
        "first\n" + PARAGRAPH * 40 + "\nlast",
    ],
    ids=["paste", "tabs-wide-brackets", "long-word", "between-lines"],
)
async def test_a_long_line_is_drawn_a_row_at_a_time_as_textual_draws_it(text: str) -> None:
    """Each row of a long wrapped line, drawn from its own characters, is the row Textual
    draws from the whole line divided (the cursor, a selection within the line and one
    across lines, matching brackets, tabs, focus and none)."""
    from textual.strip import Strip
    from textual.widgets import TextArea
    from textual.widgets.text_area import Selection

    app = _OneArea()
    async with app.run_test(size=(60, 20)) as pilot:
        area = app.query_one(SafeTextArea)
        area.load_text(text)
        area.focus()
        await pilot.pause()
        long_row = max(range(area.document.line_count), key=lambda row: len(area.document[row]))
        length = len(area.document[long_row])
        places = [
            Selection.cursor((long_row, length)),
            Selection.cursor((long_row, length // 2)),
            Selection.cursor((long_row, max(0, area.document[long_row].find("(")))),
            Selection((long_row, length // 3), (long_row, length // 3 + 150)),
            Selection((0, 2), (area.document.line_count - 1, 3)),
        ]

        def rows() -> list[Strip]:
            width = area.content_size.width
            return [area._render_line(y).crop(0, width) for y in range(area.size.height)]

        def textual_rows() -> list[Strip]:
            width = area.content_size.width
            return [TextArea._render_line(area, y).crop(0, width) for y in range(area.size.height)]

        for focused in (True, False):
            if not focused:
                app.set_focus(None)
            for selection in places:
                area.selection = selection
                await pilot.pause()
                assert area.wrapped_document.get_offsets(long_row), "the long line is wrapped"
                assert [list(row) for row in rows()] == [list(row) for row in textual_rows()]
        # Laid out but not yet told its size (not wrapped): the line's start shows.
        area.scroll_to(0, 0, animate=False, immediate=True)
        area.wrapped_document.wrap(0, area.indent_width)
        assert [list(row) for row in rows()] == [list(row) for row in textual_rows()]
