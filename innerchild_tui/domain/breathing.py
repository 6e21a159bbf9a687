"""The breathing pacer's schedule: pure functions of the time elapsed.

A pattern is a cycle of phases (breathe in, hold, breathe out…); the pace stretches every
phase (1.0 is one second a count). The screen reads an injected clock, works out how long
the session has been running (see :class:`Stopwatch`) and asks :func:`moment_at` where in
the cycle that is, so a test can drive a whole session with a fast, fake clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_PACE = 0.5
MAX_PACE = 2.0
PACE_STEP = 0.25
SMALLEST = 0.25  # the ball's size with empty lungs (1.0 is full)


@dataclass(frozen=True)
class Phase:
    name: str  # "in", "hold", "out", "in again"
    words: str  # what the screen says
    counts: float  # seconds at pace 1.0
    start: float  # size of the ball when the phase begins (SMALLEST…1.0)
    end: float


@dataclass(frozen=True)
class Pattern:
    key: str
    title: str
    about: str
    phases: tuple[Phase, ...]


PATTERNS: dict[str, Pattern] = {
    "box": Pattern(
        "box",
        "Box breathing 4-4-4-4",
        "In for four, hold for four, out for four, rest for four.",
        (
            Phase("in", "Breathe in", 4, SMALLEST, 1.0),
            Phase("hold", "Hold gently", 4, 1.0, 1.0),
            Phase("out", "Breathe out", 4, 1.0, SMALLEST),
            Phase("rest", "Rest", 4, SMALLEST, SMALLEST),
        ),
    ),
    "478": Pattern(
        "478",
        "4-7-8 breathing",
        "In through the nose for four, hold for seven, out slowly for eight.",
        (
            Phase("in", "Breathe in", 4, SMALLEST, 1.0),
            Phase("hold", "Hold gently", 7, 1.0, 1.0),
            Phase("out", "Breathe out slowly", 8, 1.0, SMALLEST),
        ),
    ),
    "sigh": Pattern(
        "sigh",
        "Cyclic sighing",
        "Two breaths in through the nose (a long one, then a short top-up), "
        "then a long, slow sigh out.",
        (
            Phase("in", "Breathe in", 3, SMALLEST, 0.8),
            Phase("in again", "A little more in", 1, 0.8, 1.0),
            Phase("out", "Long sigh out", 6, 1.0, SMALLEST),
        ),
    ),
}
PATTERN_ORDER = ("box", "478", "sigh")


def clamp_pace(pace: float) -> float:
    """A pace kept within MIN_PACE…MAX_PACE, on the PACE_STEP grid."""
    stepped = round(pace / PACE_STEP) * PACE_STEP
    return min(MAX_PACE, max(MIN_PACE, stepped))


def phase_seconds(phase: Phase, pace: float) -> float:
    return phase.counts * pace


def cycle_seconds(pattern: Pattern, pace: float) -> float:
    """How long one round (every phase once) lasts at this pace."""
    return sum(phase_seconds(phase, pace) for phase in pattern.phases)


def rounds_for_minutes(pattern: Pattern, pace: float, minutes: float) -> int:
    """Whole rounds that fill ``minutes`` (the last one is finished, never cut short)."""
    return max(1, math.ceil(minutes * 60 / cycle_seconds(pattern, pace) - 1e-9))


@dataclass(frozen=True)
class Step:
    """One phase of one round, placed on the session's timeline."""

    round: int  # 1-based
    phase: Phase
    start: float  # seconds after the session began
    seconds: float


def schedule(pattern: Pattern, pace: float, rounds: int) -> list[Step]:
    """Every phase of a session, in order, with when it starts and how long it lasts."""
    steps: list[Step] = []
    at = 0.0
    for round_number in range(1, rounds + 1):
        for phase in pattern.phases:
            seconds = phase_seconds(phase, pace)
            steps.append(Step(round_number, phase, at, seconds))
            at += seconds
    return steps


def ease(fraction: float) -> float:
    """Slow at both ends, like a breath (cosine ease in and out)."""
    fraction = min(1.0, max(0.0, fraction))
    return (1 - math.cos(math.pi * fraction)) / 2


@dataclass(frozen=True)
class Moment:
    """Where a session is at one instant."""

    round: int
    rounds: int
    phase: Phase
    phase_index: int
    into_phase: float  # seconds since the phase began
    left_in_phase: float
    size: float  # SMALLEST…1.0
    finished: bool


def moment_at(pattern: Pattern, pace: float, rounds: int, elapsed: float) -> Moment:
    """The round, phase and ball size ``elapsed`` seconds into a session of ``rounds``."""
    cycle = cycle_seconds(pattern, pace)
    total = cycle * rounds
    if elapsed >= total:
        last = pattern.phases[-1]
        return Moment(rounds, rounds, last, len(pattern.phases) - 1, 0.0, 0.0, last.end, True)
    elapsed = max(0.0, elapsed)
    round_index = int(elapsed // cycle)
    into_round = elapsed - round_index * cycle
    for index, phase in enumerate(pattern.phases):
        seconds = phase_seconds(phase, pace)
        if into_round < seconds or index == len(pattern.phases) - 1:
            fraction = into_round / seconds if seconds else 1.0
            size = phase.start + (phase.end - phase.start) * ease(fraction)
            return Moment(
                round_index + 1,
                rounds,
                phase,
                index,
                into_round,
                max(0.0, seconds - into_round),
                size,
                False,
            )
        into_round -= seconds
    raise AssertionError("unreachable: a pattern has at least one phase")


@dataclass
class Stopwatch:
    """Running time that can be paused; it is told the time, it never reads a clock."""

    accumulated: float = 0.0
    running_since: float | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def start(self, now: float) -> None:
        if self.running_since is None:
            self.running_since = now

    def pause(self, now: float) -> None:
        if self.running_since is not None:
            self.accumulated += max(0.0, now - self.running_since)
            self.running_since = None

    def elapsed(self, now: float) -> float:
        if self.running_since is None:
            return self.accumulated
        return self.accumulated + max(0.0, now - self.running_since)

    def reset(self) -> None:
        self.accumulated = 0.0
        self.running_since = None
