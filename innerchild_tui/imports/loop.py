"""Loop Habit Tracker: its CSV export (a zip, or the folder unzipped) and its ``.db``
SQLite backup.

The CSV export holds ``Habits.csv`` (older versions: ``Position,Name,Question,
Description,NumRepetitions,Interval,Color``; newer add ``Type``, ``Unit``, ``Target
Value``, ``Archived?``…), a ``Checkmarks.csv`` with a date column and a column per habit,
and a folder per habit (``001 Name/Checkmarks.csv``: ``Date,Value[,Notes]``). The backup
is a SQLite file with tables ``Habits`` and ``Repetitions``; older schema versions lack
columns, which are read with ``PRAGMA table_info`` and default when missing.

Values (Loop's ``Entry``): YES_MANUAL (2) is a day done, SKIP (3) a rest day; YES_AUTO
(1), NO (0) and UNKNOWN (-1) are not ticks. A numerical habit keeps its amount ×1000.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

from innerchild_tui.domain.schedules import EVERY_DAY, MAX_PERIOD_DAYS, TIMES, Schedule
from innerchild_tui.imports import ImportBatch, ImportedDay, ImportedHabit, NotThatFormat
from innerchild_tui.imports.text import require, slug

YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN = 2, 1, 0, 3, -1
_NAMED_VALUES = {
    "YES_MANUAL": YES_MANUAL,
    "YES_AUTO": YES_AUTO,
    "NO": NO,
    "SKIP": SKIP,
    "UNKNOWN": UNKNOWN,
}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_FOLDER = re.compile(r"(\d{1,4})(?: .*)?")  # "001 Name"; "001" when the name was all emoji


def loop_schedule(numerator: int, denominator: int) -> Schedule:
    """Loop's frequency as a schedule: 1 in 1 (or anything odd) is every day."""
    if numerator <= 0 or denominator <= 1 or numerator >= denominator:
        return EVERY_DAY
    if denominator <= MAX_PERIOD_DAYS:
        return Schedule(TIMES, times=numerator, days=denominator)
    # Longer than we count: the same share of a year's worth of days.
    times = max(1, round(numerator * MAX_PERIOD_DAYS / denominator))
    if times >= MAX_PERIOD_DAYS:
        return EVERY_DAY
    return Schedule(TIMES, times=times, days=MAX_PERIOD_DAYS)


def day_from_value(
    day: date,
    value: int,
    note: str,
    *,
    counted: bool,
    target: float | None,
    at_most: bool = False,
) -> ImportedDay | None:
    """One of Loop's entries as a day of ours, or None when it is not a tick."""
    if counted:
        if value == SKIP:  # Loop keeps a skipped day as 3 in numerical habits too
            return ImportedDay(day, "rest", note=note)
        if value <= 0:
            return None
        amount = value / 1000
        if at_most:  # a limit: within it the day is done, above it partly
            status = "done" if target is None or amount <= target else "partial"
        else:
            status = "done" if target is None or amount >= target else "partial"
        return ImportedDay(day, status, amount=amount, note=note)
    if value == YES_MANUAL:
        return ImportedDay(day, "done", note=note)
    if value == SKIP:
        return ImportedDay(day, "rest", note=note)
    return None


def read_loop(path: Path) -> ImportBatch:
    """Read a Loop export at ``path``: a ``.db`` backup, a ``.zip`` or an unzipped folder."""
    if path.is_dir():
        files = {
            str(PurePosixPath(*p.relative_to(path).parts)): p.read_bytes()
            for p in path.rglob("*.csv")
        }
        return _from_csv_files(files, path.name)
    try:
        head = path.read_bytes()[:16]
    except OSError as error:
        raise NotThatFormat(f"{path} could not be read ({error.strerror or error}).") from None
    if head == _SQLITE_MAGIC:
        return _from_sqlite(path)
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                files = {
                    name: archive.read(name)
                    for name in archive.namelist()
                    if name.lower().endswith(".csv")
                }
        except (zipfile.BadZipFile, OSError) as error:
            raise NotThatFormat(f"{path.name} is a zip that could not be read ({error}).") from None
        return _from_csv_files(files, path.name)
    raise NotThatFormat(
        f"{path.name} is not a Loop Habit Tracker export: expected its CSV zip, the "
        "folder it unzips to, or its .db backup."
    )


# CSV ------------------------------------------------------------------------------
def _rows(raw: bytes, name: str, headless: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """A CSV file's rows by column name. Older exports wrote a habit's own file without a
    header: then its columns are ``headless``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotThatFormat(f"{name} in the Loop export is not UTF-8 text.") from None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise NotThatFormat(f"{name} in the Loop export could not be read ({error}).") from None
    if not rows:
        return []
    header = [cell.strip() for cell in rows[0]]
    if headless and header and header[0] != "Date":
        header, body = list(headless), rows
    else:
        body = rows[1:]
    return [
        {key: cell.strip() for key, cell in zip(header, row, strict=False) if key}
        for row in body
        if any(cell.strip() for cell in row)
    ]


def _whole(text: str, default: int, what: str, name: str) -> int:
    if not text:
        return default
    try:
        return int(float(text))
    except ValueError:
        raise NotThatFormat(f"{name}: {what} “{text}” is not a number.") from None


def _csv_value(text: str, counted: bool, where: str) -> int:
    if text in _NAMED_VALUES:
        return _NAMED_VALUES[text]
    if not text:
        return UNKNOWN
    try:
        number = float(text)
    except ValueError:
        raise NotThatFormat(f"{where}: “{text}” is not a value Loop writes.") from None
    return int(number)


def _csv_day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotThatFormat(f"{where}: “{text}” is not a date (YYYY-MM-DD).") from None


def _from_csv_files(files: Mapping[str, bytes], label: str) -> ImportBatch:
    by_tail = {PurePosixPath(name): raw for name, raw in files.items()}
    habits_file = [p for p in by_tail if p.name == "Habits.csv"]
    require(
        len(habits_file) == 1,
        f"{label} is not a Loop Habit Tracker CSV export: it has no Habits.csv.",
    )
    root = habits_file[0].parent
    rows = _rows(by_tail[habits_file[0]], "Habits.csv")
    require(
        not rows or {"Position", "Name"} <= set(rows[0]),
        "Habits.csv does not look like Loop's (it needs Position and Name columns).",
    )
    folders: dict[int, PurePosixPath] = {}
    for path in by_tail:
        if path.name == "Checkmarks.csv" and path.parent.parent == root:
            match = _FOLDER.fullmatch(path.parent.name)
            if match:
                folders[int(match.group(1))] = path
    overall = (
        _rows(by_tail[root / "Checkmarks.csv"], "Checkmarks.csv")
        if (root / "Checkmarks.csv") in by_tail
        else []
    )
    habits = []
    for index, row in enumerate(rows):
        name = row.get("Name", "")
        require(bool(name), f"Habits.csv row {index + 2} has no name.")
        position = _whole(row.get("Position", ""), index + 1, "the position", "Habits.csv")
        if "FrequencyNumerator" in row:
            numerator = _whole(row["FrequencyNumerator"], 1, "the frequency", "Habits.csv")
            denominator = _whole(row.get("FrequencyDenominator", ""), 1, "the frequency", "")
        else:  # older exports: NumRepetitions in Interval days
            numerator = _whole(row.get("NumRepetitions", ""), 1, "the repetitions", "Habits.csv")
            denominator = _whole(row.get("Interval", ""), 1, "the interval", "Habits.csv")
        counted = row.get("Type", "").upper() == "NUMERICAL"
        target = None
        at_most = counted and row.get("Target Type", "").upper() == "AT_MOST"
        if counted:
            try:
                target = float(row.get("Target Value", "") or 0) or None
            except ValueError:
                raise NotThatFormat(f"Habits.csv: {name}'s target is not a number.") from None
        days: list[ImportedDay] = []
        folder_file = folders.get(position)
        if folder_file is not None:
            headless = ("Date", "Value", "Notes")
            for entry in _rows(by_tail[folder_file], str(folder_file), headless):
                where = str(folder_file)
                day = _csv_day(entry.get("Date", ""), where)
                value = _csv_value(entry.get("Value", ""), counted, where)
                found = day_from_value(
                    day,
                    value,
                    entry.get("Notes", ""),
                    counted=counted,
                    target=target,
                    at_most=at_most,
                )
                if found is not None:
                    days.append(found)
        else:
            for entry in overall:
                if name not in entry:
                    break
                day = _csv_day(entry.get("Date", ""), "Checkmarks.csv")
                value = _csv_value(entry.get(name, ""), counted, "Checkmarks.csv")
                found = day_from_value(
                    day, value, "", counted=counted, target=target, at_most=at_most
                )
                if found is not None:
                    days.append(found)
        habits.append(
            ImportedHabit(
                source_id=f"loop-{slug(name) or position}",
                name=name,
                description=_joined(row.get("Question", ""), row.get("Description", "")),
                schedule=loop_schedule(numerator, denominator),
                counted=counted,
                unit=row.get("Unit", "") if counted else "",
                target=target,
                at_most=at_most,
                archived=row.get("Archived?", "").casefold() == "true",
                position=position,
                days=tuple(sorted(days, key=lambda d: d.day)),
            )
        )
    habits.sort(key=lambda h: h.position)
    return ImportBatch("loop", habits=habits)


def _joined(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# SQLite ---------------------------------------------------------------------------
def _from_sqlite(path: Path) -> ImportBatch:
    try:
        # Read-only and immutable: the person's backup is never touched.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise NotThatFormat(f"{path.name} could not be opened as SQLite ({error}).") from None
    try:
        return _read_tables(connection, path.name)
    except sqlite3.Error as error:
        raise NotThatFormat(f"{path.name} is not a readable Loop backup ({error}).") from None
    finally:
        connection.close()


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]).lower() for row in connection.execute(f"PRAGMA table_info({table})")}


def _select(
    connection: sqlite3.Connection, table: str, wanted: Mapping[str, object]
) -> Iterable[dict[str, object]]:
    """Rows of ``table`` with every ``wanted`` column, a default where the schema lacks it."""
    present = _columns(connection, table)
    names = [name for name in wanted if name in present]
    query = f"SELECT {', '.join(names)} FROM {table}"  # names are ours, not the file's
    for row in connection.execute(query):
        found = dict(wanted)
        found.update(zip(names, row, strict=True))
        yield found


def _read_tables(connection: sqlite3.Connection, label: str) -> ImportBatch:
    tables = {
        str(row[0]).lower()
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    require(
        {"habits", "repetitions"} <= tables,
        f"{label} is a SQLite file but not a Loop Habit Tracker backup "
        "(it has no Habits and Repetitions tables).",
    )
    habit_rows = list(
        _select(
            connection,
            "Habits",
            {
                "id": None,
                "name": None,
                "question": "",
                "description": "",
                "freq_num": 1,
                "freq_den": 1,
                "position": None,
                "archived": 0,
                "type": 0,
                "unit": "",
                "target_value": 0.0,
                "target_type": 0,
                "uuid": None,
            },
        )
    )
    repetition_columns = {"habit": None, "timestamp": None, "value": YES_MANUAL, "notes": ""}
    by_habit: dict[object, list[tuple[int, int, str]]] = {}
    for rep in _select(connection, "Repetitions", repetition_columns):
        if not isinstance(rep["timestamp"], int):
            continue
        value = rep["value"] if isinstance(rep["value"], int) else YES_MANUAL
        by_habit.setdefault(rep["habit"], []).append(
            (rep["timestamp"], value, str(rep["notes"] or ""))
        )
    habits = []
    for index, row in enumerate(habit_rows):
        name = str(row["name"] or "").strip()
        if not name:
            continue
        counted = row["type"] == 1
        target_value = row["target_value"]
        at_most = counted and row["target_type"] == 1
        target = (
            float(target_value)
            if counted and isinstance(target_value, int | float) and target_value > 0
            else None
        )
        days = []
        for stamp, value, note in by_habit.get(row["id"], []):
            day = datetime.fromtimestamp(stamp / 1000, UTC).date()
            found = day_from_value(
                day, value, note.strip(), counted=counted, target=target, at_most=at_most
            )
            if found is not None:
                days.append(found)
        position = row["position"] if isinstance(row["position"], int) else index
        uuid = str(row["uuid"] or "").strip()
        habits.append(
            ImportedHabit(
                source_id=f"loop-{slug(uuid) or slug(name) or index}",
                name=name,
                description=_joined(str(row["question"] or ""), str(row["description"] or "")),
                schedule=loop_schedule(_int(row["freq_num"], 1), _int(row["freq_den"], 1)),
                counted=counted,
                unit=str(row["unit"] or "") if counted else "",
                target=target,
                at_most=at_most,
                archived=bool(row["archived"]),
                position=position,
                days=tuple(sorted(days, key=lambda d: d.day)),
            )
        )
    habits.sort(key=lambda h: h.position)
    return ImportBatch("loop", habits=habits)


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


__all__ = ["NotThatFormat", "day_from_value", "loop_schedule", "read_loop"]
