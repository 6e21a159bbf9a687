"""A TinyDB ``Storage`` that is safe in a synced folder.

TinyDB's stock ``JSONStorage`` keeps the file open and rewrites it in place, which a crash
or a sync client's rename-replacement turns into lost data (see DESIGN.md). This storage
keeps the whole database in memory, reads the file by path, and writes it atomically:
temp file in the same folder, fsync, ``os.replace``, fsync the folder. ``write`` only
changes memory; ``flush`` puts it on disk, so the UI can mutate at once and save from a
worker thread.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import functools
import json
import math
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from tinydb.storages import Storage

from innerchild_tui.domain.shapes import LONGEST_UNSAFE, found_in_slices, may_hold_unsafe_text
from innerchild_tui.malloc import give_back_freed_memory
from innerchild_tui.store import crypto

Tables = dict[str, dict[str, dict[str, Any]]]
Keep = Callable[[str, str, dict[str, Any]], bool]
"""Whether a record (its table, its key, the record) is kept by a partial reading."""
AnyRecord = dict[str, Any]

_REPLACE_RETRY_SECONDS = 2.0


def decode(raw: bytes) -> Any:
    """Parse the file's bytes. Raises ``ValueError`` with a short reason."""
    if not raw or raw.isspace():  # (no stripped copy of the whole file)
        raise ValueError("the file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError("the file starts with a byte-order mark")
    if b"\x00" in raw:
        raise ValueError("the file contains NUL bytes, as a crash or a bad sync leaves")
    try:
        in_parts = _decode_in_parts(raw)
        return in_parts if in_parts is not None else orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise ValueError(_not_json(raw, error)) from None


def _not_json(raw: bytes, error: orjson.JSONDecodeError) -> str:
    """Why ``raw`` does not parse, and where, as a person finds it: the line and column
    in an editor and the byte offset from the file's start (for a hex editor).

    orjson checks that the whole file is UTF-8 before parsing, and for a byte that is not
    it names the file's very start (line 1, column 1); its other positions count
    characters, not bytes."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        # A character cut short by a byte not its own: that byte is shown with it.
        cut_short = bad.reason == "invalid continuation byte"
        found = " ".join(f"0x{byte:02X}" for byte in raw[bad.start : bad.end + cut_short])
        what = f"the bytes {found} do" if " " in found else f"the byte {found} does"
        return (
            f"it is not valid JSON: at {_place(raw, bad.start)} {what} not read as text; "
            "a bad copy or a worn disk can leave that behind"
        )
    at = len(text[: error.pos].encode("utf-8"))
    return f"it is not valid JSON: {error.msg} at {_place(raw, at)}"


def _place(raw: bytes, at: int) -> str:
    """Where byte ``at`` of ``raw`` is: line and column (counted in characters, from 1,
    as editors count them) and byte offset (from 0)."""
    line_start = raw.rfind(b"\n", 0, at) + 1
    line = raw.count(b"\n", 0, at) + 1
    column = len(raw[line_start:at].decode("utf-8", "replace")) + 1
    return f"line {line}, column {column} (byte offset {at})"


# A file as this app writes it is read a table at a time and a part of a table at a time
# (:func:`_walk`): its tables' names, how much of a table one ``orjson.loads`` takes at
# opening and in a merge's thread, and where a record may end (before the next record,
# or the table's end).
_TABLE_KEY = re.compile(rb'"([A-Za-z_]+)":\{')
_PART = 1 << 18
_READ = 1 << 18  # bytes read from the file at a time at opening
_MERGE_PART = 1 << 16
_RECORD_END = re.compile(rb"\}[,}]")
_CUTS_TRIED = 64
_BLANK = re.compile(rb"[ \t\r\n]*\Z")


def _decode_in_parts(raw: bytes, part: int = _PART) -> dict[str, Any] | None:
    """What ``orjson.loads(raw)`` gives for a file as this app writes it (compact), parsed
    a table at a time and each table about ``part`` bytes of records at a time; None for
    anything else (the caller then parses it whole). The same work as one
    ``orjson.loads``, but its working copy of the document (at ten years about 37 MiB, on
    top of the records it makes) is one part's."""
    return _walk(_Window(raw), None, None, part)


def decode_file(
    file: BinaryIO, part: int = _PART, read: int = _READ, keep: Keep | None = None
) -> tuple[dict[str, Any], bool] | None:
    """What :func:`decode` gives for the file open as ``file`` (one this app wrote), read
    ``read`` bytes at a time and parsed as :func:`_decode_in_parts` parses, so the file's
    bytes (19 MB at ten years) are never held at once: only the part being parsed. With
    it, whether the bytes may hold unsafe text (:func:`may_hold_unsafe_text`). None for
    anything else (the caller reads the whole file and decodes it, which says why).
    ``keep``: only the records it says yes to are kept, a part at a time (a quick look
    at today holds today's records, not ten years of them).

    A merge reads the whole file's bytes (:func:`decode_in_slices`): read this way, the
    walk it makes taking the records this process wrote as they are was a tenth of a
    second slower at ten years, for 12 MiB less at its peak."""
    window = _Window(b"", file, read, 2 * part)
    document = _walk(window, None, None, part, keep)
    return (document, window.unsafe) if document is not None else None


class _Window:
    """The bytes a walk reads: the whole file's, or, from an open ``file``, those from
    where the walk has come to (positions count from there) on as far as read, at least
    ``ahead`` bytes beyond it while the file lasts."""

    def __init__(
        self, raw: bytes, file: BinaryIO | None = None, read: int = 0, ahead: int = 0
    ) -> None:
        self.raw = raw
        self.unsafe = False  # (what was read from ``file`` may hold unsafe text)
        self._file = file
        self.read = read
        self.ahead = ahead
        self.reading = file is not None  # (else: the whole file's bytes, from the start)
        self._tail = b""  # the end of the last bytes read, for a pattern across two reads

    def more(self) -> bool:
        """Read on from the file; False at its end (and for a whole file's bytes)."""
        if self._file is None:
            return False
        chunk = self._file.read(self.read)
        if not chunk:
            self._file = None
            return False
        across = self._tail + chunk
        self.unsafe = self.unsafe or may_hold_unsafe_text(across)
        self._tail = across[-LONGEST_UNSAFE:]
        self.raw += chunk
        return True

    def need(self, at: int) -> None:
        """Read on until the bytes reach ``ahead`` beyond ``at``, or the file ends."""
        while len(self.raw) - at < self.ahead and self.more():
            pass

    def drop(self, at: int) -> int:
        """Let go of the bytes before ``at`` (walked); where ``at`` is after that."""
        if self._file is None or at < self.read:  # (a copy of the rest: not too often)
            return at
        self.raw = self.raw[at:]
        return 0

    def blank_from(self, at: int) -> bool:
        """Whether nothing but white space follows ``at`` to the end of the file."""
        while self.more():
            pass
        return _BLANK.match(self.raw, at) is not None


def _decode_walking(
    raw: bytes, written: Written | None, parsed: Parsed | None
) -> dict[str, Any] | None:
    """:func:`decode_in_slices` for a file as this app writes it, on its bytes (no text
    of the whole file, which is up to four times its size): a record whose bytes are what
    ``written`` holds for it is taken as that object; the others are parsed a record at a
    time (a table this process wrote nothing of, in parts of ``_MERGE_PART``), so a thread
    doing this lets the screen in between. None for anything else."""
    return _walk(_Window(raw), written, parsed, _MERGE_PART)


def _walk(
    window: _Window,
    written: Written | None,
    parsed: Parsed | None,
    part: int,
    keep: Keep | None = None,
) -> dict[str, Any] | None:
    """The document of tables of records in ``window`` (compact, as this app writes it),
    or None. Every part parsed is an object that ends where a record ends (:func:`_part`),
    and the parts are joined by exactly the text between them, so the whole is what one
    ``orjson.loads`` reads; a key met twice, or anything else unexpected, gives None."""
    window.need(0)
    if not window.raw.startswith(b'{"'):
        return None
    document: dict[str, Any] = {}
    at = 1
    while True:
        found = _TABLE_KEY.match(window.raw, at)
        while found is None and window.more():  # the key goes on past what was read
            found = _TABLE_KEY.match(window.raw, at)
        if found is None or (name := found.group(1).decode()) in document:
            return None
        mine = written.get(name) if written is not None else None
        kept = functools.partial(keep, name) if keep is not None else None
        shared = functools.partial(_shared_texts, fields=_SHARED_FIELDS.get(name, ()))
        table, at = _table_walked(window, found.end(), mine, parsed, part, kept, shared)
        if table is None:
            return None
        document[name] = table
        following = window.raw[at : at + 1]
        if following != b",":
            return document if following == b"}" and window.blank_from(at + 1) else None
        at += 1


def _table_walked(
    window: _Window,
    at: int,
    mine: tuple[dict[str, bytes], dict[str, dict[str, Any]]] | None,
    parsed: Parsed | None,
    part: int,
    keep: Callable[[str, dict[str, Any]], bool] | None = None,
    share: Callable[[dict[str, Any], dict[str, str]], None] | None = None,
) -> tuple[dict[str, Any] | None, int]:
    """The table whose records start at ``at`` (just after its ``{``), and where it ends
    (just after its ``}``); (None, 0) if it does not read. A record whose bytes are what
    ``mine`` holds for it is that very object; the rest is parsed (:func:`_part`), and
    with ``keep``, only the records of each part it says yes to (key, record) are kept.
    ``share`` is given each part parsed, to let its records share their repeated texts."""
    fragments, records = mine if mine is not None else ({}, {})
    texts: dict[str, str] = {}
    table: dict[str, Any] = {}
    window.need(at)
    if window.raw[at : at + 1] == b"}":
        return table, at + 1
    # Another computer writes the records in the order it read them, new ones last: the
    # record expected next is tried first, and only if it is not that, its key looked up.
    expected = iter(fragments.items())
    guessed, guess = next(expected, ("", b""))
    # Records taken as written come only with the whole file's bytes (a merge); read from
    # a file, the window reads on only when what it holds runs short (not once a record).
    reading, ahead = window.reading, window.ahead
    while True:
        if reading and len(window.raw) - at < ahead:
            window.need(at)
        raw = window.raw
        if guess and raw.startswith(guess, at):
            name, fragment = guessed, guess
        else:
            name = _key_at(raw, at) if fragments else ""
            fragment = fragments.get(name, b"")
        record = records.get(name) if fragment else None
        if record is not None and raw.startswith(fragment, at):
            if name in table:
                return None, 0
            table[name] = record  # its bytes are what this process encoded for it
            at += len(fragment)
        else:
            found, stop = _part(raw, at, 0 if fragments else part)
            while found is None and window.more():  # its end is further on: read on
                found, stop = _part(window.raw, at, part)
            if found is None or not table.keys().isdisjoint(found):
                return None, 0
            if keep is not None:
                found = {key: record for key, record in found.items() if keep(key, record)}
            if share is not None:
                share(found, texts)
            table.update(found)
            if parsed is not None:
                parsed.texts.append(window.raw[at:stop])
            at = stop
        if reading:
            if at >= window.read:
                at = window.drop(at)
            if len(window.raw) - at < ahead:
                window.need(at)
        if name == guessed:  # the record expected here (taken, or changed and parsed)
            guessed, guess = next(expected, ("", b""))
        following = window.raw[at : at + 1]
        if following == b"}":
            return table, at + 1
        if following != b",":
            return None, 0
        at += 1


# The texts each table's records repeat, shared as they are parsed (see _shared_texts).
_SHARED_FIELDS = {
    "completions": ("habit_id", "day", "status", "note", "device"),
    "checkins": ("day", "device", "part_of_day"),
}


def _shared_texts(records: dict[str, Any], texts: dict[str, str], fields: tuple[str, ...]) -> None:
    """Records repeat texts: every record its own key as its id, and habit days (at ten
    years some 50,000) the same few: their habit's id, the day (each day once a habit),
    "done", the note a linked tick carries, the device. Each record takes its key as its
    id and the one copy of each of ``fields`` already met (``texts``) instead of its own,
    and a record whose stamps are equal shares one: 17 MiB less at ten years for the
    texts, 6 more for the ids, for about 30 ms at the opening. Done a part at a time, as
    parsed, so the copies let go of make room for the next part's (done after the whole
    table, the memory was never used again and the peak stayed). The records stay equal
    to what was parsed."""
    keep = texts.setdefault
    for key, record in records.items():
        if type(record) is not dict:
            continue  # (the shape check says what it is)
        if record.get("id") == key:
            record["id"] = key
        for field in fields:
            value = record.get(field)
            if type(value) is str:
                record[field] = keep(value, value)
        made = record.get("created_at")
        if made is not None and record.get("updated_at") == made:
            record["updated_at"] = made


def _part(raw: bytes, at: int, part: int) -> tuple[dict[str, Any] | None, int]:
    """The records from ``at`` (where a record's key starts) to the first record's end at
    least ``part`` bytes on, or the table's end if that comes first, parsed; and where
    they end (a ``,`` or the table's ``}`` follows). (None, 0) if they do not parse.

    A record's end is a ``}`` before ``,`` or ``}``, proved by the parse: a cut inside a
    string leaves that string open, and one inside a record leaves a brace open, so
    either fails to parse and the cut moves on to the next (a few times at most)."""
    table_end = raw.find(b"}}", at, at + part + 1) if part else -1
    cut = table_end if table_end != -1 else _record_end(raw, at + part)
    for _ in range(_CUTS_TRIED):
        if cut == -1:
            return None, 0
        try:
            records = orjson.loads(b"".join((b"{", memoryview(raw)[at : cut + 1], b"}")))
        except orjson.JSONDecodeError:
            cut = _record_end(raw, cut + 1)  # not a record's end: the next
            continue
        return (records, cut + 1) if type(records) is dict else (None, 0)
    return None, 0


def _record_end(raw: bytes, start: int) -> int:
    found = _RECORD_END.search(raw, start)
    return found.start() if found is not None else -1


def _key_at(raw: bytes, at: int) -> str:
    """The key whose ``"`` is at ``at`` ("" where there is none: the bytes after it are
    compared with what was written for a key, so a wrong key only misses)."""
    end = raw.find(b'"', at + 1)
    if end == -1 or raw[at] != 0x22:
        return ""
    key = raw[at + 1 : end]
    if b"\\" not in key:
        return key.decode("utf-8", "replace")
    while end != -1 and (len(key) - len(key.rstrip(b"\\"))) % 2:
        end = raw.find(b'"', end + 1)  # that quote was escaped: an odd run of \ before it
        key = raw[at + 1 : end]
    try:
        found = orjson.loads(raw[at : end + 1]) if end != -1 else None
    except orjson.JSONDecodeError:
        return ""
    return found if isinstance(found, str) else ""


# What :func:`decode_in_slices` leaves to orjson: an escaped surrogate (orjson joins a pair
# and refuses a lone one), found in the raw bytes a slice at a time.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_DECODE_SLICE = 1 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SPACE = frozenset(" \t\n\r")


class _LeftToOrjson(ValueError):
    """A value orjson reads its own way (an int past 64 bits, an infinite float)."""


def _orjson_int(text: str) -> int:
    value = int(text)
    if not -(1 << 63) <= value < 1 << 64:
        raise _LeftToOrjson(text)
    return value


def _orjson_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _LeftToOrjson(text)
    return value


def _no_constant(name: str) -> Any:
    raise _LeftToOrjson(name)  # NaN, Infinity: not JSON


# The standard library's C scanner: one JSON value from a position, and where it ends.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder(
    parse_int=_orjson_int, parse_float=_orjson_float, parse_constant=_no_constant
).scan_once  # type: ignore[attr-defined]


def _skip(text: str, at: int) -> int:
    """Past any whitespace at ``at``."""
    space = _WHITESPACE.match(text, at)
    return space.end() if space else at


# What this process last encoded of each record, by table: (key -> the record's
# ``"key":{...}`` bytes, key -> the record they were made from).
Written = dict[str, tuple[dict[str, bytes], dict[str, dict[str, Any]]]]


@dataclass(frozen=True)
class AsWritten:
    """What this process last encoded of each record (:data:`Written`), and the records
    it holds (its live tables, read by key only): only those passed their shape check
    (records set aside as damaged are written back too, but never held, so a merge
    checks them again)."""

    fragments: Written
    held: Tables


class Parsed:
    """The text of what :func:`decode_in_slices` parsed, record by record (``everything``:
    the whole file was parsed, none of it taken as written)."""

    def __init__(self) -> None:
        self.texts: list[bytes] = []
        self.everything = False

    def as_bytes(self, raw: bytes) -> bytes:
        """What was parsed, as bytes of the file (``raw``: the whole file's)."""
        return raw if self.everything else b"".join(self.texts)


def decode_in_slices(
    raw: bytes, written: Written | None = None, parsed: Parsed | None = None
) -> Any:
    """What :func:`decode` gives, parsed a record at a time: a thread that reads the file
    while the screen is up (another computer's change) then lets go of the interpreter
    between records, where one ``orjson.loads`` of ten years (19 MB) held it, and froze
    the screen, for about 100 ms. About twice the work of :func:`decode`, which has the
    last word on anything this does not read exactly as orjson would (an escaped
    surrogate, a number past orjson's range, anything that is not valid).

    A record whose text in the file is exactly what ``written`` says this process
    encoded for it is not parsed: it is that very record (another computer writes what
    it did not change as it read it, so at ten years nearly every record). ``parsed``
    gathers the text of the rest."""
    walked = _decode_walking(raw, written, parsed)
    if walked is not None:
        return walked
    if parsed is not None:
        parsed.texts.clear()
    if found_in_slices((_SURROGATE_ESCAPE,), raw):
        return _decode_everything(raw, parsed)
    try:
        text = _text_in_slices(raw)
        at = _skip(text, 0)
        if text[at] != "{":
            raise ValueError("not an object")
        document, at = _object_in_slices(text, at + 1, 0, written, None, parsed)
        if _skip(text, at) != len(text):
            raise ValueError("extra data")
    except (ValueError, RecursionError, IndexError, StopIteration):
        return _decode_everything(raw, parsed)  # its own reason, or its own reading
    return document


def _decode_everything(raw: bytes, parsed: Parsed | None) -> Any:
    if parsed is not None:
        parsed.everything = True
    return decode(raw)


def _text_in_slices(raw: bytes) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts = [
        decoder.decode(raw[start : start + _DECODE_SLICE])
        for start in range(0, len(raw), _DECODE_SLICE)
    ]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def _object_in_slices(
    text: str,
    at: int,
    depth: int,
    written: Written | None = None,
    table: tuple[dict[str, bytes], dict[str, dict[str, Any]]] | None = None,
    parsed: Parsed | None = None,
) -> tuple[dict[str, Any], int]:
    """The object whose ``{`` is just before ``at``: the document (depth 0), whose tables
    are parsed a record at a time, or a table (depth 1), each record in one call, or
    taken as it was ``written`` (``table``: this table's) when its text is that.
    (A file written here has no whitespace: it is looked for only where it is met.)"""
    found: dict[str, Any] = {}
    at = _skip(text, at)
    if text[at] == "}":
        return found, at + 1
    while True:
        if text[at] != '"':
            at = _skip(text, at)
            if text[at] != '"':
                raise ValueError("a key was expected")
        key_at = at
        key, at = _scan(text, at)
        fragment = table[0].get(key) if table is not None else None
        record = table[1].get(key) if table is not None else None
        if (
            fragment is not None
            and record is not None
            and text.startswith(whole := fragment.decode(), key_at)
        ):
            # The record's key, colon and whole object, exactly as encoded here.
            found[key], at = record, key_at + len(whole)
        else:
            if text[at] != ":":
                at = _skip(text, at)
                if text[at] != ":":
                    raise ValueError("a colon was expected")
            at += 1
            if text[at] in _SPACE:
                at = _skip(text, at)
            if depth == 0 and text[at] == "{":
                part = written.get(key) if written is not None else None
                found[key], at = _object_in_slices(text, at + 1, 1, None, part, parsed)
            else:
                found[key], at = _scan(text, at)
                if parsed is not None:
                    parsed.texts.append(text[key_at:at].encode())
        if text[at] in _SPACE:
            at = _skip(text, at)
        if text[at] == "}":
            return found, at + 1
        if text[at] != ",":
            raise ValueError("a comma was expected")
        at += 1


def let_go(tables: dict[str, dict[str, Any]]) -> None:
    """Empty ``tables`` a record at a time, freeing what nothing else holds.

    A dict of ten years of records freed at once is one C call that holds the
    interpreter about 20 ms (every record and string freed in turn); a thread that lets go
    of what it read that way stalls the screen. One record at a time, it lets the screen
    in between."""
    for table in tables.values():
        while table:
            table.popitem()


def encode(data: Tables) -> bytes:
    """The whole document at once (compact, every record's keys sorted)."""
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


_JOINED = 2048  # records whose bytes make one part of a table's in a save


def _fragment(key: str, record: dict[str, Any]) -> bytes:
    return orjson.dumps(key) + b":" + orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


class Sealing:
    """How a sealed file is written: the data key, and the header that goes in ``meta``."""

    def __init__(self, keys: crypto.Keys, header: dict[str, Any]) -> None:
        self.keys = keys
        self.header = header

    def fragment(self, table: str, key: str, record: dict[str, Any]) -> bytes:
        if table in crypto.PLAIN_TABLES:
            if key == crypto.META_KEY:
                record = {**record, crypto.HEADER_FIELD: self.header}
            return _fragment(key, record)
        return _fragment(*crypto.seal_record(self.keys, table, key, record))


class EncodedTables:
    """Each record's encoded bytes (``"id":{...}``), kept until the record changes.

    The storage says which records it replaced (:meth:`changed`); after a whole new state
    (a merge), a record keeps its bytes while it is the very object encoded before (a
    merge keeps ours where both sides agree; records are replaced, never changed in
    place). A save after one tick so encodes one record and joins the rest in C.
    """

    def __init__(self) -> None:
        self._bytes: dict[str, dict[str, bytes]] = {}
        self._objects: dict[str, dict[str, dict[str, Any]]] = {}
        self._dirty: dict[str, set[str]] = {}
        self._full = True
        self.sealing: Sealing | None = None  # set: records are sealed as they are encoded
        self._as_read: dict[str, dict[str, tuple[AnyRecord, str, AnyRecord]]] = {}
        self._lent: set[str] = set()  # tables whose dicts as_written handed out as they are

    def fragment(self, table: str, key: str, record: dict[str, Any]) -> bytes:
        if self.sealing is None:
            return _fragment(key, record)
        return self.sealing.fragment(table, key, record)

    def changed(self, table: str, key: str) -> None:
        self._dirty.setdefault(table, set()).add(key)

    def as_read(self, table: str, found: dict[str, tuple[AnyRecord, str, AnyRecord]]) -> None:
        """Sealed records as read from the file (``key -> (record, sealed id, sealed
        form)``): while a record is still that very object, the next full encode writes
        its sealed form as it was instead of sealing it again (done then, not at opening,
        so unlocking stays quick)."""
        self._as_read.setdefault(table, {}).update(found)

    def changed_all(self, table: str, data: Tables) -> None:
        self._dirty.setdefault(table, set()).update(data.get(table, {}))

    def replaced(self) -> None:
        """A whole new state: look at every record (by identity) at the next encode."""
        self._full = True

    def as_written(self) -> Written:
        """Each record's encoded bytes and the record they were made from, by table.

        The very dicts this encoding holds, not copies (at ten years 5 MiB more at a
        merge's peak): from now on they are never changed, only replaced (:meth:`_table`
        copies a table's before it changes one of its records), so a merge may walk them
        in its thread while a save or a backup encodes in another."""
        self._lent.update(self._bytes)
        return {name: (frags, self._objects[name]) for name, frags in self._bytes.items()}

    def let_go(self) -> None:
        """Free the sealed records as read that this encoding holds, a record at a time
        (see :func:`let_go`)."""
        let_go(self._as_read)

    def clear(self) -> None:
        sealing = self.sealing
        self.__init__()  # type: ignore[misc]
        self.sealing = sealing

    @property
    def warm(self) -> bool:
        """Whether the next encode is incremental (else every record is looked at)."""
        return not self._full

    def for_warming(self) -> EncodedTables:
        """A copy whose next (whole) encode shares nothing mutable with this one: it reuses
        the bytes of records that are still the very objects encoded before."""
        fresh = EncodedTables()
        fresh.sealing = self.sealing
        fresh._bytes, fresh._objects = dict(self._bytes), dict(self._objects)
        fresh._as_read = {name: dict(found) for name, found in self._as_read.items()}
        return fresh

    def encode(self, data: Tables) -> Payload:
        """The same document as :func:`encode` but for the order of records (table order),
        in parts: each table's records joined, and the text between them. A save writes
        the parts as they are (the document is never copied into one, at ten years 19 MB).

        Sealed, a record's bytes are its sealed form, made again only when it changes; the
        header in ``meta`` is written afresh every time (it may have changed on its own).
        """
        if self.sealing is not None:
            self.changed_all("meta", data)
        parts: list[bytes | list[bytes]] = [b"{"]
        for name in sorted(data):
            parts += (orjson.dumps(name), b":{", self._table(name, data[name]), b"},")
        if len(parts) > 1:
            parts[-1] = b"}"
        parts.append(b"}\n")
        self._dirty.clear()
        self._full = False
        let_go(self._as_read)  # a sealed file's records as read: ten years of them
        for name in set(self._bytes) - set(data):
            del self._bytes[name], self._objects[name]
        return Payload(parts)

    def _table(self, name: str, records: dict[str, dict[str, Any]]) -> list[bytes]:
        """The table's records' bytes, in its order (a save writes them comma-separated,
        a few at a time: no copy of a whole table is made or kept, where one of the ticks'
        14 MB was held all day at ten years)."""
        frags, objects = self._bytes.get(name), self._objects.get(name)
        dirty = self._dirty.get(name, set())
        if not self._full and frags is not None and objects is not None:
            if dirty and name in self._lent:  # a merge may be walking them: changed copies
                frags, objects = dict(frags), dict(objects)
                self._bytes[name], self._objects[name] = frags, objects
                self._lent.discard(name)
            for key in dirty:
                record = records.get(key)
                if record is None:
                    frags = None  # gone: look at the whole table
                    break
                frags[key] = self.fragment(name, key, record)  # a new id goes last, as in the table
                objects[key] = record
        if self._full or frags is None or objects is None or len(frags) != len(records):
            old_frags, old_objects = frags or {}, objects or {}
            as_read = self._as_read.get(name, {})
            frags, objects = {}, {}
            for key, record in records.items():
                if old_objects.get(key) is record and key in old_frags:
                    frags[key] = old_frags[key]
                elif (read := as_read.get(key)) is not None and read[0] is record:
                    frags[key] = _fragment(read[1], read[2])
                else:
                    frags[key] = self.fragment(name, key, record)
                objects[key] = record
            self._bytes[name], self._objects[name] = frags, objects
            self._lent.discard(name)
        return list(frags.values())


Signature = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class ReadAhead:
    """A sealed file read and parsed before its passphrase was known (while the unlock
    screen waits): the passphrase then only opens it, if the file is as it was read."""

    signature: Signature
    data: crypto.Tables


def file_signature(path: Path) -> Signature | None:
    """What changes when the file changes: device, inode, size, mtime and ctime in ns.

    Follows a symlink to the file it names. None if there is no file.
    """
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


# How long a missing data file may take to come back before it counts as deleted: a sync
# client replacing it renames the old file aside, then moves the new one in.
REPLACE_GRACE = 2.0


def wait_for_file(path: Path, grace: float) -> bool:
    """True once ``path`` exists again, False if it is still missing after ``grace`` s."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if file_signature(path) is not None:
            return True
    return False


# A save's temp file is named so sync clients leave it alone (see docs/syncing.md):
# Syncthing never scans names starting "~syncthing~" (its own temp files); Dropbox,
# Nextcloud/ownCloud and the OneDrive Linux client skip "~….tmp".
TEMP_PREFIX = "~syncthing~"
TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    return f"{TEMP_PREFIX}{path.name}."


def real_path(path: Path) -> Path:
    """The file a save lands on: a symlinked data file stays a symlink, its target changes."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return path


class Payload(list[bytes | list[bytes]]):
    """A document's bytes in parts, written one after another (:func:`atomic_write`): a
    part that is a list is records' bytes, written comma-separated ``_JOINED`` at a time
    (the table is never copied into one, nor the document: at ten years 19 MB)."""

    def pieces(self) -> Iterator[bytes]:
        for part in self:
            if isinstance(part, bytes):
                yield part
                continue
            for at in range(0, len(part), _JOINED):
                if at:
                    yield b","
                yield b",".join(part[at : at + _JOINED])

    def joined(self) -> bytes:
        return b"".join(self.pieces())


class FileChanged(OSError):
    """The file a :class:`FileCopy` copies is no longer the one it was asked for."""


class FileCopy:
    """The bytes of the file at ``path`` while it is the file of ``signature``, read a
    megabyte at a time each time they are asked for (:meth:`pieces`): a daily backup
    copies the data file and reads it back this way, never holding it whole (at ten years
    19 MB, on top of everything the dashboard holds). A pass over a file that is not that
    one, at its start or at its end (replaced, or changed in place meanwhile), raises
    :class:`FileChanged`."""

    def __init__(self, path: Path, signature: Signature) -> None:
        self.path = path
        self.signature = signature

    def pieces(self) -> Iterator[bytes]:
        with self.path.open("rb", buffering=0) as file:
            self._check(file)
            while piece := file.read(_COPIED):
                yield piece
            self._check(file)

    def joined(self) -> bytes:
        return b"".join(self.pieces())

    def _check(self, file: BinaryIO) -> None:
        found = os.fstat(file.fileno())
        signature = (
            found.st_dev,
            found.st_ino,
            found.st_size,
            found.st_mtime_ns,
            found.st_ctime_ns,
        )
        if signature != self.signature:
            raise FileChanged(f"{self.path} changed while it was copied")


_COPIED = 1 << 20


def atomic_write(path: Path, payload: bytes | Payload | FileCopy) -> tuple[int, int]:
    """Write ``payload`` to ``path`` so a crash leaves either the old file or the new one.

    Through a symlink, the file it names is replaced (the link stays a link), and that
    file's folder is fsynced. Returns the device and inode of the file written.
    """
    path = real_path(path)
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                handle.writelines(payload.pieces())  # large parts go as they are
            handle.flush()
            os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        os.chmod(temp_name, 0o600)
        deadline = time.monotonic() + _REPLACE_RETRY_SECONDS
        while True:
            try:
                os.replace(temp_name, path)
                break
            except PermissionError:
                # A sync client or antivirus may hold the file for a moment (Windows).
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)
    return written.st_dev, written.st_ino


STALE_TEMP_SECONDS = 600


def temp_files(path: Path) -> list[Path]:
    """Temp files of saves beside ``path`` (and beside its target, through a symlink)."""
    found: set[Path] = set()
    for where in {path, real_path(path)}:
        try:
            found.update(where.parent.glob(f"{glob_escape(temp_prefix(where))}*{TEMP_SUFFIX}"))
            # Older versions named them ".innerchild.json.XXXX.tmp".
            found.update(where.parent.glob(f".{glob_escape(where.name)}.*{TEMP_SUFFIX}"))
        except OSError:
            continue
    return sorted(found)


def glob_escape(text: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)


def remove_stale_temp_files(
    path: Path, now: float | None = None, *, locked: bool = False
) -> list[Path]:
    """Remove temp files that a killed save left beside ``path``.

    Called with ``locked`` (this process holds the file's lock, so no save on this
    computer is in flight, and sync clients never carry our temp files between
    computers), every temp file of ours goes at once. Otherwise, and for the old
    hidden names an older version let sync clients carry, only those older than ten
    minutes go: a younger one may be a save still being written.
    """
    now = time.time() if now is None else now
    removed = []
    for candidate in temp_files(path):
        ours = candidate.name.startswith(TEMP_PREFIX)
        try:
            if (locked and ours) or now - candidate.stat().st_mtime > STALE_TEMP_SECONDS:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Not every platform lets a folder be opened (Windows).
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    """The in-memory state TinyDB reads and writes, flushed atomically to one file."""

    def __init__(self, path: Path, data: Tables, damaged: Tables | None = None) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._data = data
        # Records that failed their shape check: kept out of what TinyDB shows, and
        # written back exactly as they were, so a save never drops them.
        self._damaged: Tables = damaged or {}
        self._generation = 0  # bumped on every change, so a flush knows what it saved
        self._saved_generation = 0
        self._encoded = EncodedTables()  # each record's bytes, until it changes
        self._encoding_changes = 0  # the encoding's own changes (keys, forms as read)

    # TinyDB's interface ------------------------------------------------------------
    def read(self) -> Tables:
        return self._data

    def write(self, data: Tables) -> None:
        with self.lock:
            self._data = data
            self._generation += 1
            # TinyDB's own writes may change records in place: encode everything again.
            self._encoded.clear()
            self._encoding_changes += 1

    def close(self) -> None:
        pass

    # Ours --------------------------------------------------------------------------
    def let_go_of_everything(self) -> None:
        """Hold no record and no record's bytes any more (see
        :meth:`StoreBase.let_go_of_records`)."""
        with self.lock:
            let_go(self._data)
            let_go(self._damaged)
            self._encoded.clear()
        give_back_freed_memory()

    @property
    def dirty(self) -> bool:
        return self._generation != self._saved_generation

    @property
    def generation(self) -> int:
        """How many changes this state has seen (a save records the one it wrote)."""
        return self._generation

    def snapshot(self) -> tuple[int, Payload]:
        """The current state as bytes (in parts), taken under the lock (cheap next to the
        disk).

        When every record must be encoded (the first save, after a merge: 0.1 s at ten
        years), that is done first off the lock, from a shallow copy, so the screen's
        reads of the store never wait for it; under the lock, only what changed meanwhile.
        """
        self._warm_encoding()
        with self.lock:
            return self._generation, self._encoded.encode(self.with_damaged())

    def _warm_encoding(self) -> None:
        with self.lock:
            if self._encoded.warm:
                return
            seen = (self._generation, self._encoding_changes)
            # Records are replaced, never changed in place: copying the tables is enough.
            data = {name: dict(records) for name, records in self.with_damaged().items()}
            fresh = self._encoded.for_warming()
        fresh.encode(data)
        with self.lock:
            old = self._encoded
            if (self._generation, self._encoding_changes) == seen:
                self._encoded = fresh  # else a change came meanwhile: encoded under the lock
        if old is not self._encoded:
            old.let_go()
        give_back_freed_memory()  # what the whole encode made and the old one held

    def put_record(self, table: str, record: dict[str, Any]) -> None:
        """Store one record (a new object: its encoded bytes are made again at the save)."""
        with self.lock:
            self._data.setdefault(table, {})[record["id"]] = record
            self._generation += 1
            self._encoded.changed(table, record["id"])

    def with_damaged(self) -> Tables:
        """The state to write: usable records, and damaged ones where nothing replaced them."""
        if not any(self._damaged.values()):
            return self._data
        names = set(self._data) | set(self._damaged)
        return {name: {**self._damaged.get(name, {}), **self._data.get(name, {})} for name in names}

    def keep_damaged(self, damaged: Tables) -> None:
        """Add damaged records another copy of the file holds (a merge keeps them all)."""
        with self.lock:
            for name, records in damaged.items():
                self._damaged.setdefault(name, {}).update(records)

    def damaged_ids(self, table: str) -> set[str]:
        return set(self._damaged.get(table, {}))

    @property
    def damaged(self) -> Tables:
        return self._damaged

    def mark_saved(self, generation: int) -> None:
        with self.lock:
            self._saved_generation = max(self._saved_generation, generation)

    def replace_data(self, data: Tables) -> None:
        """Swap in a whole new state (after a reload); counts as unsaved."""
        with self.lock:
            self._data = data
            self._generation += 1
            self._encoded.replaced()

    @property
    def sealing(self) -> Sealing | None:
        return self._encoded.sealing

    def set_sealing(self, sealing: Sealing | None) -> None:
        """Write sealed with these keys and header from now on (None: in the clear).

        The same data key with a new header (a new passphrase) keeps every record's sealed
        bytes; another key, or none, seals everything again at the next save.
        """
        with self.lock:
            old = self._encoded.sealing
            same_key = (
                old is not None and sealing is not None and old.keys.check == sealing.keys.check
            )
            self._encoded.sealing = sealing
            self._encoding_changes += 1
            if not same_key:
                self._encoded.clear()

    def as_written(self) -> AsWritten | None:
        """What the last encoding made of each record, and the record it was made from
        (:func:`decode_in_slices` takes a record whose text is that as that record), with
        the records held; None while sealed (a record's bytes are its sealed form).

        Neither is copied (three copies of every table's dict were 7 MiB of a merge's
        peak at ten years): the encoding's are not changed once handed out, and the held
        tables are only looked up by key (a record held there at any moment was checked
        when it came in, which is all a reader asks of them)."""
        with self.lock:
            if self._encoded.sealing is not None:
                return None
            return AsWritten(self._encoded.as_written(), self._data)

    def keep_sealed_forms(self, opened: crypto.Opened) -> None:
        """Records still the very objects opened from the file keep their sealed bytes."""
        with self.lock:
            for name, found in opened.outer.items():
                self._encoded.as_read(name, found)
            self._encoding_changes += 1

    def copy_data(self) -> Tables:
        with self.lock:
            return copy.deepcopy(self._data)
