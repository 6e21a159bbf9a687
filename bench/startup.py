"""Start-up figures for innerchild-tui: how long until the first full frame.

Generates a year of realistic data through the real store API, then times, in fresh
subprocesses (warm OS cache and bytecode, cold interpreter):

* a bare Textual app (Header, Static, Footer): the baseline;
* the innerchild dashboard on the generated file, built with ``make_app``;
* the quick CLI, ``python -m innerchild_tui --db FILE today`` (which must not import
  Textual).

Every Textual app is run twice per round: headless (``App.run(headless=True)``, which
composes and renders every widget but writes no bytes to a terminal) and in a real
pseudo-terminal (the Linux driver, so the first frame is actually encoded and written).

Times are wall-clock, from the parent's ``time.time()`` just before ``Popen`` to:

* first frame: Textual's ``events.Ready`` reaching the app ("the DOM is ready and the
  first frame has been displayed"), seen through Textual's message hook;
* settled: the auto-pilot's ``await pilot.pause()`` returned after Ready: every widget has
  processed the messages start-up queued and the process is idle (Textual detects idle in
  20 ms slices, so this includes at least 20 ms of waiting);
* exit: the process has exited (for the CLI, the only figure).

Usage::

    /tmp/venv/bin/python bench/startup.py [--runs N] [--keep] [--db PATH] [--no-pty]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from baselines import isolated_env

# The child half of this script is timed, so only cheap standard modules are imported
# at the top; everything else is imported where it is used.

SIZE = (120, 40)  # a roomy terminal: the dashboard shows all four panes, not tabs
CHILD_TIMEOUT = 60.0
METRICS = (("ready", "first frame"), ("settled", "settled"), ("exit", "exit"))
NAME_WIDTH = 30
CELL_WIDTH = 17


# ---------------------------------------------------------------------------------------
# Child: run one app to its first full frame, write the marks to a JSON file, exit.
# ---------------------------------------------------------------------------------------
def run_child(kind: str, db: str | None, report: Path, headless: bool) -> None:
    marks: dict[str, float] = {"child_start": time.time()}

    from textual import events
    from textual._context import message_hook  # what App.run_test uses for its hook
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot
    from textual.widgets import Footer, Header, Static

    app: App[Any]
    if kind == "baseline":

        class Baseline(App[None]):
            TITLE = "baseline"

            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("A bare Textual app: a header, one line of text and a footer.")
                yield Footer()

        marks["imported"] = time.time()
        app = Baseline()
    else:
        import innerchild_tui.app.app  # noqa: F401  (so "imported" excludes the store)
        from innerchild_tui.app import make_app

        marks["imported"] = time.time()
        app = make_app(Path(str(db)), device="bench")
    marks["built"] = time.time()

    def hook(message: object) -> None:
        if isinstance(message, events.Ready) and "ready" not in marks:
            marks["ready"] = time.time()

    message_hook.set(hook)  # asyncio.run copies this context into the app's tasks

    async def auto_pilot(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        deadline = time.monotonic() + CHILD_TIMEOUT
        while "ready" not in marks and time.monotonic() < deadline:
            await pilot.pause(0.001)
        marks["settled"] = time.time()
        pilot.app.exit()

    app.run(headless=headless, size=SIZE if headless else None, auto_pilot=auto_pilot)
    marks["returned"] = time.time()
    report.write_text(json.dumps(marks), encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Data: a year of practice, written through the store like the app would.
# ---------------------------------------------------------------------------------------
NOTES = (
    "Slept badly, but I noticed it and was gentle about it.",
    "Said no to the extra shift. My stomach was in knots, then it eased.",
    "Called my sister; I did not fix anything for her, I just listened.",
    "Felt the old pull to smooth things over at dinner. I let it be awkward.",
    "Long walk by the river. The little one liked the ducks.",
    "Work email at 22:00 again. Closed the laptop this time.",
    "Therapy today. Tired and a bit raw, in a good way.",
    "I caught myself apologising for taking up space.",
    "Quiet morning with tea and no phone.",
    "Mum's call left me shaky. I wrote it down instead of replaying it.",
    "Meeting went fine. The fear beforehand was bigger than the meeting.",
    "Had a nap without earning it first.",
    "Drew for twenty minutes, badly and happily.",
    "Felt invisible at the party; left early and that was okay.",
    "Asked for what I needed, out loud, once.",
    "Body feels heavy. Rain all day.",
    "Laughed properly for the first time in a while.",
    "Did too much for everyone again. Noticing is a start.",
)

TO_CHILD = (
    "I am here, and I am not going anywhere.",
    "You did not have to be good to be loved; you were always enough.",
    "It was never your job to keep the grown-ups happy.",
    "This week I noticed how quickly you get scared when someone is quiet.",
    "When you felt that knot in your stomach, I stayed with you instead of running.",
    "I am sorry it took me so long to listen to you.",
    "You are allowed to be tired, to be cross, to want things.",
    "We said no on Tuesday, and nothing terrible happened.",
    "I will keep you safe from people who only want you useful.",
    "Let us find something silly to do this weekend, just because.",
    "You can put the heavy bag down now; I can carry it for a while.",
    "I saw how brave you were at the doctor's, even with your hands shaking.",
    "Nobody needs rescuing by you today.",
    "I am learning what you like: warm socks, cold oranges, loud songs in the car.",
    "When the old voice says you are too much, I will answer it for you.",
    "Your feelings are not an emergency; they are information, and they are welcome.",
)

FROM_CHILD = (
    "I was scared when the door slammed and nobody said anything after.",
    "I like it when you take us outside and we look at the trees.",
    "I don't want to be the one who makes everyone feel better all the time.",
    "Can we have pancakes?",
    "I felt small in the meeting, like when I had to be quiet at the table.",
    "Thank you for going to bed early. I was so tired.",
    "I miss drawing. I used to draw dragons.",
    "Sometimes I still think it is my fault when people are sad.",
    "I felt proud when you said no. It was loud inside but we did it.",
    "Please don't forget me when you get busy.",
    "I like the blanket with the stars on it.",
    "It's okay that you got cross with me yesterday. You came back.",
    "I want to play in the rain and not worry about getting wet.",
    "When you hug the pillow at night I feel a little bit safer.",
    "I don't like it when you say yes and your tummy says no.",
)

LETTER_TITLES = (
    "After the long week",
    "About saying no",
    "For the scared part",
    "Sunday morning",
    "What I wish I had heard",
    "Small brave things",
    "A quiet one",
    "Before the holidays",
    "You are not too much",
    "On being tired",
)

COMFORT = (
    ("Weighted blanket", "The blue one, on the sofa."),
    ("Chamomile tea", "Two bags, honey, the big mug."),
    ("Walk to the river", ""),
    ("Call Sam", "Sam says call any time, and means it."),
    ("Playlist: slow songs", ""),
    ("Stuffed rabbit", "Mr Ears, top shelf."),
    ("Warm bath", "Lavender salts under the sink."),
    ("Colouring book", ""),
    ("Box breathing", "In four, hold four, out four, hold four."),
    ("Hot water bottle", ""),
    ("Journal", "Just one page, no rules."),
    ("Cat cuddles", ""),
    ("Favourite film", "The one with the lighthouse."),
    ("Orange slices", ""),
    ("Grounding 5-4-3-2-1", "Five things I see, four I hear..."),
    ("Hand on heart", ""),
    ("Stretching", "Ten minutes, floor, slow."),
    ("Audiobook", ""),
    ("Sit in the sun", ""),
    ("Write to my inner child", ""),
)


def _paragraphs(rng: Any, sentences: tuple[str, ...], words: int) -> str:
    """Sentences drawn from ``sentences`` until about ``words`` words, in paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    total = 0
    while total < words:
        sentence = rng.choice(sentences)
        current.append(sentence)
        total += len(sentence.split())
        if len(current) >= rng.randint(3, 6):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def generate(path: Path, seed: int = 7) -> None:
    """Write a year of practice ending today to ``path`` (which must not exist)."""
    import random
    from datetime import date, timedelta

    import pendulum

    from innerchild_tui.domain.days import day_for
    from innerchild_tui.domain.vocabulary import FEELINGS, NEEDS
    from innerchild_tui.store import Store

    rng = random.Random(seed)
    real_now = pendulum.now()
    virtual = [real_now]

    def clock() -> pendulum.DateTime:
        # The moment being written, never after the real now (the store's "today").
        return min(virtual[0], real_now)

    store = Store.open(path, device="bench-generator", clock=clock)
    last_day = day_for(real_now)
    first_day = last_day - timedelta(days=364)
    habits = store.habits.all()

    def at(day: date, hour: int, minute: int) -> pendulum.DateTime:
        return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz="local")

    virtual[0] = at(first_day, 9, 0)
    comfort_ids = [store.comfort.add(name, note)["id"] for name, note in COMFORT[:12]]
    later_comfort = list(COMFORT[12:])

    positive, negative = FEELINGS[:6], FEELINGS[6:]
    mood = 6.0
    for offset in range(365):
        day = first_day + timedelta(days=offset)
        # Mood wanders, a little lower early in the week.
        mood += rng.gauss(0, 1.1) + (6.0 - mood) * 0.15 - (0.4 if day.weekday() < 2 else 0)
        count = rng.choices((1, 2, 3, 4), weights=(1, 4, 4, 1))[0]
        hours = sorted(rng.sample((7, 8, 10, 12, 13, 15, 17, 19, 20, 21, 22), count))
        if day == last_day:  # today: only what could have happened by now
            hours = [hour for hour in hours if at(day, hour, 59) <= real_now] or hours[:1]
        for hour in hours:
            virtual[0] = at(day, hour, rng.randint(0, 59))
            score = max(1, min(10, round(mood + rng.gauss(0, 1))))
            pool = positive if score >= 6 else negative
            feelings = rng.sample(pool, rng.randint(0, 3))
            needs = rng.sample(NEEDS, rng.randint(0, 2))
            note = rng.choice(NOTES) if rng.random() < 0.6 else ""
            checkin = store.checkins.add(score, feelings, needs, note, day=day)
            if rng.random() < 0.05:
                store.checkins.update(checkin["id"], min(10, score + 1), feelings, needs, note)
            elif rng.random() < 0.02:
                store.checkins.delete(checkin["id"])

        virtual[0] = at(day, 21, 30)
        for habit in habits:
            if rng.random() < 0.7:
                store.habit_days.set_done(habit["id"], day, True)
                if rng.random() < 0.02:  # ticked by mistake, taken back
                    store.habit_days.set_done(habit["id"], day, False)

        if later_comfort and offset % 30 == 15:
            name, note = later_comfort.pop(0)
            comfort_ids.append(store.comfort.add(name, note)["id"])
        if rng.random() < 0.4:
            for item_id in rng.sample(comfort_ids, rng.randint(1, 2)):
                store.comfort.toggle_used(item_id, day)

        if offset % 7 == 6:
            virtual[0] = at(day, 22, 15)
            letter = store.letters.new()
            store.letters.update(
                letter["id"],
                title=rng.choice(LETTER_TITLES),
                to_child=_paragraphs(rng, TO_CHILD, rng.randint(250, 450)),
                from_child=_paragraphs(rng, FROM_CHILD, rng.randint(150, 350)),
            )
    store.save()


def count_records(path: Path) -> dict[str, tuple[int, int]]:
    """Per table: (live records, tombstones)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts: dict[str, tuple[int, int]] = {}
    for name, table in data.items():
        if name == "meta":
            continue
        dead = sum(1 for record in table.values() if record.get("deleted"))
        counts[name] = (len(table) - dead, dead)
    return counts


# ---------------------------------------------------------------------------------------
# Parent: spawn, time, summarise.
# ---------------------------------------------------------------------------------------
class ChildFailed(RuntimeError):
    pass


def _spawn(cmd: list[str], env: dict[str, str], use_pty: bool, log: Path) -> tuple[float, float]:
    """Run ``cmd``; returns (time.time() just before Popen, time.time() after exit)."""
    import subprocess

    if use_pty:
        code, start, end, output = _spawn_in_pty(cmd, env)
        log.write_bytes(output)
    else:
        with log.open("wb") as errors:
            start = time.time()
            code = subprocess.run(
                cmd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                timeout=CHILD_TIMEOUT,
                check=False,
            ).returncode
            end = time.time()
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise ChildFailed(f"{' '.join(cmd[:4])}… exited with {code}:\n{tail}")
    if use_pty and log.stat().st_size < 1000:
        raise ChildFailed(f"only {log.stat().st_size} bytes reached the terminal: no frame?")
    return start, end


def _spawn_in_pty(cmd: list[str], env: dict[str, str]) -> tuple[int, float, float, bytes]:
    """Run ``cmd`` on a fresh pseudo-terminal of ``SIZE``, reading everything it draws.

    Textual draws on stderr, so stdin, stdout and stderr are all the terminal.
    Returns (exit code, start, end, the bytes drawn).
    """
    import fcntl
    import pty
    import struct
    import subprocess
    import termios
    import threading

    master, slave = pty.openpty()
    width, height = SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    drawn = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO once the child has gone and the slave is closed
                return
            if not chunk:
                return
            drawn.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.time()
    process = subprocess.Popen(
        cmd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
    )
    os.close(slave)
    try:
        code = process.wait(timeout=CHILD_TIMEOUT)
    finally:
        end = time.time()
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=2)
    os.close(master)
    return code, start, end, bytes(drawn)


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--db", type=Path, help="use this data file instead of generating one")
    parser.add_argument("--no-pty", action="store_true", help="headless runs only")
    parser.add_argument("--child", choices=("baseline", "dashboard"), help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        run_child(args.child, str(args.db) if args.db else None, args.report, args.headless)
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return run_bench(args.runs, args.keep, args.db, pty=not args.no_pty)


def run_bench(runs: int, keep: bool, db: Path | None, *, pty: bool) -> int:
    import platform
    import shutil
    import tempfile

    import textual

    bench_started = time.time()
    workdir = Path(tempfile.mkdtemp(prefix="innerchild-bench-"))
    try:
        # Settings, themes and the device id all resolve inside the temp folder.
        env = isolated_env(workdir)
        env.update(PYTHONUNBUFFERED="1")
        env.update(COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]))

        print(f"Python   {platform.python_version()} ({sys.executable})")
        print(f"Textual  {textual.__version__}")
        print(f"Machine  {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}")

        if db is None:
            db = workdir / "innerchild.json"
            started = time.perf_counter()
            generate(db)
            made = f"generated in {time.perf_counter() - started:.1f} s"
        else:
            db = db.expanduser().resolve()
            made = "given with --db"
        counts = count_records(db)
        live = sum(live for live, _ in counts.values())
        dead = sum(dead for _, dead in counts.values())
        print(f"Data     {db} ({made})")
        size = db.stat().st_size
        print(f"         {size:,} bytes ({size / 1024:,.0f} KiB), {live:,} live records", end="")
        print(f" + {dead} tombstones:")
        print("         " + ", ".join(f"{name} {n:,}" for name, (n, _) in counts.items()))
        # The runs must not change the file; the dashboard saves only after an edit.
        signature = (db.stat().st_size, db.stat().st_mtime_ns)

        script = str(Path(__file__).resolve())
        python = sys.executable
        cli = [python, "-m", "innerchild_tui", "--db", str(db), "today"]
        modes = [True, False] if pty else [True]  # headless, then the real terminal
        targets: list[tuple[str, list[str], bool]] = []
        for headless in modes:
            suffix = "headless" if headless else "pty"
            for kind in ("baseline", "dashboard"):
                cmd = [python, script, "--child", kind]
                if kind == "dashboard":
                    cmd += ["--db", str(db)]
                if headless:
                    cmd.append("--headless")
                targets.append((f"{kind} ({suffix})", cmd, not headless))
        targets.append(("cli today", cli, False))

        samples: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in targets}
        print(f"\nRunning each {runs} times after one untimed warm-up", end="", flush=True)
        for round_number in range(runs + 1):
            for name, cmd, use_pty in targets:
                report = workdir / "report.json"
                report.unlink(missing_ok=True)
                full = [*cmd, "--report", str(report)] if "--child" in cmd else cmd
                start, end = _spawn(full, env, use_pty, workdir / "child.log")
                marks = {"exit": end}
                if report.exists():
                    marks.update(json.loads(report.read_text(encoding="utf-8")))
                if round_number:  # the first round only warms caches and bytecode
                    samples[name].append({key: (t - start) * 1000 for key, t in marks.items()})
            print(".", end="", flush=True)
        print()

        if (db.stat().st_size, db.stat().st_mtime_ns) != signature:
            print("warning: the data file changed during the runs", file=sys.stderr)
        textual_in_cli = _cli_imports_textual(cli, env)

        _print_table(samples, modes)
        _print_breakdown(samples)
        verdict = "YES (it should not)" if textual_in_cli else "no"
        print(f"\nThe quick CLI imports Textual: {verdict}")
        print(f"Total bench time {time.time() - bench_started:.1f} s")
    except ChildFailed as error:
        print(f"\nA run failed: {error}", file=sys.stderr)
        return 1
    finally:
        if keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _cli_imports_textual(cli: list[str], env: dict[str, str]) -> bool:
    import subprocess

    done = subprocess.run(
        [cli[0], "-X", "importtime", *cli[1:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=True,
    )
    modules = (line.split("|")[-1].strip() for line in done.stderr.splitlines())
    return any(module.split(".")[0] == "textual" for module in modules)


def _stats(rows: list[dict[str, float]], key: str) -> tuple[float, float] | None:
    values = [row[key] for row in rows if key in row]
    return (_median(values), min(values)) if values else None


def _print_table(samples: dict[str, list[dict[str, float]]], modes: list[bool]) -> None:
    print("\nms from process start" + " " * (NAME_WIDTH - 21), end="")
    print("".join(f"{title:>{CELL_WIDTH}}" for _, title in METRICS))
    print(" " * NAME_WIDTH + f"{'median':>{CELL_WIDTH - 7}}{'min':>7}" * len(METRICS))
    for name, rows in samples.items():
        cells = ""
        for key, _ in METRICS:
            found = _stats(rows, key)
            cells += (
                f"{found[0]:{CELL_WIDTH - 7}.0f}{found[1]:7.0f}" if found else f"{'–':>10}{'–':>7}"
            )
        print(f"{name:<{NAME_WIDTH}}{cells}")
    for headless in modes:
        suffix = "headless" if headless else "pty"
        base, dash = samples[f"baseline ({suffix})"], samples[f"dashboard ({suffix})"]
        cells = ""
        for key, _ in METRICS:
            b, d = _stats(base, key), _stats(dash, key)
            assert b is not None and d is not None
            cells += f"{d[0] / b[0]:{CELL_WIDTH - 8}.2f}x{d[1] / b[1]:6.2f}x"
        print(f"{'dashboard/baseline (' + suffix + ')':<{NAME_WIDTH}}{cells}")


def _print_breakdown(samples: dict[str, list[dict[str, float]]]) -> None:
    steps = (
        ("python", None, "child_start"),
        ("imports", "child_start", "imported"),
        ("build app", "imported", "built"),
        ("run→frame", "built", "ready"),
        ("frame→settled", "ready", "settled"),
        ("shutdown", "settled", "exit"),
    )
    print("\nWhere the time goes (median ms)")
    print(" " * NAME_WIDTH + "".join(f"{label:>14}" for label, _, _ in steps))
    for name, rows in samples.items():
        if not rows or "ready" not in rows[0]:
            continue
        cells = []
        for _, first, last in steps:
            spans = [row[last] - (row[first] if first else 0.0) for row in rows]
            cells.append(f"{_median(spans):14.0f}")
        print(f"{name:<{NAME_WIDTH}}" + "".join(cells))


if __name__ == "__main__":
    raise SystemExit(main())
