"""Messages named for what happened."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Something in the store changed in memory; save it (after ``delay`` seconds).

    ``tables`` names the tables changed, where the sender knows (None: any of them), so
    what shows other tables (the tab title's summary of today) need not look again.
    """

    delay: float = 0.0
    tables: frozenset[str] | None = None


@dataclass
class RecordRemoved(Message):
    """A record was removed; the app keeps it so the person can undo."""

    table: str
    record: Mapping[str, object]
    label: str


@dataclass
class ExternalChangeMerged(Message):
    """Another process or a sync client changed the data file; it has been merged in.

    ``tables`` names the tables the merge changed, where known (None: any of them);
    ``letters_back`` the letters removed here that it brought back (written in elsewhere
    meanwhile), ``letters_kept`` those removed elsewhere and kept here for the words
    written in them here.
    """

    tables: frozenset[str] | None = None
    letters_back: tuple[str, ...] = ()
    letters_kept: tuple[str, ...] = ()
