"""``innerchild export --format csv|habitbull``: files read back with ``csv`` match the store."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest

from innerchild_tui.cli import main
from innerchild_tui.store import Store
from innerchild_tui.store.exports import LIST_SEPARATOR

DATA = Path(__file__).parent / "data"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def full(db_path: Path) -> Path:
    """A data file with every kind of record, made through the real commands."""
    checkin = [
        "checkin", "--mood", "4", "--energy", "2", "--feeling", "sad:3", "--feeling", "tired",
        "--need", "a hug", "--body", "tight chest", "--age", "7", "--hear", "you are safe",
        "--note", "first line\nsecond, with a comma and \"quotes\"", "--therapy",
    ]  # fmt: skip
    assert run(db_path, *checkin) == 0
    assert run(db_path, "import", "daylio", str(DATA / "daylio" / "full.csv")) == 0
    assert run(db_path, "import", "loop", str(DATA / "loop" / "csv")) == 0
    assert run(db_path, "import", "jrnl", str(DATA / "jrnl" / "export.json")) == 0
    assert run(db_path, "comfort", "add", "Blue blanket", "--note", "the soft one") == 0
    store = Store.open(db_path, device="test")
    item = store.comfort.all()[0]
    store.comfort.mark_used(item["id"], store.today(), helped=8)
    store.save()
    return db_path


def read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_csv_round_trip(full: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert run(full, "export", "--format", "csv", "--to", str(out)) == 0
    names = {p.name for p in out.iterdir()}
    assert names == {
        "checkins.csv", "habits.csv", "habit_days.csv", "comfort.csv", "comfort_uses.csv",
        "letters.csv",
    }  # fmt: skip
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store = Store.open(full, device="test")

    checkins = {row["id"]: row for row in read(out / "checkins.csv")}
    assert len(checkins) == len(store.checkins.all())
    for record in store.checkins.all():
        row = checkins[record["id"]]
        assert row["day"] == record["day"]
        assert int(row["mood"]) == record["mood"]
        assert row["note"] == record["note"]
        for field in ("feelings", "needs", "body", "tags"):
            words = record.get(field, [])
            assert (row[field].split(LIST_SEPARATOR) if row[field] else []) == words
        assert row["therapy"] == ("true" if record["therapy"] else "false")
    mine = next(row for row in checkins.values() if row["therapy"] == "true")
    assert mine["intensity"] == "sad:3"
    assert (mine["energy"], mine["age"], mine["to_hear"]) == ("2", "7", "you are safe")
    assert mine["note"] == 'first line\nsecond, with a comma and "quotes"'

    habits = {row["id"]: row for row in read(out / "habits.csv")}
    assert habits["loop-walk-outside"]["schedule"] == "3 in a week"
    assert (habits["loop-water"]["target"], habits["loop-water"]["unit"]) == ("6", "glasses")
    assert habits["loop-journal"]["archived"] == "true"
    days = read(out / "habit_days.csv")
    kept = {
        (h, d.isoformat()): r
        for h, entries in store.habit_days.by_habit().items()
        for d, r in entries.items()
    }
    assert {(row["habit_id"], row["day"]) for row in days} == set(kept)
    water = next(r for r in days if r["habit_id"] == "loop-water" and r["day"] == "2024-06-02")
    assert (water["status"], water["amount"], water["note"]) == ("partial", "2.5", "a busy day")

    (comfort,) = read(out / "comfort.csv")
    assert (comfort["name"], comfort["note"]) == ("Blue blanket", "the soft one")
    (use,) = read(out / "comfort_uses.csv")
    assert (use["comfort"], use["day"], use["helped"]) == (
        "Blue blanket",
        store.today().isoformat(),
        "8",
    )

    letters = {row["id"]: row for row in read(out / "letters.csv")}
    for letter in store.letters.all():
        row = letters[letter["id"]]
        assert (row["title"], row["to_child"], row["day"]) == (
            letter["title"],
            letter["to_child"],
            letter["day"],
        )
        assert row["tags"].split(LIST_SEPARATOR) == letter["tags"]
        assert row["starred"] == ("true" if letter["starred"] else "false")


def test_csv_needs_a_folder(full: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(full, "export", "--format", "csv") == 2
    assert "--to DIR" in capsys.readouterr().err


def test_csv_never_over_the_data_file(full: Path) -> None:
    before = full.read_bytes()
    assert run(full, "export", "--format", "habitbull", "--to", str(full)) == 2
    assert full.read_bytes() == before


def test_habitbull_parsed_back(full: Path, tmp_path: Path) -> None:
    target = tmp_path / "habitbull.csv"
    assert run(full, "export", "--format", "habitbull", "--to", str(target)) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = read(target)
    assert list(rows[0]) == [
        "HabitName", "HabitDescription", "HabitCategory", "CalendarDate", "Value", "CommentText",
    ]  # fmt: skip
    found = {(r["HabitName"], r["CalendarDate"]): r for r in rows}
    # Kept days only: the rest day (2024-06-02) of Walk outside is not there.
    assert {d for n, d in found if n == "Walk outside"} == {"2024-05-30", "2024-06-03"}
    assert found[("Walk outside", "2024-06-03")]["CommentText"] == "round the park"
    assert found[("Water", "2024-06-02")]["Value"] == "2.5"
    assert found[("Water", "2024-06-03")]["Value"] == "6"
    assert found[("Walk outside", "2024-05-30")]["Value"] == "1"


def test_json_export_to_a_file(full: Path, tmp_path: Path) -> None:
    import json

    target = tmp_path / "backup.json"
    assert run(full, "export", "--to", str(target)) == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))["letters"]) == 2
