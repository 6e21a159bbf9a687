"""``innerchild encryption …`` and the passphrase on every command.

The commands run through the CLI's own entry point in the test process, with nothing on
stdin (as from a script or cron); the first test runs the installed ``innerchild`` too.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import keyring
import pytest
from apphelpers import run_cli, run_installed

from innerchild_tui.cli import encryption as cli_encryption
from innerchild_tui.cli import main
from innerchild_tui.store import Store
from innerchild_tui.store.crypto import Passphrase

PASS = "a quiet garden in the rain"
NEW_PASS = "the swing under the apple tree"
NOTE = "the letter I never sent to my father"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``innerchild ARGS`` with no terminal on stdin (as from a script or cron)."""
    return run_cli(*args)


@pytest.fixture
def secret_files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "pass.txt", tmp_path / "new-pass.txt"
    old.write_text(PASS + "\n")
    new.write_text(NEW_PASS + "\n")
    return old, new


@pytest.fixture
def sealed(db_path: Path, secret_files: tuple[Path, Path]) -> Path:
    result = cli("--db", str(db_path), "checkin", "--mood", "6", "--note", NOTE)
    assert result.returncode == 0, result.stderr
    result = cli(
        "--db", str(db_path), "--passphrase-file", str(secret_files[0]),
        "encryption", "on", "--no-recovery-key",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "cannot be recovered" in result.stderr
    assert "No recovery key was made" in result.stdout  # said, not silently skipped
    assert NOTE not in db_path.read_text()
    return db_path


def test_without_a_terminal_or_a_passphrase_file_it_stops_writing_nothing(sealed: Path) -> None:
    before = sealed.read_bytes()
    folder = sorted(p.name for p in sealed.parent.iterdir())
    for args in (("today",), ("checkin", "--mood", "5"), ("habit", "done", "Rest"), ("export",)):
        for run in (cli, run_installed):
            result = run("--db", str(sealed), *args)
            assert result.returncode == 2, (run, args)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "--passphrase-file" in lines[0], result.stderr
            assert result.stdout == ""
    assert sealed.read_bytes() == before
    assert sorted(p.name for p in sealed.parent.iterdir()) == folder


def test_a_passphrase_file_opens_it_for_any_command(
    sealed: Path, secret_files: tuple[Path, Path]
) -> None:
    passphrase = str(secret_files[0])
    result = cli("--db", str(sealed), "--passphrase-file", passphrase, "checkin", "--mood", "4")
    assert result.returncode == 0, result.stderr
    # The option may follow the command too.
    result = cli("--db", str(sealed), "export", "--passphrase-file", passphrase)
    assert result.returncode == 0, result.stderr
    assert [c["mood"] for c in json.loads(result.stdout)["checkins"]] in ([6, 4], [4, 6])
    assert NOTE not in sealed.read_text()
    assert PASS not in sealed.read_text()


def test_a_wrong_passphrase_file_writes_nothing(sealed: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the one\n")
    before = sealed.read_bytes()
    result = cli("--db", str(sealed), "--passphrase-file", str(wrong), "checkin", "--mood", "3")
    assert result.returncode == 2
    assert "did not unlock" in result.stderr
    assert sealed.read_bytes() == before


def test_change_then_off(sealed: Path, secret_files: tuple[Path, Path]) -> None:
    old, new = (str(p) for p in secret_files)
    result = cli(
        "--db", str(sealed), "--passphrase-file", old,
        "encryption", "change", "--new-passphrase-file", new,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert cli("--db", str(sealed), "--passphrase-file", old, "today").returncode == 2
    assert cli("--db", str(sealed), "--passphrase-file", new, "today").returncode == 0
    # Off asks first; without a terminal it needs --yes.
    result = cli("--db", str(sealed), "--passphrase-file", new, "encryption", "off")
    assert result.returncode == 2 and "--yes" in result.stderr
    assert NOTE not in sealed.read_text()
    result = cli("--db", str(sealed), "--passphrase-file", new, "encryption", "off", "--yes")
    assert result.returncode == 0, result.stderr
    assert NOTE in sealed.read_text()
    assert cli("--db", str(sealed), "today").returncode == 0


def test_the_recovery_key_is_shown_once_and_opens_the_file(
    db_path: Path, secret_files: tuple[Path, Path], tmp_path: Path
) -> None:
    cli("--db", str(db_path), "checkin", "--mood", "6", "--note", NOTE)
    result = cli(
        "--db", str(db_path), "--passphrase-file", str(secret_files[0]),
        "encryption", "on", "--recovery-key",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = [line.strip() for line in result.stdout.splitlines() if line.count("-") == 12]
    assert len(shown) == 1
    recovery = tmp_path / "recovery.txt"
    recovery.write_text(shown[0] + "\n")
    result = cli("--db", str(db_path), "--recovery-key-file", str(recovery), "export")
    assert result.returncode == 0, result.stderr
    assert NOTE in result.stdout
    assert shown[0] not in db_path.read_text()


def test_asked_on_a_terminal(
    sealed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["not it", PASS])
    monkeypatch.setattr(cli_encryption, "_interactive", lambda: True)
    monkeypatch.setattr(cli_encryption, "_ask", lambda prompt: next(answers))
    assert main(["--db", str(sealed), "checkin", "--mood", "8", "--note", "asked"]) == 0
    assert "take your time" in capsys.readouterr().err
    notes = [
        c["note"] for c in Store.open(sealed, device="x", secret=Passphrase(PASS)).checkins.all()
    ]
    assert "asked" in notes


def test_turning_on_asks_twice(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("--db", str(db_path), "checkin", "--mood", "6", "--note", NOTE)
    answers = iter(["short", PASS, "a different one", PASS, PASS])
    monkeypatch.setattr(cli_encryption, "_interactive", lambda: True)
    monkeypatch.setattr(cli_encryption, "_ask", lambda prompt: next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt: "")  # the recovery key: yes
    assert main(["--db", str(db_path), "encryption", "on"]) == 0
    out = capsys.readouterr()
    assert "did not match" in out.err and "at least 8" in out.err
    assert "recovery key" in out.out
    assert NOTE not in db_path.read_text()
    assert (
        Store.open(db_path, device="x", secret=Passphrase(PASS)).checkins.all()[0]["note"] == NOTE
    )


def test_remember_and_forget(
    sealed: Path,
    secret_files: tuple[Path, Path],
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli_encryption, "_interactive", lambda: False)
    assert main(["--db", str(sealed), "today"]) == 2  # not remembered: no way to ask
    passphrase = str(secret_files[0])
    assert (
        main(["--db", str(sealed), "--passphrase-file", passphrase, "encryption", "remember"]) == 0
    )
    assert memory_keyring.kept and PASS not in str(memory_keyring.kept)
    assert main(["--db", str(sealed), "checkin", "--mood", "5", "--note", "remembered"]) == 0
    assert main(["--db", str(sealed), "encryption", "forget"]) == 0
    assert not memory_keyring.kept
    assert main(["--db", str(sealed), "today"]) == 2


def test_no_keyring_is_said_kindly(
    sealed: Path, secret_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code = main(
            [
                "--db",
                str(sealed),
                "--passphrase-file",
                str(secret_files[0]),
                "encryption",
                "remember",
            ]
        )
    finally:
        keyring.set_keyring(before)
    assert code == 2
    err = capsys.readouterr().err
    assert "no keyring" in err and "Traceback" not in err


def test_doctor_looks_a_sealed_file_over_without_its_passphrase(sealed: Path) -> None:
    before = sealed.read_bytes()
    result = cli("--db", str(sealed), "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Encryption: on" in result.stdout
    assert "1 check-in" in result.stdout
    assert NOTE not in result.stdout
    assert sealed.read_bytes() == before


def test_a_recovery_key_typed_at_the_prompt_opens_it(
    db_path: Path, secret_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("--db", str(db_path), "checkin", "--mood", "6", "--note", NOTE)
    result = cli(
        "--db", str(db_path), "--passphrase-file", str(secret_files[0]),
        "encryption", "on", "--recovery-key",
    )  # fmt: skip
    recovery = next(line.strip() for line in result.stdout.splitlines() if line.count("-") == 12)
    answers = iter([recovery.lower()])
    monkeypatch.setattr(cli_encryption, "_interactive", lambda: True)
    monkeypatch.setattr(cli_encryption, "_ask", lambda prompt: next(answers))
    assert main(["--db", str(db_path), "checkin", "--mood", "2", "--note", "by the key"]) == 0
    notes = [
        c["note"] for c in Store.open(db_path, device="x", secret=Passphrase(PASS)).checkins.all()
    ]
    assert sorted(notes) == sorted([NOTE, "by the key"])
