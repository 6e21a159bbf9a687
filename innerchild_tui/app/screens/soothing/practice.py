"""What every soothing practice shares: distress before and after, minutes, saving."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from innerchild_tui.app.messages import DataChanged
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.widgets.distress import DistressScale
from innerchild_tui.app.widgets.quiet import QuietFooter
from innerchild_tui.domain.practices import PRACTICE_KINDS, PracticeSummary
from innerchild_tui.domain.records import PracticeRecord

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
            "Nothing recorded yet. Before and after a practice you can note how heavy it "
            "feels, from 0 (calm) to 10; this table then shows what helps you most.",
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

    CSS_PATH = "../care.tcss"
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
            yield DistressScale("How heavy it feels now", id="distress-after")
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

    CSS_PATH = "../care.tcss"
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
        self.saved: PracticeRecord | None = None
        self._finishing = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="care-body"):
            yield Static(self.TITLE_WORDS, classes="care-title")
            yield DistressScale("How heavy it feels now", id="distress-before")
            yield from self.compose_practice()
        yield QuietFooter()

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

    @tells_store_errors
    def _after(self, answer: tuple[bool, int | None] | None) -> None:
        self._finishing = False
        keep, after = answer or (False, None)
        if not keep:
            self.dismiss()
            return
        before = self.query_one("#distress-before", DistressScale).value
        self.saved = self.store.practices.add(
            self.KIND,
            minutes=self.minutes_spent(),
            distress_before=before,
            distress_after=after,
            details=self.details(),
        )
        self.app.post_message(DataChanged())
        self.notify("Saved. Thank you for looking after yourself.", timeout=3)
        self.dismiss()
