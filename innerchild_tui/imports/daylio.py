"""Daylio: its CSV export and its ``.daylio`` backup.

CSV columns, in the layouts seen over the years: ``full_date,date,weekday,time,mood,
activities,note_title,note`` (newer ones add ``scales``; older lack ``note_title``, or
start with ``year`` and a day without the year). Times are ``14:58`` or ``6:50 pm``;
activities are joined by `` | `` and may be emoji; notes may hold HTML.

The backup is a zip holding ``backup.daylio``: base64 of a JSON document with
``customMoods``, ``tags`` and ``dayEntries`` (whose ``month`` counts from 0, as Java's
calendar does).
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from innerchild_tui.imports import ImportBatch, ImportedCheckin, NotThatFormat
from innerchild_tui.imports.text import content_id, html_to_text, parse_time, require

# Daylio's five built-in moods, by their group (1 = rad … 5 = awful).
PREDEFINED_MOODS = {1: "rad", 2: "good", 3: "meh", 4: "bad", 5: "awful"}
_YEARLESS_FORMATS = ("%d %B", "%B %d", "%d %b", "%b %d")


class UnmappedMoods(ValueError):
    """Mood names the mood map does not give a number; nothing is imported."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


def checkin_id(day: date, hour: int, minute: int, mood: str, note: str) -> str:
    return content_id("daylio", day.isoformat(), f"{hour:02d}:{minute:02d}", mood, note)


def read_daylio(path: Path, mood_map: Mapping[str, int]) -> ImportBatch:
    """Read a Daylio CSV export or ``.daylio`` backup; moods numbered by ``mood_map``
    (names any case). Raises :class:`UnmappedMoods` listing every mood name left out."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NotThatFormat(f"{path} could not be read ({error.strerror or error}).") from None
    is_backup = zipfile.is_zipfile(path)
    entries = _backup_entries(path) if is_backup else _csv_entries(raw, path.name)
    wanted = {name.casefold(): value for name, value in mood_map.items()}
    missing = sorted({e[3] for e in entries if e[3].casefold() not in wanted})
    if missing:
        raise UnmappedMoods(missing)
    checkins = [
        ImportedCheckin(
            source_id=checkin_id(day, hour, minute, mood, note),
            day=day,
            hour=hour,
            minute=minute,
            mood=wanted[mood.casefold()],
            mood_name=mood,
            tags=tags,
            note=note,
        )
        for day, hour, minute, mood, tags, note in entries
    ]
    checkins.sort(key=lambda c: (c.day, c.hour, c.minute))
    return ImportBatch("daylio", checkins=checkins)


_Entry = tuple[date, int, int, str, tuple[str, ...], str]


def _note(title: str, body: str) -> str:
    title, body = html_to_text(title), html_to_text(body)
    return f"{title}\n\n{body}" if title and body else title or body


def _tags(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for part in text.split("|"):
        word = " ".join(part.split())
        if word and word not in found:
            found.append(word)
    return tuple(found)


# CSV ------------------------------------------------------------------------------
def _csv_entries(raw: bytes, label: str) -> list[_Entry]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotThatFormat(f"{label} is not a Daylio CSV export (it is not text).") from None
    rows = list(csv.reader(io.StringIO(text)))
    require(bool(rows), f"{label} is empty, not a Daylio CSV export.")
    header = [h.strip().lower() for h in rows[0]]
    require(
        {"date", "time", "mood"} <= set(header) and ("full_date" in header or "year" in header),
        f"{label} is not a Daylio CSV export (it needs full_date or year, date, time and "
        "mood columns).",
    )
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        where = f"{label} line {number}"
        day = _csv_day(cells, where)
        try:
            hour, minute = parse_time(cells.get("time", ""))
        except ValueError as error:
            raise NotThatFormat(f"{where}: {error}.") from None
        mood = " ".join(cells.get("mood", "").split())
        require(bool(mood), f"{where} has no mood.")
        note = _note(cells.get("note_title", ""), cells.get("note", ""))
        entries.append((day, hour, minute, mood, _tags(cells.get("activities", "")), note))
    return entries


def _csv_day(cells: Mapping[str, str], where: str) -> date:
    if cells.get("full_date"):
        try:
            return date.fromisoformat(cells["full_date"].strip())
        except ValueError:
            raise NotThatFormat(f"{where}: “{cells['full_date']}” is not a date.") from None
    year, day = cells.get("year", "").strip(), " ".join(cells.get("date", "").split())
    for pattern in _YEARLESS_FORMATS:
        try:
            return datetime.strptime(f"{year} {day}", f"%Y {pattern}").date()
        except ValueError:
            continue
    raise NotThatFormat(f"{where}: “{day} {year}” is not a date.")


# Backup ---------------------------------------------------------------------------
def _backup_entries(path: Path) -> list[_Entry]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "backup.daylio"]
            require(bool(names), f"{path.name} is a zip without backup.daylio: no Daylio backup.")
            encoded = archive.read(names[0])
    except (zipfile.BadZipFile, OSError) as error:
        raise NotThatFormat(f"{path.name} is a zip that could not be read ({error}).") from None
    try:
        document = json.loads(base64.b64decode(encoded, validate=False).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        try:  # some versions keep the JSON as it is
            document = json.loads(encoded.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise NotThatFormat(f"{path.name}: backup.daylio could not be read.") from None
    require(
        isinstance(document, dict) and isinstance(document.get("dayEntries"), list),
        f"{path.name}: backup.daylio holds no day entries.",
    )
    moods = {m.get("id"): _mood_name(m) for m in _list(document, "customMoods")}
    tags = {t.get("id"): str(t.get("name", "")) for t in _list(document, "tags")}
    entries = []
    for number, item in enumerate(document["dayEntries"], start=1):
        require(isinstance(item, dict), f"{path.name}: day entry {number} is not a record.")
        try:
            year, month, day_of = int(item["year"]), int(item["month"]) + 1, int(item["day"])
            day = date(year, month, day_of)
            hour, minute = int(item.get("hour", 0)), int(item.get("minute", 0))
            if not (0 <= hour <= 23 and 0 <= minute <= 59):
                raise ValueError("no such time")
        except (KeyError, TypeError, ValueError):
            raise NotThatFormat(f"{path.name}: day entry {number} has no readable date.") from None
        mood = moods.get(item.get("mood"))
        if mood is None:
            mood = PREDEFINED_MOODS.get(_int(item.get("mood")), "")
        require(bool(mood), f"{path.name}: day entry {number} names a mood the backup lacks.")
        tag_ids = item.get("tags") if isinstance(item.get("tags"), list) else []
        words = " | ".join(tags.get(t, "") for t in tag_ids)
        note = _note(str(item.get("note_title", "") or ""), str(item.get("note", "") or ""))
        entries.append((day, hour, minute, mood, _tags(words), note))
    return entries


def _list(document: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _mood_name(mood: Mapping[str, Any]) -> str:
    custom = " ".join(str(mood.get("custom_name", "") or "").split())
    if custom:
        return custom
    for key in ("predefined_name_id", "mood_group_id"):
        name = PREDEFINED_MOODS.get(_int(mood.get(key)))
        if name:
            return name
    return ""


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


__all__ = ["PREDEFINED_MOODS", "UnmappedMoods", "checkin_id", "read_daylio"]
