"""Memory over a day's use (issue 13: "flat over an hour of use"), app and baseline.

Each run is a fresh process on a fresh copy of the file, kept open at 120×40 (headless)
for ``--rounds`` rounds of what a person does: a habit ticked, a line typed in a letter,
the weekly review, a search and the history opened and closed. It notes the process's
memory in use (RSS, ``/proc/self/statm``) after each round and its peak (``ru_maxrss``).

Two ways of using it, each its own process:

* ``busy``: the rounds one after another, with no pause (the cycle collector's walk over
  everything, which waits for a long quiet, never comes);
* ``pauses``: a pause after each round long enough for that walk, as a person reading or
  writing without a key for a minute makes (``QuietCollector.LONG_QUIET`` shortened to
  half a second, so an hour's pauses take seconds).

Baseline: a bare Textual app with a DataTable and a TextArea, a row ticked and a line
typed each round, and a screen of the review's shape opened and closed three times.

Usage::

    .venv/bin/python bench/rounds.py [--runs 3] [--rounds 16] [--years 1,10] [--cache DIR]

Prints, per file: the RSS after the first round and after the last, the growth a round
(a straight line through the second half of the rounds), and the peak; medians over runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = (120, 40)
LINE = "a little more"


def _rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _settle(pilot: Any, seconds: float = 0.05) -> None:
    import contextlib

    from textual.worker import WorkerCancelled

    for pause in (0.0, seconds, 0.0):
        await pilot.pause(pause or None)
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()


async def _type(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def _app_rounds(db: Path, rounds: int, pauses: bool) -> list[float]:
    from innerchild_tui.app import make_app
    from innerchild_tui.app.collector import QuietCollector
    from innerchild_tui.app.panes.habits import HabitsPane
    from innerchild_tui.app.panes.letters import LettersPane
    from innerchild_tui.app.widgets.voice_area import VoiceArea

    if pauses:
        QuietCollector.LONG_QUIET = 0.5
    app = make_app(db, device="bench-rounds")
    after: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, 0.5)
        for _ in range(rounds):
            app.query_one(HabitsPane).focus_main()
            await _settle(pilot)
            await pilot.press("space")
            await _settle(pilot)
            area = app.query_one(LettersPane).query_one("#to-child", VoiceArea)
            area.focus()
            area.move_cursor(area.document.end)
            await _type(pilot, LINE)
            await pilot.press("escape")
            await _settle(pilot)
            for keys in (("W",), ("slash", "g", "a", "r"), ("y",)):
                await pilot.press(*keys)
                await _settle(pilot, 0.1)
                await pilot.press("escape")
                await _settle(pilot)
            if pauses:
                sweeps = app.collector.sweeps
                for _ in range(40):  # a minute without a key, in short
                    await pilot.pause(0.1)
                    if app.collector.sweeps > sweeps:
                        break
            after.append(_rss_mib())
    return after


async def _baseline_rounds(rounds: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Static, TextArea

    class Review(Screen[None]):
        BINDINGS = [("escape", "app.pop_screen", "Back")]

        def compose(self) -> ComposeResult:
            yield Header()
            for n in range(4):
                yield Static(f"A part of the week {n}")
            yield Footer()

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            table: DataTable[str] = DataTable()
            table.add_columns("Habit", "Today")
            for n in range(20):
                table.add_row(f"Habit {n}", "·")
            yield table
            yield TextArea()
            yield Footer()

    app = Bare()
    after: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, 0.5)
        for _ in range(rounds):
            app.query_one(DataTable).focus()
            await pilot.press("space", "down")
            app.query_one(TextArea).focus()
            await _type(pilot, LINE)
            for _ in range(3):
                await app.push_screen(Review())
                await _settle(pilot, 0.1)
                await pilot.press("escape")
                await _settle(pilot)
            after.append(_rss_mib())
    return after


def child(kind: str, db: str, rounds: int, pauses: bool, report: Path) -> None:
    import asyncio

    if kind == "baseline":
        after = asyncio.run(_baseline_rounds(rounds))
    else:
        after = asyncio.run(_app_rounds(Path(db), rounds, pauses))
    report.write_text(json.dumps({"after": after, "peak": _peak_mib()}), encoding="utf-8")


def growth_per_round(after: list[float]) -> float:
    """The slope of a straight line through the second half of the rounds (MiB a round):
    the first rounds fill caches that then stay (at one year about 12 MiB over 8 rounds,
    then 0.1 MiB a round over the next 22, with pauses)."""
    ys = after[len(after) // 2 :]
    if len(ys) < 2:
        return 0.0
    return statistics.linear_regression(range(len(ys)), ys).slope


def _run_child(kind: str, db: Path, rounds: int, pauses: bool, work: Path) -> dict[str, Any]:
    from baselines import isolated_env  # (bench/ is on the path: see main)

    report = work / "report.json"
    copy = work / "data.json"
    if kind == "app":
        shutil.copyfile(db, copy)
    args = [sys.executable, __file__, "--child", kind, "--db", str(copy), "--rounds", str(rounds)]
    if pauses:
        args.append("--pauses")
    subprocess.run(
        [*args, "--report", str(report)],
        check=True,
        env=isolated_env(work),
        stdout=subprocess.DEVNULL,
        timeout=1800,
    )
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--years", default="1,10")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/innerchild-bench"))
    parser.add_argument("--child", choices=("app", "baseline"))
    parser.add_argument("--db")
    parser.add_argument("--pauses", action="store_true")
    parser.add_argument("--report", type=Path)
    options = parser.parse_args(argv)
    if options.child:
        child(options.child, options.db, options.rounds, options.pauses, options.report)
        return 0

    sys.path.insert(0, str(HERE))
    from generate import generate

    options.cache.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.2f}; {options.rounds} rounds, {options.runs} runs")
    for years in [int(y) for y in options.years.split(",")]:
        db = options.cache / f"innerchild-{years}y.json"
        if not db.exists():
            generate(db, years=years)
        rows: dict[str, list[dict[str, Any]]] = {"app, busy": [], "app, pauses": [], "bare": []}
        for _ in range(options.runs):
            for name, kind, pauses in (
                ("app, busy", "app", False),
                ("app, pauses", "app", True),
                ("bare", "baseline", False),
            ):
                with tempfile.TemporaryDirectory() as work:
                    rows[name].append(_run_child(kind, db, options.rounds, pauses, Path(work)))
        print(f"\n{years} year(s), {db.stat().st_size / 1e6:.1f} MB")
        print(f"{'':14}{'first round':>13}{'last round':>12}{'a round':>10}{'peak':>9}  (MiB)")
        for name, results in rows.items():
            first = statistics.median(r["after"][0] for r in results)
            last = statistics.median(r["after"][-1] for r in results)
            slope = statistics.median(growth_per_round(r["after"]) for r in results)
            peak = statistics.median(r["peak"] for r in results)
            print(f"{name:14}{first:13.1f}{last:12.1f}{slope:+10.2f}{peak:9.1f}")
    print(f"\nload average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
