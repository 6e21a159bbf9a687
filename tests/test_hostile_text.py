"""Text from the file never reaches the terminal as a command (issue 12).

A file written by another device, a hand edit or a conflict copy can hold terminal escape
sequences, control characters and bidi overrides in any text. The store makes every
string safe where records are read (``domain.shapes``); these tests check that at the
store, in the quick commands, and in what the real dashboard writes to a real terminal
(a pseudo-terminal) on every screen it opens.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import termios
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apphelpers import live, run_cli, run_installed
from terminal import Terminal

from innerchild_tui.cli import main
from innerchild_tui.cli.common import STAND_IN, _emit
from innerchild_tui.cli.today import _export as _export_json
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
    checkin = store.checkins.add(4, ["calm"], ["rest"], note="a note", to_hear="you matter")
    habit = store.habits.add("Walk")
    store.habit_days.set_done(habit["id"], store.today())
    comfort = store.comfort.add("Tea", "warm")
    letter = store.letters.new("Dear one")
    store.letters.update(letter["id"], to_child="to you", from_child="from me")
    contact = store.support.add_contact("Sam", "friend", "0123", "calls back")
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
    assert store.words.vocabulary("feeling")  # the person's own word is there, made safe
    assert not [w for w in store.words.vocabulary("feeling") if _unsafe(w)]
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


# The real dashboard in a real terminal ------------------------------------------------
def _back_to_the_dashboard(term: Terminal, screen: str) -> None:
    """Esc until the dashboard shows again: a lone Esc can wait in a parser on a loaded
    machine, and a person who sees nothing happen presses it again."""
    for _ in range(3):
        term.keys("Escape")
        try:
            term.wait_for("Hold one boundary", gone=screen)
            return
        except pytest.fail.Exception:
            continue
    term.wait_for("Hold one boundary", gone=screen)


@pytest.mark.slow
def test_the_dashboard_writes_no_stored_escape_to_the_terminal(
    db_path: Path, tmp_path: Path
) -> None:
    write_hostile_file(db_path)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    raw = tmp_path / "drawn.bin"
    term = Terminal(tmp_path, home)
    try:
        term.start_recorded(raw, "--db", str(db_path))
        # Every pane on the dashboard, with the hostile texts cleaned but shown.
        term.wait_for("PWNED", "Habits", "Hold one boundary")
        # Each screen: help, history, soothing, support; back with escape each time.
        for key, marker in (
            ("F1", "Save everything and close"),
            ("y", "A year of check-ins"),
            ("C-b", "one breath at a time"),
            ("C-g", "alone"),  # the support screen lists the hostile contact
        ):
            term.keys(key)
            term.wait_for(marker)
            _back_to_the_dashboard(term, marker)
        term.keys("l")  # the letters pane, its letter open
        term.wait_for("New letter")  # the footer of the Letters pane
    finally:
        term.close()
    drawn = raw.read_bytes()
    assert b"PWNED" in drawn  # the text was shown (as harmless characters) ...
    assert b"\x1b]0;" not in drawn  # ... but never as a command
    # The only operating-system commands are the app's own tab title and Textual's mouse
    # pointer shape (each one looked at once: the recording runs to megabytes).
    start = drawn.find(b"\x1b]")
    while start >= 0:
        assert drawn.startswith((b"\x1b]2;innerchild", b"\x1b]22;"), start), drawn[start:][:40]
        start = drawn.find(b"\x1b]", start + 1)
    assert b"\x1bP" not in drawn
    assert b"\xc2\x9b" not in drawn
    for bidi in BIDI_CONTROLS:
        assert bidi.encode() not in drawn


# What a person types, echoed back by a quick command ----------------------------------
RLO = "\u202e"  # right-to-left override: what follows is drawn backwards
LRI = "\u2066"  # left-to-right isolate
ALM = "\u061c"  # Arabic letter mark
ESC_CSI = "\x1b[31m"  # red text


def test_a_checkin_with_typed_bidi_controls_is_kept_and_shown_alike_everywhere(
    db_path: Path,
) -> None:
    """The tester's case: ``checkin --feeling`` with an RLO in it, the installed command
    in its own process, three times. The controls are dropped as they come in, as every
    reading of the file drops them: the reply, the file, ``today`` and the word kept for
    next time all read the same, and nothing is drawn backwards. (They were kept the
    first time a word was typed and dropped by the next save, and the reply showed them
    where the dashboard did not.)"""
    for _ in range(3):
        result = run_installed(
            "--db", str(db_path), "checkin", "--mood", "5",
            "--feeling", f"gl{RLO}um{ESC_CSI}:2", "--need", f"re{LRI}st{C1_CSI}",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert not _unsafe(result.stdout + result.stderr)
        assert "quite glum[31m; needing rest31m." in result.stdout
    records = live(db_path, "checkins")
    assert [r["feelings"] for r in records] == [["glum[31m"]] * 3
    assert [r["needs"] for r in records] == [["rest31m"]] * 3
    assert [r["intensity"] for r in records] == [{"glum[31m": 2}] * 3
    assert not _unsafe(db_path.read_text(encoding="utf-8"))
    today = run_installed("--db", str(db_path), "today")
    assert "glum[31m" in today.stdout
    assert not _unsafe(today.stdout)


ECHOES = [
    pytest.param(["habit", "add", f"Wa{RLO}lk"], "stdout", "“Walk”", id="habit-add"),
    pytest.param(
        ["comfort", "add", f"T{ALM}ea", "--note", "warm"], "stdout", "“Tea”", id="comfort-add"
    ),
    pytest.param(["history", "--search", f"x{LRI}y"], "stdout", "“xy”", id="history-search"),
    pytest.param(["checkin", "--mood", f"5{RLO}"], "stderr", "“5”", id="bad-mood"),
    pytest.param(["habit", "done", f"no{RLO}pe"], "stderr", "“nope”", id="unknown-habit"),
    pytest.param(["letters", "export", "--letter", f"x{RLO}"], "stderr", "“x”", id="no-letter"),
]


@pytest.mark.parametrize(("args", "stream", "shown"), ECHOES)
def test_every_quick_command_echoes_typed_text_without_its_controls(
    db_path: Path, args: list[str], stream: str, shown: str
) -> None:
    Store.open(db_path, device="test-device").save()
    result = run_cli("--db", str(db_path), *args)
    assert not _unsafe(result.stdout + result.stderr), result
    assert shown in getattr(result, stream)
    if args[:2] == ["habit", "add"]:
        assert [h["name"] for h in live(db_path, "habits")][-1] == "Walk"
    if args[:2] == ["comfort", "add"]:
        assert [c["name"] for c in live(db_path, "comfort")] == ["Tea"]


def test_a_data_file_path_is_shown_with_stand_ins(tmp_path: Path) -> None:
    folder = tmp_path / f"sy{RLO}nc"  # not there: the message names it
    result = run_cli("--db", str(folder / "innerchild.json"), "today")
    assert result.returncode == 2
    assert not _unsafe(result.stderr)
    assert f"sy{STAND_IN}nc" in result.stderr


def test_an_export_keeps_its_data_for_a_pipe_and_shows_stand_ins_on_a_terminal() -> None:
    """An export to standard output goes to a pipe (or a file) exactly as it is, the
    person's data unchanged; on a terminal it is shown as every other line is."""
    text = f"# Letters\n\nDear one{RLO}\tyou{ESC_CSI}"
    read_end, write_end = os.pipe()
    with open(write_end, "w", encoding="utf-8") as pipe:
        _emit(text, pipe, export=True)
    with open(read_end, encoding="utf-8") as got:
        assert got.read() == text + "\n"

    leader, follower = pty.openpty()
    attrs = termios.tcgetattr(follower)
    attrs[1] &= ~termios.OPOST  # the line as written, no CR added
    termios.tcsetattr(follower, termios.TCSANOW, attrs)
    try:
        with open(follower, "w", encoding="utf-8") as terminal:
            assert terminal.isatty()
            _emit(text, terminal, export=True)
            terminal.flush()
            shown = os.read(leader, 4096).decode("utf-8")
    finally:
        os.close(leader)
    assert shown == f"# Letters\n\nDear one{STAND_IN}\tyou{STAND_IN}[31m\n"


def test_the_json_export_holds_nothing_a_terminal_would_obey_and_reads_back_the_same(
    db_path: Path,
) -> None:
    store = Store.open(db_path, device="test-device")
    store.checkins.add(5, [f"gl{RLO}um"], [f"re{LRI}st"], note=f"a{ALM}b\x7fc\x9b")
    [line] = _export_json(store, argparse.Namespace()).lines
    assert not _unsafe(line)
    [checkin] = json.loads(line)["checkins"]
    assert (checkin["feelings"], checkin["needs"], checkin["note"]) == (["glum"], ["rest"], "abc")
    assert json.loads(line) == json.loads(json.dumps(store.export()))
