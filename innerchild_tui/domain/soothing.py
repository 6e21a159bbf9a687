"""The words of the guided practices: grounding, meeting the inner child, tapping.

Written for this app. Timed steps are pure data plus :func:`step_at`, which says which
step is showing a given number of seconds in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroundingStep:
    sense: str  # the key the notes are kept under
    count: int
    prompt: str


GROUNDING_STEPS: tuple[GroundingStep, ...] = (
    GroundingStep("see", 5, "Look around. Name five things you can see."),
    GroundingStep("touch", 4, "Notice four things you can feel or touch."),
    GroundingStep("hear", 3, "Listen. Name three things you can hear."),
    GroundingStep("smell", 2, "Notice two things you can smell (or like the smell of)."),
    GroundingStep("taste", 1, "Notice one thing you can taste (or would like to)."),
)


@dataclass(frozen=True)
class TimedStep:
    seconds: int
    text: str


def visualization_steps(age: int | None, place: str) -> tuple[TimedStep, ...]:
    """A short guided meeting with the inner child, at ``age``, in a safe ``place``."""
    child = f"yourself at {age}" if age is not None else "yourself as a child"
    you_at = f"you at {age}" if age is not None else "the child you were"
    where = place.strip() or "a place where you feel safe"
    return (
        TimedStep(20, "Settle in. Let your shoulders drop, and let your breath slow a little."),
        TimedStep(30, f"Picture {where}. Notice the light, the sounds, the air on your skin."),
        TimedStep(
            30, f"Somewhere nearby is {child}. What are they wearing? How do they look today?"
        ),
        TimedStep(30, f"Walk over slowly. Sit or kneel so your eyes are level with {you_at}."),
        TimedStep(
            40,
            "Ask them how they feel, and what they need. Listen; there is no wrong answer.",
        ),
        TimedStep(
            40,
            "Tell them what they needed to hear: you are safe now, you matter, "
            "I am here and I am not leaving.",
        ),
        TimedStep(30, "If it feels right, offer a hug, a hand, or simply sit side by side."),
        TimedStep(
            20, f"Let them know you will come back. Then let {where} fade, and return slowly."
        ),
    )


def step_at(steps: tuple[TimedStep, ...], elapsed: float) -> tuple[int, float, bool]:
    """(index of the step showing, seconds left in it, whether all steps are done)."""
    at = 0.0
    for index, step in enumerate(steps):
        if elapsed < at + step.seconds:
            return index, at + step.seconds - elapsed, False
        at += step.seconds
    return len(steps) - 1, 0.0, True


def step_start(steps: tuple[TimedStep, ...], index: int) -> float:
    """Seconds from the start to the beginning of step ``index``."""
    return float(sum(step.seconds for step in steps[: max(0, index)]))


TAPPING_POINTS: tuple[tuple[str, str], ...] = (
    ("Side of the hand", "the fleshy edge of the hand, below the little finger"),
    ("Top of the head", "the crown, with the flat of your fingers"),
    ("Eyebrow", "where the eyebrow begins, near the nose"),
    ("Side of the eye", "on the bone at the outer corner of the eye"),
    ("Under the eye", "on the bone just below the eye"),
    ("Under the nose", "between the nose and the upper lip"),
    ("Chin", "in the crease between the lower lip and the chin"),
    ("Collarbone", "just below where the collarbones meet"),
    ("Under the arm", "at the side of the body, a hand's width below the armpit"),
)

TAPPING_ABOUT = (
    "Tapping (sometimes called EFT) is something some therapists suggest. "
    "There is no promise in it: try it, notice what you notice, and keep it only if it "
    "is kind to you. Tap each point gently, about seven times, while you say the phrase."
)
