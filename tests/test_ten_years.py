"""What keeps ten years of data fast: work done per change, not per year of history.

Behaviour, never time (timing lives in bench/ten_years.py): a tick works out only that
habit's figures again and never rescans the completions; a save re-encodes only the
records that changed and still writes a TinyDB document older code reads; typing in a
letter or the Support notes does not rebuild the letter list or the summary of today.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from apphelpers import (
    HANG_BOUND,
    TODAY,
    WIDE,
    Clock,
    build,
    calls_to,
    read_file,
    settle,
    wait_until,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import OptionList, TextArea
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from innerchild_tui.app.collector import QuietCollector
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.screens.search import SearchScreen
from innerchild_tui.app.screens.support import SupportScreen
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.domain.habit_days import DONE, HabitHistory, history_of
from innerchild_tui.domain.records import Record, is_live
from innerchild_tui.domain.streaks import streaks_of
from innerchild_tui.domain.strength import strength
from innerchild_tui.store import Store
from innerchild_tui.store.indexes import HabitFigures, HabitIndex


def seed(db_path: Path, days: int = 120) -> None:
    """A few months of ticks on every habit, some letters."""
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    for offset in range(1, days):
        day = TODAY - timedelta(days=offset)
        for index, habit in enumerate(store.habits.all()):
            if (offset + index) % 3:
                store.habit_days.set(habit["id"], day, DONE if offset % 7 else "partial")
    for n in range(12):
        letter = store.letters.new(f"Letter {n}")
        store.letters.update(letter["id"], to_child=f"Dear little one, number {n}")
    store.save()


def brute_force_days(path: Path) -> dict[str, dict[date, str]]:
    """Every habit's live days, read the slow, obvious way from the file on disk."""
    found: dict[str, dict[date, str]] = {}
    for record in read_file(path).get("completions", {}).values():
        if is_live(record):
            day = date.fromisoformat(record["day"])
            found.setdefault(record["habit_id"], {})[day] = record.get("status", DONE)
    return found


def store_days(store: Store) -> dict[str, dict[date, str]]:
    return {
        habit_id: {day: r.get("status", DONE) for day, r in days.items()}
        for habit_id, days in store.habit_days.by_habit().items()
        if days
    }


# The store -----------------------------------------------------------------------------
def test_a_tick_works_out_only_that_habits_figures_again(db_path: Path) -> None:
    seed(db_path)
    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    habits = store.habits.all()
    for habit in habits:
        store.habit_days.figures(habit["id"], TODAY)
    index = store._habit_index
    counted, builds = dict(index.recomputed), index.builds
    ticked, other = habits[1]["id"], habits[2]["id"]

    store.habit_days.set_done(ticked, TODAY)
    figures = {h["id"]: store.habit_days.figures(h["id"], TODAY) for h in habits}

    assert index.builds == builds  # no rescan of the completions table
    assert index.recomputed[ticked] == counted[ticked] + 1
    assert all(index.recomputed[h["id"]] == counted[h["id"]] for h in habits if h["id"] != ticked)
    # and the cached figures are the ones worked out from scratch
    for habit in (habits[1], habits[2]):
        history = history_of(habit, store.habit_days.of(habit["id"]))
        assert figures[habit["id"]].streaks == streaks_of(history, TODAY)
        assert figures[habit["id"]].strength == strength(history, TODAY)
    assert figures[other] is store.habit_days.figures(other, TODAY)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from([DONE, "partial", "rest", None])),
        min_size=1,
        max_size=10,
    )
)
def test_a_history_followed_day_by_day_is_the_one_built_from_every_day(
    changes: list[tuple[int, str | None]],
) -> None:
    """A tick changes one day of a cached history (its entries copied, one day changed)
    rather than building it again from every day: the two are always the same."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "data.json", device="t", clock=Clock(2026, 11, 24, 10))
        habit, other = store.habits.all()[:2]
        store.habit_days.set(other["id"], TODAY, DONE)
        others = store.habit_days.history(other["id"])
        for offset, status in changes:
            before = store.habit_days.history(habit["id"])  # cached, then followed by the change
            store.habit_days.set(habit["id"], TODAY - timedelta(days=offset), status)
            followed = store.habit_days.history(habit["id"])
            assert followed == history_of(habit, store.habit_days.of(habit["id"]))
            assert (
                followed is not before or before.status_on(TODAY - timedelta(days=offset)) == status
            )
        assert store.habit_days.history(other["id"]) is others


def test_the_index_follows_every_kind_of_change(db_path: Path, tmp_path: Path) -> None:
    seed(db_path, days=30)
    clock = Clock(2026, 11, 24, 10, 0)
    store = Store.open(db_path, device="desk", clock=clock)
    store.habit_days.by_habit()  # built now, then kept up to date
    first, second, third = (h["id"] for h in store.habits.all()[:3])
    store.habit_days.set_done(first, TODAY)
    store.habit_days.set(second, TODAY - timedelta(days=1), None)  # a day taken back
    store.habit_days.set(second, TODAY - timedelta(days=2), "rest", reason="tired")
    removed = store.habits.delete(third)
    store.save()
    assert store_days(store) == brute_force_days(db_path)
    for table, record in removed:  # undo
        store.restore(table, record)
    store.save()
    assert store_days(store) == brute_force_days(db_path)

    # Another computer's tick, merged in from the file.
    laptop = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 11, 0))
    laptop.habit_days.set_done(third, TODAY)
    laptop.save()
    habits = store.habits.all()
    for habit in habits:
        store.habit_days.figures(habit["id"], TODAY)
    index = store._habit_index
    counted, builds = dict(index.recomputed), index.builds
    assert store.reload_if_changed()
    assert store.habit_days.history(third).status_on(TODAY) == DONE
    for habit in habits:
        store.habit_days.figures(habit["id"], TODAY)
    assert index.builds == builds  # the merge kept the index: only the tick moved
    assert {k for k in index.recomputed if index.recomputed[k] != counted[k]} == {third}
    assert store_days(store) == brute_force_days(db_path)


def test_the_index_holds_one_date_for_each_day_whatever_the_habit(db_path: Path) -> None:
    """The habits' entries for one day share one ``date`` (at ten years 50,000 entries
    name 3,650 days): what the index holds grows with the days, not with the entries."""
    seed(db_path, days=30)
    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    by_habit = store.habit_days.by_habit()
    days = [day for entries in by_habit.values() for day in entries]
    assert len(by_habit) > 1 and len(days) > 2 * len(set(days))
    assert len({id(day) for day in days}) == len(set(days))
    assert store_days(store) == brute_force_days(db_path)


def test_a_save_encodes_only_what_changed_and_older_code_reads_it(db_path: Path) -> None:
    seed(db_path, days=30)
    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    store.checkins.add(5)
    store.save()
    encoded = {name: dict(records) for name, records in store._storage._encoded._bytes.items()}
    habit = store.habits.all()[0]["id"]
    store.habit_days.set_done(habit, TODAY)
    store.save()
    after = store._storage._encoded._bytes
    ticked = f"{habit}:{TODAY.isoformat()}"
    kept = [
        after[name][key] is fragment
        for name, records in encoded.items()
        for key, fragment in records.items()
    ]
    assert kept.count(False) == 0 and len(kept) > 100  # every earlier record reused as is
    assert ticked in after["completions"] and ticked not in encoded["completions"]

    on_disk = orjson.loads(db_path.read_bytes())
    assert on_disk == store._storage.read()
    assert on_disk["completions"][ticked]["status"] == DONE
    # TinyDB's own JSON storage (what older code and other tools use) reads the file.
    with TinyDB(db_path, storage=JSONStorage, access_mode="r") as old:
        assert len(old.table("completions")) == len(on_disk["completions"])
    # And a store reopened from it sees the same thing.
    again = Store.open(db_path, device="other")
    assert again.habit_days.history(habit).status_on(TODAY) == DONE


def test_a_merge_then_save_writes_the_merged_records(db_path: Path) -> None:
    seed(db_path, days=10)
    desk = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    desk.save()
    laptop = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 10, 30))
    note = laptop.checkins.add(7, note="from the laptop")
    laptop.save()
    desk.checkins.add(4, note="from the desk")
    desk.save()  # merges the laptop's check-in first
    checkins = read_file(db_path)["checkins"]
    assert note["id"] in checkins
    assert {c.get("note") for c in checkins.values()} >= {"from the laptop", "from the desk"}


def test_a_merge_walks_the_encodings_own_tables_and_a_save_meanwhile_changes_copies(
    db_path: Path,
) -> None:
    """What a merge passes over (each record's bytes as this process wrote them, and the
    record they were made from) is the encoding's very dicts, not copies (three copies of
    every table were 7 MiB of a merge's peak at ten years); a save while the merge walks
    them (a conflict copy's backup encodes in another thread) changes copies of the
    tables it changes, never what was handed out."""
    seed(db_path, days=10)
    desk = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    desk.checkins.add(5)
    desk.save()
    encoded = desk._storage._encoded
    written = desk._storage.as_written()
    assert written is not None
    ticks, ticked_from = written.fragments["completions"]
    assert ticks is encoded._bytes["completions"]  # handed out as they are
    assert ticked_from is encoded._objects["completions"]
    assert written.held is desk._storage.read()
    as_handed_out = dict(ticks), dict(ticked_from)
    habit = desk.habits.all()[0]["id"]
    desk.habit_days.set_done(habit, TODAY)  # changed while the merge would walk
    desk.save()
    assert (ticks, ticked_from) == as_handed_out  # what was handed out is as it was
    now = encoded._bytes["completions"]
    assert now is not ticks and f"{habit}:{TODAY.isoformat()}" in now
    assert orjson.loads(db_path.read_bytes()) == desk._storage.read()
    # A table changed again, not handed out since, is changed in place (no copy a save).
    desk.habit_days.set_done(habit, TODAY - timedelta(days=1))
    desk.save()
    assert encoded._bytes["completions"] is now


def test_a_merge_of_ten_years_holds_the_files_bytes_and_little_more(
    ten_year_copy: Path,
) -> None:
    """A merge reads the file's bytes whole (19 MB at ten years) and takes nearly every
    record as the one it wrote; on top of those bytes it makes little: no copies of the
    tables it passes over or checks (7 + 2.6 MiB more before)."""
    desk = Store.open(ten_year_copy, device="desk")
    desk.checkins.add(5, note="from the desk")
    assert desk.save()  # every record's bytes, as written here
    laptop = Store.open(ten_year_copy, device="laptop")
    note = laptop.checkins.add(7, note="from the laptop")
    laptop.save()
    del laptop
    size = ten_year_copy.stat().st_size
    tracemalloc.start()
    try:
        assert desk.reload_if_changed()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert desk.checkins.get(note["id"])["note"] == "from the laptop"
    assert peak < 1.3 * size, f"{peak / 1e6:.1f} MB at the peak, the file is {size / 1e6:.1f}"


def test_another_computers_change_is_read_a_record_at_a_time(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge's read runs in a thread while the screen is up: the file is parsed a
    record at a time, never in one call that holds the interpreter for all of it."""
    from innerchild_tui.store import base, storage

    seed(db_path, days=10)
    desk = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    laptop = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 10, 30))
    note = laptop.checkins.add(7, note="from the laptop")
    laptop.save()
    whole_file_parses: list[int] = []
    decode = storage.decode

    def parse_whole(raw: bytes) -> object:
        whole_file_parses.append(len(raw))
        return decode(raw)

    monkeypatch.setattr(base, "decode", parse_whole)
    monkeypatch.setattr(storage, "decode", parse_whole)
    assert desk.reload_if_changed()
    assert whole_file_parses == []
    assert desk.checkins.get(note["id"])["note"] == "from the laptop"


def test_what_a_merge_read_and_did_not_keep_is_let_go_a_record_at_a_time(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Freed at once, what the merge read (most of it: ours is kept where both agree)
    would be one C call of about 20 ms at ten years, in the thread, with the screen
    waiting. The merge empties it a record at a time instead; what it keeps stays."""
    from innerchild_tui.store import base

    seed(db_path, days=10)
    desk = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    laptop = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 10, 30))
    note = laptop.checkins.add(7, note="from the laptop")
    laptop.save()
    reads: list[base.FileRead] = []
    read_file = base.read_file

    def reading(*args: object, **kwargs: object) -> base.FileRead:
        found = read_file(*args, **kwargs)  # type: ignore[arg-type]
        reads.append(found)
        return found

    monkeypatch.setattr(base, "read_file", reading)
    assert desk.reload_if_changed()
    [found] = reads
    assert all(records == {} for records in found.checked.usable.values())
    assert desk._storage.read() == Store.open(db_path, device="x")._storage.read()
    assert desk.checkins.get(note["id"])["note"] == "from the laptop"


# The app -------------------------------------------------------------------------------
async def test_a_tick_in_the_app_touches_one_habit_and_no_history(db_path: Path) -> None:
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h")
        await settle(pilot)  # the first figures, worked out in a worker, are shown
        pane = app.query_one(HabitsPane)
        index = app.store._habit_index
        counted, builds = dict(index.recomputed), index.builds

        def others() -> list[list[str]]:  # the other rows, but for how much of a name fits
            return [[str(c) for c in pane.table.get_row_at(i)[1:]] for i in range(1, 5)]

        other_rows = others()
        await pilot.press("space")  # the first habit, today
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        ticked = app.store.habits.all()[0]["id"]
        assert index.builds == builds
        assert index.recomputed[ticked] == counted.get(ticked, 0) + 1
        assert {k: v for k, v in index.recomputed.items() if k != ticked} == {
            k: v for k, v in counted.items() if k != ticked
        }
        assert "done" in str(pane.table.get_row_at(0)[1])
        assert others() == other_rows
        # the seed's check-in today ticked "Check in with my inner child" too
        assert "Today: 2 of 5" in str(app.query_one("#habits-heading").render())
    record = read_file(db_path)["completions"][f"{ticked}:{TODAY.isoformat()}"]
    assert record["status"] == DONE


async def test_streaks_and_strength_are_worked_out_off_the_event_loop(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They scale with a habit's years: the first frame shows the habits without them,
    and a tick shows the habit's last figures until the new ones come."""
    seed(db_path)
    on_the_loop: list[bool] = []
    work_out = HabitIndex.work_out

    def noted(history: HabitHistory, today: date) -> HabitFigures:
        on_the_loop.append(threading.current_thread() is threading.main_thread())
        return work_out(history, today)

    monkeypatch.setattr(HabitIndex, "work_out", staticmethod(noted))
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.query_one(HabitsPane)
        rows = [[str(cell) for cell in pane.table.get_row_at(i)] for i in range(5)]
        assert all(row[2].endswith(("day", "days", "fresh start")) for row in rows), rows
        assert all(row[-1].endswith("%") for row in rows), rows
        assert len(on_the_loop) == 5
        await pilot.press("h", "space")
        await settle(pilot)
        assert "done" in str(pane.table.get_row_at(0)[1])
    assert len(on_the_loop) == 6
    assert not any(on_the_loop)


async def test_the_first_frame_builds_no_habit_history_on_the_event_loop(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows first show the last two weeks and today from those days' entries alone;
    the index of every habit's days (a scan of all the ticks) and each habit's whole story
    are built off the loop with the figures, and the rows then read the same."""
    seed(db_path)
    builds_on_the_loop: list[bool] = []
    days_by_habit = HabitIndex.days_by_habit

    def noted(index: HabitIndex) -> dict[str, dict[date, Record]]:
        if index._days is None:  # a build, not a look at the built index
            builds_on_the_loop.append(threading.current_thread() is threading.main_thread())
        return days_by_habit(index)

    monkeypatch.setattr(HabitIndex, "days_by_habit", noted)
    # Each fitting of the habits table clears it and adds every row again.
    fittings: list[str | None] = []
    clear = RecordTable.clear

    def counted(table: RecordTable, columns: bool = False) -> RecordTable:
        fittings.append(table.id)
        return clear(table, columns)

    monkeypatch.setattr(RecordTable, "clear", counted)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        pane = app.query_one(HabitsPane)
        first = [[str(cell) for cell in pane.table.get_row_at(i)] for i in range(5)]
        await settle(pilot)
        then = [[str(cell) for cell in pane.table.get_row_at(i)] for i in range(5)]
        assert all(row[-1].endswith("%") for row in then), then  # the figures came
        assert [row[:2] + row[3:4] for row in first] == [row[:2] + row[3:4] for row in then]
    assert builds_on_the_loop == [False]
    # The first look, its width once laid out, and all the figures at once: not a
    # fitting for each habit as its figures came.
    assert fittings.count("habits-table") <= 3, fittings


async def test_typing_a_letter_does_not_rebuild_the_list(db_path: Path) -> None:
    seed(db_path, days=5)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(LettersPane)
        builds = pane.list_builds
        area = app.query_one("#to-child", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" and more")
        pane._autosave_now()  # the pause in typing
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.list_builds == builds
        opened = pane.letter_id
        assert opened is not None
        listing = app.query_one("#letters-list", OptionList)
        assert listing.highlighted == listing.get_option_index(opened)
        assert app.store.letters.get(opened)["to_child"].endswith("and more")
        app.refresh_panes()  # nothing else changed: the list stays as built
        await pilot.pause()
        assert pane.list_builds == builds
    assert read_file(db_path)["letters"][opened]["to_child"].endswith("and more")


async def test_the_list_entry_follows_the_letter_once_the_writing_stops(db_path: Path) -> None:
    """Autosaves while typing leave the list's entries alone (a changed entry makes the list
    measure every entry again); leaving the writing shows the new first words."""
    store = Store.open(db_path, device="seed")
    letter = store.letters.new("Short")
    store.letters.update(letter["id"], to_child="Hi")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        listing = app.query_one("#letters-list", OptionList)
        index = listing.get_option_index(letter["id"])
        replaced: list[int] = []
        replace = listing.replace_option_prompt_at_index

        def counting(at: int, prompt: object) -> object:
            replaced.append(at)
            return replace(at, prompt)  # type: ignore[arg-type]

        listing.replace_option_prompt_at_index = counting  # type: ignore[method-assign]
        pane = app.query_one(LettersPane)
        area = app.query_one("#to-child", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" little one")
        pane._autosave_now()  # a pause in the typing: saved, the list untouched
        await settle(pilot)
        assert app.store.letters.get(letter["id"])["to_child"] == "Hi little one"
        assert replaced == []
        await pilot.press("escape")  # the writing stops
        await settle(pilot)
        assert replaced == [index]
        assert "Hi little one" in str(listing.get_option_at_index(index).prompt)


async def test_the_save_state_in_the_header_repaints_one_line(db_path: Path) -> None:
    """ "saving…" and "saved ✓" never lay out or repaint the whole screen."""
    seed(db_path, days=5)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        layouts = calls_to(app.screen, "refresh")
        app.query_one(HabitsPane).focus_main()
        await settle(pilot)
        layouts.clear()
        await pilot.press("space")
        await settle(pilot)
        assert app.save_state == "saved"
        assert "saved ✓" in str(app.sub_title)
        assert layouts == []


async def test_leaving_a_screen_draws_nothing_of_the_dashboard_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Leaving the review, the history, help or search repaints the whole dashboard
    (Textual lays it out when a screen opens over it, and again as that one goes), from
    the lines each widget keeps: no pane is filled in from the store, and neither a
    scrollbar nor the screen's own background is drawn again (they were, at every
    layout: a third of the repaint at ten years)."""
    seed(db_path, days=20)
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    for n in range(30):
        store.comfort.add(f"Comfort {n}")
    store.save()
    drawn: list[Widget] = []
    draw_scrollbar, draw_screen = ScrollBar.render, Screen.render

    def scrollbar_drawn(bar: ScrollBar) -> Any:
        drawn.append(bar)
        return draw_scrollbar(bar)

    def screen_drawn(screen: Screen[Any]) -> Any:
        drawn.append(screen)
        return draw_screen(screen)

    monkeypatch.setattr(ScrollBar, "render", scrollbar_drawn)
    monkeypatch.setattr(Screen, "render", screen_drawn)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert app.query_one("#comfort-table", RecordTable).show_vertical_scrollbar
        refreshed = calls_to(app, "refresh_panes")
        for key in ("W", "y", "question_mark", "slash"):
            drawn.clear()
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is not dashboard
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is dashboard
            assert [node for node in drawn if dashboard in node.ancestors_with_self] == [], key
        assert refreshed == []


async def test_a_new_day_is_shown_a_pane_a_frame_and_the_tables_keep_their_rows(
    db_path: Path,
) -> None:
    """A new day changes every row of the habits and of the comfort list. Filled in and
    drawn again all at once, the dashboard held the loop 40-70 ms at ten years; now each
    pane takes a frame of its own, and a table whose cells still fit their columns
    changes them where they are rather than being built again row by row."""
    seed(db_path, days=20)
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    for n in range(30):
        store.comfort.toggle_used(store.comfort.add(f"Comfort {n}")["id"], TODAY - timedelta(3))
    store.save()
    clock = Clock(2026, 11, 24, 23, 50)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        comfort = app.query_one("#comfort-table", RecordTable)
        assert all("3 days ago" in str(comfort.get_row_at(i)[2]) for i in range(comfort.row_count))
        frames = calls_to(app.screen, "_compositor_refresh")
        filled_in_frame: dict[str, int] = {}
        for pane in app.panes:

            def noted(*args: Any, _pane: Any = pane, _fill: Any = pane.refresh_from_store) -> Any:
                filled_in_frame[type(_pane).__name__] = len(frames)
                return _fill(*args)

            pane.refresh_from_store = noted  # type: ignore[method-assign]
        rebuilt = calls_to(comfort, "clear")
        clock.now = clock.now.add(hours=5)  # 04:50 on the 25th
        app.check_for_new_day()
        await settle(pilot)
        panes = ["CheckinPane", "ComfortPane", "HabitsPane", "LettersPane"]
        assert sorted(filled_in_frame) == panes
        assert len(set(filled_in_frame.values())) == 4, filled_in_frame
        assert rebuilt == []  # (the habits' are, when a streak's words outgrow the column)
        rows = [str(comfort.get_row_at(i)[2]) for i in range(comfort.row_count)]
        assert len(rows) == 30 and all("4 days ago" in row for row in rows), rows
        habits = app.query_one(HabitsPane).table
        assert not any("done" in str(habits.get_row_at(i)[1]) for i in range(habits.row_count))
        assert "Wednesday 25 November" in app.sub_title


def test_a_search_runs_with_the_cycle_collector_off(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search screen searches in a worker while the screen is up: a collection set
    off there by what a search over years makes walked everything the app holds (16 ms
    at ten years, the screen waiting)."""
    import gc

    from innerchild_tui.domain import search as searching

    seed(db_path, days=10)
    store = Store.open(db_path, device="x")
    collector_on: list[bool] = []
    search_newest = searching.search_newest

    def noted(*args: Any, **options: Any) -> Any:
        collector_on.append(gc.isenabled())
        return search_newest(*args, **options)

    monkeypatch.setattr(searching, "search_newest", noted)
    found, counts = store.search_newest("little one", 5)
    assert collector_on == [False] and gc.isenabled()
    assert counts["letter"] == 12 and len(found["letter"]) == 5


async def test_years_of_records_are_kept_out_of_the_cycle_collectors_walk(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years of records, and the histories made from them, are kept out of the cycle
    collector's walk: each full collection walked them all, on the event loop."""
    import gc

    seed(db_path, days=60)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        ticks = app.store._storage.read()["completions"]
        a_tick = next(iter(ticks.values()))
        assert gc.get_freeze_count() > len(ticks)
        # The habits' histories are built after the first frame, for their figures, and
        # built again for a habit after its tick: they go out of the walk too.
        await pilot.press("h", "space")
        await settle(pilot)
        histories = [history for _, history in app.store._habit_index._histories.values()]
        assert len(histories) == len(app.store.habits.all())
        unfrozen = {id(tracked) for tracked in gc.get_objects()}
        assert id(a_tick) not in unfrozen
        assert not [history for history in histories if id(history) in unfrozen]


async def test_what_dies_is_let_go_though_history_is_frozen(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A freeze keeps whatever it moves, garbage too: freezing after every tick and merge
    kept about 5 MB a round of use (closed screens, toasts, replaced footer keys). A long
    quiet lets go of what was frozen and died: garbage there at a freeze, and a search
    screen open while one came."""
    import gc
    import weakref

    monkeypatch.setattr(QuietCollector, "SWEEP_GROWTH", 0)
    seed(db_path, days=60)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)

        class Cycle:
            def __init__(self) -> None:
                self.me = self

        garbage = weakref.ref(Cycle())  # garbage in a cycle, as a closed screen is
        app.collector.keep_alive_out_of_reach()  # as after a tick: frozen with the rest
        await pilot.press("slash")
        await settle(pilot)
        search = weakref.ref(app.screen)
        assert isinstance(search(), SearchScreen)
        app.collector.keep_alive_out_of_reach()  # frozen while it is open
        await pilot.press("escape")
        await settle(pilot)
        gc.collect()
        # Frozen: an ordinary collection does not see them.
        assert garbage() is not None and search() is not None
        monkeypatch.setattr(QuietCollector, "LONG_QUIET", 0.3)
        while app.collector.sweeps == 0:
            await pilot.pause(0.05)
        assert garbage() is None, "garbage frozen with history was kept"
        assert search() is None, "the search screen closed after a freeze was kept"


async def test_a_closed_screen_and_the_footer_keys_it_replaced_are_let_go(db_path: Path) -> None:
    """A screen closed is freed, and so are the footer's keys a focus change replaced:
    each screen's header watched the app's title and Textual keeps a watcher until the
    watched value changes, and the footer's keys are bound to the footer by watchers of
    its own; both kept every search, history and review screen, and 21 keys for most
    focus changes, all day long."""
    import gc
    import weakref

    from textual.widgets._footer import FooterKey

    seed(db_path, days=60)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("h")  # the footer shows the habits' keys
        await settle(pilot)
        keys = [weakref.ref(key) for key in app.screen.query(FooterKey)]
        assert keys
        await pilot.press("slash")
        await settle(pilot)
        search = weakref.ref(app.screen)
        assert isinstance(search(), SearchScreen)
        await pilot.press("escape")
        await settle(pilot)
        for pane in "locl":  # and then each other pane's own
            await pilot.press(pane)
            await settle(pilot)
        gc.collect()
        assert search() is None, "the closed search screen was kept"
        assert not [key for key in keys if key() is not None and not key().is_attached]


@pytest.mark.parametrize("keys", [("W",), ("y",), ("ctrl+b",)])
async def test_what_a_closed_screen_painted_is_let_go_with_it(
    db_path: Path, keys: tuple[str, ...]
) -> None:
    """A screen closed takes the lines its widgets painted with it: Textual's memo of the
    widgets it painted (an ``lru_cache`` keyed by each widget's render cache) kept the
    painted lines of the last 1,024 widgets ever shown, about 2 MiB a search opened and
    closed."""
    import gc
    import weakref

    from textual._styles_cache import StylesCache

    seed(db_path, days=60)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        screen = app.screen
        assert not isinstance(screen, type(app.screen_stack[0]))
        painted: list[weakref.ref[StylesCache]] = [
            weakref.ref(widget._styles_cache) for widget in screen.walk_children(with_self=True)
        ]
        closed = weakref.ref(screen)
        del screen
        await pilot.press("escape")
        await settle(pilot)
        for _ in range(240):  # until Textual has removed it (a search still to run holds it)
            gc.collect()  # as the collector does in its own time
            if closed() is None:
                break
            await pilot.pause(0.05)
        assert closed() is None, "the closed screen was kept"
        assert not [cache for cache in painted if cache() is not None]


async def test_support_notes_keys_leave_the_summary_alone(db_path: Path) -> None:
    seed(db_path, days=5)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        summaries = 0
        original = app.update_summary

        def counting() -> None:
            nonlocal summaries
            summaries += 1
            original()

        app.update_summary = counting  # type: ignore[method-assign]
        await pilot.press("ctrl+g")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SupportScreen) and app.screen.query("#support-notes"),
            "support open",
        )
        await pilot.pause()
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.focused, TextArea), "the notes in hand")
        await pilot.press(*"Breathe first.")
        await pilot.pause()
        assert summaries == 0
        await pilot.press("escape", "escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert read_file(db_path)["support"]["support-notes"]["text"] == "Breathe first."


def _a_desk_that_has_saved(db_path: Path) -> Store:
    """A month of records, opened and saved here (so this process has encoded them)."""
    seed(db_path, days=30)
    desk = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    desk.checkins.add(5, note="from the desk")
    desk.save()
    return desk


def test_a_merge_parses_only_the_records_the_other_computer_changed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another computer writes what it did not change as it read it: once this process
    has written the file, a record whose text is still what it wrote is taken as it is."""
    from innerchild_tui.store import storage

    desk = _a_desk_that_has_saved(db_path)
    laptop = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 10, 30))
    note = laptop.checkins.add(7, note="from the laptop")
    laptop.save()
    records = sum(len(table) for table in desk._storage.read().values())
    parsed: list[dict[str, object]] = []
    part = storage._part

    def parsing(raw: bytes, at: int, size: int) -> tuple[object, int]:
        found, stop = part(raw, at, size)
        parsed.append(found or {})
        return found, stop

    monkeypatch.setattr(storage, "_part", parsing)
    assert desk.reload_if_changed()
    parsed_records = sum(len(found) for found in parsed)
    assert records > 100 and 0 < parsed_records <= 4  # the laptop's check-in, its tick, meta
    assert desk.checkins.get(note["id"])["note"] == "from the laptop"
    monkeypatch.undo()
    assert desk._storage.read() == Store.open(db_path, device="x")._storage.read()


def test_hostile_text_in_a_record_changed_elsewhere_is_made_safe_in_a_merge(
    db_path: Path,
) -> None:
    """Only the records a merge parses are searched for unsafe text (the rest are the
    very records this process checked); a hostile note written elsewhere is among them."""
    desk = _a_desk_that_has_saved(db_path)
    other = Store.open(db_path, device="other", clock=Clock(2026, 11, 24, 10, 30))
    record = other.checkins.add(7, note="calm")
    # Written as another program might have: a note with terminal escapes.
    other._put("checkins", {**record, "note": "calm \x1b]2;owned\x07 \u202eevil"})
    other.save()
    assert "\x1b" in json.loads(db_path.read_bytes())["checkins"][record["id"]]["note"]
    assert desk.reload_if_changed()
    note = desk.checkins.get(record["id"])["note"]
    assert "calm" in note and "\x1b" not in note and "\u202e" not in note


def test_opening_ten_years_reads_the_file_a_part_at_a_time(ten_year_file: Path) -> None:
    """Opening reads the file a part at a time: what it makes and lets go on top of the
    records it keeps stays a few parts' worth, never the whole file's bytes (19 MB at ten
    years, held until the last record was parsed, 32 MB over before)."""
    tracemalloc.start()
    try:
        store = Store.open(ten_year_file, device="here")
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(store.export()["completions"]) > 40_000  # ten years, all of it read
    size = ten_year_file.stat().st_size
    assert peak - kept < size / 3, (
        f"{(peak - kept) / 1e6:.0f} MB over, the file is {size / 1e6:.0f}"
    )


_MERGE_IN_A_FRESH_PROCESS = """
import asyncio, ctypes, subprocess, sys
from pathlib import Path
from innerchild_tui.app import make_app
from innerchild_tui.app.panes.habits import HabitsPane

def resident_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

async def main(db):
    app = make_app(db, device="here")
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(HabitsPane).focus_main()
        await pilot.press("space")  # a tick, saved
        while app.store.has_unsaved_changes:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        subprocess.run(  # another computer's check-in
            [sys.executable, "-m", "innerchild_tui", "--db", str(db), "checkin", "--mood", "6"],
            check=True, capture_output=True,
        )
        merges = app.store.outside_changes
        app.check_for_outside_changes()
        while app.store.outside_changes == merges:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        held = resident_mib()
        ctypes.CDLL(None).malloc_trim(0)  # what the allocator still held free
        print(held - resident_mib())

asyncio.run(main(Path(sys.argv[1])))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_memory_a_merge_used_is_given_back(ten_year_copy: Path) -> None:
    """A merge of ten years reads about 19 MB at a time, in the dashboard's process; what
    it used and freed is given back to the system: a trim of the allocator after it finds
    next to nothing left to give back (about 30 MiB without the app's own trim)."""
    done = subprocess.run(
        [sys.executable, "-c", _MERGE_IN_A_FRESH_PROCESS, str(ten_year_copy)],
        capture_output=True,
        text=True,
        check=True,
        timeout=HANG_BOUND,
    )
    kept = float(done.stdout.strip().splitlines()[-1])
    assert kept < 8, f"the allocator kept {kept:.0f} MiB free after the merge"


_LARGE_BUFFERS_IN_A_FRESH_PROCESS = """
import sys
from innerchild_tui.malloc import serve_large_buffers_apart

def resident_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

if sys.argv[1] == "apart":
    serve_large_buffers_apart()
kept = []
before = resident_mib()
for _ in range(3):
    whole_file = b"x" * (20 << 20)  # a merge's read of the file
    kept.append(bytes(1000))  # made meanwhile, and kept
    del whole_file
print(resident_mib() - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_buffer_as_large_as_the_file_is_given_back_when_it_is_freed() -> None:
    """The dashboard and every command have glibc serve a buffer as large as the file (a
    merge's read of it) from a mapping of its own, given back as it is freed: left to
    itself, glibc serves the second such buffer from its heap, and what is made beside it
    meanwhile kept its pages (after a few merges at ten years, 14-20 MiB that
    malloc_trim could not give back)."""

    def held_after(how: str) -> float:
        done = subprocess.run(
            [sys.executable, "-c", _LARGE_BUFFERS_IN_A_FRESH_PROCESS, how],
            capture_output=True,
            text=True,
            check=True,
            timeout=HANG_BOUND,
        )
        return float(done.stdout.strip().splitlines()[-1])

    assert held_after("apart") < 4
    assert held_after("as glibc chooses") > 15  # (what the test would see without it)


def test_the_dashboard_and_every_command_serve_large_buffers_apart(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set before the file is first read, by the dashboard's factory and by every command."""
    from innerchild_tui import cli, malloc
    from innerchild_tui.app import make_app

    seed(db_path, days=3)
    asked: list[str] = []
    monkeypatch.setattr(malloc, "serve_large_buffers_apart", lambda: asked.append("dashboard"))
    monkeypatch.setattr(cli, "serve_large_buffers_apart", lambda: asked.append("command"))
    make_app(db_path, device="here")
    assert cli.main(["--db", str(db_path), "today"]) == 0
    assert asked == ["dashboard", "command"]
