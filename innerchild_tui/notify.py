"""One desktop notification, through what the platform has.

Linux: ``notify-send`` when it is installed, else ``gdbus`` straight to the session's
notification service (org.freedesktop.Notifications). macOS: ``osascript``. The words
are passed as arguments, never through a shell.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

APP_NAME = "innerchild"
TIMEOUT_MS = 20000
RUN_SECONDS = 15


def notification_command(title: str, body: str, platform: str | None = None) -> list[str] | None:
    """The command that shows the notification here, or None when there is none."""
    platform = platform or sys.platform
    if platform == "darwin":
        if shutil.which("osascript") is None:
            return None
        script = f"display notification {_applescript(body)} with title {_applescript(title)}"
        return ["osascript", "-e", script]
    if shutil.which("notify-send"):
        return ["notify-send", "--app-name", APP_NAME, title, body]
    if shutil.which("gdbus"):
        return [
            "gdbus",
            "call",
            "--session",
            "--dest",
            "org.freedesktop.Notifications",
            "--object-path",
            "/org/freedesktop/Notifications",
            "--method",
            "org.freedesktop.Notifications.Notify",
            APP_NAME,
            "0",
            "",
            title,
            body,
            "[]",
            "{}",
            str(TIMEOUT_MS),
        ]
    return None


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def send_notification(title: str, body: str) -> str | None:
    """Show it; returns None when shown, else why not (one short phrase)."""
    command = notification_command(title, body)
    if command is None:
        return "no notification tool was found (notify-send, gdbus or osascript)"
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=RUN_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{command[0]} could not run ({error})"
    if done.returncode != 0:
        reason = " ".join(done.stderr.split())[:200] or f"exit code {done.returncode}"
        return f"{command[0]} did not show it ({reason})"
    return None
