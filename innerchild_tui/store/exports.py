"""Exports written where the person asks: whole or not at all, readable only by them.

Markdown letters, a CSV file per kind of record (``export --format csv``) and HabitBull's
CSV layout (``export --format habitbull``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from innerchild_tui.domain.comfort import uses_of
from innerchild_tui.domain.habit_days import DONE, KEPT, YES_NO
from innerchild_tui.domain.schedules import schedule_from_record
from innerchild_tui.paths import ensure_private_dir
from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.storage import atomic_write

if TYPE_CHECKING:
    from innerchild_tui.store.store import Store


def write_export(target: Path, text: str, *, data_file: Path) -> Path:
    """Write ``text`` to ``target`` (``~`` expanded) atomically, mode 0600, and return the
    path written. Raises :class:`StoreError` in kind words: the data file itself, a
    folder that does not exist, or a write that failed."""
    target = target.expanduser()
    if target.resolve() == data_file.resolve():
        raise StoreError("That is your data file; please choose another file for the export.")
    if not target.parent.is_dir():
        raise StoreError(f"The folder {target.parent} does not exist; please create it first.")
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as error:
        raise StoreError(f"{target} could not be written ({error.strerror or error}).") from None
    return target


# Spreadsheets -------------------------------------------------------------------------
LIST_SEPARATOR = "; "  # words in one cell: "sad; tired"

CHECKIN_COLUMNS = (
    "id", "day", "time", "mood", "energy", "feelings", "intensity", "needs", "body", "tags",
    "age", "to_hear", "note", "therapy", "part_of_day", "imported",
)  # fmt: skip
HABIT_COLUMNS = (
    "id", "name", "order", "archived", "schedule", "kind", "target", "unit", "grace",
    "description", "group", "linked_to",
)  # fmt: skip
HABIT_DAY_COLUMNS = ("habit_id", "habit", "day", "status", "amount", "note", "reason")
COMFORT_COLUMNS = ("id", "name", "kind", "childhood", "age", "favourite", "note")
COMFORT_USE_COLUMNS = ("comfort_id", "comfort", "day", "helped")
LETTER_COLUMNS = ("id", "day", "title", "age", "to_child", "from_child", "tags", "starred")
HABITBULL_COLUMNS = (
    "HabitName", "HabitDescription", "HabitCategory", "CalendarDate", "Value", "CommentText",
)  # fmt: skip


def _cell(value: object) -> str:
    """One value as spreadsheet text: lists joined, yes/no as true/false, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _csv(columns: tuple[str, ...], rows: Iterable[Mapping[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def _local_time(stamp: object) -> str:
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return ""
    return moment.astimezone().strftime("%H:%M") if moment.tzinfo else ""


def csv_files(store: Store) -> dict[str, str]:
    """Every kind of record as CSV text, by file name: headers, ISO dates, one row each."""
    checkins = []
    for record in store.checkins.all():
        levels = record.get("intensity") or {}
        checkins.append(
            {
                **record,
                "time": _local_time(record.get("created_at")),
                "intensity": [f"{word}:{level}" for word, level in levels.items()],
            }
        )
    habits = store.habits.all(include_archived=True)
    names = {h["id"]: h["name"] for h in habits}
    habit_rows = [
        {
            **habit,
            "schedule": schedule_from_record(habit.get("schedule")).describe(),
            "kind": habit.get("kind", YES_NO),
            "archived": bool(habit.get("archived", False)),
            "grace": habit.get("grace", True) is not False,
        }
        for habit in habits
    ]
    days = []
    for habit_id, entries in sorted(store.habit_days.by_habit().items()):
        if habit_id not in names:
            continue
        for day in sorted(entries):
            entry = entries[day]
            days.append(
                {
                    **entry,
                    "habit": names[habit_id],
                    "status": entry.get("status", DONE),
                }
            )
    items = store.comfort.all()
    uses = [
        {"comfort_id": item["id"], "comfort": item["name"], **use}
        for item in items
        for use in uses_of(item)
    ]
    oldest_first = sorted(store.letters.all(), key=lambda r: (r["day"], r["created_at"]))
    letters = [{**letter, "starred": bool(letter.get("starred", False))} for letter in oldest_first]
    return {
        "checkins.csv": _csv(CHECKIN_COLUMNS, checkins),
        "habits.csv": _csv(HABIT_COLUMNS, habit_rows),
        "habit_days.csv": _csv(HABIT_DAY_COLUMNS, days),
        "comfort.csv": _csv(COMFORT_COLUMNS, items),
        "comfort_uses.csv": _csv(COMFORT_USE_COLUMNS, uses),
        "letters.csv": _csv(LETTER_COLUMNS, letters),
    }


def habitbull_csv(store: Store) -> str:
    """HabitBull's import layout: one row per kept (done or partly done) day of a habit."""
    rows = []
    by_habit = store.habit_days.by_habit()
    for habit in store.habits.all(include_archived=True):
        entries = by_habit.get(habit["id"], {})
        for day in sorted(entries):
            record = entries[day]
            status = record.get("status", DONE)
            if status not in KEPT:
                continue
            amount = record.get("amount")
            value = amount if isinstance(amount, int | float) else (1 if status == DONE else 0.5)
            rows.append(
                {
                    "HabitName": habit["name"],
                    "HabitDescription": habit.get("description", ""),
                    "HabitCategory": "Self-care",
                    "CalendarDate": day.isoformat(),
                    "Value": value,
                    "CommentText": record.get("note", ""),
                }
            )
    return _csv(HABITBULL_COLUMNS, rows)


def write_export_folder(folder: Path, files: Mapping[str, str], *, data_file: Path) -> Path:
    """Write each file into ``folder`` (made, 0700, if its parent exists), each 0600."""
    folder = folder.expanduser()
    if not folder.exists():
        if not folder.parent.is_dir():
            raise StoreError(f"The folder {folder.parent} does not exist; please create it first.")
        try:
            ensure_private_dir(folder)
        except OSError as error:
            raise StoreError(f"{folder} could not be made ({error.strerror or error}).") from None
    elif not folder.is_dir():
        raise StoreError(f"{folder} is a file; please give a folder for the CSV files.")
    for name, text in files.items():
        write_export(folder / name, text, data_file=data_file)
    return folder
