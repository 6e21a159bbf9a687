"""Every binding of the dashboard, grouped, for the help screen and the command palette.

The lists are read from the live bindings (after the user's keymap is applied), so what
the help screen says is always what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from innerchild_tui.app.panes import PANE_ORDER, Pane


@dataclass(frozen=True)
class KeyAction:
    group: str
    binding: Binding
    keys: tuple[str, ...]
    node: DOMNode


def _bindings_of(node: DOMNode) -> list[tuple[Binding, tuple[str, ...]]]:
    by_action: dict[tuple[str, str], tuple[Binding, list[str]]] = {}
    # DOMNode._bindings holds the bindings with the keymap already applied.
    for key, bindings in node._bindings.key_to_bindings.items():
        for binding in bindings:
            if not binding.description:
                continue
            entry = by_action.setdefault((binding.action, binding.description), (binding, []))
            entry[1].append(key)
    return [(binding, tuple(keys)) for binding, keys in by_action.values()]


def key_actions(app: App[object]) -> list[KeyAction]:
    """Bindings of the app ("Anywhere") and of each pane and its widgets, in pane order."""
    actions = [KeyAction("Anywhere", b, keys, app) for b, keys in _bindings_of(app)]
    for pane_id, title, _key in PANE_ORDER:
        pane = app.query_one(f"#{pane_id}", Pane)
        nodes: list[DOMNode] = [pane, *pane.query("*").results()]
        seen: set[str] = set()
        for node in nodes:
            for binding, keys in _bindings_of(node):
                if binding.id is None or not binding.id.startswith(f"{pane_id}."):
                    continue
                if binding.id in seen:
                    continue
                seen.add(binding.id)
                actions.append(KeyAction(title, binding, keys, node))
    return actions
