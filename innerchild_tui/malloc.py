"""Memory the C library's allocator holds free, given back to the system."""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable

LARGE_BUFFER = 4 << 20
"""From this size on, glibc serves a buffer from its own mapping (see
:func:`serve_large_buffers_apart`)."""

HEAP_KEPT = 32 << 20
"""Free memory at the heap's top that glibc keeps rather than gives back at once."""

_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3


def serve_large_buffers_apart() -> None:
    """Have glibc serve every buffer of :data:`LARGE_BUFFER` or more from a mapping of its
    own, given back whole the moment it is freed (``mallopt``), for the process's life.

    A merge and a conflict copy read the whole file (19 MB at ten years). Left to itself,
    glibc serves such a buffer from its heap once it has freed one as large, and what is
    made beside it meanwhile then keeps the heap's pages: in the dashboard, after a few
    merges, 14-20 MiB stayed that ``malloc_trim`` could not give back (the peak after an
    hour of use followed it). A threshold of 1 MiB was tried before and dropped: the
    opening's parts and tables then came from fresh mappings, page-faulted afresh (+25 ms
    at ten years); at 4 MiB nothing the opening makes is that large (the same time, 7 %
    fewer page faults). The heap gives back by itself only from :data:`HEAP_KEPT` free
    at its top, about what glibc chose once it had freed a buffer as large as the file:
    at 8 MiB the day's rollover, whose panes make and free much on the screen's side,
    stalled the screen 13 -> 19 ms (the heap given back and faulted in again); what a
    merge or a whole encode frees is given back by :func:`give_back_freed_memory`.
    Elsewhere than glibc, nothing."""
    mallopt = _mallopt()
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, LARGE_BUFFER)
        mallopt(_M_TRIM_THRESHOLD, HEAP_KEPT)


def give_back_freed_memory() -> None:
    """Give back to the system what glibc's allocator holds free (``malloc_trim``).

    A merge reads the whole file (19 MB at ten years) and a whole encode makes a copy of
    it; glibc serves such buffers from its heap once it has freed one as large, and kept
    them there once freed (about 40 MiB more held after one merge in the dashboard). This
    is called after those two, in the thread that did them: ctypes lets go of the
    interpreter while it runs (about 3 ms at ten years). Elsewhere than glibc, nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc
    return trim


@functools.cache
def _mallopt() -> Callable[[int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        mallopt: Callable[[int, int], int] = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return None  # not glibc
    return mallopt
