"""`innerchild doctor` and `innerchild restore`: looking a file over, and bringing one back."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import read_file, run_cli

from innerchild_tui.store import Store
from innerchild_tui.store.backups import (
    CONFLICTS_FOLDER,
    backup_folder,
    list_backups,
    make_backup,
)
from innerchild_tui.store.doctor import (
    RestoreError,
    choose_backup,
    examine,
    restore_backup,
    stray_temp_files,
)
from innerchild_tui.store.errors import UnreadableDatabase
from innerchild_tui.store.store import SCHEMA

GARBAGE = b'{"checkins": {"01H": {\x00\xff garbage'
SYNCTHING_NAME = "innerchild.sync-conflict-20261124-213005-ABCDEF1.json"


def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the JSON on disk as a hand edit or a bad tool would."""
    data = read_file(path)
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def every_file(*folders: Path) -> dict[Path, tuple[bytes, int]]:
    """Each file under ``folders`` with its bytes and mtime, to prove nothing was touched."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[path] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


@pytest.fixture
def saved(db_path: Path) -> Path:
    """A healthy database: starter habits, a check-in, a ticked habit, a comfort item."""
    store = Store.open(db_path, device="test-device")
    store.checkins.add(6, ["calm"], ["rest"], "a quiet morning")
    store.habit_days.set_done(store.habits.named("Something joyful")["id"], store.today())
    store.comfort.add("Cocoa")
    store.letters.new("Hello")
    store.save()
    return db_path


def db_id_of(path: Path) -> str:
    return str(read_file(path)["meta"]["database"]["db_id"])


def first_key(path: Path, table: str) -> str:
    return str(next(iter(read_file(path)[table])))


def only_finding(path: Path) -> str:
    found = examine(path)
    assert len(found.findings) == 1, found.findings
    assert not found.healthy
    return found.findings[0]


# examine(): a healthy file ---------------------------------------------------------------
def test_a_healthy_file(saved: Path, isolated_home: Path) -> None:
    before = every_file(saved.parent, isolated_home)
    found = examine(saved)
    assert found.healthy
    assert found.findings == []
    assert found.readable
    assert found.db_id == db_id_of(saved)
    from innerchild_tui.domain.records import TABLES

    # the check-in ticked its linked habit: two habit ticks
    made = {"checkins": 1, "habits": 5, "completions": 2, "comfort": 1, "letters": 1}
    assert found.records == {table: made.get(table, 0) for table in TABLES}
    assert found.conflict_copies == []
    assert found.backups == []
    assert every_file(saved.parent, isolated_home) == before


def test_counts_leave_out_tombstones_and_backups_are_listed_newest_first(saved: Path) -> None:
    store = Store.open(saved, device="test-device")
    store.checkins.delete(store.checkins.all()[0]["id"])
    store.save()
    db_id = db_id_of(saved)
    earlier = datetime.now() - timedelta(days=2)
    older = make_backup(saved.read_bytes(), db_id=db_id, reason="daily", now=earlier)
    newer = make_backup(saved.read_bytes(), db_id=db_id, reason="daily", now=datetime.now())
    found = examine(saved)
    assert found.healthy, found.findings
    assert found.records["checkins"] == 0
    assert found.backups == [newer, older]


# examine(): a file that cannot be read ------------------------------------------------------
def test_no_file_yet(db_path: Path) -> None:
    finding = only_finding(db_path)
    assert "There is no data file at" in finding
    assert str(db_path) in finding
    assert not examine(db_path).readable
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(GARBAGE, "NUL bytes", id="garbage"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"{not json", "not valid JSON", id="not-json"),
        pytest.param(b'{"_default": {}}', "not an innerchild database", id="not-ours"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_finding(
    db_path: Path, content: bytes, words: str
) -> None:
    db_path.write_bytes(content)
    finding = only_finding(db_path)
    assert str(db_path) in finding
    assert "could not be read" in finding
    assert words in finding
    found = examine(db_path)
    assert found.records == {}
    assert not found.readable
    assert db_path.read_bytes() == content


def test_an_unreadable_file_points_at_restore_when_there_is_a_backup(saved: Path) -> None:
    db_id = db_id_of(saved)
    make_backup(saved.read_bytes(), db_id=db_id, reason="daily", now=datetime.now())
    saved.write_bytes(GARBAGE)
    found = examine(saved)
    assert f"innerchild --db {saved} restore" in only_finding(saved)
    assert len(found.backups) == 1
    # its id cannot be read from it, but this computer noted it when it last read it
    assert found.db_id == db_id


def _another_database(tmp_path: Path, newer: bool = True) -> Path:
    """A second database with a backup of its own (newer than any of ``saved``'s)."""
    (tmp_path / "elsewhere").mkdir()
    other = Store.open(tmp_path / "elsewhere" / "innerchild.json", device="elsewhere")
    other.checkins.add(3, note="someone else's day")
    other.save()
    when = datetime.now() + timedelta(hours=1 if newer else -1)
    return make_backup(other.path.read_bytes(), db_id=other.db_id, reason="daily", now=when)


def test_an_unreadable_file_is_restored_from_its_own_backup_not_a_newer_one_of_another(
    saved: Path, tmp_path: Path
) -> None:
    good = saved.read_bytes()
    own = make_backup(good, db_id=db_id_of(saved), reason="daily", now=datetime.now())
    theirs = _another_database(tmp_path)
    saved.write_bytes(GARBAGE)

    found = examine(saved)
    assert found.restorable == own != theirs
    assert str(own) in run_cli("--db", str(saved), "doctor").stdout
    with pytest.raises(UnreadableDatabase) as unreadable:  # what the dashboard shows
        Store.open(saved, device="test-device")
    assert unreadable.value.backup == own
    result = run_cli("--db", str(saved), "restore")
    assert result.returncode == 0, result.stderr
    assert saved.read_bytes() == good


def test_a_file_never_read_here_is_not_restored_from_a_guess(saved: Path, tmp_path: Path) -> None:
    """Unreadable, not read on this computer before, and two databases' backups here:
    which is its own cannot be told, so restore names them and waits to be told."""
    make_backup(saved.read_bytes(), db_id=db_id_of(saved), reason="daily", now=datetime.now())
    theirs = _another_database(tmp_path)
    stranger = tmp_path / "from-a-stick" / "innerchild.json"
    stranger.parent.mkdir()
    stranger.write_bytes(GARBAGE)

    found = examine(stranger)
    assert found.restorable is None
    report = run_cli("--db", str(stranger), "doctor").stdout
    assert "cannot be told" in report and str(theirs) in report
    with pytest.raises(UnreadableDatabase) as unreadable:
        Store.open(stranger, device="test-device")
    assert unreadable.value.backup is None
    result = run_cli("--db", str(stranger), "restore")
    assert result.returncode != 0
    assert "cannot be told" in result.stderr + result.stdout
    assert stranger.read_bytes() == GARBAGE  # nothing put back, nothing moved
    chosen = run_cli("--db", str(stranger), "restore", str(theirs))  # told: done
    assert chosen.returncode == 0, chosen.stderr
    assert stranger.read_bytes() == theirs.read_bytes()


# examine(): each problem on its own -------------------------------------------------------
def test_a_newer_schema(saved: Path) -> None:
    edit(saved, lambda d: d["meta"]["database"].update(schema=SCHEMA + 1))
    finding = only_finding(saved)
    assert "newer innerchild-tui" in finding
    assert f"data schema {SCHEMA + 1}" in finding
    assert "read-only" in finding


def test_a_record_filed_under_another_key(saved: Path) -> None:
    key = first_key(saved, "checkins")
    edit(saved, lambda d: d["checkins"][key].update(id="someone-else"))
    finding = only_finding(saved)
    assert finding.startswith(f"A check-in (“{key}”) needed mending: its id was missing")
    assert "writes it back mended" in finding


@pytest.mark.parametrize("field", ["created_at", "updated_at"])
@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "garbage-after-every-digit",  # would win every merge, as the greatest stamp
        "2026-11-24T10:00:00Z",  # no milliseconds
        "2026-11-24T10:00:00.000+01:00",  # not UTC
        12345,
        None,
    ],
)
def test_a_timestamp_that_is_not_one_is_mended(saved: Path, field: str, value: object) -> None:
    """Doctor says what the app does: the stamps' rule mends it (from the other stamp)."""
    key = first_key(saved, "comfort")
    edit(saved, lambda d: d["comfort"][key].update({field: value}))
    finding = only_finding(saved)
    assert finding.startswith(f"A comfort item (“{key}”) needed mending: ")
    assert "not a UTC time" in finding
    store = Store.open(saved, device="test-device")
    assert (
        store.comfort.get(key)[field]
        == read_file(saved)["comfort"][key]["updated_at" if field == "created_at" else "created_at"]
    )


@pytest.mark.parametrize("field", ["created_at", "updated_at"])
@pytest.mark.parametrize(
    "value",
    ["2026-02-30T10:00:00.000Z", "2026-11-24T25:00:00.000Z"],  # no such day, hour
)
def test_a_timestamp_shaped_right_but_no_real_time(saved: Path, field: str, value: str) -> None:
    key = first_key(saved, "comfort")
    edit(saved, lambda d: d["comfort"][key].update({field: value}))
    finding = only_finding(saved)
    assert finding.startswith(f"In “comfort”, 1 record has a “{field}” shaped like a UTC")
    assert "keeps it as written" in finding and key in finding


def test_a_missing_timestamp(saved: Path) -> None:
    edit(saved, lambda d: d["meta"]["database"].pop("updated_at"))
    assert "In “meta”, 1 record has a “updated_at”" in only_finding(saved)


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "24.11.2026", "20261124", 20261124])
def test_a_day_that_is_not_a_real_date(saved: Path, day: object) -> None:
    key = first_key(saved, "letters")
    edit(saved, lambda d: d["letters"][key].update(day=day))
    finding = only_finding(saved)
    assert finding.startswith(f"A letter (“{key}”) needed mending: its day was missing or not")
    assert "taken from when it was made" in finding


def test_a_checkin_without_a_day(saved: Path) -> None:
    key = first_key(saved, "checkins")
    edit(saved, lambda d: d["checkins"][key].pop("day"))
    assert only_finding(saved).startswith(
        f"A check-in (“{key}”) needed mending: its day was missing or not a date"
    )


def test_a_tick_for_a_habit_that_is_not_there(saved: Path) -> None:
    def orphan(data: dict[str, Any]) -> None:
        (key, tick) = next(iter(data["completions"].items()))
        del data["completions"][key]
        tick.update(habit_id="habit-gone", id=f"habit-gone:{tick['day']}")
        data["completions"][tick["id"]] = tick

    edit(saved, orphan)
    finding = only_finding(saved)
    assert finding.startswith("In “completions”, 1 record is a tick for a habit that is not")
    assert "habit-gone:" in finding


def test_a_tick_whose_id_is_not_habit_and_day(saved: Path) -> None:
    def rename(data: dict[str, Any]) -> None:
        (key, tick) = next(iter(data["completions"].items()))
        del data["completions"][key]
        tick["id"] = "01HWRONGID"
        data["completions"]["01HWRONGID"] = tick

    edit(saved, rename)
    finding = only_finding(saved)
    assert finding.startswith("In “completions”, 1 record has an id that is not")
    assert "01HWRONGID" in finding


def test_many_problems_of_one_kind_are_one_finding(saved: Path) -> None:
    def many(data: dict[str, Any]) -> None:
        template = next(iter(data["checkins"].values()))
        for n in range(8):
            key = f"01HBAD{n}"
            data["checkins"][key] = dict(template, id=key, day="2026-02-31")

    edit(saved, many)
    finding = only_finding(saved)
    assert finding.startswith("8 check-ins (“01HBAD0”")
    assert "needed mending: its day was missing or not a date" in finding
    assert "and 3 more" in finding


def test_leftover_temp_files_are_reported_not_deleted(saved: Path) -> None:
    leftover = saved.parent / f".{saved.name}.k2j3h4.tmp"
    leftover.write_bytes(b'{"half": ')
    unrelated = saved.parent / ".other.json.k2j3h4.tmp"
    unrelated.write_bytes(b"")
    assert stray_temp_files(saved) == [leftover]
    finding = only_finding(saved)
    assert leftover.name in finding
    assert "interrupted" in finding
    assert "can be deleted" in finding
    assert leftover.read_bytes() == b'{"half": '
    assert unrelated.exists()


def test_a_conflict_copy_suggests_merge(saved: Path) -> None:
    copy = saved.parent / SYNCTHING_NAME
    copy.write_bytes(saved.read_bytes())
    found = examine(saved)
    [finding] = found.findings
    assert SYNCTHING_NAME in finding
    assert "innerchild doctor --merge" in finding
    assert found.conflict_copies == [copy]
    assert copy.exists()


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        pytest.param(lambda d: None, "could not be read", id="garbage"),
        pytest.param(
            lambda d: d["meta"]["database"].update(schema=SCHEMA + 1),
            "newer innerchild-tui",
            id="newer",
        ),
    ],
)
def test_a_conflict_copy_merge_would_leave_alone(
    saved: Path, spoil: Callable[[dict[str, Any]], None], words: str
) -> None:
    copy = saved.parent / SYNCTHING_NAME
    if words == "could not be read":
        copy.write_bytes(GARBAGE)
    else:
        copy.write_bytes(saved.read_bytes())
        edit(copy, spoil)
    before = copy.read_bytes()
    found = examine(saved)
    [finding] = found.findings
    assert finding.startswith(f"{SYNCTHING_NAME} beside the data file looks like")
    assert words in finding
    assert "doctor --merge` merges" not in finding
    assert found.conflict_copies == [copy]
    assert copy.read_bytes() == before


def test_a_conflict_copy_of_another_database_id_is_offered_for_merging(saved: Path) -> None:
    """Two computers that each started a file before syncing: still one person's practice."""
    copy = saved.parent / SYNCTHING_NAME
    copy.write_bytes(saved.read_bytes())
    edit(copy, lambda d: d["meta"]["database"].update(db_id="01HOTHERDATABASE"))
    found = examine(saved)
    [finding] = found.findings
    assert "innerchild doctor --merge" in finding


def test_a_symlinked_data_file_says_where_it_lives(saved: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.json"
    saved.rename(target)
    saved.symlink_to(target)
    found = examine(saved)
    assert found.lives_at == target.resolve()
    assert found.healthy


def test_problems_add_up(saved: Path) -> None:
    (saved.parent / f".{saved.name}.abc.tmp").write_bytes(b"")
    (saved.parent / SYNCTHING_NAME).write_bytes(saved.read_bytes())
    key = first_key(saved, "checkins")
    edit(saved, lambda d: d["checkins"][key].update(day="2026-02-30", updated_at="later"))
    leftover, copy, record = examine(saved).findings  # one record: one line, all it needs
    assert "leftover" in leftover and "conflict cop" in copy
    assert "time of last change was missing" in record and "its day was missing" in record


# restore_backup() and choose_backup() ------------------------------------------------------
def test_choose_backup_by_name_path_or_newest(saved: Path, tmp_path: Path) -> None:
    db_id = db_id_of(saved)
    with pytest.raises(RestoreError, match="no backups of this database"):
        choose_backup(saved)
    older = make_backup(
        saved.read_bytes(), db_id=db_id, reason="daily", now=datetime.now() - timedelta(days=1)
    )
    newer = make_backup(saved.read_bytes(), db_id=db_id, reason="daily", now=datetime.now())
    assert choose_backup(saved) == newer
    assert choose_backup(saved, older.name) == older
    assert choose_backup(saved, str(older)) == older
    with pytest.raises(RestoreError, match=r"no backup called “nope\.json”"):
        choose_backup(saved, "nope.json")
    saved.write_bytes(GARBAGE)  # its database id is lost: the newest of any database
    assert choose_backup(saved) == newer


def test_restoring_the_same_bytes_changes_nothing(saved: Path) -> None:
    backup = make_backup(
        saved.read_bytes(), db_id=db_id_of(saved), reason="daily", now=datetime.now()
    )
    done = restore_backup(saved, backup, datetime.now())
    assert done.unchanged
    assert done.kept is None
    assert list_backups(db_id_of(saved)) == [backup]


def test_a_backup_that_is_not_ours_is_refused(saved: Path, tmp_path: Path) -> None:
    before = saved.read_bytes()
    fake = tmp_path / "fake.json"
    fake.write_text("{}", encoding="utf-8")
    with pytest.raises(RestoreError, match="could not be read"):
        restore_backup(saved, fake, datetime.now())
    assert saved.read_bytes() == before


def test_restore_where_there_is_no_file(saved: Path) -> None:
    backup = make_backup(
        saved.read_bytes(), db_id=db_id_of(saved), reason="daily", now=datetime.now()
    )
    saved.unlink()
    done = restore_backup(saved, backup, datetime.now())
    assert done.kept is None
    assert saved.read_bytes() == backup.read_bytes()
    assert oct(saved.stat().st_mode & 0o777) == oct(0o600)


# The command: doctor -------------------------------------------------------------------------
def test_doctor_on_a_healthy_file(saved: Path, isolated_home: Path) -> None:
    before = every_file(saved.parent, isolated_home)
    result = run_cli("--db", str(saved), "doctor")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert f"Data file: {saved}" in out
    assert "1 check-in, 5 habits, 2 habit ticks, 1 comfort item, 1 letter" in out
    assert "Backups: none yet" in out
    assert "Conflict copies: none" in out
    assert "All is well" in out
    assert every_file(saved.parent, isolated_home) == before


def test_what_doctor_says_about_backups_is_what_happens(saved: Path, isolated_home: Path) -> None:
    # With none yet, doctor says the next quick command takes one; a quick command then
    # does, and doctor lists it. Doctor itself takes none.
    missing = saved.with_name("not-yet.json")
    said = run_cli("--db", str(missing), "doctor").stdout
    assert "Backups: none yet; the first is taken once there is a data file" in said
    said = run_cli("--db", str(saved), "doctor").stdout
    assert "Backups: none yet. The first is taken the next time" in said
    assert "Backups: none" in run_cli("--db", str(saved), "doctor").stdout  # it only looks
    assert run_cli("--db", str(saved), "today").returncode == 0
    after = run_cli("--db", str(saved), "doctor").stdout
    assert re.search(r"Backups: 1; the newest is .*-daily\.json", after), after


def test_doctor_lists_backups_and_copies_and_findings(saved: Path, isolated_home: Path) -> None:
    backup = make_backup(
        saved.read_bytes(), db_id=db_id_of(saved), reason="daily", now=datetime.now()
    )
    (saved.parent / SYNCTHING_NAME).write_bytes(saved.read_bytes())
    (saved.parent / f".{saved.name}.abc.tmp").write_bytes(b"{")
    before = every_file(saved.parent, isolated_home)
    result = run_cli("doctor", "--db", str(saved))
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert f"Backups: 1; the newest is {backup}" in out
    assert f"Conflict copies: 1\n  {SYNCTHING_NAME}\n" in out
    assert "Found 2 things to look at:" in out
    assert "innerchild doctor --merge" in out
    assert every_file(saved.parent, isolated_home) == before


@pytest.mark.parametrize("content", [GARBAGE, None], ids=["garbage", "missing"])
def test_doctor_on_a_file_that_cannot_be_read(
    db_path: Path, isolated_home: Path, content: bytes | None
) -> None:
    if content is not None:
        db_path.write_bytes(content)
    before = every_file(db_path.parent, isolated_home)
    result = run_cli("--db", str(db_path), "doctor")
    assert result.returncode == 1, result.stderr
    assert "Records: not counted" in result.stdout
    assert "Found 1 thing to look at:" in result.stdout
    assert every_file(db_path.parent, isolated_home) == before
    assert db_path.exists() == (content is not None)


def test_doctor_usage_mistake(saved: Path) -> None:
    result = run_cli("--db", str(saved), "doctor", "--mend")
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("innerchild: ")
    assert "--mend" in line


# The command: doctor --merge -------------------------------------------------------------
def test_doctor_merge_brings_in_a_conflict_copy(saved: Path) -> None:
    copy = saved.parent / SYNCTHING_NAME
    copy.write_bytes(saved.read_bytes())
    other = Store.open(copy, device="laptop")  # the other computer's check-in
    extra = other.checkins.add(3, ["lonely"], ["company"], "written on the laptop")
    other.save()
    db_id = db_id_of(saved)

    result = run_cli("--db", str(saved), "doctor", "--merge")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Merged 1 conflict copy" in result.stdout
    assert SYNCTHING_NAME in result.stdout
    merged = read_file(saved)["checkins"]
    assert merged[extra["id"]]["note"] == "written on the laptop"
    assert len(merged) == 2
    assert not copy.exists()
    archived = backup_folder(db_id) / CONFLICTS_FOLDER / SYNCTHING_NAME
    assert extra["id"] in read_file(archived)["checkins"]
    [before_merge] = list_backups(db_id)
    assert before_merge.name.endswith("-before-merge.json")
    assert run_cli("--db", str(saved), "doctor").returncode == 0


def test_doctor_merge_with_nothing_to_merge(saved: Path) -> None:
    before = saved.read_bytes()
    result = run_cli("--db", str(saved), "doctor", "--merge")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "No conflict copies to merge."
    assert saved.read_bytes() == before


@pytest.mark.parametrize("content", [GARBAGE, None], ids=["garbage", "missing"])
def test_doctor_merge_needs_a_readable_file(db_path: Path, content: bytes | None) -> None:
    if content is not None:
        db_path.write_bytes(content)
    result = run_cli("--db", str(db_path), "doctor", "--merge")
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("innerchild: ")
    if content is None:
        assert "no data file" in line
        assert not db_path.exists()
    else:
        assert "could not be read" in line
        assert db_path.read_bytes() == content


# The command: restore ------------------------------------------------------------------------
def test_restore_brings_back_the_newest_backup(saved: Path) -> None:
    db_id = db_id_of(saved)
    old = saved.read_bytes()
    # Today's daily backup (taken now: an hour ago was yesterday between 00:00 and 01:00,
    # and the check-in below would then take today's, newer, with itself in it).
    backup = make_backup(old, db_id=db_id, reason="daily", now=datetime.now())
    changed = run_cli("--db", str(saved), "checkin", "--mood", "2", "--note", "after the backup")
    assert changed.returncode == 0, changed.stderr
    replaced = saved.read_bytes()
    assert replaced != old

    result = run_cli("--db", str(saved), "restore")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert saved.read_bytes() == old
    assert oct(saved.stat().st_mode & 0o777) == oct(0o600)
    [kept] = [p for p in list_backups(db_id) if p.name.endswith("-before-restore.json")]
    assert kept.read_bytes() == replaced
    assert str(backup) in result.stdout
    assert str(kept) in result.stdout
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]


def test_restore_by_name_and_back_again(saved: Path) -> None:
    db_id = db_id_of(saved)
    first = saved.read_bytes()
    backup = make_backup(first, db_id=db_id, reason="daily", now=datetime.now() - timedelta(1))
    run_cli("--db", str(saved), "comfort", "add", "Music")
    second = saved.read_bytes()
    assert run_cli("--db", str(saved), "restore", backup.name).returncode == 0
    assert saved.read_bytes() == first
    [kept] = [p for p in list_backups(db_id) if p.name.endswith("-before-restore.json")]
    assert run_cli("--db", str(saved), "restore", str(kept)).returncode == 0
    assert saved.read_bytes() == second


def test_restore_over_a_garbage_file_keeps_the_garbage(saved: Path) -> None:
    db_id = db_id_of(saved)
    good = saved.read_bytes()
    make_backup(good, db_id=db_id, reason="daily", now=datetime.now())
    saved.write_bytes(GARBAGE)

    result = run_cli("--db", str(saved), "restore")
    assert result.returncode == 0, result.stderr
    assert saved.read_bytes() == good
    [kept] = backup_folder(db_id).glob(f"{saved.name}.unreadable-*")
    assert kept.read_bytes() == GARBAGE
    assert oct(kept.stat().st_mode & 0o777) == oct(0o600)
    assert re.fullmatch(r"innerchild\.json\.unreadable-\d{8}-\d{6}", kept.name)
    assert str(kept) in result.stdout
    assert "could not be read" in result.stdout


def test_restore_without_backups(saved: Path) -> None:
    before = saved.read_bytes()
    result = run_cli("--db", str(saved), "restore")
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("innerchild: ")
    assert "no backups" in line
    assert saved.read_bytes() == before


@pytest.mark.parametrize("wanted", ["nope.json", "elsewhere/nope.json"])
def test_restore_of_a_backup_that_is_not_there(saved: Path, wanted: str) -> None:
    make_backup(saved.read_bytes(), db_id=db_id_of(saved), reason="daily", now=datetime.now())
    before = saved.read_bytes()
    result = run_cli("--db", str(saved), "restore", wanted)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert f"no backup called “{wanted}”" in line
    assert saved.read_bytes() == before


def test_restore_refuses_a_backup_that_does_not_parse(saved: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad-backup.json"
    bad.write_bytes(GARBAGE)
    before = saved.read_bytes()
    result = run_cli("--db", str(saved), "restore", str(bad))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "could not be read" in line
    assert "not restored" in line
    assert saved.read_bytes() == before


def test_the_restore_a_message_names_brings_that_very_file_back(saved: Path) -> None:
    """The command a message about a file that could not be read names is one for that
    very file: run as written it puts the backup back (plain `innerchild restore` opened
    the default file, and failed, when the file was another one given with --db)."""
    make_backup(saved.read_bytes(), db_id=db_id_of(saved), reason="daily", now=datetime.now())
    saved.write_bytes(GARBAGE)
    said = run_cli("--db", str(saved), "today")
    assert said.returncode != 0
    named = re.findall(r"`(innerchild [^`]*restore)`", said.stderr)
    assert named, said.stderr
    put_back = run_cli(*shlex.split(named[0])[1:])
    assert put_back.returncode == 0, put_back.stderr
    assert run_cli("--db", str(saved), "today").returncode == 0
