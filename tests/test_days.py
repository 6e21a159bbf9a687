"""Which practice day a moment belongs to, on real clocks in real zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innerchild_tui.domain.days import (
    DEFAULT_DAY_START_HOUR,
    day_for,
    last_days,
    parse_day,
    part_of_day,
)

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
ZONES = (
    "UTC",
    BERLIN,
    NEW_YORK,
    "Asia/Tokyo",
    "Asia/Kolkata",  # +05:30
    "Australia/Lord_Howe",  # a half-hour daylight-saving shift
    "Pacific/Kiritimati",  # +14
    "Pacific/Pago_Pago",  # -11
)


def at(*parts: int, tz: str = BERLIN) -> pendulum.DateTime:
    return pendulum.datetime(*parts, tz=tz)


# The default start: 04:00 ---------------------------------------------------------------
def test_default_start_is_four() -> None:
    assert DEFAULT_DAY_START_HOUR == 4


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 3, 14, 1, 30), date(2026, 3, 13)),  # a late night belongs to the evening
        (at(2026, 3, 14, 0, 0), date(2026, 3, 13)),
        (at(2026, 3, 14, 3, 59, 59), date(2026, 3, 13)),
        (at(2026, 3, 14, 4, 0), date(2026, 3, 14)),  # the day starts exactly at 04:00
        (at(2026, 3, 14, 12, 0), date(2026, 3, 14)),
        (at(2026, 3, 14, 23, 59, 59), date(2026, 3, 14)),
        (at(2026, 1, 1, 2, 0), date(2025, 12, 31)),  # across a year
        (at(2024, 3, 1, 1, 0), date(2024, 2, 29)),  # back into a leap day
    ],
)
def test_day_for_default_start(moment: pendulum.DateTime, expected: date) -> None:
    assert day_for(moment) == expected


@pytest.mark.parametrize("hour", range(24))
def test_each_start_hour_begins_the_day_on_the_hour(hour: int) -> None:
    start = at(2026, 6, 10, hour, 0)
    assert day_for(start, hour) == date(2026, 6, 10)
    assert day_for(start.subtract(minutes=1), hour) == date(2026, 6, 9)
    assert day_for(start.add(hours=23, minutes=59), hour) == date(2026, 6, 10)


def test_midnight_start_is_the_calendar_day() -> None:
    assert day_for(at(2026, 6, 10, 0, 0), 0) == date(2026, 6, 10)
    assert day_for(at(2026, 6, 10, 23, 59), 0) == date(2026, 6, 10)


def test_late_start_hour() -> None:
    assert day_for(at(2026, 6, 10, 22, 59), 23) == date(2026, 6, 9)
    assert day_for(at(2026, 6, 10, 23, 0), 23) == date(2026, 6, 10)


@pytest.mark.parametrize("hour", [-1, 24, 100])
def test_start_hour_out_of_range(hour: int) -> None:
    with pytest.raises(ValueError, match="0–23"):
        day_for(at(2026, 6, 10, 12), hour)


# Daylight-saving changes ----------------------------------------------------------------
def minutes_per_day(
    zone: str, first: pendulum.DateTime, last: pendulum.DateTime, hour: int
) -> dict[date, int]:
    """Walk real instants minute by minute and count the minutes each day received."""
    counts: dict[date, int] = {}
    moment = first.in_tz("UTC")
    end = last.in_tz("UTC")
    while moment < end:
        day = day_for(moment.in_tz(zone), hour)
        counts[day] = counts.get(day, 0) + 1
        moment = moment.add(minutes=1)
    return counts


def test_berlin_spring_forward() -> None:
    # 2026-03-29: 02:00 CET jumps to 03:00 CEST.
    before = at(2026, 3, 29, 1, 59)
    after = before.add(minutes=1)
    assert (after.hour, after.minute) == (3, 0)
    assert day_for(before) == date(2026, 3, 28)
    assert day_for(after) == date(2026, 3, 28)  # still before 04:00
    assert day_for(at(2026, 3, 29, 4, 0)) == date(2026, 3, 29)
    # The practice day that holds the jump is one hour short; the next is whole.
    counts = minutes_per_day(BERLIN, at(2026, 3, 28, 4), at(2026, 3, 30, 4), 4)
    assert counts == {date(2026, 3, 28): 23 * 60, date(2026, 3, 29): 24 * 60}


def test_berlin_spring_forward_with_the_day_starting_at_two() -> None:
    # 02:00–02:59 never happens that night: 01:59 is the old day, 03:00 the new one.
    before = at(2026, 3, 29, 1, 59)
    assert day_for(before, 2) == date(2026, 3, 28)
    assert day_for(before.add(minutes=1), 2) == date(2026, 3, 29)


def test_a_wall_time_that_does_not_exist_still_gets_a_day() -> None:
    skipped = at(2026, 3, 29, 2, 30)  # pendulum moves it forward to 03:30 CEST
    assert day_for(skipped) == date(2026, 3, 28)


def test_berlin_fall_back() -> None:
    # 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
    first = pendulum.datetime(2026, 10, 25, 2, 30, tz=BERLIN, fold=0)  # the CEST one
    twice = pendulum.instance(first.in_tz("UTC").add(hours=1)).in_tz(BERLIN)
    assert (first.hour, first.minute) == (twice.hour, twice.minute) == (2, 30)
    assert first.utcoffset() != twice.utcoffset()
    assert day_for(first) == day_for(twice) == date(2026, 10, 24)
    assert day_for(first, 2) == day_for(twice, 2) == date(2026, 10, 25)
    counts = minutes_per_day(BERLIN, at(2026, 10, 24, 4), at(2026, 10, 26, 4), 4)
    assert counts == {date(2026, 10, 24): 25 * 60, date(2026, 10, 25): 24 * 60}


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
        ((2026, 3, 7, 4), (2026, 3, 9, 4), {date(2026, 3, 7): 23 * 60, date(2026, 3, 8): 1440}),
        (
            (2026, 10, 31, 4),
            (2026, 11, 2, 4),
            {date(2026, 10, 31): 25 * 60, date(2026, 11, 1): 1440},
        ),
    ],
)
def test_new_york_daylight_saving(
    first: tuple[int, ...], last: tuple[int, ...], expected: dict[date, int]
) -> None:
    counts = minutes_per_day(NEW_YORK, at(*first, tz=NEW_YORK), at(*last, tz=NEW_YORK), 4)
    assert counts == expected


# Changing zones (travel) ----------------------------------------------------------------
def test_same_instant_in_different_zones() -> None:
    instant = pendulum.datetime(2026, 3, 14, 2, 0, tz="UTC")
    assert day_for(instant) == date(2026, 3, 13)  # 02:00 in UTC: still last night
    assert day_for(instant.in_tz("Asia/Tokyo")) == date(2026, 3, 14)  # 11:00
    assert day_for(instant.in_tz(NEW_YORK)) == date(2026, 3, 13)  # 22:00 the evening before
    evening = pendulum.datetime(2026, 3, 14, 23, 30, tz="UTC")
    assert day_for(evening.in_tz("Asia/Tokyo")) == date(2026, 3, 15)  # 08:30 next morning
    assert day_for(evening.in_tz(NEW_YORK)) == date(2026, 3, 14)  # 19:30


def test_zones_two_calendar_days_apart() -> None:
    instant = pendulum.datetime(2026, 3, 14, 16, 0, tz="UTC")
    assert day_for(instant.in_tz("Pacific/Kiritimati")) == date(2026, 3, 15)  # 06:00
    assert day_for(instant.in_tz("Pacific/Pago_Pago")) == date(2026, 3, 14)  # 05:00


def test_same_instant_same_day_when_zones_agree() -> None:
    instant = pendulum.datetime(2026, 7, 1, 12, 0, tz="UTC")
    days = {day_for(instant.in_tz(zone)) for zone in ("UTC", BERLIN, NEW_YORK, "Asia/Tokyo")}
    assert days == {date(2026, 7, 1)}


@settings(deadline=None)
@given(
    instant=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
    zone=st.sampled_from(ZONES),
    hour=st.integers(min_value=0, max_value=23),
)
def test_day_is_the_wall_clock_shifted_back_by_the_start_hour(
    instant: datetime, zone: str, hour: int
) -> None:
    moment = pendulum.instance(instant.replace(tzinfo=UTC)).in_tz(zone)
    wall = datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute)
    assert day_for(moment, hour) == (wall - timedelta(hours=hour)).date()


# Parsing days ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "garbage",
        "",
        "   ",
        "14/03/2026",
        "2026-3-14",
        "20260314",
        "2026-W11-6",
        "2026-03-14T10:00",
        "２０２６-03-14",
    ],
)
def test_parse_day_refuses_kindly(text: str) -> None:
    with pytest.raises(ValueError, match="not a date on the calendar") as caught:
        parse_day(text)
    assert "YYYY-MM-DD" in str(caught.value)
    assert caught.value.__suppress_context__  # no traceback noise from the parser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        ("2000-02-29", date(2000, 2, 29)),
        ("2026-03-14", date(2026, 3, 14)),
        ("  2026-12-31\n", date(2026, 12, 31)),
    ],
)
def test_parse_day_accepts(text: str, expected: date) -> None:
    assert parse_day(text) == expected


@given(st.dates())
def test_parse_day_round_trips(day: date) -> None:
    assert parse_day(day.isoformat()) == day


# Part of day and recent days ------------------------------------------------------------
@pytest.mark.parametrize(
    ("hour", "expected"),
    [(hour, "night") for hour in (0, 1, 2, 3, 4)]
    + [(hour, "morning") for hour in range(5, 12)]
    + [(hour, "afternoon") for hour in range(12, 17)]
    + [(hour, "evening") for hour in range(17, 22)]
    + [(hour, "night") for hour in (22, 23)],
)
def test_part_of_day(hour: int, expected: str) -> None:
    assert part_of_day(at(2026, 6, 10, hour, 0)) == expected
    assert part_of_day(at(2026, 6, 10, hour, 59)) == expected


def test_part_of_day_uses_the_local_clock() -> None:
    instant = pendulum.datetime(2026, 6, 10, 12, 0, tz="UTC")
    assert part_of_day(instant) == "afternoon"
    assert part_of_day(instant.in_tz("Asia/Tokyo")) == "evening"  # 21:00
    assert part_of_day(instant.in_tz(NEW_YORK)) == "morning"  # 08:00


def test_last_days() -> None:
    assert last_days(date(2026, 3, 2), 3) == [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]
    assert last_days(date(2026, 3, 2), 1) == [date(2026, 3, 2)]
    assert last_days(date(2026, 3, 2), 0) == []
