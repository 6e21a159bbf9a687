"""The dashboard's layout: four panes, or one at a time on a small terminal.

One :class:`Layout` per app. It shows one pane at a time (with tabs) when the terminal
is small, draws the pane that holds the focus as focused, gives the Letters pane the
whole screen while a letter is written where two voices would not fit, and gives that
room back. It only arranges what the dashboard already holds; the app's actions and
focus events call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.color import Color
from textual.dom import DOMNode
from textual.widget import Widget

from innerchild_tui.app.panes import Pane
from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.app.widgets.pane_tabs import PaneTabs

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp

COMPACT_WIDTH = 100
COMPACT_HEIGHT = 30
# The Letters pane needs about this many columns for two voices of 36 or more beside its
# list; narrower than that, it takes the whole screen while a letter is being written.
LETTERS_ROOM = 100


def _pane_holding(node: DOMNode | None) -> Pane | None:
    """The dashboard pane that ``node`` is in (None: in none)."""
    while node is not None and not isinstance(node, Pane):
        node = node.parent
    return node


def _show(widget: Widget, shown: bool) -> None:
    """Show or hide ``widget``, only if that changes anything: Textual lays the whole
    screen out again after any assignment, the same value included."""
    if widget.display != shown:
        widget.display = shown


class Layout:
    """How the dashboard's panes are arranged, for one app."""

    def __init__(self, app: InnerChildApp) -> None:
        self.app = app
        # The Letters pane was given the whole screen for writing (and not by the person).
        self._writing_maximized = False
        # The person gave that room back: not again until the focus leaves the pane.
        self._writing_declined = False
        self._focused_pane: Pane | None = None  # drawn as focused
        self._focus_color: Color | None = None  # its border's, from the theme

    @property
    def compact(self) -> bool:
        width, height = self.app.size
        return width < COMPACT_WIDTH or height < COMPACT_HEIGHT

    def adapt(self) -> None:
        """On a small terminal show one pane at a time, with tabs to move between them.

        The one-pane view is the dashboard's own layout (the other panes are not
        displayed), not Textual's maximise, so no key or command can undo it by accident.
        """
        # The dashboard is the bottom screen; a dialog or screen may be open over it.
        dashboard = self.app.screen_stack[0]
        compact = self.compact
        alone = self.active_pane() if compact else None
        if compact and dashboard.maximized is not None:
            self._writing_maximized = False
            dashboard.minimize()
        dashboard.set_class(compact, "-compact")
        _show(dashboard.query_one(PaneTabs), compact)
        self._show_alone(alone)
        if not compact:  # a letter being written takes the room again, once laid out
            self.app.call_after_refresh(self.room_for_writing)

    def _show_alone(self, alone: Pane | None) -> None:
        """Show only ``alone`` (a small terminal), or every pane (None)."""
        dashboard = self.app.screen_stack[0]
        for pane in self.app.panes:
            shown = alone is None or pane is alone
            _show(pane, shown)
            pane.set_class(alone is not None and shown, "-alone")
            if isinstance(pane.parent, Widget):  # its column
                _show(pane.parent, alone is None or alone.parent is pane.parent)
        pane = alone or self.active_pane()
        dashboard.query_one(PaneTabs).active = pane.id or ""

    def active_pane(self) -> Pane:
        """The pane with the focus (or the one shown alone, or maximised) on the dashboard."""
        dashboard = self.app.screen_stack[0]
        for pane in self.app.panes:
            if pane.has_class("-alone"):
                return pane
        focused = _pane_holding(dashboard.focused)
        if focused is not None:
            return focused
        if isinstance(dashboard.maximized, Pane):
            return dashboard.maximized
        return dashboard.query_one(CheckinPane)

    def theme_changed(self) -> None:
        self._focus_color = None  # the focused pane's border: the new theme's primary
        self.show_focused_pane()

    def show_focused_pane(self) -> None:
        """Draw the pane that holds the dashboard's focus as focused (Pane.show_focus)."""
        app = self.app
        if not app.screen_stack:
            return
        node = _pane_holding(app.screen_stack[0].focused)
        if node is self._focused_pane and self._focus_color is not None:
            return
        if self._focus_color is None:
            self._focus_color = Color.parse(app.get_css_variables()["primary"])
        if self._focused_pane is not None and self._focused_pane is not node:
            self._focused_pane.show_focus(None)
        if node is not None:
            node.show_focus(self._focus_color)
        self._focused_pane = node

    def room_for_writing(self) -> None:
        """While a letter is being written, the Letters pane takes the whole screen when it
        is too narrow for two voices; it gives the room back when the focus leaves it."""
        app = self.app
        dashboard = app.screen_stack[0]
        if app.screen is not dashboard:
            return  # a dialog or another screen is on top; the dashboard stays as it is
        letters = dashboard.query_one(LettersPane)
        if self._writing_maximized and dashboard.maximized is not letters:
            # The person gave the room back themselves (m or Esc): leave it so.
            self._writing_maximized = False
            self._writing_declined = True
        if not letters.has_focus_within:
            self._writing_declined = False
            if self._writing_maximized:
                self._writing_maximized = False
                dashboard.minimize()
            return
        writing = letters.query_one("#letter-editor").has_focus_within
        if (
            writing
            and not self._writing_declined
            and not self.compact
            and dashboard.maximized is None
            and letters.region.width < LETTERS_ROOM
        ):
            dashboard.maximize(letters, container=False)
            self._writing_maximized = True

    def bring_forward(self, pane: Pane) -> None:
        """Make ``pane`` the one in view, as its key asks (before the focus goes there)."""
        screen = self.app.screen
        if screen.has_class("-compact"):
            self._show_alone(pane)
        elif self._writing_maximized and pane is not screen.maximized:
            self._writing_maximized = False
            screen.minimize()
        elif screen.maximized is not None and screen.maximized is not pane:
            screen.maximize(pane, container=False)

    def give_room_back(self) -> None:
        """The person un-maximises a pane (m, Esc): room given for writing stays given back
        until the focus leaves the Letters pane."""
        self._writing_declined = self._writing_maximized
        self._writing_maximized = False
        self.app.screen.minimize()
