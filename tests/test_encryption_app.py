"""The dashboard over an encrypted file: the unlock screen, through Textual's Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apphelpers import WIDE, build, settle, type_text, wait_until
from textual.widgets import Button, Input, Static

from innerchild_tui.app.screens.confirm import ConfirmScreen
from innerchild_tui.app.screens.draft import DraftScreen
from innerchild_tui.app.screens.hide import HideScreen
from innerchild_tui.app.screens.unlock import UnlockScreen
from innerchild_tui.app.widgets.mood_picker import MoodPicker
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.drafts import DraftFile, draft_path
from innerchild_tui.store import Store, crypto
from innerchild_tui.store.crypto import Passphrase

PASS = "a quiet garden in the rain"
NOTE = "I told the little one she could rest"


@pytest.fixture
def sealed(db_path: Path) -> Path:
    store = Store.open(db_path, device="other")
    store.checkins.add(6, note=NOTE)
    store.turn_on_encryption(PASS)
    store.save()
    return db_path


async def _answer(pilot: object, text: str) -> None:
    await type_text(pilot, text)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_timed_checks")
async def test_wrong_then_right_passphrase(sealed: Path) -> None:
    before = sealed.read_bytes()
    app = build(sealed)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.locked
        assert NOTE not in app.export_screenshot()
        # Quick-hide works at the door too, and the same key brings it back.
        await pilot.press("f9")
        assert isinstance(app.screen, HideScreen)
        await pilot.press("f9")
        assert isinstance(app.screen, UnlockScreen)

        await _answer(pilot, "not the passphrase")
        await wait_until(
            pilot, lambda: not app.screen.query_one("#unlock-input", Input).disabled, "retry"
        )
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert "take your time" in message
        assert isinstance(app.screen, UnlockScreen)
        assert sealed.read_bytes() == before  # nothing written

        await _answer(pilot, PASS)
        await wait_until(pilot, lambda: not app.locked, "unlocking")
        await settle(pilot)
        assert not isinstance(app.screen, UnlockScreen)
        assert [c["note"] for c in app.store.checkins.all()] == [NOTE]
        # A check-in made now is saved, sealed.
        app.store.checkins.add(8, note="after unlocking")
        app.request_save()
        await settle(pilot)
    raw = sealed.read_text()
    assert NOTE not in raw and "after unlocking" not in raw
    reopened = Store.open(sealed, device="x", secret=Passphrase(PASS))
    assert sorted(c["note"] for c in reopened.checkins.all()) == sorted([NOTE, "after unlocking"])


@pytest.mark.usefixtures("no_timed_checks")
async def test_sealed_elsewhere_while_open_asks_and_never_writes_plaintext(db_path: Path) -> None:
    Store.open(db_path, device="first").save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not app.locked
        other = Store.open(db_path, device="other")
        other.turn_on_encryption(PASS)
        other.save()
        sealed = db_path.read_bytes()
        app.store.checkins.add(3, note="typed before it was locked")
        app.request_save()
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        assert db_path.read_bytes() == sealed  # refused: nothing in the clear
        await _answer(pilot, PASS)
        await wait_until(pilot, lambda: not isinstance(app.screen, UnlockScreen), "unlocking")
        await settle(pilot)
        await wait_until(pilot, lambda: db_path.read_bytes() != sealed, "the merged save")
    raw = db_path.read_text()
    assert "typed before it was locked" not in raw
    notes = [
        c["note"] for c in Store.open(db_path, device="x", secret=Passphrase(PASS)).checkins.all()
    ]
    assert notes == ["typed before it was locked"]


@pytest.mark.usefixtures("no_timed_checks")
async def test_outside_changes_appear_live_in_a_sealed_file(sealed: Path) -> None:
    from apphelpers import Clock

    from innerchild_tui.app import make_app
    from innerchild_tui.config import Settings

    app = make_app(
        sealed,
        settings=Settings(welcomed=True),
        clock=Clock(2026, 11, 24, 10, 0),
        device="here",
        secret=Passphrase(PASS),
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not app.locked and not isinstance(app.screen, UnlockScreen)
        elsewhere = Store.open(sealed, device="elsewhere", secret=Passphrase(PASS))
        elsewhere.checkins.add(9, note="from the other computer")
        elsewhere.save()
        app.check_for_outside_changes()
        await settle(pilot)
        await wait_until(
            pilot,
            lambda: "from the other computer" in [c["note"] for c in app.store.checkins.all()],
            "the outside change merged",
        )
        assert app.store.encrypted
    assert "from the other computer" not in sealed.read_text()


@pytest.mark.usefixtures("no_timed_checks")
async def test_a_key_remembered_in_the_keyring_opens_without_asking(
    sealed: Path, memory_keyring: object
) -> None:
    from innerchild_tui.store import keychain

    keys = Store.open(sealed, device="x", secret=Passphrase(PASS)).keys
    assert keys is not None
    keychain.remember(sealed, keys.data_key)
    app = build(sealed)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not app.locked and not isinstance(app.screen, UnlockScreen)
        assert [c["note"] for c in app.store.checkins.all()] == [NOTE]
    keychain.forget(sealed)
    assert build(sealed).locked


@pytest.mark.usefixtures("no_timed_checks")
async def test_a_sealed_check_in_draft_is_offered_once_unlocked(sealed: Path) -> None:
    """A terminal closed mid-check-in leaves its draft sealed; the door opens all the same,
    and the draft is offered back on the dashboard."""
    header = crypto.header_of(json.loads(sealed.read_bytes()))
    assert header is not None
    keys = crypto.unlock(header, Passphrase(PASS))
    DraftFile(sealed, keys).write({"mood": 3, "note": "half a thought", "day": "2026-11-24"}, 0)
    assert "half a thought" not in draft_path(sealed).read_text(encoding="utf-8")
    app = build(sealed)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await _answer(pilot, PASS)
        await wait_until(pilot, lambda: isinstance(app.screen, DraftScreen), "the draft offered")
        assert not app.locked
        assert not any(isinstance(screen, UnlockScreen) for screen in app.screen_stack)
        await pilot.press("enter")  # "Pick it up"
        await wait_until(pilot, lambda: not isinstance(app.screen, DraftScreen), "picked up")
        assert app.query_one("#checkin-note", VoiceArea).text == "half a thought"
        assert app.query_one(MoodPicker).mood == 3


@pytest.mark.usefixtures("no_timed_checks")
@pytest.mark.parametrize("answer", ["enter", "escape", "y"])
async def test_turned_off_elsewhere_asks_which_way_and_keeps_every_word(
    sealed: Path, answer: str
) -> None:
    """Encryption turned off on another computer (or a copy in the clear put in the file's
    place): this computer writes nothing until the person answers. Enter and Esc keep it
    encrypted; "y" goes on in the clear. Either way every word typed here is kept, and
    quitting mid-letter is clean."""
    app = build(sealed)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _answer(pilot, PASS)
        await wait_until(pilot, lambda: not app.locked, "unlocking")
        await settle(pilot)
        await pilot.press("l", "ctrl+n")
        await type_text(pilot, "pinecone lullaby")
        there = Store.open(sealed, device="there", secret=Passphrase(PASS))
        there.turn_off_encryption()
        there.checkins.add(3, note="written in the clear there")
        there.save()
        in_the_clear = sealed.read_bytes()
        app.check_for_outside_changes()
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "turned off" in str(app.screen.query_one(".dialog-text", Static).render())
        keep = app.screen.query_one("#no", Button)  # the answer to lean towards, and looks it
        assert str(keep.label) == "Keep it encrypted" and keep.variant == "primary"
        await wait_until(pilot, lambda: app.focused is keep, "the focus on keeping it")
        assert sealed.read_bytes() == in_the_clear  # nothing written while it asks
        await pilot.press(answer)
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), "answered")
        await type_text(pilot, " and a hazelnut moon")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (None, 0)
    raw = sealed.read_bytes()
    clear = answer == "y"
    assert (b"hazelnut moon" in raw) is clear
    assert (crypto.header_of(json.loads(raw)) is None) is clear
    reopened = Store.open(sealed, device="x", secret=None if clear else Passphrase(PASS))
    letters = [letter["to_child"] for letter in reopened.letters.all()]
    assert any("pinecone lullaby and a hazelnut moon" in text for text in letters)
    assert "written in the clear there" in [c["note"] for c in reopened.checkins.all()]
