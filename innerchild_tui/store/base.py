"""The core of the store: one TinyDB file, read once, changed in memory, saved atomically.

Synchronous and thread-safe. The app changes records on its event loop (memory only,
fast) and calls :meth:`StoreBase.save` from a worker thread; the CLI calls it directly.
Before every save the file is checked for changes made by another process or a sync
client; if it changed, it is read and merged first, so nobody's words are lost.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pendulum
from tinydb import TinyDB
from tinydb.table import Table

from innerchild_tui import __version__
from innerchild_tui.domain.days import DEFAULT_DAY_START_HOUR, day_for
from innerchild_tui.domain.merge import (
    LINEAGE_FIELD,
    Tables,
    Version,
    comfort_use_unions,
    grown_from,
    letter_copies,
    letter_copy,
    letters_brought_back,
    merge,
    same_table,
    same_tables,
    version_of,
)
from innerchild_tui.domain.records import (
    TABLES,
    Record,
    is_live,
    new_record,
    utc_stamp,
)
from innerchild_tui.domain.shapes import (
    CheckedTables,
    Finding,
    check_tables,
    may_hold_unsafe_text,
)
from innerchild_tui.domain.text import clean_name
from innerchild_tui.malloc import give_back_freed_memory
from innerchild_tui.store import crypto
from innerchild_tui.store.errors import (
    DataFileMissing,
    EncryptionTurnedOff,
    NeedsPassphrase,
    NewerSchema,
    ReadOnly,
    SaveFailed,
    StoreError,
    UnreadableDatabase,
    WrongPassphrase,
)
from innerchild_tui.store.indexes import HabitIndex, changed_records
from innerchild_tui.store.locking import file_lock
from innerchild_tui.store.storage import (
    REPLACE_GRACE,
    AsWritten,
    AtomicJSONStorage,
    FileCopy,
    Keep,
    Parsed,
    Payload,
    ReadAhead,
    Sealing,
    Signature,
    Written,
    atomic_write,
    decode,
    decode_file,
    decode_in_slices,
    file_signature,
    let_go,
    real_path,
    remove_stale_temp_files,
    wait_for_file,
)
from innerchild_tui.store.written import forget_written, note_written, written_here

SCHEMA = 1

# What one record of each table is called in messages.
RECORD_NOUNS = {
    "checkins": "check-in",
    "habits": "habit",
    "completions": "habit entry",
    "comfort": "comfort item",
    "letters": "letter",
    "practices": "practice",
    "support": "support contact",
    "prompts": "prompt",
    "words": "word",
}
APP_NAME = "innerchild-tui"
META_ID = "database"

Clock = Callable[[], pendulum.DateTime]

# Fields a tombstone keeps: enough to merge and to place it, never the person's words.
_TOMBSTONE_FIELDS = ("id", "created_at", "updated_at", "device", "deleted", "day", "habit_id")
# What makes one version of a record: taken afresh when a record is brought back.
_VERSION_FIELDS = frozenset({"updated_at", "device", "deleted", "edited_from"})


class _StringIdTable(Table):
    """Documents keyed by their cross-device string id, not TinyDB's per-file integer."""

    document_id_class = str  # type: ignore[assignment]


class _Database(TinyDB):
    table_class = _StringIdTable


_ONE_MS = timedelta(milliseconds=1)


def _parse_stamp(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def read_database(path: Path) -> Tables:
    """Read and check a data file. Raises :class:`UnreadableDatabase` for anything not ours.

    The records are as the file holds them; :func:`read_checked` checks each one too.
    """
    return _parse(path, _read_bytes(path))


def read_checked(path: Path) -> CheckedTables:
    """Read a data file and check every record against its type's shape (see
    :mod:`~innerchild_tui.domain.shapes`): usable records mended and made safe to show,
    damaged ones set aside. Raises :class:`UnreadableDatabase` as :func:`read_database`."""
    return read_file(path).checked


@dataclass(frozen=True)
class Merged:
    """A merge of the file into what this store holds."""

    tables: Tables
    same_as_file: bool  # the file holds exactly it: nothing of ours is unsaved
    changed_tables: frozenset[str]  # the tables it changed here
    habit_changes: list[tuple[str, Record]] | None  # for the habit index (indexes.py)
    letters_back: tuple[str, ...] = ()  # letters removed here that the merge brought back
    letters_kept: tuple[str, ...] = ()  # letters kept here that were removed elsewhere


@dataclass
class FileRead:
    """A data file read, opened (if sealed) and checked."""

    checked: CheckedTables
    header: dict[str, Any] | None  # its encryption header; None for a file in the clear
    keys: crypto.Keys | None  # the keys that opened it
    opened: crypto.Opened | None = None  # a sealed file's records, opened


def read_file(
    path: Path,
    keys: crypto.Keys | None = None,
    secret: crypto.Secret | None = None,
    *,
    signature: Signature | None = None,
    ahead: ReadAhead | None = None,
    in_slices: bool = False,
    seen: crypto.Seen | None = None,
    written: AsWritten | None = None,
    keep: Keep | None = None,
) -> FileRead:
    """Read a data file, open it if it is sealed, and check every record.

    ``keep``: a file in the clear as this app writes it keeps only the records it says
    yes to, read a part at a time (a partial, read-only look; others are read whole).

    A sealed file opens with ``keys`` when they are its keys, else with ``secret``;
    raises :class:`NeedsPassphrase` without either, :class:`WrongPassphrase` for a
    secret that does not fit, and :class:`UnreadableDatabase` as :func:`read_database`.
    ``signature`` is the file's, taken before this read: the file is then not read again
    when ``ahead`` was read at that signature, and both passphrase errors carry the file
    as read (:class:`ReadAhead`) for the next try. ``in_slices``: parsed a record at a
    time (:func:`decode_in_slices`), for a thread that reads while the screen is up.
    ``seen``: what the last reading with ``keys`` opened (:attr:`crypto.Opened.seen`);
    records sealed as they were then are not opened again. ``written``: what this
    process last encoded of each record, and what it holds now
    (:meth:`AtomicJSONStorage.as_written`); with ``in_slices``, a record the file holds
    exactly as encoded is taken as that object, not parsed, and one held now is not
    checked again (it was checked when it came in; one set aside as damaged is).
    """
    with collector_paused():
        early: crypto.EarlyUnlock | None = None
        if ahead is not None and ahead.signature == signature:
            data = ahead.data  # a sealed file, unchanged since
        elif not in_slices and secret is None and (streamed := _read_in_parts(path, keep)):
            data = _document(path, streamed[0])
            if crypto.header_of(data) is None:
                unsafe = streamed[1]
                if not unsafe and signature is not None and written_here(path, signature):
                    return FileRead(CheckedTables(data, {}, []), None, None)
                checked = check_tables(data, clean_text=unsafe, handed_on=True)
                return FileRead(checked, None, None)
        else:
            raw = _read_bytes(path)
            hint = crypto.header_hint(raw) if secret is not None else None
            if (
                hint is not None
                and secret is not None
                and (keys is None or keys.check != hint["check"])
            ):
                early = crypto.EarlyUnlock(hint, secret)  # while the file is parsed
            parsed = Parsed() if written is not None else None
            fragments = written.fragments if written is not None else None
            data = _parse(path, raw, in_slices=in_slices, written=fragments, parsed=parsed)
            if crypto.header_of(data) is None:
                # Only what was parsed can hold what was not there when it was checked.
                clean = may_hold_unsafe_text(parsed.as_bytes(raw) if parsed else raw)
                trusted = written.held if written is not None else None
                checked = check_tables(data, clean_text=clean, trusted=trusted, handed_on=True)
                return FileRead(checked, None, None)
        header = crypto.header_of(data)
        assert header is not None
        try:
            return _opened(path, data, header, keys, secret, early, seen)
        except (NeedsPassphrase, WrongPassphrase) as locked:
            if signature is not None:
                locked.read_ahead = ReadAhead(signature, data)
            raise


def _opened(
    path: Path,
    data: Tables,
    header: dict[str, Any],
    keys: crypto.Keys | None,
    secret: crypto.Secret | None,
    early: crypto.EarlyUnlock | None,
    seen: crypto.Seen | None = None,
) -> FileRead:
    """A parsed sealed file opened with ``keys`` when they fit it, else with ``secret``
    (its key derived in a thread, ``early`` if that began already, while every record is
    decoded)."""
    if keys is None or keys.check != header["check"]:
        if secret is None:
            raise NeedsPassphrase(path)
        if early is None or early.header != header:
            early = crypto.EarlyUnlock(header, secret)
    else:
        early = None
    if early is not None:
        seen = None  # opened with other keys, if at all
    try:
        sealed = crypto.envelopes(data, seen)
        if early is not None:
            found = early.keys_for(header)
            keys = found if found is not None else crypto.unlock(header, early.secret)
        assert keys is not None
        opened = crypto.open_tables(data, keys, sealed, seen)
    except crypto.WrongSecret:
        raise WrongPassphrase(path) from None
    except crypto.DamagedSeal:
        raise UnreadableDatabase(
            path, "a record in it does not open with its key: it was changed or damaged"
        ) from None
    unsafe = may_hold_unsafe_text(b"".join(opened.plain_json))
    checked = check_tables(opened.tables, clean_text=unsafe)
    if unsafe or checked.findings:
        # Only a record the check passed as it was opened is taken as seen next time
        # (those are not checked for unsafe text again; the rest is, when it is opened).
        opened.keep_seen_only(checked.usable)
    return FileRead(checked, header, keys, opened)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection while a file is decoded: its records hold no cycles, and each
    collection set off by their allocation walked all of them again (at ten years of data
    about a third of opening a sealed file). What was read is frozen after, out of the
    walk too: left unfrozen, the first collection once the collector is back on (the
    counts grew all the while) walked the lot, a merge's stall 11-15 -> 17-31 ms at ten
    years. A freeze also keeps garbage there is at that moment; the app lets go of it at
    a long quiet (``app/collector.py``). A search freezes too, though its results do
    not last: left unfrozen, the search screen and its results were walked by the
    collections the review's opening set off next (42 against 23 ms at ten years)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.enable()


_HEADER_NAME = f'"{crypto.HEADER_FIELD}"'.encode()


def file_header(path: Path) -> dict[str, Any] | None:
    """The encryption header of the file at ``path`` (None: in the clear).

    A file whose bytes nowhere hold the header's field name in quotes is in the clear, and
    is not parsed (every quick command asks this before opening the file: at ten years
    that was a parse of 0.1 s and a peak of 110 MB for nothing); a file in the clear that
    does not read then comes out as in the clear here, and its opening says what is
    wrong with it."""
    raw = _read_bytes(path)
    if _HEADER_NAME not in raw:
        return None
    return crypto.header_of(_parse(path, raw))


def _read_in_parts(path: Path, keep: Keep | None = None) -> tuple[Tables, bool] | None:
    """The file's tables read a part at a time (only the records ``keep`` says yes to),
    and whether it may hold unsafe text (:func:`decode_file`); None for a file not as
    this app writes it."""
    try:
        with path.open("rb") as file:
            return decode_file(file, keep=keep)
    except OSError as error:
        raise UnreadableDatabase(path, error.strerror or str(error)) from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UnreadableDatabase(path, error.strerror or str(error)) from None


def _parse(
    path: Path,
    raw: bytes,
    *,
    in_slices: bool = False,
    written: Written | None = None,
    parsed: Parsed | None = None,
) -> Tables:
    if parsed is not None and not in_slices:
        parsed.everything = True
    try:
        data = decode_in_slices(raw, written, parsed) if in_slices else decode(raw)
    except ValueError as error:
        raise UnreadableDatabase(path, str(error)) from None
    return _document(path, data)


def _document(path: Path, data: Any) -> Tables:
    """``data`` parsed from the file at ``path``, if it is an innerchild database."""
    if not isinstance(data, dict):
        raise UnreadableDatabase(path, "it is JSON, but not an innerchild database")
    meta = data.get("meta", {}).get(META_ID) if isinstance(data.get("meta"), dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP_NAME:
        raise UnreadableDatabase(path, "it is JSON, but not an innerchild database")
    schema = meta.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise UnreadableDatabase(path, "its version record (meta) is damaged")
    for name, table in data.items():
        # Every record a dict (the types gathered at C speed: 60,000 records at ten years).
        if not isinstance(table, dict) or not {dict}.issuperset(map(type, table.values())):
            raise UnreadableDatabase(path, f"its “{name}” table is damaged{_what_is_wrong(table)}")
    return data


_KINDS = {str: "a text", int: "a number", float: "a number", bool: "true or false", list: "a list"}


def _what_is_wrong(table: object) -> str:
    """Where in a damaged table to look: its first entry that is not a record."""
    if not isinstance(table, dict):
        return f" (it is {_KINDS.get(type(table), 'empty')}, not a table of records)"
    for key, record in table.items():
        if type(record) is not dict:
            count = sum(type(other) is not dict for other in table.values())
            more = f", and {count - 1} more like it" if count > 1 else ""
            return f": “{key}” is {_KINDS.get(type(record), 'empty')}, not a record{more}"
    return ""


def write_protection(path: Path, *, while_open: bool = False) -> str | None:
    """Why the file must not be written, if its permissions say so; else None.

    A file marked read-only (0444) is respected even where this user could replace it
    (a save renames a new file over it, which only the folder's permissions govern).
    ``while_open``: the protection was found while the file was open (the words say so).
    """
    target = real_path(path)
    try:
        mode = target.stat().st_mode
    except OSError:
        return None
    if mode & 0o222 == 0:
        if while_open:
            return (
                f"{path} was made write-protected while innerchild was open, so innerchild "
                "now leaves it as it is and writes nothing to it. To save here again, allow "
                f"writing to it (for example `chmod u+w {target}`)."
            )
        return (
            f"{path} is write-protected (no one may change it), so innerchild opened it "
            "read-only and will not write to it. To make changes here again, allow "
            f"writing to it (for example `chmod u+w {target}`)."
        )
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return (
            f"The folder {target.parent} does not let innerchild save there, so the file "
            "is open read-only and nothing will be written to it."
        )
    return None


class StoreBase:
    """The data file held in memory: time, saving, merging and generic record handling.

    Each record type has a repository that reads and changes its table through this one
    (:class:`~innerchild_tui.store.store.Store` makes them).
    """

    def __init__(
        self,
        path: Path,
        data: Tables,
        *,
        device: str,
        day_start_hour: int = DEFAULT_DAY_START_HOUR,
        clock: Clock | None = None,
        is_new: bool = False,
        signature: Signature | None = None,
        checked: CheckedTables | None = None,
        sealing: Sealing | None = None,
        opened: crypto.Opened | None = None,
    ) -> None:
        self.path = path
        self.device = device
        self.day_start_hour = day_start_hour
        self.clock: Clock = clock or pendulum.now
        self.is_new = is_new
        if checked is None:
            checked = check_tables(data)
        data = checked.usable
        # Records that failed their shape check: never shown, never dropped from the file.
        self.findings: list[Finding] = checked.findings
        self._storage = AtomicJSONStorage(path, data, damaged=checked.damaged)
        self._storage.set_sealing(sealing)
        if opened is not None:
            self._storage.keep_sealed_forms(opened)
        # What the last reading opened (a sealed file): a merge opens only what changed.
        self._seen: crypto.Seen | None = opened.seen if opened is not None else None
        # The keys this computer unlocked, and the header the file on disk has (None: the
        # file is in the clear, or there is none yet).
        self._keys: crypto.Keys | None = sealing.keys if sealing else None
        self._disk_header: dict[str, Any] | None = (
            sealing.header if sealing and not is_new else None
        )
        # Sealed elsewhere while open: nothing is written until it is unlocked here.
        self.locked_out = False
        # Found in the clear while this store wrote it sealed: nothing is written until the
        # person says which way to go on (:meth:`go_on_after_turned_off`).
        self.turned_off_elsewhere = False
        storage = self._storage
        self._db = _Database(storage=lambda: storage)
        self._save_lock = threading.Lock()
        self._habit_index = HabitIndex(self._completion_records)
        self._last_moment: datetime | None = None
        # The signature of the file ``data`` was read from, taken under the lock before
        # the read (see :meth:`Store.open`); a save merges whatever changed since.
        self._known_signature = (
            signature if signature is not None or is_new else file_signature(path)
        )
        self._shared: dict[str, Version] = {}
        self._remember_shared_letters(data)
        meta = data.get("meta", {}).get(META_ID, {})
        self.db_id: str = str(meta.get("db_id", ""))
        schema = int(meta.get("schema", SCHEMA))
        self.read_only_reason: str | None = None
        # Read-only because of the file's or its folder's permissions: looked at again
        # before every save and whenever the file's signature changes (a chmod changes its
        # ctime), so protection set while open is respected and protection lifted ends.
        self._protected_by: str | None = None
        self._swept = False  # stale temp files of killed saves, once per process
        self.outside_changes = 0  # how many times another process's changes were merged in
        self.file_went_missing = False  # the file was deleted from outside while open
        self.last_merge_tables: frozenset[str] = frozenset()  # what the last merge changed
        # Letters removed here that the last merge brought back: words were written in
        # them elsewhere that the removal never saw (see merge.letters_brought_back).
        self.last_merge_letters_back: tuple[str, ...] = ()
        # Letters held here that the last merge found removed elsewhere, and kept: words
        # were written in them here that the removal never saw.
        self.last_merge_letters_kept: tuple[str, ...] = ()
        if schema > SCHEMA:
            self.read_only_reason = str(NewerSchema(path, schema, str(meta.get("version", "?"))))
        elif not is_new:
            self.read_only_reason = self._protected_by = write_protection(path)

    # Time ---------------------------------------------------------------------------
    def now(self) -> pendulum.DateTime:
        return self.clock()

    def today(self) -> date:
        """The practice day it is now, with the day-start hour applied."""
        return day_for(self.now(), self.day_start_hour)

    def stamp(self) -> str:
        """An ``updated_at`` that never goes backwards within this process."""
        moment: datetime = self.now()
        if self._last_moment is not None and moment <= self._last_moment:
            moment = self._last_moment + timedelta(milliseconds=1)
        self._last_moment = moment
        return utc_stamp(moment)

    # Saving -------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def has_unsaved_changes(self) -> bool:
        return self._storage.dirty or self._header_unsaved()

    def _note_what_was_written(self, identity: tuple[int, int]) -> None:
        """Note the file just written as checked here (``store/written.py``): in the clear,
        no damaged record kept, and still the very file written (its device and inode;
        a sync client that put another in its place meanwhile is not noted)."""
        signature = self._known_signature
        if (
            signature is not None
            and signature[:2] == identity
            and self._storage.sealing is None
            and not any(self._storage.damaged.values())
        ):
            note_written(self.path, signature)
        else:
            forget_written(self.path)

    def _header_unsaved(self) -> bool:
        sealing = self._storage.sealing
        return (sealing.header if sealing else None) != self._disk_header

    def save(self, *, in_hand: str | None = None) -> bool:
        """Write the data file if anything changed. Returns True if it wrote.

        If the file changed on disk since it was last read, it is merged in first
        (``in_hand``: the letter open in an editor here, see :meth:`_merged`).
        Raises :class:`SaveFailed` (state kept in memory) or :class:`StoreError`. A
        read-only store never writes: it returns False, or raises if it holds changes
        (possible only when a newer version upgraded the file while this one was open).
        """
        self._follow_write_protection()  # a stat: protection set while open is respected
        if self.read_only:
            if self.has_unsaved_changes:
                raise ReadOnly(str(self.read_only_reason))
            return False
        with self._save_lock, file_lock(self.path) as locked, self._disk_errors(saving=True):
            self._merge_if_changed(in_hand)
            if self._in_a_sync_clients_replace():
                self._merge_if_changed(in_hand)
            gone = self._known_signature is not None and file_signature(self.path) is None
            if gone:
                # Deleted from outside while open: this process holds everything the file
                # held (read and merged under the lock), so writing it back loses nothing.
                self.file_went_missing = True
            if not self.has_unsaved_changes and self._known_signature is not None and not gone:
                return False
            generation, payload = self._storage.snapshot()
            if not self._swept or locked:
                self._swept = True
                remove_stale_temp_files(self.path, locked=locked)
            try:
                identity = atomic_write(self.path, payload)
            except OSError as error:
                raise SaveFailed(self.path, error.strerror or str(error)) from None
            self._known_signature = file_signature(self.path)
            self._note_what_was_written(identity)
            self._storage.mark_saved(generation)
            sealing = self._storage.sealing
            self._disk_header = sealing.header if sealing else None
            self._remember_shared_letters(self._storage.read())
            return True

    def reload_if_changed(self, *, in_hand: str | None = None) -> bool:
        """Merge in a change another process or a sync client made. True if one was found.
        ``in_hand``: the letter open in an editor here (see :meth:`_merged`).

        Raises :class:`DataFileMissing` if the file this store read has been deleted (a
        save writes it back), and :class:`StoreError` for anything else that went wrong.
        """
        with self._save_lock, file_lock(self.path), self._disk_errors(saving=False):
            changed = self._merge_if_changed(in_hand)
            if self._in_a_sync_clients_replace():
                changed = self._merge_if_changed(in_hand) or changed
            if self._known_signature is not None and file_signature(self.path) is None:
                self.file_went_missing = True
                raise DataFileMissing(self.path)
            return changed

    def _in_a_sync_clients_replace(self) -> bool:
        """True if the file was missing for a moment and is back.

        A sync client that keeps a conflict copy replaces the file in two steps (the old
        one renamed aside, then the new one moved in), so there is a moment with no file.
        Only a file still missing after that grace counts as deleted.
        """
        if self._known_signature is None or file_signature(self.path) is not None:
            return False
        return wait_for_file(self.path, REPLACE_GRACE)

    @contextlib.contextmanager
    def _disk_errors(self, *, saving: bool) -> Iterator[None]:
        """An OSError (a flaky disk, a sync client holding the file) becomes a StoreError,
        so callers handle one kind of failure and nothing ends the app."""
        try:
            yield
        except StoreError:
            raise
        except OSError as error:
            reason = error.strerror or str(error)
            if saving:
                raise SaveFailed(self.path, reason) from None
            raise StoreError(
                f"{self.path} could not be looked at just now ({reason}). Nothing was lost; "
                "innerchild will look again in a moment."
            ) from None

    def _follow_write_protection(self) -> None:
        """Read-only from now on if the file (or its folder) was write-protected since it
        was opened; writable again if the protection that made it read-only was lifted.
        Nothing held in memory is dropped either way (see :meth:`_merge`)."""
        protected = self._protected_by is not None and self.read_only_reason == self._protected_by
        if self.read_only and not protected:
            return  # read-only for another reason (a newer schema, a partial view)
        reason = write_protection(self.path, while_open=True)
        if reason is None:
            if protected:
                self._protected_by = self.read_only_reason = None
        elif not protected:
            self._protected_by = self.read_only_reason = reason

    def _merge_if_changed(self, in_hand: str | None) -> bool:
        signature = file_signature(self.path)
        if signature is None or signature == self._known_signature:
            return False
        self._follow_write_protection()  # a chmod changed the signature (its ctime)
        # No cycle collection while years of records are read and merged (in a thread that
        # holds the interpreter meanwhile: one collection walking them stalled the screen).
        with collector_paused():
            return self._merge(signature, in_hand)

    def _merge(self, signature: Signature, in_hand: str | None) -> bool:
        try:
            found = read_file(
                self.path,
                keys=self._keys,
                in_slices=True,
                seen=self._seen,
                written=self._storage.as_written(),
            )
        except NeedsPassphrase:
            # Sealed elsewhere (or with a new key): never write over it in the clear, nor
            # with a key that is not its own. The signature stays unknown, so every save
            # and look tries again, until this computer unlocks it.
            self.locked_out = True
            raise NeedsPassphrase(self.path, while_open=True) from None
        self._follow_encryption(found)
        checked = found.checked
        theirs = checked.usable
        their_meta = theirs["meta"][META_ID]
        newer_schema = their_meta["schema"] > SCHEMA
        if newer_schema and not (self.read_only and not self._storage.dirty):
            # A newer version upgraded the file while we had it open. Records of a schema
            # we do not know must not be merged into ours and written back: stop writing.
            self._known_signature = signature
            error = NewerSchema(self.path, their_meta["schema"], str(their_meta.get("version")))
            self.read_only_reason = str(error)
            raise error

        def merged_with(ours: Tables) -> Merged:
            # A read-only store only shows the file; it has nothing of its own to keep,
            # unless it became read-only while it held changes (they are kept, merged).
            shows_only = self.read_only and not self._storage.dirty
            merged = theirs if shows_only else self._merged(ours, theirs, self._shared, in_hand)
            changed = changed_tables(ours, merged)
            return Merged(
                merged,
                same_tables(merged, theirs),
                changed,
                changed_records(ours, merged),
                letters_come_back(ours, merged) if "letters" in changed else (),
                letters_kept_from_removal(ours, theirs, merged, self._shared),
            )

        # Merged off the storage lock (tenths of a second at ten years, while the screen
        # reads the store), from a shallow copy: records are replaced, never changed in
        # place. A change made here meanwhile is merged again, under the lock.
        with self._storage.lock:
            ours, generation = self._storage.read(), self._storage.generation
            ours = {name: dict(records) for name, records in ours.items()}
        result = merged_with(ours)
        with self._storage.lock:
            if self._storage.generation != generation:
                result = merged_with(self._storage.read())
            merged = result.tables
            self._storage.replace_data(merged)
            self._seen = found.opened.seen if found.opened is not None else None
            if found.opened is not None and self._storage.sealing is not None:
                self._storage.keep_sealed_forms(found.opened)
            self._habit_index.replaced(result.habit_changes)
            self._storage.keep_damaged(checked.damaged)
            self.findings = checked.findings
            if result.same_as_file:
                self._storage.mark_saved(self._storage.generation)
            for name in (*TABLES, "meta"):
                self._db.table(name).clear_cache()
            self.last_merge_tables = result.changed_tables
            self.last_merge_letters_back = result.letters_back
            self.last_merge_letters_kept = result.letters_kept
            # A letter kept here that was removed elsewhere changes nothing here, but is
            # news: the person is told why the removal did not take.
            changed = bool(result.changed_tables or result.letters_kept)
            meta = merged.get("meta", {}).get(META_ID, {})
            self.db_id = str(meta.get("db_id", self.db_id))
        self._known_signature = signature
        self._remember_shared_letters(theirs)
        if merged is not theirs:
            let_go(theirs)  # what was read and not kept (most of it: ours where both agree)
            if found.opened is not None:
                let_go(found.opened.tables)
        give_back_freed_memory()  # the file as read, and all of it not kept
        if changed:
            self.outside_changes += 1
        return changed

    def _follow_encryption(self, found: FileRead) -> None:
        """Keep writing the file the way it now is: sealed with its own header (a new
        passphrase set elsewhere is kept), or refuse when it went from sealed to clear."""
        sealing = self._storage.sealing
        if found.header is None:
            if self._disk_header is not None and sealing is not None:
                error = EncryptionTurnedOff(self.path)
                self.read_only_reason = str(error)
                self.turned_off_elsewhere = True
                raise error
            self._disk_header = None
            return
        assert found.keys is not None
        self.locked_out = False
        if sealing is None and self._disk_header is None:
            # Sealed elsewhere since we read it, and unlocked here: seal ours too.
            self._storage.set_sealing(Sealing(found.keys, found.header))
        elif sealing is not None and found.header != sealing.header:
            # The file's own key (unlocked here on purpose) wins; with the same key, the
            # newer header (a passphrase changed elsewhere) is kept, never put back.
            other_key = found.keys.check != sealing.keys.check
            newest = str(found.header.get("changed_at", "")) >= str(
                sealing.header.get("changed_at", "")
            )
            if other_key or newest:
                self._storage.set_sealing(Sealing(found.keys, found.header))
        self._disk_header = found.header

    # Encryption ---------------------------------------------------------------------
    @property
    def encrypted(self) -> bool:
        """Whether this store writes the file sealed."""
        return self._storage.sealing is not None

    @property
    def keys(self) -> crypto.Keys | None:
        """The data key of a sealed file (for drafts and the keyring), else None."""
        sealing = self._storage.sealing
        return sealing.keys if sealing else None

    @property
    def encryption_header(self) -> dict[str, Any] | None:
        sealing = self._storage.sealing
        return sealing.header if sealing else None

    def turn_on_encryption(self, passphrase: str, *, recovery: bool = False) -> str | None:
        """Seal the file from the next save on; returns the recovery key, if one was asked
        for (shown once: it is kept nowhere in the clear)."""
        self._refuse_if_read_only()
        if self.encrypted:
            raise StoreError("Encryption is already on for this file.")
        data_key = crypto.new_data_key()
        recovery_text, recovery_key = crypto.new_recovery_key() if recovery else (None, None)
        header = crypto.new_header(
            data_key, passphrase, stamp=self.stamp(), recovery_key=recovery_key
        )
        self._keys = crypto.keys_from(data_key)
        self._seen = None
        self._storage.set_sealing(Sealing(self._keys, header))
        return recovery_text

    def change_passphrase(self, passphrase: str) -> None:
        """A new passphrase for the same data key: one key rewrapped, nothing re-sealed."""
        sealing = self._sealing_or_refuse()
        header = crypto.rewrapped(sealing.header, sealing.keys.data_key, passphrase, self.stamp())
        self._storage.set_sealing(Sealing(sealing.keys, header))

    def new_recovery_key(self) -> str:
        """A new recovery key (the old one stops working); returns it, to show once."""
        sealing = self._sealing_or_refuse()
        text, raw = crypto.new_recovery_key()
        header = crypto.with_recovery_key(sealing.header, sealing.keys.data_key, raw, self.stamp())
        self._storage.set_sealing(Sealing(sealing.keys, header))
        return text

    def turn_off_encryption(self) -> None:
        """Write the file in the clear again from the next save on."""
        self._sealing_or_refuse()
        self._storage.set_sealing(None)

    def go_on_after_turned_off(self, *, sealed: bool) -> None:
        """The person's answer once encryption was found turned off elsewhere: seal the
        file again with this computer's key (``sealed``), or go on in the clear. Either
        way the file's records and everything held here are merged at the next save."""
        if not self.turned_off_elsewhere:
            return
        self.turned_off_elsewhere = False
        self.read_only_reason = None
        self._disk_header = None  # the file is in the clear: that is no longer news
        if not sealed:
            self._storage.set_sealing(None)

    def unlock(self, secret: crypto.Secret) -> None:
        """Unlock a file that was sealed elsewhere while it was open here; the next save
        or look merges it and writes it sealed. Raises :class:`WrongPassphrase`."""
        with self._save_lock, file_lock(self.path), self._disk_errors(saving=False):
            header = file_header(self.path)
            if header is None:
                return
            try:
                self._keys = crypto.unlock(header, secret)
                self._seen = None  # what was opened with other keys, if any
            except crypto.WrongSecret:
                raise WrongPassphrase(self.path) from None

    def _sealing_or_refuse(self) -> Sealing:
        self._refuse_if_read_only()
        sealing = self._storage.sealing
        if sealing is None:
            raise StoreError("Encryption is not on for this file.")
        return sealing

    def read_copy(self, path: Path) -> Tables:
        """Another copy of this database (a conflict copy), opened with this file's key.

        Raises :class:`UnreadableDatabase` for one that is not ours or is sealed with
        another key.
        """
        # No cycle collection while it is read (a thread, the screen up; see
        # collector_paused), as for the file itself.
        with collector_paused():
            raw = _read_bytes(path)
            # Read as another computer's change is: a record whose text is what this
            # process wrote for it is taken as that very record (nearly all of a copy,
            # at ten years 60 MiB not made again), not parsed.
            written = self._storage.as_written()
            fragments = written.fragments if written is not None else None
            data = _parse(path, raw, in_slices=True, written=fragments)
            header = crypto.header_of(data)
            if header is None:
                return data
            if self._keys is None or self._keys.check != header["check"]:
                raise UnreadableDatabase(
                    path, "it is encrypted with another key; open it on its own to look at it"
                )
            try:
                return crypto.open_tables(data, self._keys).tables  # checked by merge_in
            except crypto.DamagedSeal:
                raise UnreadableDatabase(
                    path, "a record in it does not open with its key: it was changed or damaged"
                ) from None

    def _merged(
        self,
        ours: Tables,
        theirs: Tables,
        shared: dict[str, Version] | None,
        in_hand: str | None,
    ) -> Tables:
        """Both copies in one, keeping both texts of a letter written on both sides.

        The letter being written here right now (``in_hand``: the app knows which, the
        store does not) keeps this side's words in place, so the editor never jumps; the
        other side's become the copy.
        """
        merged = merge(ours, theirs)
        our_letters, their_letters = ours.get("letters", {}), theirs.get("letters", {})
        copies = letter_copies(our_letters, their_letters, shared)
        held = in_hand
        if held and any(c.get("copy_of") == held for c in copies.values()):
            copies = {k: c for k, c in copies.items() if c.get("copy_of") != held}
            other = their_letters[held]
            stamp = max(self.stamp(), utc_stamp(_parse_stamp(other["updated_at"]) + _ONE_MS))
            kept = {**our_letters[held], "updated_at": stamp, "device": self.device}
            kept[LINEAGE_FIELD] = grown_from(kept, our_letters[held])
            copy = letter_copy(held, other)
            copies[copy["id"]] = copy
            copies[held] = kept
        # A removal that never saw words written on the other side keeps the letter.
        copies.update(letters_brought_back(our_letters, their_letters))
        if copies:
            merged["letters"] = {**merged.get("letters", {}), **copies}
        unions = comfort_use_unions(ours.get("comfort", {}), theirs.get("comfort", {}))
        if unions:
            merged["comfort"] = {**merged.get("comfort", {}), **unions}
        return merged

    def _remember_shared_letters(self, on_disk: Tables) -> None:
        """The letter versions this process and the file agree on (after a read or write)."""
        self._shared = {key: version_of(r) for key, r in on_disk.get("letters", {}).items()}

    # Generic record handling ----------------------------------------------------------
    def _table(self, name: str) -> Table:
        return self._db.table(name)

    def _put(self, table: str, record: Record) -> Record:
        self._refuse_if_read_only()
        with self._storage.lock:
            # Replace the one record in place. TinyDB's insert/remove rebuild the whole
            # table on every write (47 ms a tick with ten years of ticks), and its upsert
            # would keep fields a tombstone drops.
            stored = dict(record)
            self._storage.put_record(table, stored)
            self._table(table).clear_cache()
            self._habit_index.changed(table, stored)
        return record

    def _completion_records(self) -> list[Record]:
        with self._storage.lock:
            return list(self._storage.read().get("completions", {}).values())

    def _raw(self, table: str, record_id: str) -> Record | None:
        """A record as stored, live or tombstone, or None."""
        found = self._table(table).get(doc_id=record_id)  # type: ignore[call-overload]
        return dict(found) if found is not None else None

    def _get(self, table: str, record_id: str) -> Record:
        record = self._raw(table, record_id)
        if record is None or not is_live(record):
            raise StoreError(
                f"That {RECORD_NOUNS.get(table, 'entry')} is no longer there "
                "(perhaps it was removed on another computer)."
            )
        return dict(record)

    def _change(self, table: str, record_id: str, **fields: Any) -> Record:
        record = self._get(table, record_id)
        before = dict(record) if table == "letters" else None
        record.update(fields, updated_at=self.stamp(), device=self.device)
        if before is not None:  # a letter names the version it was written from
            record[LINEAGE_FIELD] = grown_from(record, before)
        return self._put(table, record)

    def _delete(self, table: str, record_id: str) -> Record:
        """Replace a record by a tombstone; returns the record as it was, for undo."""
        before = self._get(table, record_id)
        tombstone = {key: before[key] for key in _TOMBSTONE_FIELDS if key in before}
        tombstone.update(deleted=True, updated_at=self.stamp(), device=self.device)
        if table == "letters":
            # A letter's removal names the version it removed, so a merge can tell the
            # words it saw from words written meanwhile elsewhere (letters_brought_back).
            tombstone[LINEAGE_FIELD] = grown_from(tombstone, before)
        self._put(table, tombstone)
        return before

    def restore(self, table: str, record: Record) -> Record:
        """Bring back a deleted record exactly as it was (undo).

        A record that is live again already (a merge brought it back: it was written in
        elsewhere after it was removed here) stays as it is: the version held for undo is
        older, and putting it back would take those words away."""
        current = self._raw(table, str(record.get("id", "")))
        if current is not None and is_live(current):
            return current
        revived = dict(record, deleted=False, updated_at=self.stamp(), device=self.device)
        if table == "letters" and current is not None:
            revived[LINEAGE_FIELD] = grown_from(revived, current)
        return self._put(table, revived)

    def removed(self, table: str, record_id: str) -> bool:
        """Whether the record was there once and is removed now (here or elsewhere)."""
        current = self._raw(table, record_id)
        return current is not None and not is_live(current)

    def bring_back(self, table: str, record_id: str, was: Record | None = None) -> Record:
        """A record removed (here or elsewhere) while it was being written in, brought back
        so what was written there can be kept: from ``was``, the record as the writer last
        had it, in its own place (its id, when it was made, its day). A live record is
        returned as it is."""
        current = self._raw(table, record_id)
        if current is None:
            return self._get(table, record_id)  # never here: says so kindly
        if is_live(current):
            return current
        kept = {k: v for k, v in (was or {}).items() if k not in _VERSION_FIELDS}
        kept.update({k: current[k] for k in ("id", "created_at", "day") if k in current})
        return self.restore(table, kept)

    def set_aside(self) -> dict[str, int]:
        """How many records of each table could not be read as one and are set aside
        (not shown, and written back exactly as they were)."""
        with self._storage.lock:
            return {name: len(found) for name, found in self._storage.damaged.items() if found}

    def _ids(self, table: str) -> set[str]:
        """Every id in a table, tombstones included (an id is never reused)."""
        with self._storage.lock:
            return set(self._storage.read().get(table, {})) | self._storage.damaged_ids(table)

    def _live(self, table: str) -> list[Record]:
        """A copy of every live record of ``table``, in the table's order. Read from the
        records as stored, not through TinyDB's ``all()``, which copies each record into a
        ``Document`` first (twice the copying, for every habits or letters list shown)."""
        with self._storage.lock:
            records = self._storage.read().get(table, {})
            return [dict(r) for r in records.values() if is_live(r)]

    def _refuse_if_read_only(self) -> None:
        if self.read_only_reason:
            raise ReadOnly(self.read_only_reason)

    def _new(self, table: str, **fields: Any) -> Record:
        return self._put(table, new_record(self.stamp(), self.device, **fields))

    # Other copies of this database ---------------------------------------------------
    def let_go_of_records(self) -> None:
        """Hold no records any more, and give their memory back: for a quick command that
        is done with them and has the day's backup left to make, which needs the file on
        disk only (at ten years the records, 60 MB, were still held while the backup
        read the file). Nothing may be read or changed through this store after."""
        self._storage.let_go_of_everything()
        for name in (*TABLES, "meta"):
            self._db.table(name).clear_cache()

    def payload(self) -> bytes:
        """The whole database as it would be written now."""
        return self.payload_in_parts().joined()

    def payload_in_parts(self) -> Payload:
        """:meth:`payload` in parts, never joined into one (at ten years 19 MB)."""
        return self._storage.snapshot()[1]

    def bytes_on_disk(self) -> tuple[bytes | FileCopy, bool]:
        """The data file's bytes, and whether they are known to parse: they are the very
        bytes this store last wrote or read (the file's signature is the one it noted then,
        before and after reading). Those are read a part at a time as they are copied
        (:class:`FileCopy`, which refuses a file changed meanwhile); any others are read
        whole, to be parsed."""
        before = file_signature(self.path)
        if before is not None and before == self._known_signature:
            return FileCopy(self.path, before), True
        raw = self.path.read_bytes()
        known = self._known_signature
        return raw, before is not None and before == known and file_signature(self.path) == known

    def merge_in(self, theirs: Tables, *, in_hand: str | None = None) -> frozenset[str]:
        """Merge another copy of this database (a sync client's conflict copy) into memory.

        Letters whose words would be lost are kept as copies (``in_hand``: the letter open
        in an editor here, see :meth:`_merged`). Returns the tables the merge changed
        (none: nothing did).
        """
        self._refuse_if_read_only()
        with collector_paused():
            return self._merge_in(theirs, in_hand)

    def _merge_in(self, theirs: Tables, in_hand: str | None) -> frozenset[str]:
        # A record that is the very one held here (read_copy takes what it wrote as it
        # is) was checked when it came in.
        checked = check_tables(theirs, trusted=self._storage.read())
        theirs = checked.usable
        with self._storage.lock:
            self._storage.keep_damaged(checked.damaged)
            ours = self._storage.read()
            merged = self._merged(ours, theirs, None, in_hand)
            changed = changed_tables(ours, merged)
            if not changed:
                return changed
            self._storage.replace_data(merged)
            self._habit_index.replaced(changed_records(ours, merged))
            for name in (*TABLES, "meta"):
                self._db.table(name).clear_cache()
        return changed

    # Everything ---------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """All live records by table, for ``innerchild export``."""
        meta = self._raw("meta", META_ID) or {}
        return {
            "app": APP_NAME,
            "version": __version__,
            "db_id": self.db_id,
            "schema": meta.get("schema", SCHEMA),
            **{name: self._live(name) for name in TABLES},
        }


def letters_come_back(before: Tables, after: Tables) -> tuple[str, ...]:
    """The letters removed in ``before`` that are live in ``after``."""
    was, now = before.get("letters", {}), after.get("letters", {})
    return tuple(
        sorted(
            key
            for key, record in was.items()
            if record.get("deleted") and (kept := now.get(key)) is not None and is_live(kept)
        )
    )


def letters_kept_from_removal(
    ours: Tables, theirs: Tables, merged: Tables, shared: dict[str, Version]
) -> tuple[str, ...]:
    """The letters live here that the other side removed and the merge kept (the words
    here are newer, or the removal never saw them); not a removal this side wrote
    itself (the version the file and this side last agreed on)."""
    mine, gone, now = ours.get("letters", {}), theirs.get("letters", {}), merged.get("letters", {})
    return tuple(
        sorted(
            key
            for key, record in gone.items()
            if record.get("deleted")
            and shared.get(key) != version_of(record)
            and (held := mine.get(key)) is not None
            and is_live(held)
            and (kept := now.get(key)) is not None
            and is_live(kept)
        )
    )


def changed_tables(before: Tables, after: Tables) -> frozenset[str]:
    """The tables (and the version record's) whose records differ from ``before`` to ``after``."""
    return frozenset(
        name for name in (*TABLES, "meta") if not same_table(after.get(name), before.get(name))
    )


def refuse_future(day: date, today: date) -> None:
    if day > today:
        raise StoreError(
            f"That day hasn't come yet ({day.isoformat()}); you can record today "
            "or any day that has passed."
        )


def required_name(name: str, what: str) -> str:
    cleaned = clean_name(name)
    if not cleaned:
        raise StoreError(f"A {what} needs a name.")
    return cleaned
