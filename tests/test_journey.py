"""A new person's first day, in a real terminal, exactly as the README says.

The installed ``innerchild`` runs in tmux with an empty HOME and no INNERCHILD_DB: the
welcome, a check-in, a letter, Esc and a pane key, quit, open again, and everything is
still there — on the screen and in the default data file. At 120×40 and at 80×24.
"""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from apphelpers import live
from terminal import INNERCHILD, Terminal

pytestmark = pytest.mark.slow

LETTER = "Dear little one, I am here now."


def default_file(home: Path) -> Path:
    return home / ".local" / "share" / "innerchild" / "innerchild.json"


def innerchild(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a person runs it from a shell."""
    return subprocess.run(
        [str(INNERCHILD), *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def terminal_home(tmp_path: Path) -> Path:
    home = tmp_path / "fresh-home"
    home.mkdir()
    return home


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_a_first_day_in_a_real_terminal(
    tmp_path: Path, terminal_home: Path, size: tuple[int, int]
) -> None:
    term = Terminal(tmp_path, terminal_home, *size)
    try:
        term.start()
        shown = term.wait_for("Welcome", "Where should your data file live?")
        assert "Here on this computer" in shown  # the welcome fits, its choice included
        term.keys("Enter")  # here on this computer
        term.wait_for("Check-in", gone="Welcome")

        # A check-in: mood 7, a feeling, saved.
        term.keys("c", "7", "Tab")
        term.type("calm")
        term.wait_for("calm")
        term.keys("Enter")
        term.wait_for("✓ calm")
        term.keys("C-s")
        term.wait_for("7 fairly good · calm")

        # A letter: the pane key lands on the list, ctrl+n starts one.
        term.keys("Escape", "l", "C-n")
        term.wait_for("(untitled)")
        term.type(LETTER)
        term.wait_for("Dear little")
        # Esc leaves the letter; y is then the history, not a letter typed.
        term.keys("Escape", "y")
        term.wait_for("A year of check-ins")
        term.keys("Escape")
        term.wait_for("Letters", gone="A year of check-ins")
        term.keys("c", "q")
        term.wait_for("innerchild-exited-0")
        term.close()

        data_file = default_file(terminal_home)
        assert stat.S_IMODE(data_file.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(data_file.stat().st_mode) == 0o600
        (checkin,) = live(data_file, "checkins")
        assert checkin["mood"] == 7
        assert [letter["to_child"] for letter in live(data_file, "letters")] == [LETTER]

        # Open it again: no welcome, and everything is there.
        term = Terminal(tmp_path, terminal_home, *size)
        term.start()
        term.wait_for("Check-in", "7 fairly good · calm")
        assert "Welcome" not in term.screen()
        term.keys("l")
        term.wait_for("Dear little")
        term.keys("q")
        term.wait_for("innerchild-exited-0")
    finally:
        term.close()
    assert [letter["to_child"] for letter in live(data_file, "letters")] == [LETTER]


def test_the_first_quick_command_works_on_a_fresh_machine(terminal_home: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(terminal_home), "LANG": "C.UTF-8"}
    done = innerchild(env, "checkin", "--mood", "6")
    assert done.returncode == 0, done.stderr
    assert [r["mood"] for r in live(default_file(terminal_home), "checkins")] == [6]
    shown = innerchild(env, "--help").stdout
    named = "~/" + str(default_file(terminal_home).relative_to(terminal_home))  # as read
    assert named.replace(" ", "") in shown.replace("\n", "").replace(" ", "")


def test_a_named_file_in_a_missing_folder_is_refused_kindly(
    tmp_path: Path, terminal_home: Path
) -> None:
    missing = tmp_path / "Sync-not-mounted" / "innerchild.json"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(terminal_home), "INNERCHILD_DB": str(missing)}
    done = innerchild(env, "checkin", "--mood", "6")
    assert done.returncode == 2
    assert "not there" in done.stderr and "Nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not missing.parent.exists()
