"""The installed ``innerchild`` in a real pseudo-terminal (tmux): a half-typed check-in and
a letter, then the terminal tab is closed (SIGHUP), the process is asked to stop
(SIGTERM) or killed (SIGKILL, once what was typed has been autosaved). Reopened, the
check-in is offered back and the letter's words are on disk.

Each step waits for what the screen shows (polling with a generous bound), never for a
fixed time, so a busy machine only makes it slower.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from terminal import INNERCHILD, keep_waiting, need_tmux

from innerchild_tui.drafts import draft_path

TIMEOUT = 90.0

pytestmark = pytest.mark.slow


class Terminal:
    """One tmux server of its own (its own socket), one session, 120×40; unlike
    ``terminal.Terminal`` it runs ``innerchild`` as the pane's own process (``exec``), so
    the test knows its pid, can signal it and see it end, and it sets the XDG folders."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.socket = f"innerchild-test-{uuid.uuid4().hex[:10]}"
        self.session = "ic"

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    def open(self, db_path: Path) -> int:
        env = {
            "HOME": self.home,
            "XDG_CONFIG_HOME": self.home / "config",
            "XDG_DATA_HOME": self.home / "data",
            "XDG_STATE_HOME": self.home / "state",
            "XDG_CACHE_HOME": self.home / "cache",
            "TERM": "xterm-256color",
        }
        assignments = " ".join(f"{key}={shlex.quote(str(value))}" for key, value in env.items())
        command = (
            f"exec env -u INNERCHILD_DB -u COLUMNS -u LINES {assignments} "
            f"{shlex.quote(str(INNERCHILD))} --db {shlex.quote(str(db_path))}"
        )
        # A server of its own each time: the last one may still be on its way out (it ends
        # when its last session does), and a session made in it would go with it.
        self.socket = f"innerchild-test-{uuid.uuid4().hex[:10]}"
        self.tmux("new-session", "-d", "-s", self.session, "-x", "120", "-y", "40", command)
        pid = self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").strip()
        assert pid.isdigit(), f"tmux did not start innerchild: {self.screen()!r}"
        return int(pid)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, wanted: str | Callable[[str], bool]) -> str:
        seen = [""]

        def check() -> bool:
            seen[0] = self.screen()
            return wanted in seen[0] if isinstance(wanted, str) else wanted(seen[0])

        return wait(check, lambda: f"the screen never showed {wanted!r}:\n{seen[0]}")

    def close(self) -> None:
        """Close the terminal tab: tmux hangs up the pty, the app gets SIGHUP."""
        self.tmux("kill-session", "-t", self.session)

    def kill_server(self) -> None:
        self.tmux("kill-server")


def wait(condition: Callable[[], object], message: str | Callable[[], str]) -> str:
    return str(keep_waiting(condition, message, TIMEOUT))


def gone(pid: int) -> bool:
    """The process has ended (or is a zombie waiting for tmux to reap it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return "State:\tZ" in status


@pytest.fixture
def terminal(isolated_home: Path) -> Iterator[Terminal]:
    need_tmux()
    term = Terminal(isolated_home)
    try:
        yield term
    finally:
        term.kill_server()


def footer(screen: str) -> str:
    lines = [line for line in screen.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def letters_on_disk(db_path: Path) -> list[str]:
    data = json.loads(db_path.read_text(encoding="utf-8"))
    return [str(letter.get("to_child", "")) for letter in data.get("letters", {}).values()]


@pytest.mark.parametrize("ending", ["close the tab (SIGHUP)", "SIGTERM", "SIGKILL"])
def test_a_check_in_and_a_letter_survive_the_terminal_closing(
    terminal: Terminal, db_path: Path, ending: str
) -> None:
    pid = terminal.open(db_path)
    terminal.wait_for("How are you feeling")
    terminal.keys("6")
    terminal.wait_for("okay")  # the mood's word
    terminal.keys("Tab")
    terminal.wait_for("calm · content")  # the feelings offered: the field has the focus
    terminal.type("sad")
    terminal.wait_for("sad")
    terminal.keys("Enter")
    terminal.wait_for("✓ sad")
    terminal.keys("Enter")  # an empty line: on to the needs
    terminal.wait_for("rest · sleep")  # the needs offered while there
    terminal.keys("Enter")  # an empty need: on to the note
    terminal.wait_for(lambda screen: "rest · sleep" not in screen)
    terminal.type("Waiting is not the same as being forgotten.")
    terminal.keys("Enter")
    terminal.type("We breathed together.")
    terminal.wait_for("We breathed together.")
    # Each key that moves the focus is waited for (the footer shows where it is): a key
    # sent in the same burst may reach the widget that had the focus before.
    terminal.keys("Tab")  # out of the note, onto the therapy box: pane keys work again
    terminal.wait_for(lambda screen: "? Keys" in footer(screen))  # ? is a key again
    terminal.keys("l")  # the letter list
    terminal.wait_for(lambda screen: "New letter" in footer(screen))
    terminal.keys("C-n")  # a new letter, the cursor in my voice (single keys type now)
    terminal.wait_for(lambda screen: "? Keys" not in footer(screen))  # ? would be typed
    terminal.type("Dear little one, I am here now")
    terminal.wait_for("I am here now")
    note = "Waiting is not the same as being forgotten.\nWe breathed together."
    if ending == "SIGKILL":
        # Nothing can be done at a SIGKILL: what is typed must already be on disk, saved
        # while typing (every second at most), not at the end.
        wait(
            lambda: (
                "Dear little one, I am here now" in letters_on_disk(db_path)
                and draft_path(db_path).exists()
                and json.loads(draft_path(db_path).read_text(encoding="utf-8"))["note"] == note
            ),
            "what was typed never reached the disk while the app ran",
        )
        os.kill(pid, signal.SIGKILL)
    # At once: no autosave pause is waited for, so the ending itself must save it.
    elif ending == "SIGTERM":
        os.kill(pid, signal.SIGTERM)
    else:
        terminal.close()
    wait(lambda: gone(pid), "the app did not end")

    assert "Dear little one, I am here now" in letters_on_disk(db_path)
    draft = json.loads(draft_path(db_path).read_text(encoding="utf-8"))
    assert draft["note"] == note
    assert "forgotten" not in db_path.read_text(encoding="utf-8")

    terminal.close()
    pid = terminal.open(db_path)
    terminal.wait_for("A check-in you had begun")
    terminal.wait_for("Pick it up")
    terminal.keys("Enter")
    terminal.wait_for("We breathed together.")
    terminal.keys("C-s")
    terminal.wait_for("Thank you for listening to yourself")
    terminal.keys("C-q")
    wait(lambda: gone(pid), "the app did not end on ctrl+q")

    data = json.loads(db_path.read_text(encoding="utf-8"))
    (checkin,) = [c for c in data["checkins"].values() if not c.get("deleted")]
    assert checkin["mood"] == 6
    assert checkin["feelings"] == ["sad"]
    assert checkin["note"].endswith("We breathed together.")
    assert not draft_path(db_path).exists()
    assert "Dear little one, I am here now" in letters_on_disk(db_path)
