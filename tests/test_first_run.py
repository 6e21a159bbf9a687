"""The front door: the welcome's folder choice and the words on the first-run path."""

from __future__ import annotations

import stat
from pathlib import Path

from apphelpers import build, live

from innerchild_tui.app.screens.confirm import ConfirmScreen
from innerchild_tui.app.screens.welcome import WelcomeScreen
from innerchild_tui.config import load_settings
from innerchild_tui.store.doctor import examine


async def test_the_welcome_offers_to_make_a_missing_subfolder(
    db_path: Path, tmp_path: Path
) -> None:
    dropbox = tmp_path / "Dropbox"
    dropbox.mkdir()
    wanted = dropbox / "innerchild"
    app = build(db_path, show_welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("down", "enter", *str(wanted), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.store.path == wanted / "innerchild.json"
    assert stat.S_IMODE(wanted.stat().st_mode) == 0o700
    assert len(live(wanted / "innerchild.json", "habits")) == 5
    assert load_settings().data_file == str(wanted / "innerchild.json")


async def test_the_welcome_does_not_make_a_folder_whose_parent_is_missing(
    db_path: Path, tmp_path: Path
) -> None:
    wanted = tmp_path / "NotMounted" / "innerchild"
    app = build(db_path, show_welcome=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", *str(wanted), "enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)  # still asking, kindly
    assert not wanted.parent.exists()


def test_doctor_is_truthful_about_a_missing_folder(tmp_path: Path) -> None:
    found = examine(tmp_path / "Sync" / "innerchild.json")
    assert any("is not there either" in finding for finding in found.findings)
    (tmp_path / "Here").mkdir()
    found = examine(tmp_path / "Here" / "innerchild.json")
    assert any("made the first time something is saved" in f for f in found.findings)
