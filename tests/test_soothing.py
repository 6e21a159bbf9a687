"""Soothing: the pacer's schedule, the practices driven by keys on a fast clock, the record
of distress before and after, and which practices helped most."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import SIZES, WIDE, Clock, build, live, settle, still, type_text, wait_until
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual.widgets import Input, Static

from innerchild_tui.app.screens.soothing import (
    AfterScreen,
    BreathingScreen,
    GroundingScreen,
    SoothingScreen,
    TappingScreen,
    VisualizationScreen,
)
from innerchild_tui.app.widgets.breath import BreathBall, ball_rows
from innerchild_tui.domain.breathing import (
    PATTERNS,
    SMALLEST,
    Stopwatch,
    cycle_seconds,
    moment_at,
    rounds_for_minutes,
    schedule,
)
from innerchild_tui.domain.practices import summarize_practices
from innerchild_tui.domain.soothing import GROUNDING_STEPS, TAPPING_POINTS, step_at
from innerchild_tui.store import Store, StoreError


# Pure: the pacer ---------------------------------------------------------------------------
def test_each_pattern_breathes_in_its_own_order_and_counts() -> None:
    def shape(key: str, pace: float = 1.0) -> list[tuple[str, float]]:
        return [(step.phase.name, step.seconds) for step in schedule(PATTERNS[key], pace, 1)]

    assert shape("box") == [("in", 4), ("hold", 4), ("out", 4), ("rest", 4)]
    assert shape("478") == [("in", 4), ("hold", 7), ("out", 8)]
    assert shape("sigh") == [("in", 3), ("in again", 1), ("out", 6)]
    assert shape("478", 0.5) == [("in", 2), ("hold", 3.5), ("out", 4)]
    # The sigh: two breaths in, the second tops up; the breath out is the longest.
    sigh = PATTERNS["sigh"].phases
    assert sigh[0].end < sigh[1].end == 1.0 and sigh[2].end == SMALLEST
    assert rounds_for_minutes(PATTERNS["box"], 1.0, 1) == 4  # 4 × 16 s fills a minute
    assert rounds_for_minutes(PATTERNS["478"], 1.0, 1) == 4  # 3 × 19 s = 57 s falls short


@given(
    st.sampled_from(sorted(PATTERNS)),
    st.sampled_from([0.5, 0.75, 1.0, 1.25, 2.0]),
    st.integers(1, 6),
    st.floats(0, 400, allow_nan=False),
)
@settings(max_examples=400, deadline=None)
def test_moment_agrees_with_the_schedule(key: str, pace: float, rounds: int, t: float) -> None:
    """The oracle: walk the written-out schedule to the step that holds time t."""
    pattern = PATTERNS[key]
    steps = schedule(pattern, pace, rounds)
    moment = moment_at(pattern, pace, rounds, t)
    end = steps[-1].start + steps[-1].seconds
    assert end == pytest.approx(cycle_seconds(pattern, pace) * rounds)
    if t >= end:
        assert moment.finished
        return
    step = next(s for s in steps if s.start <= t < s.start + s.seconds)
    assert not moment.finished
    assert (moment.round, moment.phase) == (step.round, step.phase)
    assert moment.into_phase == pytest.approx(t - step.start, abs=1e-6)
    low, high = sorted((step.phase.start, step.phase.end))
    assert low - 1e-9 <= moment.size <= high + 1e-9


def test_the_stopwatch_does_not_count_a_pause() -> None:
    watch = Stopwatch()
    watch.start(100.0)
    watch.pause(104.0)
    watch.start(200.0)
    assert watch.elapsed(203.5) == 7.5
    watch.pause(203.5)
    assert watch.elapsed(999.0) == 7.5


def test_the_ball_grows_with_the_breath() -> None:
    def filled(size: float) -> int:
        return sum(row.count("█") + row.count("▓") for row in ball_rows(size, 40, 12))

    assert 0 < filled(SMALLEST) < filled(0.6) < filled(1.0)
    assert all(len(row) <= 40 for row in ball_rows(1.0, 40, 12))


def test_guided_steps_are_found_by_time() -> None:
    steps = (
        type("S", (), {"seconds": 10, "text": "a"})(),
        type("S", (), {"seconds": 5, "text": "b"})(),
    )
    assert step_at(steps, 0) == (0, 10, False)  # type: ignore[arg-type]
    assert step_at(steps, 12) == (1, 3, False)  # type: ignore[arg-type]
    assert step_at(steps, 15)[2] is True  # type: ignore[arg-type]


# Pure: what helped --------------------------------------------------------------------------
sessions_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["breathing", "grounding", "tapping"]),
            "minutes": st.integers(0, 30),
            "distress_before": st.none() | st.integers(0, 10),
            "distress_after": st.none() | st.integers(0, 10),
        }
    ),
    max_size=20,
)


@given(sessions_strategy)
@settings(max_examples=300, deadline=None)
def test_summary_matches_a_plain_count(sessions: list[dict]) -> None:
    rows = {row.kind: row for row in summarize_practices(sessions)}
    for kind in {s["kind"] for s in sessions}:
        mine = [s for s in sessions if s["kind"] == kind]
        rated = [
            s for s in mine if s["distress_before"] is not None and s["distress_after"] is not None
        ]
        row = rows[kind]
        assert row.sessions == len(mine)
        assert row.minutes == sum(s["minutes"] for s in mine)
        assert row.rated == len(rated)
        if rated:
            total = 0
            for s in rated:
                total += s["distress_after"] - s["distress_before"]
            assert row.average_change == pytest.approx(total / len(rated))
        else:
            assert row.average_change is None
    ordered = [r.average_change for r in summarize_practices(sessions)]
    rated_changes = [c for c in ordered if c is not None]
    assert rated_changes == sorted(rated_changes)  # most eased first
    assert ordered[: len(rated_changes)] == rated_changes  # the unrated come last


def test_the_store_refuses_a_distress_out_of_range(db_path: Path) -> None:
    store = Store.open(db_path, device="laptop")
    with pytest.raises(StoreError, match="0 to 10"):
        store.practices.add("breathing", minutes=1, distress_before=11)
    with pytest.raises(StoreError, match="no practice"):
        store.practices.add("juggling", minutes=1)


# The screens -------------------------------------------------------------------------------
async def test_a_breathing_session_on_a_fast_clock(db_path: Path) -> None:
    """4-7-8 at half pace for two rounds: phases in order, with their lengths."""
    clock = Clock(2026, 11, 24, 10, 0)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b")
        assert isinstance(app.screen, SoothingScreen)
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BreathingScreen)
        await pilot.press("p")  # box → 4-7-8
        await pilot.press("minus", "plus", "plus", "plus")  # slower, then quicker: 0.5
        await pilot.press(*["down"] * 4)  # six rounds → two
        assert (screen.pattern_key, screen.pace, screen.total_rounds()) == ("478", 0.5, 2)
        await pilot.press("8", "space")  # distress 8 before, then begin
        ball_sizes = []
        while not isinstance(app.screen, AfterScreen):
            clock.now = clock.now.add(microseconds=250_000)
            screen.tick()
            ball_sizes.append(screen.query_one(BreathBall).size_fraction)
            await pilot.pause(0)
        expected = []
        at = 0.0
        for round_number in (1, 2):
            for name, seconds in (("in", 2.0), ("hold", 3.5), ("out", 4.0)):
                expected.append((round_number, name, at))
                at += seconds
        assert screen.phase_log == expected
        assert max(ball_sizes) == pytest.approx(1.0, abs=0.01)
        assert min(ball_sizes) == pytest.approx(SMALLEST, abs=0.02)
        await pilot.press("3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SoothingScreen)
    (session,) = live(db_path, "practices")
    assert session["kind"] == "breathing"
    assert (session["distress_before"], session["distress_after"]) == (8, 3)
    assert session["minutes"] == round(19 / 60, 1)
    assert session["details"] == {
        "pattern": "478",
        "pace": 0.5,
        "rounds_planned": 2,
        "rounds_done": 2,
    }
    assert session["day"] == "2026-11-24"


async def test_the_pacer_says_its_settings_in_plain_words_with_the_live_keys(
    db_path: Path,
) -> None:
    app = build(db_path, keymap={"soothing.breath_unit": "u"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b", "b")
        screen = app.screen
        assert isinstance(screen, BreathingScreen)
        words = screen.settings_words().plain
        assert "Each count lasts 1 second · 6 rounds, about 1 minute 36 seconds" in words
        assert "- slower, + quicker · ↑ more rounds, ↓ fewer · u count in minutes" in words
        assert "≈" not in words and "Pace" not in words
        await pilot.press("u")  # the remapped key
        words = screen.settings_words().plain
        assert "Each count lasts 1 second · 3 minutes (" in words
        assert "↑ more minutes" in words and "u count in rounds" in words


async def test_the_menu_and_the_pacer_sit_in_the_middle(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SoothingScreen)
        # What is shown, from the title to the table: as much room above it as below,
        # and left as right.
        top = screen.query_one(".care-title").region
        table = screen.query_one("#helped-table").region
        listed = screen.query_one("#practice-list").region
        footer = screen.query_one("Footer").region
        assert abs(top.y - (footer.y - table.bottom)) <= 2
        assert abs(listed.x - (screen.size.width - listed.right)) <= 2
        await pilot.press("b")
        await pilot.pause()
        ball = app.screen.query_one(BreathBall)
        for y in range(ball.region.height):
            line = "".join(segment.text for segment in ball.render_line(y)).ljust(ball.size.width)
            if line.strip():
                left, right = len(line) - len(line.lstrip()), len(line) - len(line.rstrip())
                assert abs(left - right) <= 1, (y, left, right)


async def test_a_breathing_pause_stops_the_pacer(db_path: Path) -> None:
    clock = Clock(2026, 11, 24, 10, 0)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b", "b", "space")
        screen = app.screen
        assert isinstance(screen, BreathingScreen)
        clock.now = clock.now.add(seconds=5)
        await pilot.press("space")  # pause at 5 s: holding
        clock.now = clock.now.add(seconds=60)
        screen.tick()
        assert screen.moment().phase.name == "hold"
        assert screen.moment().into_phase == pytest.approx(1.0)
        status = str(screen.query_one("#breath-status", Static).render())
        assert "paused" in status
        await pilot.press("escape")  # began, so it asks how it is now
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("escape")  # and leaves without saving
        await settle(pilot)
    assert live(db_path, "practices") == []


async def test_a_grounding_session_is_saved_with_its_notes(db_path: Path) -> None:
    clock = Clock(2026, 11, 24, 10, 0)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b", "g")
        assert isinstance(app.screen, GroundingScreen)
        await pilot.press("shift+tab", "6", "tab")  # distress before, back to the typing
        assert isinstance(app.focused, Input)
        await type_text(pilot, "the lamp")
        await pilot.press("enter")
        await type_text(pilot, "a green mug")
        await pilot.press("enter")
        await pilot.press("enter", "enter", "enter")  # three more seen, unnamed
        step = app.screen.query_one("#grounding-step", Static)
        assert "four things" in str(step.render())
        await type_text(pilot, "my socks")
        await pilot.press("enter", "enter", "enter", "enter")
        await type_text(pilot, "rain")
        await pilot.press("enter", "enter", "enter")
        await pilot.press("enter")
        await type_text(pilot, "toothpaste")
        await pilot.press("enter")
        clock.now = clock.now.add(minutes=3)
        await type_text(pilot, "tea")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("2", "enter")
        await settle(pilot)
    (session,) = live(db_path, "practices")
    assert session["kind"] == "grounding"
    assert (session["distress_before"], session["distress_after"]) == (6, 2)
    assert session["minutes"] == 3.0
    assert session["details"]["notes"] == {
        "see": ["the lamp", "a green mug"],
        "touch": ["my socks"],
        "hear": ["rain"],
        "smell": ["toothpaste"],
        "taste": ["tea"],
    }
    assert session["details"]["steps_done"] == len(GROUNDING_STEPS)


@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
async def test_the_visualizations_fields_show_their_hints_whole(
    db_path: Path, size: tuple[int, int]
) -> None:
    app = build(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+b", "v")
        await settle(pilot)
        age = app.screen.query_one("#vis-age", Input)
        # "Age, e.g. 7" was cut to "Age, e.g. " (its box two cells too narrow).
        assert age.content_region.width > len(age.placeholder)
        assert age.placeholder in "".join(segment.text for segment in age.render_line(0))


async def test_the_visualization_is_timed_and_pausable(db_path: Path) -> None:
    clock = Clock(2026, 11, 24, 10, 0)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b", "v")
        screen = app.screen
        assert isinstance(screen, VisualizationScreen)
        await pilot.press("7", "enter")
        await type_text(pilot, "the beach")
        await pilot.press("enter")
        text = screen.query_one("#vis-text", Static)
        assert "Settle in" in str(text.render())
        clock.now = clock.now.add(seconds=25)
        screen.tick()
        assert "the beach" in str(text.render())
        await pilot.press("space")  # pause
        clock.now = clock.now.add(minutes=10)
        screen.tick()
        assert "the beach" in str(text.render())
        assert "paused" in str(screen.query_one("#vis-progress", Static).render())
        await pilot.press("space", "right")  # go on, and to the next step
        assert "yourself at 7" in str(text.render())
        clock.now = clock.now.add(seconds=500)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("enter")  # no number is fine
        await settle(pilot)
    (session,) = live(db_path, "practices")
    assert session["kind"] == "visualization"
    assert session["distress_after"] is None
    assert session["details"]["age"] == 7
    assert session["details"]["place"] == "the beach"
    assert session["details"]["steps_seen"] == 8


async def test_skipping_through_the_visualization_records_the_time_spent(db_path: Path) -> None:
    # Skipping moves through the steps; it does not add the skipped steps' minutes.
    clock = Clock(2026, 11, 24, 10, 0)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b", "v")
        screen = app.screen
        assert isinstance(screen, VisualizationScreen)
        await pilot.press("enter", "enter")  # no age, no place: begin
        for _ in range(len(screen.steps)):
            clock.now = clock.now.add(seconds=3)
            await pilot.press("right")
        await wait_until(pilot, lambda: isinstance(app.screen, AfterScreen), "the after-question")
        await pilot.press("enter")
        await settle(pilot)
    (session,) = live(db_path, "practices")
    assert session["minutes"] == round(3 * len(screen.steps) / 60, 1)  # 24 s, as minutes
    assert session["details"]["steps_seen"] == len(screen.steps)


async def test_tapping_goes_round_the_points_with_the_persons_words(db_path: Path) -> None:
    clock = Clock(2026, 11, 24, 10, 0)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b", "t")
        screen = app.screen
        assert isinstance(screen, TappingScreen)
        await type_text(pilot, "Even though I am shaky, I am here")
        await pilot.press("enter")
        await pilot.press(*["space"] * (len(TAPPING_POINTS) + 2))
        assert screen.rounds_done == 1 and screen.point == 2
        assert "I am shaky" in str(screen.query_one("#tap-points", Static).render())
        await pilot.press("ctrl+s", "4", "enter")
        await settle(pilot)
    (session,) = live(db_path, "practices")
    assert session["details"] == {
        "phrase": "Even though I am shaky, I am here",
        "rounds": 1,
        "points_tapped": len(TAPPING_POINTS) + 2,
    }
    assert session["distress_after"] == 4


async def test_the_menu_shows_what_has_helped_most(db_path: Path) -> None:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.practices.add("breathing", minutes=4, distress_before=7, distress_after=3)
    store.practices.add("breathing", minutes=2, distress_before=5, distress_after=4)
    store.practices.add("tapping", minutes=5, distress_before=6, distress_after=6)
    store.practices.add("grounding", minutes=3)
    store.save()
    app = build(db_path, Clock(2026, 11, 24, 10, 0))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+b")
        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#helped-table", Static).content)
        lines = [line for line in console.export_text().splitlines() if line.strip()]
        assert "Breathing" in lines[1] and "↓ 2.5 eased" in lines[1]
        assert "Tapping" in lines[2] and "→ 0.0" in lines[2]
        assert "grounding" in lines[3] and "not rated" in lines[3]
        await pilot.press("escape")
        assert not isinstance(app.screen, SoothingScreen)


async def test_leaving_before_beginning_asks_nothing(db_path: Path) -> None:
    app = build(db_path, Clock(2026, 11, 24, 10, 0))
    async with app.run_test(size=WIDE) as pilot:
        for key in ("b", "g", "v", "t"):
            await pilot.press("ctrl+b", key)
            # (On a busy machine an Esc pressed before the practice is on screen went to
            # the menu underneath.)
            await wait_until(pilot, lambda: not isinstance(app.screen, SoothingScreen), key)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, SoothingScreen), key)
            await pilot.press("escape")
        await settle(pilot)
    assert live(db_path, "practices") == []


# Snapshots ----------------------------------------------------------------------------------
def _snap(snap_compare, db_path: Path, size: str, keys: list[str], seconds: float = 0) -> bool:  # type: ignore[no-untyped-def]
    clock = Clock(2026, 11, 24, 12, 30)
    app = build(db_path, clock)

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press(*keys)
        if seconds:
            clock.now = clock.now.add(microseconds=int(seconds * 1_000_000))
            pilot.app.screen.tick()
        await still(pilot)

    return bool(snap_compare(app, terminal_size=SIZES[size], run_before=before))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_soothing_menu(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.practices.add("breathing", minutes=4, distress_before=7, distress_after=3)
    store.practices.add("grounding", minutes=3)
    store.save()
    assert _snap(snap_compare, db_path, size, ["ctrl+b"])


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_breathing_mid_breath(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, db_path, size, ["ctrl+b", "b", "6", "space"], seconds=3.0)


@pytest.mark.parametrize("size", SIZES)
async def test_the_heaviness_scale_says_what_its_ends_mean_whole(db_path: Path, size: str) -> None:
    """On a small terminal the scale's words go onto a second line (they were cut off:
    "0 calm, 10 very heavy ·" and no more)."""
    from innerchild_tui.app.widgets.distress import DistressScale

    app = build(db_path)
    async with app.run_test(size=SIZES[size]) as pilot:
        await pilot.press("ctrl+b", "g")
        await settle(pilot)
        scale = app.screen.query_one(DistressScale)
        lines = [strip.text for strip in scale.render_lines(scale.region.reset_offset)]
        assert "0 calm, 10 very heavy · optional" in " ".join(" ".join(lines).split())


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_grounding(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, db_path, size, ["ctrl+b", "g", *"the window", "enter"])


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_visualization(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    keys = ["ctrl+b", "v", "7", "enter", *"the beach", "enter"]
    assert _snap(snap_compare, db_path, size, keys, seconds=25)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_tapping(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    keys = ["ctrl+b", "t", *"Even though it hurts, I am safe now", "enter", "space", "space"]
    assert _snap(snap_compare, db_path, size, keys)
