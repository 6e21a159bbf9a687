"""The "for therapy" screen (issue 15): mark check-ins to bring, write the report."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from apphelpers import SIZES, WIDE, Clock, build, live, pressed, settle, type_text, wait_until
from textual.widgets import OptionList

from innerchild_tui.app.screens import therapy
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.screens.therapy import TherapyScreen
from innerchild_tui.store import Store


def _seed(db_path: Path) -> None:
    clock = Clock(2026, 11, 20, 9, 0)
    store = Store.open(db_path, device="desk", clock=clock)
    store.checkins.add(3, ["lonely"], note="the call with my mother", therapy=True)
    clock.now = clock.now.add(days=2)
    store.checkins.add(6, ["calm"], note="a walk by the river")
    store.save()


async def test_marks_are_made_and_taken_back_and_the_report_is_written(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(db_path)
    # The report reads every check-in and writes with fsync: never on the event loop.
    writers: list[threading.Thread] = []
    real_write = therapy.write_export

    def write_export(*args: Any, **kwargs: Any) -> Path:
        writers.append(threading.current_thread())
        return real_write(*args, **kwargs)

    monkeypatch.setattr(therapy, "write_export", write_export)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y", "t")
        await settle(pilot)
        assert isinstance(app.screen, TherapyScreen)
        listing = app.screen.query_one(OptionList)
        labels = [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]
        assert labels[0].startswith("[ ]") and "a walk by the river" in labels[0]
        assert labels[1].startswith("[✓]") and "the call with my mother" in labels[1]
        await pilot.press("space")  # the walk, newest first, is marked now
        await settle(pilot)
        marked = {r["note"]: r.get("therapy") for r in live(db_path, "checkins")}
        assert marked == {"a walk by the river": True, "the call with my mother": True}
        await pilot.press("down", "space")  # and the call's mark is taken back
        await settle(pilot)
        marked = {r["note"]: r.get("therapy") for r in live(db_path, "checkins")}
        assert marked == {"a walk by the river": True, "the call with my mother": False}
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the file prompt")
        target = tmp_path / "for-my-therapist.html"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await wait_until(pilot, target.exists, "the report")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TherapyScreen)
    assert writers and threading.main_thread() not in writers
    page = target.read_text(encoding="utf-8")
    assert "a walk by the river" in page
    assert "the call with my mother" not in page  # unmarked: not brought
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_therapy(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    _seed(db_path)
    assert snap_compare(build(db_path), terminal_size=SIZES[size], run_before=pressed("y", "t"))


async def test_the_list_goes_by_day_in_local_time_and_holds_no_day_to_come(
    db_path: Path,
) -> None:
    """Newest day first (a day filled in later sits at its day, not at the top), each at
    the time on the person's clock, and a day still to come (a hand edit) not listed."""
    clock = Clock(2026, 11, 24, 10, 0, tz="Asia/Tokyo")
    store = Store.open(db_path, device="desk", clock=clock)
    store.checkins.add(7, note="today, at ten")
    clock.advance(hours=2)
    store.checkins.add(3, note="filled in for Sunday", day=clock.now.date().subtract(days=2))
    future = store.checkins.add(5, note="a day to come")
    store.save()
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["checkins"][future["id"]]["day"] = "2030-01-01"
    db_path.write_text(json.dumps(data), encoding="utf-8")

    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y", "t")
        await settle(pilot)
        listing = app.screen.query_one(OptionList)
        labels = [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]
    assert len(labels) == 2
    assert "Tue 24 Nov 10:00" in labels[0] and "today, at ten" in labels[0]
    assert "Sun 22 Nov 12:00" in labels[1] and "filled in for Sunday" in labels[1]
