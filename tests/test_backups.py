"""Backups: verified, private, once a day, rotated; conflict copies archived, never lost."""

from __future__ import annotations

import errno
import itertools
import os
import random
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innerchild_tui import paths
from innerchild_tui.store import backups
from innerchild_tui.store.backups import (
    archive_conflict_copy,
    backup_folder,
    backup_if_due,
    list_backups,
    make_backup,
    newest_backup,
    rotate,
)
from innerchild_tui.store.storage import FileChanged, FileCopy, decode

DB_ID = "01JDB0000000000000000000AA"
OTHER_ID = "01JDB0000000000000000000ZZ"
NOW = datetime(2026, 11, 24, 21, 30, 5)
PAYLOAD = orjson.dumps(
    {"meta": {"database": {"app": "innerchild", "db_id": DB_ID, "schema": 1}}, "checkins": {}},
    option=orjson.OPT_INDENT_2,
)
POSIX = os.name == "posix"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def plant(db_id: str, taken: datetime, reason: str = "daily", count: int = 1) -> Path:
    """A backup file as make_backup names it, without the cost of fsync."""
    folder = paths.ensure_private_dir(backup_folder(db_id))
    suffix = f"-{count}" if count > 1 else ""
    path = folder / f"innerchild-{taken:%Y%m%d-%H%M%S}-{reason}{suffix}.json"
    path.write_bytes(PAYLOAD)
    return path


def names(found: list[Path]) -> list[str]:
    return [path.name for path in found]


# The folder --------------------------------------------------------------------------------
def test_backups_live_in_the_local_state_dir(isolated_home: Path) -> None:
    folder = backup_folder(DB_ID)
    assert folder == paths.state_dir() / "backups" / DB_ID
    assert folder.is_relative_to(isolated_home / "state")
    assert not folder.exists()  # naming it creates nothing


@pytest.mark.parametrize("bad", ["", ".", "..", "../x", "a/b", "a\\b", "a b", "x" * 129])
def test_a_database_id_cannot_escape_the_folder(bad: str) -> None:
    with pytest.raises(ValueError):
        backup_folder(bad)
    with pytest.raises(ValueError):
        make_backup(PAYLOAD, db_id=bad, reason="daily", now=NOW)


# make_backup -------------------------------------------------------------------------------
def test_a_backup_is_named_by_local_time_and_reason() -> None:
    path = make_backup(PAYLOAD, db_id=DB_ID, reason="before-merge", now=NOW)
    assert path == backup_folder(DB_ID) / "innerchild-20261124-213005-before-merge.json"
    assert path.read_bytes() == PAYLOAD
    assert decode(path.read_bytes())["meta"]["database"]["db_id"] == DB_ID


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_backups_are_private() -> None:
    path = make_backup(PAYLOAD, db_id=DB_ID, reason="daily", now=NOW)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700  # …/backups


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_loose_backup_folders_are_tightened() -> None:
    folder = backup_folder(DB_ID)
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    folder.parent.chmod(0o755)
    make_backup(PAYLOAD, db_id=DB_ID, reason="daily", now=NOW)
    assert mode(folder) == 0o700
    assert mode(folder.parent) == 0o700


def test_same_second_backups_get_numbered() -> None:
    made = [make_backup(PAYLOAD, db_id=DB_ID, reason="before-merge", now=NOW) for _ in range(3)]
    assert names(made) == [
        "innerchild-20261124-213005-before-merge.json",
        "innerchild-20261124-213005-before-merge-2.json",
        "innerchild-20261124-213005-before-merge-3.json",
    ]
    other = make_backup(PAYLOAD, db_id=DB_ID, reason="daily", now=NOW)
    assert other.name == "innerchild-20261124-213005-daily.json"
    assert all(path.read_bytes() == PAYLOAD for path in [*made, other])


@pytest.mark.parametrize(
    "reason", ["daily", "before-migration", "before-merge", "before-restore", "doctor2"]
)
def test_reasons_are_letters_digits_and_dashes(reason: str) -> None:
    assert make_backup(PAYLOAD, db_id=DB_ID, reason=reason, now=NOW).name.endswith(
        f"-{reason}.json"
    )


@pytest.mark.parametrize("reason", ["", "before merge", "a/b", "../x", "-daily", "daily-", "é"])
def test_bad_reasons_are_refused(reason: str) -> None:
    with pytest.raises(ValueError):
        make_backup(PAYLOAD, db_id=DB_ID, reason=reason, now=NOW)
    assert list_backups(DB_ID) == []


def test_a_payload_that_does_not_parse_is_refused_before_writing() -> None:
    with pytest.raises(ValueError):
        make_backup(b'{"half": ', db_id=DB_ID, reason="daily", now=NOW)
    assert list_backups(DB_ID) == []


def test_a_backup_that_reads_back_wrong_is_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    def corrupting_write(path: Path, payload: bytes) -> None:
        path.write_bytes(payload[:-2] + b"}\n")

    monkeypatch.setattr(backups, "atomic_write", corrupting_write)
    with pytest.raises(OSError, match="did not read back"):
        make_backup(PAYLOAD, db_id=DB_ID, reason="daily", now=NOW)
    assert list(backup_folder(DB_ID).iterdir()) == []


def test_a_failed_write_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(path: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "atomic_write", full_disk)
    with pytest.raises(OSError, match="No space"):
        make_backup(PAYLOAD, db_id=DB_ID, reason="daily", now=NOW)
    assert list(backup_folder(DB_ID).iterdir()) == []


@pytest.fixture
def five_hours_east() -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "XYZ-5"  # POSIX: local time is UTC+5, no tz database needed
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.usefixtures("five_hours_east")
def test_an_aware_time_is_named_in_local_time() -> None:
    moment = datetime(2026, 11, 24, 21, 30, 5, tzinfo=UTC)
    path = make_backup(PAYLOAD, db_id=DB_ID, reason="daily", now=moment)
    assert path.name == "innerchild-20261125-023005-daily.json"


def GIVEN() -> tuple[bytes, bool]:
    return PAYLOAD, False  # not known to parse: make_backup parses it


# backup_if_due -----------------------------------------------------------------------------
def test_the_daily_backup_happens_once_a_calendar_day() -> None:
    first = backup_if_due(GIVEN, db_id=DB_ID, now=datetime(2026, 11, 24, 0, 0, 1))
    assert first is not None and first.name == "innerchild-20261124-000001-daily.json"
    assert backup_if_due(GIVEN, db_id=DB_ID, now=datetime(2026, 11, 24, 12, 0)) is None
    assert backup_if_due(GIVEN, db_id=DB_ID, now=datetime(2026, 11, 24, 23, 59, 59)) is None
    second = backup_if_due(GIVEN, db_id=DB_ID, now=datetime(2026, 11, 25, 0, 0, 0))
    assert second is not None and second.name == "innerchild-20261125-000000-daily.json"
    assert names(list_backups(DB_ID)) == [second.name, first.name]


def test_other_backups_do_not_count_as_the_daily_one() -> None:
    make_backup(PAYLOAD, db_id=DB_ID, reason="before-merge", now=NOW)
    assert backup_if_due(GIVEN, db_id=DB_ID, now=NOW + timedelta(seconds=1)) is not None


def test_another_databases_daily_backup_does_not_count() -> None:
    backup_if_due(GIVEN, db_id=OTHER_ID, now=NOW)
    assert backup_if_due(GIVEN, db_id=DB_ID, now=NOW) is not None


@pytest.mark.usefixtures("five_hours_east")
def test_the_day_is_the_local_day() -> None:
    # 20:00 UTC on the 24th is 01:00 on the 25th here; 17:00 UTC is 22:00 on the 24th.
    utc = UTC
    assert backup_if_due(GIVEN, db_id=DB_ID, now=datetime(2026, 11, 24, 17, tzinfo=utc))
    assert backup_if_due(GIVEN, db_id=DB_ID, now=datetime(2026, 11, 24, 20, tzinfo=utc))
    assert backup_if_due(GIVEN, db_id=DB_ID, now=datetime(2026, 11, 24, 22, tzinfo=utc)) is None


def test_backup_if_due_rotates() -> None:
    old = [plant(DB_ID, datetime(2026, 3, 1, 9) + timedelta(hours=h)) for h in range(3)]
    made = backup_if_due(GIVEN, db_id=DB_ID, now=NOW)
    assert made is not None
    # Only the newest of that March day is kept.
    assert names(list_backups(DB_ID)) == [made.name, old[-1].name]


# rotate ------------------------------------------------------------------------------------
Stamp = tuple[datetime, int]  # the time in the name, and its -2/-3 counter


def oracle(stamps: list[Stamp], now: datetime) -> set[Stamp]:
    """What rotation keeps, spelled out the slow and obvious way."""
    keep: set[Stamp] = set()
    days = sorted({taken.date() for taken, _ in stamps}, reverse=True)[:14]
    for day in days:
        keep.add(max(s for s in stamps if s[0].date() == day))
    months = sorted({(taken.year, taken.month) for taken, _ in stamps}, reverse=True)[:12]
    for month in months:
        keep.add(max(s for s in stamps if (s[0].year, s[0].month) == month))
    for taken, count in stamps:
        if now - taken <= timedelta(hours=24):
            keep.add((taken, count))
    return keep


def two_years_of_backups() -> list[tuple[datetime, int, str]]:
    """Irregular backups from two years before NOW to an hour after it."""
    rng = random.Random(20261124)
    made: list[tuple[datetime, int, str]] = []
    day = NOW.date() - timedelta(days=730)
    while day <= NOW.date():
        if rng.random() < 0.4 or day >= NOW.date() - timedelta(days=3):
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                taken = datetime.combine(day, datetime.min.time()) + timedelta(
                    seconds=rng.randrange(86400)
                )
                reason = rng.choice(backups.REASONS)
                made.append((taken, 1, reason))
        if rng.random() < 0.05:  # now and then a long gap
            day += timedelta(days=rng.randrange(10, 40))
        day += timedelta(days=1)
    # Same second, numbered; the edges of "the last 24 hours"; a clock that ran ahead.
    same = datetime(2026, 11, 19, 23, 59, 59)
    made += [(same, 1, "before-merge"), (same, 2, "before-merge"), (same, 3, "before-merge")]
    made += [
        (NOW - timedelta(hours=24), 1, "daily"),
        (NOW - timedelta(hours=24, seconds=1), 1, "before-merge"),
        (NOW - timedelta(hours=24, seconds=2), 1, "before-merge"),
        (NOW - timedelta(minutes=1), 1, "before-restore"),
        (NOW + timedelta(hours=1), 1, "daily"),
    ]
    return made


def test_rotation_over_two_years_keeps_exactly_what_the_oracle_says() -> None:
    made = two_years_of_backups()
    by_stamp = {(t, c): plant(DB_ID, t, reason, c) for t, c, reason in made}
    assert len(by_stamp) == len(made) > 150
    assert min(by_stamp)[0] < NOW - timedelta(days=700)
    expected = oracle(list(by_stamp), NOW)

    removed = rotate(DB_ID, NOW)

    survivors = {by_stamp[s].name for s in expected}
    assert set(names(list_backups(DB_ID))) == survivors
    assert set(removed) == {path for s, path in by_stamp.items() if s not in expected}
    assert not any(path.exists() for path in removed)
    assert len(survivors) <= 14 + 12 + sum(1 for t, _ in by_stamp if NOW - t <= timedelta(days=1))
    # The oracle keeps what it should: the edges, the numbered newest, the future one.
    kept = {by_stamp[s].name for s in expected}
    assert "innerchild-20261123-213005-daily.json" in kept  # exactly 24 hours old
    assert "innerchild-20261124-223005-daily.json" in kept  # an hour ahead
    assert "innerchild-20261119-235959-before-merge-3.json" in kept  # its day's newest
    assert "innerchild-20261119-235959-before-merge-2.json" not in kept
    assert "innerchild-20261123-213004-before-merge.json" not in kept  # 24 h and 1 s
    assert len(removed) > 100
    # And a second rotation has nothing left to do.
    assert rotate(DB_ID, NOW) == []


def test_rotation_by_hand() -> None:
    now = datetime(2026, 11, 24, 12, 0)
    planted = [
        plant(DB_ID, datetime(2024, 1, 5, 10)),  # 23 months old: beyond 12 months
        plant(DB_ID, datetime(2025, 12, 1, 9)),  # month 12 of 12, older of two
        plant(DB_ID, datetime(2025, 12, 30, 9)),  # month 12 of 12, newest
        plant(DB_ID, datetime(2026, 6, 1, 8), "before-migration"),  # June, older
        plant(DB_ID, datetime(2026, 6, 1, 8), "before-migration", 2),  # June's newest
        plant(DB_ID, datetime(2026, 11, 20, 7)),  # a day, older of two
        plant(DB_ID, datetime(2026, 11, 20, 23), "before-merge"),  # that day's newest
        plant(DB_ID, datetime(2026, 11, 23, 11, 59)),  # 24h+1min: the day's older one
        plant(DB_ID, datetime(2026, 11, 23, 12, 0), "before-merge"),  # 24h: kept
        plant(DB_ID, datetime(2026, 11, 23, 18, 0)),  # the 23rd's newest
        plant(DB_ID, datetime(2026, 11, 24, 9, 0), "before-merge"),  # today, recent
        plant(DB_ID, datetime(2026, 11, 24, 11, 0)),  # today, recent
    ]
    # A backup mid-month from January to October, so December 2025 is the 12th month
    # with backups and 2025-12-30 the 14th day with backups.
    for month in range(1, 11):
        if month != 6:
            planted.append(plant(DB_ID, datetime(2026, month, 15, 12)))
    gone = {planted[0], planted[1], planted[3], planted[5], planted[7]}

    removed = rotate(DB_ID, now)

    assert set(removed) == gone
    assert set(list_backups(DB_ID)) == set(planted) - gone
    assert removed == sorted(removed, key=lambda p: p.name, reverse=True)  # newest first


def test_only_the_last_fourteen_days_with_backups_count() -> None:
    # Twenty days in one month, months apart from now: each day keeps only its newest.
    start = datetime(2026, 3, 1)
    for day in range(20):
        for hour in (8, 20):
            plant(DB_ID, start + timedelta(days=day, hours=hour))
    rotate(DB_ID, datetime(2026, 11, 24))
    left = list_backups(DB_ID)
    assert len(left) == 14
    assert {p.name[11:19] for p in left} == {f"202603{d:02d}" for d in range(7, 21)}
    assert all("-200000-" in p.name for p in left)


def test_rotation_is_per_database_and_leaves_other_files_alone() -> None:
    for day in range(30):
        plant(DB_ID, datetime(2026, 10, 1, 9) + timedelta(days=day))
        plant(OTHER_ID, datetime(2026, 10, 1, 9) + timedelta(days=day))
    folder = backup_folder(DB_ID)
    stray = folder / "notes.txt"
    stray.write_text("mine")
    odd = folder / "innerchild-20261399-000000-daily.json"  # no such date
    odd.write_bytes(PAYLOAD)
    conflicts = paths.ensure_private_dir(folder / "conflicts")
    archived = conflicts / "innerchild-20250101-000000-daily.json"
    archived.write_bytes(PAYLOAD)

    rotate(DB_ID, NOW)

    assert len(list_backups(DB_ID)) == 14
    assert len(list_backups(OTHER_ID)) == 30
    assert stray.exists() and odd.exists() and archived.exists()


def test_rotating_nothing_is_fine() -> None:
    assert rotate(DB_ID, NOW) == []
    assert not backup_folder(DB_ID).exists()


# list_backups / newest_backup --------------------------------------------------------------
def test_list_and_newest_go_by_the_time_in_the_name() -> None:
    a = plant(DB_ID, datetime(2026, 11, 24, 9), "daily")
    b = plant(DB_ID, datetime(2026, 11, 24, 10), "before-merge")
    c = plant(DB_ID, datetime(2026, 11, 24, 10), "before-merge", 2)
    d = plant(DB_ID, datetime(2026, 11, 24, 10), "before-merge", 10)
    e = plant(DB_ID, datetime(2025, 1, 1), "before-restore")
    # Modification times say otherwise: the names win.
    for index, path in enumerate([d, c, b, a, e]):
        os.utime(path, (1_000_000 + index, 1_000_000 + index))
    assert list_backups(DB_ID) == [d, c, b, a, e]
    assert newest_backup(DB_ID) == d


def test_list_every_database() -> None:
    a = plant(DB_ID, datetime(2026, 11, 20))
    b = plant(OTHER_ID, datetime(2026, 11, 22))
    c = plant(DB_ID, datetime(2026, 11, 21))
    (backup_folder(DB_ID) / "conflicts").mkdir()
    (backup_folder(DB_ID) / "conflicts" / "innerchild-20261130-000000-daily.json").write_bytes(
        PAYLOAD
    )
    (paths.state_dir() / "backups" / "stray-file").write_text("x")
    assert list_backups() == [b, c, a]
    assert list_backups(None) == [b, c, a]
    assert newest_backup() == b
    assert newest_backup(OTHER_ID) == b


def test_nothing_listed_when_there_are_none() -> None:
    assert list_backups(DB_ID) == []
    assert list_backups() == []
    assert newest_backup(DB_ID) is None
    assert newest_backup() is None
    assert not (paths.state_dir() / "backups").exists()


def test_made_backups_list_newest_first() -> None:
    made = [
        make_backup(PAYLOAD, db_id=DB_ID, reason="daily", now=NOW + timedelta(days=n))
        for n in (2, 0, 1)
    ]
    assert list_backups(DB_ID) == [made[0], made[2], made[1]]


# archive_conflict_copy ---------------------------------------------------------------------
CONFLICT = "innerchild.sync-conflict-20261124-213005-ABCDEF1.json"


@pytest.fixture
def copy_path(db_path: Path) -> Path:
    path = db_path.parent / CONFLICT
    path.write_bytes(PAYLOAD + b"  with some trailing bytes\x01\n")
    if POSIX:
        path.chmod(0o644)
    return path


def test_archiving_moves_the_copy_keeping_name_and_bytes(copy_path: Path) -> None:
    content = copy_path.read_bytes()
    archived = archive_conflict_copy(copy_path, DB_ID, NOW)
    assert archived == backup_folder(DB_ID) / "conflicts" / CONFLICT
    assert archived.read_bytes() == content
    assert not copy_path.exists()
    if POSIX:
        assert mode(archived) == 0o600
        assert mode(archived.parent) == 0o700
        assert mode(archived.parent.parent) == 0o700


def test_archiving_never_overwrites(db_path: Path) -> None:
    folder = db_path.parent
    archived = []
    for n in range(3):
        path = folder / "innerchild (1).json"
        path.write_bytes(f"copy {n}".encode())
        archived.append(archive_conflict_copy(path, DB_ID, NOW))
    assert names(archived) == [
        "innerchild (1).json",
        "innerchild (1) (2).json",
        "innerchild (1) (3).json",
    ]
    assert [p.read_bytes() for p in archived] == [b"copy 0", b"copy 1", b"copy 2"]


def test_archived_copies_are_not_backups_and_survive_rotation(copy_path: Path) -> None:
    archived = archive_conflict_copy(copy_path, DB_ID, NOW)
    plant(DB_ID, NOW - timedelta(days=400))
    plant(DB_ID, NOW - timedelta(days=400, hours=1))
    rotate(DB_ID, NOW)
    assert archived.exists()
    assert all(p.parent == backup_folder(DB_ID) for p in list_backups(DB_ID))


def test_archiving_across_file_systems(copy_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_path.read_bytes()

    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", cross_device)
    archived = archive_conflict_copy(copy_path, DB_ID, NOW)
    assert archived.read_bytes() == content
    assert not copy_path.exists()
    if POSIX:
        assert mode(archived) == 0o600


def test_a_failed_copy_keeps_the_original(copy_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_path.read_bytes()

    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def half_copy(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(Path(src).read_bytes()[:5])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", cross_device)
    monkeypatch.setattr(shutil, "copyfile", half_copy)
    with pytest.raises(OSError, match="No space"):
        archive_conflict_copy(copy_path, DB_ID, NOW)
    assert copy_path.read_bytes() == content
    assert list((backup_folder(DB_ID) / "conflicts").iterdir()) == []


def test_a_copy_that_differs_keeps_the_original(
    copy_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_path.read_bytes()

    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def bad_copy(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(b"garbled")

    monkeypatch.setattr(os, "replace", cross_device)
    monkeypatch.setattr(shutil, "copyfile", bad_copy)
    with pytest.raises(OSError, match="same bytes"):
        archive_conflict_copy(copy_path, DB_ID, NOW)
    assert copy_path.read_bytes() == content
    assert list((backup_folder(DB_ID) / "conflicts").iterdir()) == []


def test_archiving_a_missing_copy_fails_cleanly(db_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        archive_conflict_copy(db_path.parent / "gone.json", DB_ID, NOW)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file systems")
def test_archiving_keeps_the_modification_time(copy_path: Path) -> None:
    os.utime(copy_path, (1_700_000_000, 1_700_000_000))
    archived = archive_conflict_copy(copy_path, DB_ID, NOW)
    assert archived.stat().st_mtime == 1_700_000_000


def test_an_empty_reserved_name_is_not_a_backup() -> None:
    real = plant(DB_ID, datetime(2026, 11, 20))
    reserved = backup_folder(DB_ID) / "innerchild-20261124-213005-before-merge.json"
    reserved.touch()
    assert list_backups(DB_ID) == [real]
    assert newest_backup() == real
    assert rotate(DB_ID, NOW + timedelta(days=900)) == []
    assert reserved.exists()


# daily_backup: the file as it is on disk ------------------------------------------------
def test_the_file_is_known_to_parse_only_while_it_is_what_the_store_wrote(db_path: Path) -> None:
    from innerchild_tui.store import Store

    store = Store.open(db_path, device="here")
    store.checkins.add(mood=6)
    store.save()
    known, parses = store.bytes_on_disk()
    assert parses and isinstance(known, FileCopy)  # read as it is copied, not whole
    raw = known.joined()
    assert raw == db_path.read_bytes()
    written_elsewhere = raw.replace(b'"mood":6', b'"mood":7')
    time.sleep(0.01)
    db_path.write_bytes(written_elsewhere)  # a sync client: the same size, a new time
    assert store.bytes_on_disk() == (written_elsewhere, False)
    with pytest.raises(FileChanged):
        known.joined()  # the copy asked for is of the file as the store wrote it


def test_a_file_changed_while_the_daily_backup_copies_it_leaves_no_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day's backup is copied from the file a part at a time; a file changed in place
    meanwhile (the copy would mix two files) leaves no backup, and the next look takes it."""
    from innerchild_tui.store import Store, storage
    from innerchild_tui.store.sync import daily_backup

    store = Store.open(db_path, device="here")
    store.checkins.add(mood=6, note="x" * 3000)
    store.save()
    monkeypatch.setattr(storage, "_COPIED", 1024)
    pieces = storage.FileCopy.pieces
    note_at = db_path.read_bytes().index(b"xxxx")

    def changed_midway(copy: storage.FileCopy) -> Iterator[bytes]:
        for n, piece in enumerate(pieces(copy)):
            if n == 1:
                time.sleep(0.01)
                with db_path.open("r+b") as file:  # a writer in place, same size
                    file.seek(note_at)
                    file.write(b"y")
            yield piece

    monkeypatch.setattr(storage.FileCopy, "pieces", changed_midway)
    assert daily_backup(store, store.now()) is None
    assert list_backups(store.db_id) == []
    monkeypatch.undo()
    store = Store.open(db_path, device="here")  # (the file as it is now, known again)
    made = daily_backup(store, store.now())
    assert made is not None and made.read_bytes() == db_path.read_bytes()


def test_the_daily_backup_never_holds_the_whole_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copied and read back a megabyte at a time: at ten years the file's 19 MB were read
    whole on top of everything the dashboard holds, at its start and at each new day."""
    import tracemalloc

    from innerchild_tui.store import Store
    from innerchild_tui.store.sync import daily_backup

    store = Store.open(db_path, device="here")
    for n in range(40):
        store.checkins.add(mood=5, note=f"{n} " + "a long day, written out " * 4000)
    store.save()
    size = db_path.stat().st_size
    assert size > 3_000_000
    from innerchild_tui.store import storage

    monkeypatch.setattr(storage, "_COPIED", 1 << 16)  # (parts of a megabyte: a smaller file)
    monkeypatch.setattr(backups, "_READ_BACK", 1 << 16)
    tracemalloc.start()
    try:
        made = daily_backup(store, store.now())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert made is not None and made.read_bytes() == db_path.read_bytes()
    assert peak < size / 8, f"{peak / 1e6:.1f} MB held, the file is {size / 1e6:.1f}"


def test_a_daily_backup_of_a_file_a_sync_client_broke_is_refused(db_path: Path) -> None:
    from innerchild_tui.store import Store
    from innerchild_tui.store.sync import daily_backup

    store = Store.open(db_path, device="here")
    store.checkins.add(mood=6)
    store.save()
    db_path.write_bytes(db_path.read_bytes()[:-40])  # cut short while syncing
    with pytest.raises(ValueError):
        daily_backup(store, store.now())
    assert list_backups(store.db_id) == []


# Read back a megabyte at a time ----------------------------------------------------------
@given(st.binary(max_size=300), st.lists(st.integers(0, 300), max_size=6), st.data())
@settings(max_examples=200, deadline=None)
def test_a_file_reads_back_as_its_pieces_and_as_nothing_else(
    content: bytes, cuts: list[int], data: st.DataObject
) -> None:
    """The backup's check compares what is on disk with the pieces written, a part at a
    time: true exactly when the file holds the pieces one after another."""
    import tempfile

    bounds = sorted({0, len(content), *(min(cut, len(content)) for cut in cuts)})
    pieces = [content[a:b] for a, b in itertools.pairwise(bounds)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "backup.json"
        path.write_bytes(content)
        assert backups.reads_back_as(path, pieces)
        other = data.draw(st.binary(max_size=300).filter(lambda b: b != content))
        path.write_bytes(other)
        assert not backups.reads_back_as(path, pieces)


def test_a_stores_document_in_parts_is_backed_up_whole(db_path: Path) -> None:
    """The before-merge backup writes the store's document from its parts, never joined
    into one copy (19 MB at ten years)."""
    from innerchild_tui.store import Store

    store = Store.open(db_path, device="here")
    for mood in range(1, 11):
        store.checkins.add(mood=mood, note=f"day {mood}")
    made = make_backup(store.payload_in_parts(), db_id=DB_ID, reason="before-merge", now=NOW)
    assert made.read_bytes() == store.payload()
    assert decode(made.read_bytes())["checkins"]


def test_a_quick_command_lets_go_of_the_records_before_the_days_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup needs the file on disk only: at ten years a quick command held its
    records (60 MB) while the backup read the file and read it back."""
    from innerchild_tui.cli import main
    from innerchild_tui.store import Store, sync

    held: list[int] = []
    daily_backup = sync.daily_backup

    def noting(store: Store, now: datetime) -> Path | None:
        held.append(sum(len(records) for records in store._storage.read().values()))
        return daily_backup(store, now)

    monkeypatch.setattr(sync, "daily_backup", noting)
    assert main(["--db", str(db_path), "checkin", "--mood", "6"]) == 0
    assert held == [0]
    [backup] = list_backups(Store.open(db_path, device="x").db_id)
    assert backup.read_bytes() == db_path.read_bytes()
