"""The prompt a letter can start from: the built-in ones and the person's own, one at a
time, over the two voices of the Letters pane.

The pane keeps the keys (so they work while writing) and hands them here: another
prompt, one of the person's own added, the one shown let go.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from innerchild_tui.app.access import dashboard_app
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.domain.prompts import all_prompts, next_prompt, prompt_of_the_day
from innerchild_tui.domain.records import PromptRecord
from innerchild_tui.store import Store

PROMPTS = frozenset({"prompts"})


class PromptLine(Static):
    """One prompt shown, with the keys for another and, for one's own, letting it go."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self._prompts: list[str] = all_prompts(())
        self._index: int | None = None  # None: the day's own, once the store is read

    @property
    def store(self) -> Store:
        return dashboard_app(self).store

    @property
    def current(self) -> str:
        if self._index is None or not self._prompts:
            return ""
        return self._prompts[self._index % len(self._prompts)]

    def own_shown(self) -> PromptRecord | None:
        """The person's own prompt record, when the prompt shown is one of theirs."""
        shown = self.current
        return next((p for p in self.store.prompts.all() if p.get("text") == shown), None)

    def refresh_from_store(self) -> None:
        """The prompts as the store holds them now; the one shown stays if it is still
        there, and the first time it is the day's own."""
        own = [p.get("text", "") for p in self.store.prompts.all()]
        shown = self.current
        self._prompts = all_prompts(own)
        if self._index is None:
            self._index = prompt_of_the_day(self.store.today(), len(self._prompts))
        elif shown in self._prompts:
            self._index = self._prompts.index(shown)
        self.show()

    def show(self) -> None:
        key = key_for(self.app, "letters.another_prompt", "ctrl+r")
        text = Text("✎ ", style="bold")
        text.append(self.current, style="italic")
        text.append(f"  {key} another", style="dim")
        if self.own_shown() is not None:
            remove = key_for(self.app, "letters.remove_prompt", "minus")
            text.append(f" · yours: {remove} lets it go", style="dim")
        self.update(text)

    def another(self) -> None:
        self._index = next_prompt(self._index or 0, len(self._prompts))
        self.show()

    def ask_for_own(self) -> None:
        self.app.push_screen(
            PromptScreen(
                "A prompt of your own, to start letters from:",
                placeholder="What would you like to ask your inner child?",
            ),
            self._added,
        )

    @tells_store_errors
    def _added(self, text: str | None) -> None:
        if not text:
            return
        self.store.prompts.add(text)
        self.refresh_from_store()
        self._index = self._prompts.index(text) if text in self._prompts else 0
        self.show()
        self.post_message(DataChanged())
        self.notify("Your prompt is kept with the others.", timeout=3)

    @tells_store_errors
    def let_go(self) -> None:
        mine = self.own_shown()
        if mine is None:
            self.notify(
                "That prompt comes with the app; only prompts of your own can be let go.",
                timeout=3,
            )
            return
        removed = self.store.prompts.remove(mine["id"])
        self.refresh_from_store()
        self.post_message(RecordRemoved("prompts", removed, f"the prompt “{mine['text']}”"))
        self.post_message(DataChanged(tables=PROMPTS))
