"""The four panes of the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.color import Color
from textual.containers import Vertical
from textual.widget import Widget

from innerchild_tui.app.access import dashboard_app

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp
    from innerchild_tui.store import Store

# (id, title, key shown in the tabs); the order they sit in on the dashboard.
PANE_ORDER: tuple[tuple[str, str, str], ...] = (
    ("checkin", "Check-in", "c"),
    ("habits", "Habits", "h"),
    ("comfort", "Comfort", "o"),
    ("letters", "Letters", "l"),
)


class Pane(Vertical):
    """A bordered part of the dashboard that can be maximised and refreshed from the store."""

    ALLOW_MAXIMIZE = True
    PANE_TITLE: ClassVar[str] = ""
    PANE_KEY: ClassVar[str] = ""
    # The tables whose records this pane shows: a merge that changed none of them leaves
    # it as it is. None: it shows something of every table.
    SHOWS: ClassVar[frozenset[str] | None] = None
    # A pane whose widgets are composed after the dashboard's first frame (see fill),
    # and the widget composed last, there once they all are.
    FILLED_BY: ClassVar[str | None] = None

    def __init__(self, *children: Any, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self.filled = self.FILLED_BY is None  # composed and showing the store
        self._filling = False
        self._once_filled: list[Callable[[], object]] = []

    @property
    def composing(self) -> bool:
        """Whether ``compose`` gives the pane's widgets now (not before its fill)."""
        return self.FILLED_BY is None or self._filling

    async def fill(self) -> None:
        """Compose the pane's widgets and show the store, after the first frame.

        The first frame is for today's check-in and habits: the Letters pane's widgets
        (a list, two voices, their fields) were about 55 ms of a start, Comfort's table
        about 15. A key that reaches the pane before (its pane key, a search result)
        waits for this, then does what it asked (:meth:`_when_filled`)."""
        if self.filled or self._filling:
            return
        self._filling = True
        await self.recompose()
        if self.FILLED_BY is None or not self.query(self.FILLED_BY):
            return  # the app is closing: what was composed is not all mounted
        self.filled = True
        self.on_filled()
        waiting, self._once_filled = self._once_filled, []
        for call in waiting:
            call()

    def on_filled(self) -> None:
        """The pane's widgets are there: set them up and show the store."""
        self.refresh_from_store()

    def _when_filled(self, call: Callable[[], object]) -> bool:
        """True when the pane is not filled yet: ``call`` is then made once it is."""
        if self.filled:
            return False
        self._once_filled.append(call)
        return True

    def on_mount(self) -> None:
        self.show_title()

    # The focused pane's border, in the theme's primary colour. Set on the pane's own
    # styles rather than by a `Pane:focus-within` rule: with that rule Textual restyles
    # every widget in the pane at each focus change into or out of it (tens of
    # milliseconds for the check-in pane), where this repaints the border alone.
    _FOCUS_RULES = (
        "border_top", "border_right", "border_bottom", "border_left",
        "border_title_color", "auto_border_title_color", "border_title_style",
    )  # fmt: skip

    def show_focus(self, color: Color | None) -> None:
        """Draw this pane as the focused one in ``color``, or as the others (None)."""
        if color is None:
            for rule in self._FOCUS_RULES:
                self.styles.clear_rule(rule)
        else:
            self.styles.border = ("round", color)
            self.styles.border_title_color = color
            self.styles.auto_border_title_color = False  # $text-muted is an "auto" colour
            self.styles.border_title_style = "bold"
        self.refresh()

    def show_title(self) -> None:
        """The pane's title with the key that reaches it (after the user's keymap)."""
        from innerchild_tui.app.keys import key_for

        key = key_for(self.app, f"pane.{self.id}", self.PANE_KEY)
        self.border_title = f"{self.PANE_TITLE} · {key}"

    @property
    def ic_app(self) -> InnerChildApp:
        return dashboard_app(self)

    @property
    def store(self) -> Store:
        return self.ic_app.store

    def refresh_from_store(self) -> None:
        """Show what the store holds now."""

    def main_widget(self) -> Widget | None:
        """The widget the pane's key lands on (None: its first that takes the focus)."""
        return None

    def focus_main(self) -> None:
        """Put the focus on this pane's main widget, at once: ``Widget.focus`` moves it
        only after the keys already waiting, so a key typed in one burst with a pane key
        went to the pane left behind (a space meant for Comfort ticked the habit
        highlighted in Habits). A pane not filled yet takes it once it is, if it is still
        the pane last asked for (pane keys pressed before: the last one wins)."""
        app = self.ic_app
        app.pane_asked_for = self
        if self._when_filled(lambda: self.focus_main() if app.pane_asked_for is self else None):
            return
        widget = self.main_widget()
        if widget is None:
            self.screen.focus_next(f"#{self.id} *")
        else:
            self.screen.set_focus(widget)

    def flush_edits(self) -> bool:
        """Push any text still being typed into the store; True if anything changed."""
        return False

    def holds_unsaved_words(self) -> bool:
        """Words typed here that the store could not take yet (the file is read-only)."""
        return False

    def keep_words_now(self) -> str | None:
        """Keep words the store could not take on this computer now (quit, a signal).
        Returns why they could not be kept there either, or None (kept, or none)."""
        return None

    def file_writable_again(self) -> None:
        """The data file can be written again: put in what was kept while it could not."""
