"""Encryption at rest (issue 14): unlock, save and start-up, plain beside encrypted.

Makes a one-year and a ten-year file with ``bench/generate.py`` (kept in ``--cache``,
default ``/tmp/innerchild-bench``), copies each, turns encryption on in the copy, then
times, median (min-max) over ``--runs`` runs after one warm-up:

- unlock: scrypt alone (the file's n, r, p), and ``Store.open`` with the passphrase
  (scrypt + open every record + check); beside it ``Store.open`` of the plain file; and
  at the door (the dashboard's unlock screen), from the passphrase to the open store,
  the file having been read when it was found locked;
- save: ``Store.save()`` after one habit tick, plain and encrypted (the ratio is the
  issue's "within 1.5x" figure);
- start-up: the quick command ``innerchild today`` in a fresh process, plain and with
  ``--passphrase-file`` (interpreter start, open, unlock, answer); and the dashboard in a
  fresh process, headless at 120x40, from ``Popen`` to Textual's ``Ready`` (the first
  frame), the encrypted one given its passphrase as ``--passphrase-file`` gives it;
- stalls: ``bench/ten_years.py``'s stall child (``--child-stalls app``, the encrypted one
  with ``--passphrase-file``) on a fresh copy of each file, plain then encrypted in each
  run: the longest event-loop stall (a task on the loop wakes every millisecond) during
  a habit tick and the save it starts, typing 40 characters in a letter, the letter's
  autosave, and an outside change (another process adds a check-in; the app merges it);
  and the time from asking the app to look to that merge on screen.

Usage::

    .venv/bin/python bench/encryption.py [--runs N] [--years 1 10] [--cache DIR]
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
from collections.abc import Callable
from pathlib import Path

PASS = "a quiet garden in the rain"
ROOT = Path(__file__).resolve().parent.parent


def _generated(cache: Path, years: int) -> Path:
    path = cache / f"innerchild-{years}y.json"
    if not path.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from generate import generate  # type: ignore[import-not-found]

        cache.mkdir(parents=True, exist_ok=True)
        print(f"making {years} year(s) of data in {path} …", flush=True)
        generate(path, years=years, seed=0)
    return path


def _times(
    work: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> list[float]:
    found = []
    for run in range(runs + 1):
        if before is not None:
            before()
        started = time.perf_counter()
        work()
        took = time.perf_counter() - started
        if run:  # the first is a warm-up
            found.append(took)
    return found


def _fmt(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"{statistics.median(ms):8.1f} ms ({min(ms):.1f}-{max(ms):.1f})"


def bench(source: Path, runs: int, work_dir: Path) -> None:
    from innerchild_tui.store import Store
    from innerchild_tui.store.crypto import Passphrase, derive_key
    from innerchild_tui.store.errors import NeedsPassphrase

    plain = work_dir / "plain" / "innerchild.json"
    sealed = work_dir / "sealed" / "innerchild.json"
    for path in (plain, sealed):
        path.parent.mkdir(parents=True)
        shutil.copy(source, path)
    store = Store.open(sealed, device="bench")
    store.turn_on_encryption(PASS)
    store.save()
    passphrase_file = work_dir / "pass.txt"
    passphrase_file.write_text(PASS + "\n")
    header = store.encryption_header
    assert header is not None
    size_plain, size_sealed = plain.stat().st_size / 1e6, sealed.stat().st_size / 1e6
    records = sum(len(t) for name, t in store._storage.read().items() if name != "meta")
    sizes = f"{size_plain:.1f} MB plain, {size_sealed:.1f} MB sealed"
    print(f"\n{source.name}: {records} records, {sizes}")

    rows: list[tuple[str, list[float], list[float] | None]] = []
    scrypt = _times(lambda: derive_key(PASS, header["kdf"]), runs)
    rows.append((f"scrypt n=2^{header['kdf']['n'].bit_length() - 1} alone", scrypt, None))
    open_plain = _times(lambda: Store.open(plain, device="bench"), runs)
    open_sealed = _times(lambda: Store.open(sealed, device="bench", secret=Passphrase(PASS)), runs)
    rows.append(("unlock: Store.open (sealed: + passphrase)", open_plain, open_sealed))
    try:  # the dashboard's door: the file was read when it found it locked
        Store.open(sealed, device="bench")
    except NeedsPassphrase as locked:
        ahead = locked.read_ahead
    at_door = _times(
        lambda: Store.open(sealed, device="bench", secret=Passphrase(PASS), ahead=ahead), runs
    )
    rows.append(("unlock at the door: passphrase to open", at_door, None))

    def saver(
        path: Path, secret: Passphrase | None
    ) -> tuple[Callable[[], object], Callable[[], object]]:
        opened = Store.open(path, device="bench", secret=secret)
        habit = opened.habits.all()[0]["id"]

        def change() -> None:
            opened.habit_days.toggle(habit, opened.today())

        return (lambda: opened.save()), change

    save_plain, change_plain = saver(plain, None)
    save_sealed, change_sealed = saver(sealed, Passphrase(PASS))
    # In turn, and more of them (they are quick): a busy machine then slows both alike.
    saves_plain, saves_sealed = [], []
    for _ in range(runs * 4):
        saves_plain += _times(save_plain, 1, change_plain)
        saves_sealed += _times(save_sealed, 1, change_sealed)
    rows.append((f"save after one tick ({runs * 4} in turn)", saves_plain, saves_sealed))

    innerchild = Path(sys.executable).parent / "innerchild"
    env = {**os.environ, "XDG_STATE_HOME": str(work_dir / "state")}

    def cli(*args: str) -> Callable[[], object]:
        def run() -> None:
            subprocess.run(
                [str(innerchild), *args], check=True, capture_output=True, env=env,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip

        return run

    start_plain = _times(cli("--db", str(plain), "today"), runs)
    start_sealed = _times(
        cli("--db", str(sealed), "--passphrase-file", str(passphrase_file), "today"), runs
    )
    rows.append(("start-up: `innerchild today`", start_plain, start_sealed))

    def dashboard(*args: str) -> Callable[[], object]:
        def run() -> None:
            report = work_dir / "ready.txt"
            started = time.time()
            subprocess.run(
                [sys.executable, __file__, "--child", *args, "--report", str(report)],
                check=True, capture_output=True, env=env, stdin=subprocess.DEVNULL,
            )  # fmt: skip
            took.append(float(report.read_text()) - started)

        return run

    took: list[float] = []
    _times(dashboard(str(plain)), runs)
    first_plain, took = took[1:], []
    _times(dashboard(str(sealed), "--passphrase-file", str(passphrase_file)), runs)
    first_sealed = took[1:]
    rows.append(("start-up: dashboard's first frame", first_plain, first_sealed))

    from baselines import isolated_env  # type: ignore[import-not-found]

    stall_env = isolated_env(work_dir / "stalls")

    def stalls(path: Path, *args: str) -> dict[str, float]:
        """One run of bench/ten_years.py's stall child on a fresh copy of ``path``."""
        db = work_dir / "stalls" / path.parent.name / path.name
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, db)
        report = work_dir / "stalls.json"
        report.unlink(missing_ok=True)
        command = [sys.executable, str(ROOT / "bench" / "ten_years.py"), "--child-stalls", "app"]
        done = subprocess.run(
            [*command, "--db", str(db), *args, "--report", str(report)],
            capture_output=True, env=stall_env, stdin=subprocess.DEVNULL, timeout=600,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace")[-3000:])
        found: dict[str, float] = json.loads(report.read_text(encoding="utf-8"))
        return found

    stall_rows = (
        ("stall_tick", "stall: habit tick (+ its save)"),
        ("stall_typing", "stall: typing 40 characters in a letter"),
        ("stall_autosave", "stall: the letter's autosave"),
        ("stall_merge", "stall: outside change merged"),
        ("merge_shown", "outside change: asked to look to shown"),
    )
    stalls_plain: dict[str, list[float]] = {key: [] for key, _ in stall_rows}
    stalls_sealed: dict[str, list[float]] = {key: [] for key, _ in stall_rows}
    for run in range(runs + 1):  # in turn; the first is a warm-up
        plain_found = stalls(plain)
        sealed_found = stalls(sealed, "--passphrase-file", str(passphrase_file))
        if run:
            for key, _ in stall_rows:  # the child reports milliseconds
                stalls_plain[key].append(plain_found[key] / 1000)
                stalls_sealed[key].append(sealed_found[key] / 1000)
    for key, name in stall_rows:
        rows.append((name, stalls_plain[key], stalls_sealed[key]))

    print(f"{'figure':44} {'plain':>28} {'encrypted':>28}  ratio")
    for name, first, second in rows:
        if second is None:
            print(f"{name:44} {_fmt(first):>28}")
        else:
            ratio = statistics.median(second) / statistics.median(first)
            print(f"{name:44} {_fmt(first):>28} {_fmt(second):>28}  {ratio:4.2f}x")


def run_child(db: Path, passphrase_file: Path | None, report: Path) -> None:
    """The dashboard on ``db``, headless, until its first frame; writes when that was."""
    from textual import events
    from textual._context import message_hook

    from innerchild_tui.app import make_app
    from innerchild_tui.store.crypto import Passphrase

    secret = None
    if passphrase_file is not None:
        secret = Passphrase(passphrase_file.read_text(encoding="utf-8").rstrip("\r\n"))
    app = make_app(db, device="bench", secret=secret)
    assert not app.locked

    def hook(message: object) -> None:
        if isinstance(message, events.Ready) and not report.exists():
            report.write_text(repr(time.time()))
            app.exit()

    message_hook.set(hook)
    report.unlink(missing_ok=True)
    app.run(headless=True, size=(120, 40))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--passphrase-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 10])
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "innerchild-bench"
    )
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.passphrase_file, args.report)
        return 0
    print(f"load average: {os.getloadavg()}; runs: {args.runs} (median, min-max)")
    for years in args.years:
        source = _generated(args.cache, years)
        with tempfile.TemporaryDirectory() as folder:
            os.environ["XDG_STATE_HOME"] = str(Path(folder) / "state")
            bench(source, args.runs, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
