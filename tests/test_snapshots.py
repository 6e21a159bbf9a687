"""The look of each screen, at 80×24 and 120×40, in the light and the dark theme.

Update after a deliberate change of look with `pytest tests/test_snapshots.py
--snapshot-update`, and look at the report before committing.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from apphelpers import SIZES, WIDE, Clock, build, pressed, still

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.store import Store

THEMES = ["innerchild-gentle-light", "innerchild-calm-dark"]


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """A few weeks of practice, written with a fixed clock so every run looks the same."""
    clock = Clock(2026, 11, 24, 10, 0)
    store = Store.open(db_path, device="seed", clock=clock)
    today = date(2026, 11, 24)
    habits = store.habits.all()
    for offset in range(1, 20):
        day = today - timedelta(days=offset)
        for index, habit in enumerate(habits):
            if (offset + index) % 3:
                store.habit_days.set_done(habit["id"], day, True)
    store.habit_days.set_done(habits[0]["id"], today, True)
    store.checkins.add(6, ["tired", "hopeful"], ["rest"], "Slept badly, but the walk helped.")
    clock.now = clock.now.add(hours=2)
    store.checkins.add(8, ["calm"], ["play"])
    for name in ("Blue blanket", "Drawing with crayons", "Warm cocoa"):
        item = store.comfort.add(name)
    store.comfort.toggle_used(item["id"], today)
    letter = store.letters.new("The garden")
    store.letters.update(
        letter["id"],
        to_child="Dear little one,\nI remember the garden. You were brave there.",
        from_child="i liked the snails\nwill you come back",
    )
    store.save()
    return db_path


def _app(path: Path, theme: str) -> InnerChildApp:
    return build(path, Clock(2026, 11, 24, 12, 30), theme=theme, device="snapshot")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_dashboard(snap_compare, seeded: Path, size: str, theme: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(seeded, theme), terminal_size=SIZES[size], run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_letters_pane(snap_compare, seeded: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _app(seeded, THEMES[1]),
        terminal_size=SIZES[size],
        run_before=pressed("l"),
    )


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, seeded: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _app(seeded, THEMES[1]),
        terminal_size=SIZES[size],
        run_before=pressed("question_mark"),
    )


def test_welcome_screen(snap_compare, isolated_home: Path) -> None:  # type: ignore[no-untyped-def]
    path = isolated_home / "data" / "innerchild.json"
    app = build(path, Clock(2026, 11, 24, 9, 0), show_welcome=True, device="snapshot")
    assert snap_compare(app, terminal_size=WIDE, run_before=still)


def test_high_contrast_theme(snap_compare, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _app(seeded, "innerchild-high-contrast"), terminal_size=WIDE, run_before=still
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_unlock_screen(snap_compare, seeded: Path, size: str, theme: str) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(seeded, device="seed", clock=Clock(2026, 11, 24, 10, 0))
    store.turn_on_encryption("a quiet garden in the rain")
    store.save()
    assert snap_compare(_app(seeded, theme), terminal_size=SIZES[size], run_before=still)
