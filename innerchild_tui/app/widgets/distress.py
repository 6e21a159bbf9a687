"""Distress 0–10, set with digit keys ("1" then "0" makes 10), the arrows, or cleared."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from innerchild_tui.domain.text import whole_number


class DistressScale(Widget, can_focus=True):
    DEFAULT_CSS = """
    DistressScale { height: auto; width: 1fr; }
    DistressScale:focus { background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left",
            "nudge(-1)",
            "Less",
            show=False,
            id="soothing.distress_down",
            tooltip="Distress one step lower",
        ),
        Binding(
            "right",
            "nudge(1)",
            "More",
            show=False,
            id="soothing.distress_up",
            tooltip="Distress one step higher",
        ),
    ]

    # A value chosen shortens the words (the hint goes): the height follows at once (left
    # to the next layout, a picture taken before it had the scale a line too tall).
    value: reactive[int | None] = reactive(None, layout=True)

    class Changed(Message):
        def __init__(self, scale: DistressScale, value: int | None) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

    def __init__(
        self, label: str, hint: str = "0 calm, 10 very heavy · optional", **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.label = label
        self.hint = hint  # what the ends of the scale mean, shown until one is chosen
        self._last_digit: str | None = None

    def render(self) -> Text:
        text = Text(f"{self.label} ", style="bold")
        for number in range(11):
            chosen = number == self.value
            text.append(str(number), style="bold reverse" if chosen else "dim")
            text.append(" ")
        if self.value is None:
            text.append(f" {self.hint}", style="italic dim")
        else:
            text.append(f" {self.value} of 10", style="italic")
        return text

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and whole_number(event.character) is not None:
            event.stop()
            event.prevent_default()
            digit = event.character
            if digit == "0" and self._last_digit == "1" and self.value == 1:
                self.value = 10
                self._last_digit = None
                return
            self.value = int(digit)
            self._last_digit = digit
        elif event.key in ("backspace", "delete"):
            event.stop()
            self.value = None
            self._last_digit = None
        else:
            self._last_digit = None

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_nudge(self, step: int) -> None:
        self._last_digit = None
        start = self.value if self.value is not None else (0 if step > 0 else 10)
        self.value = min(10, max(0, start + step if self.value is not None else start))
