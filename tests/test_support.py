"""Support one key from anywhere, and quick-hide from every screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from apphelpers import (
    SIZES,
    WIDE,
    Clock,
    build,
    live,
    pressed,
    settle,
    type_text,
    visible_text,
    wait_until,
)
from textual.pilot import Pilot
from textual.screen import ModalScreen

from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.screens.comfort import ComfortFormScreen, HelpedScreen, PickScreen
from innerchild_tui.app.screens.help import HelpScreen
from innerchild_tui.app.screens.hide import HideScreen
from innerchild_tui.app.screens.soothing import (
    AfterScreen,
    BreathingScreen,
    GroundingScreen,
    SoothingScreen,
    TappingScreen,
    VisualizationScreen,
)
from innerchild_tui.app.screens.support import ContactScreen, SupportScreen
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.store import Store

SECRET_WORDS = ("Bluebell", "Dr Rivera", "snails", "ashamed", "garden")


def seed(db_path: Path) -> None:
    """Private words in every table, so a screen that shows them can be caught."""
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.checkins.add(3, ["ashamed"], ["rest"], "a hard morning")
    store.comfort.add("Bluebell walk", childhood="the woods", kind="place")
    letter = store.letters.new("The garden")
    store.letters.update(letter["id"], to_child="Dear little one", from_child="i liked the snails")
    store.support.add_contact("Dr Rivera", "therapist", "0161 496 0000", "Tuesdays")
    store.support.set_notes("Call Dr Rivera first.")
    store.save()


# Support ------------------------------------------------------------------------------------
async def test_support_starts_empty_with_an_invitation_then_keeps_contacts_and_notes(
    db_path: Path,
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, SupportScreen)
        shown = visible_text(app)
        assert "Nobody here yet" in shown
        assert "Reaching out is part of the work" in shown
        await pilot.press("a")
        # (the form is pushed after the key is taken: on a busy machine, a moment later)
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        await type_text(pilot, "Dr Rivera")
        await pilot.press("tab", "enter")
        await pilot.press("down", "enter")  # the first role: therapist
        await pilot.press("tab")
        await type_text(pilot, "0161 496 0000, Tue 9-5")
        await pilot.press("tab")
        await type_text(pilot, "knows my story")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        await type_text(pilot, "Samaritans")
        await pilot.press("tab", "tab")
        await type_text(pilot, "116 123, any hour")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, "Breathe first. Then call.")
        await pilot.press("escape", "escape")  # out of the notes, then out of support
        await settle(pilot)
        assert not isinstance(app.screen, SupportScreen)
    rows = {r["id"]: r for r in live(db_path, "support")}
    rivera = rows["contact-dr-rivera"]
    assert (rivera["role"], rivera["reach"], rivera["note"]) == (
        "therapist",
        "0161 496 0000, Tue 9-5",
        "knows my story",
    )
    assert rows["contact-samaritans"]["reach"] == "116 123, any hour"
    assert rows["support-notes"]["text"] == "Breathe first. Then call."


async def test_every_column_of_the_contacts_has_its_own_header(db_path: Path) -> None:
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        labels = [str(column.label) for column in table.ordered_columns]
    assert all(labels) and len(set(labels)) == len(labels), labels


async def test_a_contact_is_edited_removed_and_brought_back(db_path: Path) -> None:
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+g", "e", "tab", "tab", "ctrl+u")
        await type_text(pilot, "0161 000 1111")
        await pilot.press("enter")
        await settle(pilot)
        (contact,) = [r for r in live(db_path, "support") if r.get("kind") == "contact"]
        assert contact["reach"] == "0161 000 1111"
        assert contact["role"] == "therapist"
        await pilot.press("d")
        await settle(pilot)
        assert [r for r in live(db_path, "support") if r.get("kind") == "contact"] == []
        assert "Nobody here yet" in visible_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.query_one(RecordTable).row_count == 1
    assert [r["name"] for r in live(db_path, "support") if r.get("kind") == "contact"] == [
        "Dr Rivera"
    ]


# From every screen -----------------------------------------------------------------------------
Opener = Callable[[Pilot[None]], object]

SCREENS: dict[str, tuple[list[str], type | None]] = {
    "dashboard": ([], None),
    "typing in a letter": (["l", "tab", *"hello"], None),
    "help": (["question_mark"], HelpScreen),
    "adding a habit": (["h", "a"], ModalScreen),
    "comfort form": (["o", "a"], ComfortFormScreen),
    "pick one for me": (["o", "p"], PickScreen),
    "how it helped": (["o", "r"], HelpedScreen),
    "soothing": (["ctrl+b"], SoothingScreen),
    "breathing": (["ctrl+b", "b", "space"], BreathingScreen),
    "grounding": (["ctrl+b", "g", *"lamp"], GroundingScreen),
    "visualization": (["ctrl+b", "v"], VisualizationScreen),
    "tapping": (["ctrl+b", "t"], TappingScreen),
    "after a practice": (["ctrl+b", "t", "enter", "space", "ctrl+s"], AfterScreen),
    "support": (["ctrl+g"], SupportScreen),
    "support notes": (["ctrl+g", "n"], SupportScreen),
    "contact form": (["ctrl+g", "a"], ContactScreen),
}


async def test_quick_hide_and_support_work_from_every_screen(db_path: Path) -> None:
    """One person going through every screen in turn (one app, as in a day's use): from
    each, F9 hides everything and opens nothing over it, the other hide key brings it
    back as it was, and ctrl+g opens support over it and Esc goes back."""
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        dashboard = app.screen
        for where, (keys, screen_type) in SCREENS.items():
            while app.screen is not dashboard:  # back to the dashboard, out of any field
                app.pop_screen()
                await pilot.pause()
            app.query_one(CheckinPane).focus_main()  # where the day starts
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            before = app.screen
            if screen_type is not None:
                assert isinstance(before, screen_type), where
            focused = app.focused
            await pilot.press("f9")
            await pilot.pause()
            assert isinstance(app.screen, HideScreen), where
            shown = visible_text(app)
            assert not [word for word in SECRET_WORDS if word in shown], (where, shown)
            assert shown.strip() in ("", "$"), where
            await pilot.press("ctrl+g", "ctrl+b", "x")  # nothing opens over the hidden view
            await pilot.pause()
            assert isinstance(app.screen, HideScreen), where
            await pilot.press("ctrl+backslash")  # the other hide key brings it all back
            await pilot.pause()
            assert app.screen is before, where
            assert app.focused is focused, where
            if screen_type in (SupportScreen, ContactScreen):
                continue
            await pilot.press("ctrl+g")
            await pilot.pause()
            assert isinstance(app.screen, SupportScreen), where
            assert "Dr Rivera" in visible_text(app), where
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is before, where


async def test_the_keys_are_in_the_help(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        rows = app.screen.help_rows()  # type: ignore[attr-defined]
        by_what = {what: keys for _group, keys, what in rows}
        assert any("Soothing, from anywhere" in what for what in by_what)
        assert any("support people" in what for what in by_what)
        hide = next(keys for what, keys in by_what.items() if what.startswith("Hide everything"))
        assert "f9" in hide.lower()


# Snapshots --------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_snapshot_support_empty(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(build(db_path), terminal_size=SIZES[size], run_before=pressed("ctrl+g"))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_support_with_contacts(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    seed(db_path)
    assert snap_compare(build(db_path), terminal_size=SIZES[size], run_before=pressed("ctrl+g"))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_contact_form(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    seed(db_path)
    assert snap_compare(
        build(db_path), terminal_size=SIZES[size], run_before=pressed("ctrl+g", "e")
    )


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_hidden(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    seed(db_path)
    assert snap_compare(build(db_path), terminal_size=SIZES[size], run_before=pressed("f9"))
