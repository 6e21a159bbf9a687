"""The project's own words for feelings, needs and body sensations, grouped in families.

Written for this app (not copied from any published wheel or inventory). The order
matters: typing the start of a word picks the first word that begins with it, so the
words people reach for most often come first in each list (``ca`` is "calm", ``re``
is "rest").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

FEELING_FAMILIES: dict[str, tuple[str, ...]] = {
    "peaceful": ("calm", "content", "relaxed", "safe", "tender", "relieved", "settled", "cosy"),
    "joyful": ("hopeful", "grateful", "playful", "happy", "excited", "curious", "silly", "loved"),
    "strong": ("steady", "brave", "capable", "proud", "grounded", "worthy", "clear", "free"),
    "sad": ("sad", "lonely", "hurt", "disappointed", "grieving", "left out", "unseen", "empty"),
    "afraid": ("anxious", "scared", "worried", "overwhelmed", "nervous", "insecure", "uneasy"),
    "angry": ("angry", "frustrated", "irritated", "resentful", "jealous", "betrayed", "trapped"),
    "ashamed": ("ashamed", "guilty", "embarrassed", "not enough", "exposed", "foolish"),
    "weary": ("tired", "numb", "drained", "foggy", "restless", "flat"),
}

NEED_FAMILIES: dict[str, tuple[str, ...]] = {
    "rest": ("rest", "sleep", "quiet", "slowing down", "food", "gentleness", "comfort"),
    "safety": ("safety", "reassurance", "a boundary", "protection", "calm surroundings"),
    "connection": ("connection", "to be heard", "to be seen", "a hug", "belonging", "company"),
    "play": ("play", "fun", "creativity", "movement", "laughter", "nature"),
    "autonomy": ("space", "choice", "time alone", "saying no", "freedom"),
    "meaning": ("meaning", "hope", "purpose", "growth", "beauty"),
    "expression": ("to cry", "to speak up", "honesty", "to make something", "to write"),
}

BODY_WORDS: tuple[str, ...] = (
    "tight chest",
    "knot in the stomach",
    "tense shoulders",
    "clenched jaw",
    "heavy limbs",
    "lump in the throat",
    "shallow breath",
    "racing heart",
    "headache",
    "warm",
    "loose",
    "buzzing",
    "cold hands",
    "restless legs",
)

MY_WORDS = "my words"
"""The family of the words a person adds themselves."""

FEELINGS: tuple[str, ...] = tuple(w for words in FEELING_FAMILIES.values() for w in words)
NEEDS: tuple[str, ...] = tuple(w for words in NEED_FAMILIES.values() for w in words)

INTENSITY_WORDS: dict[int, str] = {1: "a little", 2: "quite", 3: "very"}

_SUFFIX = re.compile(r"^(.*?)\s*[:*]\s*([1-3])$")


def normalise_word(word: str) -> str:
    """A feeling or need as stored: trimmed, single-spaced, lower case."""
    return " ".join(word.split()).lower()


def split_intensity(typed: str) -> tuple[str, int | None]:
    """``"very sad"``, ``"sad:3"`` → ``("sad", 3)``; ``"sad"`` → ``("sad", None)``.

    A qualifier is only read at the start ("a little", "quite", "very") or as a ``:1``–
    ``:3`` suffix, so a word such as "very" on its own stays a word.
    """
    text = normalise_word(typed)
    match = _SUFFIX.match(text)
    if match and match.group(1):
        return match.group(1), int(match.group(2))
    for level, words in INTENSITY_WORDS.items():
        prefix = words + " "
        if text.startswith(prefix) and text[len(prefix) :].strip():
            return text[len(prefix) :].strip(), level
    return text, None


def with_intensity(word: str, intensity: int | None) -> str:
    """How a feeling reads with its intensity: "very sad", or just "sad"."""
    if intensity in INTENSITY_WORDS:
        return f"{INTENSITY_WORDS[intensity]} {word}"
    return word


def family_of(word: str, families: Mapping[str, Iterable[str]]) -> str:
    """The family a word belongs to, or :data:`MY_WORDS` for one the person added."""
    for family, words in families.items():
        if word in words:
            return family
    return MY_WORDS


def matching(typed: str, vocabulary: Iterable[str]) -> list[str]:
    """The words a typed beginning could stand for, best first.

    Words that begin with it come first (in list order), then words with a later word
    that begins with it ("out" finds "left out"). An empty beginning matches everything.
    """
    wanted = normalise_word(typed)
    words = list(dict.fromkeys(vocabulary))
    if not wanted:
        return words
    starts = [w for w in words if w.startswith(wanted)]
    inner = [
        w
        for w in words
        if w not in starts and any(part.startswith(wanted) for part in w.split()[1:])
    ]
    return starts + inner


def best_match(typed: str, vocabulary: Iterable[str]) -> str:
    """The word a typed beginning stands for, or the typed word itself (a new word)."""
    wanted = normalise_word(typed)
    found = matching(wanted, vocabulary)
    if wanted in found:
        return wanted
    return found[0] if found and wanted else wanted
