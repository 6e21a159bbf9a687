"""Small dialogs for habits: a habit's settings, and a few words about one day."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Select, Static

from innerchild_tui.domain.habit_days import (
    COUNTED,
    YES_NO,
    Target,
    format_amount,
    parse_target,
    target_of,
)
from innerchild_tui.domain.habit_groups import group_name, group_of
from innerchild_tui.domain.records import HabitRecord
from innerchild_tui.domain.schedules import Schedule, parse_schedule, schedule_from_record
from innerchild_tui.domain.text import MAX_NAME_LENGTH, clean_name, clean_text


@dataclass(frozen=True)
class HabitSettings:
    """What the habit editor hands back."""

    name: str
    schedule: Schedule
    target: Target | None
    grace: bool
    group: str | None = None
    link: str | None = None

    def fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": self.name,
            "schedule": self.schedule,
            "grace": self.grace,
            "kind": COUNTED if self.target is not None else YES_NO,
            "group": self.group,
            "linked_to": self.link,
        }
        if self.target is not None:
            fields.update(target=self.target.amount, unit=self.target.unit)
        return fields


LINK_CHOICES: list[tuple[str, str]] = [
    ("nothing (I tick it)", "none"),
    ("I check in", "checkin"),
    ("I write a letter", "letter"),
    ("I finish a soothing practice", "practice"),
]
"""What may tick a habit by itself, as the editor offers it (the store's link values)."""


class _LinkSelect(Select[str]):
    """The link's choice: Enter keeps the editor's settings, as in every other field (it
    opened the list again); Space, ↓ or ↑ opens the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.keep", "Keep", show=False),
    ]


class _Fields(VerticalScroll, can_focus=False):
    """The editor's fields, scrolled to the field in use on a short terminal."""


class HabitEditScreen(ModalScreen[HabitSettings | None]):
    """Name, schedule, an optional target, the grace rule, the group and what ticks it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "keep", "Keep", id="dialog.keep", tooltip="Keep these settings"),
    ]

    def __init__(
        self,
        title: str,
        habit: HabitRecord | None = None,
        groups: list[str] | None = None,
        *,
        refuse_name: Callable[[str], str | None] | None = None,
    ) -> None:
        """``refuse_name``: why a name cannot be taken (another habit has it), told while
        the dialog stays open with everything typed in it."""
        super().__init__()
        self.title_text = title
        self.habit: Mapping[str, Any] = habit or {}
        self.groups = groups or []
        self.refuse_name = refuse_name

    def on_mount(self) -> None:
        # Focusing the name field scrolls it to the middle: on a short terminal (80×24)
        # that hid the dialog's title and the field's own label above it.
        self.call_after_refresh(self.query_one(_Fields).scroll_home, animate=False)

    def compose(self) -> ComposeResult:
        schedule = schedule_from_record(self.habit.get("schedule"))
        target = target_of(self.habit)
        with _Fields(classes="dialog habit-editor"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Label("Name")
            yield Input(
                value=self.habit.get("name", ""),
                placeholder="e.g. Walk outside",
                max_length=MAX_NAME_LENGTH,
                id="habit-name",
            )
            yield Label("How often — every day · mon wed fri · 3 in 7")
            yield Input(value=schedule.describe(), id="habit-schedule")
            yield Label("A number to reach, if you like — e.g. 6 glasses of water")
            yield Input(
                value=f"{format_amount(target.amount)} {target.unit}".rstrip() if target else "",
                placeholder="empty: a yes/no habit",
                id="habit-target",
            )
            yield Checkbox(
                "Grace: one day away keeps the streak going",
                value=self.habit.get("grace", True) is not False,
                id="habit-grace",
            )
            with Horizontal(classes="habit-editor-row"):
                with Vertical(classes="-first"):
                    yield Label("Group (empty: none)")
                    yield Input(
                        value=group_of(self.habit),
                        placeholder=(
                            f"yours: {' · '.join(self.groups)}" if self.groups else "e.g. morning"
                        ),
                        max_length=MAX_NAME_LENGTH,
                        suggester=SuggestFromList(self.groups, case_sensitive=False),
                        id="habit-group",
                    )
                with Vertical():
                    yield Label("Ticks itself when")
                    link = self.habit.get("linked_to")
                    yield _LinkSelect(
                        LINK_CHOICES,
                        value=link if isinstance(link, str) else "none",
                        allow_blank=False,
                        id="habit-link",
                    )
            yield Static(
                "Tab moves on · Enter keeps · Space opens a list · Esc cancels",
                classes="dialog-hint",
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_keep()  # Enter keeps from any field; Tab moves between them

    def action_keep(self) -> None:
        name = clean_name(self.query_one("#habit-name", Input).value)
        if not name:
            self.notify("A name with at least one letter, please.", timeout=3)
            return
        refused = self.refuse_name(name) if self.refuse_name is not None else None
        if refused:
            self.notify(refused, severity="warning", timeout=5)
            return
        try:
            schedule = parse_schedule(self.query_one("#habit-schedule", Input).value)
            target = parse_target(self.query_one("#habit-target", Input).value)
        except ValueError as error:
            self.notify(str(error), timeout=5)
            return
        grace = self.query_one("#habit-grace", Checkbox).value
        group = group_name(self.query_one("#habit-group", Input).value)
        link = self.query_one("#habit-link", Select).value
        linked = link if isinstance(link, str) and link != "none" else None
        self.dismiss(HabitSettings(name, schedule, target, grace, group, linked))


class DayWordsScreen(ModalScreen[str | None]):
    """A few optional words (a note, a reason to rest). Empty is fine; Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self, question: str, *, value: str = "", hint: str = "", placeholder: str = ""
    ) -> None:
        """``placeholder``: shown in the empty field, apart from the person's words (what
        the app wrote itself, such as "ticked by your check-in")."""
        super().__init__()
        self.question = question
        self.value = value
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", markup=False)
            yield Input(
                value=self.value, placeholder=self.placeholder, max_length=500, id="day-words"
            )
            hint = f"{self.hint} · " if self.hint else ""
            yield Static(f"{hint}Enter to keep · Esc to cancel", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(clean_text(event.value, multiline=False).strip())
