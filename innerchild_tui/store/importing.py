"""Writing an imported batch into the data file: only what is not there yet.

Every imported record's id comes from the source (``loop-<uuid or name>``,
``daylio-<hash>``, ``jrnl-<hash>``, a habit's days ``<habit id>:<day>``), so importing the
same file twice adds nothing the second time, and a record the person removed after an
earlier import (a tombstone) is not brought back. A habit of the same name as one the
person already has receives the imported days it does not have yet. Days after today
are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pendulum

from innerchild_tui.domain.days import part_of_day
from innerchild_tui.domain.habit_days import COUNTED, YES_NO
from innerchild_tui.domain.records import Record, completion_id, new_record, utc_stamp
from innerchild_tui.domain.shapes import safe_text
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.imports import ImportBatch
from innerchild_tui.store.checkins import checkin_fields
from innerchild_tui.store.store import Store

Progress = Callable[[int, int], None]


@dataclass
class ImportPlan:
    """The records an import would add, table by table, in the order they are written."""

    source: str
    records: list[tuple[str, Record]] = field(default_factory=list)
    already: int = 0  # found in the file already (an earlier import)
    future: int = 0  # days after today, left out

    def count(self, table: str) -> int:
        return sum(1 for name, _ in self.records if name == table)

    def days(self) -> list[str]:
        return sorted(str(r["day"]) for _, r in self.records if "day" in r)


def _name(text: str) -> str:
    """One line of another app's text, safe to show (no controls, no bidi overrides)."""
    return safe_text(clean_name(text))


def _text(text: str) -> str:
    """Another app's text, line breaks kept, safe to show."""
    return safe_text(clean_text(text))


def _tags(tags: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for tag in tags:
        word = _name(tag)
        if word and word not in found:
            found.append(word)
    return found


def _moment(day: date, hour: int, minute: int) -> pendulum.DateTime:
    """The local moment an entry was made (this computer's time zone)."""
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz="local")


def plan_import(store: Store, batch: ImportBatch) -> ImportPlan:
    """What :func:`apply_import` would add; the store is not changed."""
    plan = ImportPlan(batch.source)
    today = store.today()
    stamp = store.stamp()
    device = store.device
    taken = {name: store._ids(name) for name in ("habits", "completions", "checkins", "letters")}
    names = {
        str(h["name"]).casefold(): str(h["id"]) for h in store.habits.all(include_archived=True)
    }
    order = max(
        (int(h.get("order", 0)) for h in store.habits.all(include_archived=True)), default=-1
    )

    for habit in batch.habits:
        name = _name(habit.name)
        habit_id = names.get(name.casefold())
        if habit_id is None:
            habit_id = habit.source_id
            if habit_id in taken["habits"]:
                plan.already += 1  # imported before and removed since: left out
                continue
            order += 1
            fields: dict[str, Any] = {
                "name": name,
                "order": order,
                "archived": habit.archived,
                "schedule": habit.schedule.to_record(),
                "kind": COUNTED if habit.counted and habit.target and not habit.at_most else YES_NO,
                "imported": batch.source,
            }
            description = habit.description
            if habit.at_most and habit.target:
                # The app's counted habits aim at least for their number; a limit is kept
                # in words, and the days keep their amounts and Loop's verdict.
                limit = f"At most {habit.target:g} {_name(habit.unit)}".rstrip() + " (from Loop)."
                description = f"{description}\n{limit}" if description else limit
            elif habit.counted and habit.target:
                fields.update(target=habit.target, unit=_name(habit.unit))
            if description:
                fields["description"] = _text(description)
            plan.records.append(("habits", new_record(stamp, device, id=habit_id, **fields)))
            names[name.casefold()] = habit_id
            taken["habits"].add(habit_id)
        else:
            plan.already += 1
        for entry in habit.days:
            record_id = completion_id(habit_id, entry.day)
            if entry.day > today and entry.status != "rest":
                plan.future += 1
                continue
            if record_id in taken["completions"]:
                plan.already += 1
                continue
            taken["completions"].add(record_id)
            day_fields: dict[str, Any] = {"status": entry.status}
            if entry.amount is not None:
                day_fields["amount"] = entry.amount
            note = _text(entry.note).strip()
            if note:
                day_fields["note"] = note
            plan.records.append(
                (
                    "completions",
                    new_record(
                        stamp,
                        device,
                        id=record_id,
                        habit_id=habit_id,
                        day=entry.day.isoformat(),
                        **day_fields,
                    ),
                )
            )

    for checkin in batch.checkins:
        if checkin.day > today:
            plan.future += 1
            continue
        if checkin.source_id in taken["checkins"]:
            plan.already += 1
            continue
        taken["checkins"].add(checkin.source_id)
        moment = _moment(checkin.day, checkin.hour, checkin.minute)
        record = new_record(
            stamp,
            device,
            id=checkin.source_id,
            day=checkin.day.isoformat(),
            backfilled=False,
            part_of_day=part_of_day(moment),
            tags=_tags(checkin.tags),
            imported=batch.source,
            **checkin_fields(checkin.mood, (), (), _text(checkin.note)),
        )
        record["created_at"] = utc_stamp(moment)  # when it was written, for its place
        plan.records.append(("checkins", record))

    for letter in batch.letters:
        if letter.day > today:
            plan.future += 1
            continue
        if letter.source_id in taken["letters"]:
            plan.already += 1
            continue
        taken["letters"].add(letter.source_id)
        record = new_record(
            stamp,
            device,
            id=letter.source_id,
            day=letter.day.isoformat(),
            title=_name(letter.title),
            to_child=_text(letter.body),
            from_child="",
            age=None,
            tags=_tags(letter.tags),
            starred=letter.starred,
            imported=batch.source,
        )
        record["created_at"] = utc_stamp(_moment(letter.day, letter.hour, letter.minute))
        plan.records.append(("letters", record))
    return plan


def apply_import(store: Store, plan: ImportPlan, progress: Progress | None = None) -> int:
    """Write the planned records into the store (in memory; the caller saves)."""
    total = len(plan.records)
    for number, (table, record) in enumerate(plan.records, start=1):
        store._put(table, record)
        if progress is not None and (number % 500 == 0 or number == total):
            progress(number, total)
    return total


__all__ = ["ImportPlan", "apply_import", "plan_import"]
