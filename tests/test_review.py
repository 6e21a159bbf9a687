"""Issue 17: the week looked back on, kindly (domain, store, CLI, screen, snapshots)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import SIZES, WIDE, Clock, build, pressed, run_cli, settle, still, visible_text, wait_until
from hypothesis import given, settings
from hypothesis import strategies as st
from test_gentle_words import GRADING

from innerchild_tui.app.screens.history import HistoryScreen
from innerchild_tui.app.screens.review import GATHERING, ReviewScreen
from innerchild_tui.domain.review import (
    QUIET_WEEK,
    build_review,
    review_lines,
    week_of,
)
from innerchild_tui.store import Store

TODAY = date(2026, 11, 24)  # a Tuesday: this week is 23–29 November
LAST_WEEK = date(2026, 11, 18)


def _at(clock: Clock, day: date, hour: int = 9) -> None:
    clock.now = Clock(day.year, day.month, day.day, hour, 0).now


def seed(db_path: Path) -> Path:
    """Several weeks of a life: check-ins, a habit kept, a letter, a comfort item used, a
    breathing practice with how heavy it felt before and after, and notes from a month
    and a year ago."""
    clock = Clock(2025, 11, 24, 9, 0)
    store = Store.open(db_path, device="seed", clock=clock)
    store.add_checkin(4, ["lonely"], ["a hug"], "The first winter on my own.")
    water = store.add_habit("Drink water")
    _at(clock, date(2026, 10, 24))
    store.add_checkin(6, ["hopeful"], ["play"], "Painted all afternoon.")
    _at(clock, date(2026, 11, 11))
    store.add_checkin(5, ["tired"], ["rest"])
    week = [
        (date(2026, 11, 16), 8, 5, ["calm"], 3, ["work", "family"]),
        (date(2026, 11, 17), 19, 7, ["calm", "hopeful"], 4, ["work", "family"]),
        (date(2026, 11, 19), 14, 4, ["sad"], 2, ["family"]),
        (date(2026, 11, 21), 10, 6, ["calm"], 3, []),
    ]
    for day, hour, mood, feelings, energy, tags in week:
        _at(clock, day, hour)
        record = store.add_checkin(mood, feelings, ["rest"], energy=energy)
        if tags:
            store._change("checkins", record["id"], tags=tags)
    for offset in (0, 1, 2, 4, 5):
        store.set_day(water["id"], date(2026, 11, 16) + timedelta(days=offset), "done")
    store.set_day(water["id"], date(2026, 11, 22), "rest")
    _at(clock, date(2026, 11, 18), 20)
    letter = store.new_letter("Dear little me")
    store.update_letter(letter["id"], to_child="You were brave.", from_child="I was scared.")
    blanket = store.add_comfort("Blue blanket", "soft", childhood="Blankie")
    store.mark_comfort_used(blanket["id"], date(2026, 11, 20), helped=7)
    _at(clock, date(2026, 11, 21), 21)
    store.add_practice("breathing", minutes=6, distress_before=7, distress_after=3)
    _at(clock, date(2026, 11, 23), 9)
    store.add_checkin(6, ["hopeful"], ["connection"], energy=3)
    _at(clock, TODAY, 9)
    store.add_checkin(7, ["calm"], ["play"], energy=4)
    store.save()
    return db_path


def _app(db_path: Path):  # type: ignore[no-untyped-def]
    return build(seed(db_path), Clock(2026, 11, 24, 12, 0), device="review")
