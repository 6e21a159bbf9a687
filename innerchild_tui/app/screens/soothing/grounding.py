"""5-4-3-2-1 grounding, sense by sense."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from innerchild_tui.domain.soothing import (
    GROUNDING_STEPS,
)
from innerchild_tui.domain.text import clean_name

if TYPE_CHECKING:
    pass

from innerchild_tui.app.screens.soothing.practice import (
    PracticeScreen,
)


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
