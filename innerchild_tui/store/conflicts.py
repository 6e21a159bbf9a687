"""Finding the conflict copies that sync clients leave beside the data file.

Two ways a sibling counts as a conflict copy of ``innerchild.json``:

- its name is one a sync client gives a conflict copy of that file (Syncthing, Dropbox,
  Nextcloud/ownCloud, OneDrive's Linux client, iCloud Drive, Resilio, Google Drive); or
- it is any other ``*.json`` beside it that parses and carries the same database id in
  ``meta`` (a client or a language whose naming we do not know).

A name match says nothing about the content: the caller reads it like any data file.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from innerchild_tui.store.storage import decode

MAX_SIBLING_BYTES = 50 * 1024 * 1024
_META_TABLE = "meta"
_META_ID = "database"

# Each pattern is formatted with the escaped stem {s} and suffix {x} of the data file.
_DATE = r"\d{{4}}-\d{{2}}-\d{{2}}"
_TEMPLATES = (
    # Syncthing, conflicts of conflicts too: S.sync-conflict-20261124-213005-ABCDEF1.json
    r"{s}(?:\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}})+{x}",
    # Dropbox: S (Sam's conflicted copy 2026-11-24).json, … 2026-11-24 (1)).json;
    # Nextcloud/ownCloud: S (conflicted copy 2026-11-24 213005).json
    r"{s} \((?:[^()/]+['’]s )?conflicted copy (?:[^()/]+ )?" + _DATE + r"(?: \d{{6}})?"
    r"(?: \(\d+\))?\){x}",
    # Dropbox: S (Case Conflict).json, S (Case Conflict 1).json, Unicode Encoding Conflict
    r"{s} \((?:Case|Unicode Encoding) Conflict(?: \d+)?\){x}",
    # Older Nextcloud/ownCloud: S_conflict-20261124-213005.json
    r"{s}_conflict-\d{{8}}-\d{{6}}{x}",
    # OneDrive (Linux client): S-HOSTNAME-safeBackup-0001.json, older S-HOSTNAME.json
    r"{s}-[A-Za-z0-9][A-Za-z0-9_-]*-safeBackup-\d+{x}",
    r"{s}-[A-Za-z0-9][A-Za-z0-9_-]*{x}",
    # iCloud Drive: S 2.json, S 3.json
    r"{s} (?:[2-9]|[1-9]\d+){x}",
    # Resilio: S.Conflict.json (and S.Conflict (1).json)
    r"{s}\.Conflict(?: \(\d+\))?{x}",
    # Google Drive desktop: S (1).json
    r"{s} \(\d+\){x}",
)


def is_conflict_copy_name(db_file_name: str, candidate: str) -> bool:
    """Whether ``candidate`` is a name a sync client gives a conflict copy of the file.

    Case-insensitive (clients and case-insensitive file systems vary); the data file's
    own name, hidden temp files and other names are not conflict copies.
    """
    if not candidate or "/" in candidate or "\\" in candidate:
        return False
    if candidate == db_file_name or (
        candidate.startswith(".") and not db_file_name.startswith(".")
    ):
        return False
    return _pattern(db_file_name).fullmatch(candidate) is not None


def find_conflict_copies(db_path: Path, db_id: str | None) -> list[Path]:
    """The conflict copies beside ``db_path``, sorted by name; never raises.

    Siblings whose names match :func:`is_conflict_copy_name`, plus any other non-hidden
    ``*.json`` sibling of at most 50 MB that parses and whose ``meta`` carries ``db_id``.
    Only regular files (not symlinks); the data file itself is never one.
    """
    folder = db_path.parent
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    own = _stat(db_path)
    found = []
    for entry in entries:
        name = entry.name
        if name == db_path.name:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
        except OSError:
            continue
        path = folder / name
        if is_conflict_copy_name(db_path.name, name) or (
            db_id and _carries_db_id(path, name, entry, db_id)
        ):
            if own is not None and _same_file(own, path):
                continue  # the data file under another spelling (case-insensitive disk)
            found.append(path)
    return sorted(found, key=lambda p: p.name)


# Helpers ------------------------------------------------------------------------------
@lru_cache(maxsize=32)
def _pattern(db_file_name: str) -> re.Pattern[str]:
    name = PurePath(db_file_name)
    stem, suffix = (name.stem, name.suffix) if name.suffix else (name.name, "")
    s, x = re.escape(stem), re.escape(suffix)
    alternatives = "|".join(f"(?:{t.format(s=s, x=x)})" for t in _TEMPLATES)
    return re.compile(alternatives, re.IGNORECASE)


def _carries_db_id(path: Path, name: str, entry: os.DirEntry[str], db_id: str) -> bool:
    if name.startswith(".") or not name.lower().endswith(".json"):
        return False
    try:
        if entry.stat(follow_symlinks=False).st_size > MAX_SIBLING_BYTES:
            return False
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SIBLING_BYTES + 1)
    except OSError:
        return False
    if len(raw) > MAX_SIBLING_BYTES:
        return False
    try:
        data = decode(raw)
    except ValueError:
        return False
    return _db_id_of(data) == db_id


def _db_id_of(data: Any) -> str | None:
    meta = data.get(_META_TABLE) if isinstance(data, dict) else None
    record = meta.get(_META_ID) if isinstance(meta, dict) else None
    found = record.get("db_id") if isinstance(record, dict) else None
    return found if isinstance(found, str) else None


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _same_file(own: os.stat_result, path: Path) -> bool:
    other = _stat(path)
    return other is not None and os.path.samestat(own, other)
