"""Memory the C library's allocator holds free, given back to the system."""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


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
