"""The dashboard's own keys: the panes, the screens reached from anywhere, Esc, quit.

Every key has an id, so a keymap can change it and help, the palette and the footer read
it from here (``keys.key_for``)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_BINDINGS: list[BindingType] = [
    Binding(
        "c",
        "focus_pane('checkin')",
        "Check-in",
        id="pane.checkin",
        show=False,
        tooltip="Go to today's check-in",
    ),
    Binding(
        "h",
        "focus_pane('habits')",
        "Habits",
        id="pane.habits",
        show=False,
        tooltip="Go to the self-care habits",
    ),
    Binding(
        "o",
        "focus_pane('comfort')",
        "Comfort",
        id="pane.comfort",
        show=False,
        tooltip="Go to the comfort items",
    ),
    Binding(
        "l",
        "focus_pane('letters')",
        "Letters",
        id="pane.letters",
        show=False,
        tooltip="Go to the letters",
    ),
    Binding(
        "m",
        "toggle_maximize",
        "Maximize",
        id="view.maximize",
        show=False,
        tooltip="Give the current pane the whole screen, or give it back",
    ),
    Binding(
        "u",
        "undo",
        "Undo",
        id="edit.undo",
        show=False,
        tooltip="Take back the last change: anything removed, a habit's day",
    ),
    Binding(
        "y",
        "history",
        "History",
        id="app.history",
        show=False,
        tooltip="A year of check-ins, the last 12 weeks, and what the days show",
    ),
    Binding(
        "W",
        "review",
        "Your week",
        id="app.review",
        show=False,
        tooltip="The week looked back on: moods, words named, self-care, comfort, letters",
    ),
    Binding(
        "slash",
        "search",
        "Search",
        id="app.search",
        show=False,
        tooltip="Search everything: check-ins, letters, comfort items, support notes",
    ),
    Binding("question_mark,f1", "help", "Keys", id="app.help", tooltip="Every key, on one page"),
    Binding(
        "escape",
        "leave_field",
        "Leave field",
        id="app.leave_field",
        show=False,
        tooltip="Leave a text field so single keys work again; "
        "give a maximised pane its place back",
    ),
    Binding("q", "quit", "Quit", id="app.quit", show=False, tooltip="Save everything and close"),
    Binding(
        "ctrl+q",
        "quit",
        "Quit",
        id="app.quit_anywhere",
        show=False,
        priority=True,
        tooltip="Save everything and close",
    ),
    Binding(
        "ctrl+b",
        "soothe",
        "Soothe",
        id="app.soothe",
        priority=True,
        tooltip="Soothing, from anywhere: breathing, grounding, visualization, tapping",
    ),
    Binding(
        "ctrl+g",
        "support",
        "Support",
        id="app.support",
        priority=True,
        tooltip="Your support people and notes for hard moments, from anywhere",
    ),
    Binding(
        "f9,ctrl+backslash",
        "hide",
        "Hide",
        id="app.hide",
        show=False,
        priority=True,
        tooltip="Hide everything at once behind a blank view; the same key brings it back",
    ),
]
