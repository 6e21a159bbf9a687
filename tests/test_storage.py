"""The atomic write under the store: old file or new file, never half of one."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.domain.shapes import may_hold_unsafe_text
from innerchild_tui.store import storage
from innerchild_tui.store.storage import (
    AtomicJSONStorage,
    atomic_write,
    decode,
    decode_in_slices,
    encode,
    file_signature,
)


def names_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def fail_with(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def test_write_creates_a_private_file_and_leaves_no_temp_files(db_path: Path) -> None:
    atomic_write(db_path, b"first\n")
    assert db_path.read_bytes() == b"first\n"
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert names_in(db_path.parent) == [db_path.name]


def test_write_replaces_the_old_file_by_rename(db_path: Path) -> None:
    atomic_write(db_path, b"first\n")
    before = db_path.stat().st_ino
    atomic_write(db_path, b"second, longer\n")
    assert db_path.read_bytes() == b"second, longer\n"
    assert db_path.stat().st_ino != before  # a new file took its place: never rewritten
    assert names_in(db_path.parent) == [db_path.name]


def test_write_keeps_a_private_mode_even_over_a_readable_file(db_path: Path) -> None:
    db_path.write_bytes(b"old")
    db_path.chmod(0o644)
    atomic_write(db_path, b"new")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.mark.parametrize("broken", ["os.replace", "os.fsync"])
def test_a_failing_write_keeps_the_old_content_and_cleans_up(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    atomic_write(db_path, b"the old words\n")

    def no_space(*args: object, **kwargs: object) -> None:
        raise fail_with(errno.ENOSPC)

    monkeypatch.setattr(os, broken.split(".")[1], no_space)
    with pytest.raises(OSError) as caught:
        atomic_write(db_path, b"the new words\n")
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert db_path.read_bytes() == b"the old words\n"
    assert names_in(db_path.parent) == [db_path.name]


def test_a_failing_first_write_leaves_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args: object) -> None:
        raise fail_with(errno.ENOSPC)

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(OSError):
        atomic_write(db_path, b"never here\n")
    monkeypatch.undo()
    assert names_in(db_path.parent) == []


def test_a_briefly_locked_file_is_retried(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows: a sync client or antivirus may hold the file for a moment."""
    real_replace = os.replace
    attempts: list[int] = []

    def busy_twice(source: str, target: Path) -> None:
        attempts.append(1)
        if len(attempts) <= 2:
            raise PermissionError(errno.EACCES, "held by another program")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", busy_twice)
    atomic_write(db_path, b"through at last\n")
    monkeypatch.undo()
    assert len(attempts) == 3
    assert db_path.read_bytes() == b"through at last\n"
    assert names_in(db_path.parent) == [db_path.name]


def test_a_file_locked_for_good_is_given_up_on(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    atomic_write(db_path, b"old\n")
    monkeypatch.setattr(storage, "_REPLACE_RETRY_SECONDS", 0.2)

    def always_busy(source: str, target: Path) -> None:
        raise PermissionError(errno.EACCES, "held by another program")

    monkeypatch.setattr(os, "replace", always_busy)
    with pytest.raises(PermissionError):
        atomic_write(db_path, b"new\n")
    monkeypatch.undo()
    assert db_path.read_bytes() == b"old\n"
    assert names_in(db_path.parent) == [db_path.name]


def test_a_missing_folder_is_an_error_not_a_mess(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "nowhere" / "innerchild.json", b"{}")
    assert not (tmp_path / "nowhere").exists()


def test_file_signature_notices_every_kind_of_change(db_path: Path) -> None:
    assert file_signature(db_path) is None
    atomic_write(db_path, b"one\n")
    first = file_signature(db_path)
    atomic_write(db_path, b"one\n")  # same bytes, but a new file
    second = file_signature(db_path)
    assert first is not None and second is not None and first != second
    with db_path.open("ab") as handle:  # an in-place append (a careless tool)
        handle.write(b"more")
    assert file_signature(db_path) != second


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t", "empty"),
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b"{}\x00\x00", "NUL"),
        (b'{"a": ', "not valid JSON"),
        (b'{"a": "\xff"}', "not valid JSON"),
        (b"{} trailing", "not valid JSON"),
    ],
)
def test_decode_gives_a_short_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        decode(raw)


def test_encode_round_trips_text_exactly() -> None:
    data = {"letters": {"x": {"id": "x", "to_child": "שלום 🧸\tline\nnext", "n": 1}}}
    assert decode(encode(data)) == data
    assert encode(data).endswith(b"\n")


def test_storage_tracks_unsaved_changes(db_path: Path) -> None:
    kept = AtomicJSONStorage(db_path, {})
    assert not kept.dirty
    kept.write({"habits": {}})
    assert kept.dirty
    generation, payload = kept.snapshot()
    assert decode(payload.joined()) == {"habits": {}}
    kept.write({"habits": {"a": {"id": "a"}}})  # a change made while the save was running
    kept.mark_saved(generation)
    assert kept.dirty  # the later change still waits for its own save
    kept.mark_saved(kept.generation)
    assert not kept.dirty
    copied = kept.copy_data()
    copied["habits"].clear()
    assert kept.read() == {"habits": {"a": {"id": "a"}}}


# Parsed a record at a time (another computer's change, read while the screen is up) ------
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
_documents = st.dictionaries(
    st.text(), st.dictionaries(st.text(), _values, max_size=5) | _values, max_size=4
)


def _written(document: dict[str, object], indent: int | None) -> bytes:
    """As this app writes it (compact), or by hand (indented; escaped or raw text)."""
    if indent is None:
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    return json.dumps(document, indent=indent, ensure_ascii=indent == 1).encode()


@given(_documents, st.sampled_from([None, 1, 2]))
def test_a_document_read_in_slices_is_what_orjson_reads(
    document: dict[str, object], indent: int | None
) -> None:
    raw = _written(document, indent)
    assert decode_in_slices(raw) == decode(raw)


@given(_documents, st.data())
def test_damaged_bytes_read_in_slices_fail_or_read_as_orjson_reads_them(
    document: dict[str, object], data: st.DataObject
) -> None:
    raw = bytearray(_written(document, None))
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at : at + 1] = data.draw(st.binary(max_size=3))  # a byte changed, lost or added
    try:
        expected: object = decode(bytes(raw))
    except ValueError as error:
        expected = error
    if isinstance(expected, ValueError):
        with pytest.raises(ValueError):
            decode_in_slices(bytes(raw))
    else:
        assert decode_in_slices(bytes(raw)) == expected


_PLACE = re.compile(r"at line (\d+), column (\d+) \(byte offset (\d+)\)")


@given(_documents, st.sampled_from([None, 2]), st.data())
def test_a_byte_turned_to_0xff_is_named_where_it_is(
    document: dict[str, object], indent: int | None, data: st.DataObject
) -> None:
    """Any one byte of a file (compact as the app writes it, or indented by hand) turned
    to 0xFF: the reason names the place of that byte, or of the first byte of the
    character it cut short, by line, column (characters, as editors count) and offset."""
    whole = _written(document, indent)
    at = data.draw(st.integers(0, len(whole) - 1))
    damaged = bytearray(whole)
    damaged[at] = 0xFF
    start = at
    while whole[start] & 0xC0 == 0x80:  # a character's continuation byte: its first byte
        start -= 1
    with pytest.raises(ValueError) as caught:
        decode(bytes(damaged))
    reason = str(caught.value)
    place = _PLACE.search(reason)
    assert place is not None, reason
    line_start = whole.rfind(b"\n", 0, start) + 1
    assert [int(n) for n in place.groups()] == [
        whole.count(b"\n", 0, start) + 1,
        len(whole[line_start:start].decode("utf-8")) + 1,
        start,
    ]
    assert "0xFF" in reason


# A record written as this process wrote it is taken as it is, not parsed again ----------
_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
_json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _texts
)
_records = st.dictionaries(
    _texts,
    st.recursive(
        _json_scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texts, inner, max_size=3),
        max_leaves=6,
    ),
    max_size=4,
)
_tables = st.dictionaries(
    st.sampled_from(["checkins", "habits", "letters"]),
    st.dictionaries(_texts, _records, max_size=4),
    max_size=3,
)


@given(ours=_tables, theirs=_tables, data=st.data())
def test_a_record_written_here_is_taken_as_it_is_and_the_rest_parsed(
    tmp_path_factory: pytest.TempPathFactory, ours: dict, theirs: dict, data: st.DataObject
) -> None:
    """Another copy keeps some of our records as they were, changes some, adds some: read
    with what we wrote, it is what orjson reads, and every record it holds exactly as we
    wrote it is our very object (so merging and saving it again cost nothing)."""
    folder = tmp_path_factory.mktemp("written")
    here = AtomicJSONStorage(folder / "innerchild.json", ours)
    here.snapshot()  # encoded as a save does
    written = here.as_written()
    assert written is not None
    for name, records in ours.items():  # some of ours, kept as they were
        for key, record in records.items():
            if data.draw(st.booleans()):
                theirs.setdefault(name, {})[key] = dict(record)
    raw = AtomicJSONStorage(folder / "theirs.json", theirs).snapshot()[1].joined()
    found = decode_in_slices(raw, written.fragments)
    assert found == decode(raw)
    for name, records in found.items():
        for key, record in records.items():
            mine = ours.get(name, {}).get(key)
            if mine is not None and orjson.dumps(mine) == orjson.dumps(theirs[name][key]):
                assert record is mine
            else:
                assert record is not ours.get(name, {}).get(key)


# Parsed a part at a time at opening (each part's working copy, not the whole file's) ----
_tricky_texts = st.lists(
    st.sampled_from(['},"', '}},"letters":{', '},"meta":{"', '"', "\\", "{", "}", ",", "é"])
    | _texts,
    max_size=4,
).map("".join)
_flat_records = st.dictionaries(_tricky_texts, _tricky_texts | _json_scalars, max_size=4)
_part_tables = st.dictionaries(
    st.sampled_from(["checkins", "comfort", "completions", "habits", "letters", "meta", "zz"]),
    st.dictionaries(_tricky_texts, _flat_records | _records, max_size=6),
    max_size=5,
)


def _streamed(raw: bytes, part: int, read: int) -> object:
    """The document :func:`storage.decode_file` reads from ``raw`` as a file (None if it
    leaves it), and the same answer as to unsafe text as for the whole bytes."""
    streamed = storage.decode_file(io.BytesIO(raw), part=part, read=read)
    if streamed is None:
        return None
    assert streamed[1] == may_hold_unsafe_text(raw)
    return streamed[0]


@given(_part_tables, st.integers(1, 64), st.integers(1, 64), st.sampled_from(["", "\n", " \r\n"]))
def test_a_file_read_a_part_at_a_time_is_what_one_parse_reads(
    tables: dict[str, dict[str, dict[str, object]]], part: int, read: int, end: str
) -> None:
    """As this app writes a file (compact, sorted), the parts read are what one
    ``orjson.loads`` reads; only a record holding objects of its own may be left to it.
    So are those read from the file a few bytes at a time, the whole never held."""
    raw = storage.encode(tables) + end.encode()
    in_parts = storage._decode_in_parts(raw, part)
    assert _streamed(raw, part, read) == in_parts
    nested = any(
        isinstance(value, dict)
        for records in tables.values()
        for record in records.values()
        for value in record.values()
    )
    if tables and not nested and "zz" not in tables:  # a table it does not know: left too
        assert in_parts is not None
    assert in_parts is None or in_parts == orjson.loads(raw)


@given(_part_tables, st.integers(1, 64), st.integers(1, 64), st.data())
def test_a_partial_reading_keeps_exactly_the_records_it_asks_for(
    tables: dict[str, dict[str, dict[str, object]]], part: int, read: int, data: st.DataObject
) -> None:
    """A quick look (``keep``) holds the records it says yes to and no others, read a
    part at a time: what one parse reads, with the rest left out."""
    raw = storage.encode(tables)
    chosen = {
        (name, key)
        for name, records in tables.items()
        for key in records
        if data.draw(st.booleans(), label=f"keep {name} {key}")
    }
    asked: list[tuple[str, str]] = []

    def keep(name: str, key: str, record: dict[str, object]) -> bool:
        asked.append((name, key))
        assert record == tables[name][key]
        return (name, key) in chosen

    streamed = storage.decode_file(io.BytesIO(raw), part=part, read=read, keep=keep)
    if streamed is None:  # left to one parse, as without ``keep``
        assert _streamed(raw, part, read) is None
        return
    whole = orjson.loads(raw)
    assert streamed[0] == {
        name: {key: record for key, record in records.items() if (name, key) in chosen}
        for name, records in whole.items()
    }
    assert sorted(asked) == sorted((n, k) for n, records in whole.items() for k in records)


@given(_part_tables, st.integers(1, 64), st.integers(1, 64), st.data())
def test_damaged_bytes_read_a_part_at_a_time_are_left_to_one_parse_or_read_as_it_reads(
    tables: dict[str, dict[str, dict[str, object]]], part: int, read: int, data: st.DataObject
) -> None:
    raw = bytearray(storage.encode(tables))
    at = data.draw(st.integers(0, len(raw)))
    raw[at : at + 1] = data.draw(
        st.sampled_from([b"", b"}", b",", b'"', b'},"', b"{", b"x", b"\x00", b"\xef\xbb\xbf"])
    )
    try:
        expected: object = orjson.loads(bytes(raw))
    except orjson.JSONDecodeError:
        expected = None
    in_parts = storage._decode_in_parts(bytes(raw), part)
    assert in_parts is None or in_parts == expected
    streamed = _streamed(bytes(raw), part, read)
    assert streamed is None or streamed == expected


@given(ours=_part_tables, theirs=_part_tables, data=st.data())
def test_a_merge_walks_the_bytes_taking_what_was_written_and_parsing_the_rest(
    tmp_path_factory: pytest.TempPathFactory,
    ours: dict[str, dict[str, dict[str, object]]],
    theirs: dict[str, dict[str, dict[str, object]]],
    data: st.DataObject,
) -> None:
    """A merge reads the file's bytes a record at a time (no text of the whole file): with
    tricky text in keys and fields, it reads what one ``orjson.loads`` reads, damaged bytes
    included (or leaves them to the reading as text), and takes what was written here."""
    folder = tmp_path_factory.mktemp("walked")
    here = AtomicJSONStorage(folder / "innerchild.json", ours)
    here.snapshot()
    written = here.as_written()
    assert written is not None
    for name, records in ours.items():
        for key, record in records.items():
            if data.draw(st.booleans()):
                theirs.setdefault(name, {})[key] = dict(record)
    raw = bytearray(storage.encode(theirs))
    walked = storage._decode_walking(bytes(raw), written.fragments, None)
    nested = any(
        isinstance(value, dict)
        for records in theirs.values()
        for record in records.values()
        for value in record.values()
    )
    if theirs and not nested and "zz" not in theirs:
        assert walked is not None
    assert walked is None or walked == orjson.loads(bytes(raw))
    assert decode_in_slices(bytes(raw), written.fragments) == orjson.loads(bytes(raw))
    if raw:  # one spot damaged
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + 1] = data.draw(st.sampled_from([b"", b"}", b",", b'"', b'},"', b"\\"]))
        try:
            expected: object = orjson.loads(bytes(raw))
        except orjson.JSONDecodeError:
            expected = None
        walked = storage._decode_walking(bytes(raw), written.fragments, None)
        assert walked is None or walked == expected
