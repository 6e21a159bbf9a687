"""Comfort items: their kinds, when they were last used, and finding them in a list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

Item = TypeVar("Item", bound=Mapping[str, Any])  # a comfort item, however typed

COMFORT_KINDS: tuple[str, ...] = (
    "object",
    "activity",
    "place",
    "sound",
    "taste",
    "smell",
    "person",
    "creative",
)


def uses_of(item: Mapping[str, Any]) -> list[dict[str, Any]]:
    """An item's log of uses (``day``, ``at``, an optional ``helped`` 0–10), as stored."""
    return [use for use in item.get("uses", []) or [] if isinstance(use, dict)]


def day_texts_used(item: Mapping[str, Any]) -> set[str]:
    """Every day an item was used, as the file writes days (``YYYY-MM-DD``).

    The one reading of the two places an item keeps them: its ``used`` days (all that
    older items have) and the days of its ``uses`` log. Every reader goes through this.
    """
    days = {text for text in item.get("used", []) or [] if isinstance(text, str)}
    days.update(str(use.get("day", "")) for use in uses_of(item))
    return days


def used_days(item: Mapping[str, Any]) -> set[date]:
    """Every day an item was used (see :func:`day_texts_used`), as dates."""
    days: set[date] = set()
    for text in day_texts_used(item):
        try:
            days.add(date.fromisoformat(text))
        except ValueError:
            continue
    return days


def last_used(item: Mapping[str, Any]) -> date | None:
    days = used_days(item)
    return max(days) if days else None


def last_used_words(item: Mapping[str, Any], today: date) -> str:
    last = last_used(item)
    if last is None:
        return "not yet"
    days = (today - last).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def helped_scores(item: Mapping[str, Any], day: date | None = None) -> list[int]:
    """The "how it helped" marks (0–10) in an item's log (only ``day``'s, if given)."""
    return [
        int(use["helped"])
        for use in uses_of(item)
        if isinstance(use.get("helped"), int) and (day is None or use.get("day") == day.isoformat())
    ]


def matches(item: Mapping[str, Any], kind: str | None, search: str) -> bool:
    """Whether an item belongs in a list filtered by ``kind`` and a search text."""
    if kind and item.get("kind", "") != kind:
        return False
    words = search.casefold().split()
    if not words:
        return True
    haystack = " ".join(
        str(item.get(field, "") or "") for field in ("name", "childhood", "note", "kind")
    ).casefold()
    return all(word in haystack for word in words)


def arrange(
    items: Iterable[Item],
    *,
    kind: str | None = None,
    search: str = "",
    by_last_used: bool = False,
) -> list[Item]:
    """Items filtered, then in the order they were added or most recently used first
    (never used ones last, in the order they were added)."""
    kept = [item for item in items if matches(item, kind, search)]
    kept.sort(key=lambda item: str(item.get("created_at", "")))
    if by_last_used:
        kept.sort(key=lambda item: last_used(item) or date.min, reverse=True)
    return kept
