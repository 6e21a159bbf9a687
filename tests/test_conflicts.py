"""Conflict copies: every name a sync client gives one, and only those."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import orjson
import pytest

from innerchild_tui.store.conflicts import find_conflict_copies, is_conflict_copy_name

# {s} is the data file's stem; every data file name below ends in ".json".
CONFLICT_NAMES = [
    # Syncthing, and conflicts of conflicts
    "{s}.sync-conflict-20261124-213005-ABCDEF1.json",
    "{s}.sync-conflict-20261124-213005-ABCDEF1.sync-conflict-20261125-101010-XYZ1234.json",
    "{s}.sync-conflict-20261124-213005-abcdef1.JSON",
    # Dropbox
    "{s} (Sam's conflicted copy 2026-11-24).json",
    "{s} (Sam's conflicted copy 2026-11-24 (1)).json",
    "{s} (Sam’s conflicted copy 2026-11-24).json",
    "{s} (Sam-MacBook-Pro's conflicted copy 2026-11-24 (12)).json",
    "{s} (Case Conflict).json",
    "{s} (Case Conflict 1).json",
    "{s} (case conflict).JSON",
    "{s} (Unicode Encoding Conflict).json",
    "{s} (Unicode Encoding Conflict 2).json",
    # Nextcloud / ownCloud, new and old clients
    "{s} (conflicted copy 2026-11-24 213005).json",
    "{s}_conflict-20261124-213005.json",
    # OneDrive (Linux client)
    "{s}-laptop-safeBackup-0001.json",
    "{s}-HOSTNAME-safeBackup-0001.json",
    "{s}-my-desktop_2-safeBackup-0012.json",
    # iCloud Drive
    "{s} 2.json",
    "{s} 3.json",
    "{s} 12.json",
    # Resilio
    "{s}.Conflict.json",
    "{s}.Conflict (1).json",
    # Google Drive desktop
    "{s} (1).json",
    "{s} (2).json",
]

NOT_CONFLICT_NAMES = [
    "{s}.json",  # the data file itself
    "my-backup-before-trip.json",  # a person's own copy
    "{s}-backup.json",  # … even one named after the file (OneDrive's old naming looked so)
    "{s}-laptop.json",
    ".{s}.json.k2j3h4.tmp",  # our own temp file
    ".{s}.json.abcdef.tmp",
    "{s}.json.bak",
    "{s}.json.tmp",
    "{s}.sync-conflict-20261124-213005-ABCDEF1.json.bak",
    "{s}.sync-conflict-2026-11-24-ABCDEF1.json",
    "{s}.sync-conflict-20261124-213005-ABC.json",
    ".syncthing.{s}.json.tmp",
    "~syncthing~{s}.json.tmp",
    "{s}-my host.json",  # hostnames have no spaces
    "{s}-host.name.json",  # … nor dots
    "{s}-.json",
    "{s} 1.json",  # iCloud starts at 2
    "{s} 0.json",
    "{s}2.json",
    "{s} ().json",
    "{s} (Sam's copy 2026-11-24).json",
    "{s} (conflicted copy).json",
    "{s}_conflict.json",
    "{s}.Conflict.txt",
    "{s} (1).txt",
    "other.json",
    "other (1).json",
    "other.sync-conflict-20261124-213005-ABCDEF1.json",
    "x{s} (1).json",
    "settings.toml",
    "",
    "sub/{s} (1).json",
]

DB_NAMES = ["innerchild.json", "journal.json", "my.journal.json", "Inner Child (2026).json"]


def stem_of(db_name: str) -> str:
    return db_name.removesuffix(".json")


@pytest.mark.parametrize("db_name", DB_NAMES)
@pytest.mark.parametrize("template", CONFLICT_NAMES)
def test_conflict_copy_names_are_recognised(db_name: str, template: str) -> None:
    candidate = template.format(s=stem_of(db_name))
    assert is_conflict_copy_name(db_name, candidate)


@pytest.mark.parametrize("db_name", DB_NAMES)
@pytest.mark.parametrize("template", NOT_CONFLICT_NAMES)
def test_other_names_are_not_conflict_copies(db_name: str, template: str) -> None:
    candidate = template.format(s=stem_of(db_name))
    assert not is_conflict_copy_name(db_name, candidate)


def test_another_databases_copies_are_not_ours() -> None:
    assert not is_conflict_copy_name("journal.json", "innerchild (1).json")
    assert not is_conflict_copy_name(
        "innerchild.json", "journal.sync-conflict-20261124-213005-ABCDEF1.json"
    )


def test_the_stem_case_may_differ() -> None:
    assert is_conflict_copy_name("innerchild.json", "Innerchild (Case Conflict).json")
    assert is_conflict_copy_name("innerchild.json", "INNERCHILD 2.json")


def test_regex_characters_in_the_name_are_literal() -> None:
    assert is_conflict_copy_name("a+b.json", "a+b (1).json")
    assert not is_conflict_copy_name("a+b.json", "aab (1).json")
    assert not is_conflict_copy_name("a.b.json", "aXb (1).json")


def test_a_file_without_a_suffix() -> None:
    assert is_conflict_copy_name("journal", "journal.sync-conflict-20261124-213005-ABCDEF1")
    assert is_conflict_copy_name("journal", "journal (1)")
    assert not is_conflict_copy_name("journal", "journal")
    assert not is_conflict_copy_name("journal", "journal.json")


# find_conflict_copies ---------------------------------------------------------------------
DB_ID = "01JDB0000000000000000000AA"
OTHER_ID = "01JDB0000000000000000000ZZ"


def database(db_id: str | None) -> bytes:
    meta: dict[str, object] = {"app": "innerchild", "schema": 1}
    if db_id is not None:
        meta["db_id"] = db_id
    return orjson.dumps({"meta": {"database": meta}, "checkins": {}})


def write(path: Path, payload: bytes) -> Path:
    path.write_bytes(payload)
    return path


def names(found: list[Path]) -> list[str]:
    return [path.name for path in found]


def test_finds_name_matches_and_same_database_siblings(db_path: Path) -> None:
    folder = db_path.parent
    write(db_path, database(DB_ID))
    write(folder / "innerchild.sync-conflict-20261124-213005-ABCDEF1.json", database(DB_ID))
    write(folder / "innerchild (Sam's conflicted copy 2026-11-24).json", b"not json at all")
    write(folder / "innerchild 2.json", database(OTHER_ID))  # the name alone decides
    write(folder / "innerchild (Konfliktkopie von Sam).json", database(DB_ID))
    write(folder / "renamed by hand.JSON", database(DB_ID))
    write(folder / "some other journal.json", database(OTHER_ID))
    write(folder / "no id.json", database(None))
    write(folder / "a list.json", b"[1, 2, 3]")
    write(folder / "meta is a list.json", b'{"meta": []}')
    write(folder / "broken.json", b'{"meta": {"database": {"db_id": "01JDB')
    write(folder / "empty.json", b"")
    write(folder / "same id but text.txt", database(DB_ID))
    write(folder / ".innerchild.json.x1y2z3.tmp", database(DB_ID))
    write(folder / ".hidden copy.json", database(DB_ID))
    write(folder / "innerchild.json.bak", database(DB_ID))
    write(folder / "my-backup-before-trip.json", database(DB_ID))

    found = find_conflict_copies(db_path, DB_ID)

    # Only sync clients' names: a same-database file under any other name is the person's.
    assert names(found) == sorted(
        [
            "innerchild (Sam's conflicted copy 2026-11-24).json",
            "innerchild 2.json",
            "innerchild.sync-conflict-20261124-213005-ABCDEF1.json",
        ]
    )
    assert all(path.parent == folder for path in found)


def test_a_different_database_beside_it_is_not_picked(db_path: Path) -> None:
    write(db_path, database(DB_ID))
    write(db_path.parent / "work journal.json", database(OTHER_ID))
    assert find_conflict_copies(db_path, DB_ID) == []
    assert find_conflict_copies(db_path, OTHER_ID) == []


def test_a_named_copy_of_another_database_is_found(db_path: Path) -> None:
    write(db_path, database(DB_ID))
    write(db_path.parent / "innerchild 2.json", database(OTHER_ID))
    assert names(find_conflict_copies(db_path, DB_ID)) == ["innerchild 2.json"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_copies_beside_a_symlinks_target_are_found(db_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "Dropbox"
    elsewhere.mkdir()
    target = write(elsewhere / "innerchild.json", database(DB_ID))
    db_path.symlink_to(target)
    write(elsewhere / "innerchild (Sam's conflicted copy 2026-11-24).json", database(DB_ID))
    found = find_conflict_copies(db_path, DB_ID)
    assert [p.parent for p in found] == [elsewhere]


def test_without_a_database_id_only_names_count(db_path: Path) -> None:
    write(db_path, database(DB_ID))
    write(db_path.parent / "innerchild (1).json", database(DB_ID))
    write(db_path.parent / "copy.json", database(DB_ID))
    assert names(find_conflict_copies(db_path, None)) == ["innerchild (1).json"]
    assert names(find_conflict_copies(db_path, "")) == ["innerchild (1).json"]


def test_the_data_file_itself_is_never_a_copy(db_path: Path) -> None:
    write(db_path, database(DB_ID))
    assert find_conflict_copies(db_path, DB_ID) == []


def test_works_before_the_data_file_exists(db_path: Path) -> None:
    write(db_path.parent / "innerchild (1).json", b"{}")
    assert names(find_conflict_copies(db_path, DB_ID)) == ["innerchild (1).json"]


def test_a_missing_folder_finds_nothing(tmp_path: Path) -> None:
    assert find_conflict_copies(tmp_path / "nowhere" / "innerchild.json", DB_ID) == []


def test_results_are_sorted_by_name(db_path: Path) -> None:
    folder = db_path.parent
    wanted = [
        "innerchild (1).json",
        "innerchild 2.json",
        "innerchild.Conflict.json",
        "innerchild.sync-conflict-20261124-213005-ABCDEF1.json",
        "innerchild_conflict-20261124-213005.json",
    ]
    for name in reversed(wanted):
        write(folder / name, database(DB_ID))
    assert names(find_conflict_copies(db_path, DB_ID)) == sorted(wanted)


def test_folders_are_not_copies(db_path: Path) -> None:
    (db_path.parent / "innerchild (1).json").mkdir()
    (db_path.parent / "folder.json").mkdir()
    assert find_conflict_copies(db_path, DB_ID) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_are_skipped(db_path: Path, tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere.json", database(DB_ID))
    try:
        (db_path.parent / "innerchild (1).json").symlink_to(target)
        (db_path.parent / "link.json").symlink_to(target)
        (db_path.parent / "dangling.json").symlink_to(tmp_path / "gone.json")
    except OSError:
        pytest.skip("this system does not let us make symlinks")
    assert find_conflict_copies(db_path, DB_ID) == []


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="needs POSIX permissions that bind",
)
def test_unreadable_siblings_are_skipped(db_path: Path) -> None:
    locked = write(db_path.parent / "locked.json", database(DB_ID))
    named = write(db_path.parent / "innerchild (1).json", database(DB_ID))
    locked.chmod(0)
    named.chmod(0)
    try:
        # The name alone makes a conflict copy; reading it is the caller's business.
        assert names(find_conflict_copies(db_path, DB_ID)) == ["innerchild (1).json"]
    finally:
        locked.chmod(0o600)
        named.chmod(0o600)


def test_a_data_file_with_another_name(tmp_path: Path) -> None:
    db = write(tmp_path / "journal.json", database(DB_ID))
    write(tmp_path / "journal (Case Conflict).json", b"{}")
    write(tmp_path / "journal.sync-conflict-20261124-213005-ABCDEF1.json", b"{}")
    write(tmp_path / "innerchild (1).json", b"{}")
    assert names(find_conflict_copies(db, DB_ID)) == [
        "journal (Case Conflict).json",
        "journal.sync-conflict-20261124-213005-ABCDEF1.json",
    ]
