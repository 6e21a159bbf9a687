"""The data file as a sync folder really treats it (issue 12): symlinks, temp files,
damaged records, conflict copies of another database id, read-only files, the umask."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from apphelpers import WIDE, build
from hypothesis import given, settings
from hypothesis import strategies as st

from innerchild_tui.app.screens.problem import ProblemScreen
from innerchild_tui.cli import main
from innerchild_tui.domain import shapes, validate
from innerchild_tui.paths import ensure_private_dir
from innerchild_tui.store import Store
from innerchild_tui.store.backups import list_backups
from innerchild_tui.store.doctor import examine
from innerchild_tui.store.locking import file_lock
from innerchild_tui.store.storage import TEMP_PREFIX, remove_stale_temp_files
from innerchild_tui.store.sync import merge_conflict_copies


def _data(path: Path) -> dict[str, Any]:
    return json.loads(path.read_bytes())


def _notes(path: Path) -> set[str]:
    return {str(r.get("note")) for r in _data(path)["checkins"].values()}


def _saved_store(path: Path, device: str = "here") -> Store:
    store = Store.open(path, device=device)
    store.checkins.add(5, note="first")
    store.save()
    return store


# Symlinks ---------------------------------------------------------------------------
def test_a_symlinked_data_file_stays_a_symlink(db_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "Dropbox"
    elsewhere.mkdir()
    target = elsewhere / "innerchild.json"
    _saved_store(target)
    db_path.symlink_to(target)
    store = Store.open(db_path, device="here")
    store.checkins.add(6, note="through the link")
    assert store.save()
    assert db_path.is_symlink()
    assert db_path.resolve() == target.resolve()
    assert "through the link" in _notes(target)
    assert not [p for p in db_path.parent.iterdir() if p.name != db_path.name]
    assert not [p for p in elsewhere.iterdir() if p.name != target.name]
    # A second save, after another process wrote the target, merges and keeps the link.
    other = Store.open(target, device="there")
    other.checkins.add(7, note="on the target")
    other.save()
    store.checkins.add(8, note="again")
    store.save()
    assert db_path.is_symlink()
    assert {"first", "through the link", "on the target", "again"} <= _notes(target)


# Temp files -------------------------------------------------------------------------
def test_temp_files_carry_a_name_sync_clients_ignore(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def watching_replace(src: Any, dst: Any) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watching_replace)
    _saved_store(db_path)
    [name] = seen
    # Syncthing skips "~syncthing~…"; Dropbox, Nextcloud and OneDrive skip "~….tmp".
    assert name.startswith("~syncthing~innerchild.json.")
    assert name.endswith(".tmp")


def test_a_killed_saves_temp_file_goes_at_once_with_the_lock(db_path: Path) -> None:
    store = _saved_store(db_path)
    leftover = db_path.parent / f"{TEMP_PREFIX}{db_path.name}.k1ll3d.tmp"
    leftover.write_bytes(b'{"half": ')
    store.checkins.add(6, note="next")
    store.save()
    assert not leftover.exists()
    # Without the lock held, a young one stays (it may be a save in flight).
    leftover.write_bytes(b'{"half": ')
    assert remove_stale_temp_files(db_path) == []
    with file_lock(db_path) as locked:
        assert locked
        assert remove_stale_temp_files(db_path, locked=True) == [leftover]


def test_the_next_process_removes_a_killed_saves_temp_file_on_opening(db_path: Path) -> None:
    _saved_store(db_path)
    leftover = db_path.parent / f"{TEMP_PREFIX}{db_path.name}.k1ll3d.tmp"
    leftover.write_bytes(b"private words")
    Store.open(db_path, device="next")
    assert not leftover.exists()


# Damaged records --------------------------------------------------------------------
DAMAGE = {
    "checkin-no-created-at": ("checkins", lambda r: r.pop("created_at"), True),
    "checkin-no-updated-at": ("checkins", lambda r: r.pop("updated_at"), True),
    "checkin-no-day": ("checkins", lambda r: r.pop("day"), True),
    "checkin-feelings-not-a-list": ("checkins", lambda r: r.update(feelings="sad"), True),
    "checkin-energy-a-word": ("checkins", lambda r: r.update(energy="high"), True),
    "checkin-no-mood": ("checkins", lambda r: r.pop("mood"), False),
    "checkin-mood-a-word": ("checkins", lambda r: r.update(mood="ok"), False),
    "checkin-nothing-to-date": (
        "checkins",
        lambda r: [r.pop(k) for k in ("day", "created_at", "updated_at")],
        False,
    ),
    "habit-no-name": ("habits", lambda r: r.pop("name"), False),
    "habit-order-a-word": ("habits", lambda r: r.update(order="first"), True),
    "tick-no-habit-id": ("completions", lambda r: r.pop("habit_id"), True),
    "tick-odd-status": ("completions", lambda r: r.update(status="maybe"), True),
    "comfort-no-name": ("comfort", lambda r: r.pop("name"), False),
    "comfort-used-not-a-list": ("comfort", lambda r: r.update(used=3), True),
    "letter-title-a-number": ("letters", lambda r: r.update(title=12), True),
    "record-no-device": ("checkins", lambda r: r.pop("device"), True),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_record_never_crashes_and_is_never_dropped(
    db_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table, spoil, mendable = DAMAGE[case]
    store = Store.open(db_path, device="here")
    checkin = store.checkins.add(5, ["sad"], note="kept")
    habit = store.habits.add("Walk")
    store.habit_days.set_done(habit["id"], store.today())
    store.comfort.add("Tea")
    store.letters.new("Dear one")
    store.save()
    data = _data(db_path)
    key = {
        "checkins": checkin["id"],
        "habits": habit["id"],
        "completions": f"{habit['id']}:{store.today().isoformat()}",  # not the check-in's tick
        "comfort": next(iter(data["comfort"])),
        "letters": next(iter(data["letters"])),
    }[table]
    spoil(data[table][key])
    spoiled = data[table][key]
    db_path.write_text(json.dumps(data), encoding="utf-8")

    store = Store.open(db_path, device="reader")
    [finding] = [f for f in store.findings if f.record_id == key]
    assert finding.repaired is mendable
    # Every reader the dashboard and the CLI use works.
    store.checkins.all()
    store.habits.all()
    store.comfort.all()
    store.letters.all()
    store.export()
    for command in (["today"], ["history"], ["habit", "list"], ["letters", "list"]):
        assert main(["--db", str(db_path), *command]) == 0, command
    capsys.readouterr()
    # doctor names it.
    found = examine(db_path)
    assert any(key[:40] in line for line in found.findings)
    # A save keeps it: as it was if damaged, present either way.
    store.checkins.add(7, note="later")
    store.save()
    after = _data(db_path)[table][key]
    if not mendable:
        assert after == spoiled
        assert key not in {r["id"] for r in store.export()[table]}
    assert "later" in _notes(db_path)
    # Another computer's change merged in: the damaged record, written back exactly as
    # this store wrote it, is checked again, never taken as a good one.
    elsewhere = Store.open(db_path, device="elsewhere")
    elsewhere.checkins.add(3, note="from elsewhere")
    elsewhere.save()
    assert store.reload_if_changed()
    assert "from elsewhere" in [c["note"] for c in store.checkins.all()]
    store.habits.all()
    store.comfort.all()
    store.letters.all()
    if not mendable:
        assert key not in {r["id"] for r in store.export()[table]}
        assert _data(db_path)[table][key] == spoiled


# A file this computer wrote -------------------------------------------------------------
def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time the records of a file are checked one by one, a count."""
    import innerchild_tui.store.base as base

    calls: list[int] = []
    check = base.check_tables

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return check(*args, **kwargs)

    monkeypatch.setattr(base, "check_tables", counted)
    return calls


def test_a_file_saved_here_opens_without_checking_its_records_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking every record was a third of opening ten years of data; the file this
    computer last wrote holds only records it checked itself."""
    _saved_store(db_path)
    checks = _counting_checks(monkeypatch)
    store = Store.open(db_path, device="here")
    assert checks == []
    assert [c["note"] for c in store.checkins.all()] == ["first"]
    assert main(["--db", str(db_path), "today"]) == 0  # a quick command too
    assert checks == []


def test_the_same_file_changed_by_anyone_else_is_checked(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changed in place, byte for byte the same size (an editor, a sync client that
    writes in place), the file is checked again and a spoiled record is set aside."""
    _saved_store(db_path)
    raw = db_path.read_bytes()
    at = raw.index(b'"mood":5')
    with db_path.open("r+b") as file:  # the same inode, the same size
        file.seek(at)
        file.write(b'"mood":0')
    checks = _counting_checks(monkeypatch)
    store = Store.open(db_path, device="here")
    assert checks == [1]
    assert [f.record_id for f in store.findings] == [next(iter(_data(db_path)["checkins"]))]


# A damaged byte -----------------------------------------------------------------------
async def test_the_dashboard_names_where_a_damaged_byte_is(db_path: Path) -> None:
    """A file tidied by hand (indented, over many lines) with a byte turned to 0xFF after
    a word with accents and an emoji: the dashboard's message names the line and the
    column an editor shows (characters, not bytes) and the byte's offset, and the file is
    kept as it is."""
    store = Store.open(db_path, device="here")
    store.checkins.add(5, ["calm"], [], note="café ☕ and a long walk")
    store.save()
    lines = json.dumps(_data(db_path), indent=2, ensure_ascii=False).split("\n")
    number = next(n for n, line in enumerate(lines, 1) if "café ☕ and a long walk" in line)
    column = lines[number - 1].index("walk") + 1
    at = len("\n".join([*lines[: number - 1], lines[number - 1][: column - 1]]).encode())
    raw = bytearray("\n".join(lines).encode())
    assert raw[at : at + 4] == b"walk"
    raw[at] = 0xFF
    db_path.write_bytes(raw)

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemScreen)
        message = app.screen.message
        await pilot.press("q")
    assert f"at line {number}, column {column} (byte offset {at}) the byte 0xFF" in message
    assert db_path.read_bytes() == raw


# Conflict copies --------------------------------------------------------------------
def test_a_conflict_copy_of_another_database_id_is_merged_after_a_backup(db_path: Path) -> None:
    store = _saved_store(db_path)
    elsewhere = db_path.parent.parent / "other-computer.json"
    other = Store.open(elsewhere, device="there")  # started its own file: another db_id
    other.checkins.add(3, note="from the other computer")
    other.save()
    assert other.db_id != store.db_id
    copy = db_path.parent / "innerchild.sync-conflict-20261124-213005-ABCDEF1.json"
    elsewhere.rename(copy)
    own_backup = db_path.parent / "my-backup-before-trip.json"
    own_backup.write_bytes(db_path.read_bytes())

    result = merge_conflict_copies(store, datetime.now())

    assert result.merged == [copy]
    assert not copy.exists()
    assert own_backup.exists()  # the person's own file is theirs
    assert "from the other computer" in _notes(db_path)
    assert _data(db_path)["meta"]["database"]["db_id"] == store.db_id
    assert any(b.name.endswith("-before-merge.json") for b in list_backups(store.db_id))


# Read-only data file ----------------------------------------------------------------
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anyway")
def test_a_read_only_file_opens_read_only_and_says_why(db_path: Path) -> None:
    _saved_store(db_path)
    db_path.chmod(0o444)
    before = db_path.read_bytes()
    store = Store.open(db_path, device="here")
    assert store.read_only
    assert "read-only" in str(store.read_only_reason)
    assert db_path.read_bytes() == before


def test_a_read_only_file_is_respected_even_by_root(db_path: Path) -> None:
    _saved_store(db_path)
    db_path.chmod(0o444)
    before = db_path.read_bytes()
    store = Store.open(db_path, device="here")
    assert store.read_only
    assert "write-protected" in str(store.read_only_reason)
    assert main(["--db", str(db_path), "checkin", "--mood", "5"]) == 2
    assert db_path.read_bytes() == before
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o444


# Folders ----------------------------------------------------------------------------
def test_private_folders_are_0700_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        made = ensure_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", made):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


# Quick commands ---------------------------------------------------------------------
@pytest.mark.parametrize("mood", ["1_0", "+7", "٧", " 7", "7 ", "²", "0x7", "7.0"])
def test_mood_takes_ascii_digits_only(db_path: Path, mood: str) -> None:
    assert main(["--db", str(db_path), "checkin", "--mood", mood]) == 2
    assert not db_path.exists()


def test_a_quick_command_takes_the_daily_backup(db_path: Path) -> None:
    assert main(["--db", str(db_path), "checkin", "--mood", "7"]) == 0
    db_id = _data(db_path)["meta"]["database"]["db_id"]
    [backup] = list_backups(db_id)
    assert backup.name.endswith("-daily.json")
    assert main(["--db", str(db_path), "checkin", "--mood", "6"]) == 0
    assert len(list_backups(db_id)) == 1  # once a day


def test_a_pause_of_odd_digits_is_refused_not_a_crash() -> None:
    from datetime import date

    import pytest

    from innerchild_tui.app.panes.habit_cells import parse_pause

    for odd in ("²", "٧", "+7", "1_0"):
        with pytest.raises(ValueError):
            parse_pause(odd, date(2026, 11, 24))
    assert parse_pause("7", date(2026, 11, 24))[1] == date(2026, 11, 30)


# The ticks' quick check -------------------------------------------------------------
_GOOD_TICK = {
    "habit_id": "h",
    "day": "2020-01-31",
    "status": "done",
    "created_at": "2020-01-31T10:00:00.000Z",
    "updated_at": "2020-01-31T10:00:00.000Z",
    "device": "here",
    "deleted": False,
}
_ODD = st.one_of(
    st.none(),
    st.integers(-1, 1),
    st.booleans(),
    st.lists(st.none(), max_size=1),
    st.text(alphabet="ab:-1 ", max_size=3),
    st.sampled_from(["2020-02-31", "2020-13-01", "2020-1-31", "rest", "maybe", "x:2020-01-31"]),
)
_TICK = st.tuples(
    st.dictionaries(st.sampled_from([*_GOOD_TICK, "id"]), _ODD, max_size=1),  # spoilt
    st.sets(st.sampled_from([*_GOOD_TICK, "id"]), max_size=1),  # left out
)


@settings(max_examples=400)
@given(st.lists(_TICK | st.just(None), max_size=12))
def test_the_ticks_quick_check_passes_exactly_what_the_check_of_one_record_passes(
    ticks: list[tuple[dict[str, Any], set[str]] | None],
) -> None:
    """Opening a file looks closely only at the ticks its quick loop doubts; a tick the
    loop passes is one that every rule, gone through one by one, finds nothing to mend."""
    table: dict[str, Any] = {}
    for n, tick in enumerate(ticks):
        key = f"h{n}:2020-01-31"
        if tick is None:
            table[key] = "not a record"
            continue
        spoilt, left_out = tick
        record = {**_GOOD_TICK, "id": key, **spoilt}
        table[key] = {k: v for k, v in record.items() if k not in left_out}
    passed = set(table) - set(validate.DOUBTFUL["completions"](table))
    for key in passed:  # every rule, one by one, finds nothing to mend
        notes: list[str] = []
        record = table[key]
        assert shapes._check("completions", key, record, notes, False, quick=False) == record
        assert notes == []
    # And the tables checked either way are the same.
    checked = shapes.check_tables({"completions": table}, clean_text=False)
    slowly = shapes.check_tables({"completions": table}, clean_text=True)
    assert checked.usable == slowly.usable
    assert checked.damaged == slowly.damaged


def test_tables_handed_on_are_used_as_they_are_unless_a_record_is_mended_or_set_aside() -> None:
    """A file just read gives its tables away (``handed_on``): a table with nothing to
    mend is usable as that very dict (ten years of tables copied were 5 MiB more at
    opening's peak and at a merge's); one with a record mended or set aside is a new dict,
    and the table read is left as it was read."""
    healthy = {"t1": {**_GOOD_TICK, "id": "t1"}, "t2": {**_GOOD_TICK, "id": "t2"}}
    read = {"completions": healthy}
    assert shapes.check_tables(read, clean_text=False, handed_on=True).usable["completions"] is (
        healthy
    )
    assert shapes.check_tables(read, clean_text=False).usable["completions"] is not healthy
    spoilt = {**healthy, "t3": "not a record"}
    hostile = {**healthy, "t4": {**_GOOD_TICK, "id": "t4", "note": "calm \x1b]2;owned\x07"}}
    for table, clean_text in ((spoilt, False), (hostile, True)):
        as_read = dict(table)
        checked = shapes.check_tables({"completions": table}, clean_text=clean_text, handed_on=True)
        usable = checked.usable["completions"]
        assert usable is not table and table == as_read
        assert table is hostile or usable["t1"] is healthy["t1"]
        assert set(usable) == {"t1", "t2"} | ({"t4"} if table is hostile else set())
    assert hostile["t4"]["note"] == "calm \x1b]2;owned\x07"  # the record read, as read
    assert "\x1b" not in usable["t4"]["note"]


async def test_the_dashboard_says_kindly_when_records_are_set_aside(db_path: Path) -> None:
    """A check-in whose mood is a word cannot be shown; the dashboard says so once, gently,
    and where to look, instead of the record vanishing without a word."""
    store = Store.open(db_path, device="here")
    shown = store.checkins.add(6, note="shown")
    odd = store.checkins.add(4, note="odd")
    store.save()
    data = _data(db_path)
    data["checkins"][odd["id"]]["mood"] = "seven"
    db_path.write_text(json.dumps(data), encoding="utf-8")

    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        said = [n for n in app._notifications if n.title == "Kept as written"]
        assert [n.message for n in said] == [
            "1 check-in in your file could not be read as written, so it is not shown here. "
            "Nothing was lost: the file keeps it exactly as it is, and "
            f"`innerchild --db {db_path} doctor` says what is wrong."
        ]
        assert [c["id"] for c in app.store.checkins.all()] == [shown["id"]]
        await pilot.press("c", "5", "ctrl+s")  # a change is saved: the odd one stays
        await pilot.pause()
    assert _data(db_path)["checkins"][odd["id"]]["mood"] == "seven"
