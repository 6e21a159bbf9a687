"""The check-in driven from the keyboard, asserting on the data file reopened from disk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from apphelpers import SIZES, TODAY, WIDE, Clock, build, live, pressed, read_file, settle, type_text
from textual.widgets import Checkbox, OptionList

from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.screens.history import DayScreen, HistoryScreen
from innerchild_tui.app.screens.own_words import OwnWordsScreen
from innerchild_tui.app.widgets.word_picker import WordPicker
from innerchild_tui.store import Store


async def test_mood_feeling_need_and_save_in_ten_keystrokes_from_another_pane(
    db_path: Path,
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h")  # start somewhere else on the dashboard
        await pilot.pause()
        assert app.active_pane().id == "habits"
        keys = ["c", "7", "tab", "c", "enter", "tab", "r", "enter", "ctrl+s"]
        assert len(keys) <= 10
        await pilot.press(*keys)
        await settle(pilot)
    (checkin,) = live(db_path, "checkins")
    assert checkin["mood"] == 7
    assert checkin["feelings"] == ["calm"]
    assert checkin["intensity"] == {}  # no strength was given, so none is kept
    assert checkin["needs"] == ["rest"]
    assert checkin["day"] == "2026-11-24"
    assert checkin["part_of_day"] == "morning"
    assert checkin["backfilled"] is False


async def test_a_feeling_has_the_strength_the_person_gives_it_and_no_other(
    db_path: Path,
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c", "7", "tab")
        await type_text(pilot, "hopeful")
        await pilot.press("enter")
        picker = app.query_one("#feelings", WordPicker)
        chosen = str(picker.query_one(".picker-chosen").render())
        assert "✓ hopeful" in chosen
        assert "quite" not in chosen
        await type_text(pilot, "tired")
        await pilot.press("enter", "plus")  # stronger: the first strength given
        await type_text(pilot, "sad")
        await pilot.press("enter", "minus")  # softer
        await type_text(pilot, "very scared")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
    (checkin,) = live(db_path, "checkins")
    assert checkin["feelings"] == ["hopeful", "tired", "sad", "scared"]
    assert checkin["intensity"] == {"tired": 2, "sad": 1, "scared": 3}


async def test_a_paste_of_several_words_adds_each_and_a_long_one_is_cut_and_said_so(
    db_path: Path,
) -> None:
    """A pasted list (a line each, or commas) adds each word but the last, which waits in
    the field for Enter; a line longer than the field keeps its first 60 letters, with a
    word about it (Textual took nothing at all from it, silently)."""
    from textual import events

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        feelings = app.query_one("#feelings", WordPicker)
        await pilot.press("c", "tab")
        assert app.focused is feelings.input
        feelings.input.post_message(events.Paste("tired, lonely\nhopeful"))
        await settle(pilot)
        assert feelings.words == ("tired", "lonely") and feelings.input.value == "hopeful"
        await pilot.press("enter")
        assert feelings.words == ("tired", "lonely", "hopeful")
        feelings.input.post_message(events.Paste("so very " * 20))
        await settle(pilot)
        assert feelings.input.value == ("so very " * 20)[:60].strip()
        assert any("first 60 letters" in str(n.message) for n in app._notifications)


async def test_the_therapy_box_says_what_it_is_and_shows_its_mark(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        flag = app.query_one("#checkin-therapy", Checkbox)
        assert str(flag.render()).strip() == "[ ] bring to therapy"
        await pilot.press("c", "t")
        await pilot.pause()
        assert str(flag.render()).strip() == "[✓] bring to therapy"
        assert "(t)" in str(flag.tooltip)  # the key, read from the bindings


async def test_every_field_from_the_keyboard(db_path: Path) -> None:
    app = build(db_path, Clock(2026, 11, 24, 21, 15))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4", "up", "up")  # energy: 3 on the first step, then 4
        await pilot.press("t")  # bring to therapy
        await pilot.press("tab")
        await type_text(pilot, "very sad")
        await pilot.press("enter")
        await type_text(pilot, "tired")
        await pilot.press("enter", "minus", "minus")
        await pilot.press("tab")
        await type_text(pilot, "a hug")
        await pilot.press("enter", "enter")  # empty Enter: on to the note
        await type_text(pilot, "hard call")
        await pilot.press("tab", "tab")  # past the therapy box
        await type_text(pilot, "tight")
        await pilot.press("enter", "tab")
        await type_text(pilot, "7")
        await pilot.press("enter")
        await type_text(pilot, "you did nothing wrong")
        await pilot.press("enter")
        await settle(pilot)
    (checkin,) = live(db_path, "checkins")
    assert checkin["mood"] == 4
    assert checkin["energy"] == 4
    assert checkin["feelings"] == ["sad", "tired"]
    assert checkin["intensity"] == {"sad": 3, "tired": 1}
    assert checkin["needs"] == ["a hug"]
    assert checkin["note"] == "hard call"
    assert checkin["body"] == ["tight chest"]
    assert checkin["age"] == 7
    assert checkin["to_hear"] == "you did nothing wrong"
    assert checkin["therapy"] is True
    assert checkin["part_of_day"] == "evening"


async def test_a_word_of_ones_own_is_kept_in_the_file_and_offered_next_time(
    db_path: Path,
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("6", "tab")
        await type_text(pilot, "wobbly")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        told = " ".join(n.message for n in app._notifications)
        assert "“wobbly” is saved to your word list for next time (w shows it)." in told
    (checkin,) = live(db_path, "checkins")
    assert checkin["feelings"] == ["wobbly"]
    (word,) = live(db_path, "words")
    assert word["id"] == "feeling-wobbly"
    assert (word["kind"], word["word"]) == ("feeling", "wobbly")
    again = build(db_path)
    async with again.run_test(size=WIDE) as pilot:
        picker = again.query_one("#feelings", WordPicker)
        assert "wobbly" in picker.vocabulary
        await pilot.press("5", "tab")
        await type_text(pilot, "wob")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
    assert sorted(c["feelings"][0] for c in live(db_path, "checkins")) == ["wobbly", "wobbly"]
    assert len(live(db_path, "words")) == 1


async def test_own_words_are_seen_and_let_go_from_the_check_in(db_path: Path) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.checkins.add(6, ["wobbly", "fizzy"], ["a nap"], "", body=["tingly toes"])
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c", "w")
        await pilot.pause()
        assert isinstance(app.screen, OwnWordsScreen)
        listing = app.screen.query_one(OptionList)
        shown = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert [line.split("   ")[0] for line in shown] == [
            "wobbly",
            "fizzy",
            "a nap",
            "tingly toes",
        ]
        assert all(listing.get_option_at_index(i).prompt for i in range(listing.option_count))
        assert listing.max_scroll_y == 0  # every word in view, none behind a scroll
        await pilot.press("d")  # wobbly: no longer offered
        await settle(pilot)
        assert listing.option_count == 3
        await pilot.press("escape")
        await pilot.pause()
        picker = app.query_one("#feelings", WordPicker)
        assert "wobbly" not in picker.vocabulary and "fizzy" in picker.vocabulary
    assert sorted(w["word"] for w in live(db_path, "words")) == ["a nap", "fizzy", "tingly toes"]
    (checkin,) = live(db_path, "checkins")
    assert checkin["feelings"] == ["wobbly", "fizzy"]  # what was felt stays felt
    again = build(db_path)
    async with again.run_test(size=WIDE) as pilot:  # and what was let go can come back
        await pilot.press("c", "w", "d", "u")
        await settle(pilot)
        await pilot.press("escape")
    assert sorted(w["word"] for w in live(db_path, "words")) == ["a nap", "fizzy", "tingly toes"]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_own_words(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.checkins.add(6, ["wobbly", "fizzy"], ["a nap"], "", body=["tingly toes"])
    store.save()
    assert snap_compare(build(db_path), terminal_size=SIZES[size], run_before=pressed("c", "w"))


def seed_past(db_path: Path) -> str:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    record = store.checkins.add(
        3, ["lonely"], ["company"], "a quiet weekend", day=TODAY - timedelta(3)
    )
    store.save()
    return str(record["id"])


async def test_a_past_check_in_is_edited_from_the_history(db_path: Path) -> None:
    checkin_id = seed_past(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("up", "up", "up", "enter")  # three days back, open it
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        assert app.screen.day == TODAY - timedelta(3)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen | DayScreen)
        pane = app.query_one(CheckinPane)
        assert pane.editing_id == checkin_id
        await pilot.press("6", "ctrl+s")
        await settle(pilot)
    (edited,) = live(db_path, "checkins")
    assert edited["id"] == checkin_id
    assert edited["mood"] == 6
    assert edited["day"] == (TODAY - timedelta(3)).isoformat()
    assert edited["feelings"] == ["lonely"]
    assert edited["note"] == "a quiet weekend"


async def test_a_past_check_in_is_removed_from_the_history_and_can_come_back(
    db_path: Path,
) -> None:
    checkin_id = seed_past(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y", "up", "up", "up", "enter")
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        assert live(db_path, "checkins") == []
        tombstone = read_file(db_path)["checkins"][checkin_id]
        assert tombstone["deleted"] is True
        assert "note" not in tombstone and "feelings" not in tombstone
        await pilot.press("u")
        await settle(pilot)
    assert [c["id"] for c in live(db_path, "checkins")] == [checkin_id]


async def test_an_earlier_day_is_filled_in_from_the_history(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y", "up", "enter")  # yesterday, no check-in yet
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(CheckinPane).target_day == TODAY - timedelta(1)
        await pilot.press("5", "ctrl+s")
        await settle(pilot)
    (checkin,) = live(db_path, "checkins")
    assert checkin["day"] == "2026-11-23"
    assert checkin["backfilled"] is True


async def test_the_evening_invitation_comes_once_and_only_without_a_check_in(
    db_path: Path,
) -> None:
    clock = Clock(2026, 11, 24, 19, 50)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(CheckinPane)

        def invitations() -> int:
            return sum(1 for n in app._notifications if n.title == "A gentle moment")

        pane.remind_if_due()
        await pilot.pause()
        assert invitations() == 0  # not yet 20:00
        clock.now = clock.now.add(minutes=15)
        pane.remind_if_due()
        pane.remind_if_due()
        await pilot.pause()
        assert invitations() == 1  # once, never repeated that day
        clock.now = clock.now.add(hours=5)  # 01:05: still the same practice day
        pane.remind_if_due()
        await pilot.pause()
        assert invitations() == 1

    # Opened again the same evening, it does not invite a second time.
    again = build(db_path, Clock(2026, 11, 24, 21, 0))
    async with again.run_test(size=WIDE) as pilot:
        again.query_one(CheckinPane).remind_if_due()
        await pilot.pause()
        assert not any(n.title == "A gentle moment" for n in again._notifications)

    # A check-in before the time means no invitation at all.
    other = build(db_path, Clock(2026, 11, 25, 20, 30))
    async with other.run_test(size=WIDE) as pilot:
        await pilot.press("8", "ctrl+s")
        await pilot.pause()
        other.query_one(CheckinPane).remind_if_due()
        await pilot.pause()
        assert not any(n.title == "A gentle moment" for n in other._notifications)

    # The time comes from the settings; an empty one turns it off.
    quiet = build(db_path, Clock(2026, 11, 26, 23, 0), checkin_reminder="")
    async with quiet.run_test(size=WIDE) as pilot:
        quiet.query_one(CheckinPane).remind_if_due()
        await pilot.pause()
        assert not any(n.title == "A gentle moment" for n in quiet._notifications)
