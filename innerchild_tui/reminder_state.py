"""What reminders remember on this computer: "not today", what was sent, an open dashboard.

Kept in the local state folder (0700), one small file per data file, never in the synced
data file: "not today" is a word to this computer's reminders, and what was sent here
says nothing another computer needs. (A check-in made on another computer does reach
here through the data file, and quiets the reminders as well.)

The open dashboard holds a shared ``flock`` on a marker file for as long as it runs
(several dashboards, a terminal one and a browser one, may hold it at once);
``innerchild remind`` asks for the lock exclusively without waiting, so a dashboard that
crashed leaves no stale marker behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from innerchild_tui.paths import ensure_private_dir, state_dir

try:
    import fcntl
except ImportError:  # Windows: an open dashboard is not seen; reminders still come.
    fcntl = None  # type: ignore[assignment]


def _digest(db_path: Path) -> str:
    return hashlib.sha256(str(db_path.expanduser().resolve()).encode()).hexdigest()[:20]


def state_path(db_path: Path) -> Path:
    """Where today's reminder state for the data file ``db_path`` is kept."""
    return state_dir() / "reminders" / f"{_digest(db_path)}.json"


def marker_path(db_path: Path) -> Path:
    """The marker an open dashboard on ``db_path`` holds locked."""
    return state_dir() / "open" / f"{_digest(db_path)}.lock"


@dataclass(frozen=True)
class ReminderDay:
    """One day's reminder state; any other day's reads as a fresh one."""

    day: date
    not_today: bool = False
    sent: frozenset[str] = frozenset()


def read_day(db_path: Path, today: date) -> ReminderDay:
    try:
        data = json.loads(state_path(db_path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("day") != today.isoformat():
            return ReminderDay(today)
        sent = data.get("sent", [])
        return ReminderDay(
            today,
            not_today=data.get("not_today") is True,
            sent=frozenset(str(s) for s in sent) if isinstance(sent, list) else frozenset(),
        )
    except (OSError, ValueError):
        return ReminderDay(today)


def write_day(db_path: Path, state: ReminderDay) -> None:
    """Keep ``state`` (atomically, 0600). Raises OSError when the state folder cannot."""
    from innerchild_tui.store.storage import atomic_write

    path = state_path(db_path)
    ensure_private_dir(path.parent)
    data = {"day": state.day.isoformat(), "not_today": state.not_today, "sent": sorted(state.sent)}
    atomic_write(path, json.dumps(data).encode("utf-8"))


def say_not_today(db_path: Path, today: date) -> None:
    state = read_day(db_path, today)
    write_day(db_path, ReminderDay(today, not_today=True, sent=state.sent))


def remember_sent(db_path: Path, today: date, covers: frozenset[str]) -> None:
    state = read_day(db_path, today)
    write_day(db_path, ReminderDay(today, state.not_today, state.sent | covers))


def _open_marker(path: Path) -> IO[str]:
    """The marker file, made private (0600, like every file innerchild keeps) if new."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a")


@contextlib.contextmanager
def dashboard_open(db_path: Path) -> Iterator[None]:
    """Hold the marker that says a dashboard is open on ``db_path`` (never raises)."""
    handle = None
    if fcntl is not None:
        try:
            path = marker_path(db_path)
            ensure_private_dir(path.parent)
            handle = _open_marker(path)
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
        except OSError:
            if handle is not None:
                handle.close()
            handle = None  # reminders may then come while it is open; nothing is lost
    try:
        yield
    finally:
        if handle is not None:
            handle.close()  # closing lets the lock go


def is_dashboard_open(db_path: Path) -> bool:
    """Whether a dashboard on ``db_path`` is running on this computer now."""
    if fcntl is None:
        return False
    path = marker_path(db_path)
    try:
        with _open_marker(path) as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        return False  # no state folder: no dashboard has held a marker here
    return False
