"""The habits pane and a habit's calendar, driven with keys, asserting on the file on disk."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import (
    SIZES,
    SMALL,
    TODAY,
    WIDE,
    Clock,
    build,
    calls_to,
    habit_id,
    live,
    pressed,
    read_file,
    settle,
    type_text,
)
from textual.widgets import Static

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.screens.habit_calendar import HabitCalendarScreen
from innerchild_tui.app.widgets.habit_heatmap import MONTHS, HabitHeatmap, month_labels
from innerchild_tui.domain.schedules import parse_schedule
from innerchild_tui.store import Store


def entry(db_path: Path, habit_id: str, day: date) -> dict[str, object] | None:
    record = read_file(db_path).get("completions", {}).get(f"{habit_id}:{day.isoformat()}")
    return None if record is None or record.get("deleted") else record


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """Seven weeks of practice with rests, a partly done day and a counted habit."""
    clock = Clock(2026, 11, 24, 9, 0)
    store = Store.open(db_path, device="seed", clock=clock)
    habits = store.habits.all()
    for offset in range(1, 50):
        day = TODAY - timedelta(days=offset)
        for index, habit in enumerate(habits):
            pick = (offset * 7 + index * 3) % 10
            if pick < 6:
                store.habit_days.set(habit["id"], day, "done")
            elif pick == 6:
                store.habit_days.set(habit["id"], day, "partial", note="five minutes")
            elif pick == 7:
                store.habit_days.set(habit["id"], day, "rest", reason="sick")
    water = store.habits.add("Drink water")
    store.habits.update(water["id"], kind="counted", target=6, unit="glasses")
    for offset in range(0, 20):
        store.habit_days.set_amount(water["id"], TODAY - timedelta(days=offset), offset % 8)
    walk = store.habits.add("Walk outside")
    store.habits.update(walk["id"], schedule=parse_schedule("3 in 7"))
    for offset in range(0, 30, 2):
        store.habit_days.set(walk["id"], TODAY - timedelta(days=offset), "done")
    store.habits.pause([walk["id"]], TODAY - timedelta(days=12), TODAY - timedelta(days=8))
    store.habit_days.set(habits[0]["id"], TODAY, "done", note="said no kindly")
    store.save()
    return db_path


def _snap_app(path: Path) -> InnerChildApp:
    return build(path, Clock(2026, 11, 24, 12, 30), theme="innerchild-calm-dark", device="snapshot")


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_habits_pane(snap_compare, seeded: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _snap_app(seeded),
        terminal_size=SIZES[size],
        run_before=pressed("h", "m") if size == "wide" else pressed("h"),
    )


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_calendar(snap_compare, seeded: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _snap_app(seeded),
        terminal_size=SIZES[size],
        run_before=pressed("h", "enter", "up", "up"),
    )


# Driving the pane and the calendar --------------------------------------------------------
async def test_tick_partly_and_rest_today_are_saved(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "space")  # Hold one boundary: done
        await pilot.press("down", "p")  # Rest without earning it: partly
        await pilot.press("down", "s")  # Something joyful: rest, a reason
        await type_text(pilot, "sick")
        await pilot.press("enter")
        await pilot.press("n")  # a note on the rest day
        await type_text(pilot, "stayed in bed")
        await pilot.press("enter")
        await settle(pilot)
        first, second, third = (h["id"] for h in app.store.habits.all()[:3])
        assert entry(db_path, first, TODAY)["status"] == "done"  # type: ignore[index]
        assert entry(db_path, second, TODAY)["status"] == "partial"  # type: ignore[index]
        rest = entry(db_path, third, TODAY)
        assert rest is not None
        assert (rest["status"], rest["reason"], rest["note"]) == ("rest", "sick", "stayed in bed")
        row = app.query_one(HabitsPane).table.get_row_at(2)
        assert "rest" in str(row[1])
        await pilot.press("u")  # the note is taken back, the rest stays
        await settle(pilot)
        rest = entry(db_path, third, TODAY)
        assert rest is not None and "note" not in rest and rest["reason"] == "sick"
        assert "Today: 3 of 5" in str(app.query_one("#habits-heading").render())


async def test_a_day_a_habit_is_not_asked_for_reads_so_and_is_not_counted(
    db_path: Path,
) -> None:
    """Mon Wed Fri on a Tuesday: the row said ○ (still open) and the heading counted it,
    in the pane, the tab title and ``innerchild today``; ticked anyway, it counts."""
    from innerchild_tui.domain.schedules import parse_schedule
    from innerchild_tui.store import Store

    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    walk = store.habits.add("Walk")
    store.habits.update(walk["id"], schedule=parse_schedule("mon wed fri"))
    store.save()
    assert TODAY.weekday() == 1  # a Tuesday
    app = build(db_path, tab_summary=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.query_one(HabitsPane)
        row = pane.table.get_row_at(pane.table.get_row_index(walk["id"]))
        assert str(row[1]) == "not today"
        assert "Today: 0 of 5" in str(app.query_one("#habits-heading").render())
        assert "0/5 self-care" in app._tab_title()
        pane.table.move_cursor(row=pane.table.get_row_index(walk["id"]))
        await pilot.press("h", "space")
        await settle(pilot)
        assert "Today: 1 of 6" in str(app.query_one("#habits-heading").render())
    import argparse

    from innerchild_tui.cli.today import _today

    tuesday = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 21, 0))
    lines = _today(tuesday, argparse.Namespace()).lines
    assert "Habits (1 of 6 tended)" in lines and "  ✓ Walk" in lines
    thursday = Store.open(db_path, device="t", clock=Clock(2026, 11, 26, 9, 0))
    lines = _today(thursday, argparse.Namespace()).lines  # Walk is not asked for
    assert "Habits (0 of 5 tended)" in lines and "  · Walk (not today)" in lines


async def test_a_first_tick_reads_as_a_first_day_not_a_fresh_start(db_path: Path) -> None:
    """A new person's first tick: until the new figures come, the row shows the last ones,
    and those never say "fresh start" (no run was ever kept); then it reads "1 day", and
    the Streak column is no wider than its words."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = app.query_one(HabitsPane).table
        shown = calls_to(table, "update_records")
        await pilot.press("h", "space")  # Hold one boundary: done, the first day ever
        await settle(pilot)
        streaks = [str(cells[2]) for (changed, _) in shown for cells in changed.values()]
        assert streaks and "fresh start" not in streaks, streaks
        assert str(table.get_row_at(0)[2]) == "1 day"
        streak_column = table.ordered_columns[2]
        assert str(streak_column.label) == "Streak"
        assert streak_column.get_render_width(table) - 2 * table.cell_padding == len("Streak")


async def test_a_tick_draws_only_its_own_row_again(db_path: Path) -> None:
    """A tick changes one row, and only that row is drawn again: at the tick, and when
    its new figures come. (DataTable's own cell update drew every row again on the event
    loop, the longest stall of a tick at ten years of data.) The rest stays as it was."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = app.query_one(HabitsPane).table

        def drawn_lines() -> list[str]:
            return [
                "".join(segment.text for segment in table.render_line(y))
                for y in range(table.row_count + 1)  # the heading, then each row
            ]

        await pilot.press("h", "space")  # the first habit: its Today column now fits "✓ done"
        await settle(pilot)
        await pilot.press("down")  # the second habit
        await settle(pilot)
        before = drawn_lines()
        drawn = calls_to(table, "_render_cell")
        await pilot.press("space")
        await settle(pilot)
        assert drawn and {row for (row, *_) in drawn} == {1}, drawn
        after = drawn_lines()
        assert "done" in after[2] and "1 day" in after[2], after[2]
        assert after[:2] + after[3:] == before[:2] + before[3:]


async def test_a_past_day_is_edited_in_the_calendar_and_undone(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HabitCalendarScreen)
        grid = app.screen.query_one(HabitHeatmap)
        hid = app.store.habits.all()[0]["id"]
        await pilot.press("up", "up", "space")  # two days ago: done
        await pilot.press("left", "s")  # nine days ago: rest
        await type_text(pilot, "holding a boundary")
        await pilot.press("enter")
        await pilot.press("n")
        await type_text(pilot, "said no to the party")
        await pilot.press("enter")
        await settle(pilot)
        assert grid.cursor == TODAY - timedelta(days=9)
        assert entry(db_path, hid, TODAY - timedelta(days=2))["status"] == "done"  # type: ignore[index]
        rest = entry(db_path, hid, TODAY - timedelta(days=9))
        assert rest == {**rest, "status": "rest", "reason": "holding a boundary"}
        assert rest["note"] == "said no to the party"
        await pilot.press("u", "u")  # the note, then the rest
        await settle(pilot)
        assert entry(db_path, hid, TODAY - timedelta(days=9)) is None
        assert entry(db_path, hid, TODAY - timedelta(days=2)) is not None
        await pilot.press("right", "backspace")  # two days ago, cleared
        await settle(pilot)
        assert entry(db_path, hid, TODAY - timedelta(days=2)) is None
        await pilot.press("u")
        await settle(pilot)
        assert entry(db_path, hid, TODAY - timedelta(days=2))["status"] == "done"  # type: ignore[index]
        await pilot.press("t", "down", "space")  # tomorrow cannot be done…
        await settle(pilot)
        assert entry(db_path, hid, TODAY + timedelta(days=1)) is None
        await pilot.press("s", "enter")  # … but a rest can be planned
        await settle(pilot)
        assert entry(db_path, hid, TODAY + timedelta(days=1))["status"] == "rest"  # type: ignore[index]
        await pilot.press("o", "escape")  # a pane key does nothing here; Esc goes back
        await pilot.pause()
        assert isinstance(app.screen.query_one(HabitsPane), HabitsPane)
        await pilot.press("u")  # the pane shares the calendar's undo
        await settle(pilot)
    assert entry(db_path, hid, TODAY + timedelta(days=1)) is None


async def test_a_counted_habit_counts_up(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "a")
        await type_text(pilot, "Drink water")
        await pilot.press("tab", "tab")
        await type_text(pilot, "3 glasses")
        await pilot.press("enter")
        await settle(pilot)
        (water,) = [h for h in live(db_path, "habits") if h["name"] == "Drink water"]
        assert (water["kind"], water["target"], water["unit"]) == ("counted", 3.0, "glasses")
        await pilot.press("space", "space")
        await settle(pilot)
        day = entry(db_path, water["id"], TODAY)
        assert day is not None and (day["status"], day["amount"]) == ("partial", 2.0)
        await pilot.press("space")
        await settle(pilot)
        day = entry(db_path, water["id"], TODAY)
        assert day is not None and (day["status"], day["amount"]) == ("done", 3.0)
        assert "3/3" in str(app.query_one(HabitsPane).table.get_row_at(5)[1])


async def test_the_calendar_asks_how_much_in_plain_words(db_path: Path) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    water = store.habits.add("Drink water")
    store.habits.update(water["id"], kind="counted", target=6, unit="glasses")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h")
        pane = app.query_one(HabitsPane)
        pane.table.move_cursor(row=pane.table.get_row_index(water["id"]))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HabitCalendarScreen)
        asked = []
        for keys in (["space"], ["up", "space"], ["up", "space"]):
            await pilot.press(*keys)
            await pilot.pause()
            asked.append(str(app.screen.query_one(".dialog-text", Static).render()))
            await pilot.press("escape")
            await pilot.pause()
    assert [question.split("?")[0] for question in asked] == [
        "How much today",
        "How much yesterday",
        "How much on Sunday 22 November",
    ]


@pytest.mark.parametrize("width", [1, 2])
@pytest.mark.parametrize("last", [date(2026, 11, 23), date(2026, 3, 2), date(2027, 1, 4)])
def test_every_month_that_begins_in_view_is_named(width: int, last: date) -> None:
    weeks = [last - timedelta(weeks=52 - i) for i in range(53)]
    line = month_labels(weeks, width)
    named = line.split()
    begun = [
        MONTHS[(m + timedelta(days=6)).month - 1] for m in weeks if (m + timedelta(days=6)).day <= 7
    ]
    assert named[-len(begun) :] == begun  # none dropped, in order
    assert len(named) - len(begun) <= 1  # at most the month already under way at the start
    for column, monday in enumerate(weeks):  # each over the week its 1st falls in
        sunday = monday + timedelta(days=6)
        if sunday.day <= 7:
            at = column * width
            assert line[at : at + 3] == MONTHS[sunday.month - 1]


async def test_the_calendar_sits_in_the_middle_of_the_screen(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HabitCalendarScreen)
        box = app.screen.query_one("#habit-calendar").region
        footer = app.screen.query_one("Footer").region
        assert abs(box.y - (footer.y - box.bottom)) <= 1


async def test_edit_schedule_and_grace(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "e", "tab", "ctrl+u")
        await type_text(pilot, "mon wed fri")
        await pilot.press("tab", "tab", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
    first = min(live(db_path, "habits"), key=lambda h: h["order"])
    assert first["schedule"] == {"type": "weekdays", "days": [0, 2, 4]}
    assert first["grace"] is False


async def test_reorder_archive_delete_and_bring_back(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "space", "shift+down")
        await settle(pilot)
        names = [h["name"] for h in sorted(live(db_path, "habits"), key=lambda h: h["order"])]
        assert names[:2] == ["Rest without earning it", "Hold one boundary"]
        hid = habit_id(db_path, "Hold one boundary")
        await pilot.press("d", "n")  # asked, and kept
        await settle(pilot)
        assert hid in {h["id"] for h in live(db_path, "habits")}
        await pilot.press("d", "y")
        await settle(pilot)
        assert hid not in {h["id"] for h in live(db_path, "habits")}
        assert entry(db_path, hid, TODAY) is None  # its days go with it
        await pilot.press("u")
        await settle(pilot)
        assert hid in {h["id"] for h in live(db_path, "habits")}
        assert entry(db_path, hid, TODAY) is not None


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_first_tick_of_the_day_does_not_shift_the_table(
    db_path: Path, size: tuple[int, int]
) -> None:
    """ "○" becoming "✓ done" fits the today column as it is: the names keep their width
    (each lost a cell at the first tick of the day, and the whole table was built again)."""
    from textual.widgets._data_table import ColumnKey

    app = build(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("h")
        await settle(pilot)
        table = app.query_one(HabitsPane).table
        hid = table.highlighted_key
        assert hid is not None and entry(db_path, hid, TODAY) is None
        widths = {key.value: column.width for key, column in table.columns.items()}
        rows_before = list(table.ordered_rows)
        await pilot.press("space")
        await settle(pilot)
        assert entry(db_path, hid, TODAY) is not None
        assert {key.value: column.width for key, column in table.columns.items()} == widths
        assert list(table.ordered_rows) == rows_before  # the rows are the very same ones
        assert "done" in str(table.get_cell(hid, ColumnKey("today")))


async def test_u_takes_back_an_archiving(db_path: Path) -> None:
    """``u`` takes back the last change: archiving a habit is one too (it said "There is
    nothing to undo", and the way back was v, find the row, x)."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h")
        await settle(pilot)
        table = app.query_one(HabitsPane).table
        await pilot.press("down", "down")
        await pilot.pause()
        hid, below = table.highlighted_key, table.ordered_rows[3].key.value
        assert hid is not None
        await pilot.press("x")
        await settle(pilot)
        assert {h["id"]: h for h in live(db_path, "habits")}[hid]["archived"] is True
        assert table.highlighted_key == below  # the cursor keeps its place, not the top
        await pilot.press("u")
        await settle(pilot)
        assert {h["id"]: h for h in live(db_path, "habits")}[hid]["archived"] is False
        assert table.highlighted_key == hid  # and goes to the habit that came back


async def test_pause_every_habit_and_end_it(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "z", "7", "enter", "y")
        await settle(pilot)
        for habit in live(db_path, "habits"):
            assert habit["pauses"] == [{"start": "2026-11-24", "end": "2026-11-30"}]
        assert "paused" in str(app.query_one(HabitsPane).table.get_row_at(0)[1])
        await pilot.press("z")  # paused today: z ends it for this habit
        await settle(pilot)
    first = min(live(db_path, "habits"), key=lambda h: h["order"])
    assert first["pauses"] == []


async def test_enter_on_the_pause_question_takes_the_days_it_shows(db_path: Path) -> None:
    """The question shows "7" in its field: Enter takes a week (it said "A name with at
    least one letter, please" and stayed open, and the next key was typed into it)."""
    from innerchild_tui.app.screens.prompt import PromptScreen

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "z")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        assert "Pause “Hold one boundary”" in app.screen.question  # which habit it is for
        await pilot.press("enter", "y")
        await settle(pilot)
    for habit in live(db_path, "habits"):
        assert habit["pauses"] == [{"start": "2026-11-24", "end": "2026-11-30"}]


async def test_the_habit_editor_opens_at_its_title_on_a_small_terminal(db_path: Path) -> None:
    """At 80×24 the editor is taller than the screen: it opens at its top, the title and
    the name's label in view (focusing the name scrolled them off)."""
    from innerchild_tui.app.screens.habit_dialogs import HabitEditScreen, _Fields

    app = build(db_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("h", "a")
        await settle(pilot)
        assert isinstance(app.screen, HabitEditScreen)
        fields = app.screen.query_one(_Fields)
        assert fields.max_scroll_y > 0  # it does not fit: the case in question
        assert fields.scroll_y == 0
        assert app.focused is app.screen.query_one("#habit-name")


async def test_numbers_can_be_hidden(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A view setting is written by a worker, never on the event loop (it waits for fsync).
    import threading

    from innerchild_tui.app import settings_keeper as app_module

    writers: list[threading.Thread] = []
    real_save = app_module.save_settings

    def save_settings(*args: Any, **kwargs: Any) -> None:
        writers.append(threading.current_thread())
        real_save(*args, **kwargs)

    monkeypatch.setattr(app_module, "save_settings", save_settings)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.query_one(HabitsPane).table
        assert [str(c.label) for c in table.columns.values()][2] == "Streak"
        await pilot.press("number_sign")
        await pilot.pause()
        labels = [str(c.label) for c in table.columns.values()]
        assert "Streak" not in labels and "Strength" not in labels
        assert app.settings.hide_numbers
        await settle(pilot)
    assert writers and threading.main_thread() not in writers
    from innerchild_tui.config import load_settings

    assert load_settings().hide_numbers is True


async def test_strength_waits_until_a_habit_has_history_to_mean_something(
    db_path: Path,
) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    young, old = store.habits.all()[:2]
    for offset in range(3):
        store.habit_days.set_done(young["id"], TODAY - timedelta(days=offset))
    for offset in range(30):
        store.habit_days.set_done(old["id"], TODAY - timedelta(days=offset))
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = app.query_one(HabitsPane).table
        cells = {str(table.get_row_at(n)[0]): table.get_row_at(n) for n in range(table.row_count)}
        assert str(cells[young["name"]][-1]) == "growing"  # three days: no grade
        assert str(cells[old["name"]][-1]).endswith("%")
