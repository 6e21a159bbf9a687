"""The four panes of the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.color import Color
from textual.containers import Vertical

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

    def focus_main(self) -> None:
        """Put the focus on this pane's main widget."""
        self.screen.focus_next(f"#{self.id} *")

    def flush_edits(self) -> bool:
        """Push any text still being typed into the store; True if anything changed."""
        return False
