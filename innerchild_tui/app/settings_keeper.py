"""The person's settings written to settings.toml, off the event loop.

A folded group, the theme, hidden numbers: each is a key press, and writing waits for the
disk, so :meth:`SettingsKeeper.keep` writes in a thread worker; the newest settings are
written, and whatever is still unwritten when the app ends is written then
(:meth:`flush`). The welcome's choice of data file is written at once (:meth:`save_now`):
before anything else happens.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from innerchild_tui.config import save_settings

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp


class SettingsKeeper:
    """Writes one app's settings (``app.settings``) when they change."""

    def __init__(self, app: InnerChildApp) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._unwritten = False  # kept in memory, not yet in settings.toml

    def keep(self) -> None:
        """Write the settings soon, off the loop."""
        self._unwritten = True
        self.app.run_worker(self._write, thread=True, group="settings", exit_on_error=False)

    def save_now(self) -> None:
        """Write the settings now, on the loop (the welcome's choice of data file)."""
        try:
            save_settings(self.app.settings)
        except OSError as error:
            self.app.notify(f"Your settings could not be saved ({error}).", severity="warning")

    def flush(self) -> None:
        """At the end: what is still unwritten is written, if it can be."""
        with self._lock:
            if self._unwritten:
                with contextlib.suppress(OSError):
                    save_settings(self.app.settings)

    def _write(self) -> None:
        with self._lock:
            if not self._unwritten:
                return  # a later write already took the newest settings
            self._unwritten = False
            try:
                save_settings(self.app.settings)
            except OSError as error:
                self._unwritten = True
                message = f"Your settings could not be saved ({error})."
                self.app.call_from_thread(self.app.notify, message, severity="warning")
