"""jrnl's ``--format json`` export: ``{"tags": {...}, "entries": [{"title", "body",
"date": "YYYY-MM-DD", "time": "HH:MM", "tags": [...], "starred": bool}]}``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from innerchild_tui.imports import ImportBatch, ImportedLetter, NotThatFormat
from innerchild_tui.imports.text import content_id, parse_time, require


def letter_id(day: date, hour: int, minute: int, title: str, body: str) -> str:
    return content_id("jrnl", day.isoformat(), f"{hour:02d}:{minute:02d}", title, body)


def read_jrnl(path: Path) -> ImportBatch:
    """Read a jrnl JSON export: each entry becomes a letter in the adult's voice."""
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as error:
        raise NotThatFormat(f"{path} could not be read ({error.strerror or error}).") from None
    except (UnicodeDecodeError, ValueError):
        raise NotThatFormat(f"{path.name} is not a jrnl JSON export (it is not JSON).") from None
    require(
        isinstance(document, dict) and isinstance(document.get("entries"), list),
        f"{path.name} is not a jrnl JSON export (it has no list of entries).",
    )
    letters = []
    for number, entry in enumerate(document["entries"], start=1):
        where = f"{path.name}: entry {number}"
        require(isinstance(entry, dict), f"{where} is not a record.")
        try:
            day = date.fromisoformat(str(entry.get("date", "")))
            hour, minute = parse_time(str(entry.get("time", "00:00") or "00:00"))
        except ValueError:
            raise NotThatFormat(f"{where} has no readable date and time.") from None
        title = " ".join(str(entry.get("title", "") or "").split())
        body = str(entry.get("body", "") or "").replace("\r\n", "\n").strip("\n")
        raw_tags = entry.get("tags", [])
        tags: list[str] = []
        for tag in raw_tags if isinstance(raw_tags, list) else []:
            word = " ".join(str(tag).split())
            if word and word not in tags:
                tags.append(word)
        letters.append(
            ImportedLetter(
                source_id=letter_id(day, hour, minute, title, body),
                day=day,
                hour=hour,
                minute=minute,
                title=title,
                body=body,
                tags=tuple(tags),
                starred=entry.get("starred") is True,
            )
        )
    letters.sort(key=lambda item: (item.day, item.hour, item.minute))
    return ImportBatch("jrnl", letters=letters)


__all__ = ["letter_id", "read_jrnl"]
