"""Forgiving streaks, checked against a slow, obvious oracle."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innerchild_tui.domain.streaks import best_streak, current_streak

TODAY = date(2026, 3, 14)
DAY = timedelta(days=1)


def ago(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=offset) for offset in offsets}


# The oracle: spell the days out as a string of 1 (done) and 0 (missed), oldest first,
# and read the rules straight off it. A run is broken by "00" with grace, by "0" without.
def spelled(done: set[date], first: date, last: date) -> str:
    days = []
    day = first
    while day <= last:
        days.append("1" if day in done else "0")
        day += DAY
    return "".join(days)


def breaker(grace: bool) -> str:
    return "00" if grace else "0"


def oracle_current(done: set[date], today: date, grace: bool) -> int:
    last = today if today in done else today - DAY  # today not done yet never breaks it
    past = {day for day in done if day <= last}
    if not past:
        return 0
    bits = spelled(past, min(past), last)
    unbroken_tail = re.split(breaker(grace), bits)[-1]
    return unbroken_tail.count("1")


def oracle_best(done: set[date], grace: bool) -> int:
    if not done:
        return 0
    bits = spelled(done, min(done), max(done))
    best = 0
    for start in range(len(bits)):  # every stretch of days, the slow way
        for end in range(start + 1, len(bits) + 1):
            stretch = bits[start:end]
            if breaker(grace) not in stretch:
                best = max(best, stretch.count("1"))
    return best


day_sets = st.sets(
    st.integers(min_value=-45, max_value=5).map(lambda offset: TODAY + timedelta(days=offset)),
    max_size=40,
)


@settings(deadline=None)
@given(done=day_sets, shift=st.integers(min_value=-3, max_value=3), grace=st.booleans())
def test_current_streak_matches_the_oracle(done: set[date], shift: int, grace: bool) -> None:
    today = TODAY + timedelta(days=shift)
    assert current_streak(done, today, grace=grace) == oracle_current(done, today, grace)


@settings(deadline=None)
@given(done=day_sets, grace=st.booleans())
def test_best_streak_matches_the_oracle(done: set[date], grace: bool) -> None:
    assert best_streak(done, grace=grace) == oracle_best(done, grace)


@settings(deadline=None)
@given(done=day_sets, grace=st.booleans())
def test_current_never_exceeds_best(done: set[date], grace: bool) -> None:
    assert current_streak(done, TODAY, grace=grace) <= best_streak(done, grace=grace)


@settings(deadline=None)
@given(done=day_sets)
def test_grace_only_ever_helps(done: set[date]) -> None:
    assert current_streak(done, TODAY, grace=True) >= current_streak(done, TODAY, grace=False)
    assert best_streak(done, grace=True) >= best_streak(done, grace=False)


@settings(deadline=None)
@given(done=day_sets, grace=st.booleans())
def test_ticking_today_adds_one(done: set[date], grace: bool) -> None:
    without = done - {TODAY}
    assert current_streak(without | {TODAY}, TODAY, grace=grace) == (
        current_streak(without, TODAY, grace=grace) + 1
    )


# Concrete cases -------------------------------------------------------------------------
def test_empty() -> None:
    assert current_streak(set(), TODAY) == 0
    assert current_streak(set(), TODAY, grace=False) == 0
    assert best_streak(set()) == 0
    assert best_streak(set(), grace=False) == 0


def test_today_not_done_yet_does_not_break_it() -> None:
    done = ago(1, 2, 3)
    assert current_streak(done, TODAY) == 3
    assert current_streak(done, TODAY, grace=False) == 3
    assert current_streak(done | {TODAY}, TODAY) == 4


def test_one_missed_day_is_forgiven() -> None:
    done = ago(0, 2, 3)  # yesterday missed
    assert current_streak(done, TODAY) == 3
    assert current_streak(done, TODAY, grace=False) == 1
    assert best_streak(done) == 3
    assert best_streak(done, grace=False) == 2


def test_yesterday_missed_and_today_open_is_still_a_streak() -> None:
    assert current_streak(ago(2, 3), TODAY) == 2
    assert current_streak(ago(2, 3), TODAY, grace=False) == 0


def test_two_missed_days_end_it() -> None:
    done = ago(0, 3, 4, 5)
    assert current_streak(done, TODAY) == 1
    assert best_streak(done) == 3
    assert current_streak(ago(3, 4), TODAY) == 0  # today open, then two misses


def test_every_other_day_keeps_going() -> None:
    done = ago(0, 2, 4, 6, 8)
    assert current_streak(done, TODAY) == 5
    assert current_streak(done, TODAY, grace=False) == 1
    assert best_streak(done) == 5
    assert best_streak(done, grace=False) == 1


def test_days_to_come_do_not_count_now() -> None:
    assert current_streak(ago(-1, -2), TODAY) == 0
    assert current_streak(ago(0, -1), TODAY) == 1


@pytest.mark.parametrize("grace", [True, False])
def test_a_single_day(grace: bool) -> None:
    assert current_streak(ago(0), TODAY, grace=grace) == 1
    assert best_streak(ago(30), grace=grace) == 1
