"""What a history shows, computed by pure functions, checked against slow obvious oracles."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.domain.feelings import (
    FEELING_FAMILIES,
    FEELINGS,
    NEED_FAMILIES,
    NEEDS,
    best_match,
    split_intensity,
    with_intensity,
)
from innerchild_tui.domain.insights import (
    MIN_DAYS,
    compare,
    daily_moods,
    history_summary,
    top_words,
    weekly_moods,
    year_weeks,
)
from innerchild_tui.domain.moods import mood_glyph, mood_level, sparkline

START = date(2026, 1, 1)
TODAY = date(2026, 6, 30)

days = st.integers(min_value=0, max_value=180).map(lambda n: START + timedelta(days=n))
checkin = st.fixed_dictionaries(
    {
        "day": days.map(date.isoformat),
        "mood": st.integers(min_value=1, max_value=10),
        "deleted": st.booleans(),
        "feelings": st.lists(st.sampled_from(FEELINGS[:6]), max_size=3, unique=True),
    }
)


def record(day: date, mood: int, **fields: Any) -> dict[str, Any]:
    return {"day": day.isoformat(), "mood": mood, "deleted": False, **fields}


# daily_moods ---------------------------------------------------------------------------
@given(st.lists(checkin, max_size=40))
def test_daily_moods_is_the_mean_of_each_days_live_checkins(records: list[dict[str, Any]]) -> None:
    expected: dict[date, float] = {}
    for day in {r["day"] for r in records}:
        moods = [r["mood"] for r in records if r["day"] == day and not r["deleted"]]
        if moods:
            expected[date.fromisoformat(day)] = sum(moods) / len(moods)
    assert daily_moods(records) == expected


def test_daily_moods_skips_damaged_records() -> None:
    records = [
        record(START, 5),
        {"day": "not a day", "mood": 3},
        {"day": START.isoformat(), "mood": True},
        {"day": START.isoformat(), "mood": 11},
        {"mood": 4},
    ]
    assert daily_moods(records) == {START: 5.0}


# compare -------------------------------------------------------------------------------
@given(
    st.dictionaries(days, st.integers(min_value=1, max_value=10), max_size=60),
    st.sets(days, max_size=60),
    st.one_of(st.none(), days),
)
def test_compare_against_an_obvious_oracle(
    moods: dict[date, int], active: set[date], since: date | None
) -> None:
    considered = {d: float(m) for d, m in moods.items() if since is None or d >= since}
    with_days = [m for d, m in considered.items() if d in active]
    without_days = [m for d, m in considered.items() if d not in active]
    result = compare("Walk", "habit", {d: float(m) for d, m in moods.items()}, active, since)
    if len(with_days) < MIN_DAYS or len(without_days) < MIN_DAYS:
        assert result is None
    else:
        assert result is not None
        assert result.days_with == len(with_days)
        assert result.days_without == len(without_days)
        assert abs(result.mood_with - sum(with_days) / len(with_days)) < 1e-9
        assert abs(result.mood_without - sum(without_days) / len(without_days)) < 1e-9


def test_not_enough_days_on_one_side_shows_nothing() -> None:
    moods = {START + timedelta(days=n): 6.0 for n in range(20)}
    four_days = {START + timedelta(days=n) for n in range(4)}
    assert compare("Walk", "habit", moods, four_days) is None
    # Five on each side is enough.
    fifteen = {START + timedelta(days=n) for n in range(15)}
    assert compare("Walk", "habit", moods, fifteen) is not None
    # ...but the days before the habit existed do not count as days without it.
    assert compare("Walk", "habit", moods, fifteen, since=START + timedelta(days=11)) is None


def test_a_comparison_reads_as_an_observation() -> None:
    moods = {START + timedelta(days=n): (8.0 if n % 2 else 5.0) for n in range(20)}
    walked = {START + timedelta(days=n) for n in range(1, 20, 2)}
    found = compare("Walk outside", "habit", moods, walked)
    assert found is not None
    sentence = found.sentence()
    assert sentence == (
        "On the 10 days you did “Walk outside”, your mood averaged 8.0; on the other 10 days, 5.0."
    )
    for advice in ("should", "must", "try", "better"):
        assert advice not in sentence
    blanket = compare("Blue blanket", "comfort", moods, walked)
    assert blanket is not None and "turned to “Blue blanket”" in blanket.sentence()


# weeks and words -------------------------------------------------------------------------
def test_year_weeks_are_whole_weeks_ending_with_todays() -> None:
    weeks = year_weeks(TODAY)  # a Tuesday
    assert len(weeks) == 53
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)
    assert TODAY in weeks[-1]
    flat = [d for week in weeks for d in week]
    assert flat == [flat[0] + timedelta(days=n) for n in range(len(flat))]


@given(st.dictionaries(days, st.integers(min_value=1, max_value=10), max_size=80))
def test_weekly_moods_against_an_oracle(moods: dict[date, int]) -> None:
    as_float = {d: float(m) for d, m in moods.items()}
    result = weekly_moods(as_float, TODAY, 12)
    assert len(result) == 12
    for start, mean in result:
        values = [
            m for d, m in as_float.items() if start <= d < start + timedelta(days=7) and d <= TODAY
        ]
        assert mean == (sum(values) / len(values) if values else None)


@given(st.lists(checkin, max_size=40))
def test_top_words_counts_checkins_that_named_each_word(records: list[dict[str, Any]]) -> None:
    start, end = START + timedelta(days=30), START + timedelta(days=90)
    result = top_words(records, "feelings", start, end, limit=100)
    counts: dict[str, int] = {}
    for r in records:
        if not r["deleted"] and start <= date.fromisoformat(r["day"]) <= end:
            for word in set(r["feelings"]):
                counts[word] = counts.get(word, 0) + 1
    assert dict(result) == counts
    assert [c for _, c in result] == sorted((c for _, c in result), reverse=True)


# the scales -----------------------------------------------------------------------------
def test_mood_levels_and_glyphs() -> None:
    assert [mood_level(m) for m in range(1, 11)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert mood_glyph(None) == "·"
    assert len({mood_glyph(m) for m in range(1, 11, 2)}) == 5  # a shape per level


def test_sparkline_has_a_gap_for_a_day_without_a_check_in() -> None:
    assert sparkline([1, None, 10, 5.5]) == "▁ █▅"
    assert sparkline([]) == ""


# words ----------------------------------------------------------------------------------
def test_the_word_lists_are_grouped_and_have_no_repeats() -> None:
    assert {"angry", "sad", "afraid", "joyful", "strong", "peaceful"} <= set(FEELING_FAMILIES)
    assert {"safety", "rest", "connection", "play", "autonomy", "meaning", "expression"} == set(
        NEED_FAMILIES
    )
    assert len(FEELINGS) == len(set(FEELINGS))
    assert len(NEEDS) == len(set(NEEDS))


def test_intensity_is_read_from_words_or_a_suffix() -> None:
    assert split_intensity("Very  Sad") == ("sad", 3)
    assert split_intensity("a little tired") == ("tired", 1)
    assert split_intensity("sad:2") == ("sad", 2)
    assert split_intensity("sad") == ("sad", None)
    assert split_intensity("very") == ("very", None)
    assert with_intensity("sad", 3) == "very sad"
    assert with_intensity("sad", None) == "sad"


def test_a_typed_beginning_picks_the_common_word() -> None:
    assert best_match("ca", FEELINGS) == "calm"
    assert best_match("re", NEEDS) == "rest"
    assert best_match("out", FEELINGS) == "left out"
    assert best_match("wobbly", FEELINGS) == "wobbly"  # a word of the person's own


# the CLI summary ------------------------------------------------------------------------
def test_history_summary_with_and_without_check_ins() -> None:
    empty = history_summary([], TODAY, 7)
    assert empty[0] == "The last 7 days: 24 June 2026 – 30 June 2026"
    assert any("Whenever you are ready" in line for line in empty)
    records = [
        record(TODAY, 8, feelings=["calm"], needs=["rest"], energy=4, therapy=True),
        record(TODAY - timedelta(days=2), 2, feelings=["calm", "sad"]),
        record(TODAY - timedelta(days=20), 9),  # before the window
    ]
    lines = history_summary(records, TODAY, 7)
    assert "Mood      ▁ ▇" in lines
    assert any("on average 5.0 over 2 days (2 check-ins), from 2 to 8" in line for line in lines)
    assert "Feelings named most: calm ×2, sad ×1" in lines
    assert "To bring to therapy: Tue 30 Jun" in lines
