"""`innerchild habit done|partial|rest|show`, run in-process, checked on the file."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from innerchild_tui.cli import main
from innerchild_tui.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def completions(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.get("completions", {}).items() if not v.get("deleted")}


@pytest.fixture
def seeded(db_path: Path) -> Path:
    store = Store.open(db_path, device="seed")
    water = store.habits.add("Drink water")
    store.habits.update(water["id"], kind="counted", target=6, unit="glasses")
    store.save()
    return db_path


def test_done_partial_rest_with_notes(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", str(seeded))
    today = Store.open(seeded, device="x").today()
    yesterday = (today - timedelta(days=1)).isoformat()
    code, out, _ = run(capsys, *db, "habit", "done", "Something", "joyful", "--note", "sang")
    assert code == 0 and "Ticked “Something joyful” for today" in out
    code, out, _ = run(capsys, *db, "habit", "partial", "something joyful", "--date", yesterday)
    assert code == 0 and "gentle minimum" in out
    code, out, _ = run(
        capsys,
        *db,
        "habit",
        "rest",
        "Write a letter",
        "--reason",
        "overwhelmed",
        "--note",
        "too much",
    )
    assert code == 0 and "Rest keeps your streak safe" in out
    tomorrow = (today + timedelta(days=1)).isoformat()
    code, out, _ = run(capsys, *db, "habit", "rest", "Write a letter", "--date", tomorrow)
    assert code == 0  # a planned rest may be a day to come
    found = completions(seeded)
    joyful = "habit-something-joyful"
    assert found[f"{joyful}:{today}"]["status"] == "done"
    assert found[f"{joyful}:{today}"]["note"] == "sang"
    assert found[f"{joyful}:{yesterday}"]["status"] == "partial"
    rest = found[f"habit-write-a-letter:{today}"]
    assert (rest["status"], rest["reason"], rest["note"]) == ("rest", "overwhelmed", "too much")
    assert found[f"habit-write-a-letter:{tomorrow}"]["status"] == "rest"
    code, _, err = run(capsys, *db, "habit", "done", "Write a letter", "--date", tomorrow)
    assert code == 2 and "not come yet" in err


def test_a_rest_after_a_partial_is_a_rest_with_its_own_words(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", str(seeded))
    run(capsys, *db, "habit", "add", "Walk outside")
    run(capsys, *db, "habit", "add", "Read")
    run(capsys, *db, "habit", "partial", "Walk outside", "--note", "just round the block")
    code, _, _ = run(capsys, *db, "habit", "rest", "Walk outside", "--reason", "sick")
    assert code == 0
    code, out, _ = run(capsys, *db, "habit", "show", "Walk outside")
    assert "rest (sick)" in out
    assert "round the block" not in out  # the partial's note went with the partial
    (entry,) = [v for v in completions(seeded).values() if v["habit_id"] == "habit-walk-outside"]
    assert (entry["status"], entry["reason"], entry.get("note")) == ("rest", "sick", None)
    # Between done and partly done the day's note stays: it is the same doing.
    run(capsys, *db, "habit", "partial", "Read", "--note", "two pages")
    run(capsys, *db, "habit", "done", "Read")
    (read,) = [v for v in completions(seeded).values() if v["habit_id"] == "habit-read"]
    assert (read["status"], read["note"]) == ("done", "two pages")


def test_days_are_named_in_plain_words(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", str(seeded))
    today = Store.open(seeded, device="x").today()
    yesterday = today - timedelta(days=1)
    run(capsys, *db, "habit", "add", "Walk outside")
    _, out, _ = run(capsys, *db, "habit", "rest", "Walk outside")
    assert "A rest day for “Walk outside” today." in out
    _, out, _ = run(capsys, *db, "habit", "rest", "Walk outside", "--date", yesterday.isoformat())
    assert f"A rest day for “Walk outside” on {yesterday:%A} {yesterday.isoformat()}." in out
    run(capsys, *db, "habit", "done", "Walk outside")
    _, out, _ = run(capsys, *db, "habit", "undo", "Walk outside")
    assert "Took back the tick for “Walk outside” today." in out
    assert "on today" not in out


def test_counted_habit(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", str(seeded))
    code, out, _ = run(capsys, *db, "habit", "partial", "Drink water", "--amount", "2")
    assert code == 0
    code, out, _ = run(capsys, *db, "habit", "done", "Drink water")
    assert code == 0 and "6 glasses (done)" in out
    (entry,) = [v for v in completions(seeded).values() if v["habit_id"] == "habit-drink-water"]
    assert (entry["status"], entry["amount"]) == ("done", 6.0)
    code, _, err = run(capsys, *db, "habit", "done", "Drink water", "--amount", "lots")
    assert code == 2 and "amount is a number" in err


def test_show(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(seeded, device="seed")
    today = store.today()
    habit = store.habits.named("Something joyful")
    for offset in (1, 2, 3, 6, 7):
        store.habit_days.set(habit["id"], today - timedelta(days=offset), "done")
    store.habit_days.set(
        habit["id"], today - timedelta(days=4), "rest", reason="sick", note="fever"
    )
    store.save()
    code, out, _ = run(capsys, "--db", str(seeded), "habit", "show", "something joyful")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Something joyful"
    assert "every day · never miss twice" in lines[1]
    assert "Streak: 5 days · best 5 · strength" in out  # rest kept it; one miss forgiven
    strip = next(s for s in (x.strip() for x in lines) if s and set(s) <= set("●◐–‖○· "))
    assert len(strip) == 30 and strip.endswith("●●·–●●●○")
    assert f"{(today - timedelta(days=4)).isoformat()}" in out and "rest (sick) — fever" in out


def test_show_hides_numbers_when_asked(
    seeded: Path, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    (isolated_home / "config" / "innerchild").mkdir(parents=True)
    (isolated_home / "config" / "innerchild" / "settings.toml").write_text("hide_numbers = true\n")
    run(capsys, "--db", str(seeded), "habit", "done", "Something joyful")
    code, out, _ = run(capsys, "--db", str(seeded), "habit", "show", "Something joyful")
    assert code == 0 and "Streak" not in out and "strength" not in out
    code, out, _ = run(capsys, "--db", str(seeded), "habit", "list")
    assert "streak" not in out


def test_unknown_habit_writes_nothing(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = seeded.read_bytes()
    code, _, err = run(capsys, "--db", str(seeded), "habit", "rest", "Juggling")
    assert code == 2 and "no habit called" in err
    assert seeded.read_bytes() == before
