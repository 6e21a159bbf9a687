"""How many acknowledged check-ins survive several quick commands writing at once.

Copies a data file (or generates a ten-year one), starts ``--writers`` processes that
each run ``innerchild checkin`` ``--each`` times with a unique note, and counts the notes
of the check-ins that reported success but are not in the file afterwards.

Usage::

    python bench/writers.py [--db FILE] [--writers 4] [--each 25]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent


def checkin_command(db: Path, note: str) -> list[str]:
    """One real ``innerchild checkin`` process."""
    return [
        sys.executable,
        "-m",
        "innerchild_tui",
        "--db",
        str(db),
        "checkin",
        "--mood",
        "5",
        "--note",
        note,
    ]


def writer(db: Path, tag: str, each: int, acknowledged: list[str], failed: list[str]) -> None:
    """One person's shell loop: ``each`` check-ins, one process after another."""
    for n in range(each):
        note = f"{tag}-{n}"
        done = subprocess.run(checkin_command(db, note), capture_output=True, text=True)
        if done.returncode == 0:
            acknowledged.append(note)
        else:
            failed.append(f"{note}: {done.stderr.strip()}")


def run(db: Path, writers: int, each: int) -> tuple[int, int, list[str]]:
    """(acknowledged, lost, failures) once the writers are done."""
    acknowledged: list[str] = []
    failed: list[str] = []
    threads = [
        threading.Thread(target=writer, args=(db, f"w{i}", each, acknowledged, failed))
        for i in range(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    data = json.loads(db.read_bytes())
    notes = {r.get("note") for r in data["checkins"].values()}
    return len(acknowledged), len(set(acknowledged) - notes), failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--each", type=int, default=25)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "innerchild.json"
        os.environ.setdefault("XDG_STATE_HOME", str(Path(folder) / "state"))
        if args.db:
            shutil.copyfile(args.db, db)
        else:
            sys.path.insert(0, str(HERE))
            from generate import generate

            generate(db)
        acknowledged, lost, failed = run(db, args.writers, args.each)
    print(f"{args.writers} writers × {args.each}: {acknowledged} acknowledged, {lost} lost")
    for line in failed[:5]:
        print("  failed:", line)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
