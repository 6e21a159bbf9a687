"""Record identity and timestamps shared by every table.

Every record carries a string ``id`` unique across devices, ``created_at`` and
``updated_at`` (UTC ISO-8601 with milliseconds), the ``device`` that last wrote it and a
``deleted`` tombstone flag. Records with a natural key get a deterministic id so two
devices that make "the same" record make the same id.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Container
from datetime import UTC, date, datetime
from typing import Any

Record = dict[str, Any]

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


def is_live(record: Record) -> bool:
    return not record.get("deleted", False)
