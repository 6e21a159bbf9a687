"""The store's habit days: statuses, notes, undo, pauses, order and deletion, on disk."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from apphelpers import TODAY, Clock, read_file

from innerchild_tui.domain.schedules import parse_schedule
from innerchild_tui.store import Store, StoreError


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store.open(db_path, device="test", clock=Clock(2026, 11, 24, 10, 0))


def test_a_day_keeps_its_id_status_note_and_reason(store: Store, db_path: Path) -> None:
    hid = store.habits.all()[0]["id"]
    assert store.habit_days.set(hid, TODAY, "rest", reason="sick", note="fever") is None
    before = store.habit_days.set(hid, TODAY, "partial")  # the note stays; a reason is for rest
    assert before is not None and before["reason"] == "sick"
    store.save()
    record = read_file(db_path)["completions"][f"{hid}:{TODAY}"]
    assert (record["status"], record["note"], "reason" in record) == ("partial", "fever", False)
    written = db_path.read_bytes()
    store.habit_days.set(hid, TODAY, "partial")  # the same again: nothing to save
    assert store.save() is False and db_path.read_bytes() == written
    store.habit_days.put_back(hid, TODAY, before)
    store.save()
    record = read_file(db_path)["completions"][f"{hid}:{TODAY}"]
    assert (record["status"], record["reason"], record["note"]) == ("rest", "sick", "fever")
    with pytest.raises(StoreError, match="hasn't come yet"):
        store.habit_days.set(hid, TODAY + timedelta(days=1), "done")
    store.habit_days.set(hid, TODAY + timedelta(days=3), "rest", reason="planned")


def test_cleared_days_keep_no_words(store: Store, db_path: Path) -> None:
    hid = store.habits.all()[0]["id"]
    store.habit_days.set(hid, TODAY, "done", note="my private words")
    store.habit_days.set(hid, TODAY, None)
    store.save()
    tombstone = read_file(db_path)["completions"][f"{hid}:{TODAY}"]
    assert tombstone["deleted"] is True and "note" not in tombstone
    assert b"my private words" not in db_path.read_bytes()


def test_old_ticks_without_new_fields_still_count(store: Store, db_path: Path) -> None:
    hid = store.habits.all()[0]["id"]
    store.habit_days.set_done(hid, TODAY - timedelta(days=1))
    store.save()
    data = read_file(db_path)
    for record in data["completions"].values():
        record.pop("status")  # as an older version might have left it
    db_path.write_text(json.dumps(data), encoding="utf-8")
    again = Store.open(db_path, device="test", clock=Clock(2026, 11, 24, 10, 0))
    assert again.habit_days.done(hid) == {TODAY - timedelta(days=1)}
    assert again.habit_days.history(hid).status_on(TODAY - timedelta(days=1)) == "done"


def test_settings_order_pause_and_delete(store: Store, db_path: Path) -> None:
    habits = store.habits.all()
    first, second = habits[0]["id"], habits[1]["id"]
    store.habits.update(first, schedule=parse_schedule("3 in 7"), grace=False)
    assert store.habits.move(first, 1) is True
    assert [h["id"] for h in store.habits.all()][:2] == [second, first]
    assert store.habits.move(second, -1) is False
    store.habits.pause([first, second], TODAY, TODAY + timedelta(days=6), "holiday")
    assert store.habit_days.history(first).paused_on(TODAY + timedelta(days=6))
    assert store.habits.end_pauses([first], TODAY + timedelta(days=2))
    assert not store.habit_days.history(first).paused_on(TODAY + timedelta(days=2))
    assert store.habit_days.history(first).paused_on(TODAY + timedelta(days=1))
    store.habit_days.set(first, TODAY, "done", note="secret")
    removed = store.habits.delete(first)
    store.save()
    assert [table for table, _ in removed] == ["habits", "completions"]
    assert b"secret" not in db_path.read_bytes()
    for table, record in removed:
        store.restore(table, record)
    store.save()
    habit = read_file(db_path)["habits"][first]
    assert habit["schedule"] == {"type": "times", "times": 3, "days": 7}
    assert habit["grace"] is False and not habit["deleted"]
    assert read_file(db_path)["completions"][f"{first}:{TODAY}"]["note"] == "secret"


def test_two_devices_marking_the_same_day_make_one_entry(db_path: Path) -> None:
    one = Store.open(db_path, device="a", clock=Clock(2026, 11, 24, 10, 0))
    one.save()
    two = Store.open(db_path, device="b", clock=Clock(2026, 11, 24, 10, 1))
    hid = one.habits.all()[0]["id"]
    one.habit_days.set(hid, TODAY, "done", note="from a")
    two.habit_days.set(hid, TODAY, "rest", reason="tired")
    one.save()
    two.save()
    (entry,) = [r for r in read_file(db_path)["completions"].values()]
    assert entry["status"] == "rest"  # the later change wins, as for every record
