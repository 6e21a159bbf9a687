"""The keys of the letters pane, each with an id (a keymap can change it; help, the palette and
the footer read it from here)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

LETTER_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+n",
        "new_letter",
        "New letter",
        id="letters.new",
        tooltip="Start a new letter to your inner child",
    ),
    Binding(
        "ctrl+t",
        "other_voice",
        "Other voice",
        id="letters.other_voice",
        tooltip="Move between the two voices: me, now, and little me",
    ),
    Binding(
        "ctrl+o",
        "focus_mode",
        "Voices",
        id="letters.focus_mode",
        show=False,
        tooltip="Show both voices, only mine, or only little me's (the other folds away)",
    ),
    Binding(
        "ctrl+r",
        "another_prompt",
        "Prompt",
        id="letters.another_prompt",
        show=False,
        tooltip="Show another prompt to start from",
    ),
    Binding(
        "ctrl+f",
        "search",
        "Search",
        id="letters.search",
        tooltip="Search the letters: both voices and the titles",
    ),
    Binding(
        "plus",
        "add_prompt",
        "Add prompt",
        show=False,
        id="letters.add_prompt",
        tooltip="Add a prompt of your own to start letters from",
    ),
    Binding(
        "minus",
        "remove_prompt",
        "Let a prompt go",
        show=False,
        id="letters.remove_prompt",
        tooltip="Stop offering the prompt shown, if it is one of your own",
    ),
    Binding(
        "d,delete",
        "remove",
        "Remove",  # the pane says what; the footer keeps its room at 80 columns
        id="letters.remove",
        tooltip="Remove the highlighted letter (u brings it back)",
    ),
    Binding(
        "x",
        "export",
        "Export letter",
        show=False,
        id="letters.export",
        tooltip="Export the highlighted letter as Markdown (to bring to a session)",
    ),
]
