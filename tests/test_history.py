"""The history screen and the check-in pane as they look, and `innerchild history`.

Update the pictures after a deliberate change of look with
`pytest tests/test_history.py --snapshot-update`, and look at them before committing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import SIZES, TODAY, Clock, build, live, pressed, run_cli, settle

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.store import Store


@pytest.fixture
def year(db_path: Path) -> Path:
    """A year of practice, made with a fixed clock and a fixed random seed."""
    clock = Clock(2026, 1, 27, 9, 0)
    store = Store.open(db_path, device="seed", clock=clock)
    rng = random.Random(24)
    walk = store.habits.all()[0]
    blanket = store.comfort.add("Blue blanket")
    feelings = ["calm", "very tired", "hopeful", "a little sad", "anxious", "wobbly"]
    for offset in range(300, 0, -1):
        day = TODAY - timedelta(days=offset)
        clock.now = clock.now.add(days=1)
        walked = offset % 3 != 0
        if walked:
            store.habit_days.set_done(walk["id"], day, True)
        if offset % 4 == 0:
            store.comfort.toggle_used(blanket["id"], day)
        if rng.random() < 0.75:
            mood = max(1, min(10, rng.randint(3, 8) + (1 if walked else -1)))
            store.checkins.add(
                mood, rng.sample(feelings, 2), rng.sample(["rest", "a hug", "play"], 1), day=day
            )
    clock.now = Clock(2026, 11, 24, 9, 0).now
    store.checkins.add(
        7, ["calm", "hopeful"], ["play"], "sunny walk", energy=4, age=8, therapy=True
    )
    store.save()
    return db_path


def _app(path: Path) -> InnerChildApp:
    return build(path, Clock(2026, 11, 24, 12, 30), theme="innerchild-calm-dark", device="snapshot")


@pytest.mark.parametrize("size", SIZES)
def test_history_screen(snap_compare, year: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _app(year), terminal_size=SIZES[size], run_before=pressed("y", "up", "left")
    )


def test_history_day(snap_compare, year: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(year), terminal_size=SIZES["wide"], run_before=pressed("y", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_checkin_pane_mid_check_in(snap_compare, year: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    # Maximized on the wide screen too, so only this pane is in the picture.
    maximize = ["m"] if size == "wide" else []
    keys = [*maximize, "c", "6", "up", "tab", *"very sad", "enter", *"wob"]
    assert snap_compare(_app(year), terminal_size=SIZES[size], run_before=pressed(*keys))


async def test_the_legend_and_the_day_line_have_room_below_the_year(year: Path) -> None:
    app = _app(year)
    async with app.run_test(size=SIZES["wide"]) as pilot:
        await pilot.press("y")
        await pilot.pause()
        grid, legend, day = (
            app.screen.query_one(f"#history-{name}").region for name in ("year", "legend", "day")
        )
        assert legend.y > grid.bottom  # a blank line between the grid and its legend
        assert day.y > legend.bottom  # and between the legend and the day's line


def test_history_screen_insights_come_from_the_file(year: Path) -> None:
    store = Store.open(year, device="test", clock=Clock(2026, 11, 24, 12, 0))
    from innerchild_tui.domain.insights import daily_moods

    found = store.checkins.mood_comparisons(daily_moods(store.checkins.all()), TODAY)
    names = {c.name for c in found}
    assert "Hold one boundary" in names  # done two days in three: plenty on both sides
    assert "Blue blanket" in names
    walk = next(c for c in found if c.name == "Hold one boundary")
    assert walk.mood_with > walk.mood_without  # the seed gives walked days one point more
    # A habit never done has no days with it: nothing is said about it.
    assert "Write a letter" not in names


def test_cli_history_prints_a_sparkline_and_the_words(year: Path) -> None:
    result = run_cli("--db", str(year), "history", "--days", "14")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("The last 14 days: ")
    (mood,) = [line for line in lines if line.startswith("Mood  ")]
    marks = mood[len("Mood  ") :]
    assert len(marks) == 14 and set(marks) <= set("▁▂▃▄▅▆▇█ ")
    assert any(line.startswith("Feelings named most: ") for line in lines)
    assert "textual" not in result.stderr


def test_cli_checkin_takes_the_new_fields(db_path: Path) -> None:
    result = run_cli(
        "--db", str(db_path), "checkin", "--mood", "5", "--energy", "2",
        "--feeling", "sad:3", "--feeling", "calm", "--need", "rest",
        "--age", "6", "--hear", "you are safe", "--body", "tight chest", "--therapy",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "very sad" in result.stdout
    (record,) = live(db_path, "checkins")
    assert record["energy"] == 2
    assert record["feelings"] == ["sad", "calm"]
    assert record["intensity"] == {"sad": 3}
    assert (record["age"], record["to_hear"], record["body"]) == (
        6,
        "you are safe",
        ["tight chest"],
    )
    assert record["therapy"] is True


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--energy", "6"], "Energy is a whole number from 1 to 5"),
        (["--age", "-1"], "age is a whole number from 0 to 120"),
        (["--feeling", "sad:4"], "1 (a little), 2 (quite) or 3 (very)"),
    ],
)
def test_cli_checkin_refuses_kindly(db_path: Path, args: list[str], words: str) -> None:
    result = run_cli("--db", str(db_path), "checkin", "--mood", "5", *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("size", SIZES)
async def test_month_names_over_the_year_are_whole_at_the_edge(year: Path, size: str) -> None:
    """On 3 December the month begins in the last week shown: its name has no room, so it
    is left out rather than clipped to "D" or "De"."""
    import calendar

    app = build(year, Clock(2026, 12, 3, 12, 0), device="test")
    async with app.run_test(size=SIZES[size]) as pilot:
        await pilot.press("y")
        await pilot.pause()
        months = str(app.screen.query_one("#history-year").render()).splitlines()[0].split()
    assert months and set(months) <= set(calendar.month_abbr[1:]), months


async def test_what_the_days_show_is_worked_out_off_the_loop(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comparing every habit and comfort item over all the days scales with history."""
    import threading

    from textual.widgets import Static

    from innerchild_tui.store.checkins import Checkins

    worked_on: list[threading.Thread] = []
    real = Checkins.mood_comparisons

    def mood_comparisons(self: Any, *args: Any) -> Any:
        worked_on.append(threading.current_thread())
        return real(self, *args)

    monkeypatch.setattr(Checkins, "mood_comparisons", mood_comparisons)
    app = _app(year)
    async with app.run_test(size=SIZES["wide"]) as pilot:
        await pilot.press("y")
        await settle(pilot)
        shown = str(app.screen.query_one("#history-insights", Static).render())
    assert worked_on and threading.main_thread() not in worked_on
    assert "Blue blanket" in shown and "Hold one boundary" in shown, shown


def test_the_history_reads_only_its_year_of_check_ins(year: Path) -> None:
    """The year grid copies only the check-ins it shows (ten years are 7,000 of them)."""
    store = Store.open(year, device="test", clock=Clock(2026, 11, 24, 12, 0))
    since = TODAY - timedelta(days=90)
    every = store.checkins.all()
    recent = store.checkins.all(since=since)
    assert recent == [c for c in every if c["day"] >= since.isoformat()]
    assert 0 < len(recent) < len(every)
    assert store.checkins.all(TODAY, since=since) == store.checkins.all(TODAY)


async def test_the_history_open_takes_in_a_check_in_made_elsewhere(year: Path) -> None:
    """The history reads the year again when another computer's change is merged in.
    It was composed again, and its legend, day, chart and words were left blank."""
    from apphelpers import visible_text, wait_until

    app = _app(year)
    async with app.run_test(size=SIZES["wide"]) as pilot:
        await pilot.press("y")
        await settle(pilot)
        assert "24 November 2026 · 1 check-in " in visible_text(app)
        elsewhere = Store.open(year, device="laptop", clock=Clock(2026, 11, 24, 10, 0))
        elsewhere.checkins.add(5, ["sleepy"], ["rest"])
        elsewhere.save()
        app.check_for_outside_changes()
        await wait_until(
            pilot, lambda: "24 November 2026 · 2 check-ins" in visible_text(app), "it shown"
        )
        shown = visible_text(app)
        assert "no check-in" in shown and "Feelings:" in shown  # the legend, the words
