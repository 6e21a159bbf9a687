"""Reaching the dashboard app, typed, from any of its widgets and screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp


def dashboard_app(node: DOMNode) -> InnerChildApp:
    """The running InnerChildApp that ``node`` belongs to."""
    from innerchild_tui.app.app import InnerChildApp

    app = node.app
    assert isinstance(app, InnerChildApp)
    return app
