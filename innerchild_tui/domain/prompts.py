"""Prompts to start a letter from, written for this practice, and the person's own.

Each prompt is something the adult can write to the inner child about, in a way that
leaves room for the child to answer. None of them asks "why did you…": the child is
never put on trial.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

PROMPTS: tuple[str, ...] = (
    "What do you wish someone had told you?",
    "What were you afraid to say out loud back then?",
    "Where did you feel safe, and who was there?",
    "What did you love doing when nobody was watching?",
    "What do you need from me today?",
    "Tell the child one thing you are proud of them for.",
    "What would you like to do together this week?",
    "What did you have to be good at, too early?",
    "Which feeling were you never allowed to have?",
    "What does little you want to ask grown-up you?",
    "Describe a favourite place, so the child can see it again.",
    "What promise can you keep to them, starting today?",
    "What was hard today, and how can I look after you?",
    "What would you say to the child on their worst day?",
    "What did you wish grown-ups noticed about you?",
    "Thank the child for something they survived.",
    "What makes you laugh, little one?",
    "What do you want me to stop doing to please others?",
)
"""The built-in prompts, in the order they are offered."""


def all_prompts(own: Sequence[str]) -> list[str]:
    """The built-in prompts, then the person's own (without repeats)."""
    seen: set[str] = set()
    result: list[str] = []
    for prompt in (*PROMPTS, *own):
        key = prompt.casefold().strip()
        if key and key not in seen:
            seen.add(key)
            result.append(prompt.strip())
    return result


def prompt_of_the_day(day: date, count: int) -> int:
    """Which prompt to show first on ``day``: a different one each day, the same all day."""
    return day.toordinal() % count if count else 0


def next_prompt(index: int, count: int) -> int:
    """The prompt after ``index``, starting again after the last."""
    return (index + 1) % count if count else 0
