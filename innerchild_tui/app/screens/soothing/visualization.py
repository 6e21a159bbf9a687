"""Meeting your inner child: a guided visualization in timed, pausable steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from innerchild_tui.app.screens.soothing.practice import (
    TICK_SECONDS,
    PracticeScreen,
    _clock_words,
    _now,
)
from innerchild_tui.domain.breathing import (
    Stopwatch,
)
from innerchild_tui.domain.soothing import (
    step_at,
    step_start,
    visualization_steps,
)
from innerchild_tui.domain.text import clean_name, whole_number


class VisualizationScreen(PracticeScreen):
    KIND = "visualization"
    TITLE_WORDS = "Meeting your inner child"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "pause_or_go",
            "Pause/go on",
            id="soothing.vis_pause",
            tooltip="Pause the guided steps, or go on",
        ),
        Binding("right,n", "skip(1)", "Next", id="soothing.vis_next", tooltip="The next step"),
        Binding("left,b", "skip(-1)", "Back", id="soothing.vis_back", tooltip="The step before"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.age: int | None = None
        self.place = ""
        self.steps = visualization_steps(None, "")
        self.stopwatch = Stopwatch()  # where in the steps: a skip moves it
        self.spent = Stopwatch()  # time actually spent: a skip never moves it
        self.started = False
        self.finished = False
        self.seen = 0

    def compose_practice(self) -> Iterator[Any]:
        with Vertical(id="vis-setup"):
            yield Static(
                "Choose an age to meet yourself at, and a safe place to meet in. "
                "Both are optional.",
                classes="care-line",
            )
            with Horizontal(classes="care-fields"):
                yield Input(placeholder="Age, e.g. 7", type="integer", id="vis-age", max_length=3)
                yield Input(
                    placeholder="A safe place: a beach, a treehouse, grandma's kitchen…",
                    id="vis-place",
                    max_length=120,
                )
            yield Static(
                "Enter begins · space pauses · ← → move between steps", classes="care-advice"
            )
        yield Static(id="vis-text", classes="care-guided")
        yield Static(id="vis-progress", classes="care-status")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(TICK_SECONDS, self.tick)
        self.query_one("#vis-age", Input).focus()

    def began(self) -> bool:
        return self.started

    def minutes_spent(self) -> float:
        return self.spent.elapsed(_now(self)) / 60

    def details(self) -> dict[str, Any]:
        return {"age": self.age, "place": self.place, "steps_seen": self.seen}

    @on(Input.Submitted, "#vis-age")
    def _age_given(self) -> None:
        self.query_one("#vis-place", Input).focus()

    @on(Input.Submitted, "#vis-place")
    def _place_given(self) -> None:
        self.begin()

    def begin(self) -> None:
        raw = self.query_one("#vis-age", Input).value.strip()
        age = whole_number(raw)
        self.age = age if age is not None and age <= 120 else None
        self.place = clean_name(self.query_one("#vis-place", Input).value)
        self.steps = visualization_steps(self.age, self.place)
        self.started = True
        self.query_one("#vis-setup").display = False
        self.set_focus(None)
        self.stopwatch.start(_now(self))
        self.spent.start(_now(self))
        self.tick()

    def tick(self) -> None:
        if not self.started or self.finished:
            return
        index, left, done = step_at(self.steps, self.stopwatch.elapsed(_now(self)))
        self.seen = max(self.seen, index + 1)
        self.query_one("#vis-text", Static).update(Text(self.steps[index].text))
        progress = Text(f"Step {index + 1} of {len(self.steps)} · {_clock_words(left)} left")
        if not self.stopwatch.running:
            progress.append("   ⏸ paused (space goes on)", style="italic")
        self.query_one("#vis-progress", Static).update(progress)
        if done:
            self.finished = True
            self.pause()
            self.action_finish("Welcome back. How is it now?")

    def pause(self) -> None:
        self.stopwatch.pause(_now(self))
        self.spent.pause(_now(self))

    def action_pause_or_go(self) -> None:
        if not self.started:
            self.begin()
            return
        now = _now(self)
        if self.stopwatch.running:
            self.pause()
        elif not self.finished:
            self.stopwatch.start(now)
            self.spent.start(now)
        self.tick()

    def action_skip(self, step: int) -> None:
        if not self.started or self.finished:
            return
        now = _now(self)
        index, _left, _done = step_at(self.steps, self.stopwatch.elapsed(now))
        target = min(len(self.steps), max(0, index + step))
        running = self.stopwatch.running
        self.stopwatch.reset()
        self.stopwatch.accumulated = (
            step_start(self.steps, target)
            if target < len(self.steps)
            else step_start(self.steps, len(self.steps))
        )
        if running:
            self.stopwatch.start(now)
        self.tick()
