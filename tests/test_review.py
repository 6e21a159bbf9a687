"""Issue 17: the week looked back on, kindly (domain, store, CLI, screen, snapshots)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import (
    SIZES,
    TODAY,  # a Tuesday: this week is 23–29 November
    WIDE,
    Clock,
    build,
    run_cli,
    settle,
    still,
    visible_text,
    wait_until,
)
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
from innerchild_tui.store.checkins import Checkins
from innerchild_tui.store.comfort import Comfort
from innerchild_tui.store.habits import Habits
from innerchild_tui.store.letters import Letters
from innerchild_tui.store.practices import Practices

LAST_WEEK = date(2026, 11, 18)


def _at(clock: Clock, day: date, hour: int = 9) -> None:
    clock.now = Clock(day.year, day.month, day.day, hour, 0).now


def seed(db_path: Path) -> Path:
    """Several weeks of a life: check-ins, a habit kept, a letter, a comfort item used, a
    breathing practice with how heavy it felt before and after, and notes from a month
    and a year ago."""
    clock = Clock(2025, 11, 24, 9, 0)
    store = Store.open(db_path, device="seed", clock=clock)
    store.checkins.add(4, ["lonely"], ["a hug"], "The first winter on my own.")
    water = store.habits.add("Drink water")
    _at(clock, date(2026, 10, 24))
    store.checkins.add(6, ["hopeful"], ["play"], "Painted all afternoon.")
    _at(clock, date(2026, 11, 11))
    store.checkins.add(5, ["tired"], ["rest"])
    week = [
        (date(2026, 11, 16), 8, 5, ["calm"], 3, ["work", "family"]),
        (date(2026, 11, 17), 19, 7, ["calm", "hopeful"], 4, ["work", "family"]),
        (date(2026, 11, 19), 14, 4, ["sad"], 2, ["family"]),
        (date(2026, 11, 21), 10, 6, ["calm"], 3, []),
    ]
    for day, hour, mood, feelings, energy, tags in week:
        _at(clock, day, hour)
        record = store.checkins.add(mood, feelings, ["rest"], energy=energy)
        if tags:
            store._change("checkins", record["id"], tags=tags)
    for offset in (0, 1, 2, 4, 5):
        store.habit_days.set(water["id"], date(2026, 11, 16) + timedelta(days=offset), "done")
    store.habit_days.set(water["id"], date(2026, 11, 22), "rest")
    _at(clock, date(2026, 11, 18), 20)
    letter = store.letters.new("Dear little me")
    store.letters.update(letter["id"], to_child="You were brave.", from_child="I was scared.")
    blanket = store.comfort.add("Blue blanket", "soft", childhood="Blankie")
    store.comfort.mark_used(blanket["id"], date(2026, 11, 20), helped=7)
    _at(clock, date(2026, 11, 21), 21)
    store.practices.add("breathing", minutes=6, distress_before=7, distress_after=3)
    _at(clock, date(2026, 11, 23), 9)
    store.checkins.add(6, ["hopeful"], ["connection"], energy=3)
    _at(clock, TODAY, 9)
    store.checkins.add(7, ["calm"], ["play"], energy=4)
    store.save()
    return db_path


def _app(db_path: Path):  # type: ignore[no-untyped-def]
    return build(seed(db_path), Clock(2026, 11, 24, 12, 0), device="review")


# The pure week ----------------------------------------------------------------------------
def _checkin(day: date, mood: int = 5, **fields: Any) -> dict[str, Any]:
    return {"id": f"c-{day}-{mood}-{len(fields)}", "day": day.isoformat(), "mood": mood,
            "created_at": f"{day}T09:00:00Z", **fields}  # fmt: skip


def test_a_week_runs_monday_to_sunday() -> None:
    assert week_of(date(2026, 11, 24)) == [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]
    assert week_of(date(2026, 11, 29))[0] == date(2026, 11, 23)
    assert week_of(date(2026, 11, 30))[0] == date(2026, 11, 30)


def test_an_empty_week_is_a_quiet_one() -> None:
    review = build_review(LAST_WEEK, TODAY)
    assert review.quiet
    assert review.kind_words == QUIET_WEEK
    assert review.checkin_days == 0
    assert review_lines(review)[2] == QUIET_WEEK


def test_the_kind_sentence_names_the_days_and_the_feeling_named_most() -> None:
    checkins = [
        _checkin(date(2026, 11, 16), feelings=["calm"]),
        _checkin(date(2026, 11, 17), feelings=["calm", "sad"]),
        _checkin(date(2026, 11, 17), feelings=["calm"]),
        _checkin(date(2026, 11, 9), feelings=["angry"] * 1),  # the week before: not counted
    ]
    review = build_review(LAST_WEEK, TODAY, checkins=checkins)
    assert review.kind_words == "You checked in on 2 days this week, and named “calm” most."
    assert review.feelings[0] == ("calm", 3)
    assert "angry" not in dict(review.feelings)


def test_habits_are_counted_in_days_never_against_a_target() -> None:
    habits = [{"id": "h1", "name": "Drink water"}, {"id": "h2", "name": "Walk"},
              {"id": "h3", "name": "Old", "archived": True}]  # fmt: skip
    days = {"h1": {date(2026, 11, 16) + timedelta(days=n): {"status": "done"} for n in range(5)}}
    days["h1"][date(2026, 11, 21)] = {"status": "partial"}
    days["h2"] = {date(2026, 11, 18): {"status": "rest"}}
    review = build_review(LAST_WEEK, TODAY, habits=habits, days_by_habit=days)
    sentences = [h.sentence() for h in review.habits_tended]
    assert sentences == [
        "You made time for Drink water on 6 days (partly on 1).",
        "You gave Walk 1 rest day.",
    ]
    assert review.habits_waiting == ()  # an archived habit shows only when tended
    assert not any("%" in line for line in review_lines(review))


def test_practices_say_how_heavy_it_felt_before_and_after() -> None:
    sessions = [
        {"day": "2026-11-17", "kind": "breathing", "minutes": 5,
         "distress_before": 8, "distress_after": 4},
        {"day": "2026-11-18", "kind": "breathing", "minutes": 5,
         "distress_before": 6, "distress_after": 4},
        {"day": "2026-11-18", "kind": "tapping", "minutes": 3},
    ]  # fmt: skip
    review = build_review(LAST_WEEK, TODAY, practices=sessions)
    breathing, tapping = review.practices
    assert (breathing.sessions, breathing.before, breathing.after) == (2, 7, 4)
    assert breathing.eased
    assert "went from 7 to 4" in breathing.sentence()
    assert tapping.sentence() == "Tapping sequence, once (3 min)."
    assert review.kind_words == "You made room to soothe yourself this week."


def test_tags_often_together_are_pairs_named_more_than_once() -> None:
    checkins = [
        _checkin(date(2026, 11, 16), tags=["work", "family", "sleep"]),
        _checkin(date(2026, 11, 17), tags=["family", "work"]),
        _checkin(date(2026, 11, 18), tags=["sleep"]),
    ]
    review = build_review(LAST_WEEK, TODAY, checkins=checkins)
    assert review.tags_together == ((("family", "work"), 2),)


def test_check_ins_added_afterwards_count_for_their_day_not_their_part_of_day() -> None:
    checkins = [
        _checkin(date(2026, 11, 16), 4, part_of_day="morning"),
        _checkin(date(2026, 11, 17), 8, part_of_day="evening", backfilled=True),
    ]
    review = build_review(LAST_WEEK, TODAY, checkins=checkins)
    assert review.checkin_days == 2
    assert {p.part: p.checkins for p in review.parts} == {
        "morning": 1, "afternoon": 0, "evening": 0, "night": 0
    }  # fmt: skip


days_near = st.dates(min_value=date(2026, 9, 1), max_value=date(2027, 1, 31))


@settings(max_examples=60, deadline=None)
@given(
    asked=days_near,
    today=days_near,
    checkin_days=st.lists(days_near, max_size=40),
    tick_days=st.lists(days_near, max_size=40),
)
def test_counts_never_go_beyond_the_days_that_have_come(
    asked: date, today: date, checkin_days: list[date], tick_days: list[date]
) -> None:
    checkins = [
        _checkin(day, mood=1 + n % 10, feelings=["calm"]) for n, day in enumerate(checkin_days)
    ]
    habit_days = {"h": {day: {"status": "done"} for day in tick_days}}
    review = build_review(
        asked, today, checkins=checkins, habits=[{"id": "h", "name": "Walk"}],
        days_by_habit=habit_days,
    )  # fmt: skip
    week = week_of(asked)
    come = [day for day in week if day <= today]
    oracle = {day for day in checkin_days if day in come}
    assert review.checkin_days == len(oracle) <= len(come) <= 7
    assert [d.day for d in review.days] == week
    assert all(d.checkins == 0 for d in review.days if d.to_come)
    (walk,) = review.habits
    assert walk.made_time == len({d for d in tick_days if d in come}) <= 7
    assert all(count <= len(checkins) for _word, count in review.feelings)
    assert review.quiet == (not oracle and not walk.made_time)
    sentence = review.kind_words
    assert not GRADING.search(sentence) and "%" not in sentence
    if review.quiet:
        assert sentence == QUIET_WEEK


@settings(max_examples=40, deadline=None)
@given(start=days_near, weeks=st.integers(min_value=1, max_value=60))
def test_moving_week_by_week_covers_each_day_once(start: date, weeks: int) -> None:
    seen = [day for n in range(weeks) for day in week_of(start + timedelta(weeks=n))]
    assert len(seen) == len(set(seen)) == 7 * weeks
    assert seen == [seen[0] + timedelta(days=n) for n in range(7 * weeks)]


def test_every_line_is_gentle() -> None:
    for day in (LAST_WEEK, TODAY, date(2026, 11, 11), date(2020, 1, 1)):
        review = build_review(day, TODAY)
        for line in review_lines(review):
            assert not GRADING.search(line), line


# The store reads only the week ---------------------------------------------------------------
def test_the_store_gathers_the_week_and_on_this_day(db_path: Path) -> None:
    store = Store.open(seed(db_path), device="t", clock=Clock(2026, 11, 24, 12, 0))
    review = store.week_review(LAST_WEEK)
    assert review.checkin_days == 4
    assert [d.mood for d in review.days] == [5, 7, None, 4, None, 6, None]
    assert review.letters == ("Dear little me",)
    assert [c.name for c in review.comforts] == ["Blue blanket"]
    assert review.comforts[0].helped == 7
    water = next(h for h in review.habits if h.name == "Drink water")
    assert (water.done, water.rest) == (5, 1)
    this_week = store.week_review()
    assert [m.when for m in this_week.memories] == ["A year ago", "A month ago"]
    assert this_week.memories[0].text == "The first winter on my own."
    assert store.week_review(memories=False).memories == ()
    assert store.on_this_day() == list(this_week.memories)


# The command -------------------------------------------------------------------------------
def test_the_review_command_prints_the_week_plainly(db_path: Path) -> None:
    seed(db_path)
    done = run_cli("--db", str(db_path), "review", "--week", "2026-11-19")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("The week of Monday 16 – Sunday 22 November 2026\n")
    assert "You checked in on 4 days this week, and named “calm” most." in out
    assert "  Tue 17  mood 7 · energy 4 · 1 check-in" in out
    assert "  Wed 18  no check-in" in out
    assert "You made time for Drink water on 5 days, and gave it 1 rest day." in out
    assert "Blue blanket, on 1 day; it helped about 7 of 10, you said." in out
    assert "how heavy it felt went from 7 to 3" in out
    assert "“Dear little me”" in out
    assert "\x1b" not in out  # no colour: plain text
    assert not GRADING.search(out)


def test_the_review_command_defaults_to_this_week_and_refuses_kindly(db_path: Path) -> None:
    seed(db_path)
    # the installed command reads the real clock: a week long past is quiet
    done = run_cli("--db", str(db_path), "review", "--week", "2001-01-01")
    assert done.returncode == 0, done.stderr
    assert QUIET_WEEK in done.stdout
    today = run_cli("--db", str(db_path), "review")
    assert today.returncode == 0 and today.stdout.startswith("The week of ")
    bad = run_cli("--db", str(db_path), "review", "--week", "someday")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    later = run_cli("--db", str(db_path), "review", "--week", "2999-01-01")
    assert later.returncode == 2 and "has not begun yet" in later.stderr


# The screen ---------------------------------------------------------------------------------
async def _shown(pilot: Any) -> str:
    app = pilot.app
    await settle(pilot)
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, ReviewScreen) and app.screen.review is not None
        and app.screen.review.asked == app.screen.asked,
        "the week being shown",
    )  # fmt: skip
    await pilot.pause()
    return " ".join(visible_text(app).split())


async def test_w_opens_the_week_and_the_arrows_move_a_week_at_a_time(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("W")
        shown = await _shown(pilot)
        assert "The week of Monday 23 – Sunday 29 November 2026" in shown
        assert "You checked in on 2 days this week" in shown
        assert "A year ago (24 November 2025) you wrote: “The first winter on my own.”" in shown
        assert "Wed 25 not yet come" in shown
        assert "the week before" in shown and "the week after" not in shown  # none yet
        assert "Week after" not in shown  # nor in the footer
        await pilot.press("left")
        shown = await _shown(pilot)
        assert "The week of Monday 16 – Sunday 22 November 2026" in shown
        assert "the week after" in shown and "Week after" in shown
        assert "You checked in on 4 days this week, and named “calm” most." in shown
        assert "Tue 17 ▆ mood 7 energy 4 lively 1 check-in" in shown
        assert "Feelings: calm ×3" in shown and "Often together: family + work ×2" in shown
        assert "You made time for Drink water on 5 days, and gave it 1 rest day." in shown
        assert "Blue blanket, on 1 day; it helped about 7 of 10, you said." in shown
        assert "Breathing pacer, once (6 min); how heavy it felt went from 7 to 3" in shown
        assert "“Dear little me”" in shown
        assert GATHERING not in shown
        await pilot.press("left_square_bracket")
        shown = await _shown(pilot)
        assert "The week of Monday 9 – Sunday 15 November 2026" in shown
        assert "You checked in on 1 day this week, and named “tired” most." in shown
        await pilot.press("right_square_bracket", "right")
        shown = await _shown(pilot)
        assert "Monday 23 – Sunday 29 November" in shown
        await pilot.press("right")  # no week after this one yet
        shown = await _shown(pilot)
        assert "Monday 23 – Sunday 29 November" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]


async def test_the_week_is_gathered_in_a_worker_thread(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    week_review = Store.week_review

    def watched(self: Store, *args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return week_review(self, *args, **kwargs)

    monkeypatch.setattr(Store, "week_review", watched)
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("W")
        await _shown(pilot)
    assert threads and threading.main_thread() not in threads


async def test_r_in_the_history_opens_the_week_of_the_day_under_the_cursor(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("left", "r")  # a week before today
        shown = await _shown(pilot)
        assert "The week of Monday 16 – Sunday 22 November 2026" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_the_review_is_in_the_help_and_the_palette(db_path: Path) -> None:
    from innerchild_tui.app.keys import key_actions

    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        actions = key_actions(app, screens=True)
        named = {(a.group, a.binding.description): a.keys for a in actions}
        assert named[("Anywhere", "Your week")] == ("W",)
        assert named[("Your week", "Week before")] == ("left", "left_square_bracket")
        assert named[("History", "Your week")] == ("r",)


async def test_a_quiet_week_is_said_gently(db_path: Path) -> None:
    app = build(db_path, Clock(2026, 11, 24, 12, 0))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("W")
        shown = await _shown(pilot)
        assert QUIET_WEEK in shown
        assert "Mood and energy" not in shown


async def test_a_week_without_energy_is_titled_by_mood_alone(db_path: Path) -> None:
    """Check-ins that name no energy: the days' section says mood only (it promised
    "Mood and energy" over days that showed none)."""
    clock = Clock(2026, 11, 24, 12, 0)
    store = Store.open(db_path, device="t", clock=clock)
    store.checkins.add(6, ["calm"])
    store.save()
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("W")
        shown = await _shown(pilot)
        assert "Mood, day by day" in shown and "Mood and energy" not in shown


@pytest.mark.parametrize("size", SIZES)
def test_review_snapshot(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("W")
        await _shown(pilot)
        await pilot.press("left")
        await _shown(pilot)
        await still(pilot)

    assert snap_compare(_app(db_path), terminal_size=SIZES[size], run_before=run_before)


async def test_a_small_terminal_scrolls_the_week_from_the_keyboard(db_path: Path) -> None:
    from textual.containers import VerticalScroll

    app = _app(db_path)
    async with app.run_test(size=SIZES["small"]) as pilot:
        await pilot.press("W", "left")
        await _shown(pilot)
        body = app.screen.query_one("#review-body", VerticalScroll)
        assert app.focused is body and body.max_scroll_y > 0
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y
        assert "“Dear little me”" in visible_text(app)


async def test_on_this_day_put_away_in_the_history_stays_away(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("x", "r")
        shown = await _shown(pilot)
        assert "The week of Monday 23 – Sunday 29 November 2026" in shown
        assert "A year ago" not in shown


def test_the_review_never_copies_the_whole_history(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the week's records (and on this day's two days) are copied: the readers that
    copy a whole table are never called."""
    store = Store.open(seed(db_path), device="t", clock=Clock(2026, 11, 24, 12, 0))

    def whole_table(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a whole table was copied")

    monkeypatch.setattr(Store, "_live", whole_table)
    for repository in (Checkins, Letters, Practices, Comfort, Habits):
        monkeypatch.setattr(repository, "all", whole_table)
    copied: list[dict[str, Any]] = []
    live_on_days = Store._live_on_days

    def counted(self: Store, table: str, days: Any) -> list[dict[str, Any]]:
        found = live_on_days(self, table, days)
        copied.extend(found)
        return found

    monkeypatch.setattr(Store, "_live_on_days", counted)
    review = store.week_review(LAST_WEEK)
    assert review.checkin_days == 4
    assert len(copied) == 4 + 1 + 1  # the week's check-ins, its letter, its practice
    assert [m.text for m in store.week_review().memories] == [
        "The first winter on my own.",
        "Painted all afternoon.",
    ]


def test_review_snapshot_light(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("W")
        await _shown(pilot)
        await still(pilot)

    app = build(seed(db_path), Clock(2026, 11, 24, 12, 0), theme="innerchild-gentle-light")
    assert snap_compare(app, terminal_size=SIZES["wide"], run_before=run_before)


async def test_the_week_open_takes_in_a_check_in_made_elsewhere(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("W")
        shown = await _shown(pilot)
        assert "You checked in on 2 days this week" in shown
        elsewhere = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 23, 20, 0))
        elsewhere.checkins.add(4, ["tired"], note="from the laptop")
        elsewhere.save()
        app.check_for_outside_changes()
        await settle(pilot)
        await wait_until(pilot, lambda: "tired ×1" in " ".join(visible_text(app).split()), "it")
        shown = " ".join(visible_text(app).split())
        assert "Mon 23 ▅ mood 5 energy 3 steady 2 check-ins" in shown
        assert isinstance(app.screen, ReviewScreen)
