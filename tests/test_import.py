"""``innerchild import``: Loop, Daylio and jrnl files into a real data file, by the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from apphelpers import read_file

from innerchild_tui.cli import main
from innerchild_tui.store import Store
from innerchild_tui.store.backups import list_backups

DATA = Path(__file__).parent / "data"


def live(path: Path, table: str) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in read_file(path).get(table, {}).items() if not r.get("deleted")}


def days_of(path: Path, habit_id: str) -> dict[str, dict[str, Any]]:
    return {r["day"]: r for r in live(path, "completions").values() if r["habit_id"] == habit_id}


@pytest.fixture
def seeded(db_path: Path) -> Path:
    Store.open(db_path, device="test-device").save()
    return db_path


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


# Loop ---------------------------------------------------------------------------------
def test_loop_old_schema_db(seeded: Path) -> None:
    assert run(seeded, "import", "loop", str(DATA / "loop" / "old_schema.db")) == 0
    habits = {h["name"]: h for h in live(seeded, "habits").values()}
    meditate, friend, old = habits["Meditate"], habits["Call a friend"], habits["Old habit"]
    assert meditate["id"] == "loop-meditate"  # no uuid column in this schema: the name
    assert meditate["description"] == "Did I meditate?"
    assert friend["schedule"] == {"type": "times", "times": 3, "days": 7}
    assert meditate["schedule"] == {"type": "daily"}
    assert old["archived"] is True and not meditate["archived"]
    # Loop's order kept, after the habits already there.
    assert friend["order"] < meditate["order"] < old["order"]
    assert min(h["order"] for h in habits.values() if not h.get("imported")) < friend["order"]
    assert sorted(days_of(seeded, "loop-meditate")) == ["2024-03-01", "2024-03-02", "2024-03-04"]
    assert all(d["status"] == "done" for d in days_of(seeded, "loop-meditate").values())


def test_loop_new_schema_values_counts_and_notes(seeded: Path) -> None:
    assert run(seeded, "import", "loop", str(DATA / "loop" / "new_schema.db")) == 0
    rest = days_of(seeded, "loop-a1b2c3")  # the uuid names the habit
    # YES_MANUAL → done (with its note), SKIP → rest; YES_AUTO, NO, UNKNOWN → nothing.
    assert {d: (r["status"], r.get("note")) for d, r in rest.items()} == {
        "2024-05-01": ("done", "felt good"),
        "2024-05-02": ("rest", None),
    }
    water = live(seeded, "habits")["loop-d4e5f6"]
    assert (water["kind"], water["target"], water["unit"]) == ("counted", 8.0, "glasses")
    days = days_of(seeded, "loop-d4e5f6")
    assert (days["2024-05-01"]["amount"], days["2024-05-01"]["status"]) == (8.0, "done")
    assert (days["2024-05-02"]["amount"], days["2024-05-02"]["status"]) == (3.5, "partial")
    assert days["2024-05-02"]["note"] == "hot day"
    # "At most 2 hours": kept as words, not as an aim; within the limit is done.
    screen = live(seeded, "habits")["loop-g7h8i9"]
    assert screen["kind"] == "yesno" and "target" not in screen
    assert "At most 2 hours" in screen["description"]
    limits = days_of(seeded, "loop-g7h8i9")
    assert (limits["2024-05-01"]["status"], limits["2024-05-01"]["amount"]) == ("done", 1.5)
    assert (limits["2024-05-02"]["status"], limits["2024-05-02"]["amount"]) == ("partial", 4.0)


def test_loop_csv_folder(seeded: Path) -> None:
    assert run(seeded, "import", "loop", str(DATA / "loop" / "csv")) == 0
    habits = {h["name"]: h for h in live(seeded, "habits").values()}
    assert habits["Walk outside"]["schedule"] == {"type": "times", "times": 3, "days": 7}
    assert habits["Journal"]["archived"] is True
    walk = days_of(seeded, habits["Walk outside"]["id"])
    assert {d: r["status"] for d, r in walk.items()} == {
        "2024-06-03": "done",
        "2024-06-02": "rest",
        "2024-05-30": "done",
    }
    assert walk["2024-06-03"]["note"] == "round the park"
    assert walk["2024-06-02"]["note"] == "rain"
    water = days_of(seeded, habits["Water"]["id"])
    assert {d: (r["status"], r["amount"]) for d, r in water.items()} == {
        "2024-06-03": ("done", 6.0),
        "2024-06-02": ("partial", 2.5),
    }
    assert water["2024-06-02"]["note"] == "a busy day"
    # No folder for Journal: its days come from the overall Checkmarks.csv.
    assert sorted(days_of(seeded, habits["Journal"]["id"])) == ["2024-06-01", "2024-06-02"]


def test_loop_old_csv_zip(seeded: Path) -> None:
    assert run(seeded, "import", "loop", str(DATA / "loop" / "old_csv.zip")) == 0
    habits = {h["name"]: h for h in live(seeded, "habits").values()}
    assert sorted(days_of(seeded, habits["Stretch"]["id"])) == ["2024-01-02"]  # 1 is YES_AUTO
    assert habits["Therapy homework"]["schedule"] == {"type": "times", "times": 2, "days": 7}
    assert sorted(days_of(seeded, habits["Therapy homework"]["id"])) == ["2024-01-01"]


def test_loop_days_join_a_habit_of_the_same_name(seeded: Path) -> None:
    assert run(seeded, "habit", "add", "Meditate") == 0
    before = {h["id"] for h in live(seeded, "habits").values()}
    assert run(seeded, "import", "loop", str(DATA / "loop" / "old_schema.db")) == 0
    mine = next(h for h in live(seeded, "habits").values() if h["name"] == "Meditate")
    assert mine["id"] in before  # no second "Meditate"
    assert len(days_of(seeded, mine["id"])) == 3


# Daylio -------------------------------------------------------------------------------
def test_daylio_csv_full_layout(seeded: Path) -> None:
    assert run(seeded, "import", "daylio", str(DATA / "daylio" / "full.csv")) == 0
    checkins = sorted(live(seeded, "checkins").values(), key=lambda r: r["created_at"])
    assert [(c["day"], c["mood"]) for c in checkins] == [
        ("2024-02-02", 1),
        ("2024-02-03", 5),
        ("2024-02-03", 9),
    ]
    rad = checkins[2]
    assert rad["tags"] == ["friends", "🎨 painting", "walk"]
    assert rad["note"] == "A good day\n\nWe laughed.\nThen painted & rested."
    assert rad["imported"] == "daylio"
    assert rad["part_of_day"] == "evening"  # 6:50 pm
    assert checkins[0]["part_of_day"] == "night"  # 12:15 am
    assert checkins[0]["note"] == "could not sleep\nagain"
    assert all(c["id"].startswith("daylio-") and len(c["id"]) == 23 for c in checkins)
    # The shapes accept the new field as it was written: opening finds nothing to mend.
    assert Store.open(seeded, device="x").findings == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("old.csv", [("2023-11-20", 7, ["work", "reading"]), ("2023-11-21", 3, [])]),
        ("year.csv", [("2019-12-03", 7, ["family"])]),
    ],
)
def test_daylio_older_layouts(seeded: Path, name: str, expected: list[Any]) -> None:
    assert run(seeded, "import", "daylio", str(DATA / "daylio" / name)) == 0
    checkins = sorted(live(seeded, "checkins").values(), key=lambda r: r["created_at"])
    assert [(c["day"], c["mood"], c["tags"]) for c in checkins] == expected


def test_daylio_custom_mood_needs_the_map(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(DATA / "daylio" / "scales_custom_mood.csv")
    before = seeded.read_bytes()
    assert run(seeded, "import", "daylio", source) == 2
    assert "“sleepy”" in capsys.readouterr().err
    assert seeded.read_bytes() == before
    assert run(seeded, "import", "daylio", source, "--mood-map", "Sleepy=4") == 0
    (checkin,) = live(seeded, "checkins").values()
    assert (checkin["mood"], checkin["tags"], checkin["note"]) == (4, ["coffee"], "slow start")


def test_daylio_mood_map_overrides_the_default(seeded: Path) -> None:
    source = str(DATA / "daylio" / "old.csv")
    assert run(seeded, "import", "daylio", source, "--mood-map", "good=10; bad = 2") == 0
    assert sorted(c["mood"] for c in live(seeded, "checkins").values()) == [2, 10]


def test_daylio_bad_mood_map(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = seeded.read_bytes()
    source = str(DATA / "daylio" / "old.csv")
    assert run(seeded, "import", "daylio", source, "--mood-map", "good=11") == 2
    assert "--mood-map" in capsys.readouterr().err
    assert seeded.read_bytes() == before


def test_daylio_backup(seeded: Path) -> None:
    source = str(DATA / "daylio" / "backup.daylio")
    assert run(seeded, "import", "daylio", source, "--mood-map", "calm=8") == 0
    checkins = sorted(live(seeded, "checkins").values(), key=lambda r: r["created_at"])
    # month counts from 0 in the backup: 0 is January.
    assert [(c["day"], c["mood"]) for c in checkins] == [("2024-01-05", 8), ("2024-01-06", 3)]
    assert checkins[0]["tags"] == ["friends", "🧘 yoga"]
    assert checkins[0]["note"] == "quiet evening\ntea"


# jrnl ---------------------------------------------------------------------------------
def test_jrnl_letters(seeded: Path) -> None:
    assert run(seeded, "import", "jrnl", str(DATA / "jrnl" / "export.json")) == 0
    letters = sorted(live(seeded, "letters").values(), key=lambda r: r["day"])
    first, second = letters
    assert first["title"] == "Dear little one"
    assert first["to_child"] == "I see you.\nYou were so brave.\n\nI am here now."
    assert first["from_child"] == ""
    assert first["day"] == "2024-03-10" and first["created_at"].startswith("2024-03-10")
    assert (first["starred"], second["starred"]) == (True, False)
    assert second["tags"] == ["@innerchild", "@therapy"]
    assert Store.open(seeded, device="x").findings == []


# Every import -------------------------------------------------------------------------
SOURCES = [
    ("loop", DATA / "loop" / "csv", []),
    ("loop", DATA / "loop" / "old_schema.db", []),
    ("daylio", DATA / "daylio" / "full.csv", []),
    ("daylio", DATA / "daylio" / "backup.daylio", ["--mood-map", "calm=8"]),
    ("jrnl", DATA / "jrnl" / "export.json", []),
]


@pytest.mark.parametrize(("source", "path", "extra"), SOURCES)
def test_dry_run_writes_nothing(
    seeded: Path, source: str, path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = seeded.read_bytes()
    assert run(seeded, "import", source, str(path), "--dry-run", *extra) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would add") and "Nothing was written" in out
    assert " from " in out and " to " in out  # the date range
    assert seeded.read_bytes() == before
    assert not [p for p in list_backups() if "before-import" in p.name]


def test_dry_run_on_a_new_file_makes_no_file(db_path: Path) -> None:
    assert run(db_path, "import", "jrnl", str(DATA / "jrnl" / "export.json"), "--dry-run") == 0
    assert not db_path.exists()


@pytest.mark.parametrize(("source", "path", "extra"), SOURCES)
def test_second_import_adds_nothing(
    seeded: Path, source: str, path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(seeded, "import", source, str(path), *extra) == 0
    first = live(seeded, "checkins"), live(seeded, "letters"), live(seeded, "completions")
    after_first = seeded.read_bytes()
    capsys.readouterr()
    assert run(seeded, "import", source, str(path), *extra) == 0
    assert "Nothing new" in capsys.readouterr().out
    assert seeded.read_bytes() == after_first
    assert (live(seeded, "checkins"), live(seeded, "letters"), live(seeded, "completions")) == first


# Each source given each other source's file, and a file that is no export at all.
WRONG_FILES = [
    (source, path)
    for source in ("loop", "daylio", "jrnl")
    for path in (
        DATA / "not_an_export.txt",
        DATA / "loop" / "old_csv.zip",
        DATA / "jrnl" / "export.json",
        DATA / "daylio" / "full.csv",
    )
    if path.parent.name != source
]


@pytest.mark.parametrize(("source", "wrong"), WRONG_FILES)
def test_a_file_that_is_not_what_it_claims(
    seeded: Path, source: str, wrong: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = seeded.read_bytes()
    assert run(seeded, "import", source, str(wrong)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("innerchild: ")
    assert seeded.read_bytes() == before
    assert not [p for p in list_backups() if "before-import" in p.name]


def test_a_half_broken_file_writes_nothing(seeded: Path, tmp_path: Path) -> None:
    broken = tmp_path / "daylio.csv"
    text = (DATA / "daylio" / "full.csv").read_text(encoding="utf-8")
    broken.write_text(text + "2024-02-04,February 4,Sunday,25:99 pm,good,,,\n", encoding="utf-8")
    before = seeded.read_bytes()
    assert run(seeded, "import", "daylio", str(broken)) == 2
    assert seeded.read_bytes() == before


def test_a_backup_is_taken_before_the_first_write(seeded: Path) -> None:
    before = seeded.read_bytes()
    assert run(seeded, "import", "jrnl", str(DATA / "jrnl" / "export.json")) == 0
    kept = [p for p in list_backups() if "before-import" in p.name]
    assert len(kept) == 1
    assert kept[0].read_bytes() == before


def test_a_loop_folder_copied_elsewhere(seeded: Path, tmp_path: Path) -> None:
    """The unzipped folder works wherever it is, and as a zip of itself."""
    folder = tmp_path / "Loop Habits CSV 2024-06-04"
    shutil.copytree(DATA / "loop" / "csv", folder)
    archive = shutil.make_archive(str(tmp_path / "loop"), "zip", folder)
    assert run(seeded, "import", "loop", archive) == 0
    assert len(days_of(seeded, "loop-walk-outside")) == 3
    assert run(seeded, "import", "loop", str(folder)) == 0  # the same habits: nothing new
    assert len(days_of(seeded, "loop-walk-outside")) == 3


def test_an_encrypted_file(seeded: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text("a long and gentle passphrase\n")
    on = ["--passphrase-file", str(secret), "encryption", "on", "--no-recovery-key"]
    assert run(seeded, *on) == 0
    args = ["--passphrase-file", str(secret), "import", "jrnl", str(DATA / "jrnl" / "export.json")]
    assert run(seeded, *args) == 0
    assert b"Dear little one" not in seeded.read_bytes()
    from innerchild_tui.store.crypto import Passphrase

    store = Store.open(seeded, device="x", secret=Passphrase("a long and gentle passphrase"))
    titles = {letter["title"] for letter in store.letters.all()}
    assert titles == {"Dear little one", "After the session"}


# Tags where check-ins are shown and searched ---------------------------------------------
@pytest.fixture
def tagged_today(seeded: Path, tmp_path: Path) -> Path:
    """A Daylio check-in made today (this computer's day), with two activities."""
    today = Store.open(seeded, device="x").today()
    source = tmp_path / "today.csv"
    source.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        f'{today.isoformat()},x,x,12:01 am,good,"🎨 painting | friends",,tea with Sam\n',
        encoding="utf-8",
    )
    assert run(seeded, "import", "daylio", str(source)) == 0
    return seeded


def test_tags_in_today_history_and_search(
    tagged_today: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run(tagged_today, "today") == 0
    assert "tags 🎨 painting, friends" in capsys.readouterr().out
    assert run(tagged_today, "history", "--days", "7") == 0
    assert "Tags named most: friends ×1, 🎨 painting ×1" in capsys.readouterr().out
    assert run(tagged_today, "history", "--search", "PAINTING") == 0
    found = capsys.readouterr().out
    assert found.startswith("1 check-in holds") and "tea with Sam" in found
    assert run(tagged_today, "history", "--search", "hiking") == 0
    assert capsys.readouterr().out.startswith("No check-ins hold")


def test_tags_on_the_dashboard_check_in_line(tagged_today: Path) -> None:
    import pendulum

    from innerchild_tui.app.panes.checkin import checkin_details, checkin_line

    (record,) = Store.open(tagged_today, device="x").checkins.all()
    line = checkin_line(record, {}, pendulum.local_timezone()).plain
    assert line.endswith("· 🎨 painting, friends ✎")
    assert "Tags: 🎨 painting, friends" in checkin_details(record)


def test_letter_tags_are_searched(seeded: Path) -> None:
    assert run(seeded, "import", "jrnl", str(DATA / "jrnl" / "export.json")) == 0
    store = Store.open(seeded, device="x")
    assert [letter["title"] for letter in store.letters.all(search="@therapy")] == [
        "After the session"
    ]


# The new fields in the shapes, and hostile text in an import -----------------------------
def test_the_shapes_mend_tags_and_stars(seeded: Path) -> None:
    assert run(seeded, "import", "daylio", str(DATA / "daylio" / "old.csv")) == 0
    assert run(seeded, "import", "jrnl", str(DATA / "jrnl" / "export.json")) == 0
    data = read_file(seeded)
    checkin_id = next(iter(data["checkins"]))
    letter_id = next(iter(data["letters"]))
    data["checkins"][checkin_id]["tags"] = ["kept", 7, None]
    data["checkins"][checkin_id]["imported"] = 3
    data["letters"][letter_id]["tags"] = "not a list"
    data["letters"][letter_id]["starred"] = "yes"
    seeded.write_text(json.dumps(data), encoding="utf-8")
    store = Store.open(seeded, device="x")
    assert store.checkins.get(checkin_id)["tags"] == ["kept"]
    assert store.checkins.get(checkin_id)["imported"] == "3"
    assert store.letters.get(letter_id)["tags"] == []
    assert store.letters.get(letter_id)["starred"] is True
    mended = {f.record_id for f in store.findings if f.repaired}
    assert {checkin_id, letter_id} <= mended


def test_hostile_text_in_an_import_is_made_safe(seeded: Path, tmp_path: Path) -> None:
    source = tmp_path / "daylio.csv"
    source.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2024-01-01,x,x,10:00,good,"\x1b[31mred\x1b[0m | \u202eevil",'
        '"\x1b]0;title\x07","note\x9b2J"\n',
        encoding="utf-8",
    )
    assert run(seeded, "import", "daylio", str(source)) == 0
    raw = seeded.read_text(encoding="utf-8")
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\\u001b", "\\u0007"):
        assert bad not in raw
    (checkin,) = live(seeded, "checkins").values()
    assert checkin["tags"] == ["[31mred[0m", "evil"]


async def test_tags_in_the_dashboards_earlier_today(db_path: Path, tmp_path: Path) -> None:
    from apphelpers import TODAY, WIDE, build, settle
    from textual.widgets import OptionList

    source = tmp_path / "daylio.csv"
    source.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        f'{TODAY.isoformat()},x,x,9:00 am,good,"🎨 painting | friends",,\n',
        encoding="utf-8",
    )
    assert run(db_path, "import", "daylio", str(source)) == 0
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        history = app.query_one("#checkin-history", OptionList)
        lines = [str(history.get_option_at_index(i).prompt) for i in range(history.option_count)]
    assert any("🎨 painting, friends" in line for line in lines), lines


def test_loop_folder_of_an_emoji_name(seeded: Path, tmp_path: Path) -> None:
    """Loop keeps only ASCII in folder names: a habit called "🧘" has the folder "001"."""
    folder = tmp_path / "loop"
    (folder / "001").mkdir(parents=True)
    (folder / "Habits.csv").write_text(
        "Position,Name,Question,Description,NumRepetitions,Interval,Color\n001,🧘,,,1,1,#fff\n",
        encoding="utf-8",
    )
    (folder / "001" / "Checkmarks.csv").write_text("Date,Value,Notes\n2024-01-01,2,calm\n")
    assert run(seeded, "import", "loop", str(folder)) == 0
    (habit,) = [h for h in live(seeded, "habits").values() if h["name"] == "🧘"]
    assert days_of(seeded, habit["id"])["2024-01-01"]["note"] == "calm"
