"""One search for everything the person wrote, and what was written on this day.

Pure: given the store's records, :func:`search` finds every record that holds each word
of a query (any case) in its words: check-ins (note, feelings, needs, body, tags, what
the child needs to hear), letters (title, both voices, tags), comfort items (name,
childhood name, note) and support (the notes for hard moments; a contact's note, how
to reach them, role and name).
Results come grouped by kind, newest first, each with its day and a short snippet around
the first match. :func:`on_this_day` gives what was written a month and a year ago.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from innerchild_tui.domain.letters import UNTITLED

KINDS: tuple[tuple[str, str], ...] = (
    ("checkin", "Check-ins"),
    ("letter", "Letters"),
    ("comfort", "Comfort items"),
    ("support", "Support"),
)
"""Each kind of result and its heading, in the order they are shown."""

SNIPPET_CHARS = 60
SUPPORT_NOTES_TITLE = "Notes for hard moments"

# The fields searched, in the order a snippet is looked for.
_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "checkin": ("note", "to_hear"),
    "letter": ("title", "to_child", "from_child"),
    "comfort": ("name", "childhood", "note"),
    "support": ("text", "note", "reach", "role", "name"),
}
_WORD_FIELDS: dict[str, tuple[str, ...]] = {
    "checkin": ("feelings", "needs", "body", "tags"),
    "letter": ("tags",),
    "comfort": (),
    "support": (),
}


@dataclass(frozen=True)
class Found:
    """One record that holds every word."""

    kind: str
    record_id: str
    day: date | None
    title: str
    snippet: str
    stamp: str = ""


def query_words(query: str) -> list[str]:
    """The words of a query, compared without case."""
    return query.casefold().split()


def texts_of(record: Mapping[str, Any], kind: str) -> list[str]:
    """The searched texts of a record of ``kind``, the free text first."""
    texts = [str(record.get(field) or "") for field in _TEXT_FIELDS[kind]]
    for field in _WORD_FIELDS[kind]:
        value = record.get(field, [])
        if isinstance(value, list):
            texts += [str(word) for word in value]
    return [text for text in texts if text]


def holds(texts: Iterable[str], words: Sequence[str]) -> bool:
    """Every word appears (any case) somewhere in ``texts``."""
    haystack = "\n".join(texts).casefold()
    return all(word in haystack for word in words)


def snippet(texts: Sequence[str], words: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """A short line around the first place a word appears: the first text holding one,
    at the earliest of them; "…" marks what was cut."""
    for text in texts:
        line = " ".join(text.split())
        spans = [
            found.span()
            for word in words
            if (found := re.search(re.escape(word), line, re.IGNORECASE)) is not None
        ]
        if spans or not words:
            start, stop = min(spans, default=(0, 0))
            begin = max(0, start - width // 3)
            if begin:  # begin at a word, not inside one
                space = line.rfind(" ", 0, begin + 1)
                if space < 0 and begin < 12:
                    begin = 0
                elif space >= 0 and begin - space < 12:
                    begin = space + 1
            end = max(begin + width, stop)  # the match is always whole
            return ("…" if begin else "") + line[begin:end] + ("…" if end < len(line) else "")
    first = " ".join(texts[0].split()) if texts else ""
    return first[:width] + ("…" if len(first) > width else "")


def _day(record: Mapping[str, Any], kind: str) -> date | None:
    if kind in ("checkin", "letter"):
        text = str(record.get("day", ""))
    else:  # comfort and support: the day they were last written
        text = str(record.get("updated_at") or record.get("created_at") or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _title(record: Mapping[str, Any], kind: str) -> str:
    if kind == "checkin":
        feelings = [str(w) for w in record.get("feelings", []) if isinstance(w, str)]
        title = f"mood {record.get('mood', '?')}"
        return title + (" — " + ", ".join(feelings[:4]) if feelings else "")
    if kind == "letter":
        return str(record.get("title") or "").strip() or UNTITLED
    if kind == "support":
        return str(record.get("name") or "") or SUPPORT_NOTES_TITLE
    return str(record.get("name") or "")


def _matching(
    kind: str,
    records: Iterable[Mapping[str, Any]],
    words: Sequence[str],
    start: date | None,
    end: date | None,
) -> list[tuple[date | None, str, Mapping[str, Any], list[str]]]:
    """The records of ``kind`` holding every word (dated within ``start``–``end`` when
    given), newest first, each with its day, stamp and searched texts."""
    matched: list[tuple[date | None, str, Mapping[str, Any], list[str]]] = []
    for record in records:
        texts = texts_of(record, kind)
        if not holds(texts, words):
            continue
        day = _day(record, kind)
        if (start is not None or end is not None) and day is None:
            continue
        if day is not None and (
            (start is not None and day < start) or (end is not None and day > end)
        ):
            continue
        matched.append((day, str(record.get("created_at", "")), record, texts))
    matched.sort(key=lambda m: (m[0] or date.min, m[1]), reverse=True)
    return matched


def _found(
    kind: str, match: tuple[date | None, str, Mapping[str, Any], list[str]], words: Sequence[str]
) -> Found:
    day, stamp, record, texts = match
    title = _title(record, kind)
    shown = snippet(texts, words)
    if shown == title:  # found in the title itself (a name): say more, from another text
        others = [text for text in texts if text.strip() and " ".join(text.split()) != title]
        shown = snippet(others, ()) if others else ""
    return Found(kind, str(record.get("id", "")), day, title, shown, stamp)


def search(
    query: str,
    records: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, list[Found]]:
    """Every record (by kind, as in :data:`KINDS`) holding each word of ``query``, newest
    first; only those dated from ``start`` to ``end`` (both included) when given. Kinds
    with nothing found are left out; an empty query finds nothing."""
    return search_newest(query, records, start=start, end=end)[0]


def search_newest(
    query: str,
    records: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    start: date | None = None,
    end: date | None = None,
    per_kind: int | None = None,
) -> tuple[dict[str, list[Found]], dict[str, int]]:
    """As :func:`search`, but only the newest ``per_kind`` of each kind are made into a
    :class:`Found` (a title and a snippet each); with how many each kind holds in all. A
    word like "the" holds in nearly every record of ten years: the screen shows 50."""
    words = query_words(query)
    if not words:
        return {}, {}
    grouped: dict[str, list[Found]] = {}
    counts: dict[str, int] = {}
    for kind, _heading in KINDS:
        matched = _matching(kind, records.get(kind, ()), words, start, end)
        if matched:
            counts[kind] = len(matched)
            grouped[kind] = [_found(kind, m, words) for m in matched[:per_kind]]
    return grouped, counts


# On this day ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Memory:
    """Something written on this day, a month or a year ago."""

    when: str  # "A month ago" / "A year ago"
    kind: str  # "checkin" or "letter"
    record_id: str
    day: date
    text: str


def month_ago(today: date) -> date:
    """The same day last month (the month's last day when it has no such day)."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return _same_day(year, month, today.day)


def year_ago(today: date) -> date:
    """The same day last year (28 February for 29 February)."""
    return _same_day(today.year - 1, today.month, today.day)


def _same_day(year: int, month: int, day: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return min(date(year, month, 1) + timedelta(days=day - 1), first_of_next - timedelta(days=1))


def on_this_day(
    today: date,
    checkins: Iterable[Mapping[str, Any]],
    letters: Iterable[Mapping[str, Any]],
) -> list[Memory]:
    """Check-ins with a note, and letters with words, written a year ago and a month ago
    today (the year first); each with its first words."""
    days = [("A year ago", year_ago(today)), ("A month ago", month_ago(today))]
    checkins = list(checkins)
    letters = list(letters)
    found: list[Memory] = []
    for when, day in days:
        wanted = day.isoformat()
        that_day = [r for r in checkins if r.get("day") == wanted]
        for record in sorted(that_day, key=lambda r: str(r.get("created_at", ""))):
            note = " ".join(str(record.get("note") or "").split())
            if note:
                found.append(Memory(when, "checkin", str(record.get("id", "")), day, note))
        that_day = [r for r in letters if r.get("day") == wanted]
        for record in sorted(that_day, key=lambda r: str(r.get("created_at", ""))):
            title = " ".join(str(record.get("title") or "").split())
            voices = " ".join(
                " ".join(str(record.get(f) or "") for f in ("to_child", "from_child")).split()
            )
            words = f"{title} — {voices}" if title and voices else title or voices
            if words:
                found.append(Memory(when, "letter", str(record.get("id", "")), day, words))
    return found
