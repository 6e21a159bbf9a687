"""Opening the dashboard from the command line."""

from __future__ import annotations

from pathlib import Path

from innerchild_tui.app import make_app
from innerchild_tui.config import Settings
from innerchild_tui.reminder_state import dashboard_open
from innerchild_tui.store.crypto import Secret


def launch(
    db_path: Path,
    settings: Settings,
    *,
    chosen_explicitly: bool = False,
    secret: Secret | None = None,
) -> int:
    """Run the dashboard until the person quits; returns the exit code."""
    first_run = not settings.welcomed and not db_path.exists() and not chosen_explicitly
    # (make_app freezes the records it read: the collector does not walk them again)
    app = make_app(db_path, settings=settings, show_welcome=first_run, secret=secret)
    # While it runs, `innerchild remind` stays quiet: the open app gives its own invitation.
    with dashboard_open(db_path):
        app.run()
    return app.return_code or 0
