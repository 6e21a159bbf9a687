"""Keeping Python's cycle collector off the event loop, without keeping garbage for good.

Years of records, the habits' histories and Textual's render caches are far more objects
than a collection can walk within a frame (a full one took about 130 ms at ten years),
so what is alive is moved out of its reach with :func:`gc.freeze`. Two things make a
freeze safe to repeat all day:

* **Garbage first.** A freeze keeps whatever it moves, garbage in a cycle too (a closed
  screen, a toast, the footer keys a focus change replaced). So a freeze asked for after
  a change (a tick's new history, a merge) waits until no key or click has come for
  :attr:`QuietCollector.QUIET` seconds, and collects first: that collection walks only
  what was made since the last freeze, a few milliseconds.
* **Now and then, everything.** Objects frozen alive that die later in a cycle (a search
  screen open while a freeze came) are only found by a collection over everything. That
  walk takes the time above, so it waits for a long quiet (:attr:`LONG_QUIET`, nobody at
  the keys) and only comes when the frozen count has grown by :attr:`SWEEP_GROWTH` since
  the last one.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class QuietCollector:
    """Freezes and collects at quiet moments; the app tells it of input and changes."""

    QUIET = 2.0  # seconds without input before a freeze asked for is made
    LONG_QUIET = 60.0  # seconds without input before everything may be walked
    SWEEP_GROWTH = 30_000  # objects frozen since the last walk over everything

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self.freeze_due = False
        self._swept_at = gc.get_freeze_count()
        self.sweeps = 0

    def heard_input(self) -> None:
        self._last_input = self._clock()

    def freeze_now(self) -> None:
        """Freeze what is alive at once, without collecting (the first frame's records:
        a collection would walk them all, and there is no garbage to speak of yet)."""
        gc.freeze()
        self._swept_at = gc.get_freeze_count()

    def freeze_when_quiet(self) -> None:
        """What a change made is history now: freeze it at the next quiet moment."""
        self.freeze_due = True

    def check(self) -> None:
        """Called every second or so: collect and freeze if the moment is quiet."""
        quiet = self._clock() - self._last_input
        if self.freeze_due and quiet >= self.QUIET:
            self.freeze_due = False
            gc.collect()  # only the unfrozen: what was made since the last freeze
            gc.freeze()
        elif quiet >= self.LONG_QUIET and gc.get_freeze_count() > (
            self._swept_at + self.SWEEP_GROWTH
        ):
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._swept_at = gc.get_freeze_count()
            self.sweeps += 1
