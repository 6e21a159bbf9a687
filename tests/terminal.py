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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

INNERCHILD = Path(sys.executable).with_name("innerchild")
# Generous: a busy 2-core machine starts Textual slowly. Never an assertion on time,
# only how long to wait before saying what the screen showed instead.
PATIENCE = 60.0


def keep_waiting(
    condition: Callable[[], object], what: str | Callable[[], str], patience: float = PATIENCE
) -> object:
    """Poll ``condition`` until it is true and return it. The bound only turns a hang into
    a failure that says what never happened; it is never a claim about speed."""
    give_up = time.monotonic() + patience
    while not (result := condition()):
        if time.monotonic() > give_up:
            pytest.fail(what if isinstance(what, str) else what())
        time.sleep(0.05)
    return result


def need_tmux() -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is needed for the real-terminal tests (.ci/run installs it)")
        pytest.skip("tmux is not installed")


class Terminal:
    def __init__(self, folder: Path, home: Path, width: int = 120, height: int = 40) -> None:
        need_tmux()
        # A socket path must stay short (about 100 bytes), so not inside pytest's tmp dir.
        self.socket = Path(tempfile.mkdtemp(prefix="ic-tmux-")) / "s"
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

    def start_recorded(self, raw: Path, *args: str) -> None:
        """Like :meth:`start`, with every byte the program writes kept in ``raw`` (tmux's
        ``pipe-pane``, set up before the program starts, so nothing is missed)."""
        go = raw.with_name(raw.name + ".go")
        self._session += 1
        command = " ".join([str(INNERCHILD), *args])
        width, height = self.size
        self._tmux(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
            f"while [ ! -e {go} ]; do sleep 0.05; done; exec {command}",
        )  # fmt: skip
        self._tmux("pipe-pane", "-O", "-t", self.name, f"cat > {raw}")
        go.touch()

    @property
    def name(self) -> str:
        return f"journey{self._session}"

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, *texts: str, gone: str | None = None) -> str:
        """Wait until every text is on the screen (and ``gone`` is not); returns it."""
        seen = [""]

        def ready() -> str:
            seen[0] = shown = self.screen()
            done = all(text in shown for text in texts) and (gone is None or gone not in shown)
            return shown if done else ""

        return str(
            keep_waiting(
                ready,
                lambda: f"waited for {texts!r} (gone: {gone!r}); the screen showed:\n{seen[0]}",
            )
        )

    def keys(self, *keys: str) -> None:
        """tmux key names (Enter, Escape, C-n, Tab, …), each sent on its own."""
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            # A person's pace. After Esc, longer than tmux's escape-time (500 ms): tmux itself
            # reads Esc and a key within it as alt+key, on a loaded machine too.
            time.sleep(0.6 if key == "Escape" else 0.15)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def close(self) -> None:
        """Close the terminal window (the program gets SIGHUP), and the server."""
        self._tmux("kill-server", check=False)
        shutil.rmtree(self.socket.parent, ignore_errors=True)
