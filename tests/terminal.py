"""The installed ``innerchild`` in a real terminal (tmux), as a person runs it.

Each `Terminal` has its own tmux server (its own socket in a temp dir), an empty HOME
and nothing of the test process's environment but PATH, so what it finds is what a new
user on a fresh machine finds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

INNERCHILD = Path(sys.executable).with_name("innerchild")
# Generous: a busy 2-core machine starts Textual slowly. Never an assertion on time,
# only how long to wait before saying what the screen showed instead.
PATIENCE = 60.0


def need_tmux() -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is needed for the real-terminal tests (.ci/run installs it)")
        pytest.skip("tmux is not installed")


class Terminal:
    def __init__(self, folder: Path, home: Path, width: int = 120, height: int = 40) -> None:
        need_tmux()
        self.socket = folder / "tmux.sock"
        self.home = home
        self.size = (width, height)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }
        self._session = 0

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, *args: str) -> None:
        """Run ``innerchild ARGS`` in a new window; the window stays to show the exit."""
        self._session += 1
        command = " ".join([str(INNERCHILD), *args])
        width, height = self.size
        self._tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            f"{command}; echo; echo innerchild-exited-$?; sleep 600",
        )

    @property
    def name(self) -> str:
        return f"journey{self._session}"

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, *texts: str, gone: str | None = None) -> str:
        """Wait until every text is on the screen (and ``gone`` is not); returns it."""
        deadline = time.monotonic() + PATIENCE
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts) and (gone is None or gone not in shown):
                return shown
            time.sleep(0.2)
        raise AssertionError(f"waited for {texts!r} (gone: {gone!r}); the screen showed:\n{shown}")

    def keys(self, *keys: str) -> None:
        """tmux key names (Enter, Escape, C-n, Tab, …), each sent on its own."""
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)  # a person's pace: Esc then a letter must not read as alt+letter

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def close(self) -> None:
        """Close the terminal window (the program gets SIGHUP), and the server."""
        self._tmux("kill-server", check=False)
