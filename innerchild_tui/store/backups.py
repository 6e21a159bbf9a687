"""Verified snapshots of the data file in this computer's local state dir.

Backups never go into the synced folder (a sync client would spread them, and conflict
with them): they live in ``state_dir()/backups/<db_id>/``, folders 0700 and files 0600,
one file per snapshot named ``innerchild-YYYYMMDD-HHMMSS-<reason>.json`` in local time,
with ``-2``, ``-3``… added when two land in the same second. Merged conflict copies are
moved, never deleted, into that folder's ``conflicts/`` subfolder.

Every snapshot is verified after writing: read back, compared byte for byte, parsed.
Rotation keeps the newest backup of each of the last 14 days that have backups, the
newest of each of the last 12 months that have backups, and everything from the last
24 hours.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from innerchild_tui import paths
from innerchild_tui.store.storage import FileCopy, Payload, atomic_write, decode

REASONS = ("daily", "before-migration", "before-merge", "before-restore")
DAILY = "daily"
CONFLICTS_FOLDER = "conflicts"

KEEP_DAYS = 14
KEEP_MONTHS = 12
KEEP_RECENT = timedelta(hours=24)

_PREFIX = "innerchild"
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_REASON = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_DB_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_BACKUP_NAME = re.compile(
    rf"{_PREFIX}-(?P<stamp>\d{{8}}-\d{{6}})-(?P<reason>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*?)"
    r"(?:-(?P<count>[2-9]|[1-9]\d+))?\.json"
)


@dataclass(frozen=True, order=True)
class _Backup:
    """A backup file, ordered oldest to newest by the time in its name."""

    taken: datetime  # naive, local time
    count: int  # 1, or the -2, -3 … suffix
    path: Path

    @property
    def reason(self) -> str:
        match = _BACKUP_NAME.fullmatch(self.path.name)
        return match["reason"] if match else ""


def backup_folder(db_id: str) -> Path:
    """Where the backups of database ``db_id`` live (not created here)."""
    if not _DB_ID.fullmatch(db_id):
        raise ValueError(f"not a usable database id for a backup folder: {db_id!r}")
    return _backups_root() / db_id


def make_backup(
    payload: bytes | Payload | FileCopy,
    *,
    db_id: str,
    reason: str,
    now: datetime,
    parses: bool = False,
) -> Path:
    """Write ``payload`` (bytes, a store's document in parts, or the file on disk read a
    part at a time) as a new backup, verify it, and return its path.

    ``parses``: the caller knows the payload parses (the very bytes the store wrote or
    read); else it is parsed first, which holds the interpreter for 0.1 s at ten years.
    Raises ``ValueError`` for a bad ``reason``/``db_id`` or a payload that does not parse
    (nothing is written then), and ``OSError`` if the file cannot be written or does not
    read back identical (the bad file is removed).
    """
    if not _REASON.fullmatch(reason):
        raise ValueError(f"a backup reason is letters, digits and dashes, not {reason!r}")
    if not parses:  # a snapshot that would not restore is no backup
        decode(payload if isinstance(payload, bytes) else payload.joined())
    folder = _private_folder(backup_folder(db_id))
    stamp = _local(now).strftime(_STAMP_FORMAT)
    path = _reserve(folder, f"{_PREFIX}-{stamp}-{reason}", ".json", "-{n}")
    try:
        atomic_write(path, payload)
        pieces = [payload] if isinstance(payload, bytes) else payload.pieces()
        if not reads_back_as(path, pieces):  # the same bytes as a payload that parses
            raise OSError(f"the backup {path} did not read back as written")
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


_READ_BACK = 1 << 20


def reads_back_as(path: Path, pieces: Iterable[bytes]) -> bool:
    """Whether the file at ``path`` holds exactly ``pieces``, one after another: compared
    a megabyte at a time, so a check of ten years (19 MB) never holds a second copy."""
    with path.open("rb") as file:
        for piece in pieces:
            view = memoryview(piece)
            for at in range(0, len(view), _READ_BACK):
                part = view[at : at + _READ_BACK]
                if file.read(len(part)) != part:
                    return False
        return file.read(1) == b""


def backup_if_due(
    payload: Callable[[], tuple[bytes | FileCopy, bool]], *, db_id: str, now: datetime
) -> Path | None:
    """Make the "daily" backup unless one exists for today (local time); then rotate.

    ``payload`` gives the bytes, and whether they are known to parse; it is called only
    when a backup is due.
    """
    today = _local(now).date()
    made: Path | None = None
    if not any(b.reason == DAILY and b.taken.date() == today for b in _backups_in(db_id)):
        data, parses = payload()
        made = make_backup(data, db_id=db_id, reason=DAILY, now=now, parses=parses)
    rotate(db_id, now)
    return made


def rotate(db_id: str, now: datetime) -> list[Path]:
    """Remove the backups rotation does not keep; return the paths removed, newest first.

    Kept, among every backup of ``db_id`` whatever its reason: the newest of each of the
    last 14 days that have backups, the newest of each of the last 12 months that have
    backups, and all from the last 24 hours (or dated later than ``now``). Files that are
    not named like backups, and the ``conflicts/`` subfolder, are never touched.
    """
    backups = sorted(_backups_in(db_id))
    newest_of_day: dict[date, _Backup] = {}
    newest_of_month: dict[tuple[int, int], _Backup] = {}
    for backup in backups:  # oldest first, so the newest of each group wins
        newest_of_day[backup.taken.date()] = backup
        newest_of_month[(backup.taken.year, backup.taken.month)] = backup
    keep = {newest_of_day[day].path for day in sorted(newest_of_day)[-KEEP_DAYS:]}
    keep |= {newest_of_month[m].path for m in sorted(newest_of_month)[-KEEP_MONTHS:]}
    since = _local(now) - KEEP_RECENT
    keep |= {backup.path for backup in backups if backup.taken >= since}
    removed = []
    for backup in reversed(backups):
        if backup.path in keep:
            continue
        try:
            backup.path.unlink()
        except OSError:
            continue  # held open (Windows) or already gone: the next rotation tries again
        removed.append(backup.path)
    return removed


def list_backups(db_id: str | None = None) -> list[Path]:
    """Backups of ``db_id`` (of every database when ``None``), newest first."""
    if db_id is not None:
        found = _backups_in(db_id)
    else:
        found = []
        for folder in _subfolders(_backups_root()):
            found += _backups_in_folder(folder)
    found.sort(key=lambda b: (b.taken, b.count, b.path.name, str(b.path)), reverse=True)
    return [backup.path for backup in found]


def newest_backup(db_id: str | None = None) -> Path | None:
    """The most recent backup of ``db_id`` (of any database when ``None``), if any."""
    backups = list_backups(db_id)
    return backups[0] if backups else None


def backed_up_databases() -> list[str]:
    """The ids of the databases this computer keeps backups of."""
    return sorted(
        folder.name for folder in _subfolders(_backups_root()) if _backups_in_folder(folder)
    )


def newest_of_each(backups: Iterable[Path]) -> list[Path]:
    """The first of ``backups`` (newest first) in each database's folder."""
    newest: dict[Path, Path] = {}
    for backup in backups:
        newest.setdefault(backup.parent, backup)
    return list(newest.values())


def newest_backup_for(db_id: str | None) -> Path | None:
    """The backup to put back a file of database ``db_id``: its newest. With no id (a file
    that cannot be read, and was never read here), the newest of the one database this
    computer keeps backups of; None when it keeps several's, for which of them is this
    file's cannot be told."""
    if db_id is None:
        databases = backed_up_databases()
        if len(databases) != 1:
            return None
        db_id = databases[0]
    try:
        return newest_backup(db_id)
    except ValueError:  # a noted id that is not a usable folder name
        return None


def archive_conflict_copy(path: Path, db_id: str, now: datetime) -> Path:
    """Move a merged conflict copy into ``backup_folder(db_id)/conflicts/``; return where.

    The copy keeps its name (`` (2)``, `` (3)``… added before the suffix if taken) and
    its bytes; it ends up 0600. Across file systems the bytes are copied, synced and
    compared before the original is removed, so nothing is ever lost. ``now`` is when
    the archiving happens; the name deliberately does not change with it.
    """
    del now  # the original name is the record; the time is the caller's to log
    if not path.is_file():
        raise FileNotFoundError(f"no conflict copy at {path}")
    folder = _private_folder(backup_folder(db_id) / CONFLICTS_FOLDER)
    name = Path(path.name)
    target = _reserve(folder, name.stem, name.suffix, " ({n})")
    try:
        try:
            os.replace(path, target)  # same file system: atomic, the placeholder goes
        except OSError:
            _copy_then_remove(path, target)
    except BaseException:
        if path.exists():  # the original is intact: drop the placeholder or partial copy
            with contextlib.suppress(OSError):
                target.unlink()
        raise
    with contextlib.suppress(OSError):
        os.chmod(target, 0o600)
    return target


# Helpers ------------------------------------------------------------------------------
def _backups_root() -> Path:
    return paths.state_dir() / "backups"


def _private_folder(folder: Path) -> Path:
    """Create ``folder`` (and the backups root) as 0700, tightening them if they exist."""
    levels = [_backups_root()]
    for part in folder.relative_to(levels[0]).parts:
        levels.append(levels[-1] / part)
    for level in levels:
        paths.ensure_private_dir(level)
        if os.name == "posix" and level.stat().st_mode & 0o777 != 0o700:
            os.chmod(level, 0o700)
    return folder


def _reserve(folder: Path, stem: str, suffix: str, counter: str) -> Path:
    """Create an empty 0600 file with a free name (``stem``, then with ``counter``)."""
    n = 1
    while True:
        name = stem + (counter.format(n=n) if n > 1 else "") + suffix
        path = folder / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            n += 1
            continue
        os.close(fd)
        return path


def _copy_then_remove(source: Path, target: Path) -> None:
    """``shutil.move`` across file systems, but the source goes only after a check."""
    shutil.copyfile(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    if target.read_bytes() != source.read_bytes():
        target.unlink()
        raise OSError(f"copying {source} to {target} did not give the same bytes")
    with contextlib.suppress(OSError):
        shutil.copystat(source, target)
    source.unlink()


def _local(moment: datetime) -> datetime:
    """``moment`` as naive local time (a naive ``moment`` already is)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone().replace(tzinfo=None)


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [entry for entry in folder.iterdir() if entry.is_dir()]
    except OSError:
        return []


def _backups_in(db_id: str) -> list[_Backup]:
    return _backups_in_folder(backup_folder(db_id))


def _backups_in_folder(folder: Path) -> list[_Backup]:
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _BACKUP_NAME.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat().st_size == 0:
                continue  # not a file, or a name make_backup has reserved but not filled
            taken = datetime.strptime(match["stamp"], _STAMP_FORMAT)
        except (OSError, ValueError):
            continue  # a folder, or an impossible date such as 20261399
        count = int(match["count"]) if match["count"] else 1
        found.append(_Backup(taken, count, folder / entry.name))
    return found
