"""The store: the one object the UI and the CLI talk to (see :mod:`.base` for the core)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from innerchild_tui import __version__
from innerchild_tui.domain.comfort import day_texts_used
from innerchild_tui.domain.days import DEFAULT_DAY_START_HOUR
from innerchild_tui.domain.records import (
    Record,
    is_live,
    natural_id,
    new_id,
    new_record,
)
from innerchild_tui.domain.vocabulary import STARTER_HABITS, STARTER_LINKS
from innerchild_tui.store.base import (
    APP_NAME,
    META_ID,
    SCHEMA,
    Clock,
    StoreBase,
    collector_paused,
    read_database,
    read_file,
)
from innerchild_tui.store.checkins import Checkins, Words
from innerchild_tui.store.comfort import Comfort
from innerchild_tui.store.crypto import Secret
from innerchild_tui.store.errors import StoreError, UnreadableDatabase
from innerchild_tui.store.habits import HabitDays, Habits
from innerchild_tui.store.letters import Letters, Prompts
from innerchild_tui.store.locking import file_lock
from innerchild_tui.store.practices import Practices
from innerchild_tui.store.storage import (
    Keep,
    ReadAhead,
    Sealing,
    Tables,
    file_signature,
    remove_stale_temp_files,
)
from innerchild_tui.store.support import SUPPORT_NOTES_ID, Support
from innerchild_tui.store.written import known_database, note_database

__all__ = ["APP_NAME", "META_ID", "SCHEMA", "Store", "read_database"]

if TYPE_CHECKING:
    from innerchild_tui.domain.review import WeekReview
    from innerchild_tui.domain.search import Found, Memory


PARTIAL = "This quick look holds only some of the records; it writes nothing."


class Store(StoreBase):
    """Every record of one data file, and the only way the app and the CLI change them.

    The store itself is the file held in memory (:class:`StoreBase`: opening, saving,
    merging, encryption, time); each record type has its repository, which changes and
    reads that table only through it and names the repositories it uses:
    ``store.checkins``, ``store.words``, ``store.habits``, ``store.habit_days``,
    ``store.comfort``, ``store.letters``, ``store.prompts``, ``store.practices`` and
    ``store.support``.
    """

    def __init__(self, path: Path, data: Tables, **options: Any) -> None:
        super().__init__(path, data, **options)
        self.words = Words(self)
        self.habits = Habits(self)
        self.habit_days = HabitDays(self, self.habits)
        self.comfort = Comfort(self)
        self.checkins = Checkins(self, self.words, self.habits, self.habit_days, self.comfort)
        self.letters = Letters(self, self.habit_days)
        self.prompts = Prompts(self)
        self.practices = Practices(self, self.habit_days)
        self.support = Support(self)

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
        ahead: ReadAhead | None = None,
        keep: Keep | None = None,
    ) -> Store:
        """Open ``path``, or start a new database there (nothing is written until a save).

        An encrypted file needs ``secret`` (its passphrase, recovery key or data key):
        without it :class:`NeedsPassphrase` is raised, and :class:`WrongPassphrase` when it
        does not fit; nothing is written either way. Both carry the file as read
        (``read_ahead``): given back as ``ahead``, the next try does not read it again
        unless it changed.

        ``keep`` makes a partial look, for a quick command that reads a few records: only
        the records it says yes to (table, key, record) are held, read a part at a time,
        and the store is read-only (it holds too little to be written back).
        """
        path = Path(path).expanduser()
        try:
            return cls._open(
                path,
                device=device,
                day_start_hour=day_start_hour,
                clock=clock,
                secret=secret,
                ahead=ahead,
                keep=keep,
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
        ahead: ReadAhead | None,
        keep: Keep | None = None,
    ) -> Store:
        # Under the lock, the signature is taken before the read: a save by another
        # process after this point changes the signature, so our first save merges it.
        with file_lock(path) as locked:
            signature = file_signature(path)
            if signature is not None:
                try:
                    found = read_file(
                        path, secret=secret, signature=signature, ahead=ahead, keep=keep
                    )
                except UnreadableDatabase as error:
                    from innerchild_tui.store.backups import newest_backup_for

                    backup = newest_backup_for(known_database(path))
                    raise UnreadableDatabase(path, error.reason, backup) from None
                checked = found.checked
                sealing = None
                if found.header is not None and found.keys is not None:
                    sealing = Sealing(found.keys, found.header)
                if locked:
                    remove_stale_temp_files(path, locked=True)
                usable = checked.usable
                if keep is not None:  # (a sealed file, or one read whole, is cut down here)
                    usable = {
                        name: {key: r for key, r in records.items() if keep(name, key, r)}
                        for name, records in usable.items()
                    }
                store = cls(
                    path,
                    usable,
                    device=device,
                    day_start_hour=day_start_hour,
                    clock=clock,
                    signature=signature,
                    checked=checked,
                    sealing=sealing,
                    opened=found.opened,
                )
                if keep is not None:
                    store.read_only_reason = PARTIAL
                if store.db_id:
                    note_database(path, store.db_id)
                return store
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
        note_database(path, store.db_id)
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
        by kind: the records as stored, not copies, taken under the storage lock. Records
        are replaced, never changed in place, so this is one consistent state to read
        (from a worker thread too) while the UI thread or a merge writes; copying ten
        years of them cost more than the search and left work for the cycle collector."""
        with self._storage.lock:
            tables = self._storage.read()

            def live(table: str) -> list[Record]:
                return [r for r in tables.get(table, {}).values() if is_live(r)]

            support = [r for r in live("support") if r.get("kind", "contact") == "contact"]
            notes = tables.get("support", {}).get(SUPPORT_NOTES_ID)
            if notes is not None and is_live(notes):
                support.append(notes)
            return {
                "checkin": live("checkins"),
                "letter": live("letters"),
                "comfort": live("comfort"),
                "support": support,
            }

    def search(
        self, query: str, *, start: date | None = None, end: date | None = None
    ) -> dict[str, list[Found]]:
        """Everything that holds each word of ``query``, grouped by kind, newest first."""
        from innerchild_tui.domain.search import search

        return search(query, self.search_records(), start=start, end=end)

    def search_newest(
        self, query: str, per_kind: int
    ) -> tuple[dict[str, list[Found]], dict[str, int]]:
        """The newest ``per_kind`` of each kind holding each word of ``query``, and how
        many each kind holds (the search screen's view). With the cycle collector off:
        set off in the search screen's worker by what a search over years makes, one
        collection walked everything the app holds, the screen waiting (16 ms)."""
        from innerchild_tui.domain.search import search_newest

        with collector_paused():
            return search_newest(query, self.search_records(), per_kind=per_kind)

    def on_this_day(self, today: date | None = None) -> list[Memory]:
        """What was written a year and a month ago today (check-in notes, letters); only
        those two days' records are read."""
        from innerchild_tui.domain.review import memory_days
        from innerchild_tui.domain.search import on_this_day

        today = today or self.today()
        days = {day.isoformat() for day in memory_days(today)}
        return on_this_day(
            today, self._live_on_days("checkins", days), self._live_on_days("letters", days)
        )

    def _live_on_days(self, table: str, days: Collection[str]) -> list[Record]:
        """Copies of the live records of ``table`` whose ``day`` is one of ``days``: one
        pass over the table as stored, copying only those."""
        with self._storage.lock:
            rows = self._storage.read().get(table, {}).values()
            return [
                dict(r)
                for r in rows
                if isinstance(day := r.get("day"), str) and day in days and is_live(r)
            ]

    def week_review(self, day: date | None = None, *, memories: bool = True) -> WeekReview:
        """The week holding ``day`` (default today), looked back on (see
        :func:`~innerchild_tui.domain.review.build_review`). Only that week's records
        (and, with ``memories``, a year and a month before ``day``) are copied; habit days
        come from the index. Safe to call from a worker thread."""
        from innerchild_tui.domain.review import build_review, memory_days, week_of

        today = self.today()
        asked = day or today
        week = week_of(asked)
        week_text = frozenset(d.isoformat() for d in week)
        earlier = frozenset(d.isoformat() for d in memory_days(asked)) if memories else frozenset()
        with self._storage.lock:
            tables = self._storage.read()
            checkins = self._live_on_days("checkins", week_text | earlier)
            letters = self._live_on_days("letters", week_text | earlier)
            practices = self._live_on_days("practices", week_text)
            comfort = [
                dict(item)
                for item in tables.get("comfort", {}).values()
                if is_live(item) and _used_in(item, week_text)
            ]
            habits = sorted(
                (dict(h) for h in tables.get("habits", {}).values() if is_live(h)),
                key=lambda h: (h.get("order", 0), h["created_at"]),
            )
            by_habit = self._habit_index.days_by_habit()
            days_by_habit = {
                habit_id: {d: dict(entries[d]) for d in week if d in entries}
                for habit_id, entries in by_habit.items()
            }
        return build_review(
            asked,
            today,
            checkins=checkins,
            habits=habits,
            days_by_habit=days_by_habit,
            comfort=comfort,
            practices=practices,
            letters=letters,
            memories=memories,
        )


def _used_in(item: Record, days: Collection[str]) -> bool:
    """A comfort item was used on one of ``days`` (its day list, or its log of uses)."""
    return not day_texts_used(item).isdisjoint(days)
