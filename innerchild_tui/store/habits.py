"""Self-care habits and the days they were done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from innerchild_tui.domain.habit_days import (
    DONE,
    REST,
    STATUSES,
    HabitHistory,
    history_of,
    status_for_amount,
    target_of,
)
from innerchild_tui.domain.habit_groups import (
    group_name,
    group_names,
    group_of,
    in_group_order,
    moved_group,
    moved_in_group,
    placed_in_group,
    same_group,
)
from innerchild_tui.domain.records import (
    HabitDayRecord,
    HabitRecord,
    Record,
    completion_id,
    is_live,
    natural_id,
    new_record,
)
from innerchild_tui.domain.schedules import Pause, Schedule, pauses_from_record
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store.base import StoreBase, collector_paused, refuse_future, required_name
from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.indexes import HabitFigures, entry_day
from innerchild_tui.store.storage import Tables
from innerchild_tui.store.tables import Table

HABIT_LINKS: dict[str, str] = {
    "checkin": "ticked by your check-in",
    "letter": "ticked by your letter",
    "practice": "ticked by your practice",
}
"""What may tick a habit (its ``linked_to``), and the note its tick carries."""


class Habits:
    """Self-care habits (table ``habits``): names, order, groups, schedules, links."""

    def __init__(self, db: StoreBase) -> None:
        self._db = db
        self._table = Table(db, "habits", HabitRecord)

    def all(self, *, include_archived: bool = False) -> list[HabitRecord]:
        """The habits as they are listed: those without a group first, then each group
        (in the order of its first habit), each in its own order."""
        records = [
            r for r in self._table.live() if include_archived or not r.get("archived", False)
        ]
        return in_group_order(sorted(records, key=lambda r: (r.get("order", 0), r["created_at"])))

    def groups(self, *, include_archived: bool = False) -> list[str]:
        """The names of the habits' groups, in the order they are listed."""
        return group_names(self.all(include_archived=include_archived))

    def get(self, habit_id: str) -> HabitRecord:
        """One live habit. Raises a kind :class:`StoreError` if it is gone."""
        return self._table.get(habit_id)

    def named(self, name: str) -> HabitRecord:
        """The habit with this name (any case). Raises a kind :class:`StoreError` if none."""
        wanted = clean_name(name).casefold()
        for habit in self.all(include_archived=True):
            if habit["name"].casefold() == wanted:
                return habit
        names = (
            ", ".join(
                f"“{h['name']}”" + (" (archived)" if h.get("archived", False) else "")
                for h in self.all(include_archived=True)
            )
            or "none yet"
        )
        raise StoreError(f"There is no habit called “{clean_name(name)}”. Your habits: {names}.")

    def add(self, name: str, *, group: str | None = None, link: str | None = None) -> HabitRecord:
        """A new habit, last in the list, or last in ``group`` (a new group comes last),
        ticked by ``link`` ("checkin", "letter", "practice") if given."""
        name = self._free_name(name)
        _check_link(link)
        order = max((h.get("order", 0) for h in self.all(include_archived=True)), default=-1)
        habit_id = natural_id("habit", name, self._db._ids("habits"))
        fields: dict[str, Any] = {}
        if link is not None:
            fields["linked_to"] = link
        habit = self._table.new(id=habit_id, name=name, order=order + 1, archived=False, **fields)
        if group_name(group) is not None:
            habit = self.set_group(habit_id, group)
        return habit

    def rename(self, habit_id: str, name: str) -> HabitRecord:
        """A new name, not another habit's (as for :meth:`add`)."""
        return self.update(habit_id, name=name)

    def _free_name(self, name: str, keeping: HabitRecord | None = None) -> str:
        """``name`` made clean, if no other habit (archived ones too) is called so."""
        name = required_name(name, "habit")
        refused = self.name_refused(name, keeping)
        if refused:
            raise StoreError(refused)
        return name

    def name_refused(self, name: str, keeping: HabitRecord | None = None) -> str | None:
        """Why no habit but ``keeping`` may be called ``name`` (another one is: archived
        ones too), in words to tell; None if it may. A dialog asks before it closes."""
        taken = (
            h["name"].casefold() == name.casefold()
            for h in self.all(include_archived=True)
            if keeping is None or h["id"] != keeping["id"]
        )
        return f"You already have a habit called “{name}”." if any(taken) else None

    def set_archived(self, habit_id: str, archived: bool = True) -> HabitRecord:
        return self._table.change(habit_id, archived=archived)

    def update(self, habit_id: str, **fields: Any) -> HabitRecord:
        """Change a habit's settings: ``name``, ``kind``, ``unit``, ``target``, ``schedule``
        (a :class:`Schedule`), ``grace``, ``linked_to`` (None: no link) and ``group``
        (None or empty: no group; see :meth:`set_habit_group`). Unchanged values leave
        nothing to save."""
        habit = self._table.get(habit_id)
        changes: dict[str, Any] = {}
        regroup: str | None = None
        for key, value in fields.items():
            if key == "name":
                value = self._free_name(value, keeping=habit)
            elif key == "schedule":
                value = value.to_record() if isinstance(value, Schedule) else value
            elif key == "unit":
                value = clean_name(str(value or ""))
            elif key == "linked_to":
                _check_link(value)
            elif key == "group":
                regroup = value
                continue
            if habit.get(key) != value:
                changes[key] = value
        if changes:
            habit = self._table.change(habit_id, **changes)
        if "group" in fields:
            habit = self.set_group(habit_id, regroup)
        return habit

    def move(self, habit_id: str, step: int) -> bool:
        """Move a habit up (``step`` < 0) or down its group, past the next habit shown
        (archived habits are passed over). False at either end of its group."""
        habits = self.all(include_archived=True)
        visible = frozenset(
            h["id"] for h in habits if not h.get("archived", False) or h["id"] == habit_id
        )
        self._table.get(habit_id)
        ordered = moved_in_group(habits, habit_id, step, visible=visible)
        if ordered is None:
            return False
        self._renumber(ordered)
        return True

    def move_group(self, group: str, step: int) -> bool:
        """Move a whole group (all its habits) up (``step`` < 0) or down among the
        groups; the habits without a group stay first. False at either end."""
        ordered = moved_group(self.all(include_archived=True), group, step)
        if ordered is None:
            return False
        self._renumber(ordered)
        return True

    def set_group(self, habit_id: str, group: str | None) -> HabitRecord:
        """Put a habit under ``group`` (None or empty: no group). It goes last in that
        group, so the groups keep their places; a new group comes last. A name that
        differs from an existing group's only in case joins that group."""
        habit = self._table.get(habit_id)
        name = group_name(group)
        if name is not None:
            name = next(
                (g for g in self.groups(include_archived=True) if same_group(g, name)), name
            )
        if (group_of(habit) or None) == name:
            return habit
        ordered = placed_in_group(self.all(include_archived=True), habit_id, name)
        habit = self._table.change(habit_id, group=name)
        self._renumber(ordered)
        return self._table.get(habit_id)

    def rename_group(self, group: str, name: str | None) -> str | None:
        """Give every habit of ``group`` the group ``name`` (None or empty: no group),
        in place: the group keeps its place. A name another group has joins the two.
        Returns the name kept (an existing group's spelling), or None."""
        new = group_name(name)
        if new is not None:
            new = next(
                (
                    g
                    for g in self.groups(include_archived=True)
                    if same_group(g, new) and not same_group(g, group)
                ),
                new,
            )
        for habit in self.all(include_archived=True):
            if same_group(group_of(habit), group) and group_of(habit) and habit.get("group") != new:
                self._table.change(habit["id"], group=new)
        return new

    def _renumber(self, ordered: list[HabitRecord]) -> None:
        """Give ``ordered`` the orders 0, 1, 2…, writing only the habits whose order moved."""
        for order, habit in enumerate(ordered):
            if self._table.get(habit["id"]).get("order") != order:
                self._table.change(habit["id"], order=order)

    def delete(self, habit_id: str) -> list[tuple[str, Record]]:
        """Remove a habit and its days (their notes too). Returns what was, for undo."""
        removed = [("habits", self._db._delete("habits", habit_id))]
        with self._db._storage.lock:
            days = list(self._db._habit_index.days_of(habit_id).values())
        for record in days:
            removed.append(("completions", self._db._delete("completions", record["id"])))
        return removed

    def pause(self, habit_ids: list[str], start: date, end: date, reason: str = "") -> None:
        """Pause habits from ``start`` to ``end`` (a holiday, illness): nothing is asked."""
        if end < start:
            raise StoreError("A pause ends on or after the day it starts.")
        pause = Pause(start, end, clean_name(reason))
        for habit_id in habit_ids:
            habit = self._table.get(habit_id)
            pauses = [*pauses_from_record(habit.get("pauses")), pause]
            self._table.change(habit_id, pauses=[p.to_record() for p in pauses])

    def end_pauses(self, habit_ids: list[str], day: date) -> bool:
        """End the pauses holding ``day`` (the day before it); pauses still to come go."""
        changed = False
        for habit_id in habit_ids:
            habit = self._table.get(habit_id)
            kept = []
            for pause in pauses_from_record(habit.get("pauses")):
                if pause.start >= day:
                    continue
                if pause.holds(day):
                    pause = Pause(pause.start, day - timedelta(days=1), pause.reason)
                kept.append(pause)
            records = [p.to_record() for p in kept]
            if records != habit.get("pauses", []):
                self._table.change(habit_id, pauses=records)
                changed = True
        return changed

    # Linked habits: a check-in, a letter or a practice ticks them -------------------------
    def set_link(self, habit_id: str, link: str | None) -> HabitRecord:
        """Link a habit to a check-in, a letter or a practice (None: no link)."""
        _check_link(link)
        habit = self._table.get(habit_id)
        if habit.get("linked_to") == link:
            return habit
        return self._table.change(habit_id, linked_to=link)


class HabitDays:
    """The days of each habit (table ``completions``): done, partly done or
    rested, and what is worked out from them (histories, streaks and strength, kept in
    the store's :class:`~innerchild_tui.store.indexes.HabitIndex`)."""

    def __init__(self, db: StoreBase, habits: Habits) -> None:
        self._db = db
        self._table = Table(db, "completions", HabitDayRecord)
        self._habits = habits
        self.linked_ticks = 0  # habits ticked by a link (the app looks, to show them)

    def by_habit(self) -> dict[str, dict[date, Record]]:
        """Every habit's live day entries (a copy of the store's index: no rescan)."""
        with self._db._storage.lock:
            return {k: dict(v) for k, v in self._db._habit_index.days_by_habit().items()}

    def of(self, habit_id: str) -> dict[date, Record]:
        with self._db._storage.lock:
            return dict(self._db._habit_index.days_of(habit_id))

    def histories(self, habits: Sequence[HabitRecord]) -> dict[str, HabitHistory]:
        """Each habit's story (entries, schedule, pauses, grace) for streaks and strength."""
        with self._db._storage.lock:
            return {h["id"]: self._db._habit_index.history(h) for h in habits}

    def history(self, habit_id: str) -> HabitHistory:
        habit = self._db._get("habits", habit_id)
        with self._db._storage.lock:
            return self._db._habit_index.history(habit)

    def figures(self, habit_id: str, today: date) -> HabitFigures:
        """The habit's streaks and strength on ``today``: kept until this habit changes.

        Worked out off the lock (tens of milliseconds for years of days), so a worker
        doing it never holds up the screen's reads of the store.
        """
        habit = self._db._get("habits", habit_id)
        index = self._db._habit_index
        with self._db._storage.lock:
            known = index.known_figures(habit, today)
        if known is not None:
            return known
        # No cycle collection while years of days are walked: set off in the worker by
        # what this makes, one walked all the app holds, the screen waiting (about 20 ms
        # at ten years, at a new day).
        with collector_paused():
            with self._db._storage.lock:
                history = index.history(habit)
            found = index.work_out(history, today)
        with self._db._storage.lock:
            index.remember(habit, today, history, found)
        return found

    def known_figures(self, habit_id: str, today: date) -> HabitFigures | None:
        """The habit's figures if they are already worked out for ``today`` (else None)."""
        habit = self._db._get("habits", habit_id)
        with self._db._storage.lock:
            return self._db._habit_index.known_figures(habit, today)

    def tended_on(self, day: date) -> dict[str, str]:
        """The status of each habit with an entry on ``day``.

        Each habit's entry is looked up by its id (``habit:day``): the first frame needs
        no index of every habit's days, which is built off the event loop with the
        figures (at ten years a scan of some 50,000 ticks).
        """
        with self._db._storage.lock:
            data = self._db._storage.read()
            return {
                habit_id: str(record.get("status", DONE))
                for habit_id in data.get("habits", {})
                if (record := _entry_on(data, habit_id, day)) is not None
            }

    def recent_history(self, habit_id: str, today: date, days: int) -> HabitHistory:
        """The habit's story over its last ``days`` days only (to ``today``), each day
        looked up by its id: what a habit's row shows before its whole story is built,
        off the event loop, with its figures."""
        habit = self._db._get("habits", habit_id)
        with self._db._storage.lock:
            data = self._db._storage.read()
            entries = {
                day: record
                for day in (today - timedelta(days=back) for back in range(days))
                if (record := _entry_on(data, habit_id, day)) is not None
            }
        return history_of(habit, entries)

    def done(self, habit_id: str) -> set[date]:
        """Every day this habit was done."""
        with self._db._storage.lock:
            entries = self._db._habit_index.days_of(habit_id)
            return {day for day, r in entries.items() if r.get("status", DONE) == DONE}

    def done_by_habit(self) -> dict[str, set[date]]:
        """Every habit's done days, in one pass."""
        return {
            habit_id: {day for day, r in records.items() if r.get("status", "done") == DONE}
            for habit_id, records in self.by_habit().items()
        }

    def set(
        self,
        habit_id: str,
        day: date,
        status: str | None,
        *,
        amount: float | None = None,
        note: str | None = None,
        reason: str | None = None,
    ) -> Record | None:
        """Set one day of a habit: ``done``, ``partial``, ``rest`` or ``None`` (nothing).

        ``note``, ``reason`` and ``amount`` left as None keep what the day held, unless the
        day turns into a rest: then they start empty. A day to come can hold only a
        planned rest. Setting what is already there writes nothing.
        Returns the day's entry as it was before (None if empty), for undo.
        """
        self._db._get("habits", habit_id)
        if status is not None and status not in STATUSES:
            raise StoreError(f"A day can be done, partly done or rest, not “{status}”.")
        record_id = completion_id(habit_id, day)
        existing = self._db._raw("completions", record_id)
        before = existing if existing is not None and is_live(existing) else None
        if status is None:
            if before is not None:
                self._table.delete(record_id)
            return before
        if status != REST:
            refuse_future(day, self._db.today())
        fields: dict[str, Any] = {"status": status}
        # A day that turns into a rest starts with the rest's own words: "just round the
        # block" was said of a walk, not of the rest that replaced it.
        was = before.get("status") if before is not None else None
        carries = before is not None and (status != REST or was == REST)
        for key, value in (("note", note), ("reason", reason), ("amount", amount)):
            if value is None:
                value = before.get(key) if before is not None and carries else None
            elif isinstance(value, str):
                value = clean_text(value).strip()
            if value not in (None, ""):
                fields[key] = value
        if status != REST:
            fields.pop("reason", None)
        if before is not None and all(
            before.get(key) == fields.get(key) for key in ("status", "note", "reason", "amount")
        ):
            return before
        stamp = self._db.stamp()
        record = new_record(
            stamp, self._db.device, id=record_id, habit_id=habit_id, day=day.isoformat()
        )
        record.update(created_at=existing["created_at"] if existing else stamp, **fields)
        self._table.put(record)
        return before

    def put_back(self, habit_id: str, day: date, before: Record | None) -> None:
        """Undo :meth:`set_day`: the day holds again what ``before`` held."""
        if before is None:
            self.set(habit_id, day, None)
            return
        self.set(
            habit_id,
            day,
            before.get("status", DONE),
            amount=before.get("amount"),
            note=before.get("note", ""),
            reason=before.get("reason", ""),
        )
        if before.get("amount") is None:  # set_day keeps an amount it is not given
            record = self._db._raw("completions", completion_id(habit_id, day))
            if record is not None and "amount" in record:
                self._table.change(record["id"], amount=None)

    def add_amount(self, habit_id: str, day: date, amount: float) -> Record | None:
        """Count more of a counted habit on ``day`` (the status follows the target)."""
        habit = self._db._get("habits", habit_id)
        target = target_of(habit)
        if target is None:
            raise StoreError("Only a counted habit keeps a number.")
        current = self.of(habit_id).get(day)
        total = max(0.0, float((current or {}).get("amount") or 0) + amount)
        return self.set_amount(habit_id, day, total)

    def set_amount(self, habit_id: str, day: date, amount: float) -> Record | None:
        """Set how much of a counted habit was done on ``day``; 0 clears the day."""
        target = target_of(self._db._get("habits", habit_id))
        if target is None:
            raise StoreError("Only a counted habit keeps a number.")
        status = status_for_amount(amount, target.amount)
        if status is None:
            return self.set(habit_id, day, None)
        return self.set(habit_id, day, status, amount=amount)

    def tick_linked(self, link: str, day: date) -> list[str]:
        """Tick ``day`` of every habit linked to ``link`` ("checkin", "letter",
        "practice"), with a note that says what ticked it; a day the person already set
        (done, partly, rest) is left as it is, and so is a day to come. Returns the ids of
        the habits ticked. The tick is an ordinary one: taken back like any other."""
        if day > self._db.today():
            return []
        ticked: list[str] = []
        for habit in self._habits.all():
            if habit.get("linked_to") != link:
                continue
            existing = self._db._raw("completions", completion_id(habit["id"], day))
            if existing is not None and is_live(existing):
                continue
            self.set(habit["id"], day, DONE, note=HABIT_LINKS[link])
            ticked.append(habit["id"])
        self.linked_ticks += len(ticked)  # the app looks, to show the ticks
        return ticked

    def set_done(self, habit_id: str, day: date, done: bool = True) -> None:
        """Tick ``day`` for a habit (or take the tick back). A day to come cannot be ticked.

        Ticking a day already ticked changes nothing, so it leaves nothing to save.
        Taking back a tick is allowed on any day, so a tick made in a zone ahead of this
        one (travel, another device) can still be undone.
        """
        if done:
            self.set(habit_id, day, DONE)
        else:
            self.set(habit_id, day, None)

    def toggle(self, habit_id: str, day: date) -> bool:
        """Tick or untick a day; returns whether it is now done."""
        done = day not in self.done(habit_id)
        self.set_done(habit_id, day, done)
        return done


def _check_link(link: object) -> None:
    if link is not None and link not in HABIT_LINKS:
        raise StoreError(f"A habit can be ticked by a check-in, a letter or a practice, "
                         f"not “{link}”.")  # fmt: skip


def _entry_on(data: Tables, habit_id: str, day: date) -> Record | None:
    """The habit's live entry for ``day``, found by its id, or None."""
    record = data.get("completions", {}).get(completion_id(habit_id, day))
    if record is None or record.get("habit_id") != habit_id or entry_day(record) != day:
        return None
    return record
