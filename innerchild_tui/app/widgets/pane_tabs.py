"""The row of pane names shown when the terminal is too small for all four panes."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from innerchild_tui.app.panes import PANE_ORDER


class PaneTabs(Static):
    DEFAULT_CSS = """
    PaneTabs {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    active: reactive[str] = reactive("checkin")

    def render(self) -> str:
        from innerchild_tui.app.keys import key_for

        parts = []
        for pane_id, title, default_key in PANE_ORDER:
            key = key_for(self.app, f"pane.{pane_id}", default_key)
            if pane_id == self.active:
                parts.append(f"[reverse b] ▸ {title} [/]")
            else:
                parts.append(f" [b]{key}[/] {title} ")
        return " ".join(parts)
