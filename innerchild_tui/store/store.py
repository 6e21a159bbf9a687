"""The store: the one object the UI and the CLI talk to (see :mod:`.base` for the core)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from innerchild_tui import __version__
from innerchild_tui.domain.days import DEFAULT_DAY_START_HOUR
from innerchild_tui.domain.records import (
    Record,
    natural_id,
    new_id,
    new_record,
)
from innerchild_tui.domain.search import Found, Memory, on_this_day, search
from innerchild_tui.domain.vocabulary import STARTER_HABITS, STARTER_LINKS
from innerchild_tui.store.backups import newest_backup
from innerchild_tui.store.base import (
    APP_NAME,
    META_ID,
    SCHEMA,
    Clock,
    read_database,
    read_file,
)
from innerchild_tui.store.checkins import CheckinsMixin
from innerchild_tui.store.comfort import ComfortMixin
from innerchild_tui.store.crypto import Secret
from innerchild_tui.store.errors import StoreError, UnreadableDatabase
from innerchild_tui.store.habits import HabitsMixin
from innerchild_tui.store.letters import LettersMixin
from innerchild_tui.store.locking import file_lock
from innerchild_tui.store.practices import PracticesMixin
from innerchild_tui.store.storage import Sealing, file_signature, remove_stale_temp_files
from innerchild_tui.store.support import SUPPORT_NOTES_ID, SupportMixin

__all__ = ["APP_NAME", "META_ID", "SCHEMA", "Store", "read_database"]


class Store(CheckinsMixin, HabitsMixin, ComfortMixin, LettersMixin, PracticesMixin, SupportMixin):
    """Every record of one data file, and the only way the app and the CLI change them."""

    # Opening ------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path,
        *,
        device: str,
        day_start_hour: int = DEFAULT_DAY_START_HOUR,
        clock: Clock | None = None,
        secret: Secret | None = None,
    ) -> Store:
        """Open ``path``, or start a new database there (nothing is written until a save).

        An encrypted file needs ``secret`` (its passphrase, recovery key or data key):
        without it :class:`NeedsPassphrase` is raised, and :class:`WrongPassphrase` when it
        does not fit; nothing is written either way.
        """
        path = Path(path).expanduser()
        try:
            return cls._open(
                path, device=device, day_start_hour=day_start_hour, clock=clock, secret=secret
            )
        except OSError as error:  # a flaky disk: a kind StoreError, never a traceback
            raise StoreError(
                f"{path} could not be opened just now ({error.strerror or error}). "
                "Nothing was changed; please try again in a moment."
            ) from None

    @classmethod
    def _open(
        cls,
        path: Path,
        *,
        device: str,
        day_start_hour: int,
        clock: Clock | None,
        secret: Secret | None,
    ) -> Store:
        # Under the lock, the signature is taken before the read: a save by another
        # process after this point changes the signature, so our first save merges it.
        with file_lock(path) as locked:
            signature = file_signature(path)
            if signature is not None:
                try:
                    found = read_file(path, secret=secret)
                except UnreadableDatabase as error:
                    raise UnreadableDatabase(path, error.reason, newest_backup()) from None
                checked = found.checked
                sealing = None
                if found.header is not None and found.keys is not None:
                    sealing = Sealing(found.keys, found.header)
                if locked:
                    remove_stale_temp_files(path, locked=True)
                return cls(
                    path,
                    checked.usable,
                    device=device,
                    day_start_hour=day_start_hour,
                    clock=clock,
                    signature=signature,
                    checked=checked,
                    sealing=sealing,
                    opened=found.opened,
                )
        if not path.parent.exists():
            raise StoreError(
                f"The folder {path.parent} is not there, so your data file cannot be made "
                "in it. Nothing was written. If it is a synced folder, it may not be "
                "mounted or synced yet; otherwise create it, or choose another place "
                "with --db, INNERCHILD_DB or data_file in the settings."
            )
        store = cls(
            path, {}, device=device, day_start_hour=day_start_hour, clock=clock, is_new=True
        )
        store._start_new_database()
        return store

    def _start_new_database(self) -> None:
        self.db_id = new_id()
        stamp = self.stamp()
        meta = new_record(
            stamp,
            self.device,
            id=META_ID,
            app=APP_NAME,
            db_id=self.db_id,
            schema=SCHEMA,
            version=__version__,
        )
        self._put("meta", meta)
        for order, name in enumerate(STARTER_HABITS):
            habit_id = natural_id("habit", name, ())
            record = new_record(stamp, self.device, id=habit_id, name=name, order=order)
            if name in STARTER_LINKS:
                record["linked_to"] = STARTER_LINKS[name]
            self._put("habits", record)

    # Looking back ---------------------------------------------------------------------
    def search_records(self) -> dict[str, list[Record]]:
        """Every live record :func:`~innerchild_tui.domain.search.search` looks through,
        by kind."""
        support = list(self.support_contacts())
        notes = self._raw("support", SUPPORT_NOTES_ID)
        if notes is not None and not notes.get("deleted"):
            support.append(dict(notes))
        return {
            "checkin": self.checkins(),
            "letter": self.letters(),
            "comfort": self.comfort_items(),
            "support": support,
        }

    def search(
        self, query: str, *, start: date | None = None, end: date | None = None
    ) -> dict[str, list[Found]]:
        """Everything that holds each word of ``query``, grouped by kind, newest first."""
        return search(query, self.search_records(), start=start, end=end)

    def on_this_day(self, today: date | None = None) -> list[Memory]:
        """What was written a year and a month ago today (check-in notes, letters)."""
        return on_this_day(today or self.today(), self.checkins(), self.letters())
