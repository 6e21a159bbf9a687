"""Keys from the terminal acted on one at a time, in the order they came.

Textual hands each key from the terminal to the widget focused when the app takes the
key from its queue, and moves the focus (Tab, a pane key, Esc out of a field) only when
that key has come back up to the bindings. Keys that came in one burst (a macro, a paste
of keys, a quick typist over ssh) were all handed to the widget focused before the first
of them: the README's ``c 7 Tab c Enter Tab r Enter ctrl+s`` saved the mood alone, and
Tab then a word typed the word into the field just left. Here a key from the terminal
waits until the one before it has been acted on: taken by the widget it was handed to
(a field typed it), or come back up through the bindings.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.command import CommandPalette
from textual.keys import _character_to_key
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App

STALE_SECONDS = 0.2
"""A key not seen again by then (stopped on its way up by a container) holds no longer."""
SETTLING_ROUNDS = 12
"""Rounds of letting what a key set off happen before the next key, at most."""
PAUSE_SECONDS = 3.0
"""The longest keys wait for what a key asked for (:meth:`KeysInOrder.pause`)."""


class KeysInOrder:
    """The key from the terminal being acted on, and those waiting behind it."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._acting: events.Key | None = None
        self._since = 0.0
        self._waiting: deque[events.Key] = deque()
        self._given_back: events.Key | None = None  # the next waiting key, in the app's queue
        self._paused_until = 0.0  # keys wait for something a key asked for (see pause)
        # The screen on top when the key came (weakly: a closed screen is let go).
        self._screen_before: weakref.ref[Any] | None = None
        self._until_it_closes = False  # Enter in the command palette: until it closes
        self._since_stale = 0.0  # the last sign that the key is still being acted on
        self._acted_at: float | None = None  # when the acting key was acted on
        self._settling = False  # rounds under way for the acting key

    def wait(self, key: events.Key) -> bool:
        """Whether ``key``, new from the terminal, waits for those before it (it is given
        to the app again once they have been acted on)."""
        acting = self._acted_on_and_idle()
        if acting is not None and not self._unsettled():
            self.done(acting)  # what it set off has happened: this key need not wait
        if key is self._given_back:
            self._given_back = None
        elif (
            self._waiting or self._given_back is not None or self._still_acting() or self._paused()
        ):
            self._waiting.append(key)
            if len(self._waiting) == 1:
                self._app.set_timer(STALE_SECONDS, self._stale)
            if (acting := self._acted_on_and_idle()) is not None:
                self._round(acting, 1)  # the key before was acted on: let it settle
            return True
        self._acting, self._since = key, time.monotonic()
        self._acted_at, self._settling = None, False
        screen = self._screen()
        self._screen_before = weakref.ref(screen) if screen is not None else None
        # Enter in the command palette runs what it finds once its search is done: the
        # keys after it are for what that opens (Left in "Your week", say).
        self._until_it_closes = key.key == "enter" and isinstance(screen, CommandPalette)
        return False

    def _acted_on_and_idle(self) -> events.Key | None:
        """The acting key, once acted on, while no rounds are under way for it."""
        if self._acted_at is None or self._settling:
            return None
        return self._acting

    def escape_first(self, key: events.Key) -> events.Key:
        """``key`` as it is; or, for Alt and a character, Esc now and the character next.

        A terminal sends Esc and a key pressed just after it as the bytes Alt and that key
        sends (ESC, then the character), read as one "alt+l": Textual then typed the l
        into the field Esc was meant to leave. Nothing here is bound to Alt."""
        character = key.character
        if not key.key.startswith("alt+") or character is None or len(character) != 1:
            return key
        if not character.isprintable():
            return key
        self._waiting.appendleft(events.Key(_character_to_key(character), character))
        escape = events.Key("escape", "\x1b")
        self._acting = escape
        return escape

    def handed(self, key: events.Key, target: MessagePump) -> None:
        """``key`` was taken from the app's queue: a binding acted on it, or it was handed
        to ``target`` (the focused widget), which will take it or send it back up."""
        if not key.is_forwarded:
            self.acted_on(key)
        else:
            target.call_later(self._taken_or_passed_up, key)

    def acted_on(self, key: events.Key) -> None:
        """``key`` came back up through the bindings, or a widget took it. What that set
        off (a field's Enter submitted, a dialog closing, a screen opening) is let happen
        first: the next key is given once the focused widget, those around it and the
        app have nothing more waiting, so it goes where the focus is then (Enter in a
        feeling then a word lost the word's first letter: the field was emptied after)."""
        if key is not self._acting:
            return
        self._acted_at = time.monotonic()
        if self._waiting:
            self._round(key, 1)
        # else: nothing waits; the rounds run only if the next key comes while what this
        # one set off is still on its way (a tick's own stall at ten years was 3-6 ms
        # longer with them run after every key).

    def _round(self, key: events.Key, rounds: int) -> None:
        """A callback queued behind what each of those has waiting; then another round if
        that set off more (at most :data:`SETTLING_ROUNDS`), else the key is done."""
        if key is not self._acting:
            return
        self._settling = True
        left = 0

        def ran() -> None:
            nonlocal left
            left -= 1
            if left == 0 and key is self._acting:
                busy = any(not node._message_queue.empty() for node in self._nodes())
                if busy and rounds < SETTLING_ROUNDS:
                    self._round(key, rounds + 1)
                elif self._until_it_closes and isinstance(self._screen(), CommandPalette):
                    if time.monotonic() - self._since < PAUSE_SECONDS:
                        self._since_stale = time.monotonic()
                        self._app.call_after_refresh(self._round, key, rounds)
                    else:
                        self.done(key)
                elif (screen := self._screen()) is not self._before():
                    # A screen closed or opened (Enter in the command palette): what it
                    # runs comes after the next frame; the next key waits for that.
                    self._screen_before = weakref.ref(screen) if screen is not None else None
                    self._app.call_after_refresh(self._round, key, rounds + 1)
                else:
                    self.done(key)

        for node in self._nodes():
            if node.call_later(ran):
                left += 1
        if left == 0:
            self.done(key)

    def _unsettled(self) -> bool:
        """Whether what the acting key set off may still be on its way: a message waiting
        in the focused widget, those around it or the app, or the command palette still
        open after Enter in it. (Not a screen's after-frame work: there nearly always is
        some, and a key held for it went unseen by Pilot's waits for an idle screen.)"""
        if any(not node._message_queue.empty() for node in self._nodes()):
            return True
        return self._until_it_closes and isinstance(self._screen(), CommandPalette)

    def _screen(self) -> Any:
        stack = self._app.screen_stack
        return stack[-1] if stack else None

    def _before(self) -> Any:
        return self._screen_before() if self._screen_before is not None else None

    def _nodes(self) -> list[MessagePump]:
        app = self._app
        try:
            focused: MessagePump = app.focused or app.screen
        except Exception:  # (no screen: the app is closing)
            return [app]
        return [*dict.fromkeys([*focused.ancestors_with_self, app])]  # type: ignore[attr-defined]

    def done(self, key: events.Key) -> None:
        """``key`` has been acted on, and what it set off has happened: the next waiting
        key goes to the app."""
        if key is not self._acting:
            return
        self._acting, self._acted_at, self._settling = None, None, False
        self._screen_before = None
        self._give_back_next()

    def pause(self, seconds: float = PAUSE_SECONDS) -> None:
        """Keys from now wait until :meth:`resume` (or ``seconds``): for what a key asked
        for and is on its way (Enter in the search before its results are in: the ↓ and
        End typed after it are for the results)."""
        self._paused_until = time.monotonic() + seconds
        self._app.set_timer(seconds, self._give_back_next)

    def resume(self) -> None:
        if self._paused_until:
            self._paused_until = 0.0
            self._give_back_next()

    def _paused(self) -> bool:
        return time.monotonic() < self._paused_until

    def _give_back_next(self) -> None:
        idle = self._given_back is None and self._acting is None and not self._paused()
        if self._waiting and idle:
            self._given_back = self._waiting.popleft()
            self._app.post_message(self._given_back)

    def _still_acting(self) -> bool:
        if self._acting is None:
            return False
        return time.monotonic() - max(self._since, self._since_stale) < STALE_SECONDS

    def _taken_or_passed_up(self, key: events.Key) -> None:
        if key._stop_propagation:  # the widget took it (a field typed the letter)
            self.acted_on(key)

    def _stale(self) -> None:
        acting = self._acting
        if acting is not None and not self._still_acting():
            self.done(acting)
        if self._waiting:
            self._app.set_timer(STALE_SECONDS, self._stale)
            self._give_back_next()
