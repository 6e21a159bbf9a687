"""The four panes of the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

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
