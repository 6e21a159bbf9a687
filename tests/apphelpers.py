"""Shared pieces for the Pilot tests: a settable clock and reading the file from disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pendulum
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

ZONE = "Europe/London"


class Clock:
    """A clock the test can move; the app and the store read it."""

    def __init__(self, *args: int) -> None:
        self.now = pendulum.datetime(*args, tz=ZONE)  # type: ignore[arg-type]

    def __call__(self) -> pendulum.DateTime:
        return self.now


async def still(pilot: Pilot[Any]) -> None:
    """Stop every cursor blinking (on every screen) so a snapshot is the same each run."""
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea").results():
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
    # Let saves, timers and layout finish, so what is drawn no longer depends on timing:
    # on a busy machine a text area may still be wrapping to its new width.
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    previous = ""
    for _ in range(20):
        await pilot.pause(0.05)
        drawn = pilot.app.export_screenshot()
        if drawn == previous:
            return
        previous = drawn


def read_file(path: Path) -> dict[str, Any]:
    """The data file as it is on disk, reopened: what a user would find."""
    return json.loads(path.read_text(encoding="utf-8"))


def live(path: Path, table: str) -> list[dict[str, Any]]:
    return [r for r in read_file(path).get(table, {}).values() if not r.get("deleted")]


def shown_panes(app: Any) -> list[str]:
    """The ids of the dashboard panes a person can see now."""
    from innerchild_tui.app.panes import Pane

    dashboard = app.screen_stack[0]
    return [
        pane.id
        for pane in dashboard.query(Pane)
        if pane.display
        and all(node.display for node in pane.ancestors_with_self if hasattr(node, "display"))
        and pane.region.area > 0
    ]
