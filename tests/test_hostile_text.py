"""Text from the file never reaches the terminal as a command (issue 12).

A file written by another device, a hand edit or a conflict copy can hold terminal escape
sequences, control characters and bidi overrides in any text. The store makes every
string safe where records are read (``domain.shapes``); these tests check that at the
store, in the quick commands, and in what the real dashboard writes to a real terminal
(a pseudo-terminal) on every screen it opens.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from innerchild_tui.cli import main
from innerchild_tui.domain.shapes import BIDI_CONTROLS, safe_text
from innerchild_tui.store import Store

# What another program could hide in stored text.
TITLE = "\x1b]0;PWNED\x07"  # sets the terminal's title
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
C1_CSI = "\x9b31m"  # an 8-bit escape
REPORT = "\x1bP$q m\x1b\\"  # asks the terminal to answer (DCS)
BIDI = "\u202e\u2066"  # right-to-left override, left-to-right isolate
HOSTILE = TITLE + CLEAR + C1_CSI + REPORT + BIDI + "\x07\x00\r"


def _hostile(text: str) -> str:
    return f"{HOSTILE}{text}{HOSTILE}"


def write_hostile_file(path: Path) -> None:
    """A data file with hostile text in every kind of text a person can see."""
    store = Store.open(path, device="builder")
    checkin = store.add_checkin(4, ["calm"], ["rest"], note="a note", to_hear="you matter")
    habit = store.add_habit("Walk")
    store.set_habit_done(habit["id"], store.today())
    comfort = store.add_comfort("Tea", "warm")
    letter = store.new_letter("Dear one")
    store.update_letter(letter["id"], to_child="to you", from_child="from me")
    contact = store.add_support_contact("Sam", "friend", "0123", "calls back")
    store.save()
    data = json.loads(path.read_bytes())
    c = data["checkins"][checkin["id"]]
    c.update(
        feelings=[_hostile("calm")],
        needs=[_hostile("rest")],
        note=_hostile("a note"),
        to_hear=_hostile("you matter"),
        intensity={_hostile("calm"): 2},
    )
    data["habits"][habit["id"]]["name"] = _hostile("Walk")
    data["comfort"][comfort["id"]].update(name=_hostile("Tea"), note=_hostile("warm"))
    data["letters"][letter["id"]].update(
        title=_hostile("Dear one"), to_child=_hostile("to you"), from_child=_hostile("from me")
    )
    data["support"][contact["id"]].update(name=_hostile("Sam"), note=_hostile("calls back"))
    data.setdefault("words", {})["feeling-odd"] = {
        "id": "feeling-odd",
        "kind": "feeling",
        "word": _hostile("odd"),
        "created_at": c["created_at"],
        "updated_at": c["updated_at"],
        "device": "builder",
        "deleted": False,
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)


def _unsafe(text: str) -> bool:
    return any(
        (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F or ch in BIDI_CONTROLS
        for ch in text
    )


def test_safe_text_keeps_words_and_drops_commands() -> None:
    assert safe_text("plain words, ünïcode and emoji 👩‍👧") == "plain words, ünïcode and emoji 👩‍👧"
    assert safe_text("two\nlines\tand a tab") == "two\nlines\tand a tab"
    cleaned = safe_text(_hostile("Walk"))
    assert not _unsafe(cleaned)
    assert "Walk" in cleaned


def test_every_string_the_store_hands_out_is_safe(db_path: Path) -> None:
    write_hostile_file(db_path)
    store = Store.open(db_path, device="reader")
    shown = store.export()
    assert not [s for s in _strings(shown) if _unsafe(s)]
    assert store.vocabulary("feeling")  # the person's own word is there, made safe
    assert not [w for w in store.vocabulary("feeling") if _unsafe(w)]
    # Merged in from outside while open: made safe the same way.
    write_hostile_file(db_path.with_name("other.json"))
    other = json.loads(db_path.with_name("other.json").read_bytes())
    store.merge_in(other)
    assert not [s for s in _strings(store.export()) if _unsafe(s)]


def test_quick_commands_print_no_control_characters(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_hostile_file(db_path)
    for command in (["today"], ["history"], ["habit", "list"], ["letters", "list"], ["export"]):
        assert main(["--db", str(db_path), *command]) in (0, 1), command
        out, err = capsys.readouterr()
        assert not _unsafe(out), command
        assert not _unsafe(err), command


# The real dashboard on a pseudo-terminal ---------------------------------------------
class Terminal:
    """The app running on a pseudo-terminal; ``drawn`` is every byte it wrote."""

    def __init__(self, db_path: Path, size: tuple[int, int] = (120, 40)) -> None:
        self.master, slave = pty.openpty()
        width, height = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.drawn = bytearray()
        self._changed = threading.Condition()
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "innerchild_tui", "--db", str(db_path)],
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            with self._changed:
                if not chunk:
                    self._changed.notify_all()
                    return
                self.drawn.extend(chunk)
                self._changed.notify_all()

    def wait_for(self, text: bytes, after: int = 0, patience: float = 120) -> int:
        """Wait until ``text`` has been drawn (after offset ``after``); its offset."""
        with self._changed:
            while True:
                found = self.drawn.find(text, after)
                if found >= 0:
                    return found
                if self.process.poll() is not None and not self._reader.is_alive():
                    raise AssertionError(f"the app ended before drawing {text!r}")
                if not self._changed.wait(timeout=patience):
                    raise AssertionError(f"nothing drawn for {patience:.0f} s; wanted {text!r}")

    def quiet(self) -> None:
        """Wait until the app has stopped drawing for a moment: a screen that is still
        being put up may not take a key yet (a person would see it and wait too)."""
        with self._changed:
            for _ in range(40):  # a blinking cursor draws forever: 40 redraws is enough
                if not self._changed.wait(timeout=0.3):
                    return

    def press(self, keys: bytes) -> int:
        mark = len(self.drawn)
        os.write(self.master, keys)
        return mark

    def close(self) -> None:
        if self.process.poll() is None:
            self.press(b"\x11")  # ctrl+q
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=10)
        os.close(self.master)


@pytest.mark.slow
def test_the_dashboard_writes_no_stored_escape_to_the_terminal(db_path: Path) -> None:
    write_hostile_file(db_path)
    terminal = Terminal(db_path)
    try:
        # Every pane on the dashboard, with the hostile texts cleaned but shown.
        terminal.wait_for(b"PWNED")
        terminal.wait_for(b"Habits")
        # Each screen: help, history, soothing, support; back with escape each time.
        for key, marker in (
            (b"\x1bOP", b"Every key"),  # F1
            (b"y", b"History"),
            (b"\x02", b"Soothing"),  # ctrl+b
            (b"\x07", b"Support"),  # ctrl+g: the hostile contact is listed
        ):
            mark = terminal.press(key)
            terminal.wait_for(marker, mark)
            terminal.quiet()
            mark = terminal.press(b"\x1b")
            try:
                terminal.wait_for(b"Hold one boundary", mark, patience=30)  # the dashboard
            except AssertionError:
                # A lone Esc byte can sit in the terminal parser on a loaded machine (it
                # waits to see whether an escape sequence follows); a person presses again.
                mark = terminal.press(b"\x1b")
                terminal.wait_for(b"Hold one boundary", mark)
        mark = terminal.press(b"l")  # the letters pane, its letter open
        terminal.wait_for(b"Letters", mark)
    finally:
        terminal.close()
    drawn = bytes(terminal.drawn)
    assert b"PWNED" in drawn  # the text was shown (as harmless characters) ...
    assert b"\x1b]0;" not in drawn  # ... but never as a command
    for start in range(len(drawn)):
        start = drawn.find(b"\x1b]", start)
        if start < 0:
            break
        # The only operating-system commands are the app's own tab title and Textual's
        # mouse pointer shape.
        assert drawn.startswith((b"\x1b]2;innerchild", b"\x1b]22;"), start), drawn[start:][:40]
    assert b"\x1bP" not in drawn
    assert b"\xc2\x9b" not in drawn
    for bidi in BIDI_CONTROLS:
        assert bidi.encode() not in drawn
