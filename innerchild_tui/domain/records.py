"""Record identity and timestamps shared by every table.

Every record carries a string ``id`` unique across devices, ``created_at`` and
``updated_at`` (UTC ISO-8601 with milliseconds), the ``device`` that last wrote it and a
``deleted`` tombstone flag. Records with a natural key get a deterministic id so two
devices that make "the same" record make the same id.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Container, Mapping
from datetime import UTC, date, datetime
from typing import Any, NotRequired, TypedDict

Record = dict[str, Any]
"""Any record as the file holds it (a tombstone, a record of a table this version does
not know); a live record of a known table is one of the typed shapes below."""


# The typed shapes of live records. A record read from a file is one of these once its
# table's rules (domain/validate.py, one rule per field) passed it or mended it: every
# field below has exactly one rule there, and a test holds the two to each other. A
# field marked NotRequired may be missing from older files; its rule says how a reader
# takes it then (the value in ``validate.FIELD_DEFAULTS``).
class RecordBase(TypedDict):
    """What every record carries: its id, two UTC stamps, the device that last wrote
    it, and the tombstone mark."""

    id: str
    created_at: str
    updated_at: str
    device: str
    deleted: bool


class CheckinRecord(RecordBase):
    day: str  # YYYY-MM-DD, the practice day it belongs to
    mood: int  # 1-10
    energy: NotRequired[int | None]  # 1-5
    feelings: NotRequired[list[str]]
    needs: NotRequired[list[str]]
    body: NotRequired[list[str]]
    tags: NotRequired[list[str]]
    intensity: NotRequired[dict[str, int]]  # feeling -> 1-3
    note: NotRequired[str]
    to_hear: NotRequired[str]
    part_of_day: NotRequired[str]
    imported: NotRequired[str]  # the app it came from, if imported
    age: NotRequired[int | None]  # the inner child's age, 0-120
    therapy: NotRequired[bool]
    backfilled: NotRequired[bool]


class HabitRecord(RecordBase):
    name: str
    order: NotRequired[int]
    archived: NotRequired[bool]
    group: NotRequired[str | None]
    linked_to: NotRequired[str | None]  # "checkin", "letter", "practice" or None
    kind: NotRequired[str]  # "yesno" or "counted"
    unit: NotRequired[str]
    target: NotRequired[float | None]
    schedule: NotRequired[dict[str, Any]]  # read by schedules.schedule_from_record
    grace: NotRequired[bool]
    pauses: NotRequired[list[dict[str, str]]]  # read by schedules.pauses_from_record


class HabitDayRecord(RecordBase):
    """One habit's one day (table ``completions``, id ``<habit id>:<day>``)."""

    habit_id: str
    day: str
    status: NotRequired[str]  # "done" (when missing), "partial" or "rest"
    note: NotRequired[str]
    reason: NotRequired[str]  # a rest's reason
    amount: NotRequired[float | None]  # a counted habit's count


class ComfortUse(TypedDict, total=False):
    day: str
    at: str
    helped: int | None  # 0-10


class ComfortRecord(RecordBase):
    name: str
    note: NotRequired[str]
    childhood: NotRequired[str]
    kind: NotRequired[str]
    age: NotRequired[int | None]
    favourite: NotRequired[bool]
    used: NotRequired[list[str]]  # days, as older items kept them
    uses: NotRequired[list[ComfortUse]]  # read by comfort.uses_of


class LetterRecord(RecordBase):
    day: str
    title: NotRequired[str]
    to_child: NotRequired[str]
    from_child: NotRequired[str]
    age: NotRequired[int | None]
    tags: NotRequired[list[str]]
    starred: NotRequired[bool]
    imported: NotRequired[str]
    edited_from: NotRequired[list[str]]  # the versions it grew from (merge.LINEAGE_FIELD)


class PracticeRecord(RecordBase):
    kind: str
    day: str
    minutes: NotRequired[float]
    distress_before: NotRequired[int | None]  # 0-10
    distress_after: NotRequired[int | None]
    details: NotRequired[dict[str, Any]]


class SupportRecord(RecordBase):
    kind: NotRequired[str]  # "contact" (when missing) or "notes"
    name: NotRequired[str]
    role: NotRequired[str]
    reach: NotRequired[str]
    note: NotRequired[str]
    text: NotRequired[str]  # the notes for hard moments


class PromptRecord(RecordBase):
    text: str


class WordRecord(RecordBase):
    kind: str  # "feeling", "need" or "body"
    word: str


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

TABLES = (
    "checkins",
    "habits",
    "completions",
    "comfort",
    "letters",
    "practices",
    "support",
    "prompts",
    "words",
)


# What a person calls one record of each table, and several.
RECORD_NOUNS: dict[str, tuple[str, str]] = {
    "checkins": ("check-in", "check-ins"),
    "habits": ("habit", "habits"),
    "completions": ("habit tick", "habit ticks"),
    "comfort": ("comfort item", "comfort items"),
    "letters": ("letter", "letters"),
    "practices": ("soothing practice", "soothing practices"),
    "support": ("support entry", "support entries"),
    "prompts": ("letter prompt", "letter prompts"),
    "words": ("word of your own", "words of your own"),
}


def record_count(table: str, count: int) -> str:
    """``count`` records of ``table`` in words: "1 check-in", "3 habit ticks"."""
    one, many = RECORD_NOUNS.get(table, ("record", "records"))
    return f"{count} {one if count == 1 else many}"


def new_id(now_ms: int | None = None) -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, Crockford base32 (26 chars).

    Sortable by creation time and unique across devices without coordination.
    """
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    value = (ms << 80) | int.from_bytes(secrets.token_bytes(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def natural_id(kind: str, name: str, taken: Container[str]) -> str:
    """A deterministic id for a named record (a habit, a comfort item).

    Two devices that add "Walk outside" while apart make the same id, so a merge keeps
    one habit, not two. If the id is already used (say, a renamed habit once had this
    name), a number is added.
    """
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in name.casefold()).split())
    base = f"{kind}-{slug or 'unnamed'}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def completion_id(habit_id: str, day: date) -> str:
    """The deterministic id of one habit's entry for one day."""
    return f"{habit_id}:{day.isoformat()}"


def utc_stamp(moment: datetime) -> str:
    """UTC ISO-8601 with milliseconds and a ``Z``: sorts as text in time order."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def new_record(stamp: str, device: str, **fields: Any) -> Record:
    """A fresh live record with a new id (unless ``fields`` names one)."""
    record: Record = {"id": new_id()}
    record.update(fields)
    record.update(created_at=stamp, updated_at=stamp, device=device, deleted=False)
    return record


def is_live(record: Mapping[str, Any]) -> bool:
    return not record.get("deleted", False)
