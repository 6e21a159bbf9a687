"""One way to tell the person a change could not be made (issue 13, "the shape").

A pane's or a screen's method that changes the store is decorated with
``app.telling.tells_store_errors``: a StoreError becomes one gentle warning in the error's
own words, and the app goes on. Here: no hand-written copy of that comes back (read with
``ast``), and, through Pilot over a real file, a change that cannot be made (the record
was removed on another computer meanwhile, a name already taken, an age no child has)
is told as before while the app keeps running.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import TODAY, WIDE, Clock, build, live, settle, type_text, wait_until
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

import innerchild_tui
from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.panes.comfort import ComfortPane
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.screens.comfort import ComfortFormScreen
from innerchild_tui.app.screens.habit_dialogs import HabitEditScreen
from innerchild_tui.app.screens.history import DayScreen, HistoryScreen
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.screens.support import ContactScreen, SupportScreen
from innerchild_tui.store import Store, StoreError

APP = Path(innerchild_tui.__file__).parent / "app"

# The only places in app/ that catch a StoreError themselves, each a different pattern
# from "change the store, tell the person, refresh" (which is tells_store_errors'):
HANDLED_APART = {
    # the pattern itself
    ("telling.py", "tells_store_errors.decorate.telling"),
    # thread workers: they answer through call_from_thread (and the saver keeps the save
    # state, retries, and asks again for a passphrase)
    ("saver.py", "Saver._save"),
    ("saver.py", "Saver._merge_outside_changes"),
    ("saver.py", "Saver._tend"),
    ("panes/letters.py", "LettersPane._export"),
    ("screens/therapy.py", "TherapyScreen._write"),
    ("screens/unlock.py", "UnlockScreen._try"),
    ("panes/habits.py", "HabitsPane._work_out_figures"),
    # the door: a file that cannot be opened is the problem screen, not a toast
    ("door.py", "Door.open"),
    # reads that go on without the record: the letter is brought back, the row is
    # shown again from the store, the figures wait, the check-in opens as new
    ("panes/letters.py", "LettersPane._stored"),
    ("panes/habits.py", "HabitsPane.refresh_habit"),
    ("panes/habits.py", "HabitsPane._figures_ready"),
    ("panes/checkin.py", "CheckinPane.action_edit"),
    ("panes/checkin.py", "CheckinPane.restore_draft"),
    # quitting with a save that failed asks a question rather than telling
    ("app.py", "InnerChildApp.action_quit"),
}


def _catches_store_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(
        isinstance(name, ast.Name | ast.Attribute)
        and (name.id if isinstance(name, ast.Name) else name.attr) == "StoreError"
        for name in names
    )


def _handlers(tree: ast.AST, where: tuple[str, ...] = ()) -> Iterator[str]:
    """The qualified name of the function around each ``except StoreError`` in ``tree``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _handlers(node, (*where, node.name))
        else:
            if isinstance(node, ast.ExceptHandler) and _catches_store_error(node):
                yield ".".join(where)
            yield from _handlers(node, where)


def test_store_errors_are_caught_by_hand_only_where_the_pattern_does_not_fit() -> None:
    found = {
        (path.relative_to(APP).as_posix(), function)
        for path in sorted(APP.rglob("*.py"))
        for function in _handlers(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert found - HANDLED_APART == set(), "use @tells_store_errors (app/telling.py)"
    assert HANDLED_APART - found == set(), "gone: take it off HANDLED_APART"


def test_a_told_method_keeps_its_parameters_for_textual() -> None:
    """Textual hands a dialog's answer to a callback, and an action its arguments, as
    many as the callback has parameters (through ``functools.wraps``)."""
    from textual._callback import count_parameters

    pane = ComfortPane()
    assert count_parameters(pane._added) == 1
    assert count_parameters(pane._rated) == 2
    assert count_parameters(HabitsPane().action_move) == 1


# Through the app --------------------------------------------------------------------------
def warnings(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "warning"]


async def removed_elsewhere(
    pilot: Pilot[Any], db_path: Path, remove: Callable[[Store], Any]
) -> Store:
    """Another computer removes a record and saves; the app takes the change in."""
    laptop = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 9, 30))
    remove(laptop)
    laptop.save()
    pilot.app.check_for_outside_changes()  # type: ignore[attr-defined]
    await settle(pilot)
    return laptop


def words_of(change: Callable[[], Any]) -> str:
    """What the store says to ``change`` (the words the person should see)."""
    with pytest.raises(StoreError) as caught:
        change()
    return str(caught.value)


async def test_comfort_edited_after_it_was_removed_elsewhere_is_told(db_path: Path) -> None:
    seed = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    item = seed.comfort.add("Warm cocoa", kind="activity")
    seed.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o", "e")
        await wait_until(pilot, lambda: isinstance(app.screen, ComfortFormScreen), "the form")
        laptop = await removed_elsewhere(pilot, db_path, lambda s: s.comfort.delete(item["id"]))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert warnings(app) == [words_of(lambda: laptop.comfort.edit(item["id"], "Warm cocoa"))]
        assert "no longer there" in warnings(app)[0]
        assert app.is_running and not isinstance(app.screen, ComfortFormScreen)
        assert app.query_one(ComfortPane).table.row_count == 0
        await pilot.press("a")  # and the pane goes on
        await wait_until(pilot, lambda: isinstance(app.screen, ComfortFormScreen), "the form")
        await type_text(pilot, "Music")
        await pilot.press("enter")
        await settle(pilot)
    assert [i["name"] for i in live(db_path, "comfort")] == ["Music"]


async def test_a_habit_named_as_another_is_told_and_the_dialog_keeps_what_was_typed(
    db_path: Path,
) -> None:
    seed = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    walk = seed.habits.add("Walk")
    seed.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "a")
        await wait_until(pilot, lambda: isinstance(app.screen, HabitEditScreen), "the form")
        await type_text(pilot, "Walk")
        app.screen.query_one("#habit-schedule", Input).value = "mon wed fri"
        await pilot.press("enter")
        await settle(pilot)
        # Said in the store's own words, and the dialog stays with all that was typed
        # (it closed and let go of it all).
        assert warnings(app) == [words_of(lambda: seed.habits.add("Walk"))]
        form = app.screen
        assert isinstance(form, HabitEditScreen)
        assert form.query_one("#habit-schedule", Input).value == "mon wed fri"
        name = form.query_one("#habit-name", Input)
        name.focus()
        name.value = "Walk in the park"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, HabitEditScreen)
        # A rename to another habit's name: told, and the prompt keeps the name typed.
        app.query_one(HabitsPane).table.focus()
        await pilot.press("end", "r")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the prompt")
        prompt = app.screen.query_one(Input)
        prompt.value = "walk"
        await pilot.press("enter")
        await settle(pilot)
        assert warnings(app)[1:] == [words_of(lambda: seed.habits.add("walk"))]
        assert isinstance(app.screen, PromptScreen) and prompt.value == "walk"
        await pilot.press("escape")
        await settle(pilot)
    kept = {h["name"]: h for h in live(db_path, "habits")}
    assert "Walk in the park" in kept and kept[walk["name"]]["id"] == walk["id"]
    assert kept["Walk in the park"]["schedule"]["days"] == [0, 2, 4]


async def test_a_letter_begun_in_a_write_protected_file_is_told(db_path: Path) -> None:
    seed = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    seed.letters.new("The garden")
    seed.save()
    db_path.chmod(0o444)
    before = db_path.read_bytes()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.store.read_only
        reason = app.store.read_only_reason
        said = [str(n.message) for n in app._notifications]
        assert said.count(str(reason)) == 1  # opening read-only is said once, with its reason
        await pilot.press("l", "ctrl+n")
        await settle(pilot)
        # Refused while the reason is on screen: nothing more stacks over it (read-only is
        # the app's to tell, once; tests/test_read_only_app.py) ...
        assert [str(n.message) for n in app._notifications] == said
        assert words_of(app.store.letters.new) == reason
        app.clear_notifications()
        await pilot.press("ctrl+n")  # ... and once it is gone, a short reminder
        await settle(pilot)
        assert [n.message for n in app._notifications] == [
            f"Not saved: {db_path.name} is open read-only."
        ]
        assert app.is_running
        assert app.query_one("#letters-list", OptionList).option_count == 1
        await pilot.press("o")  # the app goes on
        assert app.screen.focused is app.query_one(ComfortPane).table
    assert db_path.read_bytes() == before


async def test_a_check_in_removed_elsewhere_while_edited_is_told(db_path: Path) -> None:
    seed = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    earlier = seed.checkins.add(3, ["lonely"], [], "a quiet weekend", day=TODAY - timedelta(3))
    seed.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history")
        await pilot.press("up", "up", "up", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DayScreen), "the day")
        await pilot.press("e")
        pane = app.query_one(CheckinPane)
        await wait_until(pilot, lambda: pane.editing_id == earlier["id"], "the check-in open")
        laptop = await removed_elsewhere(pilot, db_path, lambda s: s.checkins.delete(earlier["id"]))
        await pilot.press("6", "ctrl+s")
        await settle(pilot)
        # No dead end (it said "no longer there" at every ctrl+s): the edit keeps it, back
        # at its own day (test_removed_elsewhere.py has the rest).
        assert warnings(app) == []
        assert app.is_running
        assert pane.editing_id is None
    (kept,) = live(db_path, "checkins")
    assert kept["id"] == earlier["id"] and kept["mood"] == 6 and kept["day"] == earlier["day"]
    assert laptop.checkins.removed(earlier["id"])  # it was removed there


async def test_a_support_contact_edited_after_it_was_removed_elsewhere_is_told(
    db_path: Path,
) -> None:
    seed = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    contact = seed.support.add_contact("Dr Rivera", "therapist", "0161 496 0000", "Tuesdays")
    seed.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, SupportScreen), "support")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        laptop = await removed_elsewhere(
            pilot, db_path, lambda s: s.support.delete_contact(contact["id"])
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert warnings(app) == [
            words_of(lambda: laptop.support.edit_contact(contact["id"], name="x"))
        ]
        assert app.is_running and isinstance(app.screen, SupportScreen)
    assert live(db_path, "support") == []
