"""The ``innerchild`` command, run as a person would run it.

Most commands run through the entry point's ``main(argv)`` in the test process, the data
file read back from disk; the installed command itself is run where only a new process
shows the point (the entry point, what it imports, a first check-in end to end).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from apphelpers import habit_id, live, read_file, run_cli, run_installed

from innerchild_tui import __version__
from innerchild_tui.store import Store

FUTURE = (date.today() + timedelta(days=2)).isoformat()
ESC = "\x1b"


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """A saved database holding the starter habits and nothing else."""
    Store.open(db_path, device="test-device").save()
    return db_path


# Basics -----------------------------------------------------------------------------
def test_version() -> None:
    result = run_installed("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"innerchild {__version__}"


def test_module_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "innerchild_tui", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"innerchild {__version__}"


def test_help_lists_the_quick_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("checkin", "habit", "comfort", "today", "export", "--db"):
        assert command in result.stdout
    # The default file as the welcome shows it: the home folder as ~.
    assert "~/" in result.stdout and str(Path.home()) not in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("command", "says"),
    [(["habit", "list"], "Something joyful"), (["review"], "A quiet week.")],
)
def test_quick_commands_do_not_import_textual_or_write(
    db_path: Path, command: list[str], says: str
) -> None:
    code = (
        "import sys\n"
        "from innerchild_tui.cli import main\n"
        f"assert main(['--db', sys.argv[1], *{command!r}]) == 0\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert says in result.stdout
    assert not db_path.exists()  # looking changes nothing, so nothing is written


def test_a_quick_command_parses_a_file_in_the_clear_once(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the file is sealed is seen in its bytes, so a quick command on a file in
    the clear parses it once, when it opens it (it used to parse it whole first only to
    look for that: at ten years 0.1 s and a peak of 110 MB for nothing)."""
    parsed: list[int] = []
    real = orjson.loads

    def counted(data: bytes | str) -> object:
        parsed.append(len(data))
        return real(data)

    monkeypatch.setattr(orjson, "loads", counted)
    result = run_cli("--db", str(seeded), "today")
    assert result.returncode == 0, result.stderr
    size = seeded.stat().st_size
    assert size / 2 < sum(parsed) < 1.5 * size  # once (in parts), not twice


# Check-ins --------------------------------------------------------------------------
def test_checkin_is_saved(db_path: Path) -> None:
    result = run_installed(
        "--db", str(db_path), "checkin", "--mood", "7",
        "--feeling", "Calm", "--feeling", "tired", "--need", "rest",
        "--note", f"slow {ESC}[31mmorning",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked in: mood 7 — calm, tired")
    assert result.stderr == ""
    [record] = live(db_path, "checkins")
    assert record["mood"] == 7
    assert record["feelings"] == ["calm", "tired"]
    assert record["needs"] == ["rest"]
    assert record["note"] == "slow [31mmorning"
    assert record["day"] == date.fromisoformat(record["day"]).isoformat()
    assert record["backfilled"] is False
    assert oct(db_path.stat().st_mode & 0o777) == oct(0o600)


def test_checkin_backfill_with_db_after_the_command(db_path: Path) -> None:
    result = run_cli("checkin", "--mood", "4", "--date", "2024-05-01", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "2024-05-01" in result.stdout
    [record] = live(db_path, "checkins")
    assert (record["day"], record["backfilled"], record["mood"]) == ("2024-05-01", True, 4)


def test_innerchild_db_environment_variable(tmp_path: Path) -> None:
    target = tmp_path / "from-env.json"
    result = run_cli("checkin", "--mood", "5", env={"INNERCHILD_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert [r["mood"] for r in live(target, "checkins")] == [5]


def test_settings_file_data_file(tmp_path: Path, isolated_home: Path) -> None:
    target = tmp_path / "from-settings.json"
    settings = isolated_home / "config" / "innerchild" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(f"data_file = {json.dumps(str(target))}\n", encoding="utf-8")
    result = run_cli("comfort", "add", "Music")
    assert result.returncode == 0, result.stderr
    assert [c["name"] for c in live(target, "comfort")] == ["Music"]


def test_settings_are_written_whole_or_not_at_all(tmp_path: Path, isolated_home: Path) -> None:
    import os

    from innerchild_tui.config import Settings, load_settings, save_settings, settings_file

    path = settings_file()
    first = Settings(data_file=str(tmp_path / "Dropbox" / 'my "inner" child.json'))
    save_settings(first)
    before = path.with_name("before.toml")
    os.link(path, before)  # the file as it was: an in-place write would change this too
    left_over = path.with_name(f"~syncthing~{path.name}.k1ll.tmp")
    left_over.write_text("data_", encoding="utf-8")  # a save killed mid-write long ago
    os.utime(left_over, (0, 0))
    second = Settings(
        data_file=first.data_file,
        theme="innerchild-gentle-light",
        welcomed=True,
        checkin_reminder="",
        keymap={"pane.habits": "j", "edit.undo": "ctrl+z"},
    )
    save_settings(second)
    assert load_settings(before) == first  # the old file, untouched
    assert load_settings() == second  # the new one, whole, and read back the same
    assert path.stat().st_ino != before.stat().st_ino  # replaced, not written over
    assert path.stat().st_mode & 0o777 == 0o600
    assert not left_over.exists()


# Habits -----------------------------------------------------------------------------
def test_habit_add_done_list_undo(db_path: Path) -> None:
    db = ("--db", str(db_path))
    added = run_cli(*db, "habit", "add", f"Drink{ESC}[2J", "water")
    assert added.returncode == 0, added.stderr
    assert ESC not in added.stdout
    hid = habit_id(db_path, "Drink[2J water")

    done = run_cli(*db, "habit", "done", "drink[2j", "WATER")  # any case
    assert done.returncode == 0, done.stderr
    completions = read_file(db_path)["completions"]
    [record] = [r for r in completions.values() if r["habit_id"] == hid]
    assert record["id"] == f"{hid}:{record['day']}"
    assert record["status"] == "done"
    assert not record["deleted"]

    listed = run_cli(*db, "habit", "list")
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if "Drink" in x)
    assert line.startswith("✓ Drink[2J water")
    assert line.endswith("1-day streak")
    assert "· Something joyful" in listed.stdout

    undone = run_cli(*db, "habit", "undo", "Drink[2J water")
    assert undone.returncode == 0, undone.stderr
    assert read_file(db_path)["completions"][record["id"]]["deleted"] is True


def test_habit_done_for_an_earlier_day(seeded: Path) -> None:
    result = run_cli(
        "--db", str(seeded), "habit", "done", "Something", "joyful", "--date", "2024-05-01"
    )
    assert result.returncode == 0, result.stderr
    hid = habit_id(seeded, "Something joyful")
    assert read_file(seeded)["completions"][f"{hid}:2024-05-01"]["status"] == "done"


# Comfort, today, export -------------------------------------------------------------
def test_comfort_add_and_list(db_path: Path) -> None:
    added = run_cli(
        "--db", str(db_path), "comfort", "add", "Soft", "blanket", "--note", "the blue one"
    )
    assert added.returncode == 0, added.stderr
    [item] = live(db_path, "comfort")
    assert (item["name"], item["note"], item["used"]) == ("Soft blanket", "the blue one", [])
    listed = run_cli("--db", str(db_path), "comfort", "list")
    assert listed.stdout.strip() == "• Soft blanket — the blue one"


def test_today(db_path: Path) -> None:
    store = Store.open(db_path, device="test-device")
    store.checkins.add(6, ["hopeful"], ["play"], "a good walk")
    store.checkins.add(7, ["calm"], energy=3)
    store.habit_days.set_done(store.habits.named("Something joyful")["id"], store.today())
    store.habit_days.set(store.habits.named("Rest without earning it")["id"], store.today(), "rest")
    item = store.comfort.add("Cocoa")
    store.comfort.toggle_used(item["id"], store.today())
    store.comfort.rate_use(item["id"], store.today(), 8)
    store.letters.new("To the garden")
    store.save()

    result = run_cli("--db", str(db_path), "today")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "mood 6 (okay) — hopeful; needing play" in out
    assert "mood 7 (fairly good), energy 3 (steady) — calm" in out  # energy, when named
    assert "a good walk" in out
    assert "Habits (3 of 5 tended)" in out  # the check-in ticked its own habit
    assert "– Rest without earning it (rest)" in out
    assert "✓ Something joyful" in out
    assert "✓ Check in with my inner child" in out
    assert "· Write a letter" in out
    assert "• Cocoa (it helped 8 of 10)" in out
    assert "Letters\n  • To the garden" in out  # written today (the title only)


def test_today_builds_no_index_of_every_habits_days(db_path: Path) -> None:
    """Today's habits are looked up by each habit's entry for today: at ten years the
    index of every day of every habit (a scan of some 50,000 ticks) was a third of the
    command's time and 40 MB of its peak."""
    import argparse

    from innerchild_tui.cli.today import _today

    store = Store.open(db_path, device="test-device")
    for offset in range(30):
        store.habit_days.set_done(
            store.habits.named("Write a letter")["id"], store.today() - timedelta(offset)
        )
    store.save()
    store = Store.open(db_path, device="test-device")
    lines = _today(store, argparse.Namespace()).lines
    assert "Habits (1 of 5 tended)" in lines and "  ✓ Write a letter" in lines
    assert store._habit_index.builds == 0


def test_today_and_search_read_only_what_they_show(db_path: Path) -> None:
    """``today`` holds the habits, the comfort items and today's records; ``search``
    everything but the habits' days. Each says what it said with every record held,
    and the store they hold cannot write (at ten years: 134 -> 47 MB, 97 -> 48 MB)."""
    import argparse

    from innerchild_tui.cli.search import _search, search_view
    from innerchild_tui.cli.today import _today, today_view
    from innerchild_tui.store import StoreError

    store = Store.open(db_path, device="test-device")
    today = store.today()
    for offset in range(12):
        day = today - timedelta(offset)
        store.checkins.add(5 + offset % 3, note=f"the garden on day {offset}", day=day)
        store.habit_days.set_done(store.habits.named("Write a letter")["id"], day)
    item = store.comfort.add("Garden bench")
    store.comfort.toggle_used(item["id"], today)
    store.letters.new("To the garden")
    store.save()
    before = db_path.read_bytes()
    full = Store.open(db_path, device="test-device")
    looks = {"today": today_view(today), "search": search_view(today)}
    partial = {
        name: Store.open(db_path, device="test-device", keep=keep) for name, keep in looks.items()
    }
    for_search = argparse.Namespace(words=["garden"], start=None, end=None)
    assert (
        _today(partial["today"], argparse.Namespace()).lines
        == _today(full, argparse.Namespace()).lines
    )
    assert _search(partial["search"], for_search).lines == _search(full, for_search).lines
    held = partial["today"]._storage.read()
    assert len(held["checkins"]) == 1 and len(held["completions"]) == 2  # today's
    assert len(held["habits"]) == 5 and not partial["search"]._storage.read()["completions"]
    for store in partial.values():
        with pytest.raises(StoreError, match="writes nothing"):
            store.checkins.add(3)
    assert db_path.read_bytes() == before


def test_export_json(db_path: Path) -> None:
    run_cli("--db", str(db_path), "checkin", "--mood", "8", "--feeling", "playful")
    result = run_cli("--db", str(db_path), "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    assert exported["app"] == "innerchild-tui"
    assert [c["feelings"] for c in exported["checkins"]] == [["playful"]]
    assert len(exported["habits"]) == 5


# Bad input: one kind line, exit 2, the file untouched -------------------------------
BAD_INPUT = [
    pytest.param(["checkin", "--mood", "11"], "1 to 10", id="mood-11"),
    pytest.param(["checkin", "--mood", "0"], "1 to 10", id="mood-0"),
    pytest.param(["checkin", "--mood", "abc"], "1 to 10", id="mood-abc"),
    pytest.param(["habit", "done", "Juggling"], "no habit called “Juggling”", id="unknown-habit"),
    pytest.param(
        ["checkin", "--mood", "5", "--date", "2026-02-30"], "not a date", id="no-such-date"
    ),
    pytest.param(["checkin", "--mood", "5", "--date", FUTURE], "not come yet", id="future-checkin"),
    pytest.param(
        ["habit", "done", "Something joyful", "--date", FUTURE], "not come yet", id="future-habit"
    ),
    pytest.param(["export", "--format", "xml"], "xml", id="export-format"),
]


@pytest.mark.parametrize(("args", "words"), BAD_INPUT)
def test_bad_input_changes_nothing(seeded: Path, args: list[str], words: str) -> None:
    before = seeded.read_bytes()
    result = run_cli("--db", str(seeded), *args)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("innerchild: ")
    assert words in line
    assert seeded.read_bytes() == before


@pytest.mark.parametrize("command", [["today"], ["checkin", "--mood", "5"]])
def test_corrupt_file_is_left_alone(db_path: Path, command: list[str]) -> None:
    garbage = b'{"checkins": {"01H": {\x00\xff garbage'
    db_path.write_bytes(garbage)
    result = run_cli("--db", str(db_path), *command)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("innerchild: ")
    assert "could not be read" in line
    assert db_path.read_bytes() == garbage
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_damaged_byte_is_named_where_it_is(db_path: Path) -> None:
    """One byte in the middle of a file the commands wrote turned to 0xFF (a worn disk,
    a bad copy): the message names its line and column as an editor counts them and its
    offset from the file's start (it named line 1, column 1), and the file is kept."""
    for mood, note in (("3", "a slow morning"), ("6", "tea with Sam"), ("8", "sunlight")):
        done = run_cli("--db", str(db_path), "checkin", "--mood", mood, "--note", note)
        assert done.returncode == 0, done.stderr
    raw = bytearray(db_path.read_bytes())
    at = len(raw) // 2
    assert raw[at] < 0x80  # a character of its own (one byte), not part of one
    raw[at] = 0xFF
    db_path.write_bytes(raw)
    column = len(raw[:at].decode("utf-8")) + 1  # the file is one line, as the app writes it

    result = run_installed("--db", str(db_path), "today")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert f"at line 1, column {column} (byte offset {at}) the byte 0xFF does not read" in line
    assert "It has been left exactly as it is" in line
    assert db_path.read_bytes() == raw


def test_bad_input_on_a_new_file_creates_nothing(db_path: Path) -> None:
    result = run_cli("--db", str(db_path), "checkin", "--mood", "eleven")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()
