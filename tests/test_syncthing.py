"""The store against a real sync client: two Syncthing devices on loopback, one folder.

Each scenario ends when both devices report the folder in sync, both data files are the
same, and every record either side wrote is in them. The figures of each scenario are
printed to the test log.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from syncthing_harness import Syncthing, syncthing_binary, wait_for

from innerchild_tui.store import Store
from innerchild_tui.store.sync import merge_conflict_copies

pytestmark = [
    pytest.mark.syncthing,
    pytest.mark.slow,
    pytest.mark.skipif(
        syncthing_binary() is None,
        reason="syncthing is not installed (Debian: apt-get install syncthing)",
    ),
]

SETTLE_TIMEOUT = 90.0


class Device:
    """One computer: a Syncthing instance and innerchild's store open on its folder."""

    def __init__(self, syncthing: Syncthing) -> None:
        self.syncthing = syncthing
        self.path = syncthing.folder / "innerchild.json"
        self.store: Store | None = None
        self.wrote: set[tuple[str, str]] = set()  # (table, id) of every record it made
        self.conflicts_merged = 0

    def open(self) -> Store:
        self.store = Store.open(self.path, device=self.syncthing.name)
        return self.store

    def tend(self) -> bool:
        """What the open app does every few seconds. True if it wrote the file."""
        assert self.store is not None
        if self.path.exists():
            self.store.reload_if_changed()
        result = merge_conflict_copies(self.store, datetime.now())
        self.conflicts_merged += len(result.merged)
        wrote = self.store.save()
        return wrote or bool(result.merged)

    def note(self, table: str, record: dict[str, Any]) -> None:
        self.wrote.add((table, record["id"]))

    def live_ids(self) -> set[tuple[str, str]]:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return {
            (table, key)
            for table, records in data.items()
            for key, record in records.items()
            if not record.get("deleted")
        }


def settle(one: Device, two: Device, timeout: float = SETTLE_TIMEOUT) -> None:
    """Tend, scan and wait until both devices hold the same file and nothing moves."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wrote = one.tend() | two.tend()
        one.syncthing.scan()
        two.syncthing.scan()
        wait_for(
            "both devices to be in sync",
            lambda: (
                one.syncthing.idle()
                and two.syncthing.idle()
                and one.syncthing.has_all_of(two.syncthing)
                and two.syncthing.has_all_of(one.syncthing)
            ),
            timeout=max(1.0, deadline - time.monotonic()),
        )
        conflicts = [p for d in (one, two) for p in d.path.parent.glob("*sync-conflict*")]
        same = (
            one.path.exists()
            and two.path.exists()
            and one.path.read_bytes() == two.path.read_bytes()
        )
        if same and not conflicts and not wrote:
            return
    raise TimeoutError(f"the two devices did not settle within {timeout:.0f} s")


@pytest.fixture(scope="module")
def devices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device]]:
    root = tmp_path_factory.mktemp("syncthing")
    laptop, desk = Syncthing("laptop", root), Syncthing("desk", root)
    try:
        laptop.start()
        desk.start()
        laptop.share_with(desk)
        desk.share_with(laptop)
        wait_for("the devices to connect", lambda: laptop.connected_to(desk), 60)
        one, two = Device(laptop), Device(desk)
        one.open().save()
        settle_first = time.monotonic()
        one.syncthing.scan()
        wait_for("the first file to reach the desk", two.path.exists, 60)
        wait_for("the desk to finish", two.syncthing.idle, 60)
        two.open()
        two.store.reload_if_changed()  # type: ignore[union-attr]
        print(f"devices connected, first file synced in {time.monotonic() - settle_first:.1f} s")
        yield one, two
    finally:
        for syncthing in (laptop, desk):
            syncthing.stop()


Tally = tuple[int, int, int, int]


def tally(one: Device, two: Device) -> Tally:
    return len(one.wrote), len(two.wrote), one.conflicts_merged, two.conflicts_merged


def report(
    capsys: pytest.CaptureFixture[str], name: str, one: Device, two: Device, before: Tally
) -> None:
    now = tally(one, two)
    wrote_one, wrote_two, copies_one, copies_two = (a - b for a, b in zip(now, before, strict=True))
    with capsys.disabled():
        print(
            f"\n[syncthing] {name}: laptop wrote {wrote_one}, desk wrote {wrote_two} records; "
            f"the merged file holds {len(one.live_ids())} live records in all; conflict copies "
            f"merged: laptop {copies_one}, desk {copies_two}"
        )


def assert_nothing_lost(one: Device, two: Device) -> None:
    held_one, held_two = one.live_ids(), two.live_ids()
    assert held_one == held_two
    missing = (one.wrote | two.wrote) - held_one
    assert not missing, f"lost records: {sorted(missing)}"


def test_1_a_change_on_one_device_reaches_the_other_while_it_is_open(
    devices: tuple[Device, Device], capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desk = devices
    assert laptop.store is not None and desk.store is not None
    start = tally(laptop, desk)
    record = laptop.store.checkins.add(7, ["calm"], ["rest"], "written on the laptop")
    laptop.note("checkins", record)
    laptop.store.save()
    laptop.syncthing.scan()
    wait_for(
        "the desk's open store to see the laptop's check-in",
        lambda: (
            desk.path.exists()
            and desk.store.reload_if_changed() is not None  # type: ignore[union-attr]
            and any(c["id"] == record["id"] for c in desk.store.checkins.all())
        ),  # type: ignore[union-attr]
        timeout=60,
    )
    settle(laptop, desk)
    report(capsys, "1 one writes, the other sees it", laptop, desk, start)
    assert_nothing_lost(laptop, desk)


def test_2_both_write_while_connected(
    devices: tuple[Device, Device], capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desk = devices
    assert laptop.store is not None and desk.store is not None
    start = tally(laptop, desk)
    for number in range(5):
        laptop.note("checkins", laptop.store.checkins.add(5 + number % 3, note=f"laptop {number}"))
        desk.note("comfort", desk.store.comfort.add(f"Desk comfort {number}"))
        laptop.store.save()
        desk.store.save()
        laptop.syncthing.scan()
        desk.syncthing.scan()
    settle(laptop, desk)
    report(capsys, "2 both write while connected", laptop, desk, start)
    assert_nothing_lost(laptop, desk)


def _offline_round(laptop: Device, desk: Device, round_number: int, letter_id: str) -> None:
    """Both devices edit while the folder is paused, including the same habit-day and the
    same letter; then the folder is resumed."""
    assert laptop.store is not None and desk.store is not None
    laptop.syncthing.set_paused(True)
    desk.syncthing.set_paused(True)
    habit = laptop.store.habits.all()[round_number % 5]
    day = laptop.store.today()
    for device in (laptop, desk):
        store = device.store
        assert store is not None
        for number in range(3):
            device.note(
                "checkins",
                store.checkins.add(
                    6, note=f"{device.syncthing.name} round {round_number}.{number}"
                ),
            )
        store.habit_days.set_done(habit["id"], day, True)
        # Each device adds a line to the same letter, as a person keeps writing.
        written = store.letters.get(letter_id)["from_child"]
        line = f"{device.syncthing.name} wrote this in round {round_number}"
        store.letters.update(letter_id, from_child=f"{written}\n{line}".strip())
        store.save()
    laptop.syncthing.set_paused(False)
    desk.syncthing.set_paused(False)
    wait_for("the devices to reconnect", lambda: laptop.syncthing.connected_to(desk.syncthing), 60)


def test_3_offline_edits_on_both_sides_make_conflict_copies_that_are_merged(
    devices: tuple[Device, Device], capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desk = devices
    assert laptop.store is not None and desk.store is not None
    start = tally(laptop, desk)
    letter = laptop.store.letters.new("Both hands")
    laptop.note("letters", letter)
    settle(laptop, desk)
    before = laptop.conflicts_merged + desk.conflicts_merged
    _offline_round(laptop, desk, 0, letter["id"])
    settle(laptop, desk)
    report(capsys, "3 paused, both edit, resumed", laptop, desk, start)
    assert_nothing_lost(laptop, desk)
    assert laptop.conflicts_merged + desk.conflicts_merged > before
    texts = "\n".join(r["from_child"] for r in desk.store.letters.all())
    assert "laptop wrote this in round 0" in texts
    assert "desk wrote this in round 0" in texts


def test_4_more_offline_rounds_than_syncthing_keeps_conflict_copies(
    devices: tuple[Device, Device], capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desk = devices
    assert laptop.store is not None and desk.store is not None
    start = tally(laptop, desk)
    letter = laptop.store.letters.new("Many rounds")
    laptop.note("letters", letter)
    settle(laptop, desk)
    before = laptop.conflicts_merged + desk.conflicts_merged
    rounds = 11  # one more than the 10 conflict copies of a file Syncthing keeps at most
    for round_number in range(1, rounds + 1):
        _offline_round(laptop, desk, round_number, letter["id"])
        settle(laptop, desk)
    report(capsys, f"4 {rounds} offline rounds", laptop, desk, start)
    assert_nothing_lost(laptop, desk)
    assert laptop.conflicts_merged + desk.conflicts_merged - before >= rounds
    texts = "\n".join(r["from_child"] for r in laptop.store.letters.all())
    for round_number in range(1, rounds + 1):
        for name in ("laptop", "desk"):
            assert f"{name} wrote this in round {round_number}" in texts
