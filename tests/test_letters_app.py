"""The letter editor driven as a person would, asserting on the data file reopened from disk."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

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
from textual import events
from textual.app import App
from textual.widgets import Input, OptionList, Select, Static

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes import letters as letters_module
from innerchild_tui.app.panes import letters as letters_pane
from innerchild_tui.app.panes.comfort import ComfortPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.screens.help import HelpScreen
from innerchild_tui.app.screens.prompt import PromptScreen
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
    store.add_checkin(6, ["calm"], note="a quiet morning")
    store.add_habit("Drink water")
    older = store.new_letter("Older")
    store.update_letter(older["id"], to_child="the older words")
    store.update_letter(store.new_letter("Newest")["id"], to_child="the newest words")
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
    older = store.new_letter("Autumn")
    store.update_letter(older["id"], to_child="leaves and rain")
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
    store.add_prompt("What game shall we play?")
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
    garden = store.new_letter("The garden", age=6)
    store.update_letter(garden["id"], to_child="Dear little one", from_child="snails")
    other = store.new_letter("Another day")
    store.update_letter(other["id"], to_child="not this one")
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
    letter = store.new_letter("Long")
    store.update_letter(letter["id"], to_child="an earlier page of words. " * 2000)
    store.save()
    loop_thread = threading.current_thread()  # the test runs on the app's event loop
    save_threads: list[threading.Thread] = []
    in_flight = threading.Event()  # a save has begun in a worker and is being held
    release = threading.Event()  # the test lets it finish
    real_save = Store.save

    def held_save(self: Store) -> bool:
        save_threads.append(threading.current_thread())
        if threading.current_thread() is not loop_thread and not release.is_set():
            in_flight.set()
            release.wait(timeout=120)
        return real_save(self)

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
        letter = store.new_letter(f"Letter {number}")
        store.update_letter(
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
        assert app.store.letter(str(found))["title"] == "Letter 3"


async def test_a_letter_opened_again_goes_on_where_its_words_end(db_path: Path) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    letter = store.new_letter("The river")
    store.update_letter(letter["id"], to_child="Dear little one,\nI remember the river.")
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
