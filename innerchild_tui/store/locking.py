"""One writer at a time for a data file, across every innerchild process on this computer.

Between "what does the file hold?" and "replace it" another process must not write, or its
save would be lost. The lock file lives in the local state folder (never beside the
data file, where a sync client would copy it to other computers).

The lock is re-entrant within a process (a quick command holds it from opening the file
to saving it, and the save inside takes it again), and the wait for another process is
bounded: :class:`LockBusy` says kindly who is holding it, so nobody waits forever.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from innerchild_tui.paths import ensure_private_dir, state_dir
from innerchild_tui.store.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows: one process at a time is then the person's care.
    fcntl = None  # type: ignore[assignment]

LOCK_WAIT_SECONDS = 60.0


class LockBusy(StoreError):
    """Another innerchild process held the data file's lock for too long."""

    def __init__(self, db_path: Path, waited: float) -> None:
        self.path = db_path
        super().__init__(
            f"Another innerchild on this computer has been busy with {db_path} for "
            f"{waited:.0f} seconds, so nothing was written yet. Your changes are safe; "
            "please try again in a moment."
        )


def lock_path(db_path: Path) -> Path:
    digest = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:20]
    return state_dir() / "locks" / f"{digest}.lock"


@dataclass
class _Held:
    """This process's hold on one lock file: which thread, how deep, which descriptor."""

    guard: threading.RLock
    fd: int | None = None
    depth: int = 0


_registry_guard = threading.Lock()
_registry: dict[Path, _Held] = {}


def _held_for(path: Path) -> _Held:
    with _registry_guard:
        held = _registry.get(path)
        if held is None:
            held = _registry[path] = _Held(threading.RLock())
        return held


@contextlib.contextmanager
def file_lock(db_path: Path, timeout: float | None = None) -> Iterator[bool]:
    """Hold the data file's lock for the duration of the block.

    Waits at most ``timeout`` seconds (default :data:`LOCK_WAIT_SECONDS`) for another
    process or thread, then raises :class:`LockBusy`. Re-entrant in one thread. Yields
    whether the lock is a real one between processes (not on Windows, nor without a
    local state folder).
    """
    wait = LOCK_WAIT_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + wait
    path = lock_path(db_path)
    held = _held_for(path)
    if not held.guard.acquire(timeout=max(wait, 0.0)):
        raise LockBusy(db_path, wait)
    try:
        held.depth += 1
        if held.depth == 1 and fcntl is not None:
            held.fd = _acquire(path, db_path, deadline, wait)
        yield held.fd is not None
    finally:
        held.depth -= 1
        if held.depth == 0 and held.fd is not None:
            fd, held.fd = held.fd, None
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        held.guard.release()


def _acquire(path: Path, db_path: Path, deadline: float, wait: float) -> int | None:
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None  # No local state folder (read-only home): carry on without the lock.
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except BlockingIOError:
        pass
    except OSError:
        os.close(fd)
        return None  # A file system without locks: as without a state folder.
    # Wait in the kernel's queue (fairer than polling, so no writer starves), on a
    # helper thread, so the wait can end at the deadline.
    state = {"got": False, "abandoned": False}
    guard = threading.Lock()
    done = threading.Event()

    def wait_in_queue() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        else:
            with guard:
                state["got"] = not state["abandoned"]
        with guard:
            if state["abandoned"]:
                os.close(fd)  # also lets go of a lock taken too late
        done.set()

    threading.Thread(target=wait_in_queue, daemon=True, name="innerchild-lock").start()
    done.wait(max(deadline - time.monotonic(), 0.0))
    with guard:
        if state["got"]:
            return fd
        state["abandoned"] = True
        if done.is_set():
            os.close(fd)
    raise LockBusy(db_path, wait)
