"""Every figure of issue 13 on a 1-year and a 10-year file, app and baseline in the same run.

Files are made once by ``bench/generate.py`` (through the store API) and kept in
``--cache`` (default ``/tmp/innerchild-bench``). Each figure is the median of ``--runs``
runs; the app and its baseline are run in turn in every run, so both see the same machine.

* start: a fresh process from ``Popen`` to Textual's ``Ready`` (first frame, every pane
  filled from the file), headless at 120×40; baseline: a bare Textual app (Header,
  Static, Footer).
* peak memory: the process's ``ru_maxrss`` at that first frame, after the stall run
  below (ticks, typing, saves, merges, search, review), and after the new day, its backup
  and the conflict copy; baseline: the bare app / a bare app with a text area that was
  typed in.
* stalls: in a child process, a task on the event loop wakes every millisecond and keeps
  the longest gap between wake-ups (minus the millisecond) while one thing happens:
  a habit tick (space in the habits table, and the save it starts), typing 40 characters
  in a letter, the letter's autosave, an outside change (another process adds a check-in
  and saves; the app is asked to look, merges and repaints); then, after the search and
  the review below, the day rolling over (the app's clock moved on a day), the new day's
  backup, and a sync client's conflict copy (the file with a check-in more) merged.
  Baseline: a bare app with a DataTable and a TextArea, keys pressed the same way.
* outside change on screen: from asking the app to look to the merge shown; and, as a
  person sees it, from another process's save (made at three moments of the app's
  one-second poll) to the change on screen, nobody asking: the slowest of the three.
* streaks + strength: every habit's current streak and strength, as the habits pane shows
  them, recomputed after one tick (no UI).
* one save after one tick: ``Store.save()``, against a bare compact ``orjson.dumps`` of the
  same data + write a temp file + fsync + ``os.replace`` + fsync the folder.
* the weekly review (issue 17): ``Store.week_review`` for this week and for a week a
  year back (only that week's records are copied; habit days come from the index), as
  the review screen's worker and ``innerchild review`` compute it; no UI.
* one search (issue 17): ``Store.search`` for one word ("garden") and for two ("rain
  swing"), as the search screen's worker runs it; no UI.
* stalls of the search screen and the review: in the stall child, ``/`` then a quick
  typist's "the garden" (the search waits for the typing to pause, then runs in a thread
  worker), and ``W`` then ``←`` (each week gathered in a worker), then Esc back to the
  dashboard; baseline: the bare app's typing for the search, and for the review the bare
  app opening a screen of its shape (a header, four texts, a footer), changing a text,
  and closing it: what Textual itself takes to show and leave a screen.

Usage::

    .venv/bin/python bench/ten_years.py [--runs 5] [--years 1,10] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from baselines import bare_atomic_write, isolated_env

HERE = Path(__file__).resolve().parent
SIZE = (120, 40)
TIMEOUT = 180.0


# ---------------------------------------------------------------------------------------
# Children
# ---------------------------------------------------------------------------------------
def _maxrss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_start(kind: str, db: str, report: Path) -> None:
    """Start an app, note the first frame and the memory then, exit."""
    marks: dict[str, float] = {}
    from textual import events
    from textual._context import message_hook
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    app: App[Any]
    if kind == "baseline":

        class Baseline(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("A bare Textual app.")
                yield Footer()

        app = Baseline()
    else:
        from innerchild_tui.app import make_app

        app = make_app(Path(db), device="bench")

    def hook(message: object) -> None:
        if isinstance(message, events.Ready) and "ready" not in marks:
            marks["ready"] = time.time()
            marks["rss_ready"] = _maxrss_mib()

    message_hook.set(hook)

    async def auto_pilot(pilot: Any) -> None:
        while "ready" not in marks:
            await pilot.pause(0.001)
        pilot.app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=auto_pilot)
    report.write_text(json.dumps(marks), encoding="utf-8")


def child_cli(args: list[str], report: Path) -> None:
    """One quick command in this process (as ``innerchild`` runs it): its peak memory,
    its time and its exit code. A read of the file alone is the baseline: ``orjson``
    decoding it whole, which any command that holds every record pays."""
    import contextlib
    import io

    started = time.perf_counter()
    if args == ["--bare-read"]:
        import orjson

        records = orjson.loads(Path(os.environ["BENCH_DB"]).read_bytes())
        code = 0 if records else 1
    else:
        from innerchild_tui.cli import main

        with contextlib.redirect_stdout(io.StringIO()):
            code = main(args)
    report.write_text(
        json.dumps(
            {"ms": (time.perf_counter() - started) * 1000, "rss": _maxrss_mib(), "code": code}
        ),
        encoding="utf-8",
    )


class StallMeter:
    """The longest gap between wake-ups of a task that asks to wake every millisecond.

    ``reset`` also restarts the gap being timed: the bench itself blocks the loop between
    measurements (running the CLI with ``subprocess.run``), and that is not the app's.
    """

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self._task: Any = None

    def start(self) -> None:
        import asyncio

        async def watch() -> None:
            self._last = time.perf_counter()
            while True:
                await asyncio.sleep(0.001)
                now = time.perf_counter()
                self.worst = max(self.worst, now - self._last - 0.001)
                self._last = now

        self._task = asyncio.get_running_loop().create_task(watch())

    def reset(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()

    def ms(self) -> float:
        return self.worst * 1000


async def _settle(pilot: Any, seconds: float = 0.3) -> None:
    import contextlib

    from textual.worker import WorkerCancelled

    for pause in (0.0, seconds, 0.0):
        await pilot.pause(pause or None)
        # An exclusive worker replaced by a newer one is cancelled: that is fine here.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()


def child_stalls(kind: str, db: str, report: Path, passphrase_file: Path | None = None) -> None:
    """The stalls below; ``passphrase_file`` opens an encrypted file (bench/encryption.py)."""
    import asyncio

    result: dict[str, float] = {}
    if kind == "baseline":
        asyncio.run(_baseline_stalls(result))
    else:
        asyncio.run(_app_stalls(Path(db), result, passphrase_file))
    result["rss_after_tending" if kind == "app" else "rss_after_use"] = _maxrss_mib()
    report.write_text(json.dumps(result), encoding="utf-8")


async def _baseline_stalls(result: dict[str, float]) -> None:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Static, TextArea

    week = "\n".join(f"Day {n}  mood 5  energy 3 steady  1 check-in" for n in range(40))

    class Week(Screen[None]):
        """The review's shape: a header, four texts, the footer with the review's keys."""

        BINDINGS = [Binding(key, "app.pop_screen", key) for key in ("escape", "left", "right", "?")]

        def compose(self) -> ComposeResult:
            yield Header()
            for text in ("The week of", "hint", "kind", week):
                yield Static(text)
            yield Footer()

    class Baseline(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(id="table")
            yield TextArea(id="text")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Habit", "Today", "Streak", "Last two weeks", "Strength")
            for n in range(20):
                table.add_row(f"Habit {n}", "○", "3 days", "●●●○●●●●○●●●●○", "70%", key=str(n))

    meter = StallMeter()
    async with Baseline().run_test(size=SIZE) as pilot:
        meter.start()
        await _settle(pilot)
        pilot.app.query_one(DataTable).focus()
        await pilot.pause()
        meter.reset()
        await pilot.press("space", "down")
        await _settle(pilot)
        result["stall_tick"] = meter.ms()
        pilot.app.query_one(TextArea).focus()
        await pilot.pause()
        meter.reset()
        for ch in "little one I am here and I see you today":
            await pilot.press("space" if ch == " " else ch)
        result["stall_typing"] = meter.ms()
        meter.reset()
        await _settle(pilot, 1.2)
        result["stall_idle"] = meter.ms()
        meter.reset()
        await pilot.app.push_screen(Week())
        await _settle(pilot)
        pilot.app.screen.query(Static).last().update(week.replace("5", "6"))
        await _settle(pilot)
        result["stall_screen"] = meter.ms()
        meter.reset()
        await pilot.press("escape")
        await _settle(pilot)
        result["stall_screen_closed"] = meter.ms()


async def _app_stalls(
    db: Path, result: dict[str, float], passphrase_file: Path | None = None
) -> None:
    from innerchild_tui.app import make_app
    from innerchild_tui.app.panes.habits import HabitsPane
    from innerchild_tui.app.panes.letters import AUTOSAVE_PAUSE_SECONDS, LettersPane
    from innerchild_tui.app.widgets.voice_area import VoiceArea
    from innerchild_tui.store.crypto import Passphrase

    secret: Passphrase | None = None
    unlock: list[str] = []  # the outside change's CLI needs the passphrase too
    if passphrase_file is not None:
        secret = Passphrase(passphrase_file.read_text(encoding="utf-8").rstrip("\r\n"))
        unlock = ["--passphrase-file", str(passphrase_file)]
    clock = _LaterClock()
    app = make_app(db, device="bench-app", secret=secret, clock=clock)
    assert not app.locked
    meter = StallMeter()
    async with app.run_test(size=SIZE) as pilot:
        meter.start()
        await _settle(pilot, 0.5)
        habits = app.query_one(HabitsPane)
        habits.focus_main()
        await pilot.pause()
        await _settle(pilot)
        meter.reset()
        await pilot.press("space")
        await _settle(pilot)
        result["stall_tick"] = meter.ms()

        letters = app.query_one(LettersPane)
        area = letters.query_one("#to-child", VoiceArea)
        area.focus()
        area.move_cursor(area.document.end)
        await _settle(pilot)
        meter.reset()
        for ch in "little one I am here and I see you today":
            await pilot.press("space" if ch == " " else ch)
        result["stall_typing"] = meter.ms()
        meter.reset()
        await _settle(pilot, AUTOSAVE_PAUSE_SECONDS + 0.5)
        result["stall_autosave"] = meter.ms()

        # Another process adds a check-in and saves; then the app looks.
        checkin = ["checkin", "--mood", "6"]
        _quick_command(db, [*unlock, *checkin])
        merges = app.store.outside_changes
        meter.reset()
        started = time.perf_counter()
        app.check_for_outside_changes()
        while app.store.outside_changes == merges and time.perf_counter() - started < 30:
            await pilot.pause(0.001)
        await pilot.pause()  # the ExternalChangeMerged message: panes repaint
        result["merge_shown"] = (time.perf_counter() - started) * 1000
        await _settle(pilot)
        result["stall_merge"] = meter.ms()

        # The same as a person sees it: nobody asks the app to look; it finds the change
        # by its own polling. Another process saves (its own, while the app runs on) at
        # three moments of the poll; the slowest of the three, from that save to the
        # change on screen.
        seen: list[float] = []
        for wait in (0.15, 0.45, 0.8):
            await pilot.pause(wait)
            merges = app.store.outside_changes
            await _quick_command_beside(db, [*unlock, *checkin])
            saved = time.perf_counter()
            while app.store.outside_changes == merges and time.perf_counter() - saved < 30:
                await pilot.pause(0.005)
            await pilot.pause()
            seen.append((time.perf_counter() - saved) * 1000)
            await _settle(pilot)
        result["merge_polled"] = max(seen)

        # Issue 17: search everything while typing, and the weekly review.
        await pilot.press("escape", "escape")
        await _settle(pilot)
        await pilot.press("slash")
        await _settle(pilot)
        meter.reset()
        for ch in "the garden":
            await pilot.press("space" if ch == " " else ch)
        await _settle(pilot, 0.5)
        result["stall_search"] = meter.ms()
        await pilot.press("escape")
        await _settle(pilot)
        meter.reset()
        await pilot.press("W")
        await _settle(pilot)
        await pilot.press("left")
        await _settle(pilot)
        result["stall_review"] = meter.ms()
        result["rss_after_use"] = _maxrss_mib()
        meter.reset()
        await pilot.press("escape")
        await _settle(pilot)
        result["stall_review_closed"] = meter.ms()

        # The day rolls over: every habit's figures worked out again, every pane filled
        # in again. Then the tending of the file: the new day's backup, and then a sync
        # client's conflict copy (this file with a check-in more) merged in.
        clock.days += 1
        meter.reset()
        app.check_for_new_day()
        await _settle(pilot, 0.5)
        result["stall_new_day"] = meter.ms()
        meter.reset()
        app.tend_the_file()
        await _settle(pilot, 0.5)
        result["stall_backup"] = meter.ms()
        copy = db.with_name(f"{db.stem}.sync-conflict-20261205-101010-BENCH01{db.suffix}")
        shutil.copyfile(db, copy)
        # The sync client writes the copy while the app runs on (run beside the loop: a
        # command run on it held it, and the timers then due all fired at once, counted
        # as the merge's stall).
        meter.reset()
        await _quick_command_beside(copy, [*unlock, *checkin])
        app.tend_the_file()
        await _settle(pilot, 0.5)
        result["stall_conflict"] = meter.ms()
        if copy.exists():
            raise RuntimeError("the conflict copy was not merged")


class _LaterClock:
    """Now, ``days`` days on: the app's clock, so the bench can bring the next day."""

    def __init__(self) -> None:
        self.days = 0

    def __call__(self) -> Any:
        import pendulum

        return pendulum.now().add(days=self.days)


async def _quick_command_beside(db: Path, args: list[str]) -> None:
    """:func:`_quick_command` while the app's loop runs on (its polls keep their time)."""
    import asyncio

    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "innerchild_tui", "--db", str(db), *args,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"innerchild {' '.join(args)} failed: {err.decode()}")


def _quick_command(db: Path, args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "innerchild_tui", "--db", str(db), *args],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace")[-2000:])


def child_numbers(db: str, report: Path, runs: int) -> None:
    """Streaks + strength after a tick, and one save against a bare one (no UI)."""
    from datetime import timedelta

    import orjson

    from innerchild_tui.store import Store

    path = Path(db)
    store = Store.open(path, device="bench-numbers")
    today = store.today()
    habits = store.habits.all()
    _habit_figures(store, habits, today)  # warm
    ticks, figures, saves, bare = [], [], [], []
    bare_path = path.with_name("bare.json")
    for run in range(runs):
        habit = habits[run % len(habits)]
        started = time.perf_counter()
        store.habit_days.toggle(habit["id"], today)
        ticks.append(time.perf_counter() - started)
        started = time.perf_counter()
        _habit_figures(store, habits, today)
        figures.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.save()
        saves.append(time.perf_counter() - started)
        data = store._storage.with_damaged()
        started = time.perf_counter()
        bare_atomic_write(bare_path, orjson.dumps(data))
        bare.append(time.perf_counter() - started)
    bare_path.unlink(missing_ok=True)
    year_back = today - timedelta(weeks=52)
    reviews, past_reviews, searches, two_words = [], [], [], []
    store.week_review()  # warm
    for _run in range(runs):
        started = time.perf_counter()
        store.week_review()
        reviews.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.week_review(year_back)
        past_reviews.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.search("garden")
        searches.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.search("rain swing")
        two_words.append(time.perf_counter() - started)
    result = {
        "review": statistics.median(reviews) * 1000,
        "review_past": statistics.median(past_reviews) * 1000,
        "search": statistics.median(searches) * 1000,
        "search_two": statistics.median(two_words) * 1000,
        "tick_store": statistics.median(ticks) * 1000,
        "figures": statistics.median(figures) * 1000,
        "save": statistics.median(saves) * 1000,
        "save_bare": statistics.median(bare) * 1000,
    }
    report.write_text(json.dumps(result), encoding="utf-8")


def _habit_figures(store: Any, habits: list[Any], today: Any) -> None:
    """Every habit's streak and strength, the way the habits pane gets them."""
    days = getattr(store, "habit_days", None)  # (older builds, for A/B: on the store)
    figures = days.figures if days is not None else getattr(store, "habit_figures", None)
    if figures is not None:
        for habit in habits:
            figures(habit["id"], today)
        return
    from innerchild_tui.domain.streaks import streaks_of
    from innerchild_tui.domain.strength import strength

    histories = store.histories(habits)
    for habit in habits:
        streaks_of(histories[habit["id"]], today)
        strength(histories[habit["id"]], today)


# ---------------------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------------------
def _run_child(args: list[str], env: dict[str, str], workdir: Path) -> tuple[float, dict[str, Any]]:
    report = workdir / "report.json"
    report.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), *args, "--report", str(report)]
    started = time.time()
    done = subprocess.run(
        cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr.decode()[-3000:]}")
    return started, json.loads(report.read_text(encoding="utf-8"))


QUICK_COMMANDS = (
    ("bare", ()),
    ("today", ("today",)),
    ("search", ("search", "garden")),
    ("checkin", ("checkin", "--mood", "6", "--note", "from the bench")),
)
"""Quick commands measured (the first reads the file whole with orjson, as a baseline)."""


def _fresh_copy(source: Path, workdir: Path) -> Path:
    target = workdir / "data" / "innerchild.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def measure(source: Path, runs: int, workdir: Path) -> dict[str, list[float]]:
    env = isolated_env(workdir)
    found: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        found.setdefault(name, []).append(value)

    for run in range(runs + 1):  # the first run only warms caches
        keep = run > 0
        for kind in ("baseline", "app"):
            db = _fresh_copy(source, workdir)
            started, marks = _run_child(["--child-start", kind, "--db", str(db)], env, workdir)
            if keep:
                add(f"start {kind}", (marks["ready"] - started) * 1000)
                add(f"rss_ready {kind}", marks["rss_ready"])
        # The common case: the file this computer last wrote (a quick check-in saves it),
        # whose records are not checked again (store/written.py).
        db = _fresh_copy(source, workdir)
        subprocess.run(
            [sys.executable, "-m", "innerchild_tui", "--db", str(db), "checkin", "--mood", "6"],
            env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT, check=True,
        )  # fmt: skip
        started, marks = _run_child(["--child-start", "app", "--db", str(db)], env, workdir)
        if keep:
            add("start_own app", (marks["ready"] - started) * 1000)
        for kind in ("baseline", "app"):
            db = _fresh_copy(source, workdir)
            _, marks = _run_child(["--child-stalls", kind, "--db", str(db)], env, workdir)
            if keep:
                for name, value in marks.items():
                    add(f"{name} {kind}", value)
        db = _fresh_copy(source, workdir)
        for name, words in QUICK_COMMANDS:
            args = ["--bare-read"] if not words else ["--db", str(db), *words]
            _, marks = _run_child(
                ["--child-cli", json.dumps(args)], {**env, "BENCH_DB": str(db)}, workdir
            )
            if marks["code"] != 0:
                raise RuntimeError(f"{name} ended with {marks['code']}")
            if keep:
                add(f"cli_rss {name}", marks["rss"])
                add(f"cli_ms {name}", marks["ms"])
        _, marks = _run_child(["--child-numbers", "--db", str(db), "--runs", "7"], env, workdir)
        if keep:
            for name, value in marks.items():
                add(name, value)
        print(".", end="", flush=True)
    print()
    return found


ROWS = (
    ("start to first frame, a file from elsewhere (ms)", "start app", "start baseline"),
    ("start to first frame, the file it wrote (ms)", "start_own app", "start baseline"),
    ("stall: habit tick (ms)", "stall_tick app", "stall_tick baseline"),
    ("stall: typing in a letter (ms)", "stall_typing app", "stall_typing baseline"),
    ("stall: autosave (ms)", "stall_autosave app", "stall_idle baseline"),
    ("stall: outside change merged (ms)", "stall_merge app", "stall_idle baseline"),
    ("outside change on screen after the poll (ms)", "merge_shown app", None),
    ("outside change on screen, polled (slowest of 3, ms)", "merge_polled app", None),
    ("streaks+strength, all habits, after a tick (ms)", "figures", None),
    ("store work of one tick (ms)", "tick_store", None),
    ("one save after a tick (ms)", "save", "save_bare"),
    ("weekly review, this week (ms)", "review", None),
    ("weekly review, a year back (ms)", "review_past", None),
    ("one search, one word (ms)", "search", None),
    ("one search, two words (ms)", "search_two", None),
    ("stall: typing a search (ms)", "stall_search app", "stall_typing baseline"),
    ("stall: review opened, a week back (ms)", "stall_review app", "stall_screen baseline"),
    ("stall: review closed (ms)", "stall_review_closed app", "stall_screen_closed baseline"),
    ("stall: the day rolling over (ms)", "stall_new_day app", "stall_idle baseline"),
    ("stall: the daily backup (ms)", "stall_backup app", "stall_idle baseline"),
    ("stall: a conflict copy merged (ms)", "stall_conflict app", "stall_idle baseline"),
    ("innerchild today: time (ms)", "cli_ms today", "cli_ms bare"),
    ("innerchild today: peak memory (MiB)", "cli_rss today", "cli_rss bare"),
    ("innerchild search garden: peak memory (MiB)", "cli_rss search", "cli_rss bare"),
    ("innerchild checkin: time (ms)", "cli_ms checkin", "cli_ms bare"),
    ("innerchild checkin: peak memory (MiB)", "cli_rss checkin", "cli_rss bare"),
    ("peak memory at first frame (MiB)", "rss_ready app", "rss_ready baseline"),
    ("peak memory after use (MiB)", "rss_after_use app", "rss_after_use baseline"),
    ("peak memory after a new day and a conflict copy (MiB)", "rss_after_tending app", None),
)


def _fmt(values: list[float] | None) -> str:
    if not values:
        return "—"
    middle = statistics.median(values)
    return f"{middle:,.1f} ({min(values):,.0f}–{max(values):,.0f})"


def print_table(label: str, size: int, found: dict[str, list[float]]) -> None:
    runs = len(found["start app"])
    print(f"\n{label}: {size / 1e6:.1f} MB file; median (min–max) of {runs} runs")
    header = f"{'figure':50} {'app':>24} {'baseline':>24} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, ours, base in ROWS:
        mine = found.get(ours)
        theirs = found.get(base) if base else None
        ratio = ""
        if mine and theirs and statistics.median(theirs) > 0:
            ratio = f"{statistics.median(mine) / statistics.median(theirs):.2f}×"
        print(f"{name:50} {_fmt(mine):>24} {_fmt(theirs):>24} {ratio:>6}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", default="1,10", help="comma-separated (default 1,10)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/innerchild-bench"))
    parser.add_argument("--db")
    parser.add_argument("--report", type=Path)
    parser.add_argument("--child-start", choices=("baseline", "app"))
    parser.add_argument("--child-stalls", choices=("baseline", "app"))
    parser.add_argument("--child-numbers", action="store_true")
    parser.add_argument("--child-cli", help=argparse.SUPPRESS)
    parser.add_argument("--passphrase-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_start:
        child_start(args.child_start, args.db, args.report)
        return 0
    if args.child_stalls:
        child_stalls(args.child_stalls, args.db, args.report, args.passphrase_file)
        return 0
    if args.child_cli:
        child_cli(json.loads(args.child_cli), args.report)
        return 0
    if args.child_numbers:
        child_numbers(args.db, args.report, args.runs)
        return 0

    sys.path.insert(0, str(HERE))
    import textual
    from generate import generate

    print(f"Python {sys.version.split()[0]}, Textual {textual.__version__}, {os.cpu_count()} CPUs")
    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine)")
    args.cache.mkdir(parents=True, exist_ok=True)
    for years in (int(y) for y in args.years.split(",")):
        source = args.cache / f"innerchild-{years}y.json"
        if not source.exists():
            print(f"generating {years} year(s) of data into {source} …", flush=True)
            generate(source, years=years)
        workdir = Path(tempfile.mkdtemp(prefix="innerchild-ten-years-"))
        try:
            print(f"{years} year(s): {args.runs} runs + 1 warm-up ", end="", flush=True)
            found = measure(source, args.runs, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        print_table(f"{years} year(s)", source.stat().st_size, found)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
