"""Words written here while another window or computer removes the same record.

Each test runs the real app (a Pilot) over a real file, and changes that file with a
second real ``Store`` or the CLI, as another window would; the app takes the change in
as its timed look does (``check_for_outside_changes``). Losing a word is the worst bug:
a removal elsewhere must never destroy words it did not see, and the person is told.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import WIDE, Clock, build, live, read_file, settle, type_text

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.widgets.quiet import Heading
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.store import Store

TYPED = " THIRD-RUN typed just before the delete"

pytestmark = pytest.mark.usefixtures("no_timed_checks")


def seed_letter(db_path: Path) -> str:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    letter = store.letters.new("First")
    store.letters.update(letter["id"], to_child="Dear little one,")
    store.save()
    return letter["id"]


def other_window(db_path: Path) -> Store:
    """Window B, opened before anything is typed in A; its clock is later than A's, so
    its removal is the newer change (the case that lost words)."""
    return Store.open(db_path, device="window-b", clock=Clock(2026, 11, 24, 10, 30))


def toasts(app: InnerChildApp) -> str:
    return " ".join(n.message for n in app._notifications)


async def open_and_type(pilot: object, app: InnerChildApp, letter_id: str) -> None:
    app.query_one(LettersPane).open_letter(letter_id)
    await settle(pilot)  # type: ignore[arg-type]
    await type_text(pilot, TYPED)  # type: ignore[arg-type]


async def test_words_saved_here_before_the_other_window_removes_the_letter_are_kept(
    db_path: Path,
) -> None:
    """A's autosave reaches the file first; B, which never saw those words, removes the
    letter and saves (merging A's words in): the letter stays, with A's words, on both."""
    letter_id = seed_letter(db_path)
    window_b = other_window(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_and_type(pilot, app, letter_id)
        app.check_for_outside_changes()  # what is typed is put in the store and saved
        await settle(pilot)
        assert TYPED in live(db_path, "letters")[0]["to_child"]
        removed = window_b.letters.delete(letter_id)
        window_b.save()
        assert TYPED in window_b.letters.get(letter_id)["to_child"]
        assert window_b.last_merge_letters_back == (letter_id,)
        # B's undo brings back what B removed; the letter is back already, newer.
        window_b.restore("letters", removed)
        assert TYPED in window_b.letters.get(letter_id)["to_child"]
        window_b.save()
        app.check_for_outside_changes()
        await settle(pilot)
        assert app.query_one(LettersPane).letter_id == letter_id
        assert app.query_one("#to-child", VoiceArea).text == "Dear little one," + TYPED
        await pilot.press("ctrl+q")
    (letter,) = live(db_path, "letters")
    assert letter["id"] == letter_id and letter["to_child"] == "Dear little one," + TYPED


async def test_words_typed_here_when_the_other_windows_removal_comes_in_are_kept(
    db_path: Path,
) -> None:
    """B's removal reaches the file first and is newer than A's words; A's look at the
    file puts the typed words in and merges the removal: the letter stays with them, A's
    editor stays on it, and A is told."""
    letter_id = seed_letter(db_path)
    window_b = other_window(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_and_type(pilot, app, letter_id)
        window_b.letters.delete(letter_id)
        window_b.save()
        app.check_for_outside_changes()
        await settle(pilot)
        assert app.query_one(LettersPane).letter_id == letter_id
        assert app.query_one("#to-child", VoiceArea).text == "Dear little one," + TYPED
        assert "removed on another computer" in toasts(app)
        (letter,) = live(db_path, "letters")
        assert letter["to_child"] == "Dear little one," + TYPED
        # B takes the file in and is told the letter came back.
        assert window_b.reload_if_changed()
        assert window_b.last_merge_letters_back == (letter_id,)
        assert TYPED in window_b.letters.get(letter_id)["to_child"]
        await pilot.press("ctrl+q")


async def test_a_removal_that_saw_every_word_still_removes_and_the_editor_says_so(
    db_path: Path,
) -> None:
    """What the removal saw goes; nothing typed here was unsaved, so nothing is lost:
    the editor moves on and says why, rather than silently."""
    letter_id = seed_letter(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        app.query_one(LettersPane).open_letter(letter_id)
        await settle(pilot)
        window_b = other_window(db_path)  # has seen every word
        window_b.letters.delete(letter_id)
        window_b.save()
        app.check_for_outside_changes()
        await settle(pilot)
        assert app.query_one(LettersPane).letter_id != letter_id
        assert "was removed on another computer" in toasts(app)
        await pilot.press("ctrl+q")
    assert live(db_path, "letters") == []


async def test_words_typed_after_the_removal_was_taken_in_bring_the_letter_back(
    db_path: Path,
) -> None:
    """The removal (which saw everything stored) is merged while keys are still going
    into the open letter: those words bring it back, in its place, and A is told."""
    letter_id = seed_letter(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(LettersPane)
        pane.open_letter(letter_id)
        await settle(pilot)
        window_b = other_window(db_path)
        window_b.letters.delete(letter_id)
        window_b.save()
        assert app.store.reload_if_changed(in_hand=app.letter_in_hand)  # as the worker
        await type_text(pilot, TYPED)  # before the pane is shown the merge
        app.check_for_outside_changes()
        await settle(pilot)
        assert pane.letter_id == letter_id
        assert "kept here, with your words" in toasts(app)
        await pilot.press("ctrl+q")
    (letter,) = live(db_path, "letters")
    assert letter["id"] == letter_id and letter["to_child"] == "Dear little one," + TYPED
    assert letter["title"] == "First"
    assert not read_file(db_path)["letters"][letter_id].get("deleted")


async def test_a_check_in_removed_elsewhere_while_edited_here_is_kept_with_the_edit(
    db_path: Path,
) -> None:
    """Never a dead end: ctrl+s keeps the edit, the check-in back at its own day and time."""
    clock = Clock(2026, 11, 21, 19, 0)
    seed = Store.open(db_path, device="seed", clock=clock)
    checkin = seed.checkins.add(4, ["lonely"], note="a quiet weekend")
    seed.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(CheckinPane)
        pane.load_checkin(app.store.checkins.get(checkin["id"]))
        await settle(pilot)
        pane.query_one("#checkin-note", VoiceArea).focus()
        await pilot.press("end")
        await type_text(pilot, ", and a walk by the river")
        window_b = other_window(db_path)
        window_b.checkins.delete(checkin["id"])
        window_b.save()
        app.check_for_outside_changes()
        await settle(pilot)
        heading = str(pane.query_one("#checkin-heading", Heading).content)
        assert "Removed on another computer" in heading
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is no longer there" not in toasts(app)
        assert "kept, with your changes" in toasts(app)
        assert pane.editing_id is None
        assert "Editing an earlier" not in str(pane.query_one("#checkin-heading", Heading).content)
        await pilot.press("ctrl+q")
    (kept,) = live(db_path, "checkins")
    assert kept["id"] == checkin["id"]
    assert kept["note"] == "a quiet weekend, and a walk by the river"
    assert kept["feelings"] == ["lonely"] and kept["mood"] == 4
    assert kept["day"] == checkin["day"] and kept["created_at"] == checkin["created_at"]
    assert kept["part_of_day"] == checkin["part_of_day"]
    assert kept["backfilled"] is False
