"""Every key of the app, read from the live bindings, for help, the palette and hints.

The lists are read from the bindings with the user's keymap applied, so what the help
screen, a pane's title, the tabs or a hint says is always what the keys do. Screens that
are not open are read from their classes, with the same keymap applied.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

from innerchild_tui.app.panes import PANE_ORDER, Pane


@dataclass(frozen=True)
class KeyAction:
    group: str
    binding: Binding
    keys: tuple[str, ...]
    node: DOMNode | None  # None: a screen that is not open (help only, not the palette)


# The screens reached from the dashboard, in the order the help screen lists them.
SCREEN_GROUPS: tuple[tuple[str, str], ...] = (
    ("Habit calendar", "innerchild_tui.app.screens.habit_calendar:HabitCalendarScreen"),
    ("History", "innerchild_tui.app.screens.history:HistoryScreen"),
    ("A day in the history", "innerchild_tui.app.screens.history:DayScreen"),
    ("Your week", "innerchild_tui.app.screens.review:ReviewScreen"),
    ("Search", "innerchild_tui.app.screens.search:SearchScreen"),
    ("Soothing", "innerchild_tui.app.screens.soothing.menu:SoothingScreen"),
    ("Breathing", "innerchild_tui.app.screens.soothing.breathing:BreathingScreen"),
    ("Grounding", "innerchild_tui.app.screens.soothing.grounding:GroundingScreen"),
    (
        "Meeting your inner child",
        "innerchild_tui.app.screens.soothing.visualization:VisualizationScreen",
    ),
    ("Tapping", "innerchild_tui.app.screens.soothing.tapping:TappingScreen"),
    ("Support", "innerchild_tui.app.screens.support:SupportScreen"),
    ("For therapy", "innerchild_tui.app.screens.therapy:TherapyScreen"),
    ("Picking a comfort item", "innerchild_tui.app.screens.comfort:PickScreen"),
    ("Your own words", "innerchild_tui.app.screens.own_words:OwnWordsScreen"),
    ("Dialogs", "innerchild_tui.app.screens.confirm:ConfirmScreen"),
)


def _bindings_of(
    bindings: BindingsMap, keymap: Mapping[str, str]
) -> list[tuple[Binding, tuple[str, ...]]]:
    """Each described binding with its keys, after the keymap (Textual applies it only
    when a key is pressed, so the stored bindings still hold the defaults)."""
    bindings = bindings.copy()
    bindings.apply_keymap(keymap)
    by_action: dict[tuple[str, str], tuple[Binding, list[str]]] = {}
    for key, key_bindings in bindings.key_to_bindings.items():
        for binding in key_bindings:
            if not binding.description:
                continue
            entry = by_action.setdefault((binding.action, binding.description), (binding, []))
            entry[1].append(key)
    return [(binding, tuple(keys)) for binding, keys in by_action.values()]


# Textual's own keys, in this app's words.
_SHARED_WORDS = {
    "app.focus_next": "Move to the next field or list",
    "app.focus_previous": "Move to the previous field or list",
    "screen.copy_text": "Copy the selected text",
}


def _screen_class(where: str) -> type[DOMNode]:
    module, name = where.split(":")
    screen: type[DOMNode] = getattr(importlib.import_module(module), name)
    return screen


def key_actions(app: App[Any], *, screens: bool = False) -> list[KeyAction]:
    """Bindings of the app ("Anywhere") and of each pane and its widgets, in pane order;
    with ``screens``, also those of every screen reached from the dashboard."""
    keymap = app._keymap
    actions = [
        KeyAction("Anywhere", b, keys, app) for b, keys in _bindings_of(app._bindings, keymap)
    ]
    # Every screen's own (Textual's: Tab, shift+Tab, copying): said once, here, not
    # again under each screen.
    every_screen = _bindings_of(Screen._merge_bindings(), keymap)
    if screens:
        actions += [
            KeyAction("Anywhere", replace(b, tooltip=_SHARED_WORDS.get(b.action, "")), keys, None)
            for b, keys in every_screen
        ]
    shared = {(b.action, b.description) for b, _ in every_screen}
    dashboard = app.screen_stack[0] if app.screen_stack else app.screen
    for pane_id, title, _key in PANE_ORDER:
        pane = dashboard.query_one(f"#{pane_id}", Pane)
        nodes: list[DOMNode] = [pane, *pane.query("*").results()]
        seen: set[str] = set()
        for node in nodes:
            for binding, keys in _bindings_of(node._bindings, keymap):
                if binding.id is None or not binding.id.startswith(f"{pane_id}."):
                    continue
                if binding.id in seen:
                    continue
                seen.add(binding.id)
                actions.append(KeyAction(title, binding, keys, node))
    if screens:
        for title, where in SCREEN_GROUPS:
            bindings = _screen_class(where)._merge_bindings()
            actions.extend(
                KeyAction(title, b, keys, None)
                for b, keys in _bindings_of(bindings, keymap)
                if (b.action, b.description) not in shared
            )
    return actions


def group_here(app: App[Any]) -> str | None:
    """The help's section for where the person is: the open screen's, or on the
    dashboard the pane holding the focus (None: the top, "Anywhere")."""
    screen = type(app.screen)
    for title, where in SCREEN_GROUPS:
        if where == f"{screen.__module__}:{screen.__name__}":
            return title
    focused = app.focused
    if focused is None:
        return None
    titles = {pane_id: title for pane_id, title, _key in PANE_ORDER}
    for node in focused.ancestors_with_self:
        if isinstance(node, Pane):
            return titles.get(node.id or "")
    return None


def key_for(app: App[Any], binding_id: str, default: str) -> str:
    """How the key bound to ``binding_id`` is shown, after the user's keymap."""
    keys = app._keymap.get(binding_id, default)
    first = keys.split(",")[0].strip() or default
    return app.get_key_display(Binding(first, ""))
