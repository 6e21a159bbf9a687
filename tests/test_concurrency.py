"""Many writers, one file: every acknowledged change survives (issue 12).

Real processes (``innerchild checkin`` run as a command, two shells' worth at once) and
an open dashboard that saves its own check-ins at the same time, on a ten-year file.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from benchmodules import load_bench

from innerchild_tui.app import make_app
from innerchild_tui.store import Store
from innerchild_tui.store.locking import LockBusy, file_lock

# Two shells' loops and the dashboard; the race this guards (a save landing between another
# process's read and its signature) lost a third of confirmed check-ins at this size, so
# eight check-ins are plenty to catch it (each is a process opening ten years).
# ``python bench/writers.py --writers 4 --each 25`` runs the larger version.
WRITERS = 2
EACH = 4


def _notes(path: Path) -> set[str]:
    data = json.loads(path.read_bytes())
    return {str(r.get("note")) for r in data["checkins"].values() if not r.get("deleted")}


@pytest.mark.slow
async def test_quick_commands_and_an_open_dashboard_lose_nothing(ten_year_copy: Path) -> None:
    writers = load_bench("writers")
    acknowledged: list[str] = []
    failed: list[str] = []
    threads = [
        threading.Thread(
            target=writers.writer, args=(ten_year_copy, f"w{n}", EACH, acknowledged, failed)
        )
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    saved_by_dashboard: list[str] = []
    app = make_app(ten_year_copy, device="dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        number = 0
        while any(thread.is_alive() for thread in threads) or number < 3:
            note = f"dashboard-{number}"
            app.store.checkins.add(7, ["calm"], note=note)
            app.request_save()
            await pilot.pause()
            while app.save_state != "saved" or app.store.has_unsaved_changes:
                await pilot.pause(0.05)
            saved_by_dashboard.append(note)  # the app said "saved ✓"
            number += 1
        await app.workers.wait_for_complete()
    for thread in threads:
        thread.join()
    assert failed == []
    assert len(acknowledged) == WRITERS * EACH
    on_disk = _notes(ten_year_copy)
    assert set(acknowledged) - on_disk == set()
    assert set(saved_by_dashboard) - on_disk == set()
    reopened = Store.open(ten_year_copy, device="check")
    assert len(reopened.checkins.all()) > 7_000


def test_a_store_opened_while_another_saves_merges_that_save(db_path: Path) -> None:
    """The signature is taken under the lock before the read, so no save slips between."""
    first = Store.open(db_path, device="one")
    first.save()
    second = Store.open(db_path, device="two")
    first.checkins.add(5, note="from one")
    first.save()
    second.checkins.add(6, note="from two")
    second.save()
    assert {"from one", "from two"} <= _notes(db_path)


def test_a_lock_held_too_long_is_a_kind_message_not_a_hang(db_path: Path) -> None:
    store = Store.open(db_path, device="one")
    store.checkins.add(5, note="waiting")
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with file_lock(db_path):
            held.set()
            release.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        with pytest.raises(LockBusy) as caught, file_lock(db_path, timeout=0.2):
            pass
        assert "try again" in str(caught.value)
    finally:
        release.set()
        holder.join()
    assert store.save()
    assert "waiting" in _notes(db_path)
