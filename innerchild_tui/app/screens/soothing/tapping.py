"""A tapping sequence with the person's own set-up phrase."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from innerchild_tui.domain.soothing import (
    TAPPING_ABOUT,
    TAPPING_POINTS,
)
from innerchild_tui.domain.text import clean_name

if TYPE_CHECKING:
    pass

from innerchild_tui.app.screens.soothing.practice import (
    PracticeScreen,
)


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
