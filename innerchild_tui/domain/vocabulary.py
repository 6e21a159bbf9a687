"""The project's own short word lists for check-ins (written for this app)."""

from __future__ import annotations

FEELINGS: tuple[str, ...] = (
    "calm",
    "content",
    "hopeful",
    "grateful",
    "playful",
    "tender",
    "tired",
    "lonely",
    "sad",
    "anxious",
    "scared",
    "overwhelmed",
    "ashamed",
    "angry",
    "frustrated",
    "numb",
)

NEEDS: tuple[str, ...] = (
    "rest",
    "safety",
    "comfort",
    "connection",
    "play",
    "quiet",
    "reassurance",
    "a boundary",
    "to be heard",
    "movement",
    "food",
    "space",
)

STARTER_HABITS: tuple[str, ...] = (
    "Hold one boundary",
    "Rest without earning it",
    "Something joyful",
    "Check in with my inner child",
    "Write a letter",
)

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


def normalise_word(word: str) -> str:
    """A feeling or need as stored: trimmed, single-spaced, lower case."""
    return " ".join(word.split()).lower()
