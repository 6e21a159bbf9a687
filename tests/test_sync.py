"""Two computers, one file: natural keys, letters written on both sides, merges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.domain.merge import letter_copies, version_of
from innerchild_tui.store import Store


def _letter(text: str, stamp: str, device: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "L1",
        "title": "Garden",
        "day": "2026-11-24",
        "to_child": text,
        "from_child": "",
        "created_at": "2026-11-24T10:00:00.000Z",
        "updated_at": stamp,
        "device": device,
        "deleted": False,
        **extra,
    }


def test_a_letter_changed_on_both_sides_keeps_the_losing_text_as_a_copy() -> None:
    base = _letter("Dear you", "2026-11-24T10:00:00.000Z", "a")
    mine = _letter("Dear you, I am here", "2026-11-24T11:00:00.000Z", "a")
    theirs = _letter("Dear you, I missed you", "2026-11-24T12:00:00.000Z", "b")
    copies = letter_copies({"L1": mine}, {"L1": theirs}, {"L1": version_of(base)})
    (copy,) = copies.values()
    assert copy["to_child"] == "Dear you, I am here"
    assert copy["copy_of"] == "L1"
    assert "another device" in copy["title"]


def test_a_letter_changed_on_one_side_only_needs_no_copy() -> None:
    base = _letter("Dear you", "2026-11-24T10:00:00.000Z", "a")
    theirs = _letter("Dear you, I missed you", "2026-11-24T12:00:00.000Z", "b")
    assert letter_copies({"L1": base}, {"L1": theirs}, {"L1": version_of(base)}) == {}


def test_without_a_base_a_copy_is_made_only_when_words_would_be_lost() -> None:
    older = _letter("Dear you", "2026-11-24T10:00:00.000Z", "a")
    newer = _letter("Dear you, more", "2026-11-24T12:00:00.000Z", "b")
    assert letter_copies({"L1": older}, {"L1": newer}, None) == {}
    shorter = _letter("Dear", "2026-11-24T13:00:00.000Z", "b")
    (copy,) = letter_copies({"L1": newer}, {"L1": shorter}, None).values()
    assert copy["to_child"] == "Dear you, more"


texts = st.text(alphabet="abc ", max_size=6)
stamps = st.sampled_from(["2026-11-24T10:00:00.000Z", "2026-11-24T11:00:00.000Z"])


@given(texts, texts, stamps, stamps, st.sampled_from(["a", "b"]), st.sampled_from(["a", "b"]))
def test_letter_copies_do_not_depend_on_which_side_is_ours(
    t1: str, t2: str, s1: str, s2: str, d1: str, d2: str
) -> None:
    one, two = _letter(t1, s1, d1), _letter(t2, s2, d2)
    assert letter_copies({"L1": one}, {"L1": two}, None) == letter_copies(
        {"L1": two}, {"L1": one}, None
    )


def _live(path: Path, table: str) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in data.get(table, {}).values() if not r.get("deleted")]


def test_two_computers_typing_the_same_letter_keep_both_texts(db_path: Path) -> None:
    desk = Store.open(db_path, device="desk")
    letter = desk.letters.new("Garden")
    desk.letters.update(letter["id"], to_child="Dear little one")
    desk.save()
    laptop = Store.open(db_path, device="laptop")
    laptop.letters.update(letter["id"], from_child="I am scared of the dark")
    desk.letters.update(letter["id"], from_child="I like the snails")
    laptop.save()
    desk.save()
    texts = sorted(r["from_child"] for r in _live(db_path, "letters"))
    assert texts == ["I am scared of the dark", "I like the snails"]
    laptop.reload_if_changed()
    assert len(laptop.letters.all()) == 2


def test_a_sync_client_putting_another_computers_letter_over_ours_keeps_our_words(
    tmp_path: Path,
) -> None:
    """Two computers, each its own copy of the file (as a sync client keeps them). Both
    add a line to the same letter while apart; each saves. The sync client then puts the
    desk's file in place of the laptop's (the laptop's kept as a conflict copy, which may
    be gone before anyone merges it: Syncthing keeps ten). The laptop wrote its version
    and the file held it, but the desk's version did not grow from it: both lines stay.
    (Syncthing test 4 lost "laptop wrote this in round 2" this way on a busy machine.)"""
    laptop_file, desk_file = tmp_path / "laptop" / "innerchild.json", tmp_path / "desk" / "a.json"
    laptop_file.parent.mkdir()
    desk_file.parent.mkdir()
    laptop = Store.open(laptop_file, device="laptop")
    letter = laptop.letters.new("Many rounds")
    laptop.letters.update(letter["id"], from_child="round 1")
    laptop.save()
    desk_file.write_bytes(laptop_file.read_bytes())  # in sync
    desk = Store.open(desk_file, device="desk")
    laptop.letters.update(letter["id"], from_child="round 1\nlaptop wrote this in round 2")
    laptop.save()
    desk.letters.update(letter["id"], from_child="round 1\ndesk wrote this in round 2")
    desk.save()
    laptop_file.write_bytes(desk_file.read_bytes())  # the sync client's replace
    assert laptop.reload_if_changed()
    texts = "\n".join(r["from_child"] for r in laptop.letters.all())
    assert "laptop wrote this in round 2" in texts and "desk wrote this in round 2" in texts
    laptop.save()
    desk_file.write_bytes(laptop_file.read_bytes())  # and back to the desk
    desk.reload_if_changed()
    texts = "\n".join(r["from_child"] for r in desk.letters.all())
    assert "laptop wrote this in round 2" in texts and "desk wrote this in round 2" in texts


def test_a_letter_the_file_grew_from_ours_needs_no_copy() -> None:
    """The other side kept every word of ours and went on: nothing to keep aside."""
    ours = _letter("Dear you", "2026-11-24T10:00:00.000Z", "a")
    grown = _letter("Dear you, and more", "2026-11-24T12:00:00.000Z", "b")
    assert letter_copies({"L1": ours}, {"L1": grown}, {"L1": version_of(ours)}) == {}
    other = _letter("Dear me", "2026-11-24T12:00:00.000Z", "b")  # not grown from ours
    (copy,) = letter_copies({"L1": ours}, {"L1": other}, {"L1": version_of(ours)}).values()
    assert copy["to_child"] == "Dear you"


def test_the_same_habit_added_on_two_computers_ends_as_one(db_path: Path) -> None:
    desk = Store.open(db_path, device="desk")
    laptop = Store.open(db_path, device="laptop")  # both start a new file: no file yet
    desk.habits.add("Walk outside")
    laptop.habits.add("walk  outside")
    desk.save()
    laptop.save()
    names = [h["name"].casefold() for h in _live(db_path, "habits")]
    assert names.count("walk outside") == 1
    assert len(names) == 6  # the five starter habits, once each, and the walk


def test_a_renamed_habits_old_name_can_be_used_again(db_path: Path) -> None:
    store = Store.open(db_path, device="desk")
    habit = store.habits.add("Walk")
    store.habits.rename(habit["id"], "Walk by the river")
    again = store.habits.add("Walk")
    assert again["id"] != habit["id"]
    assert {h["name"] for h in store.habits.all()} >= {"Walk", "Walk by the river"}


def _copy_with_extra_checkin(db_path: Path, name: str, note: str) -> Path:
    """What a sync client leaves: another computer's version of the file, under a new name."""
    other = Store.open(db_path, device="laptop")
    other.checkins.add(5, note=note)
    copy = db_path.parent / name
    copy.write_bytes(other.payload())
    return copy


def test_conflict_copies_are_merged_then_moved_to_the_backups(db_path: Path) -> None:
    from datetime import datetime

    from innerchild_tui.store.backups import backup_folder, list_backups
    from innerchild_tui.store.sync import merge_conflict_copies

    store = Store.open(db_path, device="desk")
    store.checkins.add(7, note="from the desk")
    store.save()
    names = [
        "innerchild.sync-conflict-20261124-213005-ABCDEF1.json",
        "innerchild (Sam's conflicted copy 2026-11-24).json",
        "innerchild 2.json",
    ]
    for index, name in enumerate(names):
        _copy_with_extra_checkin(db_path, name, f"from copy {index}")
    result = merge_conflict_copies(store, datetime(2026, 11, 24, 22, 0))
    assert sorted(p.name for p in result.merged) == sorted(names)
    notes = sorted(c["note"] for c in _live(db_path, "checkins"))
    assert notes == ["from copy 0", "from copy 1", "from copy 2", "from the desk"]
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["innerchild.json"]
    archived = sorted(p.name for p in (backup_folder(store.db_id) / "conflicts").iterdir())
    assert archived == sorted(names)
    assert any("before-merge" in p.name for p in list_backups(store.db_id))
    assert "3 conflict copies" in result.summary()


def test_a_conflict_copy_is_read_and_merged_out_of_the_cycle_collectors_way(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard merges conflict copies in a thread while the screen is up. A cycle
    collection set off by the copy's years of records walked all of them, holding the
    interpreter (a 47 ms stall at ten years), and the copy freed at once was one long C
    call. It is read and merged with the collector off, then let go a record at a time;
    the merge names the tables it changed, so only the panes showing them are refilled."""
    import gc
    from datetime import datetime

    from innerchild_tui.store import base
    from innerchild_tui.store.sync import merge_conflict_copies

    store = Store.open(db_path, device="desk")
    store.save()
    name = "innerchild.sync-conflict-20261124-213005-ABCDEF1.json"
    _copy_with_extra_checkin(db_path, name, "from the laptop")
    collector_on: list[bool] = []
    read: list[dict[str, Any]] = []
    parse, check = base._parse, base.check_tables

    def parsing(*args: Any, **options: Any) -> Any:
        collector_on.append(gc.isenabled())
        read.append(parse(*args, **options))
        return read[-1]

    def checking(*args: Any, **options: Any) -> Any:
        collector_on.append(gc.isenabled())
        return check(*args, **options)

    monkeypatch.setattr(base, "_parse", parsing)
    monkeypatch.setattr(base, "check_tables", checking)
    result = merge_conflict_copies(store, datetime(2026, 11, 24, 22, 0))
    assert [p.name for p in result.merged] == [name]
    assert collector_on == [False, False] and gc.isenabled()
    assert result.changed == {"checkins", "completions"}  # (a check-in ticks its habit)
    [copy] = read
    assert all(records == {} for table, records in copy.items() if table != "meta")
    assert [c["note"] for c in _live(db_path, "checkins")] == ["from the laptop"]


def test_an_unreadable_conflict_copy_is_left_alone_and_reported(db_path: Path) -> None:
    from datetime import datetime

    from innerchild_tui.store.sync import merge_conflict_copies

    store = Store.open(db_path, device="desk")
    store.save()
    broken = db_path.parent / "innerchild.sync-conflict-20261124-213005-ABCDEF1.json"
    broken.write_bytes(b'{"meta": ')
    result = merge_conflict_copies(store, datetime(2026, 11, 24, 22, 0))
    assert result.merged == []
    assert [p for p, _ in result.skipped] == [broken]
    assert broken.read_bytes() == b'{"meta": '
    assert "left as it is" in result.summary()


def test_temp_files_left_by_a_killed_save_are_swept_once_they_are_old(db_path: Path) -> None:
    import os
    import time

    store = Store.open(db_path, device="desk")
    old = db_path.parent / ".innerchild.json.abc123.tmp"
    fresh = db_path.parent / ".innerchild.json.def456.tmp"
    old.write_bytes(b"{}")
    fresh.write_bytes(b"{}")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    store.save()
    assert not old.exists()
    assert fresh.exists()  # perhaps another computer's save, still being written


def test_a_comfort_item_used_on_two_computers_while_apart_keeps_both_uses(
    db_path: Path,
) -> None:
    from datetime import date

    desk = Store.open(db_path, device="desk")
    item = desk.comfort.add("Warm tea")
    desk.save()
    laptop = Store.open(db_path, device="laptop")
    desk.comfort.mark_used(item["id"], date(2026, 11, 23))
    laptop.comfort.mark_used(item["id"], date(2026, 11, 24), helped=8)
    desk.save()
    laptop.save()
    (kept,) = _live(db_path, "comfort")
    assert kept["used"] == ["2026-11-23", "2026-11-24"]
    assert sorted(u["day"] for u in kept["uses"]) == ["2026-11-23", "2026-11-24"]
    assert [u["helped"] for u in kept["uses"] if u["day"] == "2026-11-24"] == [8]
    desk.reload_if_changed()
    assert desk.comfort.get(item["id"])["used"] == ["2026-11-23", "2026-11-24"]


texts_days = st.lists(st.sampled_from(["2026-11-22", "2026-11-23", "2026-11-24"]), max_size=3)


@given(texts_days, texts_days, stamps, stamps)
def test_comfort_use_unions_agree_on_both_sides(
    days_a: list[str], days_b: list[str], s1: str, s2: str
) -> None:
    from innerchild_tui.domain.merge import comfort_use_unions, merge

    def item(days: list[str], stamp: str, device: str) -> dict[str, Any]:
        uses = [{"day": d, "at": f"{d}T10:00:00.000Z", "helped": None} for d in days]
        return {
            "id": "C1",
            "name": "Tea",
            "used": sorted(set(days)),
            "uses": uses,
            "updated_at": stamp,
            "device": device,
            "deleted": False,
        }

    a, b = {"C1": item(days_a, s1, "a")}, {"C1": item(days_b, s2, "b")}

    def merged(x: dict[str, Any], y: dict[str, Any]) -> dict[str, Any]:
        out = merge({"comfort": x}, {"comfort": y})["comfort"]
        return {**out, **comfort_use_unions(x, y)}

    assert merged(a, b) == merged(b, a)
    assert set(merged(a, b)["C1"]["used"]) == set(days_a) | set(days_b)


def test_a_letter_edited_elsewhere_from_ours_needs_no_copy_even_when_words_go(
    db_path: Path,
) -> None:
    """Another process (or computer) that had our version and rewrote a line grew from
    ours: the letter names the versions it was written from, so no copy is made."""
    dashboard = Store.open(db_path, device="desk")
    letter = dashboard.letters.new("Garden")
    dashboard.letters.update(letter["id"], to_child="Dear little one, the first try")
    dashboard.save()
    other = Store.open(db_path, device="desk-2")
    for attempt in range(1, 6):  # several rewrites, each dropping the words before
        other.letters.update(letter["id"], to_child=f"Dear little one, try {attempt}")
        other.save()
    assert dashboard.reload_if_changed()
    (kept,) = dashboard.letters.all()
    assert kept["to_child"] == "Dear little one, try 5"


@given(st.lists(texts, min_size=1, max_size=40))
def test_a_lineage_names_the_newest_versions_written_from(rewrites: list[str]) -> None:
    from innerchild_tui.domain.merge import LINEAGE_FIELD, LINEAGE_KEPT, grown_from

    versions = [_letter("start", "2026-11-24T10:00:00.000Z", "a")]
    for n, text in enumerate(rewrites, start=1):
        record = _letter(text, f"2026-11-24T10:{n // 60:02d}:{n % 60:02d}.000Z", "b")
        record[LINEAGE_FIELD] = grown_from(record, versions[-1])
        versions.append(record)
    last = versions[-1]
    assert len(last[LINEAGE_FIELD]) == min(len(rewrites), LINEAGE_KEPT)
    for earlier in versions[-1 - LINEAGE_KEPT : -1]:  # each recent one: no copy needed
        assert letter_copies({"L1": earlier}, {"L1": last}, {"L1": version_of(earlier)}) == {}
