"""Mood 1–10 (a digit key, 0 means 10, or ←/→) and energy 1–5 (↑/↓), in two lines."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from innerchild_tui.domain.moods import ENERGY_WORDS, MOOD_WORDS, mood_level

__all__ = ["MoodPicker", "mood_level"]


class MoodPicker(Widget, can_focus=True):
    DEFAULT_CSS = """
    MoodPicker { height: 2; width: 1fr; }
    MoodPicker:focus { background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left",
            "nudge(-1)",
            "Lower",
            show=False,
            id="checkin.mood_down",
            tooltip="Mood one step lower",
        ),
        Binding(
            "right",
            "nudge(1)",
            "Higher",
            show=False,
            id="checkin.mood_up",
            tooltip="Mood one step higher",
        ),
        Binding(
            "up",
            "nudge_energy(1)",
            "More energy",
            show=False,
            id="checkin.energy_up",
            tooltip="Energy one step higher (1–5)",
        ),
        Binding(
            "down",
            "nudge_energy(-1)",
            "Less energy",
            show=False,
            id="checkin.energy_down",
            tooltip="Energy one step lower (1–5)",
        ),
    ]

    mood: reactive[int | None] = reactive(None)
    energy: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, mood: int | None) -> None:
            super().__init__()
            self.mood = mood

    def render(self) -> Text:
        colours = self.app.theme_variables
        text = Text("Mood   ", style="bold")
        for value in range(1, 11):
            chosen = value == self.mood
            style = f"bold reverse {colours.get(f'mood-{mood_level(value)}', '')}" if chosen else ""
            text.append(f"{value}", style=style or "dim")
            text.append(" ")
        if self.mood is None:
            text.append(" (0 = 10)", style="italic dim")
        else:
            text.append(f" {MOOD_WORDS[self.mood]}", style="italic")
        text.append("\n")
        text.append("Energy ", style="bold")
        for value in range(1, 6):
            style = "bold reverse" if value == self.energy else "dim"
            text.append(f"{value}", style=style)
            text.append(" ")
        if self.energy is None:
            text.append("   ↑↓ if you like", style="italic dim")
        else:
            text.append(f"   {ENERGY_WORDS[self.energy]}", style="italic")
        return text

    def watch_mood(self, mood: int | None) -> None:
        self.post_message(self.Changed(mood))

    def action_nudge(self, step: int) -> None:
        self.mood = min(10, max(1, (self.mood or 5) + step))

    def action_nudge_energy(self, step: int) -> None:
        self.energy = min(5, max(1, (self.energy or 3) + (0 if self.energy is None else step)))
