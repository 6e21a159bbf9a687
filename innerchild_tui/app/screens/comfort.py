"""Dialogs of the comfort pane: an item's form, 'pick one for me', and 'how did it help'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Select, Static
from textual.widgets._select import SelectCurrent

from innerchild_tui.app.widgets.distress import DistressScale
from innerchild_tui.domain.comfort import COMFORT_KINDS, last_used_words
from innerchild_tui.domain.records import ComfortRecord
from innerchild_tui.domain.text import MAX_NAME_LENGTH, clean_name, whole_number


def childhood_words(item: dict[str, Any]) -> str:
    childhood = item.get("childhood") or ""
    age = item.get("age")
    if childhood and isinstance(age, int):
        return f"as a child (at {age}): {childhood}"
    if childhood:
        return f"as a child: {childhood}"
    if isinstance(age, int):
        return f"from when you were {age}"
    return ""


class ComfortFormScreen(ModalScreen[dict[str, Any] | None]):
    """Add or edit a comfort item; returns its fields, or None when the person cancels."""

    CSS_PATH = "care.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="comfort.form_cancel"),
        Binding("ctrl+s", "keep", "Keep", id="comfort.form_keep", tooltip="Keep this item"),
    ]

    def __init__(self, item: ComfortRecord | None = None) -> None:
        super().__init__()
        self.item: Mapping[str, Any] = item or {}

    def compose(self) -> ComposeResult:
        item = self.item
        age = item.get("age")
        with Vertical(classes="dialog comfort-form"):
            yield Static(
                "Edit this comfort" if item else "Something that soothes you",
                classes="dialog-title",
            )
            yield Input(
                value=item.get("name", ""),
                placeholder="What it is now, e.g. a weighted blanket, drawing",
                max_length=MAX_NAME_LENGTH,
                id="comfort-name",
            )
            with Horizontal(classes="comfort-form-row"):
                yield Input(
                    value=item.get("childhood", "") or "",
                    placeholder="What it was in childhood, e.g. my blue blanket",
                    max_length=MAX_NAME_LENGTH,
                    id="comfort-childhood",
                )
                yield Input(
                    value=str(age) if isinstance(age, int) else "",
                    placeholder="Age",
                    type="integer",
                    max_length=3,
                    id="comfort-age",
                )
            with Horizontal(classes="comfort-form-row"):
                yield Select(
                    [(kind, kind) for kind in COMFORT_KINDS],
                    value=item.get("kind") or Select.NULL,
                    prompt="What kind of comfort",
                    id="comfort-kind",
                )
                yield Checkbox("★ Favourite", bool(item.get("favourite")), id="comfort-favourite")
            yield Input(
                value=item.get("note", "") or "",
                placeholder="A note (optional)",
                id="comfort-note",
            )
            yield Static("Tab moves on · Enter keeps · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        for selector, label in (
            ("#comfort-name", "now"),
            ("#comfort-childhood", "in childhood"),
            ("#comfort-age", "age"),
            ("#comfort-note", "note"),
        ):
            self.query_one(selector).border_title = label
        # A Select draws its border on the box inside it: the label goes there.
        self.query_one("#comfort-kind", Select).query_one(SelectCurrent).border_title = "kind"

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_keep()

    def action_keep(self) -> None:
        name = clean_name(self.query_one("#comfort-name", Input).value)
        if not name:
            self.notify("A name with at least one letter, please.", timeout=3)
            self.query_one("#comfort-name", Input).focus()
            return
        raw_age = self.query_one("#comfort-age", Input).value.strip()
        age = whole_number(raw_age)
        age = age if age is not None and age <= 120 else None
        if raw_age and age is None:
            self.notify("An age is a whole number of years, 0 to 120.", timeout=3)
            self.query_one("#comfort-age", Input).focus()
            return
        kind = self.query_one("#comfort-kind", Select).value
        self.dismiss(
            {
                "name": name,
                "childhood": self.query_one("#comfort-childhood", Input).value,
                "age": age,
                "kind": kind if isinstance(kind, str) else "",
                "note": self.query_one("#comfort-note", Input).value,
                "favourite": self.query_one("#comfort-favourite", Checkbox).value,
            }
        )


class PickScreen(ModalScreen[str | None]):
    """'How about…': Enter returns the item's id (to mark it used), n asks for another."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "take",
            "Use it",
            id="comfort.pick_take",
            tooltip="Mark this comfort as used today",
        ),
        Binding(
            "n,space",
            "another",
            "Another",
            id="comfort.pick_another",
            tooltip="Suggest something else",
        ),
        Binding("escape", "dismiss(None)", "Not now", id="comfort.pick_close"),
    ]

    def __init__(self, pane: Any) -> None:
        super().__init__()
        self.pane = pane
        self.shown: list[str] = []
        self.item: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("How about…", classes="dialog-title")
            yield Static(id="pick-item", classes="dialog-text")
            yield Static(
                "Enter: I'll use it · n: something else · Esc: not now", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.action_another()

    def action_another(self) -> None:
        item = self.pane.suggest(avoid=self.shown)
        if item is None:
            self.dismiss(None)
            return
        if item["id"] in self.shown:  # every item has been offered: start the round again
            self.notify(
                "That was every comfort item; here they come again."
                if len(self.shown) > 1
                else "It is your only comfort item so far; a in the Comfort pane adds another.",
                timeout=4,
            )
            self.shown.clear()
        self.shown.append(item["id"])
        self.item = item
        today = self.pane.ic_app.current_day
        text = Text()
        text.append(("★ " if item.get("favourite") else "") + item["name"], style="bold")
        if item.get("kind"):
            text.append(f"  ({item['kind']})", style="italic")
        text.append("\n")
        childhood = childhood_words(item)
        if childhood:
            text.append(childhood + "\n", style="italic")
        if item.get("note"):
            text.append(item["note"] + "\n")
        text.append(f"Last used: {last_used_words(item, today)}", style="dim")
        self.query_one("#pick-item", Static).update(text)

    def action_take(self) -> None:
        self.dismiss(self.item["id"] if self.item else None)


class HelpedScreen(ModalScreen[int | None]):
    """How much did it help, 0–10? Returns the number, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "keep", "Keep", id="comfort.helped_keep", tooltip="Keep the number"),
        Binding("escape", "dismiss(None)", "Cancel", id="comfort.helped_cancel"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.item_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"How much did “{self.item_name}” help?", classes="dialog-title", markup=False
            )
            yield DistressScale(
                "Helped", hint="0 not at all, 10 a great deal · optional", id="helped-scale"
            )
            yield Static("Enter keeps · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(DistressScale).focus()

    def action_keep(self) -> None:
        self.dismiss(self.query_one(DistressScale).value)
