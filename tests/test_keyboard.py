"""The keyboard model of docs/keys.md, played as a person plays it.

Esc always leaves a text field; a pane key lands on the pane's list or first control,
never inside free text; single-letter keys never type into a field the person did not
enter; the small terminal's one-pane layout survives every Esc; keys named anywhere
follow the keymap.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from apphelpers import SMALL, WIDE, build, live, settle, shown_panes, type_text
from textual.widgets import Input, TextArea

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes import PANE_ORDER, Pane
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.screens.habit_calendar import HabitCalendarScreen
from innerchild_tui.app.screens.help import HelpScreen
from innerchild_tui.app.screens.history import HistoryScreen
from innerchild_tui.app.screens.review import ReviewScreen
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.app.widgets.word_picker import WordInput
from innerchild_tui.config import Settings


def text_fields(pane: Pane) -> list[Input | TextArea]:
    return [
        field
        for field in pane.query("Input, TextArea").results()
        if isinstance(field, Input | TextArea) and field.focusable and field.region.area > 0
    ]


async def test_esc_leaves_every_text_field_of_every_pane(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")  # a letter open, so its fields are shown
        await pilot.press("escape", "escape")  # out of the letter, and its room given back
        await pilot.pause()
        assert app.screen.maximized is None
        tried = 0
        for pane in app.query(Pane):
            for field in text_fields(pane):
                field.focus()
                await pilot.pause()
                assert app.focused is field
                await pilot.press("escape")
                await pilot.pause()
                assert not isinstance(app.focused, Input | TextArea), field.id
                assert app.focused is not None and pane in app.focused.ancestors, field.id
                tried += 1
        assert tried >= 8  # check-in words and note, comfort search, letter title, age, voices


async def test_esc_then_a_single_key_is_a_command_not_a_letter(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n", *"dear little one")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        letters = app.query_one(LettersPane)
        assert letters.query_one("#to-child", TextArea).text == "dear little one"
        await pilot.press("q")
        await pilot.pause()
    assert [letter["to_child"] for letter in live(db_path, "letters")] == ["dear little one"]


async def test_pane_keys_land_on_lists_and_never_in_text(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n", *"to you")
        await pilot.press("escape")
        for key in ("c", "h", "o", "l"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.focused, Input | TextArea), key
        # From the letters list, m maximises the pane and ? opens the keys: nothing typed.
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.maximized is app.query_one(LettersPane)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # not in a field: the pane gives the room back
        await pilot.pause()
        assert app.screen.maximized is None
        assert app.query_one("#to-child", TextArea).text == "to you"
        # Enter on the list goes into the letter, to write on.
        await pilot.press("l", "enter")
        await pilot.pause()
        assert app.focused is app.query_one("#to-child", TextArea)


async def test_arriving_in_a_field_keeps_its_words(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("l", "ctrl+n")
        title = app.query_one("#letter-title", Input)
        title.focus()
        await pilot.press(*"For you")
        await pilot.press("escape", "l", "enter")  # back into the voice
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab")  # the age, then the title
        await pilot.pause()
        assert app.focused is title
        await pilot.press("!")
        await pilot.pause()
        assert title.value == "For you!"


async def test_the_one_pane_layout_survives_every_esc(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert shown_panes(app) == ["checkin"]
        await pilot.press("escape", "escape", "l", "escape", "escape")
        await pilot.pause()
        assert shown_panes(app) == ["letters"]
        await pilot.press("ctrl+n", *"hi", "escape", "escape", "h", "escape")
        await pilot.pause()
        assert shown_panes(app) == ["habits"]
        await pilot.press("ctrl+p")  # the palette's own Esc, too
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert shown_panes(app) == ["habits"]


async def test_a_remapped_key_shows_everywhere(db_path: Path) -> None:
    settings = Settings(keymap={"pane.habits": "j", "edit.undo": "ctrl+z"})
    app = build(db_path, settings=settings)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        habits = app.query_one(HabitsPane)
        assert str(habits.border_title).endswith("· j")
        assert "[b]j[/] Habits" in str(app.query_one("PaneTabs").render())
        await pilot.press("j")
        await pilot.pause()
        assert shown_panes(app) == ["habits"]
        await pilot.press("question_mark")
        await pilot.pause()
        rows = app.screen.help_rows() if isinstance(app.screen, HelpScreen) else []
        keys = {what: key for _group, key, what in rows}
        assert keys["Go to the self-care habits"] == "j"
        assert keys["Take back the last change: anything removed, a habit's day"] == "^z"


async def test_help_lists_every_screen(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        groups = {group for group, _keys, _what in app.screen.help_rows()}
    expected = {title for _id, title, _key in PANE_ORDER} | {
        "Anywhere",
        "Habit calendar",
        "History",
        "Soothing",
        "Breathing",
        "Grounding",
        "Support",
    }
    assert expected <= groups


def test_the_calendar_and_the_list_share_keys_for_the_same_acts() -> None:
    def keys(
        owner: type[HabitsPane] | type[HabitCalendarScreen] | type[InnerChildApp], act: str
    ) -> set[str]:
        bindings = owner._merge_bindings().key_to_bindings
        return {key for key, found in bindings.items() for b in found if b.action == act}

    for list_act, calendar_act in (
        ("tick", "done"),
        ("partial", "partial"),
        ("rest", "rest"),
        ("note", "note"),
    ):
        assert keys(HabitsPane, list_act) == keys(HabitCalendarScreen, calendar_act), list_act
    # Undo is the app's, one for every pane and screen; the calendar's is the same key.
    assert keys(InnerChildApp, "undo") == keys(HabitCalendarScreen, "undo") == {"u"}


async def test_pane_keys_do_nothing_over_the_calendar(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HabitCalendarScreen)
        await pilot.press("c", "m", "l")
        await pilot.pause()
        assert isinstance(app.screen, HabitCalendarScreen)
        assert app.screen_stack[0].maximized is None


async def test_a_key_typed_in_one_burst_with_a_pane_key_acts_in_the_new_pane(
    db_path: Path,
) -> None:
    """A paste, a macro or a quick typist sends a pane key and the next key together: the
    next key acts in the pane just reached, never in the one left (a space meant for
    Comfort ticked the habit highlighted in Habits, and the tick was saved)."""
    from innerchild_tui.store import Store

    store = Store.open(db_path, device="seed")
    store.comfort.add("Warm tea")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "down")
        ticks = len(live_ticks(app))
        await type_text(pilot, "o ")  # the pane key and a space, in one burst
        await settle(pilot)
        assert app.focused is app.query_one("#comfort-table")
        assert len(live_ticks(app)) == ticks  # no habit ticked
        (tea,) = app.store.comfort.all()
        assert tea.get("used")  # the space used the comfort item
    app = build(db_path)
    async with app.run_test(size=SMALL) as pilot:  # one pane at a time
        await pilot.press("c")
        await type_text(pilot, "ol")
        await settle(pilot)
        assert shown_panes(app) == ["letters"]
        assert app.focused is app.query_one("#letters-list")


def live_ticks(app: object) -> list[dict[str, object]]:
    return [r for r in app.store._completion_records() if not r.get("deleted")]  # type: ignore[attr-defined]


# Keys that come in one burst (a macro, keys pasted into tmux, a quick typist over ssh) --
def burst(app: InnerChildApp, *keys: str) -> None:
    """``keys`` as a terminal sends them in one read: all in the app's queue before the
    first is acted on (Pilot's own presses wait for each key to be done)."""
    from textual import events
    from textual.keys import _character_to_key

    characters = {"tab": "\t", "enter": "\r", "escape": "\x1b", "space": " "}
    for key in keys:
        character = key[-1] if key.startswith("alt+") else characters.get(key)
        if len(key) == 1:
            key, character = _character_to_key(key), key
        app.post_message(events.Key(key, character))


async def test_the_nine_key_check_in_sent_in_one_burst_saves_all_it_says(db_path: Path) -> None:
    """Textual hands a key to the widget focused when the app takes it, and Tab moves the
    focus only once it is back up at the bindings: sent at once, every key after the first
    Tab went to the mood, and the check-in kept the mood alone."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        burst(app, "c", "7", "tab", "c", "enter", "tab", "r", "enter", "ctrl+s")
        await settle(pilot)
        [checkin] = app.store.checkins.all(app.store.today())
        assert (checkin["mood"], checkin["feelings"], checkin["needs"]) == (7, ["calm"], ["rest"])


async def test_tab_then_words_in_one_burst_go_where_the_focus_went(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("c", "tab")  # the feeling field
        burst(app, "tab", "x", "y")
        await settle(pilot)
        feeling, need = app.query(WordInput)[:2]
        assert (feeling.value, need.value, app.focused) == ("", "xy", need)


async def test_esc_and_a_pane_key_read_as_alt_leave_a_letter_untouched(db_path: Path) -> None:
    """A terminal sends Esc and a key pressed just after it as Alt and that key: "alt+h"
    typed an h into the letter Esc was meant to leave."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("l", "ctrl+n")
        await settle(pilot)
        burst(app, "d", "e", "a", "r", "alt+h", "space")
        await settle(pilot)
        letters = app.query_one(LettersPane)
        assert letters.query_one("#to-child", TextArea).text == "dear"
        assert isinstance(app.focused, RecordTable) and app.focused.id == "habits-table"
        assert "done" in str(app.query_one(HabitsPane).table.get_row_at(0)[1])


async def test_what_enter_sets_off_happens_before_the_keys_after_it(db_path: Path) -> None:
    """Enter adds a feeling and empties the field, or runs a palette command: each a
    message after the key. Sent in one burst, the next word lost its first letter (the
    field was emptied after it was typed), and Left went to the palette, not the week."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        burst(app, "c", "6", "tab", *"calm", "enter", *"tired", "enter", "tab")
        burst(app, *"rest", "enter", *"quiet", "enter", "ctrl+s")
        await settle(pilot)
        [checkin] = app.store.checkins.all(app.store.today())
        assert (checkin["feelings"], checkin["needs"]) == (["calm", "tired"], ["rest", "quiet"])
        burst(app, "ctrl+p", *"your week", "enter", "left")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.asked == app.current_day - timedelta(weeks=1)
