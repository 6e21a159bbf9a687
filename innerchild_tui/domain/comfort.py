"""Comfort items: their kinds, when they were last used, and finding them in a list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

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


def used_days(item: dict[str, Any]) -> set[date]:
    """Every day an item was used, from its ``used`` days and its ``uses`` log."""
    days: set[date] = set()
    for text in item.get("used", []) or []:
        try:
            days.add(date.fromisoformat(str(text)))
        except ValueError:
            continue
    for use in item.get("uses", []) or []:
        if isinstance(use, dict):
            try:
                days.add(date.fromisoformat(str(use.get("day", ""))))
            except ValueError:
                continue
    return days


def last_used(item: dict[str, Any]) -> date | None:
    days = used_days(item)
    return max(days) if days else None


def last_used_words(item: dict[str, Any], today: date) -> str:
    last = last_used(item)
    if last is None:
        return "not yet"
    days = (today - last).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def helped_scores(item: dict[str, Any]) -> list[int]:
    """The "how it helped" marks (0–10) in an item's log."""
    scores = []
    for use in item.get("uses", []) or []:
        if isinstance(use, dict) and isinstance(use.get("helped"), int):
            scores.append(int(use["helped"]))
    return scores


def matches(item: dict[str, Any], kind: str | None, search: str) -> bool:
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
    items: Iterable[dict[str, Any]],
    *,
    kind: str | None = None,
    search: str = "",
    by_last_used: bool = False,
) -> list[dict[str, Any]]:
    """Items filtered, then in the order they were added or most recently used first
    (never used ones last, in the order they were added)."""
    kept = [item for item in items if matches(item, kind, search)]
    kept.sort(key=lambda item: str(item.get("created_at", "")))
    if by_last_used:
        kept.sort(key=lambda item: last_used(item) or date.min, reverse=True)
    return kept
