"""Issue 17: habit groups (headings the person names, folded and moved from the keyboard)
and a habit's link (what ticks it by itself), set in the habit editor and the CLI.

Every UI test asserts on the data file reopened from disk, and on the settings file for
what is this computer's own view (a folded group)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import SIZES, TODAY, WIDE, Clock, build, live, pressed, run_cli, settle, type_text
from textual.pilot import Pilot
from textual.widgets import Input, Select

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes.habits import GROUP_ROW, HabitsPane
from innerchild_tui.app.screens.habit_dialogs import HabitEditScreen
from innerchild_tui.config import load_settings
from innerchild_tui.domain.habit_groups import group_of, grouped, moved_group, moved_in_group
from innerchild_tui.domain.merge import merge
from innerchild_tui.domain.records import completion_id
from innerchild_tui.domain.shapes import check_tables
from innerchild_tui.store import Store

BOUNDARY = "habit-hold-one-boundary"
CHECK_IN = "habit-check-in-with-my-inner-child"


# Local helpers (apphelpers and conftest belong to everyone) ---------------------------------
def on_disk(db_path: Path) -> list[dict[str, Any]]:
    """The habits as a person would see them listed, from the file reopened."""
    store = Store.open(db_path, device="reader", clock=Clock(2026, 11, 24, 23, 0))
    return store.habits.all()


def groups_on_disk(db_path: Path) -> list[tuple[str, list[str]]]:
    return [(name, [h["name"] for h in members]) for name, members in grouped(on_disk(db_path))]


def row_keys(app: InnerChildApp) -> list[str]:
    table = app.query_one(HabitsPane).table
    return [str(row.key.value) for row in table.ordered_rows]


async def cursor_to(pilot: Pilot[Any], key: str) -> None:
    """Move the habit list's cursor to the row ``key`` with the arrow keys."""
    app = pilot.app
    assert isinstance(app, InnerChildApp)
    await pilot.press("h", "home")
    keys = row_keys(app)
    for _ in range(keys.index(key)):
        await pilot.press("down")
    assert app.query_one(HabitsPane).table.highlighted_key == key


def grouped_file(db_path: Path) -> Path:
    """The starter habits, two of them in "morning", two in "for little me"; some ticks."""
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    names = {h["name"]: h["id"] for h in store.habits.all()}
    store.habits.set_group(names["Hold one boundary"], "morning")
    store.habits.set_group(names["Check in with my inner child"], "morning")
    store.habits.set_group(names["Something joyful"], "for little me")
    store.habits.set_group(names["Write a letter"], "for little me")
    for offset in range(1, 20):
        day = TODAY - timedelta(days=offset)
        for index, habit_id in enumerate(names.values()):
            if (offset + index) % 3:
                store.habit_days.set(habit_id, day, "done")
    store.habit_days.set(names["Hold one boundary"], TODAY, "done")
    store.habit_days.set(names["Something joyful"], TODAY, "partial")
    store.save()
    return db_path


# The pure part ---------------------------------------------------------------------------
def test_ungrouped_first_then_groups_by_their_first_habit() -> None:
    habits = [
        {"id": "a", "group": "evening"},
        {"id": "b"},
        {"id": "c", "group": "morning"},
        {"id": "d", "group": "Evening"},
        {"id": "e", "group": None},
    ]
    assert [(n, [h["id"] for h in m]) for n, m in grouped(habits)] == [
        ("", ["b", "e"]),
        ("evening", ["a", "d"]),
        ("morning", ["c"]),
    ]
    moved = moved_in_group(habits, "d", -1)
    assert moved is not None and [h["id"] for h in moved] == ["b", "e", "d", "a", "c"]
    assert moved_in_group(habits, "a", -1) is None  # first of its group: it stays there
    assert moved_in_group(habits, "c", 1) is None
    swapped = moved_group(habits, "morning", -1)
    assert swapped is not None and [h["id"] for h in swapped] == ["b", "e", "c", "a", "d"]
    assert moved_group(habits, "evening", -1) is None  # ungrouped habits stay first


# Shapes and merge ------------------------------------------------------------------------
def test_an_older_file_without_groups_loads_and_a_bad_group_is_let_go(db_path: Path) -> None:
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    store.save()
    data = json.loads(db_path.read_text(encoding="utf-8"))
    assert all("group" not in habit for habit in data["habits"].values())  # as older files
    data["habits"][BOUNDARY]["group"] = 7
    db_path.write_text(json.dumps(data), encoding="utf-8")
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    assert len(store.habits.all()) == 5
    assert all(group_of(h) == "" for h in store.habits.all())
    assert store.habits.groups() == []
    checked = check_tables({"habits": {"h": {**data["habits"][BOUNDARY], "id": "h"}}})
    assert checked.usable["habits"]["h"]["group"] is None
    assert "group" in checked.findings[0].problem


def test_a_group_set_on_one_computer_survives_the_merge(db_path: Path) -> None:
    here = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 9, 0))
    here.save()
    there = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 9, 30))
    there.habits.set_group(BOUNDARY, "morning")
    there.save()  # the sync client brings the laptop's file to the desk
    here.habit_days.set(CHECK_IN, TODAY, "done")  # the desk saves over it: a merge
    here.save()
    reopened = Store.open(db_path, device="reader")
    assert reopened.habits.get(BOUNDARY)["group"] == "morning"
    assert TODAY in reopened.habit_days.of(CHECK_IN)
    # The pure merge agrees, whichever copy comes first.
    before = {"habits": {BOUNDARY: json.loads(json.dumps(here.habits.get(BOUNDARY)))}}
    older = {"habits": {BOUNDARY: {**before["habits"][BOUNDARY], "group": None}}}
    older["habits"][BOUNDARY]["updated_at"] = "2026-01-01T00:00:00.000Z"
    assert merge(before, older) == merge(older, before) == before


def test_grouping_and_moving_never_work_out_a_history_again(db_path: Path) -> None:
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    for offset in range(200):
        store.habit_days.set(BOUNDARY, TODAY - timedelta(days=offset), "done")
    habits = store.habits.all()
    for habit in habits:
        store.habit_days.figures(habit["id"], TODAY)
    index = store._habit_index
    counted = dict(index.recomputed)
    store.habits.set_group(BOUNDARY, "morning")
    store.habits.set_group(CHECK_IN, "evening")
    store.habits.move_group("evening", -1)
    store.habits.move(habits[-1]["id"], -1)
    store.habits.update(BOUNDARY, name="Hold one kind boundary")
    for habit in store.habits.all():
        store.habit_days.figures(habit["id"], TODAY)
    assert dict(index.recomputed) == counted


# The habits pane, driven with keys ---------------------------------------------------------
async def test_habits_join_groups_through_the_editor(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        for name, group in (
            ("Walk outside", "morning"),
            ("Stretch", "Morning"),  # another case joins the same group
            ("Warm bath", "for little me"),
        ):
            await pilot.press("h", "a")
            await type_text(pilot, name)
            for _ in range(4):  # name → how often → a number → grace → group
                await pilot.press("tab")
            assert app.focused is not None and app.focused.id == "habit-group"
            await type_text(pilot, group)
            await pilot.press("enter")
            await settle(pilot)
        assert groups_on_disk(db_path)[1:] == [
            ("morning", ["Walk outside", "Stretch"]),
            ("for little me", ["Warm bath"]),
        ]
        assert row_keys(app)[5:] == [
            GROUP_ROW + "morning",
            "habit-walk-outside",
            "habit-stretch",
            GROUP_ROW + "for little me",
            "habit-warm-bath",
        ]
        # The editor offers the groups there are; emptying the field takes the habit out.
        await cursor_to(pilot, "habit-stretch")
        await pilot.press("e")
        assert isinstance(app.screen, HabitEditScreen)
        field = app.screen.query_one("#habit-group", Input)
        assert field.value == "morning"
        assert "for little me" in field.placeholder
        for _ in range(4):
            await pilot.press("tab")
        await pilot.press("ctrl+u")  # the words before the cursor go: no group
        assert field.value == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert groups_on_disk(db_path)[0][1][-1] == "Stretch"
        assert live(db_path, "habits") and all(
            h.get("group") is None for h in live(db_path, "habits") if h["name"] == "Stretch"
        )


async def test_a_group_folds_and_opens_from_the_keyboard(db_path: Path) -> None:
    grouped_file(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        habits_before = live(db_path, "habits")
        pane = app.query_one(HabitsPane)
        rows_made = 0
        make_row = pane._row

        def counted_row(*args: Any) -> Any:
            nonlocal rows_made
            rows_made += 1
            return make_row(*args)

        pane._row = counted_row  # type: ignore[method-assign]
        await cursor_to(pilot, GROUP_ROW + "morning")
        await pilot.press("space")
        await settle(pilot)
        assert "habit-hold-one-boundary" not in row_keys(app)
        assert load_settings().folded_groups == ("morning",)
        assert "▸ morning · 2 habits" in str(pane.table.get_row(GROUP_ROW + "morning")[0])
        await pilot.press("enter")  # Enter on the heading opens it again
        await settle(pilot)
        assert "habit-hold-one-boundary" in row_keys(app)
        assert load_settings().folded_groups == ()
        await cursor_to(pilot, "habit-write-a-letter")
        await pilot.press("f")  # from a habit, its group folds and the cursor keeps to it
        await settle(pilot)
        assert pane.table.highlighted_key == GROUP_ROW + "for little me"
        assert "habit-write-a-letter" not in row_keys(app)
        assert load_settings().folded_groups == ("for little me",)
        assert rows_made == 0  # folding showed the rows it had; nothing was worked out
        assert live(db_path, "habits") == habits_before  # a view of this computer only
    # The next start shows it folded still.
    app = build(db_path, folded_groups=load_settings().folded_groups)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h")
        await settle(pilot)
        assert "habit-write-a-letter" not in row_keys(app)
        assert GROUP_ROW + "for little me" in row_keys(app)


async def test_shift_arrows_move_a_habit_in_its_group_and_a_group_as_a_whole(
    db_path: Path,
) -> None:
    grouped_file(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await cursor_to(pilot, GROUP_ROW + "morning")
        await pilot.press("shift+down")
        await settle(pilot)
        assert [name for name, _ in groups_on_disk(db_path)] == ["", "for little me", "morning"]
        assert app.query_one(HabitsPane).table.highlighted_key == GROUP_ROW + "morning"
        await cursor_to(pilot, CHECK_IN)
        await pilot.press("shift+up")
        await settle(pilot)
        await pilot.press("shift+up")  # first of its group: it stays in it
        await settle(pilot)
        assert groups_on_disk(db_path) == [
            ("", ["Rest without earning it"]),
            ("for little me", ["Something joyful", "Write a letter"]),
            ("morning", ["Check in with my inner child", "Hold one boundary"]),
        ]
        assert row_keys(app)[-3:] == [GROUP_ROW + "morning", CHECK_IN, BOUNDARY]


async def test_r_on_a_heading_renames_the_group_and_keeps_it_folded(db_path: Path) -> None:
    grouped_file(db_path)
    app = build(db_path, folded_groups=("morning",))
    async with app.run_test(size=WIDE) as pilot:
        await cursor_to(pilot, GROUP_ROW + "morning")
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "first light")
        await pilot.press("enter")
        await settle(pilot)
        assert groups_on_disk(db_path)[1] == (
            "first light",
            ["Hold one boundary", "Check in with my inner child"],
        )
        assert load_settings().folded_groups == ("first light",)
        pane = app.query_one(HabitsPane)
        assert pane.table.highlighted_key == GROUP_ROW + "first light"
        assert BOUNDARY not in row_keys(app)
        # A name another group has: the two become one, in the place of the first.
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "For Little Me")
        await pilot.press("enter")
        await settle(pilot)
        assert groups_on_disk(db_path) == [
            ("", ["Rest without earning it"]),
            (
                "for little me",
                [
                    "Hold one boundary",
                    "Check in with my inner child",
                    "Something joyful",
                    "Write a letter",
                ],
            ),
        ]


async def test_a_link_set_in_the_editor_ticks_the_habit_on_a_check_in(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await cursor_to(pilot, BOUNDARY)
        await pilot.press("e")
        for _ in range(5):  # name → how often → a number → grace → group → link
            await pilot.press("tab")
        assert isinstance(app.focused, Select) and app.focused.id == "habit-link"
        await pilot.press("space", "down", "enter")  # nothing → I check in
        assert app.focused.value == "checkin"
        await pilot.press("enter")  # keeps, as in every field (it opened the list again)
        await settle(pilot)
        (boundary,) = [h for h in live(db_path, "habits") if h["id"] == BOUNDARY]
        assert boundary["linked_to"] == "checkin"
        await pilot.press("c", "7", "ctrl+s")
        await settle(pilot)
        ticks = {r["id"]: r for r in live(db_path, "completions")}
        tick = ticks[completion_id(BOUNDARY, TODAY)]
        assert (tick["status"], tick["note"]) == ("done", "ticked by your check-in")
        # And back to nothing: the next day's check-in leaves it alone.
        await cursor_to(pilot, BOUNDARY)
        await pilot.press("e")
        for _ in range(5):
            await pilot.press("tab")
        await pilot.press("space", "up", "enter")  # I check in → nothing
        assert app.screen.query_one("#habit-link", Select).value == "none"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (boundary,) = [h for h in live(db_path, "habits") if h["id"] == BOUNDARY]
        assert boundary.get("linked_to") is None


# The quick commands ----------------------------------------------------------------------
def test_the_cli_adds_into_groups_links_and_lists_under_headings(db_path: Path) -> None:
    db = ("--db", str(db_path))
    added = run_cli(
        *db, "habit", "add", "Walk", "outside", "--group", "morning", "--link", "practice"
    )
    assert added.returncode == 0, added.stderr
    assert "“morning”" in added.stdout and "soothing practice" in added.stdout
    moved = run_cli(*db, "habit", "edit", "Hold one boundary", "--group", "Morning")
    assert moved.returncode == 0, moved.stderr
    linked = run_cli(*db, "habit", "edit", "Something joyful", "--link", "letter")
    assert linked.returncode == 0, linked.stderr
    listed = run_cli(*db, "habit", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    heading = lines.index("morning")
    assert lines[heading + 1].strip().endswith("Walk outside")
    assert lines[heading + 2].strip().endswith("Hold one boundary")
    assert lines[heading + 1].startswith("  ")
    assert not any(line.startswith("  ") for line in lines[:heading])
    habits = {h["name"]: h for h in live(db_path, "habits")}
    assert habits["Walk outside"]["linked_to"] == "practice"
    assert habits["Hold one boundary"]["group"] == "morning"
    assert habits["Something joyful"]["linked_to"] == "letter"
    cleared = run_cli(*db, "habit", "edit", "Walk outside", "--no-group", "--link", "none")
    assert cleared.returncode == 0, cleared.stderr
    walk = next(h for h in live(db_path, "habits") if h["name"] == "Walk outside")
    assert walk.get("group") is None and walk.get("linked_to") is None
    wrong = run_cli(*db, "habit", "edit", "Walk outside", "--link", "giraffe")
    assert wrong.returncode != 0 and "checkin, letter, practice or none" in wrong.stderr


# Snapshots -------------------------------------------------------------------------------
def _snap_app(path: Path, **options: object) -> InnerChildApp:
    return build(
        path,
        Clock(2026, 11, 24, 12, 30),
        theme="innerchild-calm-dark",
        device="snapshot",
        **options,
    )


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_habits_in_groups(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    grouped_file(db_path)
    app = _snap_app(db_path, folded_groups=("for little me",))
    assert snap_compare(
        app,
        terminal_size=SIZES[size],
        run_before=pressed("h", "m", "home") if size == "wide" else pressed("h", "home"),
    )


def test_snapshot_habit_editor_with_groups(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    grouped_file(db_path)
    assert snap_compare(
        _snap_app(db_path),
        terminal_size=SIZES["small"],
        run_before=pressed("h", "down", "down", "e", "tab", "tab", "tab", "tab"),
    )


# Ten years ---------------------------------------------------------------------------------
async def test_at_ten_years_grouping_folding_and_moving_work_out_no_history(
    ten_year_copy: Path,
) -> None:
    """Twenty habits and years of ticks: putting habits in groups, folding one and moving
    a group repaint from the caches; no habit's history or figures are worked out again
    and the ticks are never scanned again."""
    from innerchild_tui.app import make_app
    from innerchild_tui.config import Settings

    app = make_app(ten_year_copy, settings=Settings(welcomed=True), device="t")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h")
        await settle(pilot)
        store = app.store
        habits = store.habits.all()
        assert len(habits) >= 10
        index = store._habit_index
        counted, builds = dict(index.recomputed), index.builds
        for n, habit in enumerate(habits[:8]):
            store.habits.set_group(habit["id"], ("morning", "evening")[n % 2])
        pane = app.query_one(HabitsPane)
        pane.refresh_from_store()
        await settle(pilot)
        await cursor_to(pilot, GROUP_ROW + "evening")
        await pilot.press("shift+up", "space")  # evening before morning, then folded
        await settle(pilot)
        await cursor_to(pilot, GROUP_ROW + "morning")
        await pilot.press("enter")
        await settle(pilot)
        assert [name for name, _ in grouped(store.habits.all())][1:] == ["evening", "morning"]
        assert load_settings().folded_groups == ("evening", "morning")
        assert not any(key in row_keys(app) for key in (h["id"] for h in habits[:8]))
        assert dict(index.recomputed) == counted
        assert index.builds == builds
    assert [name for name, _ in grouped(on_disk(ten_year_copy))][1:] == ["evening", "morning"]
