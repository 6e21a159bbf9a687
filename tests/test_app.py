"""The dashboard driven as a person would, asserting on the data file on disk."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from apphelpers import (
    SMALL,
    WIDE,
    Clock,
    build,
    live,
    read_file,
    settle,
    shown_panes,
    type_text,
    wait_until,
)
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import TextArea

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.panes.comfort import ComfortPane
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.screens.help import HelpScreen, KeysList
from innerchild_tui.app.screens.problem import ProblemScreen
from innerchild_tui.app.screens.welcome import WelcomeScreen
from innerchild_tui.app.widgets.pane_tabs import PaneTabs
from innerchild_tui.app.widgets.quiet import QuietFooter
from innerchild_tui.config import load_settings
from innerchild_tui.store import Store


async def wait_for_autosave(pilot: Pilot[None], app: InnerChildApp) -> None:
    """Wait for the pause-in-typing autosave to fire, and its save to finish."""
    letters = app.query_one(LettersPane)
    await wait_until(pilot, lambda: not letters.autosave_pending, "the letter's autosave")
    await settle(pilot)  # the save request reaches the app, and its worker finishes


async def test_first_start_writes_a_new_file_with_the_starter_habits(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
    habits = [h["name"] for h in live(db_path, "habits")]
    assert len(habits) == 5
    assert "Rest without earning it" in habits
    assert db_path.stat().st_mode & 0o777 == 0o600


async def test_checkin_with_keys_is_saved_to_the_file(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7", "tab", "c", "a", "enter", "enter", "r", "e", "s", "t", "enter")
        await pilot.press("enter")  # empty need: on to the note
        await type_text(pilot, "long day")
        await pilot.press("ctrl+s")  # Enter in the note is a new line
        await settle(pilot)
        history = app.query_one("#checkin-history")
        assert history.option_count == 1  # type: ignore[attr-defined]
    (checkin,) = live(db_path, "checkins")
    assert checkin["mood"] == 7
    assert checkin["feelings"] == ["calm"]
    assert checkin["needs"] == ["rest"]
    assert checkin["note"] == "long day"
    assert checkin["day"] == "2026-11-24"


async def test_checkin_without_a_mood_is_not_saved(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert live(db_path, "checkins") == []


async def test_earlier_checkin_can_be_edited_and_removed(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4", "ctrl+s")
        await pilot.pause()
        app.query_one("#checkin-history").focus()
        await pilot.press("e", "8", "ctrl+s")
        await settle(pilot)
        (edited,) = live(db_path, "checkins")
        assert edited["mood"] == 8
        app.query_one("#checkin-history").focus()
        await pilot.press("d")
        await settle(pilot)
        assert live(db_path, "checkins") == []
        tombstone = read_file(db_path)["checkins"][edited["id"]]
        assert tombstone["deleted"] is True
        assert "note" not in tombstone
        await pilot.press("u")
        await settle(pilot)
    assert [c["mood"] for c in live(db_path, "checkins")] == [8]


async def test_a_habit_is_ticked_and_unticked_for_today(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "down", "space")
        await settle(pilot)
        habits = {h["id"]: h["name"] for h in live(db_path, "habits")}
        (done,) = live(db_path, "completions")
        assert habits[done["habit_id"]] == "Rest without earning it"
        assert done["id"] == f"{done['habit_id']}:2026-11-24"
        table = app.query_one(HabitsPane).table
        assert "done" in str(table.get_row_at(1)[1])
        await pilot.press("space")
        await settle(pilot)
    assert live(db_path, "completions") == []


async def test_habits_are_added_renamed_and_archived(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "a")
        await type_text(pilot, "Walk outside")
        await pilot.press("enter")
        await settle(pilot)
        assert "Walk outside" in [h["name"] for h in live(db_path, "habits")]
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "Walk by the river")
        await pilot.press("enter")
        await settle(pilot)
        names = [h["name"] for h in live(db_path, "habits")]
        assert "Walk by the river" in names
        assert "Walk outside" not in names
        await pilot.press("x")
        await settle(pilot)
        table = app.query_one(HabitsPane).table
        assert table.row_count == 5
    archived = [h for h in live(db_path, "habits") if h.get("archived")]
    assert [h["name"] for h in archived] == ["Walk by the river"]


async def test_streak_and_last_two_weeks_show_in_the_row(db_path: Path) -> None:
    clock = Clock(2026, 11, 24, 10, 0)
    store = Store.open(db_path, device="other", clock=clock)
    habit = store.habits.all()[0]
    for day in (20, 21, 23):  # the 22nd was missed: forgiven
        store.habit_days.set_done(habit["id"], pendulum_date(day), True)
    store.save()
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the figures are worked out in a worker, then shown
        row = app.query_one(HabitsPane).table.get_row_at(0)
        assert str(row[2]) == "3 days"
        assert str(row[3]).endswith("●●·●○")


def pendulum_date(day: int) -> object:
    from datetime import date

    return date(2026, 11, day)


async def test_comfort_items_are_added_used_removed_and_restored(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o", "a")
        await type_text(pilot, "Blue blanket")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space")
        await settle(pilot)
        (item,) = live(db_path, "comfort")
        assert item["name"] == "Blue blanket"
        assert item["used"] == ["2026-11-24"]
        await pilot.press("e", "ctrl+u")
        await type_text(pilot, "Soft blue blanket")
        await pilot.press("enter")
        await settle(pilot)
        assert live(db_path, "comfort")[0]["name"] == "Soft blue blanket"
        await pilot.press("d")
        await settle(pilot)
        assert live(db_path, "comfort") == []
        await pilot.press("u")
        await settle(pilot)
        assert app.query_one(ComfortPane).table.row_count == 1
    assert [i["name"] for i in live(db_path, "comfort")] == ["Soft blue blanket"]


async def test_a_letter_is_written_on_both_sides_and_autosaved(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")
        await type_text(pilot, "Dear little one, you are safe.")
        await pilot.press("ctrl+t")
        await type_text(pilot, "I missed you")
        await wait_for_autosave(pilot, app)
        (letter,) = live(db_path, "letters")
        assert letter["to_child"] == "Dear little one, you are safe."
        assert letter["from_child"] == "I missed you"
        await type_text(pilot, " so much")
        await pilot.press("ctrl+q")
    # Quitting mid-word loses nothing.
    (letter,) = live(db_path, "letters")
    assert letter["from_child"] == "I missed you so much"


async def test_quit_saves_the_last_keystrokes(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l")
        app.query_one("#to-child", TextArea).focus()
        await type_text(pilot, "every wor")
        await pilot.press("ctrl+q")
        await pilot.pause()
    (letter,) = live(db_path, "letters")
    assert letter["to_child"] == "every wor"


@pytest.mark.parametrize("summary", [False, True])
async def test_the_tab_title_names_the_mood_only_when_asked(db_path: Path, summary: bool) -> None:
    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 9, 0))
    store.checkins.add(3, ["sad"], note="a hard morning")
    store.save()
    app = build(db_path, tab_summary=summary)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        title = app._last_title
    if summary:
        assert title == "innerchild · mood 3 · 1/5 self-care"  # the check-in ticked its habit
    else:
        assert title == "innerchild"


async def test_the_panes_move_to_the_new_day_at_the_day_start_hour(db_path: Path) -> None:
    clock = Clock(2026, 11, 24, 23, 50)
    app = build(db_path, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "space")
        await pilot.pause()
        assert "done" in str(app.query_one(HabitsPane).table.get_row_at(0)[1])
        clock.now = clock.now.add(hours=2)  # 01:50: still the 24th (day starts at 04:00)
        app.check_for_new_day()
        assert app.current_day.isoformat() == "2026-11-24"
        clock.now = clock.now.add(hours=3)  # 04:50 on the 25th
        figured_on: list[threading.Thread] = []
        index = app.store._habit_index
        real_work_out = index.work_out

        def work_out(*args: Any) -> Any:
            figured_on.append(threading.current_thread())
            return real_work_out(*args)

        index.work_out = work_out  # type: ignore[method-assign]
        app.check_for_new_day()
        await settle(pilot)
        # The new day's streaks are worked out in a thread; the rows then read the caches.
        assert figured_on and figured_on[0] is not threading.main_thread()
        assert app.current_day.isoformat() == "2026-11-25"
        assert "done" not in str(app.query_one(HabitsPane).table.get_row_at(0)[1])
        assert "Wednesday 25 November" in app.sub_title


async def test_a_change_made_by_another_process_is_merged_in(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        other = Store.open(db_path, device="laptop")
        other.comfort.add("Warm tea")
        other.save()
        app.check_for_outside_changes()
        await settle(pilot)
        assert app.query_one(ComfortPane).table.row_count == 1
        await pilot.press("o", "a")
        await type_text(pilot, "Music")
        await pilot.press("enter")
        await settle(pilot)
    assert sorted(i["name"] for i in live(db_path, "comfort")) == ["Music", "Warm tea"]


async def test_an_outside_change_refreshes_only_the_panes_that_show_it(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        refreshed: list[str] = []
        for pane in app.query(Pane):

            def counting(pane: Pane = pane, original: Any = pane.refresh_from_store) -> None:
                refreshed.append(str(pane.id))
                original()

            pane.refresh_from_store = counting  # type: ignore[method-assign]
        other = Store.open(db_path, device="laptop")
        other.comfort.add("Warm tea")
        other.save()
        app.check_for_outside_changes()
        await settle(pilot)
        assert refreshed == ["comfort"]
        assert app.query_one(ComfortPane).table.row_count == 1


async def test_an_unreadable_file_is_explained_and_never_overwritten(db_path: Path) -> None:
    db_path.write_bytes(b'{"checkins": {"a": ')
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemScreen)
        assert str(db_path) in app.screen.message
        assert "Quit" in str(app.screen.query_one(QuietFooter).children[0].render())
        await pilot.press("escape")  # as q: the footer says how to leave
        await pilot.pause()
        assert app.return_code == 0
    assert db_path.read_bytes() == b'{"checkins": {"a": '


async def test_help_lists_every_pane_binding(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.help_rows()
        text = "\n".join(" ".join(row) for row in rows)
        assert ("Check-in", "0 1 2 3 4 5 6 7 8 9", "Set the mood: 1–9, and 0 for 10") in rows
        for words in (
            "Tick the highlighted habit",
            "Save this check-in",
            "Add a comfort item",
            "Start a new letter",
            "Every key",
        ):
            assert words in text, words


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_help_shows_every_row_whole_and_says_the_shared_keys_once(
    db_path: Path, size: tuple[int, int]
) -> None:
    """Every row's words are on the page, wrapped beside the keys and never cut off at
    the edge; the keys every screen shares (Tab, copying) are listed once."""
    app = build(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one(KeysList)
        lines = keys.plain_lines
        width = keys.scrollable_content_region.width
        assert lines and all(len(line.rstrip()) <= width for line in lines)
        words = " ".join(" ".join(lines).split())
        for _group, _keys, what in app.screen.help_rows():
            assert " ".join(what.split()) in words, what
        assert words.count("Copy the selected text") == 1 and "Focus Next" not in words
        await pilot.press("end")  # the keys scroll the list
        await pilot.pause()
        assert keys.scroll_y == keys.max_scroll_y > 0


async def test_the_help_opens_at_the_section_for_where_you_are(db_path: Path) -> None:
    """From the letters pane the keys open at "Letters", from the week at "Your week"
    (they opened at the top, "Anywhere", wherever ? was pressed)."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        for keys, section in ((["l"], "Letters"), (["escape", "W"], "Your week")):
            await pilot.press(*keys)
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            listed = app.screen.query_one(KeysList)
            top = listed.plain_lines[round(listed.scroll_y)]
            assert top.strip() == section, (section, top)
            await pilot.press("escape")
            await settle(pilot)


async def test_the_command_palette_offers_pane_actions(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "Habits: Add")

        def first_offered() -> str:  # the palette searches its providers in the background
            offered = app.screen.query_one(CommandList)
            return "" if offered.highlighted is None else str(offered.highlighted_option.prompt)

        await wait_until(pilot, lambda: "Habits: Add" in first_offered(), "Habits: Add offered")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Sing")
        await pilot.press("enter")
        await settle(pilot)
    assert "Sing" in [h["name"] for h in live(db_path, "habits")]


async def test_a_small_terminal_shows_one_pane_with_tabs(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.query_one(PaneTabs).display
        assert shown_panes(app) == ["checkin"]
        await pilot.press("h")
        await pilot.pause()
        assert shown_panes(app) == ["habits"]
        assert app.query_one(PaneTabs).active == "habits"


async def test_a_pane_can_be_maximised_and_restored(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "m")
        assert app.screen.maximized is app.query_one(HabitsPane)
        await pilot.press("m")
        assert app.screen.maximized is None


async def test_the_settings_theme_is_used_and_a_new_choice_is_kept(db_path: Path) -> None:
    app = build(db_path, theme="innerchild-gentle-light")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == "innerchild-gentle-light"
        app.theme = "innerchild-high-contrast"
        await pilot.pause()
    assert load_settings().theme == "innerchild-high-contrast"


async def test_welcome_can_put_the_data_file_in_a_synced_folder(
    db_path: Path, tmp_path: Path
) -> None:
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    app = build(db_path, show_welcome=True)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("down", "enter", *str(synced), "enter")
        await settle(pilot)
        assert app.store.path == synced / "innerchild.json"
    assert not db_path.exists()
    assert len(live(synced / "innerchild.json", "habits")) == 5
    settings = load_settings()
    assert settings.welcomed
    assert settings.data_file == str(synced / "innerchild.json")


async def test_welcome_can_be_skipped(db_path: Path) -> None:
    app = build(db_path, show_welcome=True)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, WelcomeScreen)
    assert db_path.exists()
    assert load_settings().welcomed


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_control_characters_in_a_paste_are_never_kept(
    db_path: Path, size: tuple[int, int]
) -> None:
    app = build(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("l")
        area = app.query_one("#to-child", TextArea)
        area.focus()
        area.insert("safe\x1b[2Jtext\x00 🌱 שלום\tend")
        await pilot.pause()
        await pilot.press("ctrl+q")
    (letter,) = live(db_path, "letters")
    assert letter["to_child"] == "safe[2Jtext 🌱 שלום\tend"


async def test_a_conflict_copy_found_at_start_is_merged_and_announced(db_path: Path) -> None:
    first = Store.open(db_path, device="desk")
    first.save()
    laptop = Store.open(db_path, device="laptop")
    laptop.comfort.add("Rain sounds")
    copy = db_path.parent / "innerchild.sync-conflict-20261124-213005-ABCDEF1.json"
    copy.write_bytes(laptop.payload())
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.query_one(ComfortPane).table.row_count == 1
        messages = [n.message for n in app._notifications]
        assert any("conflict copy" in m and copy.name in m for m in messages), messages
    assert not copy.exists()
    assert [i["name"] for i in live(db_path, "comfort")] == ["Rain sounds"]


async def begin_a_letter_the_laptop_then_changes(pilot: Pilot[None], db_path: Path) -> None:
    """A letter begun and autosaved here; then another computer saves its own words in it."""
    await pilot.press("l", "ctrl+n")
    await type_text(pilot, "Dear little one")
    await wait_for_autosave(pilot, pilot.app)  # type: ignore[arg-type]
    letter_id = pilot.app.query_one(LettersPane).letter_id
    assert letter_id is not None
    laptop = Store.open(db_path, device="laptop")
    laptop.letters.update(letter_id, to_child="Dear little one, from the laptop")
    laptop.save()


@pytest.mark.usefixtures("no_timed_checks")
async def test_a_letter_being_written_is_never_clobbered_by_another_computer(
    db_path: Path,
) -> None:
    # Only the check below looks for the laptop's change: a timed check that found it
    # before the typing (on a slow machine) would show it in the editor first.
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await begin_a_letter_the_laptop_then_changes(pilot, db_path)
        await type_text(pilot, ", I am here")
        app.check_for_outside_changes()
        await settle(pilot)
        assert app.query_one("#to-child", TextArea).text == "Dear little one, I am here"
        await pilot.press("ctrl+q")
    texts = sorted(letter["to_child"] for letter in live(db_path, "letters"))
    assert texts == ["Dear little one, I am here", "Dear little one, from the laptop"]


async def test_keys_typed_while_a_merge_is_in_flight_never_clobber_another_computer(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, no_timed_checks: None
) -> None:
    """What a busy machine did now and then to the test above, made certain.

    The timed check for outside changes starts its merge in a worker; the person types on
    before it finishes (held here until the keys are in). Both texts must be kept.
    """
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await begin_a_letter_the_laptop_then_changes(pilot, db_path)
        loop_thread = threading.current_thread()
        merging, release = threading.Event(), threading.Event()
        real_reload = Store.reload_if_changed

        def held_reload(self: Store, **options: Any) -> bool:
            if threading.current_thread() is not loop_thread:
                merging.set()
                release.wait(timeout=60)
            return real_reload(self, **options)

        monkeypatch.setattr(Store, "reload_if_changed", held_reload)
        app.check_for_outside_changes()  # nothing typed since the save: a merge in a worker
        await wait_until(pilot, merging.is_set, "the merge")
        await type_text(pilot, ", I am here")
        release.set()
        await settle(pilot)
        await pilot.press("ctrl+q")
    texts = sorted(letter["to_child"] for letter in live(db_path, "letters"))
    assert texts == ["Dear little one, I am here", "Dear little one, from the laptop"]


async def test_a_file_from_a_newer_version_opens_read_only_and_stays_untouched(
    db_path: Path,
) -> None:
    store = Store.open(db_path, device="future")
    store.save()
    data = read_file(db_path)
    data["meta"]["database"]["schema"] = 99
    db_path.write_text(json.dumps(data), encoding="utf-8")
    before = db_path.read_bytes()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "read-only" in app.sub_title
        await pilot.press("7", "ctrl+s", "h", "space")
        await settle(pilot)
        messages = " ".join(n.message for n in app._notifications)
        assert "newer innerchild-tui" in messages
        await pilot.press("ctrl+q")
    assert db_path.read_bytes() == before


async def test_resizing_while_a_dialog_is_open_adapts_the_dashboard_underneath(
    db_path: Path,
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert shown_panes(app) == ["checkin"]
        assert app.query_one(PaneTabs).display
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert shown_panes(app) == ["checkin", "comfort", "habits", "letters"]


async def test_while_hidden_nothing_private_can_appear(db_path: Path) -> None:
    from innerchild_tui.app.screens.hide import HideScreen

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HideScreen)
        app.notify("Removed “letter to my father”", timeout=600)  # not gone by itself
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, HideScreen)  # no palette listing names
        assert not any("father" in n.message for n in app._notifications)
        await pilot.press("f9")
        await pilot.pause()
        assert not isinstance(app.screen, HideScreen)
        assert any("father" in n.message for n in app._notifications)


async def test_the_history_follows_changes_merged_from_elsewhere(db_path: Path) -> None:
    from innerchild_tui.app.screens.history import HistoryScreen

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.checkins == []
        laptop = Store.open(db_path, device="laptop")
        laptop.checkins.add(6, note="from the laptop")
        laptop.save()
        app.check_for_outside_changes()
        await settle(pilot)
        assert [c["note"] for c in app.screen.checkins] == ["from the laptop"]
