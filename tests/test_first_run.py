"""The front door: the welcome's folder choice and the words on the first-run path."""

from __future__ import annotations

import stat
from pathlib import Path

from apphelpers import Clock, live

from innerchild_tui.app import make_app
from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.screens.confirm import ConfirmScreen
from innerchild_tui.app.screens.welcome import WelcomeScreen
from innerchild_tui.config import load_settings
from innerchild_tui.paths import ensure_private_dir
from innerchild_tui.store.doctor import examine


def build(db_path: Path) -> InnerChildApp:
    return make_app(db_path, clock=Clock(2026, 11, 24, 10, 0), device="test", show_welcome=True)


async def test_the_welcome_offers_to_make_a_missing_subfolder(
    db_path: Path, tmp_path: Path
) -> None:
    dropbox = tmp_path / "Dropbox"
    dropbox.mkdir()
    wanted = dropbox / "innerchild"
    app = build(db_path)
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
    app = build(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", *str(wanted), "enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)  # still asking, kindly
    assert not wanted.parent.exists()


def test_private_folders_are_0700_whatever_the_umask(tmp_path: Path) -> None:
    import os

    before = os.umask(0)
    try:
        made = ensure_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(before)
    for folder in (made, made.parent, made.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_doctor_is_truthful_about_a_missing_folder(tmp_path: Path) -> None:
    found = examine(tmp_path / "Sync" / "innerchild.json")
    assert any("is not there either" in finding for finding in found.findings)
    (tmp_path / "Here").mkdir()
    found = examine(tmp_path / "Here" / "innerchild.json")
    assert any("made the first time something is saved" in f for f in found.findings)
