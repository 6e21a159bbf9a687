"""Real processes on one real file: SIGKILL mid-save, writers interleaving, rename swaps.

Children are ``sys.executable -c <script>`` and import only the store (never Textual), so
each starts in about a tenth of a second. They get the test's environment, so they share
its XDG folders and with them the store's inter-process lock folder.

``INNERCHILD_CRASH_ROUNDS`` sets how many times the crash test kills a writer (default
40, each at a random moment of a save; 1,000 for a long soak); ``INNERCHILD_CRASH_SEED``
replays the random kill delays of a failed run (the seed is in every failure message).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from innerchild_tui.store import Store

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT = 60.0
KILL_WINDOW_SECONDS = 0.150

# Shared by every child: refuse to run if opening the store dragged in Textual.
_PRELUDE = """
import sys
import time
from pathlib import Path
from innerchild_tui.store import Store
if "textual" in sys.modules:
    sys.exit("the store imported Textual")
"""

# Saves forever (until killed): check-in "save R:N", save, then print N.
CRASH_CHILD = (
    _PRELUDE
    + """
path, tag = Path(sys.argv[1]), sys.argv[2]
store = Store.open(path, device=f"crash-{tag}")
n = 0
while n < 1_000_000:
    n += 1
    store.checkins.add(5, note=f"save {tag}:{n}")
    store.save()
    print(n, flush=True)
"""
)

# One writer of a concurrent pair: opens the store, says "ready", waits for "go" on stdin.
WRITER_CHILD = (
    _PRELUDE
    + """
path, device, mode, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
extra = sys.argv[5:]
store = Store.open(path, device=device)
print("ready", flush=True)
sys.stdin.readline()
i = 0
while True:
    i += 1
    if mode == "checkins":
        if i > count:
            break
        store.checkins.add(5, note=f"{device} {i}")
    elif mode == "comfort":
        if i > count:
            break
        store.comfort.add(f"comfort {device} {i}")
    elif mode == "letter":
        if i > count:
            break
        side = "to_child" if i % 2 else "from_child"
        store.letters.update(extra[0], **{side: f"{side} {i}"})
    elif mode == "until-stop":
        if Path(extra[0]).exists():
            break
        store.checkins.add(6, note=f"{device} {i}")
        time.sleep(0.002)
    store.save()
    print(i, flush=True)
print(f"merged {store.outside_changes}", flush=True)
"""
)


def child_env() -> dict[str, str]:
    """The test's environment (XDG folders, hence the lock folder) plus this checkout."""
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if part
    )
    return env


def spawn(script: str, *args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        text=True,
    )


def temp_leftovers(path: Path) -> list[Path]:
    """The store's own temp files (``.innerchild.json.XXXX.tmp``) beside the data file."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def notes_in(path: Path) -> list[str]:
    """Every live check-in's note, read the way the app reads the file."""
    return [r["note"] for r in Store.open(path, device="checker").checkins.all()]


def make_database(path: Path) -> Store:
    store = Store.open(path, device="parent")
    store.save()
    return store


# --------------------------------------------------------------------------------------
# a. SIGKILL at a random moment, hundreds of times, on one growing file
# --------------------------------------------------------------------------------------
def _kill_one_writer(path: Path, tag: str, delay: float) -> tuple[list[int], str]:
    """Start a writer, let it print for ``delay`` s, SIGKILL it; what it printed, stderr."""
    proc = spawn(CRASH_CHILD, str(path), tag)
    assert proc.stdout is not None and proc.stderr is not None
    watchdog = threading.Timer(CHILD_TIMEOUT, proc.kill)
    watchdog.start()
    try:
        first = proc.stdout.readline()
        if first:
            time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=CHILD_TIMEOUT)
        rest = proc.stdout.read()  # everything it printed before dying is in the pipe
        errors = proc.stderr.read()
    finally:
        watchdog.cancel()
        proc.stdout.close()
        proc.stderr.close()
    # Only whole lines count as printed; a torn last line would not be a promise.
    text = first + rest
    lines = text.split("\n")[:-1]  # the piece after the last newline is not a whole line
    return [int(line) for line in lines], errors


def test_sigkill_mid_save_never_loses_a_printed_save(db_path: Path) -> None:
    rounds = int(os.environ.get("INNERCHILD_CRASH_ROUNDS", "40"))
    seed = int(os.environ.get("INNERCHILD_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    make_database(db_path)
    promised: set[str] = set()  # every "save R:N" whose N some writer printed
    leftovers = extra = total_printed = 0
    started = time.monotonic()
    for number in range(rounds):
        where = f"round {number} of {rounds}, seed {seed} (INNERCHILD_CRASH_SEED={seed})"
        delay = rng.uniform(0.0, KILL_WINDOW_SECONDS)
        printed, errors = _kill_one_writer(db_path, str(number), delay)
        assert printed, f"the writer printed nothing before it was killed; {where}:\n{errors}"
        assert printed == list(range(1, len(printed) + 1)), where
        assert "Traceback" not in errors, f"{where}:\n{errors}"
        promised |= {f"save {number}:{n}" for n in printed}
        total_printed += len(printed)

        raw = db_path.read_bytes()
        try:
            json.loads(raw)
        except ValueError as error:
            pytest.fail(f"the file does not parse after a SIGKILL ({error}); {where}")
        notes = notes_in(db_path)  # Store.open works: a valid store
        assert len(notes) == len(set(notes)), f"a check-in was written twice; {where}"
        missing = promised - set(notes)
        lost = sorted(missing)[:5]
        assert not missing, f"lost {len(missing)} printed saves, e.g. {lost}; {where}"
        # At most the one save that finished between its last print and the kill.
        this_round = [n for n in notes if n.startswith(f"save {number}:")]
        assert len(this_round) - len(printed) in (0, 1), where
        extra += len(this_round) - len(printed)

        stale = temp_leftovers(db_path)
        leftovers += len(stale)
        for file in stale:
            file.unlink()
    elapsed = time.monotonic() - started
    print(
        f"\ncrash test: {rounds} rounds in {elapsed:.1f} s, seed {seed}; "
        f"{total_printed} printed saves, all kept; {extra} rounds killed after a save's "
        f"replace but before its print; {leftovers} temp files left by a kill (removed); "
        f"final file {db_path.stat().st_size / 1e6:.2f} MB"
    )


# --------------------------------------------------------------------------------------
# b. Two processes writing the same file at once
# --------------------------------------------------------------------------------------
def _run_together(*commands: Iterable[str]) -> list[tuple[list[str], str]]:
    """Start writers, wait until all have opened the store, say "go", wait for them all."""
    procs = [spawn(WRITER_CHILD, *args, stdin=subprocess.PIPE) for args in commands]
    try:
        for proc in procs:
            assert proc.stdout is not None
            ready = proc.stdout.readline()
            assert ready == "ready\n", proc.communicate(timeout=CHILD_TIMEOUT)
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=CHILD_TIMEOUT)
            assert proc.returncode == 0, err
            results.append((out.splitlines(), err))
        return results
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def test_two_processes_saving_check_ins_at_once_keep_all_of_them(db_path: Path) -> None:
    make_database(db_path)
    results = _run_together(
        (str(db_path), "alpha", "checkins", "100"),
        (str(db_path), "beta", "checkins", "100"),
    )
    notes = notes_in(db_path)
    expected = {f"{device} {i}" for device in ("alpha", "beta") for i in range(1, 101)}
    assert set(notes) == expected
    assert len(notes) == 200
    merges = [lines[-1] for lines, _ in results]
    print(f"\ntwo writers: 200 of 200 check-ins kept; {merges}")
    assert not temp_leftovers(db_path)


def test_comfort_items_and_a_letter_edited_at_once_keep_everything(db_path: Path) -> None:
    store = make_database(db_path)
    letter = store.letters.new("To little me")
    store.save()
    edits = 60
    results = _run_together(
        (str(db_path), "soother", "comfort", "60"),
        (str(db_path), "writer", "letter", str(edits), letter["id"]),
    )
    final = Store.open(db_path, device="checker")
    names = {item["name"] for item in final.comfort.all()}
    assert {f"comfort soother {i}" for i in range(1, 61)} <= names
    letters = final.letters.all()
    assert [r["id"] for r in letters] == [letter["id"]], "a conflict copy appeared"
    last_to = max(i for i in range(1, edits + 1) if i % 2)
    last_from = max(i for i in range(1, edits + 1) if not i % 2)
    assert letters[0]["to_child"] == f"to_child {last_to}"
    assert letters[0]["from_child"] == f"from_child {last_from}"
    assert letters[0]["title"] == "To little me"
    print(f"\ncomfort + letter: {[lines[-1] for lines, _ in results]}")


CLI_RUNS = 15  # each a whole process; the store child saves many times around each


def test_the_real_cli_and_the_store_writing_at_once_lose_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    make_database(db_path)
    cli = Path(sys.executable).parent / "innerchild"
    if not cli.exists():
        pytest.skip(f"{cli} is not installed")
    stop = tmp_path / "stop"
    saver = spawn(
        WRITER_CHILD, str(db_path), "saver", "until-stop", "0", str(stop), stdin=subprocess.PIPE
    )
    try:
        assert saver.stdout is not None and saver.stdin is not None
        assert saver.stdout.readline() == "ready\n"
        saver.stdin.write("go\n")
        saver.stdin.flush()
        for i in range(1, CLI_RUNS + 1):
            done = subprocess.run(
                [str(cli), "--db", str(db_path), "checkin", "--mood", "5", "--note", f"cli {i}"],
                env=child_env(),
                capture_output=True,
                text=True,
                timeout=CHILD_TIMEOUT,
            )
            assert done.returncode == 0, done.stderr
        stop.touch()
        out, err = saver.communicate(timeout=CHILD_TIMEOUT)
        assert saver.returncode == 0, err
    finally:
        if saver.poll() is None:
            saver.kill()
            saver.wait()
    lines = out.splitlines()
    saved = [int(line) for line in lines[:-1]]
    assert len(saved) > CLI_RUNS, "the store child hardly ran while the CLI did"
    notes = notes_in(db_path)
    assert {f"cli {i}" for i in range(1, CLI_RUNS + 1)} <= set(notes)
    assert {f"saver {i}" for i in saved} <= set(notes)
    assert len(notes) == CLI_RUNS + len(saved)
    print(f"\ncli + store: {CLI_RUNS} CLI check-ins and {len(saved)} store saves kept; {lines[-1]}")


# --------------------------------------------------------------------------------------
# c. Another writer replaces the file by rename while a store has it open
# --------------------------------------------------------------------------------------
def _replace_with_a_store_copy(path: Path) -> None:
    """Store B works on a copy (as a sync client's download) that is renamed over ``path``."""
    incoming = path.with_name("innerchild.json.syncing")
    shutil.copyfile(path, incoming)
    other = Store.open(incoming, device="other-computer")
    other.checkins.add(7, note="from the other computer")
    other.save()
    os.replace(incoming, path)


def _replace_with_edited_bytes(path: Path) -> None:
    """A copy of the bytes with one record added, written elsewhere and renamed over."""
    data: dict[str, Any] = json.loads(path.read_bytes())
    template = next(iter(data["checkins"].values()))
    record = dict(
        template,
        id="01JOTHERCOMPUTER0000000000",
        note="from the other computer",
        device="other-computer",
    )
    data["checkins"][record["id"]] = record
    incoming = path.with_name("innerchild.json.syncing")
    incoming.write_bytes(json.dumps(data, indent=1).encode())
    os.replace(incoming, path)


def _replace_keeping_size_and_mtime(path: Path) -> None:
    """Same length, same mtime (as ``rsync -t`` leaves it): only the inode tells."""
    before = path.stat()
    raw = path.read_bytes()
    assert raw.count(b"a first") == 1
    incoming = path.with_name("innerchild.json.syncing")
    record = next(iter(json.loads(raw)["checkins"].values()))
    stamp = record["updated_at"].encode()
    later = b"2099-01-01T00:00:00.000Z"  # a later edit, same length
    assert len(later) == len(stamp)
    edited = raw.replace(b"a first", b"b first").replace(stamp, later)
    edited = edited.replace(b'"this-computer"', b'"that-computer"')
    assert len(edited) == len(raw)
    incoming.write_bytes(edited)
    os.utime(incoming, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(incoming, path)
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize(
    ("replace", "theirs"),
    [
        (_replace_with_a_store_copy, "from the other computer"),
        (_replace_with_edited_bytes, "from the other computer"),
        (_replace_keeping_size_and_mtime, "b first"),
    ],
    ids=["store-copy", "edited-bytes", "same-size-and-mtime"],
)
def test_a_file_replaced_by_rename_is_noticed_merged_and_kept(
    db_path: Path, replace: Any, theirs: str
) -> None:
    a = Store.open(db_path, device="this-computer")
    a.checkins.add(5, note="a first")
    a.save()
    a.checkins.add(4, note="a unsaved")  # in memory only when the file is swapped
    replace(db_path)

    assert a.reload_if_changed() is True
    assert theirs in {r["note"] for r in a.checkins.all()}
    assert "a unsaved" in {r["note"] for r in a.checkins.all()}
    a.checkins.add(6, note="a second")
    assert a.save() is True

    json.loads(db_path.read_bytes())
    notes = set(notes_in(db_path))
    assert {theirs, "a unsaved", "a second"} <= notes
    if theirs == "from the other computer":
        assert "a first" in notes
    assert not a.reload_if_changed()
