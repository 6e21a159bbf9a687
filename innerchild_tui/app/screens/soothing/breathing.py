"""The breathing pacer: box, 4-7-8 and cyclic sighing, with a calm ball."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Static

from innerchild_tui.app.keys import key_for
from innerchild_tui.app.widgets.breath import BreathBall
from innerchild_tui.domain.breathing import (
    MAX_PACE,
    MIN_PACE,
    PACE_STEP,
    PATTERN_ORDER,
    PATTERNS,
    Moment,
    Stopwatch,
    clamp_pace,
    cycle_seconds,
    moment_at,
    rounds_for_minutes,
)

if TYPE_CHECKING:
    pass

from innerchild_tui.app.screens.soothing.practice import (
    DIZZY_ADVICE,
    TICK_SECONDS,
    PracticeScreen,
    _now,
)


def _duration_words(seconds: float) -> str:
    """A length of time as a person says it: "45 seconds", "1 minute 36 seconds"."""
    minutes, rest = divmod(max(0, round(seconds)), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


class BreathingScreen(PracticeScreen):
    KIND = "breathing"
    TITLE_WORDS = "Breathing pacer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "start_or_pause",
            "Start/pause",
            id="soothing.breath_start",
            tooltip="Start the pacer, or pause it",
        ),
        Binding(
            "p",
            "next_pattern",
            "Pattern",
            id="soothing.breath_pattern",
            tooltip="Box 4-4-4-4, 4-7-8, or cyclic sighing",
        ),
        Binding(
            "minus",
            "pace(1)",
            "Slower",
            id="soothing.breath_slower",
            tooltip="Longer counts: a slower pace",
        ),
        Binding(
            "plus,equals_sign",
            "pace(-1)",
            "Faster",
            id="soothing.breath_faster",
            tooltip="Shorter counts: a quicker pace",
        ),
        Binding(
            "up",
            "length(1)",
            "Longer",
            id="soothing.breath_longer",
            tooltip="One more round (or minute)",
        ),
        Binding(
            "down",
            "length(-1)",
            "Shorter",
            id="soothing.breath_shorter",
            tooltip="One round (or minute) fewer",
        ),
        Binding(
            "t",
            "length_unit",
            "Rounds/minutes",
            id="soothing.breath_unit",
            tooltip="Count the session in rounds or in minutes",
        ),
    ]

    def __init__(self, pattern: str = "box") -> None:
        super().__init__()
        self.pattern_key = pattern if pattern in PATTERNS else "box"
        self.pace = 1.0
        self.by_minutes = False
        self.rounds = 6
        self.minutes = 3
        self.stopwatch = Stopwatch()
        self.finished = False
        # (round, phase name, seconds into the session): every phase as it began.
        self.phase_log: list[tuple[int, str, float]] = []
        self._timer: Timer | None = None

    def compose_practice(self) -> Iterator[Any]:
        yield Static(id="breath-settings", classes="care-line")
        yield BreathBall(id="breath-ball")
        yield Static(id="breath-status", classes="care-status")
        yield Static(DIZZY_ADVICE, classes="care-advice")

    def on_mount(self) -> None:
        super().on_mount()
        self._timer = self.set_interval(TICK_SECONDS, self.tick)
        self.show(None)

    @property
    def pattern(self) -> Any:
        return PATTERNS[self.pattern_key]

    def total_rounds(self) -> int:
        if self.by_minutes:
            return rounds_for_minutes(self.pattern, self.pace, self.minutes)
        return self.rounds

    def began(self) -> bool:
        return self.stopwatch.elapsed(_now(self)) > 0

    def minutes_spent(self) -> float:
        return self.stopwatch.elapsed(_now(self)) / 60

    def details(self) -> dict[str, Any]:
        moment = self.moment()
        return {
            "pattern": self.pattern_key,
            "pace": self.pace,
            "rounds_planned": self.total_rounds(),
            "rounds_done": moment.rounds if moment.finished else moment.round - 1,
        }

    def moment(self) -> Moment:
        elapsed = self.stopwatch.elapsed(_now(self))
        return moment_at(self.pattern, self.pace, self.total_rounds(), elapsed)

    def tick(self) -> None:
        """Move the pacer on to where the clock says it is."""
        if not self.stopwatch.running or self.finished:
            return
        moment = self.moment()
        if not moment.finished:
            key = (moment.round, moment.phase.name)
            last = self.phase_log[-1][:2] if self.phase_log else None
            if key != last or len(self.phase_log) == 0:
                elapsed = self.stopwatch.elapsed(_now(self))
                self.phase_log.append((moment.round, moment.phase.name, elapsed))
        self.show(moment)
        if moment.finished:
            self.finished = True
            self.stopwatch.pause(_now(self))
            self.action_finish("That was the last round. How is it now?")

    def pause(self) -> None:
        self.stopwatch.pause(_now(self))

    def settings_words(self) -> Text:
        """The pattern, how long a count and the session last, and the keys that change
        them, in plain words (keys read after the keymap)."""
        pattern = self.pattern
        total = self.total_rounds()
        rounds = f"{total} round{'s' if total != 1 else ''}"
        if self.by_minutes:
            length = f"{self.minutes} minute{'s' if self.minutes != 1 else ''} ({rounds})"
        else:
            length = f"{rounds}, about {_duration_words(cycle_seconds(pattern, self.pace) * total)}"
        second = "second" if self.pace == 1 else "seconds"

        def key(binding_id: str, default: str) -> str:
            return key_for(self.app, binding_id, default)

        slower, quicker = (
            key("soothing.breath_slower", "minus"),
            key("soothing.breath_faster", "plus"),
        )
        more, fewer = key("soothing.breath_longer", "up"), key("soothing.breath_shorter", "down")
        unit = key("soothing.breath_unit", "t")
        what = "minutes" if self.by_minutes else "rounds"
        other = "rounds" if self.by_minutes else "minutes"
        words = Text()
        words.append(pattern.title, style="bold")
        words.append(f" · {pattern.about}\n", style="italic")
        words.append(f"Each count lasts {self.pace:g} {second} · {length}\n")
        words.append(
            f"{slower} slower, {quicker} quicker · {more} more {what}, {fewer} fewer · "
            f"{unit} count in {other}",
            style="dim",
        )
        return words

    def show(self, moment: Moment | None) -> None:
        pattern = self.pattern
        settings = self.settings_words()
        self.query_one("#breath-settings", Static).update(settings)
        ball = self.query_one(BreathBall)
        status = self.query_one("#breath-status", Static)
        if moment is None or not self.began():
            ball.size_fraction = pattern.phases[0].start
            key = key_for(self.app, "soothing.breath_start", "space")
            status.update(Text(f"Press {key} to begin.", style="bold"))
            return
        ball.size_fraction = moment.size
        if moment.finished:
            status.update(Text("Done. Well breathed.", style="bold"))
            return
        words = Text()
        words.append(f"{moment.phase.words} · {math.ceil(moment.left_in_phase)}", style="bold")
        words.append(f"   round {moment.round} of {moment.rounds}", style="dim")
        if not self.stopwatch.running:
            words.append("   ⏸ paused (space)", style="italic")
        status.update(words)

    def action_start_or_pause(self) -> None:
        if self.finished:
            return
        now = _now(self)
        if self.stopwatch.running:
            self.stopwatch.pause(now)
        else:
            self.stopwatch.start(now)
        self.tick()
        self.show(self.moment())

    def action_next_pattern(self) -> None:
        index = PATTERN_ORDER.index(self.pattern_key)
        self.pattern_key = PATTERN_ORDER[(index + 1) % len(PATTERN_ORDER)]
        running = self.stopwatch.running
        self.stopwatch.reset()  # a new pattern starts from its first breath
        self.phase_log.clear()
        if running:
            self.stopwatch.start(_now(self))
        self.tick()
        self.show(self.moment())

    def action_pace(self, direction: int) -> None:
        new = clamp_pace(self.pace + direction * PACE_STEP)
        if new == self.pace:
            limit = "slowest" if new >= MAX_PACE else "quickest" if new <= MIN_PACE else ""
            self.notify(f"That is the {limit} pace here.", timeout=2)
            return
        # Every phase scales with the pace, so the same point of the breath is at
        # elapsed × new / old: the pacer carries on from where it was.
        now = _now(self)
        elapsed = self.stopwatch.elapsed(now)
        running = self.stopwatch.running
        self.stopwatch.reset()
        self.stopwatch.accumulated = elapsed * new / self.pace
        if running:
            self.stopwatch.start(now)
        self.pace = new
        self.show(self.moment())

    def action_length(self, step: int) -> None:
        if self.by_minutes:
            self.minutes = min(60, max(1, self.minutes + step))
        else:
            self.rounds = min(100, max(1, self.rounds + step))
        self.show(self.moment())

    def action_length_unit(self) -> None:
        self.by_minutes = not self.by_minutes
        self.show(self.moment())
