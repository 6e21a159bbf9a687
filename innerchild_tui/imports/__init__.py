"""Records brought in from other apps: Loop Habit Tracker, Daylio and jrnl.

Pure parsing: each module reads one app's export into the plain records below and
raises :class:`NotThatFormat` (one kind sentence) when a file is not what it claims to
be. Writing them into the data file is the store's work (``store/importing.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from innerchild_tui.domain.schedules import EVERY_DAY, Schedule


class NotThatFormat(ValueError):
    """The file is not the export it was said to be; ``str()`` is one kind sentence."""


@dataclass(frozen=True)
class ImportedDay:
    """One day of an imported habit: done or rest, a count for a counted habit, a note."""

    day: date
    status: str  # "done", "partial" or "rest"
    amount: float | None = None
    note: str = ""


@dataclass(frozen=True)
class ImportedHabit:
    source_id: str  # the id the record gets: loop-<uuid or name>
    name: str
    description: str = ""
    schedule: Schedule = EVERY_DAY
    counted: bool = False
    unit: str = ""
    target: float | None = None
    at_most: bool = False  # Loop's "at most" target: a limit, not an aim
    archived: bool = False
    position: int = 0
    days: tuple[ImportedDay, ...] = ()


@dataclass(frozen=True)
class ImportedCheckin:
    source_id: str  # daylio-<sha1 of date+time+mood+note>[:16]
    day: date
    hour: int
    minute: int
    mood: int
    mood_name: str
    tags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ImportedLetter:
    source_id: str  # jrnl-<sha1 of date+time+title+body>[:16]
    day: date
    hour: int
    minute: int
    title: str
    body: str
    tags: tuple[str, ...] = ()
    starred: bool = False


@dataclass
class ImportBatch:
    """Everything one file holds, parsed: nothing of it is written yet."""

    source: str  # "loop", "daylio", "jrnl"
    habits: list[ImportedHabit] = field(default_factory=list)
    checkins: list[ImportedCheckin] = field(default_factory=list)
    letters: list[ImportedLetter] = field(default_factory=list)

    def days(self) -> list[date]:
        """Every day the batch touches, for its date range."""
        found = [d.day for h in self.habits for d in h.days]
        found += [c.day for c in self.checkins]
        found += [letter.day for letter in self.letters]
        return found


__all__ = [
    "ImportBatch",
    "ImportedCheckin",
    "ImportedDay",
    "ImportedHabit",
    "ImportedLetter",
    "NotThatFormat",
]
