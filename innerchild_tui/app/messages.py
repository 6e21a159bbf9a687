"""Messages named for what happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Something in the store changed in memory; save it (after ``delay`` seconds)."""

    delay: float = 0.0


@dataclass
class RecordRemoved(Message):
    """A record was removed; the app keeps it so the person can undo."""

    table: str
    record: dict[str, object]
    label: str


@dataclass
class ExternalChangeMerged(Message):
    """Another process or a sync client changed the data file; it has been merged in."""
