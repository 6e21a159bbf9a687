"""One writer at a time for a data file, across every innerchild process on this computer.

Between "has the file changed?" and "replace it" another process must not write, or its
save would be lost. The lock file lives in the local state folder (never beside the
data file, where a sync client would copy it to other computers).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from innerchild_tui.paths import ensure_private_dir, state_dir

try:
    import fcntl
except ImportError:  # Windows: one process at a time is then the person's care.
    fcntl = None  # type: ignore[assignment]


def lock_path(db_path: Path) -> Path:
    digest = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:20]
    return state_dir() / "locks" / f"{digest}.lock"


@contextlib.contextmanager
def file_lock(db_path: Path) -> Iterator[None]:
    """Hold the data file's lock (blocking) for the duration of the block."""
    if fcntl is None:
        yield
        return
    path = lock_path(db_path)
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield  # No local state folder (read-only home): carry on without the lock.
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
