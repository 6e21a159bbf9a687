"""The letter editor in each focus mode, at 80×24 and 120×40, in the light and dark theme.

Update after a deliberate change of look with
`pytest tests/test_letters_snapshots.py --snapshot-update`, and look at the pictures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import SIZES, Clock, build, still
from textual.pilot import Pilot

from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.domain.letters import FocusMode
from innerchild_tui.store import Store

THEMES = ["innerchild-gentle-light", "innerchild-calm-dark"]
MODES = [mode.value for mode in FocusMode]


@pytest.fixture
def written(db_path: Path) -> Path:
    """Three letters over two months, written with a fixed clock."""
    clock = Clock(2026, 10, 30, 20, 0)
    store = Store.open(db_path, device="seed", clock=clock)
    october = store.letters.new("Before school", age=6)
    store.letters.update(
        october["id"],
        to_child="I know mornings were loud. You did nothing wrong.",
        from_child="i hid under the table",
    )
    clock.now = clock.now.add(days=20)
    quiet = store.letters.new("", age=9)
    store.letters.update(quiet["id"], to_child="Just saying hello today.")
    clock.now = clock.now.add(days=5)
    garden = store.letters.new("The garden", age=7)
    store.letters.update(
        garden["id"],
        to_child=(
            "Dear little one,\nI remember the garden. You were brave there, and you "
            "did not have to be.\n\nI am here now. 🌱"
        ),
        from_child="i liked the snails\nwill you come back\nפרפר",
    )
    store.save()
    return db_path


def _before(mode: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("l")
        pane = app.query_one(LettersPane)
        # The editor as it is written in: given the whole screen.
        if not app.compact and app.screen.maximized is None:
            app.action_toggle_maximize()
        pane.set_focus_mode(FocusMode(mode))
        await still(pilot)

    return run_before


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_letter_editor(snap_compare, written: Path, theme: str, size: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    app = build(written, Clock(2026, 11, 24, 12, 30), theme=theme, device="snapshot")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_before(mode))
