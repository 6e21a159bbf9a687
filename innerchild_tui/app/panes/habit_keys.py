"""The keys of the habits pane, each with an id (a keymap can change it; help, the palette and
the footer read it from here)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

HABIT_BINDINGS: list[BindingType] = [
    Binding(
        "space",
        "tick",
        "Tick today",
        id="habits.tick",
        tooltip="Tick the highlighted habit for today, or take the tick back "
        "(a counted habit counts one more)",
    ),
    Binding(
        "p",
        "partial",
        "Partly",
        id="habits.partial",
        tooltip="Partly done today: the gentle minimum counts",
    ),
    Binding(
        "s",
        "rest",
        "Rest",
        id="habits.rest",
        tooltip="A rest day today (with a reason, if you like): it keeps the streak safe",
    ),
    Binding("n", "note", "Note", id="habits.note", show=False, tooltip="A few words about today"),
    Binding(
        "enter,g",
        "calendar",
        "Calendar",
        id="habits.calendar",
        tooltip="The habit's year: read it, and edit past days",
    ),
    Binding("a", "add", "Add", id="habits.add", tooltip="Add a self-care habit"),
    Binding(
        "e",
        "edit",
        "Edit",
        id="habits.edit",
        show=False,
        tooltip="Name, schedule, a number to reach, and the grace rule",
    ),
    Binding(
        "r",
        "rename",
        "Rename",
        id="habits.rename",
        show=False,
        tooltip="Rename the habit, or the group (on its heading)",
    ),
    Binding(
        "shift+up",
        "move(-1)",
        "Move up",
        id="habits.move_up",
        show=False,
        tooltip="Move the habit up its group, or a whole group up (on its heading)",
    ),
    Binding(
        "shift+down",
        "move(1)",
        "Move down",
        id="habits.move_down",
        show=False,
        tooltip="Move the habit down its group, or a whole group down (on its heading)",
    ),
    Binding(
        "f",
        "fold",
        "Fold",
        id="habits.fold",
        show=False,
        tooltip="Fold the group under its heading, or open it (Enter and space on a "
        "heading do it too)",
    ),
    Binding(
        "z",
        "pause",
        "Pause",
        id="habits.pause",
        show=False,
        tooltip="Pause a habit, or all of them, for some days (a holiday, illness)",
    ),
    Binding(
        "x",
        "archive",
        "Archive",
        id="habits.archive",
        show=False,
        tooltip="Archive the habit (kept, hidden) or restore it",
    ),
    Binding(
        "v",
        "show_archived",
        "Show archived",
        id="habits.show_archived",
        show=False,
        tooltip="Show or hide archived habits",
    ),
    Binding(
        "d",
        "delete",
        "Delete",
        id="habits.delete",
        show=False,
        tooltip="Delete the habit and its days (asks first; u brings it back)",
    ),
    Binding(
        "number_sign",
        "toggle_numbers",
        "Numbers",
        id="habits.numbers",
        show=False,
        tooltip="Hide or show streaks and numbers",
    ),
]
