"""Sealing what this computer kept of a database before it was encrypted.

Backups and merged conflict copies live in the local state folder; the drafts (a
check-in, letters' words) too.
Once the data file is sealed, the copies made before are sealed with the same key, so
nothing a person wrote stays readable on this computer either. It is done once per key
(a marker file in the backup folder names the key's public check), by the computer that
turned encryption on and by every computer the first time it unlocks the sealed file.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from innerchild_tui.drafts import KINDS, DraftFile
from innerchild_tui.store import crypto
from innerchild_tui.store.backups import CONFLICTS_FOLDER, backup_folder, list_backups
from innerchild_tui.store.storage import atomic_write, decode, encode
from innerchild_tui.store.store import Store


def seal_local_copies(store: Store) -> int:
    """Seal this computer's plain backups, conflict copies and drafts of ``store``'s file.

    Returns how many files were sealed. Never raises for one file it cannot read or
    write (it stays as it was and is tried again next time).
    """
    keys, header = store.keys, store.encryption_header
    if keys is None or header is None or not store.db_id:
        return 0
    try:
        folder = backup_folder(store.db_id)
    except ValueError:
        return 0
    marker = folder / f".sealed-{keys.check}"
    if marker.exists():
        return 0
    sealed = 0
    failed = False
    candidates = list_backups(store.db_id) + sorted((folder / CONFLICTS_FOLDER).glob("*.json"))
    for path in candidates:
        try:
            sealed += _seal_file(path, keys, header)
        except (OSError, ValueError, TypeError, AttributeError):
            failed = True
    for kind in KINDS:
        kept = DraftFile(store.path, kind=kind).read()
        if kept is not None:  # a plain draft: write it again, sealed
            with contextlib.suppress(OSError):
                DraftFile(store.path, keys, kind).write(kept, 0)
                sealed += 1
    if not failed and folder.is_dir():
        with contextlib.suppress(OSError):
            marker.touch(mode=0o600)
    return sealed


def seal_copy(store: Store, path: Path) -> bool:
    """Seal one plain copy of the database (a merged conflict copy) with ``store``'s key.

    True if it was sealed; a copy that is sealed already, or cannot be read, stays as is.
    """
    keys, header = store.keys, store.encryption_header
    if keys is None or header is None:
        return False
    try:
        return _seal_file(path, keys, header) == 1
    except (OSError, ValueError, TypeError, AttributeError):
        return False


def _seal_file(path: Path, keys: crypto.Keys, header: dict[str, object]) -> int:
    data = decode(path.read_bytes())
    if not isinstance(data, dict) or crypto.header_of(data) is not None:
        return 0
    atomic_write(path, encode(crypto.seal_tables(data, keys, dict(header))))
    return 1
