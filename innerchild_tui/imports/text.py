"""Small readers shared by the importers: times of day, HTML notes, mood maps, ids."""

from __future__ import annotations

import hashlib
import html
import re

from innerchild_tui.imports import NotThatFormat

_TIME = re.compile(r"\s*(\d{1,2})[:.](\d{2})(?::\d{2})?\s*([aApP]\.?\s*[mM]\.?)?\s*")


def parse_time(text: str) -> tuple[int, int]:
    """``"14:58"``, ``"6:50 pm"``, ``"12:05 AM"`` → (hour, minute) on a 24-hour clock.

    Raises ``ValueError`` for anything else ("25:00", "13:00 pm", "noon").
    """
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"“{text}” is not a time of day")
    hour, minute = int(match.group(1)), int(match.group(2))
    half = match.group(3)
    if minute > 59:
        raise ValueError(f"“{text}” is not a time of day")
    if half is not None:
        if not 1 <= hour <= 12:
            raise ValueError(f"“{text}” is not a time of day")
        evening = half[0] in "pP"
        hour = hour % 12 + (12 if evening else 0)
    elif hour > 23:
        raise ValueError(f"“{text}” is not a time of day")
    return hour, minute


DEFAULT_MOOD_MAP: dict[str, int] = {"rad": 9, "good": 7, "meh": 5, "bad": 3, "awful": 1}


def parse_mood_map(text: str) -> dict[str, int]:
    """``"rad=10, good=8; sleepy=4"`` → each mood name (any case) and its mood, 1 to 10.

    Names are compared without case or surrounding spaces. Raises ``ValueError`` with
    one plain sentence for a pair that cannot be read.
    """
    found: dict[str, int] = {}
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        name, equals, value = part.rpartition("=")
        name, value = " ".join(name.split()).casefold(), value.strip()
        if not equals or not name:
            raise ValueError(f"“{part.strip()}” should look like name=number, e.g. rad=9")
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 10):
            raise ValueError(f"“{part.strip()}”: a mood is a whole number from 1 to 10")
        found[name] = int(value)
    if not found:
        raise ValueError("the mood map is empty; e.g. rad=9,good=7,meh=5,bad=3,awful=1")
    return found


_BREAK = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")


def html_to_text(text: str) -> str:
    """A note that may hold HTML: ``<br>`` and ends of paragraphs become line breaks,
    other tags go, entities are read (``&amp;`` → ``&``)."""
    if "<" not in text and "&" not in text:
        return text.strip()
    plain = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
    lines = [line.rstrip() for line in plain.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def content_id(prefix: str, *parts: object) -> str:
    """A stable id from what a record holds: the same entry imported twice is one record."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


def slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())


def require(condition: bool, message: str) -> None:
    if not condition:
        raise NotThatFormat(message)
