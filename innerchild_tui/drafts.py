"""Words in progress, kept on this computer until they reach the data file or are let go.

Two kinds, one file of each per data file: the check-in in progress (``checkin``), and
the words of letters typed while the data file could not be written (``letter``: it was
read-only), which go into their letters once it can be. A draft is words the person has
not chosen to keep yet, or could not keep yet, so it stays private and local: one small
file (0600) in the local state folder (never the synced data file, never beside it),
removed as soon as what it holds is saved or let go.
With the data file encrypted, the draft is sealed with the file's data key (AES-GCM, as
the records are; see docs/encryption.md), so it holds nothing readable either.
Writes are atomic and may come from a worker thread and from the event loop; a
generation number keeps an older write from landing after a newer one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from innerchild_tui.paths import ensure_private_dir, state_dir
from innerchild_tui.store import crypto
from innerchild_tui.store.storage import atomic_write, remove_stale_temp_files

Draft = dict[str, Any]


KINDS = ("checkin", "letter")


def draft_path(db_path: Path, kind: str = "checkin") -> Path:
    """Where the draft of ``kind`` (see :data:`KINDS`) for the data file ``db_path`` is kept."""
    digest = hashlib.sha256(str(db_path.expanduser().resolve()).encode()).hexdigest()[:20]
    return state_dir() / "drafts" / f"{kind}-{digest}.json"


class DraftFile:
    """The one draft of a kind (the check-in, or letters' words) of a data file."""

    def __init__(
        self, db_path: Path, keys: crypto.Keys | None = None, kind: str = "checkin"
    ) -> None:
        self.db_path = db_path
        self.keys = keys  # the data file's keys when it is encrypted: the draft is sealed
        self.kind = kind
        self.path = draft_path(db_path, kind)
        self._lock = threading.Lock()
        self._written = -1
        self._swept = False

    def read(self) -> Draft | None:
        """The kept draft, or None (none, or unreadable: a draft is never worth a crash)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and set(data) == {"sealed"}:
                if self.keys is None:
                    return None  # sealed, and the file is not unlocked here
                data = json.loads(crypto.open_blob(self.keys, data["sealed"]))
        except (OSError, ValueError, crypto.DamagedSeal):
            return None
        return data if isinstance(data, dict) and data else None

    def write(self, draft: Draft | None, generation: int) -> None:
        """Keep ``draft`` (None removes it) unless a newer generation was written already.

        Raises OSError when the state folder cannot hold it.
        """
        with self._lock:
            if generation < self._written:
                return
            self._written = generation
            if draft is None:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                return
            ensure_private_dir(self.path.parent)
            payload = json.dumps(draft, ensure_ascii=False, indent=1).encode("utf-8")
            if self.keys is not None:
                sealed = crypto.seal_blob(self.keys, payload)
                payload = json.dumps({"sealed": sealed}).encode("utf-8")
            atomic_write(self.path, payload)
            if not self._swept:
                self._swept = True  # a save killed mid-write leaves a private temp file
                remove_stale_temp_files(self.path)
