"""Save figures for innerchild-tui on ten years of data.

Generates ten years of realistic data through the real store API, with a fake clock that
steps through the days and ends today (days to come are refused): about 7,000 check-ins,
15 habits with their completions, 1,000 letters with a few hundred words on each side, a
few comfort items and some deleted records (tombstones). Habit ticks before today are
built directly, record for record as the store builds them (through the API they would
take a minute), then the file is checked with ``Store.open``. In the same run it times
(median of ``--runs``):

(a) ``Store.save()`` after changing one record (flock, stat, serialize, atomic write);
(b) the floor: ``orjson.dumps`` of the same data (the store's format: indented, sorted
    keys) + write a temp file + fsync + ``os.replace`` + fsync the folder;
(c) ``merge(a, b)`` of two copies that diverged by about 200 new or changed records each;
(d) ``Store.open`` of the file;

and, for context: the store's serialization alone, a save that first has to read and merge
another computer's change, and in-memory work without a save (a check-in edit, a habit
tick, the done days of every habit as the habits pane reads them).

Usage::

    /tmp/venv/bin/python bench/save.py [--runs N] [--keep] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from baselines import bare_atomic_write

YEARS = 10
HABITS = 15
LETTERS = 1_000
COMFORT_ITEMS = 40
DIVERGED = 200  # new or changed records on each side of the merge

_TEXT = (
    "little one I am here now and I see you you were so brave when nobody noticed "
    "it was never your job to keep the peace or to make the grown ups happy today I "
    "rested without earning it I said no to Sam and the sky did not fall I remember the "
    "garden the swing the smell of rain on the stones you can play again you are safe "
    "with me I will listen when you are scared I will not leave you alone with it we can "
    "go slowly there is time thank you for telling me how tired you are"
)
WORDS = tuple(_TEXT.split())


def say(line: str = "") -> None:
    print(line, flush=True)


class FakeClock:
    """The store's clock: a local moment the generator moves through the years."""

    def __init__(self, moment: Any) -> None:
        self.moment = moment

    def __call__(self) -> Any:
        return self.moment


def words(rng: random.Random, low: int, high: int) -> str:
    count = rng.randint(max(low, 1), high)
    text = " ".join(rng.choice(WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


# ---------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------
def generate(path: Path, rng: random.Random) -> dict[str, int]:
    """Ten years of records through the store API; returns a few counts."""
    import pendulum

    from innerchild_tui.domain.records import completion_id, new_record, utc_stamp
    from innerchild_tui.domain.vocabulary import FEELINGS, NEEDS
    from innerchild_tui.store import Store
    from innerchild_tui.store.storage import atomic_write, encode
    from innerchild_tui.store.store import read_database

    now = pendulum.now()
    last = now.date() if now.hour >= 4 else now.subtract(days=1).date()  # today's day
    first = last.subtract(years=YEARS).add(days=1)
    days = [first.add(days=n) for n in range((last - first).days + 1)]

    def at(day: date, hour: int, minute: int = 0) -> Any:
        moment = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=now.tz)
        return min(moment, now)  # "today" must not run ahead of the real clock

    clock = FakeClock(at(first, 9))
    store = Store.open(path, device="bench-laptop", clock=clock)  # meta + starter habits

    # Habits: the starters from day one, the rest added over the years; two archived.
    habit_start: dict[str, date] = {h["id"]: first for h in store.habits.all()}
    habit_end: dict[str, date] = {}
    extra_habits = HABITS - len(habit_start)
    add_days = sorted(rng.sample(days[: len(days) // 2], extra_habits))
    pending_habits = dict(zip(add_days, range(extra_habits), strict=True))
    letter_days = set(rng.sample(days, LETTERS))
    comfort_days = set(rng.sample(days, COMFORT_ITEMS))
    checkin_ids: list[str] = []
    ticks: list[tuple[str, date, Any]] = []  # habit ticks before today, built directly
    counts = {"check-ins deleted": 0, "letters deleted": 0}
    timings = {"check-ins": 0.0, "completions": 0.0, "letters": 0.0, "other": 0.0}

    for day in days:
        started = time.perf_counter()
        if day in pending_habits:
            clock.moment = at(day, 7, 30)
            habit = store.habits.add(f"Habit number {pending_habits[day] + 1}")
            habit_start[habit["id"]] = day
            if pending_habits[day] < 2:  # archived a few years later
                habit_end[habit["id"]] = day.add(days=rng.randint(300, 1200))
        for habit_id, end in list(habit_end.items()):
            if day == end:
                clock.moment = at(day, 7, 45)
                store.habits.set_archived(habit_id)
        if day in comfort_days:
            clock.moment = at(day, 12)
            item = store.comfort.add(f"Comfort {len(store.comfort.all()) + 1}", words(rng, 3, 9))
            store.comfort.toggle_used(item["id"], day)
        timings["other"] += time.perf_counter() - started

        started = time.perf_counter()
        for slot in range(rng.choices((0, 1, 2, 3), weights=(5, 25, 40, 30))[0]):
            clock.moment = at(day, (8, 13, 21)[slot], rng.randint(0, 59))
            record = store.checkins.add(
                rng.randint(1, 10),
                rng.sample(FEELINGS, rng.randint(0, 3)),
                rng.sample(NEEDS, rng.randint(0, 2)),
                words(rng, 1, 25) if rng.random() < 0.7 else "",
            )
            checkin_ids.append(record["id"])
            if rng.random() < 0.03:
                clock.moment = at(day, 22)
                store.checkins.update(record["id"], record["mood"], note=words(rng, 3, 12))
        if checkin_ids and rng.random() < 0.03:
            clock.moment = at(day, 22, 5)
            store.checkins.delete(checkin_ids.pop(rng.randrange(len(checkin_ids))))
            counts["check-ins deleted"] += 1
        timings["check-ins"] += time.perf_counter() - started

        started = time.perf_counter()
        clock.moment = at(day, 21, 30)
        for habit_id, start in habit_start.items():
            if start <= day < habit_end.get(habit_id, last.add(days=1)) and rng.random() < 0.55:
                if day == last:
                    store.habit_days.set_done(habit_id, day)  # the real thing, to check the shape
                else:
                    ticks.append((habit_id, day, clock.moment))
        timings["completions"] += time.perf_counter() - started

        started = time.perf_counter()
        if day in letter_days:
            clock.moment = at(day, 22, 15)
            letter = store.letters.new(words(rng, 2, 5).rstrip("."))
            clock.moment = at(day, 22, 40)
            store.letters.update(letter["id"], to_child=words(rng, 200, 400))
            clock.moment = at(day, 23, 10)
            store.letters.update(letter["id"], from_child=words(rng, 200, 400))
            if rng.random() < 0.01:
                clock.moment = at(day, 23, 30)
                store.letters.delete(letter["id"])
                counts["letters deleted"] += 1
        timings["letters"] += time.perf_counter() - started

    started = time.perf_counter()
    store.habit_days.set_done(next(iter(habit_start)), last)  # at least one tick by the store
    store.save()
    timings["save"] = time.perf_counter() - started

    # Ticks before today are built as the store builds them, then written in one go:
    # through the API each tick costs time linear in the table (TinyDB rebuilds a table's
    # dict on every write), so 20,000 of them would take about a minute.
    started = time.perf_counter()
    data = read_database(path)
    # (a tick the person made: one a linked habit's check-in made also carries a note)
    made_by_store = next(r for r in data["completions"].values() if "note" not in r)
    for habit_id, tick_day, moment in ticks:
        record = new_record(
            utc_stamp(moment),
            store.device,
            id=completion_id(habit_id, tick_day),
            habit_id=habit_id,
            day=tick_day.isoformat(),
        )
        record["status"] = "done"
        assert record.keys() == made_by_store.keys(), (record, made_by_store)
        data["completions"][record["id"]] = record
    atomic_write(path, encode(data))
    Store.open(path, device="bench-check")  # still a valid store
    timings["completions (built directly)"] = time.perf_counter() - started
    say(
        "  generation time: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    )
    counts["days"] = len(days)
    return counts


# ---------------------------------------------------------------------------------------
# Timing helpers
# ---------------------------------------------------------------------------------------
def timed(runs: int, step: Callable[[], Any], prepare: Callable[[], Any] | None = None) -> float:
    """Median milliseconds of ``step`` over ``runs`` runs (``prepare`` runs untimed)."""
    samples = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        step()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def interleaved(
    runs: int, steps: dict[str, tuple[Callable[[], Any], Callable[[], Any] | None]]
) -> dict[str, float]:
    """Median milliseconds of each step; every run times every step once, in turn."""
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, (step, prepare) in steps.items():
            if prepare is not None:
                prepare()
            started = time.perf_counter()
            step()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def diverge(path: Path, copy: Path, device: str, rng: random.Random) -> None:
    """Another computer's copy: ~half new records, ~half changed ones, saved to ``copy``."""
    from innerchild_tui.store import Store

    shutil.copyfile(path, copy)
    store = Store.open(copy, device=device)
    checkins = store.checkins.all()
    letters = store.letters.all()
    half = DIVERGED // 2
    for n in range(half):
        store.checkins.add(rng.randint(1, 10), note=f"{device} new {n}")
    for record in rng.sample(checkins, half - 20):
        store.checkins.update(record["id"], record["mood"], note=f"{device} changed")
    for letter in rng.sample(letters, 20):
        store.letters.update(letter["id"], to_child=letter["to_child"] + f" ({device})")
    store.save()


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure (median)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the data")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="innerchild-bench-"))
    # The store's lock folder (and anything else local) goes to the bench's own folder.
    os.environ["XDG_STATE_HOME"] = str(work / "state")
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import orjson

    from innerchild_tui.domain.merge import merge
    from innerchild_tui.store import Store
    from innerchild_tui.store.storage import encode
    from innerchild_tui.store.store import read_database

    rng = random.Random(args.seed)
    path = work / "sync" / "innerchild.json"
    path.parent.mkdir()
    try:
        say(f"Generating {YEARS} years of data in {path} ...")
        started = time.perf_counter()
        counts = generate(path, rng)
        say(f"  generated in {time.perf_counter() - started:.1f} s")

        data = read_database(path)
        size = path.stat().st_size
        say()
        say(f"File: {size:,} bytes ({size / 1e6:.1f} MB), {counts['days']:,} days")
        for name in ("checkins", "habits", "completions", "comfort", "letters", "meta"):
            table = data.get(name, {})
            dead = sum(1 for r in table.values() if r.get("deleted"))
            say(f"  {name:<12} {len(table) - dead:>7,} live  {dead:>5,} deleted")
        letter_words = [
            len(str(r.get(side, "")).split())
            for r in data["letters"].values()
            if not r.get("deleted")
            for side in ("to_child", "from_child")
        ]
        say(f"  letters: {statistics.mean(letter_words):.0f} words a side on average")

        store = Store.open(path, device="bench-laptop")
        checkins = store.checkins.all()
        flip = iter(range(10**9))

        def change_one_in(target: Any) -> None:
            record = rng.choice(checkins)
            target.checkins.update(
                record["id"],
                record["mood"],
                record["feelings"],
                record["needs"],
                note=f"edited {next(flip)}",
            )

        def change_one() -> None:
            change_one_in(store)

        # The save and its floors take turns in every run, so drift in the disk's speed
        # (a VM, other work) falls on all of them alike. The floors write a file of their
        # own in the same folder, so the store never sees its file changed under it.
        current = data  # what the store holds, give or take the edits below
        floor_path = path.with_name("floor.json")
        options = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
        ready = encode(current)
        figures = interleaved(
            args.runs,
            {
                "save": (store.save, change_one),
                "floor": (
                    lambda: bare_atomic_write(floor_path, orjson.dumps(current, option=options)),
                    None,
                ),
                "plain floor": (lambda: bare_atomic_write(floor_path, orjson.dumps(current)), None),
                "write": (lambda: bare_atomic_write(floor_path, ready), None),
                "encode": (lambda: encode(current), None),
                "dumps": (lambda: orjson.dumps(current), None),
            },
        )

        base = read_database(path)
        a_path, b_path = path.with_name("laptop.json"), path.with_name("phone.json")
        diverge(path, a_path, "laptop", rng)
        diverge(path, b_path, "phone", rng)
        a, b = read_database(a_path), read_database(b_path)
        merged = merge(a, b)
        differences = sum(
            1
            for name in merged
            for key, record in merged[name].items()
            if record != base.get(name, {}).get(key)
        )
        merge_ms = timed(args.runs, lambda: merge(a, b))

        open_ms = timed(args.runs, lambda: Store.open(path, device="bench-laptop"))

        # A save that must first read and merge another computer's change.
        theirs = encode(b)
        reader = Store.open(a_path, device="laptop")

        def outside_change() -> None:
            change_one_in(reader)
            path_b_again = a_path.with_name(".incoming.json")
            path_b_again.write_bytes(theirs)
            os.replace(path_b_again, a_path)

        merge_save_ms = timed(args.runs, reader.save, prepare=outside_change)
        change_ms = timed(args.runs, lambda: change_one_in(store))
        habit_ids = [h["id"] for h in store.habits.all()]
        past = [store.today() - timedelta(days=n) for n in range(1, 3000)]
        tick_ms = timed(
            args.runs, lambda: store.habit_days.toggle(rng.choice(habit_ids), rng.choice(past))
        )
        every_habit_ms = timed(args.runs, lambda: [store.habit_days.done(h) for h in habit_ids])
        store.save()

        say()
        say(f"Timings: median of {args.runs} runs, milliseconds")
        rows = [
            ("(a) store.save() after changing one record", figures["save"]),
            (
                "(b) floor: dumps (indent, sorted) + temp + fsync + replace + fsync dir",
                figures["floor"],
            ),
            ("    same floor, dumps with no options (compact, unsorted)", figures["plain floor"]),
            ("    write + fsync + replace + fsync dir only (bytes ready)", figures["write"]),
            ("    store's encode() alone (indent, sorted keys)", figures["encode"]),
            ("    orjson.dumps() alone, no options", figures["dumps"]),
            (f"(c) merge(a, b), {differences} records differ from the base", merge_ms),
            ("(d) Store.open of the file", open_ms),
            ("    store.save() that first reads + merges an outside change", merge_save_ms),
            ("    one in-memory change (checkins.update), no save", change_ms),
            ("    one habit tick (habit_days.toggle, as the app does), no save", tick_ms),
            (f"    habit_days.done() of all {len(habit_ids)} habits (habits pane)", every_habit_ms),
        ]
        width = max(len(name) for name, _ in rows)
        for name, ms in rows:
            say(f"  {name:<{width}}  {ms:9.1f}")
        say()
        say(f"  save / floor = {figures['save'] / figures['floor']:.2f}")
    finally:
        if args.keep:
            say(f"\nKept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
