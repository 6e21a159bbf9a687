"""What this computer last wrote to a data file, so opening it again need not check it.

Checking the shape of every record is about a third of opening ten years of data (some
45 ms of the dashboard's start and of every quick command). A file this app saved holds
only records it checked, and mended, itself. So after a save of a file in the clear that
keeps no damaged record, the file's signature (device, inode, size, and the times of its
last change in nanoseconds) is noted in the local state folder, with a digest of the
rules it was checked by (``domain/validate.py`` and ``domain/shapes.py``). A file opened
with that very signature, under the same rules, is the one written here, and its
records are taken as checked.

Anything else changes the signature: a sync client's copy, an editor, a backup put back,
another computer, another version of the app; its records are then checked one by one
as ever. The scan for unsafe text (escapes, bidi controls) is never skipped: a file whose
bytes may hold any is checked whole, whoever wrote it. The note is a cache: when it
cannot be written or read, the file is checked.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from pathlib import Path

from innerchild_tui.domain import shapes, validate
from innerchild_tui.paths import ensure_private_dir, file_digest, state_dir
from innerchild_tui.store.storage import Signature


def _note(db_path: Path) -> Path:
    return state_dir() / "written" / file_digest(db_path)


@functools.cache
def _rules() -> str:
    """A digest of the record rules (their source), or "" when it cannot be read."""
    try:
        digest = hashlib.sha256()
        for module in (validate, shapes):
            digest.update(Path(module.__file__ or "").read_bytes())
        return digest.hexdigest()[:16]
    except OSError:
        return ""


def note_written(db_path: Path, signature: Signature) -> None:
    """The file at ``db_path`` now holds, with ``signature``, records checked here."""
    rules = _rules()
    if not rules:
        return
    note = _note(db_path)
    with contextlib.suppress(OSError):
        ensure_private_dir(note.parent)
        note.write_text(json.dumps({"signature": list(signature), "rules": rules}))


def forget_written(db_path: Path) -> None:
    with contextlib.suppress(OSError):
        _note(db_path).unlink(missing_ok=True)


def written_here(db_path: Path, signature: Signature) -> bool:
    """Whether the file at ``db_path``, with ``signature``, is the one noted as written."""
    try:
        noted = json.loads(_note(db_path).read_text())
    except (OSError, ValueError):
        return False
    return (
        isinstance(noted, dict)
        and noted.get("signature") == list(signature)
        and noted.get("rules") == _rules() != ""
    )


# Which database a data file held when this computer last read it ---------------------
def _database_note(db_path: Path) -> Path:
    return state_dir() / "databases" / file_digest(db_path)


def note_database(db_path: Path, db_id: str) -> None:
    """The file at ``db_path`` holds database ``db_id`` (noted at each opening, written only
    when it changes): should the file later be unreadable, its own backups are still
    known from this, not taken from another database this computer keeps."""
    note = _database_note(db_path)
    with contextlib.suppress(OSError):
        if note.is_file() and note.read_text(encoding="utf-8") == db_id:
            return
        ensure_private_dir(note.parent)
        note.write_text(db_id, encoding="utf-8")


def known_database(db_path: Path) -> str | None:
    """The database the file at ``db_path`` held when last read here, if noted."""
    try:
        return _database_note(db_path).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
