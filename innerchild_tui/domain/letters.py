"""Letters between the adult and the inner child: pure helpers for showing and finding them.

A letter record holds ``day`` (YYYY-MM-DD), ``title``, ``age`` (the inner child's age it
is written to, or None), ``to_child`` (the adult's words) and ``from_child`` (the child's
reply). Older records may lack ``age``; every reader here uses defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from innerchild_tui.domain.text import whole_number

ADULT_LABEL = "Me, now"
CHILD_LABEL = "Little me"
MIN_AGE = 0
MAX_AGE = 17
PREVIEW_WORDS = 6
PREVIEW_CHARACTERS = 80
UNTITLED = "(untitled)"
"""The one name of a letter without a title: in the list, the CLI and an export."""
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class FocusMode(Enum):
    """Which voices the editor shows."""

    BOTH = "both"
    ADULT = "adult"
    CHILD = "child"

    @property
    def next(self) -> FocusMode:
        order = list(FocusMode)
        return order[(order.index(self) + 1) % len(order)]

    @property
    def words(self) -> str:
        return {
            FocusMode.BOTH: "both voices",
            FocusMode.ADULT: "my voice only",
            FocusMode.CHILD: "little me only",
        }[self]


def word_count(text: str) -> int:
    """Words as a person counts them: runs of non-space characters."""
    return len(text.split())


def parse_age(text: str) -> int | None:
    """The inner child's age typed in a field: empty means "not said"; else 0–17."""
    stripped = text.strip()
    if not stripped:
        return None
    age = whole_number(stripped)
    if age is None or not MIN_AGE <= age <= MAX_AGE:
        raise ValueError(
            f"The inner child's age is a whole number from {MIN_AGE} to {MAX_AGE}, or left empty."
        )
    return age


def age_of(letter: Mapping[str, Any]) -> int | None:
    """A letter's age, or None (older letters, or a damaged value, have none)."""
    age = letter.get("age")
    if isinstance(age, bool) or not isinstance(age, int) or not MIN_AGE <= age <= MAX_AGE:
        return None
    return age


def child_label(age: int | None) -> str:
    """The child's column label: "Little me, 7", or "Little me" when no age is set."""
    return CHILD_LABEL if age is None else f"{CHILD_LABEL}, {age}"


def first_words(letter: Mapping[str, Any], count: int = PREVIEW_WORDS) -> str:
    """The first few words of a letter (the adult's, else the child's), on one line, at
    most :data:`PREVIEW_CHARACTERS` of them (a "word" may be a pasted line with no space);
    "…" where there is more."""
    for field in ("to_child", "from_child"):
        # Split off the first words only: a letter may be a pasted megabyte.
        words = str(letter.get(field, "")).split(maxsplit=count)
        if words:
            shown = " ".join(words[:count])
            more = len(words) > count
            if len(shown) > PREVIEW_CHARACTERS:
                shown, more = shown[:PREVIEW_CHARACTERS].rstrip(), True
            return shown.rstrip(".,;:!?") + "…" if more else shown
    return ""


def named(letter: Mapping[str, Any]) -> str:
    """A letter as a sentence names it: its title in quotes, else its day."""
    title = str(letter.get("title") or "").strip()
    if title:
        return f"“{title}”"
    return f"The letter of {letter['day']}" if letter.get("day") else "A letter"


def month_of(letter: Mapping[str, Any]) -> str:
    """``YYYY-MM`` of a letter's day."""
    return str(letter.get("day", ""))[:7]


def month_label(month: str) -> str:
    """``2026-11`` → ``November 2026``."""
    year, _, number = month.partition("-")
    index = whole_number(number)
    if index is None or not 1 <= index <= 12:
        return month
    return f"{MONTH_NAMES[index - 1]} {year}"


def matches(letter: Mapping[str, Any], query: str) -> bool:
    """Every word of ``query`` appears (any case) in the title, either voice or a tag."""
    words = query.casefold().split()
    if not words:
        return True
    tags = letter.get("tags", [])
    haystack = "\n".join(
        [str(letter.get(field, "")) for field in ("title", "to_child", "from_child")]
        + ([str(tag) for tag in tags] if isinstance(tags, list) else [])
    ).casefold()
    return all(word in haystack for word in words)
