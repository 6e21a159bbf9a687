"""Words written here while another window or computer removes the same record.

Each test runs the real app (a Pilot) over a real file, and changes that file with a
second real ``Store`` or the CLI, as another window would; the app takes the change in
as its timed look does (``check_for_outside_changes``). Losing a word is the worst bug:
a removal elsewhere must never destroy words it did not see, and the person is told.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import TODAY, WIDE, Clock, build, live, read_file, run_cli, settle, type_text
from textual.widgets import Input

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.screens.confirm import ConfirmScreen
from innerchild_tui.app.screens.habit_calendar import HabitCalendarScreen
from innerchild_tui.app.screens.habit_dialogs import DayWordsScreen
from innerchild_tui.app.widgets.quiet import Heading
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.store import Store

TYPED = " THIRD-RUN typed just before the delete"
DAY = TODAY.isoformat()  # the app's day (its clock), given to the CLI

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


def ticked_walk(db_path: Path, *, linked: bool = False) -> str:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    walk = store.habits.add("Walk outside", link="checkin" if linked else None)
    if linked:
        store.checkins.add(6, ["calm"])  # ticks it: "ticked by your check-in"
    else:
        store.habit_days.set_done(walk["id"], TODAY)
    store.save()
    return walk["id"]


async def open_note(pilot: object, app: InnerChildApp, habit_id: str) -> HabitsPane:
    pane = app.query_one(HabitsPane)
    await pilot.press("h")  # type: ignore[attr-defined]
    pane.table.move_cursor(row=pane.table.get_row_index(habit_id))
    await pilot.press("n")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, DayWordsScreen)
    return pane


async def test_a_note_written_while_the_tick_is_taken_back_elsewhere_does_not_tick_again(
    db_path: Path,
) -> None:
    """The CLI takes the tick back while the note dialog is open; Enter does not bring the
    tick back: the person is asked, and "Leave it" leaves the day empty (and says the
    note's words)."""
    walk_id = ticked_walk(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_note(pilot, app, walk_id)
        await type_text(pilot, "note from A")
        result = run_cli("--db", str(db_path), "habit", "undo", "Walk outside", "--date", DAY)
        assert result.returncode == 0, result.stderr
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "taken back elsewhere" in app.screen.question
        await pilot.press("n")  # leave it
        await settle(pilot)
        assert "note from A" in toasts(app)
        row = app.query_one(HabitsPane).table.get_row_at(
            app.query_one(HabitsPane).table.get_row_index(walk_id)
        )
        assert "done" not in str(row[1])
        await pilot.press("ctrl+q")
    assert live(db_path, "completions") == []


async def test_a_note_on_a_day_taken_back_elsewhere_may_mark_it_again_when_asked(
    db_path: Path,
) -> None:
    walk_id = ticked_walk(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_note(pilot, app, walk_id)
        await type_text(pilot, "note from A")
        run_cli("--db", str(db_path), "habit", "undo", "Walk outside", "--date", DAY)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+q")
    (entry,) = live(db_path, "completions")
    assert (entry["status"], entry["note"]) == ("done", "note from A")


async def test_a_note_goes_with_the_day_as_it_now_stands(db_path: Path) -> None:
    """Marked partly done elsewhere while the note was written: the note goes with that."""
    walk_id = ticked_walk(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_note(pilot, app, walk_id)
        await type_text(pilot, "note from A")
        run_cli("--db", str(db_path), "habit", "partial", "Walk outside", "--date", DAY)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")
    (entry,) = live(db_path, "completions")
    assert (entry["status"], entry["note"]) == ("partial", "note from A")


async def test_a_note_on_a_day_a_link_ticked_starts_empty_with_the_link_as_a_hint(
    db_path: Path,
) -> None:
    walk_id = ticked_walk(db_path, linked=True)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_note(pilot, app, walk_id)
        field = app.screen.query_one("#day-words", Input)
        assert field.value == ""
        assert field.placeholder == "ticked by your check-in"
        await type_text(pilot, "a small walk counts")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        field = app.screen.query_one("#day-words", Input)
        assert field.value == "a small walk counts"  # the person's own note, to edit
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    (entry,) = [e for e in live(db_path, "completions") if e["habit_id"] == walk_id]
    assert (entry["status"], entry["note"]) == ("done", "a small walk counts")


async def test_words_newer_than_the_other_windows_removal_keep_the_letter_and_say_so(
    db_path: Path,
) -> None:
    """The order the tester met in tmux: B removes the letter a moment after A typed, A's
    words are put in the store after that (so they are the newer): the merge changes
    nothing here, but A is still told why the letter stays, and B why it came back."""
    letter_id = seed_letter(db_path)
    window_b = Store.open(db_path, device="window-b", clock=Clock(2026, 11, 24, 9, 30))
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_and_type(pilot, app, letter_id)
        window_b.letters.delete(letter_id)
        window_b.save()
        app.check_for_outside_changes()
        await settle(pilot)
        assert app.query_one(LettersPane).letter_id == letter_id
        assert "removed on another computer" in toasts(app)
        assert window_b.reload_if_changed()
        assert window_b.last_merge_letters_back == (letter_id,)
        await pilot.press("ctrl+q")
    (letter,) = live(db_path, "letters")
    assert letter["to_child"] == "Dear little one," + TYPED


async def test_a_letter_kept_here_reaches_the_file_a_sync_client_put_the_removal_in(
    db_path: Path,
) -> None:
    """A sync client puts the other computer's file (the removal, never merged with the
    words saved here) in place of ours. A look at it (nothing typed since) keeps the
    letter here, says so, and writes it back at once: the file says removed no longer."""
    letter_id = seed_letter(db_path)
    window_b = other_window(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_and_type(pilot, app, letter_id)
        app.check_for_outside_changes()  # typed words saved
        await settle(pilot)
        window_b.letters.delete(letter_id)
        replaced = db_path.with_name("from-the-other-computer.json")
        replaced.write_bytes(window_b.payload())
        replaced.replace(db_path)  # as a sync client does: no merge with ours
        assert live(db_path, "letters") == []
        app.check_for_outside_changes()  # nothing typed since: a look, then a save
        await settle(pilot)
        assert "removed on another computer" in toasts(app)
        (letter,) = live(db_path, "letters")
        assert letter["to_child"] == "Dear little one," + TYPED
        await pilot.press("ctrl+q")


async def test_the_calendars_note_also_goes_with_the_day_as_it_now_stands(db_path: Path) -> None:
    walk_id = ticked_walk(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(HabitsPane)
        await pilot.press("h")
        pane.table.move_cursor(row=pane.table.get_row_index(walk_id))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HabitCalendarScreen)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "note from A")
        run_cli("--db", str(db_path), "habit", "undo", "Walk outside", "--date", DAY)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HabitCalendarScreen)
        await pilot.press("escape", "ctrl+q")
    assert live(db_path, "completions") == []


def test_a_removal_keeps_only_what_it_saw_and_every_computer_brings_back_the_same(
    db_path: Path,
) -> None:
    """The store's rule on its own: a removal that names the version it removed wins
    over that version (and older ones); one that never saw the words loses to them, in
    either order of merging, the same record on each side."""
    from innerchild_tui.domain.merge import letters_brought_back

    letter_id = seed_letter(db_path)
    writer = Store.open(db_path, device="window-a", clock=Clock(2026, 11, 24, 10, 0))
    remover = other_window(db_path)
    seen = remover.letters.get(letter_id)
    remover.letters.delete(letter_id)
    tombstone = dict(remover._raw("letters", letter_id) or {})
    words = writer.letters.update(letter_id, to_child="Dear little one," + TYPED)
    ours, theirs = {letter_id: dict(words)}, {letter_id: tombstone}
    back = letters_brought_back(ours, theirs)
    assert back == letters_brought_back(theirs, ours)
    assert back[letter_id]["to_child"] == "Dear little one," + TYPED
    assert back[letter_id]["updated_at"] > tombstone["updated_at"]
    # The version the removal saw, met again (a stale copy): the removal stands.
    assert letters_brought_back({letter_id: dict(seen)}, theirs) == {}
