"""Keeping Python's cycle collector off the event loop, without keeping garbage for good.

Years of records, the habits' histories and Textual's render caches are far more objects
than a collection can walk within a frame (a full one took about 130 ms at ten years),
so what is alive is moved out of its reach with :func:`gc.freeze` after the first frame
and after each change that makes history (a tick's new history, a merge). A freeze keeps
whatever it moves, garbage in a cycle too (a toast gone, a closed screen, the footer keys
a focus change replaced): freezing after every tick and merge kept about 5 MB a round of
use. Such garbage is only found by a collection over everything, which takes the time
above; so it waits for a long quiet (:attr:`QuietCollector.LONG_QUIET` without a key or
a click) and comes only when :attr:`QuietCollector.SWEEP_GROWTH` more objects are frozen
than after the last one.

When a screen closes (the search, the review, the history, a dialog), Textual's memo of
the widgets it painted is cleared: ``StylesCache.get_inner_outer`` is an ``lru_cache`` of
1,024 entries keyed by each widget's render cache, which kept the painted lines of the
last 1,024 widgets ever shown alive (about 2 MiB a search opened and closed). The closed
screen itself is freed by the next collection, or frozen with the next tick's history
until a long quiet. Collecting the unfrozen a tenth of a second after a screen closed
freed it before any freeze, but took 11-23 ms at ten years on the loop: set aside.

Tried and set aside, with the stalls of ``bench/ten_years.py``: freezing only at quiet
moments after a full collection of the unfrozen (a tick's history stayed in the walk
until then, and collections set off meanwhile, often in a worker thread holding the
interpreter, stalled typing 40–50 ms at one year); and a collection of the young
generations before each freeze (a tick's stall 11 -> 18 ms at ten years).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from textual._styles_cache import StylesCache


class QuietCollector:
    """Freezes what is alive after changes; lets go of frozen garbage at long quiets."""

    LONG_QUIET = 60.0  # seconds without input before everything may be walked
    SWEEP_GROWTH = 30_000  # objects frozen since the last walk over everything

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        # Frozen objects after the last walk over everything; counted at the first frame
        # (counting walks them all: a few ms at ten years, on the way to the first frame).
        self._swept_at: int | None = None
        self.sweeps = 0
        self._paused = False  # off from the start of the app's run to its first frame

    def heard_input(self) -> None:
        self._last_input = self._clock()

    def keep_alive_out_of_reach(self) -> None:
        """What is alive now is history (a tick's history, a merge): out of the walk."""
        gc.freeze()

    def pause_until_first_frame(self) -> None:
        """No collection while the dashboard is built: what is made then lives as long as
        the app, and collections set off by making it (their walks were 5-10 ms of the
        way to the first frame) find nothing to free."""
        if gc.isenabled():
            gc.disable()
            self._paused = True

    def resume(self) -> None:
        """Collections as usual again (after the first frame, or an app ended before)."""
        if self._paused:
            self._paused = False
            gc.enable()

    def after_first_frame(self) -> None:
        """The records just read, and the dashboard: frozen, and the measure of growth."""
        self.keep_alive_out_of_reach()
        self._swept_at = gc.get_freeze_count()
        self.resume()

    def check(self) -> None:
        """Called every second or so: after a long quiet, let go of frozen garbage."""
        if self._swept_at is None:
            self._swept_at = gc.get_freeze_count()
        quiet = self._clock() - self._last_input
        if quiet >= self.LONG_QUIET and gc.get_freeze_count() > (
            self._swept_at + self.SWEEP_GROWTH
        ):
            gc.unfreeze()
            forget_widgets_painted()
            gc.collect()
            gc.freeze()
            self._swept_at = gc.get_freeze_count()
            self.sweeps += 1


def forget_widgets_painted() -> None:
    """Clear the memo Textual keeps of the widgets it painted (see the module's text)."""
    memo = getattr(StylesCache, "get_inner_outer", None)
    if memo is not None and hasattr(memo, "cache_clear"):  # (a later Textual may drop it)
        memo.cache_clear()
