"""The mood and energy scales: words, levels, symbols and a text sparkline."""

from __future__ import annotations

from collections.abc import Sequence

from innerchild_tui.domain.vocabulary import MOOD_WORDS

__all__ = [
    "ENERGY_WORDS",
    "MOOD_GLYPHS",
    "MOOD_WORDS",
    "NO_MOOD",
    "mood_glyph",
    "mood_level",
    "sparkline",
]

ENERGY_WORDS: dict[int, str] = {
    1: "drained",
    2: "low",
    3: "steady",
    4: "lively",
    5: "buzzing",
}

# Five heights, low → high: the shape says the level, so colour is never the only sign.
MOOD_GLYPHS = "▁▃▅▆█"
NO_MOOD = "·"
_SPARKS = "▁▂▃▄▅▆▇█"


def mood_level(mood: float) -> int:
    """Which of the five mood colours and glyphs (1–5) a mood 1–10 uses (9–10 is 5)."""
    rounded = max(1, min(10, int(mood + 0.5)))
    return (rounded + 1) // 2


def mood_glyph(mood: float | None) -> str:
    """One character for a day's mood: a bar as tall as the mood, or a dot for none."""
    if mood is None:
        return NO_MOOD
    return MOOD_GLYPHS[mood_level(mood) - 1]


def sparkline(values: Sequence[float | None], low: float = 1, high: float = 10) -> str:
    """One character per value, its height the value's place between ``low`` and ``high``.

    A missing value is a space, so a day without a check-in shows as a gap, not a low.
    """
    span = high - low
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
            continue
        share = 0.0 if span <= 0 else (min(high, max(low, value)) - low) / span
        marks.append(_SPARKS[min(len(_SPARKS) - 1, int(share * len(_SPARKS)))])
    return "".join(marks)
