"""The importers' small pure readers, against obvious oracles (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.domain.schedules import EVERY_DAY, TIMES
from innerchild_tui.imports.loop import loop_schedule
from innerchild_tui.imports.text import html_to_text, parse_mood_map, parse_time

hours24 = st.integers(0, 23)
minutes = st.integers(0, 59)


@given(hours24, minutes, st.booleans())
def test_24_hour_times(hour: int, minute: int, padded: bool) -> None:
    text = f"{hour:02d}:{minute:02d}" if padded else f"{hour}:{minute:02d}"
    assert parse_time(text) == (hour, minute)


@given(
    st.integers(1, 12),
    minutes,
    st.sampled_from(["am", "pm", "AM", "PM", "a.m.", "p.m."]),
    st.sampled_from(["", " "]),
)
def test_12_hour_times(hour: int, minute: int, half: str, space: str) -> None:
    evening = half[0] in "pP"
    # The oracle: 12 am is midnight, 12 pm is noon, pm adds twelve hours otherwise.
    expected = (0 if hour == 12 else hour) + (12 if evening else 0)
    assert parse_time(f"{hour}:{minute:02d}{space}{half}") == (expected, minute)


@pytest.mark.parametrize("text", ["6:50 pm", "18:50", " 6:50 PM "])
def test_the_same_evening(text: str) -> None:
    assert parse_time(text) == (18, 50)


@pytest.mark.parametrize("text", ["", "noon", "24:00", "13:00 pm", "0:30 am", "7:60", "7"])
def test_not_times(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


names = st.text(
    alphabet=st.characters(blacklist_characters=",;=", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")


@given(
    st.dictionaries(names, st.integers(1, 10), min_size=1, max_size=6),
    st.sampled_from([",", ";", " , "]),
)
def test_mood_maps_read_back(mapping: dict[str, int], separator: str) -> None:
    text = separator.join(f"{name}={value}" for name, value in mapping.items())
    expected: dict[str, int] = {}
    for name, value in mapping.items():  # later pairs win, names without case or spaces
        expected[" ".join(name.split()).casefold()] = value
    assert parse_mood_map(text) == expected


@given(names, st.one_of(st.integers(-5, 0), st.integers(11, 99)))
def test_moods_off_the_scale_are_refused(name: str, value: int) -> None:
    with pytest.raises(ValueError):
        parse_mood_map(f"{name}={value}")


@pytest.mark.parametrize("text", ["", "rad", "=5", "rad=five", "rad=7.5"])
def test_mood_maps_that_cannot_be_read(text: str) -> None:
    with pytest.raises(ValueError):
        parse_mood_map(text)


@given(st.integers(0, 400), st.integers(0, 400))
def test_loop_frequencies_are_always_a_schedule(numerator: int, denominator: int) -> None:
    schedule = loop_schedule(numerator, denominator)
    if schedule != EVERY_DAY:
        assert schedule.kind == TIMES
        assert 1 <= schedule.times < schedule.days <= 366


def test_html_notes() -> None:
    assert html_to_text("a<br>b<BR/>c") == "a\nb\nc"
    assert html_to_text("<p>one</p><p>two &amp; <i>three</i></p>") == "one\ntwo & three"
    assert html_to_text("plain 3 < 4") == "plain 3 < 4"


def test_loop_values() -> None:
    from datetime import date

    from innerchild_tui.imports.loop import day_from_value

    day = date(2024, 1, 1)
    yes_no = {v: day_from_value(day, v, "", counted=False, target=None) for v in (-1, 0, 1, 2, 3)}
    assert {v: e.status if e else None for v, e in yes_no.items()} == {
        -1: None, 0: None, 1: None, 2: "done", 3: "rest",
    }  # fmt: skip
    counted = [day_from_value(day, v, "", counted=True, target=6) for v in (0, 3, 2500, 6000)]
    assert [(e.status, e.amount) if e else None for e in counted] == [
        None, ("rest", None), ("partial", 2.5), ("done", 6.0),
    ]  # fmt: skip
