"""Mood 1–10, set with a digit key (0 means 10) or the arrow keys."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from innerchild_tui.domain.vocabulary import MOOD_WORDS


def mood_level(mood: int) -> int:
    """Which of the theme's five mood colours (1–5) a mood 1–10 uses."""
    return (mood + 1) // 2


class MoodPicker(Widget, can_focus=True):
    DEFAULT_CSS = """
    MoodPicker { height: 1; width: 1fr; }
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
    ]

    mood: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, mood: int | None) -> None:
            super().__init__()
            self.mood = mood

    def render(self) -> Text:
        text = Text("Mood ", style="bold")
        colours = self.app.theme_variables
        for value in range(1, 11):
            chosen = value == self.mood
            style = f"bold reverse {colours.get(f'mood-{mood_level(value)}', '')}" if chosen else ""
            text.append(f"{value}", style=style or "dim")
            text.append(" ")
        if self.mood is None:
            text.append(" press 1–9, 0 = 10", style="italic dim")
        else:
            text.append(f" {MOOD_WORDS[self.mood]}", style="italic")
        return text

    def watch_mood(self, mood: int | None) -> None:
        self.post_message(self.Changed(mood))

    def action_nudge(self, step: int) -> None:
        self.mood = min(10, max(1, (self.mood or 5) + step))
