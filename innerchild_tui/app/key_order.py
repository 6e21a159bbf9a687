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
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.keys import _character_to_key
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App

STALE_SECONDS = 0.2
"""A key not seen again by then (stopped on its way up by a container) holds no longer."""
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

    def wait(self, key: events.Key) -> bool:
        """Whether ``key``, new from the terminal, waits for those before it (it is given
        to the app again once they have been acted on)."""
        if key is self._given_back:
            self._given_back = None
        elif (
            self._waiting or self._given_back is not None or self._still_acting() or self._paused()
        ):
            self._waiting.append(key)
            if len(self._waiting) == 1:
                self._app.set_timer(STALE_SECONDS, self._stale)
            return True
        self._acting, self._since = key, time.monotonic()
        return False

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
            self.done(key)
        else:
            target.call_later(self._taken_or_passed_up, key)

    def done(self, key: events.Key) -> None:
        """``key`` has been acted on (it came back up through the bindings, or a widget
        took it): the next waiting key goes to the app."""
        if key is not self._acting:
            return
        self._acting = None
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
        acting = self._acting
        return (
            acting is not None
            and not acting._stop_propagation
            and time.monotonic() - self._since < STALE_SECONDS
        )

    def _taken_or_passed_up(self, key: events.Key) -> None:
        if key._stop_propagation:  # the widget took it (a field typed the letter)
            self.done(key)

    def _stale(self) -> None:
        acting = self._acting
        if acting is not None and not self._still_acting():
            self.done(acting)
        if self._waiting:
            self._app.set_timer(STALE_SECONDS, self._stale)
            self._give_back_next()
