"""Every action by name in the command palette."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from innerchild_tui.app.keys import KeyAction, key_actions


class ActionsProvider(Provider):
    """Offers each binding's action ("Habits: Tick today", …) by its name."""

    def _actions(self) -> list[tuple[str, KeyAction]]:
        return [
            (f"{action.group}: {action.binding.description}", action)
            for action in key_actions(self.app)
            if action.binding.action != "command_palette"
        ]

    async def _run(self, action: KeyAction) -> None:
        await self.app.run_action(action.binding.action, action.node)

    async def discover(self) -> Hits:
        for name, action in self._actions():
            yield DiscoveryHit(name, partial(self._run, action), help=action.binding.tooltip)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self._run, action),
                    help=action.binding.tooltip,
                )
