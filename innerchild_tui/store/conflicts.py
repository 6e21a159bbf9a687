"""Finding the conflict copies that sync clients leave beside the data file.

A sibling is a conflict copy of ``innerchild.json`` only when its name is one a sync
client gives a conflict copy of that file (Syncthing, Dropbox, Nextcloud/ownCloud,
OneDrive's Linux client, iCloud Drive, Resilio, Google Drive). Any other file beside it,
even one holding the same database (a person's own ``my-backup-before-trip.json``), is
theirs and is left alone.

A name match says nothing about the content: the caller reads it like any data file,
and merges it whatever its database id (two computers that each started a file before
their sync app first met make two ids; both are the same person's practice).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path, PurePath

from innerchild_tui.store.storage import real_path

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
    # OneDrive (Linux client): S-HOSTNAME-safeBackup-0001.json. (Its older S-HOSTNAME.json
    # is not recognised: it cannot be told from a person's own "innerchild-old.json".)
    r"{s}-[A-Za-z0-9][A-Za-z0-9_-]*-safeBackup-\d+{x}",
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


def find_conflict_copies(db_path: Path, db_id: str | None = None) -> list[Path]:
    """The conflict copies beside ``db_path``, sorted by name; never raises.

    Siblings whose names match :func:`is_conflict_copy_name`; through a symlink, those
    beside the file it names too (where the sync client works). Only regular files (not
    symlinks); the data file itself is never one. ``db_id`` is not used (a copy is
    merged whatever its database id); it stays for callers that pass it.
    """
    own = _stat(db_path)
    places = [db_path]
    target = real_path(db_path)
    if target != db_path:
        places.append(target)
    found: set[Path] = set()
    for place in places:
        folder = place.parent
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name == place.name or not is_conflict_copy_name(place.name, name):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
            except OSError:
                continue
            path = folder / name
            if own is not None and _same_file(own, path):
                continue  # the data file under another spelling (case-insensitive disk)
            found.add(path)
    return sorted(found, key=lambda p: (p.name, str(p)))


# Helpers ------------------------------------------------------------------------------
@lru_cache(maxsize=32)
def _pattern(db_file_name: str) -> re.Pattern[str]:
    name = PurePath(db_file_name)
    stem, suffix = (name.stem, name.suffix) if name.suffix else (name.name, "")
    s, x = re.escape(stem), re.escape(suffix)
    alternatives = "|".join(f"(?:{t.format(s=s, x=x)})" for t in _TEMPLATES)
    return re.compile(alternatives, re.IGNORECASE)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _same_file(own: os.stat_result, path: Path) -> bool:
    other = _stat(path)
    return other is not None and os.path.samestat(own, other)
