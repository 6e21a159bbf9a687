"""Layout that uses the room: tables sized to their pane, a footer that fits, letters with
room to write, and a welcome that fits a small terminal. Asserts on widget regions."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import (
    SMALL,
    WIDE,
    Clock,
    build,
    calls_to,
    laid_out,
    settle,
    shown_panes,
    visible_text,
    wait_until,
)
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, OptionList
from textual.widgets._footer import FooterKey

from innerchild_tui import paths
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.screens.welcome import WelcomeScreen
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.store import Store

SIZES = [(80, 24), (100, 30), (120, 40)]
LONG_HABIT = "Say one kind thing to myself in the mirror each morning"
LONG_COMFORT = "A soft blanket and a cup of warm cocoa by the window"


@pytest.fixture
def seeded(db_path: Path) -> Path:
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    store.habits.add(LONG_HABIT)
    store.comfort.add(LONG_COMFORT, kind="activity")
    store.comfort.add("Colouring", kind="activity")
    store.save()
    return db_path


def assert_fits(table: DataTable[object]) -> None:
    """No column runs past the table's edge, and no column heading is cut."""
    room = table.scrollable_content_region.width
    assert table.virtual_size.width <= room, f"{table.id} is wider than its pane"
    for column in table.columns.values():
        shown = column.get_render_width(table) - 2 * table.cell_padding
        assert shown >= Text(str(column.label)).cell_len, f"{column.label} is cut"


def names(table: DataTable[object]) -> list[str]:
    return [str(table.get_row_at(row)[0]).strip(" ★") for row in range(table.row_count)]


def assert_cut_only_for_want_of_room(table: DataTable[object], long_name: str) -> None:
    """The long name is whole, or cut with … while the table has no cell to spare."""
    (shown,) = [name for name in names(table) if name.startswith(long_name[:5])]
    if shown != long_name:
        assert shown.endswith("…") and long_name.startswith(shown[:-1])
        assert table.virtual_size.width == table.scrollable_content_region.width


async def show(pilot: Pilot[None], key: str) -> DataTable[object]:
    await pilot.press(key)
    await laid_out(pilot)
    pane = pilot.app.screen.focused
    assert isinstance(pane, DataTable)
    return pane


@pytest.mark.parametrize("size", SIZES)
async def test_tables_fit_their_panes(seeded: Path, size: tuple[int, int]) -> None:
    app = build(seeded)
    async with app.run_test(size=size) as pilot:
        await laid_out(pilot)
        for key in ("h", "o"):
            table = await show(pilot, key)
            assert_fits(table)
            long_name = LONG_HABIT if key == "h" else LONG_COMFORT
            assert_cut_only_for_want_of_room(table, long_name)
            if size != (80, 24):  # the small screen already shows one pane at a time
                await pilot.press("m")
                await laid_out(pilot)
                assert_fits(table)
                assert_cut_only_for_want_of_room(table, long_name)
                if size == (120, 40):
                    assert long_name in names(table), "a maximised pane has room for it"
                await pilot.press("m")
                await laid_out(pilot)
                assert_fits(table)


async def test_a_table_fitted_anew_is_drawn_whole_before_it_next_goes_idle(
    seeded: Path,
) -> None:
    """A table fitted again (new figures, a tick, a resize) has each column as wide as its
    widest cell at once. On a busy machine the screen's next frame can come before the
    table's next idle moment, and a frame drawn then once cut every cell to its column's
    heading ("✓ don", "14 day", "Somet"), which stayed on screen."""
    from innerchild_tui.app.widgets.record_table import RecordTable

    app = build(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await laid_out(pilot)
        table = app.query_one(HabitsPane).table
        assert isinstance(table, RecordTable)
        rows = [
            ("a", (Text("Drink a glass of water"), Text("✓ done"), Text("14 days"))),
            ("b", (Text("Rest"), Text("○"), Text("2 days"))),
        ]
        table.show_records(
            [("name", "Habit"), ("today", "Today"), ("streak", "Streak")], rows, stretch="name"
        )
        # No await: nothing has had a chance to run since the table was filled.
        first_row = "".join(segment.text for segment in table.render_line(1))
        for cell in ("Drink a glass of water", "✓ done", "14 days"):
            assert cell in first_row, first_row


async def test_habit_names_use_the_room_of_a_wide_pane(seeded: Path) -> None:
    app = build(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(pilot)
        table = app.query_one(HabitsPane).table
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["Habit", "Today", "Streak", "Last two weeks", "Strength"]
        # More than the old fixed 25 columns; the name fills what the others leave.
        name_width = next(iter(table.columns.values())).get_render_width(table)
        assert name_width > 27
        assert table.virtual_size.width == table.scrollable_content_region.width


@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_always_shows_how_to_reach_help(
    seeded: Path, size: tuple[int, int]
) -> None:
    app = build(seeded)
    async with app.run_test(size=size) as pilot:
        await laid_out(pilot)
        for key in ("c", "h", "o", "l"):
            await pilot.press(key)
            await laid_out(pilot)
            footer = app.screen.query_one(Footer)
            keys = list(footer.query(FooterKey))
            palette = [k for k in keys if k.has_class("-command-palette")]
            (help_key,) = [k for k in keys if k.action == "help"]
            assert help_key.region.width > 0
            # Every key shows whole, left of the palette's key where there is room for it.
            room = palette[0].region.x if palette else footer.region.right
            for shown in keys:
                if shown not in palette:
                    assert shown.region.right <= room, f"{shown.description!r} cut after {key}"


# Every screen with a footer, and the keys that open it from the dashboard.
SCREENS_WITH_A_FOOTER = {
    "HistoryScreen": ["y"],
    "TherapyScreen": ["y", "t"],
    "ReviewScreen": ["W"],
    "SearchScreen": ["slash"],
    "SoothingScreen": ["ctrl+b"],
    "BreathingScreen": ["ctrl+b", "b"],
    "GroundingScreen": ["ctrl+b", "g"],
    "VisualizationScreen": ["ctrl+b", "v"],
    "TappingScreen": ["ctrl+b", "t"],
    "SupportScreen": ["ctrl+g"],
    "HabitCalendarScreen": ["h", "enter"],
}


def keys_cut(footer: Footer) -> list[str]:
    """The footer's keys that do not show whole (left of the palette's key, if shown)."""
    keys = list(footer.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    room = palette[0].region.x if palette else footer.region.right
    return [
        key.description
        for key in keys
        if key not in palette and (key.region.right > room or key.region.width == 0)
    ]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_no_screen_cuts_a_key_in_its_footer(seeded: Path, size: tuple[int, int]) -> None:
    # The breathing pacer has nine keys and the habit calendar eleven: at 80 columns they
    # do not all fit. The ones that do not are left out whole (help lists them all).
    app = build(seeded)
    async with app.run_test(size=size) as pilot:
        await laid_out(pilot)
        for name, keys in SCREENS_WITH_A_FOOTER.items():
            await pilot.press(*keys)
            await laid_out(pilot)
            screen = app.screen
            assert type(screen).__name__ == name
            footer = screen.query_one(Footer)
            assert keys_cut(footer) == [], name
            shown = [key.description for key in footer.query(FooterKey)]
            assert shown, name
            helps = [
                b for _, b, _, _ in screen.active_bindings.values() if b.action.endswith("help")
            ]
            if any(b.show for b in helps):
                assert "Keys" in shown, f"{name}: the key for help is left out"
            for _ in range(3):  # back to the dashboard (a practice goes back to its menu)
                if type(app.screen).__name__ == "DashboardScreen":
                    break
                await pilot.press("escape")
                await laid_out(pilot)


async def test_each_voice_has_room_while_writing_at_120x40(seeded: Path) -> None:
    app = build(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(pilot)
        # All four panes share the screen, each with room to be used.
        for pane in app.query(Pane):
            assert pane.region.width >= 40 and pane.region.height >= 10, pane.id
        app.query_one("#to-child", VoiceArea).focus()
        await laid_out(pilot)
        for voice in app.query("#to-child, #from-child").results(VoiceArea):
            assert voice.content_region.width >= 36, voice.id
        await pilot.press(*"dear one", "escape")
        await laid_out(pilot)
        letters = app.query_one("#letters", Pane)
        if letters.has_focus_within:  # Esc is about the text; the room stays while writing
            assert app.screen.maximized is letters
        app.action_focus_pane("habits")
        await laid_out(pilot)
        assert app.screen.maximized is None
        for pane in app.query(Pane):
            assert pane.region.width >= 40, pane.id


async def test_writing_keeps_the_room_given_back_with_m(seeded: Path) -> None:
    app = build(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(pilot)
        app.query_one("#to-child", VoiceArea).focus()
        await laid_out(pilot)
        assert app.screen.maximized is not None
        app.action_toggle_maximize()
        await laid_out(pilot)
        app.query_one("#from-child", VoiceArea).focus()
        await laid_out(pilot)
        assert app.screen.maximized is None


async def test_a_letter_being_written_takes_the_room_again_after_a_small_terminal(
    seeded: Path,
) -> None:
    """Made small (one pane at a time) and wide again while writing, the dashboard came
    back with four panes and the voices about 21 columns wide each."""
    app = build(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(pilot)
        voice = app.query_one("#to-child", VoiceArea)
        voice.focus()
        await laid_out(pilot)
        letters = app.query_one("#letters", Pane)
        assert app.screen.maximized is letters
        await pilot.resize_terminal(80, 24)
        await laid_out(pilot)
        assert app.screen.maximized is None and letters.has_class("-alone")
        await pilot.resize_terminal(120, 40)
        await laid_out(pilot)
        assert app.focused is voice and app.screen.maximized is letters
        assert voice.content_region.width >= 36


async def test_a_wide_screen_leaves_the_letters_where_they_are(seeded: Path) -> None:
    app = build(seeded)
    async with app.run_test(size=(200, 50)) as pilot:
        await laid_out(pilot)
        app.query_one("#to-child", VoiceArea).focus()
        await laid_out(pilot)
        assert app.screen.maximized is None
        for voice in app.query("#to-child, #from-child").results(VoiceArea):
            assert voice.content_region.width >= 36, voice.id


@pytest.mark.parametrize("size", SIZES)
async def test_the_welcome_fits(size: tuple[int, int]) -> None:
    # The default place, as a first run offers it: ~/.local/share/innerchild/…
    db_path = paths.default_data_file()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    app = build(db_path, show_welcome=True)
    async with app.run_test(size=size) as pilot:
        await laid_out(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        dialog = app.screen.query_one(".welcome")
        for _ in range(2):  # as it opens, and with the folder field shown
            assert app.screen.region.contains_region(dialog.region)
            assert dialog.max_scroll_y == 0, "part of the welcome is cut off"
            for child in dialog.children:
                if child.display:
                    assert dialog.content_region.contains_region(child.region), child
            app.screen.query_one(OptionList).highlighted = 1
            await pilot.press("enter")
            await laid_out(pilot)


async def test_a_dialog_over_a_letter_leaves_its_room_alone(seeded: Path) -> None:
    app = build(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(pilot)
        letters = app.query_one("#letters", Pane)
        app.query_one("#to-child", VoiceArea).focus()
        await laid_out(pilot)
        assert app.screen.maximized is letters
        await pilot.press("ctrl+b")  # soothing, from anywhere
        await laid_out(pilot)
        assert app.screen_stack[0].maximized is letters
        app.pop_screen()
        await laid_out(pilot)
        assert app.screen.maximized is letters


async def test_the_footer_is_built_again_only_when_its_keys_change(db_path: Path) -> None:
    """Moving between the fields of one pane leaves the footer's keys as they were (not
    built again); moving to another pane shows that pane's keys.

    Counted, not timed: each focus move asks the footer to rebuild a frame or two later, so
    the test counts the rebuilds over the whole walk. Textual's own footer rebuilds once per
    move; this one once for the fields' keys, once for the pane's own (Esc leaves the field
    for the mood picker) and once for the next pane's.
    """
    from textual.widgets import Input

    from innerchild_tui.app.panes.checkin import CheckinPane

    app = build(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        rebuilds = calls_to(footer, "recompose")

        def shown() -> list[str]:
            return [key.description for key in footer.query(FooterKey)]

        fields = list(app.query_one(CheckinPane).query(Input))
        assert len(fields) >= 3
        for field in fields:
            field.focus()
            await wait_until(pilot, lambda field=field: app.focused is field, "the focus move")
        await wait_until(pilot, lambda: "Save check-in" in shown(), "the check-in's keys")
        await pilot.press("escape", "h")
        await wait_until(pilot, lambda: "Save check-in" not in shown(), "the habits' keys")
        await settle(pilot)
        assert 1 <= len(rebuilds) <= 3, rebuilds


async def test_the_focused_pane_alone_is_drawn_focused_and_follows_the_theme(
    db_path: Path,
) -> None:
    """The pane holding the focus has the theme's primary border and bold title, the others
    the quiet border; a pane key moves that, and a new theme redraws it in its primary.
    The check-in's word picker shows its words while the focus is in it."""
    from textual.color import Color

    from innerchild_tui.app.panes.checkin import CheckinPane
    from innerchild_tui.app.widgets.word_picker import WordPicker

    def drawn(pane: Pane) -> tuple[Color, Color, bool]:
        variables = pane.app.get_css_variables()
        primary = Color.parse(variables["primary"])
        return pane.styles.border_top[1], primary, pane.styles.border_title_style.bold is True

    app = build(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        checkin, habits = app.query_one(CheckinPane), app.query_one(HabitsPane)
        border, primary, bold = drawn(checkin)
        assert border == primary and bold
        border, primary, bold = drawn(habits)
        assert border != primary and not bold
        feelings = app.query(WordPicker).first()
        feelings.input.focus()
        await pilot.pause()
        assert feelings.has_class("-open")  # its words to pick from show
        await pilot.press("escape", "h")
        await pilot.pause()
        assert not feelings.has_class("-open")
        assert drawn(habits)[0] == drawn(habits)[1]
        assert drawn(checkin)[0] != drawn(checkin)[1]
        app.theme = "innerchild-gentle-light"
        await pilot.pause()
        border, primary, bold = drawn(habits)
        assert border == primary and bold
        assert drawn(checkin)[0] != primary


async def test_the_same_size_again_lays_nothing_out_and_a_new_one_still_does(
    db_path: Path,
) -> None:
    """Textual sends the terminal's size more than once (at every start, two or three
    times), laying the whole screen out again each time: the dashboard lays itself out once
    per size. Resized away and back while a dialog is open, it is still laid out for the
    size it is shown at when the dialog closes."""
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        layouts = calls_to(dashboard, "_refresh_layout")
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert layouts == []
        await pilot.press("question_mark")
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert layouts  # laid out underneath the dialog, for each new size
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dashboard
        assert shown_panes(app) == ["checkin", "comfort", "habits", "letters"]
        right = max(pane.region.right for pane in dashboard.query(Pane))
        assert right == WIDE[0]


async def test_a_refresh_from_the_store_that_changes_nothing_lays_nothing_out(
    db_path: Path,
) -> None:
    """Every merge of another computer's change refreshes the check-in pane. Its word
    pickers and today's list are put on screen again only when what they show changed:
    each such update laid the whole screen out again (tens of ms at ten years)."""
    from innerchild_tui.app.panes.checkin import CheckinPane

    store = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 8, 0))
    store.checkins.add(6, note="a morning walk")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await laid_out(pilot)
        pane = app.query_one(CheckinPane)
        history = pane.query_one("#checkin-history", OptionList)
        layouts = calls_to(app.screen, "_refresh_layout")
        pane.refresh_from_store()
        await laid_out(pilot)
        assert layouts == []
        app.store.checkins.add(4, note="a hard afternoon")
        pane.refresh_from_store()
        await laid_out(pilot)
        assert history.option_count == 2  # a new line for today: the list is shown again
        assert "4" in str(history.get_option_at_index(0).prompt)
        # ... in its own place: the list's size is its CSS's, so only the list repaints.
        assert layouts == []
        newest = "".join(str(history.get_option_at_index(0).prompt).split())
        assert newest in "".join(visible_text(app).split())
        # More lines than it has room for: its scrollbar comes, with a layout of its own.
        while history.virtual_size.height <= history.scrollable_content_region.height:
            app.store.checkins.add(5, note="another breath")
            pane.refresh_from_store()
            await laid_out(pilot)
        assert history.show_vertical_scrollbar and layouts
        assert history.max_scroll_y == (
            history.virtual_size.height - history.scrollable_content_region.height
        )
