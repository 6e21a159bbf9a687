"""Looking a data file over (``innerchild doctor``) and putting a backup back in its place.

:func:`examine` only reads: it never writes, moves or deletes anything, not even the
leftovers it reports. Each finding is one plain sentence saying what is wrong and where.

:func:`restore_backup` writes the chosen backup over the data file, but only after the
file it replaces is safe in the backup folder: as a ``before-restore`` backup when it is
ours, or byte for byte as ``<name>.unreadable-YYYYMMDD-HHMMSS`` when it cannot be read.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard

from innerchild_tui.domain.records import RECORD_NOUNS, TABLES, is_live, record_count
from innerchild_tui.domain.shapes import check_tables
from innerchild_tui.domain.validate import RULES, is_stamp
from innerchild_tui.paths import ensure_private_dir
from innerchild_tui.store.backups import (
    backup_folder,
    list_backups,
    make_backup,
    newest_backup_for,
    newest_of_each,
)
from innerchild_tui.store.conflicts import find_conflict_copies
from innerchild_tui.store.crypto import header_of
from innerchild_tui.store.errors import StoreError, UnreadableDatabase, command_for
from innerchild_tui.store.locking import file_lock
from innerchild_tui.store.storage import Tables, atomic_write, real_path, temp_files
from innerchild_tui.store.store import META_ID, SCHEMA, read_database
from innerchild_tui.store.written import known_database

UNREADABLE_MARK = "unreadable"

_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z", re.ASCII)
_SHOWN_KEYS = 5
_SHOWN_KEY_LENGTH = 40
_FILE_STAMP = "%Y%m%d-%H%M%S"

# (one record, several records): what is wrong with them.
Problem = tuple[str, str]
_WRONG_KEY: Problem = (
    "is filed under a key that is not its own id",
    "are filed under keys that are not their own ids",
)
_NO_HABIT: Problem = (
    "is a tick for a habit that is not in the file",
    "are ticks for a habit that is not in the file",
)
_WRONG_COMPLETION_ID: Problem = (
    "has an id that is not “<habit id>:<day>”",
    "have ids that are not “<habit id>:<day>”",
)


def _odd_stamp(name: str) -> Problem:
    return (
        f"has a “{name}” shaped like a UTC time that is no real time (innerchild keeps "
        "it as written; a real one, like 2026-11-24T21:30:05.123Z, can be typed in its place)",
        f"have a “{name}” shaped like a UTC time that is no real time (innerchild keeps "
        "them as written; real ones, like 2026-11-24T21:30:05.123Z, can be typed in their "
        "place)",
    )


def _bad_stamp(name: str) -> Problem:
    return (
        f"has a “{name}” that is not a UTC time like 2026-11-24T21:30:05.123Z",
        f"have a “{name}” that is not a UTC time like 2026-11-24T21:30:05.123Z",
    )


@dataclass
class Examination:
    """What :func:`examine` found; ``healthy`` when there is nothing to look at."""

    path: Path
    findings: list[str] = field(default_factory=list)
    conflict_copies: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)  # newest first
    records: dict[str, int] = field(default_factory=dict)  # live records per table
    readable: bool = False  # the file exists and parses as ours
    lives_at: Path | None = None  # where a symlinked data file really is
    db_id: str | None = None  # None: ``backups`` are those of every database
    restorable: Path | None = None  # the backup `restore` would put back, if it can tell
    encrypted: bool = False  # sealed: records counted, their contents not looked at

    @property
    def healthy(self) -> bool:
        return not self.findings


def examine(db_path: Path) -> Examination:
    """Look the data file at ``db_path`` over. Never writes anything anywhere."""
    path = Path(db_path).expanduser()
    result = Examination(path)
    if path.is_symlink():
        result.lives_at = real_path(path)
    if not path.exists():
        _unread(result)
        made_when = (
            "One is made the first time something is saved"
            if path.parent.is_dir()
            else f"Its folder {path.parent} is not there either; the dashboard or a quick "
            "command makes the default folder, a folder you chose must be created (or "
            "mounted) first"
        )
        result.findings.append(
            f"There is no data file at {path} yet. {made_when}; if you expected your "
            "records here, check --db, INNERCHILD_DB and the settings file."
        )
        return result
    try:
        data = read_database(path)
    except UnreadableDatabase as error:
        _unread(result)
        if result.restorable is not None:
            advice = (
                f"`{command_for(path, 'restore')}` puts the newest backup back and keeps "
                "this file aside."
            )
        elif result.backups:
            advice = (
                "This computer keeps backups of more than one database and this file was "
                "not read here before, so which of them is its own cannot be told: "
                f"`{command_for(path, 'restore')} BACKUP` puts back the one you name (the "
                "newest of each is listed below), and keeps this file aside."
            )
        else:
            advice = "There is no backup on this computer to restore from yet."
        result.findings.append(
            f"{path} could not be read ({error.reason}); nothing has been written to it. " + advice
        )
        return result

    result.readable = True
    meta = data["meta"][META_ID]
    db_id = meta.get("db_id")
    result.db_id = db_id if _usable_db_id(db_id) else None
    result.backups = list_backups(result.db_id)
    result.conflict_copies = find_conflict_copies(path, result.db_id)
    result.records = {
        name: sum(1 for record in data.get(name, {}).values() if is_live(record)) for name in TABLES
    }
    findings = result.findings
    if result.db_id is None:
        findings.append(
            f"The version record (“meta”) in {path.name} has no usable database id, so its "
            "backups and conflict copies cannot be told apart from other databases'."
        )
    schema = meta["schema"]
    newer = schema > SCHEMA
    if newer:
        findings.append(
            f"{path.name} was written by a newer innerchild-tui (data schema {schema}; this "
            f"one knows {SCHEMA}). It opens read-only here so nothing in it can be lost; "
            "please update innerchild-tui to change it."
        )
    leftovers = stray_temp_files(path)
    if leftovers:
        one = len(leftovers) == 1
        findings.append(
            f"{_count(len(leftovers), 'leftover temporary file')} beside {path.name} "
            f"({_names(leftovers)}) {'is' if one else 'are'} what remains of a save that was "
            f"interrupted. Your data file does not need {'it' if one else 'them'}, so once "
            f"innerchild is closed {'it' if one else 'they'} can be deleted."
        )
    copies, stuck = _sort_copies(result.conflict_copies, result.db_id)
    if copies and not newer:  # a read-only store merges nothing
        one = len(copies) == 1
        findings.append(
            f"{_count(len(copies), 'conflict copy', 'conflict copies')} made by a sync app "
            f"{'sits' if one else 'sit'} beside {path.name} ({_names(copies)}). "
            f"`innerchild doctor --merge` merges {'it' if one else 'them'} in and moves "
            f"{'it' if one else 'them'} to the backup folder; nothing is lost."
        )
    findings += stuck
    result.encrypted = header_of(data) is not None
    if not newer and not result.encrypted:  # a newer schema may follow unknown rules
        findings += _record_findings(data)
        findings += _shape_findings(data)
    return result


def _shape_findings(data: Tables) -> list[str]:
    """What the records' rules mend or set aside, in their own words: one line for each
    kind of problem in each table, with the records it was found in."""
    found: dict[tuple[str, str, bool], list[str]] = {}
    for finding in check_tables(data, clean_text=True).findings:
        where = (finding.table, finding.problem, finding.repaired)
        found.setdefault(where, []).append(finding.record_id)
    lines = []
    for (table, problem, repaired), keys in found.items():
        one = len(keys) == 1
        noun = RECORD_NOUNS.get(table, ("record", "records"))[0]
        which = f"A {noun}" if one else record_count(table, len(keys))
        which += f" ({_keys(keys)})"
        if repaired:
            lines.append(
                f"{which} needed mending: {problem}. innerchild mends "
                f"{'it' if one else 'them'} in memory when it opens the file, and writes "
                f"{'it' if one else 'them'} back mended with the next change."
            )
        else:
            lines.append(
                f"{which} {'is' if one else 'are'} damaged: {problem}. innerchild does not "
                f"show {'it' if one else 'them'}, and keeps {'it' if one else 'them'} in the "
                "file exactly as written; look in a text editor, or restore a backup that "
                "has them whole."
            )
    return lines


def _sort_copies(copies: list[Path], db_id: str | None) -> tuple[list[Path], list[str]]:
    """The conflict copies a merge would take, and a finding for each it would leave."""
    mergeable, stuck = [], []
    look = "Look inside it and keep anything you need; after that it can be deleted."
    for copy in copies:
        try:
            meta = read_database(copy)["meta"][META_ID]
        except UnreadableDatabase as error:
            why, advice = f"it could not be read ({error.reason})", look
        else:
            if meta["schema"] > SCHEMA:
                why = "it was written by a newer innerchild-tui"
                advice = "Once innerchild-tui is updated, `innerchild doctor --merge` takes it in."
            else:
                mergeable.append(copy)
                continue
        stuck.append(
            f"{copy.name} beside the data file looks like a sync app's conflict copy, but "
            f"{why}, so merging leaves it where it is. {advice}"
        )
    return mergeable, stuck


def stray_temp_files(db_path: Path) -> list[Path]:
    """Temp files an interrupted save left beside the data file."""
    found = []
    for path in temp_files(db_path):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found, key=lambda p: p.name)


def _unread(result: Examination) -> None:
    """What can still be said about a file that is missing or not ours: its own backups
    if this computer read it before (its database was noted then), else every
    database's, and whether the newest of them can be told to be its own."""
    known = known_database(result.path)
    result.db_id = known if _usable_db_id(known) else None
    result.backups = list_backups(result.db_id)
    result.restorable = newest_backup_for(result.db_id)
    result.conflict_copies = find_conflict_copies(result.path, result.db_id)


def _record_findings(data: Tables) -> list[str]:
    """What the records' own rules (``domain/validate.py``, said by :func:`_shape_findings`)
    cannot see: the base fields of records no rule holds (``meta``, tables this version
    does not know), a stamp shaped as one that is not a real time, and a tick's habit."""
    problems: dict[tuple[str, Problem], list[str]] = {}

    def note(table: str, problem: Problem, key: str) -> None:
        problems.setdefault((table, problem), []).append(key)

    habits = data.get("habits", {})
    for table, records in data.items():
        ruled = table in RULES
        for key, record in records.items():
            if type(record) is not dict:
                continue  # (set aside by the rules, and said)
            if not ruled and record.get("id") != key:
                note(table, _WRONG_KEY, key)
            for name in ("created_at", "updated_at"):
                value = record.get(name)
                if not ruled and not _is_stamp(value):
                    note(table, _bad_stamp(name), key)
                elif ruled and is_stamp(value) and not _is_stamp(value):
                    note(table, _odd_stamp(name), key)
            if table == "completions" and not record.get("deleted"):
                habit_id, day = record.get("habit_id"), record.get("day")
                if not isinstance(habit_id, str) or habit_id not in habits:
                    note(table, _NO_HABIT, key)
                if (
                    isinstance(habit_id, str)
                    and isinstance(day, str)
                    and record.get("id") == key != f"{habit_id}:{day}"
                ):
                    note(table, _WRONG_COMPLETION_ID, key)
    return [
        f"In “{table}”, {_count(len(keys), 'record')} {problem[len(keys) > 1]} ({_keys(keys)})."
        for (table, problem), keys in problems.items()
    ]


def _is_stamp(value: Any) -> bool:
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return False
    return True


def _usable_db_id(db_id: Any) -> TypeGuard[str]:
    if not isinstance(db_id, str):
        return False
    try:
        backup_folder(db_id)
    except ValueError:
        return False
    return True


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _names(paths: Iterable[Path]) -> str:
    return _keys([path.name for path in paths], longest=255)


def _keys(keys: list[str], longest: int = _SHOWN_KEY_LENGTH) -> str:
    shown = [key if len(key) <= longest else key[: longest - 1] + "…" for key in keys[:_SHOWN_KEYS]]
    text = ", ".join(f"“{key}”" for key in shown)
    if len(keys) > _SHOWN_KEYS:
        text += f" and {len(keys) - _SHOWN_KEYS} more"
    return text


# Restoring a backup -------------------------------------------------------------------
class RestoreError(StoreError):
    """A restore that could not be done; the data file is as it was."""


@dataclass
class Restoration:
    """What :func:`restore_backup` did."""

    path: Path  # the data file
    backup: Path  # the backup put back
    kept: Path | None = None  # where the replaced file went (None: there was none)
    kept_unreadable: bool = False  # it was not ours, so its raw bytes were kept
    unchanged: bool = False  # the file already held exactly the backup's bytes


def choose_backup(db_path: Path, wanted: str | None = None) -> Path:
    """The backup ``innerchild restore [BACKUP]`` means. Raises :class:`RestoreError`.

    ``wanted`` is a path, or a file name in the backup folder; by default the newest
    backup of the data file's database (for a file that cannot be read, the one it held
    when last read here; see :func:`~innerchild_tui.store.backups.newest_backup_for`).
    """
    db_id = current_db_id(db_path) or known_database(Path(db_path).expanduser())
    if wanted is None:
        chosen = newest_backup_for(db_id)
        if chosen is not None:
            return chosen
        if db_id is None and len(newest := newest_of_each(list_backups(None))) > 1:
            raise RestoreError(
                "This file cannot be read and was not read on this computer before, and "
                "there are backups of more than one database here, so which is its own "
                "cannot be told. Name the backup to put back (`innerchild restore BACKUP`); "
                "the newest of each database: " + "; ".join(str(path) for path in newest)
            )
        which = "of this database " if db_id else ""
        raise RestoreError(
            f"There are no backups {which}on this computer yet, so there is nothing to "
            "restore. innerchild makes one each day it is used, and before any merge."
        )
    given = Path(wanted).expanduser()
    if given.is_file():
        return given
    if given.name == wanted:  # a bare file name: look in the backup folders
        if db_id is not None and (backup_folder(db_id) / wanted).is_file():
            return backup_folder(db_id) / wanted
        for backup in list_backups(None):
            if backup.name == wanted:
                return backup
    where = f" in {backup_folder(db_id)}" if db_id else ""
    raise RestoreError(
        f"There is no backup called “{wanted}”{where}. Give the path of a backup, or the "
        "name of one in the backup folder (`innerchild doctor` shows the newest)."
    )


def current_db_id(db_path: Path) -> str | None:
    """The database id in the data file, if the file is ours and the id usable."""
    try:
        data = read_database(Path(db_path).expanduser())
    except UnreadableDatabase:
        return None
    db_id = data["meta"][META_ID].get("db_id")
    return db_id if _usable_db_id(db_id) else None


def restore_backup(db_path: Path, backup: Path, now: datetime) -> Restoration:
    """Write ``backup`` over the data file, keeping the file it replaces in the backups.

    Raises :class:`RestoreError` (nothing changed) if the backup is not a readable
    innerchild database, and ``OSError`` if something cannot be written; the data file
    is only replaced after the old one is safely kept.
    """
    path = Path(db_path).expanduser()
    try:
        backup_data = read_database(backup)
        payload = backup.read_bytes()
    except (UnreadableDatabase, OSError) as error:
        reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
        raise RestoreError(
            f"The backup {backup} could not be read ({reason}), so it was not restored; "
            f"{path} is as it was."
        ) from None
    backup_id = backup_data["meta"][META_ID].get("db_id")
    home_id = backup_id if _usable_db_id(backup_id) else "unknown"
    result = Restoration(path, backup)
    with file_lock(path):
        try:
            current: bytes | None = path.read_bytes()
        except FileNotFoundError:
            current = None
        if current == payload:
            result.unchanged = True
            return result
        if current is not None:
            result.kept, result.kept_unreadable = _keep(path, current, home_id, now)
        atomic_write(path, payload)
    return result


def _keep(path: Path, current: bytes, home_id: str, now: datetime) -> tuple[Path, bool]:
    """Put the file about to be replaced in the backup folder: where it went, and whether
    it had to be kept raw (it is not a database this app can read)."""
    try:
        meta = read_database(path)["meta"][META_ID]
    except UnreadableDatabase:
        pass
    else:
        own_id = meta.get("db_id")
        try:
            kept = make_backup(
                current,
                db_id=own_id if _usable_db_id(own_id) else home_id,
                reason="before-restore",
                now=now,
            )
        except ValueError:
            pass  # it changed under us into something that does not parse: keep it raw
        else:
            return kept, False
    return keep_unreadable(path.name, current, backup_folder(home_id), now), True


def keep_unreadable(name: str, raw: bytes, folder: Path, now: datetime) -> Path:
    """Keep ``raw`` byte for byte as ``folder/<name>.unreadable-YYYYMMDD-HHMMSS`` (0600).

    The bytes are written, synced and read back before this returns; on any failure the
    partial file is removed and ``OSError`` raised, so the caller never goes on unkept.
    """
    ensure_private_dir(folder.parent)
    ensure_private_dir(folder)
    local = now.astimezone() if now.tzinfo is not None else now
    stem = f"{name}.{UNREADABLE_MARK}-{local.strftime(_FILE_STAMP)}"
    n = 1
    while True:
        target = folder / (stem if n == 1 else f"{stem}-{n}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            n += 1
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if target.read_bytes() != raw:
            raise OSError(f"{target} did not read back as written")
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target
