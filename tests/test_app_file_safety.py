"""The open dashboard and its data file (issue 12): deleted from outside, write-protected,
a flaky disk. A real store on a real file; Pilot drives the app."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from apphelpers import Clock, wait_until
from platformdirs import user_downloads_path

from innerchild_tui.app import make_app
from innerchild_tui.store import Store, storage
from innerchild_tui.store import base as store_base


def _saved(db_path: Path) -> None:
    store = Store.open(db_path, device="before")
    store.checkins.add(5, note="kept")
    store.save()


def _notes(db_path: Path) -> set[str]:
    data = json.loads(db_path.read_bytes())
    return {str(r.get("note")) for r in data["checkins"].values()}


def _told(app: Any) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_a_deleted_data_file_is_noticed_and_written_back(
    db_path: Path, quick_to_call_it_deleted: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from innerchild_tui.app import app as app_module

    monkeypatch.setattr(app_module, "EXTERNAL_CHECK_SECONDS", 0.5)
    _saved(db_path)
    app = make_app(db_path, clock=Clock(2026, 11, 24, 10, 0), device="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        db_path.unlink()
        while not db_path.exists():
            await pilot.pause(0.1)
        while "disappeared" not in _told(app):
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
    assert "kept" in _notes(db_path)


def test_a_store_writes_back_a_deleted_file_even_without_an_edit(
    db_path: Path, quick_to_call_it_deleted: None
) -> None:
    _saved(db_path)
    store = Store.open(db_path, device="open")
    db_path.unlink()
    assert store.save()
    assert "kept" in _notes(db_path)


def test_a_sync_clients_two_step_replace_is_merged_not_written_back(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Syncthing keeping a conflict copy renames the file aside, then moves the new one in:
    the moment between is not a deletion, and what arrives is merged."""
    _saved(db_path)
    store = Store.open(db_path, device="open")
    incoming = db_path.with_name("incoming.json")  # downloaded, not yet in place
    shutil.copyfile(db_path, incoming)
    other = Store.open(incoming, device="other")
    other.checkins.add(7, note="from the other computer")
    other.save()
    db_path.rename(db_path.with_name("innerchild.sync-conflict-20261203-101010-ABCDEFG.json"))
    real_sleep = storage.time.sleep

    def sync_client_finishes(seconds: float) -> None:  # while the store waits, it lands
        if incoming.exists():
            incoming.replace(db_path)
        real_sleep(seconds)

    monkeypatch.setattr(storage.time, "sleep", sync_client_finishes)
    assert store.reload_if_changed()
    assert not store.file_went_missing
    assert "from the other computer" in {c.get("note") for c in store.checkins.all()}


async def test_a_write_protected_file_opens_read_only_and_says_why(db_path: Path) -> None:
    _saved(db_path)
    db_path.chmod(0o444)
    before = db_path.read_bytes()
    app = make_app(db_path, clock=Clock(2026, 11, 24, 10, 0), device="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.store.read_only
        assert "write-protected" in _told(app)
        assert "read-only" in str(app.sub_title)
    assert db_path.read_bytes() == before


async def test_one_transient_disk_error_never_ends_the_app(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _saved(db_path)
    real_signature = store_base.file_signature
    failures = {"left": 1}

    def flaky_signature(path: Path) -> Any:
        if failures["left"]:
            failures["left"] -= 1
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_signature(path)

    from innerchild_tui.app import saver

    monkeypatch.setattr(saver, "SAVE_RETRY_SECONDS", 0.5)  # not the ten of a person
    app = make_app(db_path, clock=Clock(2026, 11, 24, 10, 0), device="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        monkeypatch.setattr(store_base, "file_signature", flaky_signature)
        app.store.checkins.add(6, note="after the hiccup")
        app.request_save()
        while failures["left"]:
            await pilot.pause(0.05)
        while app.save_state != "saved":  # the retry succeeds
            await pilot.pause(0.1)
        assert app.is_running
    assert "after the hiccup" in _notes(db_path)


async def test_a_screenshot_is_saved_readable_only_by_its_person(db_path: Path) -> None:
    """The palette's screenshot shows whatever is on the screen, a note or a letter too:
    it is saved readable by this user only, in Downloads, made if it is not there yet
    (Textual's own failed without the folder, and was readable by everyone)."""
    _saved(db_path)
    folder = user_downloads_path()
    assert not folder.exists()
    app = make_app(db_path, clock=Clock(2026, 11, 24, 10, 0), device="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "screenshot":
            await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: list(folder.glob("*.svg")), "the screenshot")
        await wait_until(pilot, lambda: "readable only by you" in _told(app), "the word")
    [shot] = folder.glob("innerchild-*.svg")
    assert stat.S_IMODE(shot.stat().st_mode) == 0o600
    assert "<svg" in shot.read_text(encoding="utf-8")
