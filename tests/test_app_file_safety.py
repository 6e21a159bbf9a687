"""The open dashboard and its data file (issue 12): deleted from outside, write-protected,
a flaky disk. A real store on a real file; Pilot drives the app."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from apphelpers import Clock

from innerchild_tui.app import make_app
from innerchild_tui.store import Store
from innerchild_tui.store import base as store_base


def _saved(db_path: Path) -> None:
    store = Store.open(db_path, device="before")
    store.add_checkin(5, note="kept")
    store.save()


def _notes(db_path: Path) -> set[str]:
    data = json.loads(db_path.read_bytes())
    return {str(r.get("note")) for r in data["checkins"].values()}


def _told(app: Any) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_a_deleted_data_file_is_noticed_and_written_back(db_path: Path) -> None:
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


def test_a_store_writes_back_a_deleted_file_even_without_an_edit(db_path: Path) -> None:
    _saved(db_path)
    store = Store.open(db_path, device="open")
    db_path.unlink()
    assert store.save()
    assert "kept" in _notes(db_path)


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

    app = make_app(db_path, clock=Clock(2026, 11, 24, 10, 0), device="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        monkeypatch.setattr(store_base, "file_signature", flaky_signature)
        app.store.add_checkin(6, note="after the hiccup")
        app.request_save()
        while failures["left"]:
            await pilot.pause(0.05)
        while app.save_state != "saved":  # the retry succeeds
            await pilot.pause(0.1)
        assert app.is_running
    assert "after the hiccup" in _notes(db_path)
