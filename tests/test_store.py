"""The store, on real files in temp folders with real pendulum clocks."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pendulum
import pytest
from apphelpers import Clock, read_file

from innerchild_tui import config
from innerchild_tui.domain.vocabulary import STARTER_HABITS
from innerchild_tui.store import Store, StoreError, UnreadableDatabase
from innerchild_tui.store.errors import NewerSchema, SaveFailed

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
TABLES = ("checkins", "habits", "completions", "comfort", "letters")


BERLIN = "Europe/Berlin"  # this file's person lives an hour ahead of the others


@pytest.fixture
def clock() -> Clock:
    return Clock(2026, 3, 14, 10, 0, tz=BERLIN)


@pytest.fixture
def open_store(db_path: Path, clock: Clock) -> Callable[..., Store]:
    def opener(device: str = "laptop", path: Path | None = None, **kwargs: Any) -> Store:
        return Store.open(
            path or db_path, device=device, clock=kwargs.pop("clock", clock), **kwargs
        )

    return opener


@pytest.fixture
def store(open_store: Callable[..., Store]) -> Store:
    """A saved database with the starter habits."""
    made = open_store()
    made.save()
    return made


def temp_leftovers(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


# A new database -------------------------------------------------------------------------
def test_new_database_is_seeded_but_not_written(
    db_path: Path, open_store: Callable[..., Store]
) -> None:
    fresh = open_store()
    assert fresh.is_new
    assert [h["name"] for h in fresh.habits.all()] == list(STARTER_HABITS)
    assert len(STARTER_HABITS) == 5
    assert fresh.db_id
    assert fresh.has_unsaved_changes
    assert not db_path.exists()  # nothing is written until save()
    assert fresh.save() is True
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert not fresh.has_unsaved_changes
    assert fresh.save() is False  # nothing new to write

    data = read_file(db_path)
    meta = data["meta"]["database"]
    assert meta["schema"] == 1
    assert meta["db_id"] == fresh.db_id
    assert meta["app"] == "innerchild-tui"
    assert meta["version"]
    assert len(data["habits"]) == 5


def test_the_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is not there"):
        Store.open(tmp_path / "missing" / "innerchild.json", device="laptop")


def test_records_carry_their_identity(store: Store, db_path: Path) -> None:
    store.checkins.add(6, ["hopeful"], ["play"], "a walk")
    habit = store.habits.all()[0]
    store.habit_days.set_done(habit["id"], store.today())
    store.comfort.add("Blue blanket")
    store.letters.new("Dear little one")
    store.save()
    data = read_file(db_path)
    for name in (*TABLES, "meta"):
        assert data[name], name
        for key, record in data[name].items():
            assert isinstance(record["id"], str)
            assert key == record["id"]
            assert STAMP.match(record["created_at"]), record
            assert STAMP.match(record["updated_at"]), record
            assert record["device"] == "laptop"
            assert record["deleted"] is False
    # Berlin 10:00 on 14 March is 09:00 UTC.
    checkin = next(iter(data["checkins"].values()))
    assert checkin["created_at"].startswith("2026-03-14T09:00:00.")
    assert checkin["day"] == "2026-03-14"


def test_ids_are_unique_and_stamps_never_go_backwards(store: Store) -> None:
    made = [store.checkins.add(5) for _ in range(50)]
    assert len({r["id"] for r in made}) == 50
    stamps = [r["updated_at"] for r in made]
    assert stamps == sorted(stamps) and len(set(stamps)) == 50


# Check-ins ------------------------------------------------------------------------------
@pytest.mark.parametrize("mood", [0, 11, -1, True, False, "7", 5.5, None])
def test_checkin_mood_must_be_one_to_ten(store: Store, mood: Any) -> None:
    with pytest.raises(StoreError, match="1 to 10"):
        store.checkins.add(mood)
    assert store.checkins.all() == []
    assert not store.has_unsaved_changes


@pytest.mark.parametrize("mood", [1, 10])
def test_checkin_mood_edges(store: Store, mood: int) -> None:
    assert store.checkins.add(mood)["mood"] == mood


def test_checkin_words_are_tidied(store: Store) -> None:
    record = store.checkins.add(4, ["  Sad ", "sad", "ANXIOUS", "\x1b[31m"], ["To  be heard", ""])
    assert record["feelings"] == ["sad", "anxious", "[31m"]
    assert record["needs"] == ["to be heard"]


def test_checkin_for_a_past_day_is_marked_backfilled(store: Store) -> None:
    yesterday = store.today() - timedelta(days=1)
    record = store.checkins.add(5, day=yesterday)
    assert record["day"] == yesterday.isoformat()
    assert record["backfilled"] is True
    assert store.checkins.add(5)["backfilled"] is False
    assert [r["id"] for r in store.checkins.all(yesterday)] == [record["id"]]


def test_late_night_checkin_belongs_to_the_evening_before(open_store: Callable[..., Store]) -> None:
    night = open_store(clock=Clock(2026, 3, 15, 1, 30, tz=BERLIN))
    assert night.today() == date(2026, 3, 14)
    assert night.checkins.add(3)["day"] == "2026-03-14"


def test_a_day_to_come_is_refused(store: Store, clock: Clock) -> None:
    tomorrow = store.today() + timedelta(days=1)
    habit = store.habits.all()[0]
    with pytest.raises(StoreError, match="hasn't come yet"):
        store.checkins.add(5, day=tomorrow)
    with pytest.raises(StoreError, match="hasn't come yet"):
        store.habit_days.set_done(habit["id"], tomorrow)
    with pytest.raises(StoreError, match="hasn't come yet"):
        store.habit_days.toggle(habit["id"], tomorrow)
    assert store.checkins.all() == []
    assert store.habit_days.done(habit["id"]) == set()
    assert not store.has_unsaved_changes
    # At 01:30 the calendar says the 15th, but the practice day is still the 14th.
    clock.now = pendulum.datetime(2026, 3, 15, 1, 30, tz=BERLIN)
    with pytest.raises(StoreError, match="hasn't come yet"):
        store.checkins.add(5, day=date(2026, 3, 15))
    store.habit_days.set_done(habit["id"], date(2026, 3, 15), False)  # nothing to take back: fine
    assert not store.has_unsaved_changes


def test_update_and_delete_checkin(store: Store, db_path: Path, clock: Clock) -> None:
    record = store.checkins.add(3, ["sad"], ["rest"], "my private words")
    clock.advance(minutes=5)
    changed = store.checkins.update(record["id"], 6, ["calm"], [], "better now")
    assert changed["updated_at"] > record["updated_at"]
    assert changed["created_at"] == record["created_at"]
    before = store.checkins.delete(record["id"])
    assert before["note"] == "better now"
    assert store.checkins.all() == []
    store.save()
    tombstone = read_file(db_path)["checkins"][record["id"]]
    assert tombstone["deleted"] is True
    assert tombstone["day"] == record["day"]
    for private in ("note", "mood", "feelings", "needs"):
        assert private not in tombstone
    assert b"better now" not in db_path.read_bytes()
    assert b"my private words" not in db_path.read_bytes()
    with pytest.raises(StoreError, match="no longer there"):
        store.checkins.update(record["id"], 5)

    store.restore("checkins", before)
    assert [r["note"] for r in store.checkins.all()] == ["better now"]
    store.save()
    revived = read_file(db_path)["checkins"][record["id"]]
    assert revived["deleted"] is False
    assert revived["note"] == "better now"
    assert revived["updated_at"] > tombstone["updated_at"]


# Habits ---------------------------------------------------------------------------------
def test_completion_ids_are_natural(store: Store, db_path: Path) -> None:
    habit = store.habits.all()[0]
    store.habit_days.set_done(habit["id"], date(2026, 3, 12))
    store.save()
    completions = read_file(db_path)["completions"]
    assert list(completions) == [f"{habit['id']}:2026-03-12"]
    assert completions[f"{habit['id']}:2026-03-12"]["habit_id"] == habit["id"]


def test_habit_days_read_back_share_their_repeated_texts(
    store: Store, db_path: Path, open_store: Callable[..., Store]
) -> None:
    """Years of ticks repeat the same few texts (the habit's id, "done", the device): read
    back, the days hold one copy of each, and are still exactly what was written."""
    habit = store.habits.all()[0]
    for back in range(1, 40):
        store.habit_days.set_done(habit["id"], date(2026, 3, 14) - timedelta(days=back))
    store.checkins.add(6)
    store.save()
    reopened = open_store(device="desk")
    days = list(reopened.habit_days.of(habit["id"]).values())
    assert len(days) == 39
    for field in ("habit_id", "status", "device"):
        assert len({id(day[field]) for day in days}) == 1, field
    written = read_file(db_path)["completions"]
    assert {r["id"]: r for r in days} == {
        key: day for key, day in written.items() if day["habit_id"] == habit["id"]
    }
    # and every record's id is its key, not a copy of it
    for table in ("completions", "checkins", "habits"):
        held = reopened._storage.read()[table]
        assert held and all(record["id"] is key for key, record in held.items()), table


def test_ticking_a_ticked_day_changes_nothing(store: Store, db_path: Path, clock: Clock) -> None:
    habit = store.habits.all()[0]
    store.habit_days.set_done(habit["id"], store.today())
    store.save()
    written = db_path.read_bytes()
    clock.advance(hours=1)
    store.habit_days.set_done(habit["id"], store.today())
    assert not store.has_unsaved_changes
    assert store.save() is False
    assert db_path.read_bytes() == written


def test_toggle_habit(store: Store, db_path: Path, clock: Clock) -> None:
    habit = store.habits.all()[1]
    today = store.today()
    assert store.habit_days.toggle(habit["id"], today) is True
    assert store.habit_days.done(habit["id"]) == {today}
    store.save()
    first = read_file(db_path)["completions"][f"{habit['id']}:{today}"]
    clock.advance(minutes=1)
    assert store.habit_days.toggle(habit["id"], today) is False
    assert store.habit_days.done(habit["id"]) == set()
    store.save()
    untied = read_file(db_path)["completions"][f"{habit['id']}:{today}"]
    assert untied["deleted"] is True and "status" not in untied
    clock.advance(minutes=1)
    assert store.habit_days.toggle(habit["id"], today) is True
    store.save()
    again = read_file(db_path)["completions"][f"{habit['id']}:{today}"]
    assert again["deleted"] is False and again["status"] == "done"
    assert again["created_at"] == first["created_at"]
    assert again["updated_at"] > untied["updated_at"]


def test_add_rename_and_archive_habits(store: Store) -> None:
    added = store.habits.add("  Drink   water ")
    assert added["name"] == "Drink water"
    assert added["order"] == 5
    with pytest.raises(StoreError, match="already have"):
        store.habits.add("drink WATER")
    with pytest.raises(StoreError, match="needs a name"):
        store.habits.add(" \x1b ")
    store.habits.rename(added["id"], "Drink a glass of water")
    # Another habit's name is taken for a rename too; a habit's own, in other letters, not.
    with pytest.raises(StoreError, match="already have"):
        store.habits.rename(added["id"], "write a LETTER")
    assert store.habits.rename(added["id"], "drink a glass of water")["name"] == (
        "drink a glass of water"
    )
    store.habits.rename(added["id"], "Drink a glass of water")
    store.habits.set_archived(added["id"])
    assert "Drink a glass of water" not in [h["name"] for h in store.habits.all()]
    archived = [h for h in store.habits.all(include_archived=True) if h["id"] == added["id"]]
    assert archived and archived[0]["archived"] is True
    assert store.habits.named("drink a glass of WATER")["id"] == added["id"]
    store.habits.set_archived(added["id"], False)
    assert store.habits.all()[-1]["id"] == added["id"]


def test_habit_named_error_lists_what_it_searched(store: Store) -> None:
    store.habits.set_archived(store.habits.named("Write a letter")["id"])
    with pytest.raises(StoreError) as caught:
        store.habits.named("Fly")
    message = str(caught.value)
    assert "“Fly”" in message
    assert "“Write a letter” (archived)" in message
    assert "“Hold one boundary”" in message


# Comfort and letters --------------------------------------------------------------------
def test_comfort_items(store: Store) -> None:
    item = store.comfort.add("Blue blanket", "the soft one")
    day = store.today()
    assert store.comfort.toggle_used(item["id"], day) is True
    assert store.comfort.all()[0]["used"] == [day.isoformat()]
    assert store.comfort.toggle_used(item["id"], day) is False
    assert store.comfort.all()[0]["used"] == []
    store.comfort.edit(item["id"], "Blue blanket", None)
    assert store.comfort.all()[0]["note"] == "the soft one"
    store.comfort.delete(item["id"])
    assert store.comfort.all() == []


def test_letters_keep_every_word_but_not_control_characters(store: Store, db_path: Path) -> None:
    letter = store.letters.new("To\tlittle me\x1b[2J")
    assert letter["title"] == "To little me[2J"
    to_child = "Hello\x1b]2;pwned\x07 you 🧸👩‍👧\n\tI am here.\x00\r\nשלום, أنت بأمان"
    store.letters.update(letter["id"], to_child=to_child, from_child="ok 💛")
    store.save()
    reopened = Store.open(db_path, device="desk")
    text = reopened.letters.get(letter["id"])["to_child"]
    assert text == "Hello]2;pwned you 🧸👩‍👧\n\tI am here.\nשלום, أنت بأمان"
    assert "\x1b" not in text and "\x00" not in text
    assert reopened.letters.get(letter["id"])["from_child"] == "ok 💛"
    with pytest.raises(ValueError, match="no field"):
        store.letters.update(letter["id"], mood="5")


def test_a_one_megabyte_letter_round_trips(store: Store, db_path: Path) -> None:
    line = "I hear you, and you are safe with me now. 🧸 שלום\n"
    long_text = (line * (1_000_000 // len(line) + 1))[:1_000_000]
    letter = store.letters.new("long")
    store.letters.update(letter["id"], to_child=long_text)
    store.save()
    assert db_path.stat().st_size > 1_000_000
    assert Store.open(db_path, device="desk").letters.get(letter["id"])["to_child"] == long_text


def test_letters_newest_first(store: Store, clock: Clock) -> None:
    first = store.letters.new("one")
    clock.advance(days=1)
    second = store.letters.new("two")
    assert [r["id"] for r in store.letters.all()] == [second["id"], first["id"]]


def test_export_has_live_records_only(store: Store) -> None:
    kept = store.checkins.add(7, note="kept")
    gone = store.checkins.add(2, note="gone")
    store.checkins.delete(gone["id"])
    exported = store.export()
    assert exported["app"] == "innerchild-tui"
    assert exported["db_id"] == store.db_id
    assert exported["schema"] == 1
    assert [r["id"] for r in exported["checkins"]] == [kept["id"]]
    assert len(exported["habits"]) == 5
    orjson.dumps(exported)  # plain data, ready to be written out


# Two processes, one file ----------------------------------------------------------------
def test_two_stores_take_turns_and_nothing_is_lost(
    store: Store, db_path: Path, open_store: Callable[..., Store]
) -> None:
    desk = open_store("desk")
    a1 = store.checkins.add(5, note="laptop one")
    store.save()
    b1 = desk.comfort.add("Tea", "desk one")
    desk.save()  # must merge the laptop's save first
    a2 = store.letters.new("laptop two")
    store.save()  # and this one the desk's
    b2 = desk.habits.add("Desk habit")
    desk.save()

    final = Store.open(db_path, device="third")
    assert [r["id"] for r in final.checkins.all()] == [a1["id"]]
    assert [r["id"] for r in final.comfort.all()] == [b1["id"]]
    assert [r["id"] for r in final.letters.all()] == [a2["id"]]
    assert b2["id"] in [h["id"] for h in final.habits.all()]
    assert len(final.habits.all()) == 6


def test_reload_picks_up_another_stores_save(
    store: Store, open_store: Callable[..., Store]
) -> None:
    desk = open_store("desk")
    assert store.reload_if_changed() is False
    desk.checkins.add(8, note="from the desk")
    desk.save()
    assert store.reload_if_changed() is True
    assert [r["note"] for r in store.checkins.all()] == ["from the desk"]
    assert not store.has_unsaved_changes  # the file already holds all of it
    assert store.reload_if_changed() is False


def test_a_delete_is_not_undone_by_a_stale_copy(
    store: Store, open_store: Callable[..., Store], clock: Clock
) -> None:
    record = store.checkins.add(4, note="to be deleted")
    store.save()
    desk = open_store("desk")
    clock.advance(minutes=1)
    store.checkins.delete(record["id"])
    store.save()
    desk.comfort.add("Music")  # the desk still has the check-in alive in memory
    desk.save()
    assert desk.checkins.all() == []
    assert Store.open(store.path, device="x").checkins.all() == []


def test_the_later_edit_wins_across_devices(
    store: Store, db_path: Path, open_store: Callable[..., Store]
) -> None:
    letter = store.letters.new("shared")
    store.save()
    desk_clock = Clock(2026, 3, 14, 10, 30, tz=BERLIN)
    desk = open_store("desk", clock=desk_clock)
    desk.letters.update(letter["id"], to_child="written at 10:30 on the desk")
    store.letters.update(letter["id"], to_child="written at 10:00 on the laptop")
    desk.save()
    store.save()  # older edit: merged, and loses
    assert store.letters.get(letter["id"])["to_child"] == "written at 10:30 on the desk"
    assert read_file(db_path)["letters"][letter["id"]]["device"] == "desk"


def test_a_file_replaced_by_rename_is_noticed(store: Store, db_path: Path) -> None:
    data = read_file(db_path)
    data["comfort"] = {
        "sync1": {
            "id": "sync1",
            "name": "Stuffed rabbit",
            "note": "",
            "used": [],
            "created_at": "2026-03-14T09:30:00.000Z",
            "updated_at": "2026-03-14T09:30:00.000Z",
            "device": "phone",
            "deleted": False,
        }
    }
    incoming = db_path.with_name(".syncthing.innerchild.json.tmp")
    incoming.write_text(json.dumps(data), encoding="utf-8")
    os.replace(incoming, db_path)  # what a sync client does
    assert store.reload_if_changed() is True
    assert [r["name"] for r in store.comfort.all()] == ["Stuffed rabbit"]
    store.checkins.add(5)
    store.save()
    assert "sync1" in read_file(db_path)["comfort"]


def test_a_deleted_file_is_written_again(
    store: Store, db_path: Path, quick_to_call_it_deleted: None
) -> None:
    store.checkins.add(5)
    db_path.unlink()
    assert store.save() is True
    assert len(Store.open(db_path, device="x").checkins.all()) == 1


def test_a_new_store_merges_a_file_that_appeared_meanwhile(
    db_path: Path, open_store: Callable[..., Store]
) -> None:
    first = open_store("laptop")
    second = open_store("desk")
    first.save()
    second.checkins.add(5)
    second.save()
    data = read_file(db_path)
    assert len(data["checkins"]) == 1
    assert second.db_id == data["meta"]["database"]["db_id"]


# Files that are not ours are never overwritten ------------------------------------------
def valid_bytes(tmp_path: Path) -> bytes:
    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    made = Store.open(source / "innerchild.json", device="maker")
    made.checkins.add(5, note="something to lose")
    made.save()
    return (source / "innerchild.json").read_bytes()


def with_meta(raw: bytes, **changes: Any) -> bytes:
    data = json.loads(raw)
    data["meta"]["database"].update(changes)
    return json.dumps(data).encode()


def with_table(raw: bytes, name: str, value: Any) -> bytes:
    data = json.loads(raw)
    data[name] = value
    return json.dumps(data).encode()


BAD_FILES: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda raw: b"",
    "whitespace": lambda raw: b" \n ",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "nul-filled": lambda raw: b"\x00" * len(raw),
    "nul-tail": lambda raw: raw + b"\x00" * 64,
    "trailing-garbage": lambda raw: raw + b"garbage",
    "invalid-utf8": lambda raw: raw.replace(b"something to lose", b"something \xff\xfe lose"),
    "bom": lambda raw: b"\xef\xbb\xbf" + raw,
    "json-list": lambda raw: b"[]",
    "json-empty-object": lambda raw: b"{}",
    "json-string": lambda raw: b'"innerchild"',
    "tinydb-own": lambda raw: b'{"_default": {}}',
    "tinydb-with-docs": lambda raw: b'{"_default": {"1": {"mood": 5}}}',
    "another-app": lambda raw: with_meta(raw, app="someone-else"),
    "meta-not-a-dict": lambda raw: with_table(raw, "meta", []),
    "schema-text": lambda raw: with_meta(raw, schema="1"),
    "schema-missing": lambda raw: with_meta(raw, schema=None),
    "schema-bool": lambda raw: with_meta(raw, schema=True),
    "table-not-a-dict": lambda raw: with_table(raw, "checkins", []),
    "record-not-a-dict": lambda raw: with_table(raw, "habits", {"x": 5}),
}


@pytest.mark.parametrize("damage", list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_a_bad_file_is_refused_and_left_untouched(
    tmp_path: Path, db_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    bad = damage(valid_bytes(tmp_path))
    db_path.write_bytes(bad)
    with pytest.raises(UnreadableDatabase) as caught:
        Store.open(db_path, device="laptop")
    error = caught.value
    assert error.path == db_path
    assert error.reason
    message = str(error)
    assert str(db_path) in message and "untouched" in message
    assert "doctor" not in message
    assert db_path.read_bytes() == bad
    assert os.listdir(db_path.parent) == [db_path.name]


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ([], "its “checkins” table is damaged (it is a list, not a table of records)"),
        ({"x": 5}, "its “checkins” table is damaged: “x” is a number, not a record"),
        (
            {"a": {}, "b": "text", "c": None},
            "its “checkins” table is damaged: “b” is a text, not a record, and 1 more like it",
        ),
    ],
)
def test_a_damaged_table_says_where_to_look(
    tmp_path: Path, db_path: Path, table: object, reason: str
) -> None:
    # One entry that is not a record makes the file unreadable (nothing is written over
    # it); the reason names the entry, so it can be found and put right by hand.
    db_path.write_bytes(with_table(valid_bytes(tmp_path), "checkins", table))
    with pytest.raises(UnreadableDatabase) as caught:
        Store.open(db_path, device="laptop")
    assert caught.value.reason == reason


def test_a_file_damaged_while_open_is_not_overwritten(store: Store, db_path: Path) -> None:
    store.checkins.add(5, note="still in memory")
    db_path.write_bytes(b'{"meta": {"database": ')  # a sync client left half a file
    with pytest.raises(UnreadableDatabase):
        store.save()
    with pytest.raises(UnreadableDatabase):
        store.reload_if_changed()
    assert db_path.read_bytes() == b'{"meta": {"database": '
    assert store.has_unsaved_changes
    assert [r["note"] for r in store.checkins.all()] == ["still in memory"]


def test_an_unreadable_path_is_refused(db_path: Path) -> None:
    db_path.mkdir()  # a folder where the file should be
    with pytest.raises(UnreadableDatabase):
        Store.open(db_path, device="laptop")
    assert db_path.is_dir()


# A newer schema -------------------------------------------------------------------------
def test_a_newer_schema_opens_read_only(tmp_path: Path, db_path: Path) -> None:
    newer = with_meta(valid_bytes(tmp_path), schema=99, version="9.0")
    db_path.write_bytes(newer)
    stamp = db_path.stat().st_mtime_ns
    reader = Store.open(db_path, device="laptop")
    assert reader.read_only
    assert reader.read_only_reason and "newer" in reader.read_only_reason
    assert [r["note"] for r in reader.checkins.all()] == ["something to lose"]  # still readable
    habit = reader.habits.all()[0]
    for change in (
        lambda: reader.checkins.add(5),
        lambda: reader.habits.add("New"),
        lambda: reader.habit_days.set_done(habit["id"], reader.today()),
        lambda: reader.checkins.delete(reader.checkins.all()[0]["id"]),
        lambda: reader.letters.new(),
    ):
        with pytest.raises(StoreError, match="newer"):
            change()
    assert not reader.has_unsaved_changes
    assert reader.save() is False
    assert db_path.read_bytes() == newer
    assert db_path.stat().st_mtime_ns == stamp
    assert os.listdir(db_path.parent) == [db_path.name]


def test_a_read_only_store_follows_the_file(tmp_path: Path, db_path: Path) -> None:
    raw = with_meta(valid_bytes(tmp_path), schema=99)
    db_path.write_bytes(raw)
    reader = Store.open(db_path, device="laptop")
    data = json.loads(raw)
    data["checkins"] = {}
    db_path.write_text(json.dumps(data), encoding="utf-8")
    assert reader.reload_if_changed() is True
    assert reader.checkins.all() == []
    assert reader.save() is False
    assert json.loads(db_path.read_bytes()) == data


def test_an_upgrade_elsewhere_stops_this_store_writing(
    store: Store, db_path: Path, open_store: Callable[..., Store]
) -> None:
    store.checkins.add(5, note="unsaved here")
    upgraded = with_meta(db_path.read_bytes(), schema=2, version="2.0")
    db_path.write_bytes(upgraded)
    with pytest.raises(NewerSchema):
        store.save()
    assert store.read_only
    assert db_path.read_bytes() == upgraded
    with pytest.raises(StoreError, match="newer"):
        store.save()  # its change is still unsaved, and it says so every time
    with pytest.raises(StoreError, match="newer"):
        store.checkins.add(6)
    assert db_path.read_bytes() == upgraded


# When the disk says no ------------------------------------------------------------------
def no_space(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_failed_save_keeps_everything_and_a_later_save_works(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = db_path.read_bytes()
    record = store.checkins.add(5, note="please keep me")
    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(SaveFailed) as caught:
        store.save()
    monkeypatch.undo()
    error = caught.value
    assert error.path == db_path
    assert error.reason == os.strerror(errno.ENOSPC)
    assert isinstance(error.__context__, OSError)  # the CLI reads the cause from here
    assert "tried again" not in str(error)
    assert "memory" in str(error)
    assert db_path.read_bytes() == before
    assert temp_leftovers(db_path.parent) == []
    assert store.has_unsaved_changes
    assert [r["id"] for r in store.checkins.all()] == [record["id"]]

    assert store.save() is True
    assert not store.has_unsaved_changes
    assert [r["note"] for r in Store.open(db_path, device="x").checkins.all()] == ["please keep me"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores folder permissions; the injected failure above covers it",
)
def test_a_read_only_folder(store: Store, db_path: Path) -> None:
    before = db_path.read_bytes()
    store.checkins.add(5, note="please keep me")
    db_path.parent.chmod(0o500)
    try:
        with pytest.raises(SaveFailed) as caught:
            store.save()
        assert caught.value.reason
        assert db_path.read_bytes() == before
        assert store.has_unsaved_changes
    finally:
        db_path.parent.chmod(0o700)
    assert store.save() is True
    assert temp_leftovers(db_path.parent) == []
    assert [r["note"] for r in Store.open(db_path, device="x").checkins.all()] == ["please keep me"]


def test_a_failed_first_save_of_a_new_database(
    db_path: Path, open_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = open_store()
    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(SaveFailed):
        fresh.save()
    monkeypatch.undo()
    assert not db_path.exists()
    assert os.listdir(db_path.parent) == []
    assert fresh.save() is True
    assert len(read_file(db_path)["habits"]) == 5


# This device's id ---------------------------------------------------------------------------
def test_device_id_is_made_once_and_kept(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "_run_device_id", None)
    first = config.device_id()
    assert first == config.device_id()
    kept = isolated_home / "state" / "innerchild" / "device-id"
    assert kept.read_text(encoding="utf-8").strip() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_device_id_without_a_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A state folder that cannot be made, even by root: its parent is a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker / "state"))
    monkeypatch.setattr(config, "_run_device_id", None)
    first = config.device_id()
    assert first
    assert config.device_id() == first  # the same id for the whole run
    assert blocker.read_text(encoding="utf-8") == ""
