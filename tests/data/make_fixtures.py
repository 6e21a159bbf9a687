"""Write the small import fixtures in this folder, from each format's documentation.

Run from anywhere: ``python tests/data/make_fixtures.py``. The files are committed; this
script says exactly how they were made.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent


def _ms(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000)


def loop_old_schema_db(path: Path) -> None:
    """A Loop backup from an early schema: no type, unit, target_value, uuid, question."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE Habits (id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER,
            color INTEGER, description TEXT, freq_den INTEGER, freq_num INTEGER,
            highlight INTEGER, name TEXT, position INTEGER, reminder_hour INTEGER,
            reminder_min INTEGER);
        CREATE TABLE Repetitions (id INTEGER PRIMARY KEY AUTOINCREMENT,
            habit INTEGER REFERENCES Habits(id), timestamp INTEGER);
        """
    )
    db.executemany(
        "INSERT INTO Habits (id, archived, color, description, freq_den, freq_num, "
        "highlight, name, position) VALUES (?, ?, 0, ?, ?, ?, 0, ?, ?)",
        [
            (1, 0, "Did I meditate?", 1, 1, "Meditate", 1),
            (2, 0, "", 7, 3, "Call a friend", 0),
            (3, 1, "", 1, 1, "Old habit", 2),
        ],
    )
    db.executemany(
        "INSERT INTO Repetitions (habit, timestamp) VALUES (?, ?)",
        [
            (1, _ms("2024-03-01")),
            (1, _ms("2024-03-02")),
            (1, _ms("2024-03-04")),
            (2, _ms("2024-03-03")),
            (3, _ms("2023-12-31")),
        ],
    )
    db.commit()
    db.close()


def loop_new_schema_db(path: Path) -> None:
    """A newer Loop backup: uuids, numerical habits, values and notes on repetitions."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE Habits (id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER,
            color INTEGER, description TEXT, freq_den INTEGER, freq_num INTEGER,
            highlight INTEGER, name TEXT, position INTEGER, reminder_hour INTEGER,
            reminder_min INTEGER, reminder_days INTEGER NOT NULL DEFAULT 127,
            type INTEGER NOT NULL DEFAULT 0, target_type INTEGER NOT NULL DEFAULT 0,
            target_value REAL NOT NULL DEFAULT 0, unit TEXT NOT NULL DEFAULT '',
            question TEXT, uuid TEXT);
        CREATE TABLE Repetitions (id INTEGER PRIMARY KEY AUTOINCREMENT,
            habit INTEGER REFERENCES Habits(id), timestamp INTEGER, value INTEGER NOT NULL,
            notes TEXT);
        """
    )
    db.executemany(
        "INSERT INTO Habits (id, archived, color, description, freq_den, freq_num, "
        "highlight, name, position, type, target_value, unit, question, uuid) "
        "VALUES (?, 0, 0, '', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
        [
            (1, 1, 1, "Rest", 0, 0, 0, "", "Did I rest?", "a1b2c3"),
            (2, 1, 1, "Water", 1, 1, 8, "glasses", "How many glasses?", "d4e5f6"),
        ],
    )
    # An "at most" habit (target_type 1): a limit, not an aim.
    db.execute(
        "INSERT INTO Habits (id, archived, color, description, freq_den, freq_num, highlight, "
        "name, position, type, target_type, target_value, unit, question, uuid) "
        "VALUES (3, 0, 0, '', 1, 1, 0, 'Screen time', 2, 1, 1, 2, 'hours', '', 'g7h8i9')"
    )
    db.executemany(
        "INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)",
        [
            (3, _ms("2024-05-01"), 1500, ""),
            (3, _ms("2024-05-02"), 4000, "a long film"),
            (1, _ms("2024-05-01"), 2, "felt good"),
            (1, _ms("2024-05-02"), 3, ""),
            (1, _ms("2024-05-03"), 1, ""),
            (1, _ms("2024-05-04"), 0, ""),
            (1, _ms("2024-05-05"), -1, ""),
            (2, _ms("2024-05-01"), 8000, ""),
            (2, _ms("2024-05-02"), 3500, "hot day"),
        ],
    )
    db.commit()
    db.close()


def loop_csv_folder(folder: Path) -> None:
    """A newer Loop CSV export, unzipped: a numerical habit, notes, an archived habit."""
    (folder / "001 Walk outside").mkdir(parents=True, exist_ok=True)
    (folder / "002 Water").mkdir(parents=True, exist_ok=True)
    (folder / "Habits.csv").write_text(
        "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
        "Color,Unit,Target Type,Target Value,Archived?\n"
        "001,Walk outside,YES_NO,Did you walk?,,3,7,#FF8F00,,,,false\n"
        "002,Water,NUMERICAL,How many glasses?,,1,1,#039BE5,glasses,AT_LEAST,6.0,false\n"
        "003,Journal,YES_NO,,Write a page,1,1,#039BE5,,,,true\n"
    )
    (folder / "001 Walk outside" / "Checkmarks.csv").write_text(
        "Date,Value,Notes\n"
        "2024-06-03,YES_MANUAL,round the park\n"
        "2024-06-02,SKIP,rain\n"
        "2024-06-01,YES_AUTO,\n"
        "2024-05-31,NO,\n"
        "2024-05-30,YES_MANUAL,\n"
    )
    (folder / "002 Water" / "Checkmarks.csv").write_text(
        "Date,Value,Notes\n2024-06-03,6000,\n2024-06-02,2500,a busy day\n2024-06-01,0,\n"
    )
    # The overall file: a date column, then one column per habit (Loop ends rows with ,).
    (folder / "Checkmarks.csv").write_text(
        "Date,Walk outside,Water,Journal,\n"
        "2024-06-03,YES_MANUAL,6000,NO,\n"
        "2024-06-02,SKIP,2500,YES_MANUAL,\n"
        "2024-06-01,YES_AUTO,0,YES_MANUAL,\n"
    )


def loop_old_csv_zip(path: Path) -> None:
    """An older Loop CSV export, zipped: NumRepetitions/Interval and 2/1/0 values."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "Habits.csv",
            "Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
            "001,Stretch,Did you stretch?,,1,1,#F57C00\n"
            "002,Therapy homework,,,2,7,#F57C00\n",
        )
        archive.writestr("001 Stretch/Checkmarks.csv", "2024-01-02,2\n2024-01-01,1\n")
        archive.writestr("001 Stretch/Scores.csv", "2024-01-02,0.1\n")
        archive.writestr(
            "Checkmarks.csv",
            "Date,Stretch,Therapy homework,\n2024-01-02,2,0,\n2024-01-01,1,2,\n",
        )


DAYLIO_FULL = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2024-02-03,February 3,Saturday,6:50 pm,rad,"friends | 🎨 painting | walk",'
    '"A good day","We laughed.<br>Then <b>painted</b> &amp; rested."\n'
    "2024-02-03,February 3,Saturday,8:05 am,meh,,,\n"
    '2024-02-02,February 2,Friday,12:15 am,awful,"😴 sleep",,"could not sleep<br/>again"\n'
)
DAYLIO_OLD = (
    "full_date,date,weekday,time,mood,activities,note\n"
    "2023-11-20,November 20,Monday,14:58,good,work | reading,tired but fine\n"
    "2023-11-21,November 21,Tuesday,09:02,bad,,\n"
)
DAYLIO_YEAR = (
    "year,date,weekday,time,mood,activities,note\n"
    "2019,3 December,Tuesday,9:30 PM,good,family,dinner together\n"
)
DAYLIO_SCALES = (
    "full_date,date,weekday,time,mood,activities,note_title,note,scales\n"
    '2024-04-10,April 10,Wednesday,7:45 am,sleepy,"coffee","","slow start",""\n'
)


def daylio_backup(path: Path) -> None:
    """A ``.daylio`` backup: a zip with base64 JSON (``month`` counts from 0)."""
    document = {
        "version": 15,
        "customMoods": [
            {"id": 1, "custom_name": "", "mood_group_id": 1, "predefined_name_id": 1},
            {"id": 2, "custom_name": "", "mood_group_id": 2, "predefined_name_id": 2},
            {"id": 3, "custom_name": "", "mood_group_id": 3, "predefined_name_id": 3},
            {"id": 4, "custom_name": "", "mood_group_id": 4, "predefined_name_id": 4},
            {"id": 5, "custom_name": "", "mood_group_id": 5, "predefined_name_id": 5},
            {"id": 6, "custom_name": "Calm", "mood_group_id": 2, "predefined_name_id": -1},
        ],
        "tags": [{"id": 10, "name": "friends"}, {"id": 11, "name": "🧘 yoga"}],
        "dayEntries": [
            {
                "id": 1,
                "minute": 30,
                "hour": 20,
                "day": 5,
                "month": 0,
                "year": 2024,
                "mood": 6,
                "note": "quiet evening<br>tea",
                "note_title": "",
                "tags": [10, 11],
            },
            {
                "id": 2,
                "minute": 0,
                "hour": 9,
                "day": 6,
                "month": 0,
                "year": 2024,
                "mood": 4,
                "note": "",
                "tags": [],
            },
        ],
    }
    encoded = base64.b64encode(json.dumps(document).encode("utf-8"))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("backup.daylio", encoded)


JRNL = {
    "tags": {"@innerchild": 2, "@therapy": 1},
    "entries": [
        {
            "title": "Dear little one",
            "body": "I see you.\nYou were so brave.\n\nI am here now.",
            "date": "2024-03-10",
            "time": "21:15",
            "tags": ["@innerchild"],
            "starred": True,
        },
        {
            "title": "After the session",
            "body": "We talked about the summer house.",
            "date": "2024-03-12",
            "time": "08:05",
            "tags": ["@innerchild", "@therapy"],
            "starred": False,
        },
    ],
}


def main() -> None:
    loop = HERE / "loop"
    loop.mkdir(exist_ok=True)
    loop_old_schema_db(loop / "old_schema.db")
    loop_new_schema_db(loop / "new_schema.db")
    loop_csv_folder(loop / "csv")
    (loop / "old_csv.zip").unlink(missing_ok=True)
    loop_old_csv_zip(loop / "old_csv.zip")
    daylio = HERE / "daylio"
    daylio.mkdir(exist_ok=True)
    (daylio / "full.csv").write_text(DAYLIO_FULL, encoding="utf-8")
    (daylio / "old.csv").write_text("\ufeff" + DAYLIO_OLD, encoding="utf-8")
    (daylio / "year.csv").write_text(DAYLIO_YEAR, encoding="utf-8")
    (daylio / "scales_custom_mood.csv").write_text(DAYLIO_SCALES, encoding="utf-8")
    (daylio / "backup.daylio").unlink(missing_ok=True)
    daylio_backup(daylio / "backup.daylio")
    jrnl = HERE / "jrnl"
    jrnl.mkdir(exist_ok=True)
    (jrnl / "export.json").write_text(json.dumps(JRNL, indent=2, ensure_ascii=False) + "\n")
    (HERE / "not_an_export.txt").write_text("just some words, not an export\n")


if __name__ == "__main__":
    main()
