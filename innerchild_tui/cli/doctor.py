"""Looking the data file over, merging conflict copies, restoring a backup."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from innerchild_tui.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CliError,
    _emit,
    _fail,
    _plain,
    _silence_stdout,
)
from innerchild_tui.cli.encryption import open_store
from innerchild_tui.config import Settings
from innerchild_tui.domain.records import TABLES, record_count
from innerchild_tui.store import StoreError
from innerchild_tui.store.backups import newest_of_each
from innerchild_tui.store.doctor import Examination, choose_backup, examine, restore_backup
from innerchild_tui.store.errors import SaveFailed
from innerchild_tui.store.sync import merge_conflict_copies

# Doctor and restore -----------------------------------------------------------------


def _print(lines: Sequence[str]) -> None:
    try:
        for line in lines:
            _emit(line, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _doctor(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    if args.merge:
        return _doctor_merge(args, db_path, settings)
    try:
        found = examine(db_path)
    except OSError as error:
        return _fail(f"{db_path} could not be looked at ({error.strerror or error}).")
    _print(_report(found))
    return EXIT_OK if found.healthy else EXIT_FINDINGS


def _report(found: Examination) -> list[str]:
    lines = [f"Data file: {_plain(found.path)}"]
    if found.lives_at is not None:
        lines.append(
            f"It is a link: the file really lives at {_plain(found.lives_at)}, and saves go there."
        )
    if found.encrypted:
        lines.append(
            "Encryption: on. Records are counted; what they hold is sealed, so it was not "
            "looked at (open it with the passphrase to see it)."
        )
    if found.readable:
        counts = [record_count(name, found.records.get(name, 0)) for name in TABLES]
        lines.append("Records: " + ", ".join(counts))
    else:
        lines.append("Records: not counted, as the file could not be read")
    whose = "" if found.db_id or not found.backups else " (of any innerchild database here)"
    if found.backups and not found.readable and found.restorable is None:
        lines.append(f"Backups: {len(found.backups)}{whose}; the newest of each database:")
        lines += [f"  {_plain(path)}" for path in newest_of_each(found.backups)]
    elif found.backups:
        lines.append(
            f"Backups: {len(found.backups)}{whose}; the newest is {_plain(found.backups[0])}"
        )
    elif found.readable:
        # True of both ways in: the dashboard and every quick command (checkin, habit,
        # today…) take the day's backup when they open the file; doctor only looks.
        lines.append(
            "Backups: none yet. The first is taken the next time the dashboard or a quick "
            "command (checkin, habit, today…) opens this file, then one each day it is used; "
            "doctor itself only looks."
        )
    else:
        lines.append("Backups: none yet; the first is taken once there is a data file to read.")
    if found.conflict_copies:
        lines.append(f"Conflict copies: {len(found.conflict_copies)}")
        lines += [f"  {_plain(path.name)}" for path in found.conflict_copies]
    else:
        lines.append("Conflict copies: none")
    lines.append("")
    if found.healthy:
        lines.append("All is well: nothing here needs your care.")
    else:
        count = len(found.findings)
        lines.append(f"Found {count} thing{'s' if count != 1 else ''} to look at:")
        lines += [f"- {_plain(finding)}" for finding in found.findings]
    return lines


def _doctor_merge(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    if not db_path.exists():
        return _fail(
            f"There is no data file at {db_path}, so there is nothing to merge "
            "conflict copies into."
        )
    try:
        store = open_store(args, db_path, settings)
        if store.read_only_reason:
            return _fail(store.read_only_reason)
        merged = merge_conflict_copies(store, store.now())
    except CliError as error:
        return _fail(str(error))
    except SaveFailed as error:
        return _fail(
            f"The merged records could not be saved to {error.path} ({error.reason}); "
            "the file and its conflict copies are as they were."
        )
    except StoreError as error:  # unreadable: the store's own words, with the newest backup
        return _fail(str(error))
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return _fail(
            f"The conflict copies could not all be merged and moved aside ({reason}); "
            "nothing was deleted, and `innerchild doctor` shows where things are."
        )
    _print([_plain(merged.summary()) if merged.summary() else "No conflict copies to merge."])
    return EXIT_OK


def _restore(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    try:
        backup = choose_backup(db_path, args.backup)
        done = restore_backup(db_path, backup, datetime.now().astimezone())
    except StoreError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(
            f"The backup could not be put back ({error.strerror or error}); {db_path} is as it was."
        )
    if done.unchanged:
        _print([f"{_plain(db_path)} already holds exactly {_plain(backup)}; nothing changed."])
        return EXIT_OK
    lines = [f"Restored {_plain(db_path)} from the backup {_plain(backup)}."]
    if done.kept is None:
        lines.append("There was no data file there before, so there was nothing to keep.")
    elif done.kept_unreadable:
        lines.append(
            "The file it replaced could not be read, so its bytes were kept exactly as they "
            f"were in {_plain(done.kept)}"
        )
    else:
        lines.append(
            f"The file it replaced was kept as a backup: {_plain(done.kept)} "
            "(`innerchild restore` with that path puts it back)."
        )
    lines.append(
        "If innerchild is open right now, here or on another computer, it will merge what "
        "it holds back in when it next saves; close it first to keep the backup as it is."
    )
    _print(lines)
    return EXIT_OK
