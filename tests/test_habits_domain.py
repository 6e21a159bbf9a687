"""Schedules, streaks and strength, each checked against a slow, obvious oracle."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innerchild_tui.domain.habit_days import (
    DayEntry,
    HabitHistory,
    Target,
    history_of,
    mark_for,
    parse_target,
    status_for_amount,
)
from innerchild_tui.domain.schedules import (
    EVERY_DAY,
    TIMES,
    WEEKDAYS,
    Pause,
    Schedule,
    parse_schedule,
    schedule_from_record,
)
from innerchild_tui.domain.streaks import streaks_of
from innerchild_tui.domain.strength import strength

TODAY = date(2026, 3, 14)  # a Saturday
DAY = timedelta(days=1)
LONG_AGO = date(2001, 1, 1)  # the Monday periods are counted from


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# The streak oracle ----------------------------------------------------------------------
# Spell each unit (a day, or an "X in Y" period) as a letter — K kept, M missed, N nothing
# asked — with its kept days, drop the Ns, and cut the row where the rule says a streak
# ends: at every M without grace; with grace at the second M of each "MM" read left to
# right. The current streak is the kept days after the last cut; the best, the most
# between two cuts; the comeback, the first kept day after the latest cut.
def paused(history: HabitHistory, day: date) -> bool:
    return any(p.start <= day <= p.end for p in history.pauses)


def kept(history: HabitHistory, day: date) -> bool:
    entry = history.entries.get(day)
    return entry is not None and entry.status in ("done", "partial")


def rested(history: HabitHistory, day: date) -> bool:
    entry = history.entries.get(day)
    return entry is not None and entry.status == "rest"


def oracle_units(history: HabitHistory, today: date) -> list[tuple[str, list[date]]]:
    past = [d for d in history.entries if d <= today]
    if not past:
        return []
    start = min(past)
    schedule = history.schedule
    found: list[tuple[str, list[date]]] = []
    if schedule.kind != TIMES:
        for day in days_between(start, today):
            asked = not paused(history, day) and (
                schedule.kind != WEEKDAYS or day.weekday() in schedule.weekdays
            )
            if kept(history, day):
                found.append(("K", [day]))
            elif not asked or (day == today and day not in history.entries):
                found.append(("N", []))
            elif rested(history, day):
                found.append(("K", []))
            else:
                found.append(("M", []))
        return found
    groups: dict[int, list[date]] = {}
    for day in days_between(start - timedelta(days=400), today + timedelta(days=400)):
        groups.setdefault((day - LONG_AGO).days // schedule.days, []).append(day)
    for members in sorted(groups.values()):
        if members[-1] < start or members[0] > today:
            continue
        active = [d for d in members if d >= start and not paused(history, d)]
        asked = -(-schedule.times * len(active) // schedule.days)  # rounded up
        kept_days = [d for d in members if start <= d <= today and kept(history, d)]
        rests = [d for d in active if d <= today and rested(history, d)]
        if today <= members[-1] or asked == 0:
            met = bool(kept_days) or (asked > 0 and len(kept_days) + len(rests) >= asked)
            found.append(("K" if met else "N", kept_days))
        else:
            met = len(kept_days) + len(rests) >= asked
            found.append(("K" if met else "M", kept_days))
    return found


def oracle_streaks(history: HabitHistory, today: date) -> tuple[int, int, date | None]:
    row = [unit for unit in oracle_units(history, today) if unit[0] != "N"]
    letters = "".join(letter for letter, _ in row)
    if history.grace:
        cuts = {match.start() + 1 for match in re.finditer("MM", letters)}
    else:
        cuts = {i for i, letter in enumerate(letters) if letter == "M"}
    segments: list[list[date]] = [[]]
    for index, (_, days) in enumerate(row):
        if index in cuts:
            segments.append([])
        else:
            segments[-1].extend(days)
    comeback = next((seg[0] for seg in reversed(segments[1:]) if seg), None)
    return len(segments[-1]), max(len(seg) for seg in segments), comeback


# The strength oracle: Loop's formula, the window summed afresh every day.
def value(history: HabitHistory, day: date) -> float:
    entry = history.entries.get(day)
    if entry is None or entry.status == "rest":
        return 0.0
    if history.target is not None and entry.amount is not None:
        return min(1.0, entry.amount / history.target.amount)
    return 1.0 if entry.status == "done" else 0.5


def oracle_strength(history: HabitHistory, today: date) -> float:
    past = [d for d in history.entries if d <= today]
    if not past:
        return 0.0
    times, days = history.schedule.frequency()
    multiplier = 0.5 ** ((times / days) ** 0.5 / 13)
    if times < days:
        times, days = times * 2, days * 2
    score = 0.0
    for day in days_between(min(past), today):
        entry = history.entries.get(day)
        if (entry is not None and entry.status == "rest") or paused(history, day):
            continue
        if day == today and entry is None:
            continue
        window = sum(value(history, day - timedelta(days=i)) for i in range(days))
        score = score * multiplier + min(1.0, window / times) * (1 - multiplier)
    return score


# Random histories -----------------------------------------------------------------------
schedules = st.one_of(
    st.just(EVERY_DAY),
    st.frozensets(st.integers(0, 6), min_size=1, max_size=6).map(
        lambda days: Schedule(WEEKDAYS, weekdays=days)
    ),
    st.integers(2, 10).flatmap(
        lambda days: st.integers(1, days).map(lambda times: Schedule(TIMES, times=times, days=days))
    ),
)
offsets = st.integers(min_value=-60, max_value=4)
statuses = st.sampled_from(["done", "done", "done", "partial", "rest"])


@st.composite
def histories(draw: st.DrawFn) -> HabitHistory:
    target = draw(st.none() | st.just(Target(4.0, "glasses")))
    entries = {}
    for offset, status in draw(st.dictionaries(offsets, statuses, max_size=45)).items():
        amount = None
        if target is not None and status != "rest":
            amount = 4.0 if status == "done" else float(draw(st.integers(1, 3)))
        entries[TODAY + timedelta(days=offset)] = DayEntry(status, amount)
    pauses = []
    for start, length in draw(st.lists(st.tuples(offsets, st.integers(0, 10)), max_size=2)):
        pauses.append(Pause(TODAY + timedelta(days=start), TODAY + timedelta(days=start + length)))
    return HabitHistory(
        entries=entries,
        schedule=draw(schedules),
        pauses=tuple(pauses),
        grace=draw(st.booleans()),
        target=target,
    )


shifts = st.integers(min_value=-5, max_value=3)


@settings(deadline=None, max_examples=400)
@given(history=histories(), shift=shifts)
def test_streaks_match_the_oracle(history: HabitHistory, shift: int) -> None:
    today = TODAY + timedelta(days=shift)
    found = streaks_of(history, today)
    assert (found.current, found.best, found.last_comeback) == oracle_streaks(history, today)


@settings(deadline=None, max_examples=300)
@given(history=histories(), shift=shifts)
def test_strength_matches_the_oracle(history: HabitHistory, shift: int) -> None:
    today = TODAY + timedelta(days=shift)
    assert strength(history, today) == pytest.approx(oracle_strength(history, today), abs=1e-9)
    assert 0.0 <= strength(history, today) <= 1.0


@settings(deadline=None)
@given(history=histories())
def test_grace_only_ever_helps(history: HabitHistory) -> None:
    with_grace = streaks_of(HabitHistory(**{**history.__dict__, "grace": True}), TODAY)
    without = streaks_of(HabitHistory(**{**history.__dict__, "grace": False}), TODAY)
    assert with_grace.current >= without.current
    assert with_grace.best >= without.best
    assert with_grace.current <= with_grace.best


@settings(deadline=None)
@given(history=histories())
def test_a_rest_day_freezes_strength_and_never_breaks_a_streak(history: HabitHistory) -> None:
    before = dict(history.entries)
    before.pop(TODAY, None)
    base = HabitHistory(**{**history.__dict__, "entries": before})
    rested_today = HabitHistory(
        **{**history.__dict__, "entries": {**before, TODAY: DayEntry("rest")}}
    )
    assert strength(rested_today, TODAY) == strength(base, TODAY)
    assert streaks_of(rested_today, TODAY).current >= streaks_of(base, TODAY).current


# Known cases ----------------------------------------------------------------------------
def daily(pattern: str, *, end: date = TODAY, grace: bool = True) -> HabitHistory:
    """One letter a day ending on ``end``: d done, p partly, r rest, . nothing."""
    names = {"d": "done", "p": "partial", "r": "rest"}
    first = end - timedelta(days=len(pattern) - 1)
    entries = {
        first + timedelta(days=i): DayEntry(names[c]) for i, c in enumerate(pattern) if c != "."
    }
    return HabitHistory(entries=entries, grace=grace)


def test_strength_reaches_about_80_percent_after_30_days() -> None:
    assert strength(daily("d" * 30), TODAY) == pytest.approx(0.80, abs=0.01)
    assert strength(daily("d" * 60), TODAY) == pytest.approx(0.96, abs=0.01)
    assert strength(daily("d" * 30), TODAY) == pytest.approx(1 - 0.5 ** (30 / 13))


def test_two_days_in_three_settles_near_two_thirds() -> None:
    history = daily("dd." * 200 + "dd")
    scores = [strength(history, TODAY - timedelta(days=i)) for i in range(30)]
    assert sum(scores) / len(scores) == pytest.approx(2 / 3, abs=0.02)
    assert all(0.6 < score < 0.73 for score in scores)


def test_today_still_open_does_not_lower_strength() -> None:
    assert strength(daily("d" * 10 + "."), TODAY) == strength(
        daily("d" * 10, end=TODAY - DAY), TODAY - DAY
    )


def test_rest_keeps_a_streak_without_adding() -> None:
    assert streaks_of(daily("ddrdd"), TODAY).current == 4
    assert streaks_of(daily("ddrrrrdd", grace=False), TODAY).current == 4
    assert streaks_of(daily("dd.r.dd"), TODAY).current == 4  # a rest between two misses


def test_never_miss_twice() -> None:
    assert streaks_of(daily("ddd.dd"), TODAY).current == 5
    assert streaks_of(daily("ddd..dd"), TODAY).current == 2
    assert streaks_of(daily("ddd.dd", grace=False), TODAY).current == 2
    found = streaks_of(daily("ddd..dd"), TODAY)
    assert (found.best, found.last_comeback) == (3, TODAY - DAY)


def test_partly_done_counts() -> None:
    assert streaks_of(daily("dpdp"), TODAY).current == 4
    assert strength(daily("pppp"), TODAY) < strength(daily("dddd"), TODAY)


def test_a_pause_asks_nothing() -> None:
    history = daily("dd" + "." * 10 + "dd")
    assert streaks_of(history, TODAY).current == 2
    holiday = Pause(TODAY - timedelta(days=11), TODAY - timedelta(days=2))
    paused_history = HabitHistory(entries=history.entries, pauses=(holiday,))
    assert streaks_of(paused_history, TODAY).current == 4
    assert strength(paused_history, TODAY) > strength(history, TODAY)


def test_weekdays_ask_only_on_their_days() -> None:
    # Mon, Wed, Fri done for three weeks; the days between ask nothing.
    mondays = [TODAY - timedelta(days=TODAY.weekday() + 7 * w) for w in range(3)]
    entries = {m + timedelta(days=k): DayEntry("done") for m in mondays for k in (0, 2, 4)}
    history = HabitHistory(entries=entries, schedule=parse_schedule("mon wed fri"), grace=False)
    assert streaks_of(history, TODAY).current == 9


def test_three_in_seven() -> None:
    schedule = parse_schedule("3 in 7")
    monday = TODAY - timedelta(days=TODAY.weekday())
    weeks = [monday - timedelta(weeks=w) for w in (1, 2, 3)]
    entries = {w + timedelta(days=k): DayEntry("done") for w in weeks for k in (0, 3, 6)}
    history = HabitHistory(entries=entries, schedule=schedule, grace=False)
    assert streaks_of(history, TODAY).current == 9  # this week is still under way
    short = dict(entries)
    del short[weeks[1]]  # two of three in the middle week
    assert (
        streaks_of(HabitHistory(entries=short, schedule=schedule, grace=False), TODAY).current == 3
    )
    assert streaks_of(HabitHistory(entries=short, schedule=schedule), TODAY).current == 8
    rest = {**short, weeks[1]: DayEntry("rest")}
    assert (
        streaks_of(HabitHistory(entries=rest, schedule=schedule, grace=False), TODAY).current == 8
    )


# Schedules and targets ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("", EVERY_DAY),
        ("every day", EVERY_DAY),
        ("Mon, Wed, Fri", Schedule(WEEKDAYS, weekdays=frozenset({0, 2, 4}))),
        ("tues thursdays", Schedule(WEEKDAYS, weekdays=frozenset({1, 3}))),
        ("weekdays", Schedule(WEEKDAYS, weekdays=frozenset(range(5)))),
        ("3 in 7", Schedule(TIMES, times=3, days=7)),
        ("3 times a week", Schedule(TIMES, times=3, days=7)),
        ("2 in 2 weeks", Schedule(TIMES, times=2, days=14)),
        ("1 in 1", EVERY_DAY),
    ],
)
def test_parse_schedule(words: str, expected: Schedule) -> None:
    assert parse_schedule(words) == expected
    assert schedule_from_record(expected.to_record()) == expected
    assert parse_schedule(expected.describe()) == expected


@pytest.mark.parametrize("words", ["often", "8 in 7", "t", "0 in 7", "3 in"])
def test_unreadable_schedules_say_so(words: str) -> None:
    with pytest.raises(ValueError, match="“"):
        parse_schedule(words)


def test_old_and_odd_records_are_daily() -> None:
    for value in (
        None,
        {},
        {"type": "weekdays", "days": []},
        {"type": "times", "times": 9, "days": 2},
        "x",
    ):
        assert schedule_from_record(value) == EVERY_DAY


def test_targets_and_amounts() -> None:
    assert parse_target("6 glasses of water") == Target(6.0, "glasses of water")
    assert parse_target("at least 2.5 km") == Target(2.5, "km")
    assert parse_target("  ") is None
    with pytest.raises(ValueError):
        parse_target("lots")
    assert status_for_amount(6, 6) == "done"
    assert status_for_amount(2, 6) == "partial"
    assert status_for_amount(0, 6) is None


def test_history_of_an_old_record() -> None:
    history = history_of(
        {"id": "habit-x", "name": "X"}, {TODAY: {"status": "done"}, TODAY - DAY: {}}
    )
    assert history.schedule == EVERY_DAY and history.grace and history.target is None
    assert set(history.entries) == {TODAY, TODAY - DAY}  # no status: an old tick, done


def test_today_is_open_only_on_a_day_the_habit_asks_for() -> None:
    """A "mon wed fri" habit on a Saturday is not waiting for anything today: its last
    cell is "·" like any day it does not ask for, beside "not today" (a helper in tmux
    saw "○", today still open, there)."""
    mon_wed_fri = Schedule(WEEKDAYS, weekdays=frozenset({0, 2, 4}))
    history = HabitHistory(entries={}, schedule=mon_wed_fri, pauses=(), grace=True, target=None)
    assert TODAY.weekday() == 5
    assert mark_for(history, TODAY, TODAY) == "none"
    assert mark_for(history, TODAY - 1 * DAY, TODAY) == "none"
    every_day = HabitHistory(entries={}, schedule=EVERY_DAY, pauses=(), grace=True, target=None)
    assert mark_for(every_day, TODAY, TODAY) == "open"
