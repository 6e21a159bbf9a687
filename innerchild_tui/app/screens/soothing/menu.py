"""The soothing menu, and what has helped this person most."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.widgets.quiet import QuietFooter

if TYPE_CHECKING:
    pass

from innerchild_tui.app.screens.soothing.breathing import BreathingScreen
from innerchild_tui.app.screens.soothing.grounding import GroundingScreen
from innerchild_tui.app.screens.soothing.practice import (
    PracticeScreen,
    _store,
    summary_table,
)
from innerchild_tui.app.screens.soothing.tapping import TappingScreen
from innerchild_tui.app.screens.soothing.visualization import VisualizationScreen

PRACTICE_SCREENS: dict[str, type[PracticeScreen]] = {
    "breathing": BreathingScreen,
    "grounding": GroundingScreen,
    "visualization": VisualizationScreen,
    "tapping": TappingScreen,
}


class SoothingScreen(ModalScreen[None]):
    """The practices, and which have helped this person most."""

    CSS_PATH = "../care.tcss"
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
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.refresh_table()

    def on_screen_resume(self) -> None:
        self.refresh_table()

    def refresh_table(self) -> None:
        rows = _store(self).practices.summary()
        self.query_one("#helped-table", Static).update(summary_table(rows))

    @on(OptionList.OptionSelected, "#practice-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_open(event.option.id)

    def action_open(self, kind: str) -> None:
        self.app.push_screen(PRACTICE_SCREENS[kind]())
