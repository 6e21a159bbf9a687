"""Soothing: a breathing pacer, 5-4-3-2-1 grounding, meeting the inner child, tapping.

The menu (:class:`SoothingScreen`) is one key away from anywhere. Each practice is its
own screen that can note distress (0–10) before and after and the minutes spent; the
menu's table shows which practices have eased this person most. Time comes from the
store's clock (injected in tests), so a whole session can run on a fast, fake clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.messages import DataChanged
from innerchild_tui.app.widgets.breath import BreathBall
from innerchild_tui.app.widgets.distress import DistressScale
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
from innerchild_tui.domain.practices import PRACTICE_KINDS, PracticeSummary
from innerchild_tui.domain.soothing import (
    GROUNDING_STEPS,
    TAPPING_ABOUT,
    TAPPING_POINTS,
    step_at,
    step_start,
    visualization_steps,
)
from innerchild_tui.domain.text import clean_name
from innerchild_tui.store import StoreError

if TYPE_CHECKING:
    from innerchild_tui.store import Store

TICK_SECONDS = 0.1
DIZZY_ADVICE = (
    "If you feel dizzy or light-headed, stop and breathe normally. Slow and gentle is enough."
)


def _store(screen: ModalScreen[Any]) -> Store:
    store: Store = screen.app.store  # type: ignore[attr-defined]
    return store


def _now(screen: ModalScreen[Any]) -> float:
    """Seconds on the store's clock (the app's injected clock, or the real one)."""
    return float(_store(screen).now().timestamp())


def _clock_words(seconds: float) -> str:
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def change_words(change: float | None) -> Text:
    """An average change in distress, in words and a sign (never colour alone)."""
    if change is None:
        return Text("not rated yet", style="dim italic")
    if change < 0:
        return Text(f"↓ {abs(change):.1f} eased", style="bold")
    if change > 0:
        return Text(f"↑ {change:.1f} harder", style="")
    return Text("→ 0.0 the same", style="")


def summary_table(rows: list[PracticeSummary]) -> Table | Text:
    if not rows:
        return Text(
            "Nothing recorded yet. Before and after a practice you can note how strong the "
            "distress is (0–10); this table then shows what helps you most.",
            style="italic",
        )
    table = Table(box=None, padding=(0, 2), expand=False, show_edge=False)
    table.add_column("Practice", style="bold", no_wrap=True)
    table.add_column("Times", justify="right")
    table.add_column("Minutes", justify="right")
    table.add_column("Distress, on average", no_wrap=True)
    for row in rows:
        table.add_row(
            PRACTICE_KINDS.get(row.kind, row.kind),
            str(row.sessions),
            f"{row.minutes:g}",
            change_words(row.average_change),
        )
    return table


# After a practice ------------------------------------------------------------------------
class AfterScreen(ModalScreen[tuple[bool, int | None]]):
    """How strong is the distress now? Returns (keep the session, distress or None)."""

    CSS_PATH = "care.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "keep",
            "Save",
            id="soothing.after_save",
            tooltip="Save this practice (the number is optional)",
        ),
        Binding(
            "escape",
            "drop",
            "Don't save",
            id="soothing.after_drop",
            tooltip="Leave without recording this practice",
        ),
    ]

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.words, classes="dialog-title", markup=False)
            yield DistressScale("Distress now", id="distress-after")
            yield Static(
                "0–10, or leave it empty · Enter saves · Esc leaves without saving",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(DistressScale).focus()

    def action_keep(self) -> None:
        self.dismiss((True, self.query_one(DistressScale).value))

    def action_drop(self) -> None:
        self.dismiss((False, None))


# The practices ---------------------------------------------------------------------------
class PracticeScreen(ModalScreen[None]):
    """What every practice shares: distress before and after, minutes, saving."""

    CSS_PATH = "care.tcss"
    KIND: ClassVar[str] = ""
    TITLE_WORDS: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "finish",
            "Finish",
            id="soothing.finish",
            tooltip="Finish, note how you feel now, and save the practice",
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            id="soothing.leave",
            tooltip="Back to the soothing menu (asks to save if you began)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(classes="care")
        self.opened_at = 0.0
        self.saved: dict[str, Any] | None = None
        self._finishing = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="care-body"):
            yield Static(self.TITLE_WORDS, classes="care-title")
            yield DistressScale("Distress now", id="distress-before")
            yield from self.compose_practice()
        yield Footer()

    def compose_practice(self) -> Iterator[Any]:
        yield from ()

    def on_mount(self) -> None:
        self.opened_at = _now(self)

    @property
    def store(self) -> Store:
        return _store(self)

    def began(self) -> bool:
        """Whether anything happened that is worth recording."""
        return True

    def minutes_spent(self) -> float:
        return max(0.0, _now(self) - self.opened_at) / 60

    def details(self) -> dict[str, Any]:
        return {}

    def action_leave(self) -> None:
        if self.began():
            self.action_finish()
        else:
            self.dismiss()

    def action_finish(self, words: str = "How is it now?") -> None:
        if self._finishing:
            return
        self._finishing = True
        self.pause()
        self.app.push_screen(AfterScreen(words), self._after)

    def pause(self) -> None:
        """Stop any clock the practice runs (while the after-question is open)."""

    def _after(self, answer: tuple[bool, int | None] | None) -> None:
        self._finishing = False
        keep, after = answer or (False, None)
        if not keep:
            self.dismiss()
            return
        before = self.query_one("#distress-before", DistressScale).value
        try:
            self.saved = self.store.add_practice(
                self.KIND,
                minutes=self.minutes_spent(),
                distress_before=before,
                distress_after=after,
                details=self.details(),
            )
        except StoreError as error:
            self.notify(str(error), severity="warning")
            return
        self.app.post_message(DataChanged())
        self.notify("Saved. Thank you for looking after yourself.", timeout=3)
        self.dismiss()


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

    def show(self, moment: Moment | None) -> None:
        pattern = self.pattern
        total = self.total_rounds()
        length = (
            f"{self.minutes} min ({total} rounds)"
            if self.by_minutes
            else f"{total} rounds ≈ {_clock_words(cycle_seconds(pattern, self.pace) * total)}"
        )
        settings = Text()
        settings.append(pattern.title, style="bold")
        settings.append(f" · {pattern.about}\n", style="italic")
        settings.append(f"Pace {self.pace:g} s a count (−/+) · {length} (↑/↓, t)", style="dim")
        self.query_one("#breath-settings", Static).update(settings)
        ball = self.query_one(BreathBall)
        status = self.query_one("#breath-status", Static)
        if moment is None or not self.began():
            ball.size_fraction = pattern.phases[0].start
            status.update(Text("Press space to begin.", style="bold"))
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


class GroundingScreen(PracticeScreen):
    KIND = "grounding"
    TITLE_WORDS = "5-4-3-2-1 grounding"

    def __init__(self) -> None:
        super().__init__()
        self.step = 0
        self.counted = [0] * len(GROUNDING_STEPS)
        self.notes: dict[str, list[str]] = {step.sense: [] for step in GROUNDING_STEPS}
        self.done = False

    def compose_practice(self) -> Iterator[Any]:
        yield Static(
            "Come back to the room you are in, one sense at a time. Type what you notice "
            "if you like, or just press Enter for each thing.",
            classes="care-line",
        )
        yield Static(id="grounding-step", classes="care-status")
        yield Input(placeholder="What you notice (Enter)", id="grounding-input", max_length=200)
        yield VerticalScroll(Static(id="grounding-notes"), classes="care-notes")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Input).focus()
        self.show()

    def began(self) -> bool:
        return any(self.counted)

    def details(self) -> dict[str, Any]:
        return {
            "notes": {sense: list(notes) for sense, notes in self.notes.items()},
            "steps_done": sum(
                1 for step, n in zip(GROUNDING_STEPS, self.counted, strict=True) if n >= step.count
            ),
        }

    def show(self) -> None:
        text = Text()
        if self.done:
            text.append("All five senses. You are here, now.", style="bold")
        else:
            step = GROUNDING_STEPS[self.step]
            text.append(f"{step.prompt}\n", style="bold")
            count = self.counted[self.step]
            text.append(" ".join("●" if i < count else "○" for i in range(step.count)))
            text.append(f"  {count} of {step.count}", style="dim")
            text.append(f"   · sense {self.step + 1} of {len(GROUNDING_STEPS)}", style="dim")
        self.query_one("#grounding-step", Static).update(text)
        noted = Text()
        for step in GROUNDING_STEPS:
            if self.notes[step.sense]:
                noted.append(f"{step.sense}: ", style="bold")
                noted.append(" · ".join(self.notes[step.sense]) + "\n")
        self.query_one("#grounding-notes", Static).update(noted)

    @on(Input.Submitted, "#grounding-input")
    def _noticed(self, event: Input.Submitted) -> None:
        if self.done:
            self.action_finish("You grounded yourself. How is it now?")
            return
        step = GROUNDING_STEPS[self.step]
        text = clean_name(event.value)
        if text:
            self.notes[step.sense].append(text)
        event.input.value = ""
        self.counted[self.step] += 1
        if self.counted[self.step] >= step.count:
            if self.step + 1 < len(GROUNDING_STEPS):
                self.step += 1
            else:
                self.done = True
        self.show()
        if self.done:
            self.action_finish("You grounded yourself. How is it now?")


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
        self.stopwatch = Stopwatch()
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
        return self.stopwatch.elapsed(_now(self)) / 60

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
        age = int(raw) if raw.isdigit() else None
        self.age = age if age is not None and age <= 120 else None
        self.place = clean_name(self.query_one("#vis-place", Input).value)
        self.steps = visualization_steps(self.age, self.place)
        self.started = True
        self.query_one("#vis-setup").display = False
        self.set_focus(None)
        self.stopwatch.start(_now(self))
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
            self.stopwatch.pause(_now(self))
            self.action_finish("Welcome back. How is it now?")

    def pause(self) -> None:
        self.stopwatch.pause(_now(self))

    def action_pause_or_go(self) -> None:
        if not self.started:
            self.begin()
            return
        now = _now(self)
        if self.stopwatch.running:
            self.stopwatch.pause(now)
        elif not self.finished:
            self.stopwatch.start(now)
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


class TappingScreen(PracticeScreen):
    KIND = "tapping"
    TITLE_WORDS = "Tapping sequence"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,right,n",
            "point(1)",
            "Next point",
            id="soothing.tap_next",
            tooltip="On to the next tapping point",
        ),
        Binding(
            "left,b",
            "point(-1)",
            "Point before",
            id="soothing.tap_back",
            tooltip="Back to the point before",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.point = 0
        self.rounds_done = 0
        self.tapped = 0

    def compose_practice(self) -> Iterator[Any]:
        yield Static(TAPPING_ABOUT, classes="care-line")
        yield Input(
            placeholder="Your set-up phrase, e.g. Even though I feel shaky, I am safe enough now",
            id="tap-phrase",
            max_length=200,
        )
        yield Static(id="tap-points", classes="care-points")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Input).focus()
        self.show()

    @property
    def phrase(self) -> str:
        return clean_name(self.query_one("#tap-phrase", Input).value)

    def began(self) -> bool:
        return self.tapped > 0

    def details(self) -> dict[str, Any]:
        return {"phrase": self.phrase, "rounds": self.rounds_done, "points_tapped": self.tapped}

    @on(Input.Submitted, "#tap-phrase")
    def _phrase_given(self) -> None:
        self.set_focus(None)
        self.show()

    def show(self) -> None:
        text = Text()
        phrase = self.phrase
        if phrase:
            text.append(f"“{phrase}”\n\n", style="italic")
        else:
            text.append("Write a set-up phrase above, then Enter.\n\n", style="dim italic")
        for index, (name, where) in enumerate(TAPPING_POINTS):
            if index == self.point:
                text.append(f"▶ {index + 1}. {name}", style="bold reverse")
                text.append(f"  {where}\n", style="italic")
            else:
                mark = "✓" if index < self.point else " "
                text.append(f"{mark} {index + 1}. {name}\n", style="" if mark == " " else "dim")
        text.append(
            f"\nRounds done: {self.rounds_done} · space / → next point · ctrl+s finishes",
            style="dim",
        )
        self.query_one("#tap-points", Static).update(text)

    def action_point(self, step: int) -> None:
        if step > 0:
            self.tapped += 1
            if self.point + 1 >= len(TAPPING_POINTS):
                self.point = 0
                self.rounds_done += 1
                self.notify("A round is done. Another, or ctrl+s to finish.", timeout=3)
            else:
                self.point += 1
        else:
            self.point = max(0, self.point - 1)
        self.show()


PRACTICE_SCREENS: dict[str, type[PracticeScreen]] = {
    "breathing": BreathingScreen,
    "grounding": GroundingScreen,
    "visualization": VisualizationScreen,
    "tapping": TappingScreen,
}


# The menu --------------------------------------------------------------------------------
class SoothingScreen(ModalScreen[None]):
    """The practices, and which have helped this person most."""

    CSS_PATH = "care.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "dismiss", "Close", id="soothing.close", tooltip="Back to where you were"
        ),
        Binding(
            "b", "open('breathing')", "Breathe", id="soothing.breathe", tooltip="Breathing pacer"
        ),
        Binding(
            "g", "open('grounding')", "Ground", id="soothing.ground", tooltip="5-4-3-2-1 grounding"
        ),
        Binding(
            "v",
            "open('visualization')",
            "Visualize",
            id="soothing.visualize",
            tooltip="Meet your inner child in a safe place",
        ),
        Binding("t", "open('tapping')", "Tap", id="soothing.tap", tooltip="A tapping sequence"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="care")

    def compose(self) -> ComposeResult:
        with Vertical(classes="care-body"):
            yield Static("Soothing · one breath at a time", classes="care-title")
            yield OptionList(
                Option(
                    Text.assemble(("b  ", "bold"), "Breathing pacer — box, 4-7-8, cyclic sighing"),
                    id="breathing",
                ),
                Option(
                    Text.assemble(
                        ("g  ", "bold"), "5-4-3-2-1 grounding — back to the room, sense by sense"
                    ),
                    id="grounding",
                ),
                Option(
                    Text.assemble(
                        ("v  ", "bold"), "Meet your inner child — a guided visualization"
                    ),
                    id="visualization",
                ),
                Option(
                    Text.assemble(
                        ("t  ", "bold"), "Tapping — points in order, with your own words"
                    ),
                    id="tapping",
                ),
                id="practice-list",
            )
            yield Static("What has helped you", classes="care-subtitle")
            yield Static(id="helped-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.refresh_table()

    def on_screen_resume(self) -> None:
        self.refresh_table()

    def refresh_table(self) -> None:
        rows = _store(self).practice_summary()
        self.query_one("#helped-table", Static).update(summary_table(rows))

    @on(OptionList.OptionSelected, "#practice-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_open(event.option.id)

    def action_open(self, kind: str) -> None:
        self.app.push_screen(PRACTICE_SCREENS[kind]())
