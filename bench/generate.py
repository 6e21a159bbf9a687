"""A ten-year data file, built through the store API, for tests and benchmarks.

About 7,300 check-ins, 20 habits with about 50,000 ticks, 1,000 letters and 200
comfort items, written by one ``Store`` whose clock walks through the years and ends
today. Deterministic for a given ``seed`` (apart from ids and the days, which follow the
real date).

Usage::

    python bench/generate.py PATH [--years N] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HABITS = 20
LETTERS_PER_YEAR = 100
COMFORT_PER_YEAR = 20
TICK_CHANCE = 0.685  # 20 habits × 3,652 days × this ≈ 50,000 ticks

_TEXT = (
    "little one I am here now and I see you you were so brave when nobody noticed it was "
    "never your job to keep the peace today I rested without earning it I remember the "
    "garden the swing the smell of rain you can play again you are safe with me"
)
_WORDS = tuple(_TEXT.split())


def _words(rng: random.Random, low: int, high: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:] + "."


def generate(path: Path, years: int = 10, seed: int = 0) -> dict[str, int]:
    """Write ``years`` of practice ending today to ``path`` (which must not exist).

    Returns how many live records of each kind were made.
    """
    import pendulum

    from innerchild_tui.domain.days import day_for
    from innerchild_tui.domain.vocabulary import FEELINGS, NEEDS
    from innerchild_tui.store import Store

    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    rng = random.Random(seed)
    real_now = pendulum.now()
    moment = [real_now]

    def clock() -> pendulum.DateTime:
        return min(moment[0], real_now)  # "today" never runs ahead of the real clock

    def at(day: date, hour: int, minute: int = 0) -> None:
        moment[0] = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz="local")

    last = day_for(real_now)
    first = last - timedelta(days=round(365.25 * years) - 1)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    at(first, 9)
    store = Store.open(path, device="bench-generator", clock=clock)
    habit_ids = [h["id"] for h in store.habits.all()]
    for number in range(len(habit_ids), HABITS):
        habit_ids.append(store.habits.add(f"Habit number {number + 1}")["id"])
    letter_days = set(rng.sample(days, min(len(days), LETTERS_PER_YEAR * years)))
    comfort_days = sorted(rng.sample(days, min(len(days), COMFORT_PER_YEAR * years)))
    comfort_ids: list[str] = []
    counts = {"checkins": 0, "ticks": 0, "letters": 0, "comfort": 0}

    for day in days:
        if comfort_days and day == comfort_days[0]:
            comfort_days.pop(0)
            at(day, 12)
            name = f"Comfort {len(comfort_ids) + 1}"
            comfort_ids.append(store.comfort.add(name, _words(rng, 3, 9))["id"])
            counts["comfort"] += 1
        for slot in range(rng.choices((1, 2, 3), weights=(25, 50, 25))[0]):
            at(day, (8, 13, 21)[slot], rng.randint(0, 59))
            store.checkins.add(
                rng.randint(1, 10),
                rng.sample(FEELINGS, rng.randint(0, 3)),
                rng.sample(NEEDS, rng.randint(0, 2)),
                _words(rng, 1, 20) if rng.random() < 0.6 else "",
                day=day,
            )
            counts["checkins"] += 1
        at(day, 21, 30)
        for habit_id in habit_ids:
            if rng.random() < TICK_CHANCE:
                store.habit_days.set_done(habit_id, day, True)
                counts["ticks"] += 1
        if comfort_ids and rng.random() < 0.3:
            store.comfort.toggle_used(rng.choice(comfort_ids), day)
        if day in letter_days:
            at(day, 22, 15)
            letter = store.letters.new(_words(rng, 2, 5).rstrip("."))
            store.letters.update(
                letter["id"],
                to_child=_words(rng, 80, 200),
                from_child=_words(rng, 40, 120),
            )
            counts["letters"] += 1
    store.save()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.path, years=args.years, seed=args.seed)
    took = time.perf_counter() - started
    size = args.path.stat().st_size / 1e6
    print(f"{args.path}: {counts} ({size:.1f} MB) in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
