"""A data file that is read-only, or made read-only while the app is open.

Found by a helper playing a user in tmux: a file made read-only (chmod 444) while open was
replaced by the next save without a word; the words of a letter typed into a read-only
file were gone after quitting, with no question; and the long read-only reason came
again at every autosave and every refused key, five toasts over the letter being written.
Each test is the real app through Pilot over a real file in a temp dir. The app's check
reads the file's mode bits, so ``chmod 444`` is honoured even where the tests run as root.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from apphelpers import WIDE, Clock, build, live, settle, type_text, wait_until
from textual.widgets import TextArea

from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.drafts import DraftFile, draft_path
from innerchild_tui.store import Store

LETTER_WORDS = "dear little one, you were never too much"


def _seeded(db_path: Path) -> str:
    """A saved file with one habit and one letter; the letter's id."""
    seed = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    seed.habits.add("Walk")
    letter = seed.letters.new("The garden")
    seed.save()
    return letter["id"]


def _notes(app: Any, title: str = "Read-only") -> list[str]:
    return [n.message for n in app._notifications if n.title == title]


def _said(app: Any, words: str) -> int:
    """How many notifications on screen hold ``words``, whatever their title."""
    return sum(words in n.message for n in app._notifications)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("no_timed_checks")  # the save finds it, not the look for changes
async def test_a_file_made_read_only_while_open_is_never_replaced(db_path: Path) -> None:
    _seeded(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        db_path.chmod(0o444)
        before, inode = db_path.read_bytes(), db_path.stat().st_ino
        await pilot.press("h", "space")  # a tick, saved at once: the save finds it protected
        await settle(pilot)
        assert app.store.read_only
        assert _mode(db_path) == 0o444 and db_path.stat().st_ino == inode
        assert db_path.read_bytes() == before
        told = _notes(app)
        assert len(told) == 1 and "made write-protected while innerchild was open" in told[0]
        # The header says what is true: read-only, and the tick is not in the file.
        assert "read-only" in app.sub_title and "not saved" in app.sub_title
        for _ in range(3):  # more refused keys add nothing while the note is up
            await pilot.press("space")
            await settle(pilot)
        assert len(_notes(app)) == 1 and _said(app, "write-protected") == 1
        assert db_path.read_bytes() == before
    assert db_path.read_bytes() == before and _mode(db_path) == 0o444


async def test_protection_set_while_open_shows_in_the_header_before_any_key(
    db_path: Path,
) -> None:
    _seeded(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        db_path.chmod(0o444)  # the look for outside changes sees the chmod (its ctime)
        await wait_until(pilot, lambda: app.store.read_only, "the protection seen")
        await settle(pilot)
        assert "read-only" in app.sub_title and "saved ✓" in app.sub_title
        assert len(_notes(app)) == 1


async def test_protection_lifted_while_open_saves_what_was_held(db_path: Path) -> None:
    _seeded(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        db_path.chmod(0o444)
        await pilot.press("h", "space")
        await settle(pilot)
        assert app.store.read_only and live(db_path, "completions") == []
        db_path.chmod(0o644)  # the look for outside changes sees the chmod (its ctime)
        await wait_until(pilot, lambda: "saved ✓" in app.sub_title, "saving again")
        assert not app.store.read_only and "read-only" not in app.sub_title
        assert _notes(app, "Saving again")
    assert len(live(db_path, "completions")) == 1


async def test_letter_words_typed_in_a_read_only_file_are_kept_and_come_back(
    db_path: Path,
) -> None:
    letter_id = _seeded(db_path)
    db_path.chmod(0o444)
    before = db_path.read_bytes()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.store.read_only
        await pilot.press("l", "enter")
        await type_text(pilot, LETTER_WORDS)
        pane = app.query_one(LettersPane)
        await wait_until(pilot, lambda: letter_id in pane.kept.words, "the words kept")
        await settle(pilot)
        assert "kept here" in str(app.query_one("#letter-saved").render())
        assert "read-only" in app.sub_title and "not saved" in app.sub_title
        assert len(_notes(app, "Your letter")) == 1
        await pilot.press("escape", "q")  # nothing is lost, so nothing to ask
        await wait_until(pilot, lambda: not app.is_running, "quitting")
    assert db_path.read_bytes() == before
    kept = draft_path(db_path, "letter")
    assert _mode(kept) == 0o600 and LETTER_WORDS in kept.read_text(encoding="utf-8")

    # Still read-only: the words are in the letter's editor again.
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.query_one("#to-child", TextArea).text == LETTER_WORDS
        assert _notes(app, "Your letters")
    assert db_path.read_bytes() == before

    # Writable again: they go into their letter, and the draft goes.
    db_path.chmod(0o600)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.query_one("#to-child", TextArea).text == LETTER_WORDS
    letters = live(db_path, "letters")
    assert [(r["id"], r["to_child"], r["title"]) for r in letters] == [
        (letter_id, LETTER_WORDS, "The garden")
    ]
    assert not kept.exists()


async def test_kept_words_meet_a_letter_changed_elsewhere_and_both_stay(db_path: Path) -> None:
    letter_id = _seeded(db_path)
    db_path.chmod(0o444)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("l", "enter")
        await type_text(pilot, LETTER_WORDS)
        await pilot.press("escape", "q")
        await wait_until(pilot, lambda: not app.is_running, "quitting")
    db_path.chmod(0o600)
    laptop = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 11, 0))
    laptop.letters.update(letter_id, to_child="written on the laptop")
    laptop.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
    words = sorted(r["to_child"] for r in live(db_path, "letters"))
    assert words == sorted([LETTER_WORDS, "written on the laptop"])


async def test_read_only_is_said_once_and_an_asked_save_is_a_short_reminder(
    db_path: Path,
) -> None:
    _seeded(db_path)
    db_path.chmod(0o444)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        reason = app.store.read_only_reason
        assert reason is not None and _notes(app) == [reason]
        await pilot.press("l", "enter")
        pane = app.query_one(LettersPane)
        for part in ("a first line ", "and a second ", "and a third"):
            await type_text(pilot, part)
            await wait_until(pilot, lambda: not pane.autosave_pending, "an autosave")
            await settle(pilot)
        await pilot.press("escape", "h")
        for _ in range(5):
            await pilot.press("space")
            await settle(pilot)
        # Said once: no autosave and no refused key repeats it.
        assert _notes(app) == [reason] and _said(app, reason) == 1
        app.clear_notifications()  # the note has gone from the screen
        await pilot.press("c", "6", "ctrl+s")  # an explicit save of a check-in
        await settle(pilot)
        reminder = _notes(app)
        assert len(reminder) == 1 and reminder[0] != reason and "read-only" in reminder[0]
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert _notes(app) == reminder  # one on screen at a time
        assert _said(app, reason) == 0


async def test_quitting_asks_when_letter_words_cannot_be_kept(db_path: Path) -> None:
    from innerchild_tui.app.screens.confirm import ConfirmScreen

    _seeded(db_path)
    db_path.chmod(0o444)
    kept = draft_path(db_path, "letter")
    kept.mkdir(parents=True)  # a folder where the draft would go: it cannot be written
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("l", "enter")
        await type_text(pilot, LETTER_WORDS)
        pane = app.query_one(LettersPane)
        await wait_until(pilot, lambda: pane.kept.words, "the words kept in memory")
        await settle(pilot)
        told = _notes(app, "Your letter")
        assert len(told) == 1 and "could not be kept" in told[0]
        assert "not saved" in str(app.query_one("#letter-saved").render())
        await pilot.press("escape", "q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert app.is_running


def test_the_letter_draft_is_sealed_with_the_file(db_path: Path) -> None:
    from innerchild_tui.store.sealing import seal_local_copies

    _seeded(db_path)
    entry = {"letter_id": None, "to_child": LETTER_WORDS, "from_child": "", "title": ""}
    DraftFile(db_path, kind="letter").write({"letters": [entry]}, 1)
    store = Store.open(db_path, device="here")
    store.turn_on_encryption("a long enough passphrase")
    store.save()
    seal_local_copies(store)
    assert LETTER_WORDS not in draft_path(db_path, "letter").read_text(encoding="utf-8")
    assert DraftFile(db_path, kind="letter").read() is None
    opened = DraftFile(db_path, store.keys, "letter").read()
    assert opened is not None and json.dumps(opened).count(LETTER_WORDS) == 1
