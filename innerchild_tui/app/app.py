"""The dashboard app: four panes over one store."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pendulum
from platformdirs import user_downloads_path
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.widgets.input import Selection
from textual.worker import Worker, WorkerState

from innerchild_tui.app.bindings import APP_BINDINGS
from innerchild_tui.app.collector import QuietCollector, forget_widgets_painted
from innerchild_tui.app.commands import ActionsProvider
from innerchild_tui.app.door import Door
from innerchild_tui.app.key_order import KeysInOrder
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.layout import Layout
from innerchild_tui.app.messages import DataChanged, ExternalChangeMerged, RecordRemoved
from innerchild_tui.app.panes import Pane
from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.panes.comfort import ComfortPane
from innerchild_tui.app.panes.habits import HabitsPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.saver import SAVE_MARKS, Saver
from innerchild_tui.app.screens.problem import ProblemScreen
from innerchild_tui.app.settings_keeper import SettingsKeeper
from innerchild_tui.app.summary import SUMMARY_TABLES, today_summary
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.themes import (
    THEME_VARIABLE_DEFAULTS,
    bundled_themes_dir,
    load_themes,
)
from innerchild_tui.app.undo import Undoable, UndoLog
from innerchild_tui.app.widgets.pane_tabs import PaneTabs
from innerchild_tui.app.widgets.quiet import QuietFooter, QuietHeader
from innerchild_tui.app.widgets.steady import SteadyBackground
from innerchild_tui.config import DEFAULT_THEME, Settings
from innerchild_tui.domain.letters import named
from innerchild_tui.domain.records import record_count
from innerchild_tui.paths import user_themes_dir
from innerchild_tui.store import Store, StoreError, crypto
from innerchild_tui.store.errors import command_for

DAY_CHECK_SECONDS = 20.0
EXTERNAL_CHECK_SECONDS = 1.0  # a stat in a worker, about 1.3 ms of CPU a look
CONFLICT_CHECK_SECONDS = 10.0
COLLECTOR_CHECK_SECONDS = 1.0
# What a merge says of a letter a removal and new words met in (words, title).
LETTER_CAME_BACK = (
    " was removed here, but words were written in it on another computer meanwhile, so it "
    "is back with them. You can remove it again.",
    "A letter came back",
)
LETTER_KEPT = (
    " was removed on another computer while words were being written in it here. It is "
    "kept, with them.",
    "Your words are kept",
)
SIGNAL_EXIT_GRACE_SECONDS = 5.0  # after saving, a clean exit gets this long (a dead tty can hang)
READ_ONLY = "Read-only"  # the title of what is said about it
READ_ONLY_SECONDS = 20.0  # why the file is read-only, said once
READ_ONLY_REMINDER_SECONDS = 5.0  # a short word when something was refused after that


class DashboardScreen(SteadyBackground, Screen[None]):
    """The four panes. It adapts its layout whenever its size changes, and when it comes
    back from under a dialog during which the terminal may have been resized."""

    _laid_out_for: Size | None = None

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._laid_out_for:
            # Textual sends a start-up's size two or three times over, and lays the whole
            # screen out again for each: the same size needs nothing new.
            event.prevent_default()
            return
        self._laid_out_for = event.size
        self.call_after_refresh(self._adapt)

    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            # Textual restyles the whole screen at every resume; the first comes straight
            # after every widget was styled as it mounted. It lays the screen out for the
            # terminal's size, which the start-up's resize events then send again.
            self._resumed = True
            event.refresh_styles = False
            self._laid_out_for = self.app.size
        self.call_after_refresh(self._adapt)

    def _adapt(self) -> None:
        app = self.app
        if isinstance(app, InnerChildApp) and app.is_running:
            app.adapt_layout()


def _unselect_on_arrival(field: Input) -> None:
    if field.has_focus and field.value and field.selection == Selection(0, len(field.value)):
        field.selection = Selection.cursor(len(field.value))


class InnerChildApp(App[None]):
    """Check-in, habits, comfort and letters, kept open all day."""

    CSS_PATH = ["app.tcss", "letters.tcss"]
    TITLE = "innerchild"
    # Esc belongs to the person: it leaves a text field (see action_leave_field). Textual's
    # own "Esc minimises" would also undo the one-pane layout of a small terminal.
    ESCAPE_TO_MINIMIZE = False
    ALLOW_IN_MAXIMIZED_VIEW = "Footer, PaneTabs, Header"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    # The sub-title is the day and the save state, set on every save: the header (and the
    # letters pane) watch it and repaint their own line. Textual's own repaints the screen.
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(
        self,
        db_path: Path,
        *,
        settings: Settings,
        device: str,
        clock: Callable[[], pendulum.DateTime] | None = None,
        show_welcome: bool = False,
        secret: crypto.Secret | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.device = device
        self.clock = clock
        self.show_welcome = show_welcome
        self.problem: str | None = None
        # The file is encrypted and not unlocked yet: the unlock screen shows, and nothing
        # is read or written until it is.
        self.locked = False
        self.door = Door(self)
        self.store: Store = self.door.open(db_path, secret)
        self.current_day: date = self.store.today()
        self.saver = Saver(self)
        self.layout = Layout(self)
        self.undo_log = UndoLog()  # one for the whole app: u takes back the newest
        self.keys_in_order = KeysInOrder(self)
        self.on_this_day_put_away: date | None = None  # the day "on this day" was put away
        self._linked_ticks_seen = 0
        # The letter open in the editor (set by the letters pane), which a merge keeps in
        # place: editor state is the app's, and the store is told it at each merge.
        self.letter_in_hand: str | None = None
        self._last_title = ""
        self._welcome_pending = show_welcome
        self._dashboard_ready = False
        self._held_notifications: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self._stopping_for_signal = False
        # The read-only reason told: said once, not at every refused key or autosave.
        self.read_only_told: str | None = None
        self.settings_keeper = SettingsKeeper(self)
        self._theme_problems = self._choose_theme()
        self.collector = QuietCollector()
        self.panes: tuple[Pane, ...] = ()  # the dashboard's four, once composed
        self.pane_asked_for: Pane | None = None  # by its key, last

    # The data file --------------------------------------------------------------------
    def switch_database(self, db_path: Path) -> None:
        """Use another data file (chosen on the welcome screen)."""
        self.problem = None
        self.store = self.door.open(db_path)
        self.current_day = self.store.today()
        if self.problem:
            self.push_screen(ProblemScreen(self.problem))
            return
        if self.locked:
            self.door.ask_to_open()
            return
        self.refresh_panes()
        self.request_save()

    # Layout ---------------------------------------------------------------------------
    def pop_screen(self) -> AwaitComplete:
        """Close the screen on top, and let go of what Textual remembers of the widgets it
        painted (see app/collector.py)."""
        closed = super().pop_screen()
        forget_widgets_painted()
        return closed

    def compose(self) -> ComposeResult:
        yield QuietHeader()
        yield PaneTabs()
        checkin, comfort = CheckinPane(id="checkin"), ComfortPane(id="comfort")
        habits, letters = HabitsPane(id="habits"), LettersPane(id="letters")
        self.panes = (checkin, comfort, habits, letters)
        with Horizontal(id="dashboard"):
            with Vertical(id="left-column"):
                yield checkin
                yield comfort
            with Vertical(id="right-column"):
                yield habits
                yield letters
        yield QuietFooter()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def _choose_theme(self) -> list[str]:
        """Register the themes and take the person's own, before the first CSS is built
        (a theme set after mounting rebuilds every style once more). Returns problems."""
        themes, problems = load_themes(bundled_themes_dir(), user_themes_dir())
        for theme in themes:
            self.register_theme(theme)
        wanted = self.settings.theme
        if wanted not in self.available_themes:
            problems.append(f"The theme “{wanted}” was not found; using the calm dark one.")
            wanted = DEFAULT_THEME
        self.theme = wanted
        return problems

    def refresh_css(self, animate: bool = True) -> None:
        """As Textual's, but the one call the theme set in ``__init__`` queues is skipped
        while no screen is there yet: it parsed the app's style sheets in a stylesheet of
        its own and threw the parse away, so every sheet was parsed twice at each start
        (about 7 ms). The theme's variables are set, so the first parse uses them."""
        if not self.screen_stack:
            self.stylesheet.set_variables(self.get_css_variables())
            return
        super().refresh_css(animate)

    def on_load(self) -> None:
        self.collector.pause_until_first_frame()  # (on again at the first frame)

    def on_mount(self) -> None:
        for problem in (*self._theme_problems, *self.settings.problems):
            self.notify(problem, title="Settings", severity="warning", timeout=8)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
            for pane in self.panes:
                pane.show_title()  # titles and tabs name the person's own keys
        self.refresh_panes()
        # The first frame shows today's check-in and habits; comfort and letters fill in.
        for pane in self.panes:
            if not pane.filled:
                self.call_after_refresh(self.run_worker, pane.fill)
        self.call_after_refresh(self.collector.after_first_frame)
        self.set_interval(COLLECTOR_CHECK_SECONDS, self.collector.check)
        self.query_one(CheckinPane).focus_main()
        self.set_interval(DAY_CHECK_SECONDS, self.check_for_new_day)
        self.set_interval(EXTERNAL_CHECK_SECONDS, self.check_for_outside_changes)
        self.set_interval(CONFLICT_CHECK_SECONDS, self.tend_the_file)
        self.tell_read_only()
        if set_aside := self.store.set_aside():
            one = sum(set_aside.values()) == 1
            what = " and ".join(record_count(table, n) for table, n in set_aside.items())
            self.notify(
                f"{what} in your file could not be read as written, so "
                f"{'it is' if one else 'they are'} not shown here. Nothing was lost: the "
                f"file keeps {'it exactly as it is' if one else 'them exactly as they are'}, "
                f"and `{command_for(self.store.path, 'doctor')}` says what is wrong.",
                title="Kept as written",
                timeout=20,
            )
        if self.problem:
            self.push_screen(ProblemScreen(self.problem))
        elif self.locked:
            self.door.ask_to_open()
        elif self._welcome_pending:
            from innerchild_tui.app.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.store.path), self._welcome_done)
        elif self.store.is_new:
            self.request_save()
        else:
            self.call_after_refresh(self.tend_the_file)  # after the first frame
        self._dashboard_ready = True
        self.adapt_layout()
        self._install_signal_handlers()

    def _welcome_done(self, chosen: Path | None) -> None:
        self._welcome_pending = False
        data_file = str(chosen) if chosen is not None else self.settings.data_file
        self.settings = replace(self.settings, welcomed=True, data_file=data_file)
        self.settings_keeper.save_now()
        if chosen is not None and chosen != self.store.path:
            self.switch_database(chosen)
        else:
            self.request_save()

    def shows_on_this_day(self, day: date) -> bool:
        """Whether "on this day" is shown for ``day``: not when turned off in the
        settings, nor once put away that day (the history and the review alike)."""
        return self.settings.on_this_day and self.on_this_day_put_away != day

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme and self._dashboard_ready:
            self.settings = replace(self.settings, theme=theme)
            if self.settings.welcomed or not self._welcome_pending:
                self.settings_keeper.keep()
        if self._dashboard_ready:
            self.refresh_panes()  # colours drawn into cells follow the theme
        self.layout.theme_changed()

    def get_default_screen(self) -> Screen[None]:
        return DashboardScreen(id="_default")

    @property
    def compact(self) -> bool:
        return self.layout.compact

    def adapt_layout(self) -> None:
        self.layout.adapt()

    def active_pane(self) -> Pane:
        return self.layout.active_pane()

    def on_descendant_blur(self) -> None:
        self.layout.show_focused_pane()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.layout.show_focused_pane()
        if self._dashboard_ready:
            self.query_one(PaneTabs).active = self.active_pane().id or ""
            self.layout.room_for_writing()
        if isinstance(event.widget, Input):
            # Arriving in a field (Tab, shift+Tab) must not select its words: the next key
            # would replace them all. The cursor goes to the end instead.
            self.call_after_refresh(_unselect_on_arrival, event.widget)

    # Actions --------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.heard_input()  # its walk over everything waits for a long quiet
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif event.is_forwarded:  # back up from the widget it was handed to
            await super().on_event(event)
            self.keys_in_order.acted_on(event)
        elif not self.screen_stack:  # (closing: a key that waited comes too late)
            return
        elif not self.keys_in_order.wait(event):  # from the terminal: one at a time
            event = self.keys_in_order.escape_first(event)
            target = self.focused or self.screen
            await super().on_event(event)
            self.keys_in_order.handed(event, target)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Pane keys and maximise mean nothing over another screen (the calendar, history).
        if isinstance(self.screen, ProblemScreen):  # nothing is open to act on
            return action in ("quit", "hide", "help", "command_palette")
        if self.locked or self.door.asking:  # only quitting and hiding at the door
            return action in ("quit", "hide")
        on_dashboard = self.screen is self.screen_stack[0]
        return on_dashboard or action not in ("focus_pane", "toggle_maximize", "search")

    def action_focus_pane(self, pane_id: str) -> None:
        pane = self.query_one(f"#{pane_id}", Pane)
        self.layout.bring_forward(pane)
        pane.focus_main()
        self.query_one(PaneTabs).active = pane_id

    def action_toggle_maximize(self) -> None:
        if self.compact:
            self.notify("The screen is small, so one pane is shown at a time.", timeout=3)
            return
        if self.screen.maximized is not None:
            self.layout.give_room_back()
        else:
            self.screen.maximize(self.active_pane(), container=False)

    def action_leave_field(self) -> None:
        """Esc: out of a text field (to its pane's list or first control); else give a
        maximised pane its place back."""
        focused = self.screen.focused
        if isinstance(focused, Input | TextArea):
            pane = next((node for node in focused.ancestors if isinstance(node, Pane)), None)
            if pane is not None:
                pane.focus_main()
            else:
                self.screen.set_focus(None)
        elif self.screen.maximized is not None and not self.screen.has_class("-compact"):
            self.layout.give_room_back()

    def action_help(self) -> None:
        from innerchild_tui.app.keys import group_here
        from innerchild_tui.app.screens.help import HelpScreen

        self.push_screen(HelpScreen(start_at=group_here(self)))

    def action_history(self) -> None:
        from innerchild_tui.app.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_review(self) -> None:
        from innerchild_tui.app.screens.review import ReviewScreen

        if not self._hidden() and not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_search(self) -> None:
        from innerchild_tui.app.screens.search import SearchScreen

        if not self._hidden():
            self.push_screen(SearchScreen())

    def _hidden(self) -> bool:
        from innerchild_tui.app.screens.hide import HideScreen

        return any(isinstance(screen, HideScreen) for screen in self.screen_stack)

    def notify(self, *args: Any, **kwargs: Any) -> None:
        """Notifications wait while the screen is hidden: they may name private things."""
        if self._dashboard_ready and self._hidden():
            self._held_notifications.append((args, kwargs))
            return
        super().notify(*args, **kwargs)

    def action_command_palette(self) -> None:
        if not self._hidden():  # its list would show habit and item names over the blank
            super().action_command_palette()

    def action_soothe(self) -> None:
        from innerchild_tui.app.screens.soothing import PracticeScreen, SoothingScreen

        if not self._hidden() and not isinstance(self.screen, SoothingScreen | PracticeScreen):
            self.push_screen(SoothingScreen())

    def action_support(self) -> None:
        from innerchild_tui.app.screens.support import ContactScreen, SupportScreen

        if not self._hidden() and not isinstance(self.screen, SupportScreen | ContactScreen):
            self.push_screen(SupportScreen())

    def action_hide(self) -> None:
        """Swap everything for a neutral view at once; the second press brings it back."""
        from innerchild_tui.app.screens.hide import HideScreen

        if isinstance(self.screen, HideScreen):
            self.pop_screen()
            self._set_terminal_title(self._last_title)
            held, self._held_notifications = self._held_notifications, []
            for args, kwargs in held:
                super().notify(*args, **kwargs)
        elif not self._hidden():
            self.push_screen(HideScreen())
            self._set_terminal_title("Terminal")

    def action_undo(self) -> None:
        self.undo_last()

    def undo_last(self) -> bool:
        """Take back the newest change in the app's undo log, wherever it was made; True
        if something was taken back."""
        entry = self.undo_log.pop()
        if entry is None:
            self.notify("There is nothing to undo.", timeout=3)
            return False
        if not self._take_back(entry):
            self.undo_log.put_back(entry)  # to take back once it can be
            return False
        self.refresh_panes(entry.tables)
        self.request_save()
        # "Removed …, press u to bring it back" would stay beside "Brought back: …"
        # (a toast cannot be taken back alone): the answer replaces what is on screen.
        self.clear_notifications()
        self.notify(entry.done, timeout=3)
        return True

    @tells_store_errors(failed=False)
    def _take_back(self, entry: Undoable) -> bool:
        """Undo ``entry`` in the store; False (told) if it cannot be now."""
        entry.undo()
        return True

    async def action_quit(self) -> None:
        unkept = self.keep_drafts()
        if self.problem or self.locked:  # nothing was opened, so nothing can be lost
            self.exit()
            return
        self.flush_editors()
        try:
            self.save_store()
        except StoreError as error:
            if self.store.turned_off_elsewhere:
                self.door.ask_after_turned_off()  # answered, it saves; then quit again
                return
            self._ask_before_quitting(str(error))
            return
        if unkept is not None and self.holds_unsaved_work():
            self._ask_before_quitting(unkept)
            return
        self.exit()

    def _ask_before_quitting(self, why: str) -> None:
        from innerchild_tui.app.screens.confirm import ConfirmScreen

        self.push_screen(
            ConfirmScreen(
                f"{why}\n\nQuit anyway? What was not saved would be lost.",
                yes="Quit without saving",
                no="Stay",
            ),
            self._quit_if_confirmed,
        )

    def on_unmount(self) -> None:
        """However the app ends, the last keystrokes reach the file if they can."""
        self.collector.resume()  # (an app ended before its first frame)
        self.keep_drafts()
        self.settings_keeper.flush()
        if self.problem or self.locked or self._welcome_pending:
            return
        with contextlib.suppress(NoMatches):  # the panes may already be gone
            self.flush_editors()
        # A failure was already reported while running; nothing more can be done here.
        with contextlib.suppress(StoreError):
            self.save_store()

    def tell_read_only(self, *, asked: bool = False) -> None:
        """Say why the file is read-only, once (and again only if the reason changes).

        ``asked``: the person asked for something to be kept (a save, a tick) and it was
        refused: a short reminder, unless a note about it is still on screen, so refused
        keys never stack toasts over what is being written.
        """
        reason = self.store.read_only_reason
        if reason is None or self.store.turned_off_elsewhere:  # (the door asks about that)
            return
        if reason != self.read_only_told:
            self.read_only_told = reason
            self.notify(reason, title=READ_ONLY, timeout=READ_ONLY_SECONDS)
        elif asked and not any(note.title == READ_ONLY for note in self._notifications):
            self.notify(
                f"Not saved: {self.store.path.name} is open read-only.",
                title=READ_ONLY,
                timeout=READ_ONLY_REMINDER_SECONDS,
            )

    def save_store(self) -> bool:
        """Save now, on this thread; the letter open here keeps its words in place if
        another computer's words for it merge in first."""
        return self.store.save(in_hand=self.letter_in_hand)

    # Ending from outside --------------------------------------------------------------
    def keep_drafts(self) -> str | None:
        """Write the check-in in progress, and words the store could not take (the file
        is read-only), to their draft files now, on this thread. Returns why some words
        could not be kept, or None."""
        with contextlib.suppress(Exception):  # the panes may already be gone
            self.query_one(CheckinPane).keep_draft_now()
        problems = []
        for pane in self.panes:
            with contextlib.suppress(Exception):
                problems.append(pane.keep_words_now())
        return next((problem for problem in problems if problem), None)

    def holds_unsaved_work(self) -> bool:
        """Something here is not in the file: changes held in memory, or words typed
        that the store could not take."""
        return self.store.has_unsaved_changes or any(
            pane.holds_unsaved_words() for pane in self.panes
        )

    def file_writable_again(self) -> None:
        for pane in self.panes:
            pane.file_writable_again()

    def _install_signal_handlers(self) -> None:
        """Textual's driver leaves SIGHUP (the terminal tab closed) and SIGTERM (logout,
        shutdown, ``kill``) to Python's default, which ends the process at once: the last
        keystrokes never reach the file. Handle them on the event loop instead."""
        if self.is_headless:
            return  # a test's process keeps its own signals
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.stop_for_signal, signum)

    def stop_for_signal(self, signum: int) -> None:
        """Keep everything typed, save synchronously, then exit cleanly.

        After SIGHUP the terminal is gone and Textual's writes to it may block, so a
        watchdog ends the process once the grace time is up; by then all is saved.
        """
        if self._stopping_for_signal:
            return
        self._stopping_for_signal = True
        self.keep_drafts()
        if not (self.problem or self.locked or self._welcome_pending):
            self.flush_editors()
            with contextlib.suppress(StoreError):
                self.save_store()
        code = 128 + signum
        if not self.is_headless:
            watchdog = threading.Timer(SIGNAL_EXIT_GRACE_SECONDS, os._exit, args=(code,))
            watchdog.daemon = True
            watchdog.start()
        self.exit(return_code=code)

    def _quit_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.exit()

    # Messages from panes ----------------------------------------------------------------
    @on(DataChanged)
    def _on_data_changed(self, message: DataChanged) -> None:
        self.request_save(message.delay)
        ticks = self.store.habit_days.linked_ticks
        if ticks != self._linked_ticks_seen:  # a check-in, letter or practice ticked a habit
            self._linked_ticks_seen = ticks
            self.refresh_panes(frozenset({"completions"}))
        if message.tables is None or message.tables & SUMMARY_TABLES:
            self.update_summary()

    @on(RecordRemoved)
    def _on_record_removed(self, message: RecordRemoved) -> None:
        table, record = message.table, dict(message.record)
        self.undo_log.push(
            f"Brought back: {message.label}",
            lambda: self.store.restore(table, dict(record)),
            frozenset({table}),
        )
        key = key_for(self, "edit.undo", "u")
        self.notify(f"Removed {message.label}. Press {key} to bring it back.", timeout=6)

    @on(ExternalChangeMerged)
    def _on_external_change(self, message: ExternalChangeMerged) -> None:
        self.refresh_panes_in_turn(message.tables)
        self.collector.keep_alive_out_of_reach()  # the merged records are history now
        # A screen built from the records (the history, the week's review) builds again.
        # Asked of the screen, not found by its class: importing those screens here put
        # them, and the search and review they use, on the first merge (5-10 ms).
        show_outside_changes = getattr(self.screen, "show_outside_changes", None)
        if show_outside_changes is not None:
            show_outside_changes()
        self.notify("Changes made elsewhere were merged in.", timeout=4)
        self._tell_of_letters_kept(message.letters_back, message.letters_kept)

    def _tell_of_letters_kept(self, back: tuple[str, ...], kept: tuple[str, ...]) -> None:
        """A removal and words written in the same letter meet in a merge: the words stay,
        and each side is told why (a removal never destroys words it did not see)."""
        told = [(letter_id, LETTER_CAME_BACK) for letter_id in back]
        told += [(letter_id, LETTER_KEPT) for letter_id in kept]
        for letter_id, (words, title) in told:
            if self.store.letters.removed(letter_id):
                continue  # removed again since
            self.notify(named(self.store.letters.get(letter_id)) + words, title=title, timeout=10)

    def refresh_panes(self, tables: frozenset[str] | None = None) -> None:
        """Show the store again: every pane, or those showing one of ``tables``."""
        for pane in self._panes_showing(tables):
            pane.refresh_from_store()
        if tables is None or tables & SUMMARY_TABLES:
            self.update_summary()

    def refresh_panes_in_turn(self, tables: frozenset[str] | None = None) -> None:
        """:meth:`refresh_panes`, a pane a frame: for what changes while no key asked (a
        new day, a merge). The whole dashboard filled and drawn again in one go held the
        loop 40-70 ms at ten years; one pane and its part of the screen, a few ms."""
        waiting = self._panes_showing(tables)

        def next_pane() -> None:
            if waiting:
                pane = waiting.pop(0)
                if pane.is_attached:  # (not while the app closes)
                    pane.refresh_from_store()
                self.call_after_refresh(next_pane)
            elif tables is None or tables & SUMMARY_TABLES:
                self.update_summary()

        next_pane()

    def _panes_showing(self, tables: frozenset[str] | None) -> list[Pane]:
        return [
            pane
            for pane in self.panes
            if tables is None or pane.SHOWS is None or pane.SHOWS & tables
        ]

    def flush_editors(self) -> bool:
        """Push text still being typed into the store (before a save, a reload or quit).

        Returns True if that changed the store, which then needs a save.
        """
        return any([pane.flush_edits() for pane in self.panes])

    # Saving (the saver does the file work, off the loop) --------------------------------
    @property
    def may_write(self) -> bool:
        """A file is open and may be written: not locked, not broken, welcome done."""
        return not (self._welcome_pending or self.problem or self.locked)

    @property
    def asking_to_unlock(self) -> bool:
        return self.door.asking

    @property
    def save_state(self) -> str:
        return self.saver.state

    def request_save(self, delay: float = 0.0) -> None:
        self.saver.request(delay)

    def check_for_outside_changes(self) -> None:
        self.saver.check_for_outside_changes()

    def tend_the_file(self) -> None:
        self.saver.tend()

    # Living all day ---------------------------------------------------------------------
    def check_for_new_day(self) -> None:
        today = self.store.today()
        if today != self.current_day:
            self.current_day = today
            self._work_out_the_new_day(today)

    @work(thread=True, exclusive=True, group="new-day", exit_on_error=False)
    def _work_out_the_new_day(self, today: date) -> None:
        """Every habit's streaks and strength on the new day, worked out off the loop (at
        ten years about 10 ms a habit); then the panes show the day from those caches."""
        for habit in self.store.habits.all():
            self.store.habit_days.figures(habit["id"], today)
        self.call_from_thread(self._show_the_new_day)

    def _show_the_new_day(self) -> None:
        self.refresh_panes_in_turn()
        self.notify("A new day has begun. Welcome to it.", timeout=6)

    @on(Worker.StateChanged)
    def _on_worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a worker's unexpected failure lands: a kind word, never an exit."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        if event.worker.group == "save":
            self.saver.failed(f"Your changes could not be saved just now ({reason}).")
        else:
            self.saver.tell_once(f"Something went wrong in the background ({reason}); will retry.")

    def update_summary(self) -> None:
        """The header's sub-title and, where the terminal allows, its tab title: only
        "innerchild" unless the person asked for today's summary there (tab_summary)."""
        self.show_day_and_save_state()
        title = self._tab_title()
        if title != self._last_title and not self._hidden():
            self._last_title = title
            self._set_terminal_title(title)

    def _tab_title(self) -> str:
        if not self.settings.tab_summary:
            return "innerchild"
        return f"innerchild · {today_summary(self.store, self.current_day)}"

    def watch_title(self) -> None:
        self._show_titles()

    def watch_sub_title(self) -> None:
        self._show_titles()

    def _show_titles(self) -> None:
        """The app's title and sub-title in the header of each screen open: a header
        watches only its own screen (see :class:`QuietHeader`)."""
        for screen in self.screen_stack:
            for header in screen.query(QuietHeader):
                header.show_title()

    def show_day_and_save_state(self) -> None:
        day = pendulum.Date(self.current_day.year, self.current_day.month, self.current_day.day)
        place = "read-only · " if self.store.read_only else ""
        mark = SAVE_MARKS.get(self.save_state, "")
        self.sub_title = f"{day.format('dddd D MMMM')} · {place}{mark}"

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's screenshot, saved readable by this user only: it shows whatever is
        on the screen, a letter or a note too (Textual's is readable by everyone on the
        computer, and fails where the Downloads folder does not exist yet: it is made).
        In a browser it is the browser's download, as Textual does it."""
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        stamp = pendulum.now().format("YYYY-MM-DD_HH-mm-ss")
        target = Path(path or user_downloads_path()) / (filename or f"innerchild-{stamp}.svg")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as svg:
                svg.write(self.export_screenshot())
        except OSError as error:
            self.notify(
                f"The screenshot could not be saved in {target.parent} "
                f"({error.strerror or error}).",
                title="Screenshot",
                severity="warning",
            )
            return None
        self.notify(
            f"Saved to {target}, readable only by you: it shows what was on the screen.",
            title="Screenshot",
        )
        return None

    def _set_terminal_title(self, text: str) -> None:
        driver = self._driver
        if driver is None or self.is_headless:
            return
        safe = "".join(ch for ch in text if ch.isprintable())
        driver.write(f"\x1b]2;{safe}\x07")
