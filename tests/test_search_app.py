"""Issue 17 in the dashboard: `/` searches everything; Enter opens what was found."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import (
    SIZES,
    WIDE,
    Clock,
    build,
    calls_to,
    live,
    pressed,
    settle,
    type_text,
    visible_text,
    wait_until,
)
from test_search import seed
from textual.widgets import Input, OptionList

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.screens.history import DayScreen, HistoryScreen
from innerchild_tui.app.screens.search import SearchScreen
from innerchild_tui.config import load_settings, settings_toml


def _app(db_path: Path):  # type: ignore[no-untyped-def]
    return build(seed(db_path), Clock(2026, 11, 24, 12, 0), device="search")


async def test_slash_searches_everything_grouped(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.focused is app.screen.query_one(Input)
        await type_text(pilot, "meeting")
        await settle(pilot)
        shown = visible_text(app)
        for heading in ("Check-ins", "Letters", "Comfort items", "Support"):
            assert heading in shown
        assert shown.index("2026-10-24") < shown.index("2025-11-24")
        assert "Blue blanket" in shown and "Notes for hard moments" in shown
        await type_text(pilot, " giraffe")
        await settle(pilot)
        assert "Nothing holds that." in visible_text(app)
        assert app.screen.query_one(OptionList).option_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
    # searching writes nothing new
    assert len(live(db_path, "checkins")) == 2


async def test_headings_cannot_be_chosen_and_enter_on_a_letter_opens_it(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "brave")
        await pilot.press("enter")
        await settle(pilot)
        listing = app.screen.query_one(OptionList)
        assert app.focused is listing
        assert listing.get_option_at_index(0).disabled  # the heading "Letters"
        assert listing.highlighted == 1
        letter = next(r for r in live(db_path, "letters") if r["title"] == "Dear little me")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert app.query_one(LettersPane).letter_id == letter["id"]
        assert "You were brave." in visible_text(app)


async def _open_the_older_meeting(pilot: Any, app: InnerChildApp) -> int | None:
    """Search "meeting" and open the older check-in's day; the result's place in the list."""
    await pilot.press("slash")
    await type_text(pilot, "meeting")
    await pilot.press("down", "down")  # to the list, then to the older check-in
    await settle(pilot)
    opened = app.screen.query_one(OptionList).highlighted
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, DayScreen)
    return opened


async def test_enter_on_a_check_in_opens_its_day_and_removing_there_shows(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await _open_the_older_meeting(pilot, app)
        assert isinstance(app.screen, DayScreen)
        assert app.screen.day == date(2025, 11, 24)
        assert "The Meeting at work left me small." in visible_text(app)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        shown = visible_text(app)
        assert "2025-11-24" not in shown.split("Letters")[0]
        assert "2026-10-24" in shown
    notes = [r["note"] for r in live(db_path, "checkins")]
    assert notes == ["Painted all afternoon, no meeting."]


async def test_a_day_opened_from_a_result_and_closed_leaves_the_cursor_on_it(
    db_path: Path,
) -> None:
    """The results are searched again when a day closes (a check-in may have gone): the
    cursor stayed on none of them, so the first ↓ after went back to the top."""
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        opened = await _open_the_older_meeting(pilot, app)
        listing = app.screen_stack[-2].query_one(OptionList)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert listing.highlighted == opened and app.focused is listing


async def test_slash_in_a_text_field_is_typed(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+f")
        await settle(pilot)
        await type_text(pilot, "a/b")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input) and app.focused.value == "a/b"


@pytest.mark.parametrize("size", SIZES)
def test_search_screen_snapshot(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("slash")
        await type_text(pilot, "meeting")
        await pressed("enter")(pilot)

    assert snap_compare(_app(db_path), terminal_size=SIZES[size], run_before=run_before)


# On this day, at the top of the history ---------------------------------------------------
async def test_history_shows_on_this_day_and_puts_it_away(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        await settle(pilot)
        shown = " ".join(visible_text(app).replace("▊", " ").split())  # lines' left edge
        assert "A year ago today you wrote: “The Meeting at work left me small.”" in shown
        assert "A year ago today you wrote a letter: “A year on — I remember the meeting." in shown
        assert "A month ago today you wrote: “Painted all afternoon, no meeting.”" in shown
        assert "x puts this away for today" in shown
        await pilot.press("x")
        await settle(pilot)
        assert "A year ago today" not in visible_text(app)
        await pilot.press("escape", "y")  # still put away when the history opens again
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "A year ago today" not in visible_text(app)


async def test_on_this_day_can_be_turned_off(db_path: Path) -> None:
    app = build(seed(db_path), Clock(2026, 11, 24, 12, 0), on_this_day=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "ago today" not in visible_text(app)


async def test_nothing_on_this_day_shows_nothing(db_path: Path) -> None:
    app = build(seed(db_path), Clock(2026, 11, 25, 12, 0))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        await settle(pilot)
        assert "ago today" not in visible_text(app)
        assert not app.screen.query_one("#history-on-this-day").display


def test_the_setting_is_read(tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    assert load_settings(settings).on_this_day is True
    settings.write_text("on_this_day = false\n", encoding="utf-8")
    assert load_settings(settings).on_this_day is False
    settings.write_text('on_this_day = "maybe"\n', encoding="utf-8")
    loaded = load_settings(settings)
    assert loaded.on_this_day is True
    assert any("on_this_day" in problem for problem in loaded.problems)
    assert "on_this_day = false" in settings_toml(replace(loaded, on_this_day=False))


def test_on_this_day_snapshot(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(db_path), terminal_size=SIZES["small"], run_before=pressed("y"))


def _quiet_days(db_path: Path) -> InnerChildApp:
    """The app over the search seed and five more "quiet" days than a kind shows."""
    from innerchild_tui.app.screens.search import SHOWN_PER_KIND
    from innerchild_tui.store import Store

    store = Store.open(seed(db_path), device="t", clock=Clock(2026, 11, 24, 9, 0))
    for offset in range(SHOWN_PER_KIND + 5):
        store.checkins.add(5, note="a quiet day", day=date(2026, 1, 1) + timedelta(days=offset))
    store.save()
    return build(db_path, Clock(2026, 11, 24, 12, 0))


async def test_many_results_show_the_newest_and_say_how_many_more(db_path: Path) -> None:
    from innerchild_tui.app.screens.search import SHOWN_PER_KIND

    app = _quiet_days(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "quiet")
        await settle(pilot)
        listing = app.screen.query_one(OptionList)
        entries = 1 + SHOWN_PER_KIND + 1  # added a screenful a frame: see the next test
        await wait_until(pilot, lambda: listing.option_count == entries, "every entry")
        last = listing.get_option_at_index(listing.option_count - 1)
        assert last.disabled and "and 5 more" in str(last.prompt)
        assert "55 found" in visible_text(app)


async def test_many_results_are_added_a_screenful_a_frame(db_path: Path) -> None:
    """Textual measures each entry of the list as it is added: 150 results at once held
    the loop 15 ms at one year. The first screenful comes with the results, the rest a
    part a frame after."""
    from innerchild_tui.app.screens.search import ADDED_AT_ONCE, SHOWN_PER_KIND

    app = _quiet_days(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        listing = app.screen.query_one(OptionList)
        added = calls_to(listing, "add_options")
        await type_text(pilot, "quiet")
        await settle(pilot)
        entries = 1 + SHOWN_PER_KIND + 1  # the heading, the newest, "and 5 more"
        assert listing.option_count in (ADDED_AT_ONCE, 2 * ADDED_AT_ONCE, entries)
        await wait_until(pilot, lambda: listing.option_count == entries, "every entry")
        assert [len(call[0]) for call in added] == [ADDED_AT_ONCE, ADDED_AT_ONCE, 4]
        assert "and 5 more" in str(listing.get_option_at_index(entries - 1).prompt)


async def test_keys_in_the_results_go_over_all_of_them_while_they_fill(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter goes to the results with all of them in the list: End right after it is the
    last result, not the last of the first screenful; Home shows the heading again."""
    from innerchild_tui.app.screens import search
    from innerchild_tui.app.screens.search import ADDED_AT_ONCE, SHOWN_PER_KIND

    monkeypatch.setattr(search, "ONE_FRAME", 3600.0)  # the rest would come only after Enter
    app = _quiet_days(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        listing = screen.query_one(OptionList)
        await type_text(pilot, "quiet")
        await wait_until(pilot, lambda: listing.option_count > 0, "the first results")
        assert listing.option_count == ADDED_AT_ONCE
        await pilot.press("enter", "end")
        oldest_shown = SHOWN_PER_KIND  # after the heading; "and 5 more" is not a result
        assert listing.highlighted == oldest_shown
        await pilot.press("home")
        assert listing.highlighted == 1 and listing.scroll_y == 0


async def test_keys_typed_after_enter_wait_for_the_results(db_path: Path) -> None:
    """/, the words, Enter, ↓, End in one burst: Enter searched at once and went to the
    results when they came, but the ↓ and End, there before them, moved in the field."""
    from test_keyboard import burst

    from innerchild_tui.app.screens.search import SHOWN_PER_KIND

    app = _quiet_days(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        burst(app, "slash", "q", "u", "i", "e", "t", "enter", "down", "end")
        await settle(pilot)
        listing = app.screen.query_one(OptionList)
        assert app.focused is listing and listing.highlighted == SHOWN_PER_KIND


async def test_quick_typing_searches_once_in_a_worker_for_the_final_words(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from innerchild_tui.store import Store

    asked: list[tuple[str, threading.Thread]] = []
    search_newest = Store.search_newest

    def watched(self: Store, query: str, per_kind: int) -> object:
        asked.append((query, threading.current_thread()))
        return search_newest(self, query, per_kind)

    monkeypatch.setattr(Store, "search_newest", watched)
    app = _app(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_text(pilot, "meeting small")  # a quick typist: no pause between keys
        await settle(pilot)
        assert screen.shown_query == "meeting small"
        # fewer searches than keys (typically one), none of them on the event loop
        assert 1 <= screen.searches < len("meeting small")
        assert [query for query, _ in asked][-1] == "meeting small"
        assert all(thread is not threading.main_thread() for _, thread in asked)
        shown = visible_text(app)
        assert "1 found" in shown and "2025-11-24" in shown
        assert "2026-10-24" not in shown  # "meeting" alone found this one too
        # Enter right after typing searches at once and goes to the results
        await pilot.press(
            "backspace", "backspace", "backspace", "backspace", "backspace", "backspace"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert screen.shown_query == "meeting"
        assert app.focused is screen.query_one(OptionList)
        assert "2026-10-24" in visible_text(app)
