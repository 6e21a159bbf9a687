"""How this process asks the C library for memory (one setting, made once at start)."""

from __future__ import annotations

import ctypes
import sys

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MAPPED_FROM = 1 << 20  # bytes


def give_back_large_buffers() -> None:
    """Serve every allocation of a megabyte or more with its own mapping, given back to
    the system when it is freed.

    glibc serves an allocation under its mmap threshold from the heap, and raises that
    threshold (up to 32 MiB) each time a larger mapped allocation is freed. The data
    file's bytes (19 MB at ten years), a merge's text of them and a save's parts are such
    allocations: after the first was freed, the next ones came from the heap and were
    kept there, freed or not (about 60 MiB more after one merge at ten years). A fixed
    threshold also stops the raising. Elsewhere than glibc this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return  # no mallopt here (not glibc)
    mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM)
