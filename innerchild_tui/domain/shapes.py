"""Every record checked against its type's shape when it is read from a file.

A file written by another device, a hand edit or a conflict copy can hold records that
parse but would crash a reader: a check-in without ``created_at``, a habit without a
name, a mood that is a word. :func:`check_tables` sorts them out, record by record:

- a record that can be mended (a missing stamp, a list that is not a list, a day that
  its id or stamp tells) is mended in memory, with a :class:`Finding` saying what;
- a record that cannot (a check-in without a mood, a habit without a name) is set
  aside as damaged: it is not shown, it is never dropped from the file, and
  ``innerchild doctor`` lists it.

Text is made safe here too, once, for every place that shows it: control characters
(terminal escape sequences) and bidi overrides are removed from every string of every
record, so nothing read from a file can reach the terminal as a command.

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeGuard

Record = dict[str, Any]
Tables = dict[str, dict[str, Record]]

EPOCH_STAMP = "1970-01-01T00:00:00.000Z"
COMPLETION_STATUSES = ("done", "partial", "rest")

# Bidirectional-text controls: they reorder what follows them on screen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Every character that must not reach a terminal as it is: the C0 controls but the tab
# and the newline, DEL and the C1 controls, lone surrogates, and the bidi controls.
UNSAFE_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def safe_text(text: str, stand_in: str = "") -> str:
    """``text`` without control characters (newlines and tabs kept) or bidi controls.

    Each one is dropped, or, with ``stand_in``, shown as that (the quick commands show
    U+FFFD, so the person sees that something was there and nothing reaches the terminal).
    """
    if text.isprintable():
        return text
    return UNSAFE_CHARACTER.sub(stand_in.replace("\\", "\\\\"), text)


def _safe_value(value: Any) -> Any:
    """Any JSON value with every string in it made safe (a new value only if needed)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [_safe_value(v) for v in value]
    if isinstance(value, dict):
        return {safe_text(k): _safe_value(v) for k, v in value.items()}
    return value


# What a file's raw bytes hold when some string in it may need cleaning: JSON escapes of
# control characters, raw DEL and C1 controls, and the bidi controls in UTF-8 or escaped.
# One pattern for each first byte: a pattern that starts with a fixed byte is searched
# quickly (one alternation of them all took 130 ms over ten years of bytes, these 40).
UNSAFE_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        rb"\\u(?:00[0-1][0-9a-fA-F]|00[7-9][0-9a-fA-F]|200[eEfF]|202[a-eA-E]|206[6-9]|061[cC])",
        rb"\\[bfr]",
        rb"\x7f",
        rb"\xc2[\x80-\x9f]",
        rb"\xe2(?:\x80[\x8e\x8f\xaa-\xae]|\x81[\xa6-\xa9])",
        rb"\xd8\x9c",
    )
)
# The search goes a slice at a time: one regex call over ten years of bytes (23 MB) holds
# the interpreter, and a merge in a thread would stall the screen that long.
_SLICE = 1 << 20
LONGEST_UNSAFE = 8  # slices overlap by this much, so no match falls between two


# Each pattern's first byte: a pattern whose first byte the bytes lack at all is not
# searched (one byte is looked for at memory speed, about 1 ms over ten years of bytes;
# each pattern's search took about 5).
_FIRST_BYTES = (b"\\", b"\\", b"\x7f", b"\xc2", b"\xe2", b"\xd8")


def may_hold_unsafe_text(raw: bytes) -> bool:
    """False when the file's bytes cannot hold a control or bidi character (fast)."""
    wanted = tuple(
        p for p, first in zip(UNSAFE_PATTERNS, _FIRST_BYTES, strict=True) if first in raw
    )
    return found_in_slices(wanted, raw)


def found_in_slices(patterns: tuple[re.Pattern[bytes], ...], raw: bytes) -> bool:
    """Whether any of ``patterns`` (each at most 8 bytes long) is in ``raw``, searched a
    megabyte at a time, so a thread searching lets the event loop run in between."""
    return any(
        pattern.search(raw, start, start + _SLICE + LONGEST_UNSAFE) is not None
        for pattern in patterns
        for start in range(0, len(raw), _SLICE)
    )


@dataclass(frozen=True)
class Finding:
    """What was wrong with one record, in words a person can act on."""

    table: str
    record_id: str
    problem: str
    repaired: bool  # mended in memory (True) or set aside as damaged (False)

    def sentence(self) -> str:
        what = "mended in memory" if self.repaired else "kept as it is, and not shown"
        return f"{self.table} record {self.record_id}: {self.problem} ({what})."


class _Damaged(Exception):
    """A record that cannot be mended; ``str()`` says why."""


@dataclass
class CheckedTables:
    """A file's tables after checking: what to use, what is damaged, what was found."""

    usable: Tables
    damaged: Tables
    findings: list[Finding]


def check_tables(
    data: Tables, *, clean_text: bool = True, trusted: Tables | None = None
) -> CheckedTables:
    """Check every record of every known table (``meta`` and unknown tables pass as they are).

    Records that need nothing are passed through as the same objects, so checking a
    healthy ten-year file costs little. ``clean_text=False`` skips the text pass (for
    a file whose bytes cannot hold unsafe text, see :func:`may_hold_unsafe_text`).
    A record that is the very object ``trusted`` holds under its key (one checked when
    it came in) passes as it is.
    """
    usable: Tables = {}
    damaged: Tables = {}
    findings: list[Finding] = []
    for table, records in data.items():
        shape = _SHAPES.get(table)
        if shape is None:
            usable[table] = records
            continue
        kept = dict(records)  # the common case, every record as it is (one C-speed copy)
        known = trusted.get(table, {}) if trusted else {}
        # Only the records that may need something are looked at one by one.
        doubtful = list(records) if clean_text else _unhealthy(table, records)
        for key in doubtful:
            record = records[key]
            if known and known.get(key) is record:
                continue
            notes: list[str] = []
            try:
                mended = _check(table, key, record, shape, notes, clean_text)
            except _Damaged as why:
                del kept[key]
                damaged.setdefault(table, {})[key] = record
                findings.append(Finding(table, key, str(why), repaired=False))
                continue
            kept[key] = mended
            if notes:
                findings.append(Finding(table, key, "; ".join(notes), repaired=True))
        usable[table] = kept
    return CheckedTables(usable, damaged, findings)


def _check(
    table: str,
    key: str,
    record: Any,
    shape: Callable[[Record, str, list[str]], None],
    notes: list[str],
    clean_text: bool,
    quick: bool = True,
) -> Record:
    """``record`` mended (``notes`` say how); raises :class:`_Damaged`. ``quick=False``
    goes through every rule even for a record the quick test passes (for tests)."""
    if not isinstance(record, dict):
        raise _Damaged("it is not a record at all")
    if quick and _healthy(table, key, record):
        return _safe_value(record) if clean_text else record
    fixed: Record | None = None

    def mend(field: str, value: Any, note: str) -> None:
        nonlocal fixed
        if fixed is None:
            fixed = dict(record)
        fixed[field] = value
        notes.append(note)

    if record.get("id") != key:
        mend("id", key, "its id was missing or did not match its key")
    updated, created = record.get("updated_at"), record.get("created_at")
    if not _is_stamp(updated):
        mend(
            "updated_at",
            created if _is_stamp(created) else EPOCH_STAMP,
            "it had no time of its last change",
        )
    if not _is_stamp(created):
        mend("created_at", (fixed or record)["updated_at"], "it had no time it was made")
    if not isinstance(record.get("device"), str):
        mend("device", "unknown", "it did not say which computer wrote it")
    deleted = record.get("deleted", False)
    if not isinstance(deleted, bool):
        mend("deleted", bool(deleted), "its deleted mark was not yes or no")
    current = fixed if fixed is not None else record
    if not current.get("deleted"):
        candidate = dict(current)
        before = len(notes)
        shape(candidate, key, notes)
        if len(notes) != before:
            fixed = candidate
            current = fixed
    if clean_text:
        cleaned = _safe_value(current)
        if cleaned != current:
            notes.append("it held control characters or bidi overrides, which were removed")
            current = cleaned
    return current


def _healthy(table: str, key: str, record: Record) -> bool:
    """The common case, checked without copying or calls where possible: nothing to mend."""
    return not _unhealthy(table, {key: record})


def _unhealthy(table: str, records: dict[str, Any]) -> list[str]:
    """The keys of the records that may need mending, in their order: each record of the
    table is tested in one loop (a call for each took twice as long: 43 ms for the
    50,000 ticks of ten years, at every opening), and each tick's day text once."""
    ticks = table == "completions"
    fast = _FAST.get(table)
    days: set[str] = set()  # day texts found good
    doubtful: list[str] = []
    for key, record in records.items():
        if type(record) is dict:
            get = record.get
            updated, created = get("updated_at"), get("created_at")
            deleted, day, habit = get("deleted", False), get("day"), get("habit_id")
            if (
                get("id") == key
                and type(updated) is str
                and len(updated) >= 10
                and type(created) is str
                and len(created) >= 10
                and type(get("device")) is str
                and (deleted is False or deleted is True)
            ) and (
                deleted
                or (
                    (
                        type(habit) is str
                        and habit != ""
                        and get("status", "done") in COMPLETION_STATUSES
                        and type(day) is str
                        and (day in days or (is_day(day) and _add(days, day)))
                    )
                    if ticks
                    else fast is not None and fast(record)
                )
            ):
                continue
        doubtful.append(key)
    return doubtful


def _add(found: set[str], item: str) -> bool:
    found.add(item)
    return True


def _fast_checkin(record: Record) -> bool:
    get = record.get
    mood, energy, age = get("mood"), get("energy"), get("age")
    intensity = get("intensity", {})
    return (
        type(mood) is int
        and 1 <= mood <= 10
        and is_day(get("day"))
        and _is_words(get("feelings", []))
        and _is_words(get("needs", []))
        and _is_words(get("body", []))
        and _is_words(get("tags", []))
        and type(get("note", "")) is str
        and type(get("to_hear", "")) is str
        and type(get("part_of_day", "")) is str
        and type(get("imported", "")) is str
        and (energy is None or (type(energy) is int and 1 <= energy <= 5))
        and (age is None or (type(age) is int and 0 <= age <= 120))
        and type(intensity) is dict
        and all(type(v) is int and 1 <= v <= 3 for v in intensity.values())
        and type(get("therapy", False)) is bool
        and type(get("backfilled", False)) is bool
    )


def _is_words(value: Any) -> bool:
    """A list of words (strings); joining it is the quick test (C speed, no calls)."""
    if not isinstance(value, list):
        return False
    try:
        "".join(value)
    except TypeError:
        return False
    return True


def _fast_letter(record: Record) -> bool:
    get = record.get
    age = get("age")
    return (
        type(get("title", "")) is str
        and type(get("to_child", "")) is str
        and type(get("from_child", "")) is str
        and type(get("imported", "")) is str
        and _is_words(get("tags", []))
        and type(get("starred", False)) is bool
        and (age is None or (type(age) is int and 0 <= age <= 120))
        and is_day(get("day"))
    )


_FAST: dict[str, Callable[[Record], bool]] = {
    "checkins": _fast_checkin,
    "letters": _fast_letter,
}


def _is_stamp(value: Any) -> bool:
    return type(value) is str and len(value) >= 10


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def is_day(value: Any) -> bool:
    """A calendar day as the file keeps it: ``YYYY-MM-DD``, and a real date."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _whole(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# Field checks that mend a record in place (``record`` is already a copy) -------------
def _text(record: Record, field: str, notes: list[str], *, required: bool = False) -> None:
    value = record.get(field)
    if isinstance(value, str) and (value.strip() or not required):
        return
    if required:
        raise _Damaged(f"its {field.replace('_', ' ')} is missing")
    if field in record:
        record[field] = "" if value is None else str(value)
        notes.append(f"its {field.replace('_', ' ')} was not text")


def _words(record: Record, field: str, notes: list[str]) -> None:
    value = record.get(field)
    if field not in record or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return
    record[field] = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    notes.append(f"its {field} were not a list of words")


def _number_or_none(record: Record, field: str, notes: list[str], low: int, high: int) -> None:
    value = record.get(field)
    if value is None or (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    ):
        return
    record[field] = None
    notes.append(f"its {field} was not a number from {low} to {high}")


def _flag(record: Record, field: str, notes: list[str]) -> None:
    if field in record and not isinstance(record[field], bool):
        record[field] = bool(record[field])
        notes.append(f"its {field} mark was not yes or no")


def _day(record: Record, notes: list[str], fallback: str | None) -> None:
    if is_day(record.get("day")):
        return
    # A stamp mended to the epoch says nothing about the day.
    if fallback is not None and fallback != EPOCH_STAMP[:10] and is_day(fallback):
        record["day"] = fallback
        notes.append("its day was missing and was taken from when it was made")
        return
    raise _Damaged("its day is missing or not a date")


def _checkin(record: Record, key: str, notes: list[str]) -> None:
    mood = record.get("mood")
    if not (_whole(mood) and 1 <= mood <= 10):
        raise _Damaged("its mood is missing or not a number from 1 to 10")
    _day(record, notes, str(record.get("created_at", ""))[:10])
    for field in ("feelings", "needs", "body", "tags"):
        _words(record, field, notes)
    for field in ("note", "to_hear", "part_of_day", "imported"):
        _text(record, field, notes)
    _number_or_none(record, "energy", notes, 1, 5)
    _number_or_none(record, "age", notes, 0, 120)
    intensity = record.get("intensity")
    if "intensity" in record and not (
        isinstance(intensity, dict) and all(_whole(v) and 1 <= v <= 3 for v in intensity.values())
    ):
        record["intensity"] = (
            {k: v for k, v in intensity.items() if _whole(v) and 1 <= v <= 3}
            if isinstance(intensity, dict)
            else {}
        )
        notes.append("its feelings' strengths were not 1, 2 or 3")
    _flag(record, "therapy", notes)
    _flag(record, "backfilled", notes)


def _habit(record: Record, key: str, notes: list[str]) -> None:
    _text(record, "name", notes, required=True)
    if "order" in record and not _whole(record["order"]):
        record["order"] = 1_000_000
        notes.append("its place in the list was not a number")
    _flag(record, "archived", notes)
    if record.get("linked_to") not in (None, "checkin", "letter", "practice"):
        record["linked_to"] = None
        notes.append("what it was linked to was not a check-in, a letter or a practice")
    group = record.get("group")
    if group is not None and not (isinstance(group, str) and group.strip()):
        record["group"] = None  # older files have no group at all: no heading, as before
        notes.append("its group was not a name")
    if "pauses" in record and not isinstance(record["pauses"], list):
        record["pauses"] = []
        notes.append("its pauses were not a list")


def _completion(record: Record, key: str, notes: list[str]) -> None:
    habit_id, _, day = key.rpartition(":")
    if not isinstance(record.get("habit_id"), str) or not record["habit_id"]:
        if not habit_id:
            raise _Damaged("it does not say which habit it belongs to")
        record["habit_id"] = habit_id
        notes.append("its habit was taken from its id")
    _day(record, notes, day)
    status = record.get("status", "done")
    if status not in COMPLETION_STATUSES:
        record["status"] = "done"
        notes.append("its status was not done, partial or rest")


def _comfort(record: Record, key: str, notes: list[str]) -> None:
    _text(record, "name", notes, required=True)
    for field in ("note", "childhood", "kind"):
        _text(record, field, notes)
    _words(record, "used", notes)
    if "uses" in record and not isinstance(record["uses"], list):
        record["uses"] = []
        notes.append("its log of uses was not a list")
    _flag(record, "favourite", notes)
    _number_or_none(record, "age", notes, 0, 120)


def _letter(record: Record, key: str, notes: list[str]) -> None:
    for field in ("title", "to_child", "from_child", "imported"):
        _text(record, field, notes)
    _words(record, "tags", notes)
    _flag(record, "starred", notes)
    _number_or_none(record, "age", notes, 0, 120)
    _day(record, notes, str(record.get("created_at", ""))[:10])


def _word(record: Record, key: str, notes: list[str]) -> None:
    _text(record, "kind", notes, required=True)
    _text(record, "word", notes, required=True)


def _prompt(record: Record, key: str, notes: list[str]) -> None:
    _text(record, "text", notes, required=True)


def _practice(record: Record, key: str, notes: list[str]) -> None:
    _text(record, "kind", notes, required=True)
    _day(record, notes, str(record.get("created_at", ""))[:10])
    minutes = record.get("minutes", 0)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        record["minutes"] = 0
        notes.append("its minutes were not a number")
    if "details" in record and not isinstance(record["details"], dict):
        record["details"] = {}
        notes.append("its details were not a record")


def _support(record: Record, key: str, notes: list[str]) -> None:
    for field in ("kind", "name", "role", "reach", "note", "text"):
        _text(record, field, notes)


_SHAPES: dict[str, Callable[[Record, str, list[str]], None]] = {
    "checkins": _checkin,
    "habits": _habit,
    "completions": _completion,
    "comfort": _comfort,
    "letters": _letter,
    "words": _word,
    "prompts": _prompt,
    "practices": _practice,
    "support": _support,
}
