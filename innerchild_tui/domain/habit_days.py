"""What one day of a habit holds, and a habit's whole story as plain values.

Each day of a habit is done, partly done (the gentle minimum), rest (planned or taken,
with an optional reason), or nothing yet. A day's entry lives in the completions table
with the id ``<habit_id>:<YYYY-MM-DD>``; older entries carry only ``status: "done"``.

A habit is yes/no or counted (a number with a unit and a target, "glasses of water, at
least 6"). A counted day's status follows from its amount: the target reached is done,
anything above nothing is partly done.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from innerchild_tui.domain.schedules import (
    EVERY_DAY,
    Pause,
    Schedule,
    pauses_from_record,
    schedule_from_record,
)

DONE = "done"
PARTIAL = "partial"
REST = "rest"
STATUSES = (DONE, PARTIAL, REST)
KEPT = frozenset({DONE, PARTIAL})  # days that add to a streak

YES_NO = "yesno"
COUNTED = "counted"

REST_REASONS = ("planned", "sick", "overwhelmed", "holding a boundary", "tired", "grieving")

# Symbols beside the colours, so colour is never the only signal.
SYMBOLS = {
    DONE: "●",
    PARTIAL: "◐",
    REST: "–",
    "paused": "‖",
    "open": "○",  # today, not over yet
    "none": "·",
    "future": " ",
}
WORDS = {DONE: "done", PARTIAL: "partly done", REST: "rest"}


@dataclass(frozen=True)
class DayEntry:
    """One day of one habit."""

    status: str
    amount: float | None = None
    note: str = ""
    reason: str = ""


_PLAIN_ENTRIES = {status: DayEntry(status=status) for status in STATUSES}


def entry_from_record(record: Mapping[str, Any]) -> DayEntry | None:
    """The entry a completion record holds (None for an unknown status)."""
    status = record.get("status", DONE)
    if status not in STATUSES:
        return None
    amount = record.get("amount")
    if amount is None and not record.get("note") and not record.get("reason"):
        return _PLAIN_ENTRIES[status]  # most days of most habits: one shared entry
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        amount = None
    return DayEntry(
        status=status,
        amount=float(amount) if amount is not None else None,
        note=str(record.get("note", "") or ""),
        reason=str(record.get("reason", "") or ""),
    )


@dataclass(frozen=True)
class Target:
    """A counted habit's aim: at least ``amount`` of ``unit`` a day."""

    amount: float
    unit: str = ""

    def describe(self) -> str:
        return f"at least {format_amount(self.amount)} {self.unit}".rstrip()


def format_amount(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"


def parse_target(text: str) -> Target | None:
    """ "6 glasses of water" or "at least 6 glasses" → a target; "" → None (a yes/no habit).

    Raises ``ValueError`` with a plain sentence when no number can be found.
    """
    words = " ".join(text.split())
    lowered = words.casefold()
    for prefix in ("at least ", "min ", "minimum "):
        if lowered.startswith(prefix):
            words = words[len(prefix) :]
            break
    if not words:
        return None
    number, _, unit = words.partition(" ")
    try:
        amount = float(number)
    except ValueError:
        raise ValueError(
            f"“{text}”: start with a number, like “6 glasses of water”, "
            "or leave it empty for a yes/no habit"
        ) from None
    if not 0 < amount < 1e6 or amount != amount:
        raise ValueError(f"“{text}”: the target needs to be a number above 0")
    return Target(amount, unit.strip())


def status_for_amount(amount: float, target: float) -> str | None:
    """A counted day's status: target reached → done, some → partly done, none → nothing."""
    if amount >= target:
        return DONE
    if amount > 0:
        return PARTIAL
    return None


def day_value(entry: DayEntry | None, target: Target | None) -> float:
    """How much of the day was kept, 0 to 1 (the strength score's input)."""
    if entry is None or entry.status == REST:
        return 0.0
    if target is not None and entry.amount is not None:
        return max(0.0, min(1.0, entry.amount / target.amount))
    return 1.0 if entry.status == DONE else 0.5


@dataclass(frozen=True)
class HabitHistory:
    """Everything the streak and strength functions need about one habit."""

    entries: Mapping[date, DayEntry] = field(default_factory=dict)
    schedule: Schedule = EVERY_DAY
    pauses: tuple[Pause, ...] = ()
    grace: bool = True
    target: Target | None = None

    def status_on(self, day: date) -> str | None:
        entry = self.entries.get(day)
        return entry.status if entry is not None else None

    def paused_on(self, day: date) -> bool:
        return any(pause.holds(day) for pause in self.pauses)


def target_of(habit: Mapping[str, Any]) -> Target | None:
    """A counted habit's target (None for a yes/no habit, or a malformed one)."""
    if habit.get("kind", YES_NO) != COUNTED:
        return None
    amount = habit.get("target")
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not amount > 0:
        return None
    return Target(float(amount), str(habit.get("unit", "") or ""))


def history_of(habit: Mapping[str, Any], records: Mapping[date, Mapping[str, Any]]) -> HabitHistory:
    """A habit's story from its record and its completion records by day.

    Fields that older records lack take their defaults (every day, grace on, yes/no).
    """
    entries: dict[date, DayEntry] = {}
    for day, record in records.items():
        entry = entry_from_record(record)
        if entry is not None:
            entries[day] = entry
    return HabitHistory(
        entries=entries,
        schedule=schedule_from_record(habit.get("schedule")),
        pauses=pauses_from_record(habit.get("pauses")),
        grace=habit.get("grace", True) is not False,
        target=target_of(habit),
    )


def mark_for(history: HabitHistory, day: date, today: date) -> str:
    """The symbol key (see :data:`SYMBOLS`) for one day of a habit."""
    status = history.status_on(day)
    if status is not None and (day <= today or status == REST):
        return status
    if day > today:
        return "future"
    if history.paused_on(day):
        return "paused"
    if day == today and history.schedule.asks_on(day):
        return "open"  # (a day the habit does not ask for is not open: "not today")
    return "none"


def heat_level(history: HabitHistory, day: date) -> int:
    """0 to 4, for the calendar's colour (always shown with a symbol too)."""
    value = day_value(history.entries.get(day), history.target)
    if value <= 0:
        return 0
    return max(1, min(4, round(value * 4)))
