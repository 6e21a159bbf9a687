"""Issue 17: a habit linked to a check-in, a letter or a practice is ticked by it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from apphelpers import TODAY, WIDE, Clock, build, live, settle

from innerchild_tui.cli import main
from innerchild_tui.domain.records import completion_id
from innerchild_tui.store import Store, StoreError

CHECK_IN = "habit-check-in-with-my-inner-child"
LETTER = "habit-write-a-letter"


def _entry(path: Path, habit_id: str, day: date) -> dict[str, object] | None:
    wanted = completion_id(habit_id, day)
    return next((r for r in live(path, "completions") if r["id"] == wanted), None)


def test_starter_habits_come_linked(db_path: Path) -> None:
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    links = {h["name"]: h.get("linked_to") for h in store.habits.all()}
    assert links["Check in with my inner child"] == "checkin"
    assert links["Write a letter"] == "letter"
    assert links["Hold one boundary"] is None
    assert store.habits.get(CHECK_IN)["id"] == CHECK_IN


def test_a_check_in_ticks_its_habit_with_a_note(db_path: Path) -> None:
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    store.checkins.add(6)
    store.checkins.add(5, day=date(2026, 11, 20))  # afterwards: that day is ticked
    store.save()
    for day in (TODAY, date(2026, 11, 20)):
        entry = _entry(db_path, CHECK_IN, day)
        assert entry is not None
        assert (entry["status"], entry["note"]) == ("done", "ticked by your check-in")
    assert _entry(db_path, LETTER, TODAY) is None


def test_a_day_the_person_set_is_left_alone_and_a_tick_can_be_taken_back(db_path: Path) -> None:
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    store.habit_days.set(CHECK_IN, TODAY, "partial", note="only a minute")
    assert store.habit_days.tick_linked("checkin", TODAY) == []
    store.checkins.add(4, day=date(2026, 11, 23))
    store.habit_days.set_done(CHECK_IN, date(2026, 11, 23), False)  # taken back like any tick
    store.save()
    assert _entry(db_path, CHECK_IN, TODAY)["note"] == "only a minute"  # type: ignore[index]
    assert _entry(db_path, CHECK_IN, date(2026, 11, 23)) is None


def test_letters_and_practices_tick_their_links(db_path: Path) -> None:
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    letter = store.letters.new("Hello")
    assert store.habit_days.of(LETTER) == {}  # an empty letter ticks nothing
    store.letters.update(letter["id"], to_child="I am here.")
    store.habits.set_link("habit-hold-one-boundary", "practice")
    store.practices.add("breathing", minutes=2)
    store.save()
    assert _entry(db_path, LETTER, TODAY)["note"] == "ticked by your letter"  # type: ignore[index]
    practice = _entry(db_path, "habit-hold-one-boundary", TODAY)
    assert practice is not None and practice["note"] == "ticked by your practice"
    with pytest.raises(StoreError):
        store.habits.set_link(LETTER, "giraffe")


def test_a_cli_check_in_ticks_it_too(db_path: Path) -> None:
    assert main(["--db", str(db_path), "checkin", "--mood", "6"]) == 0
    store = Store.open(db_path, device="t")
    (entry,) = store.habit_days.of(CHECK_IN).values()
    assert entry["note"] == "ticked by your check-in"


def test_an_unknown_link_in_the_file_is_let_go(db_path: Path) -> None:
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    store.save()
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["habits"][LETTER]["linked_to"] = 7
    db_path.write_text(json.dumps(data), encoding="utf-8")
    store = Store.open(db_path, device="t", clock=Clock(2026, 11, 24, 9, 0))
    assert store.habits.get(LETTER).get("linked_to") is None


async def test_saving_a_check_in_shows_the_tick_and_space_takes_it_back(db_path: Path) -> None:
    from innerchild_tui.app.panes.habits import HabitsPane

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c", "7", "ctrl+s")
        await settle(pilot)
        assert _entry(db_path, CHECK_IN, TODAY) is not None
        pane = app.query_one(HabitsPane)
        names = [h["name"] for h in app.store.habits.all()]
        row = names.index("Check in with my inner child")
        assert "✓" in str(pane.table.get_row_at(row))
        await pilot.press("h")
        for _ in range(row):
            await pilot.press("down")
        await pilot.press("space")
        await settle(pilot)
        assert _entry(db_path, CHECK_IN, TODAY) is None
        assert "✓" not in str(pane.table.get_row_at(row))
