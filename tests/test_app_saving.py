"""A save that fails (a full disk, a read-only folder) loses nothing and is tried again."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from apphelpers import WIDE, build, live, settle

from innerchild_tui.store import storage


async def test_a_failed_save_is_told_kept_in_memory_and_retried(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = db_path.read_bytes()
        real_replace = os.replace

        def disk_full(source: str, target: str) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        # The failure is injected at the storage boundary, where the file is replaced.
        monkeypatch.setattr(storage.os, "replace", disk_full)
        await pilot.press("6", "ctrl+s")
        await settle(pilot)
        assert "not saved yet" in app.sub_title
        messages = " ".join(n.message for n in app._notifications)
        assert "No space left on device" in messages
        assert db_path.read_bytes() == before  # the old file is whole
        assert [c["mood"] for c in app.store.checkins.all()] == [6]  # kept in memory
        assert not list(db_path.parent.glob(".*.tmp"))
        monkeypatch.setattr(storage.os, "replace", real_replace)
        app.saver.retry()  # what the retry timer does after a few seconds
        await settle(pilot)
        assert "saved ✓" in app.sub_title
    assert [c["mood"] for c in live(db_path, "checkins")] == [6]
