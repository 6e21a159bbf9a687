"""The project's own short word lists for check-ins (written for this app)."""

from __future__ import annotations

from innerchild_tui.domain.feelings import FEELINGS, NEEDS, normalise_word

__all__ = ["FEELINGS", "MOOD_WORDS", "NEEDS", "STARTER_HABITS", "STARTER_LINKS", "normalise_word"]

STARTER_HABITS: tuple[str, ...] = (
    "Hold one boundary",
    "Rest without earning it",
    "Something joyful",
    "Check in with my inner child",
    "Write a letter",
)

STARTER_LINKS: dict[str, str] = {
    "Check in with my inner child": "checkin",
    "Write a letter": "letter",
}
"""Starter habits a check-in or a letter ticks (their ``linked_to``), in new files."""

MOOD_WORDS = {
    1: "very low",
    2: "low",
    3: "heavy",
    4: "a bit down",
    5: "in between",
    6: "okay",
    7: "fairly good",
    8: "good",
    9: "bright",
    10: "wonderful",
}
