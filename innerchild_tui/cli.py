"""The ``innerchild`` command: open the dashboard, or run a quick command without it.

The quick commands (``checkin``, ``habit``, ``comfort``, ``today``, ``export``) never
import Textual, so they start fast and work over ssh or from scripts. Each one opens the
store, does one thing, and saves only if it changed something. Anything that goes wrong
is one kind line on stderr, prefixed ``innerchild:``, with exit code 2, and the data file
is left exactly as it was.

``doctor`` looks the data file over without writing (exit 1 when it finds something),
``doctor --merge`` merges conflict copies, and ``restore`` puts a backup back after
keeping the file it replaces.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from innerchild_tui import __version__
from innerchild_tui.config import Settings, device_id, load_settings
from innerchild_tui.domain.days import last_days, parse_day
from innerchild_tui.domain.feelings import with_intensity
from innerchild_tui.domain.habit_days import (
    DONE,
    PARTIAL,
    REST,
    SYMBOLS,
    WORDS,
    format_amount,
    mark_for,
    target_of,
)
from innerchild_tui.domain.habit_days import WORDS as DAY_WORDS
from innerchild_tui.domain.insights import daily_moods, history_summary
from innerchild_tui.domain.letters import age_of, child_label, first_words, word_count
from innerchild_tui.domain.letters_export import letter_markdown, letters_markdown
from innerchild_tui.domain.records import TABLES, Record, new_id
from innerchild_tui.domain.streaks import streaks_of
from innerchild_tui.domain.strength import strength
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.domain.vocabulary import MOOD_WORDS
from innerchild_tui.paths import ENV_DB, resolve_data_file
from innerchild_tui.store import Store, StoreError, UnreadableDatabase
from innerchild_tui.store.doctor import Examination, choose_backup, examine, restore_backup
from innerchild_tui.store.errors import SaveFailed
from innerchild_tui.store.storage import atomic_write
from innerchild_tui.store.sync import merge_conflict_copies

PROG = "innerchild"
EXIT_OK = 0
EXIT_FINDINGS = 1  # `doctor` found something to look at
EXIT_PROBLEM = 2
EXIT_INTERRUPTED = 130

DONE_MARK = "✓"
OPEN_MARK = "·"


class CliError(Exception):
    """Something the person can fix; ``str()`` is one kind sentence."""


@dataclass
class Outcome:
    """What a quick command has to say, and whether it changed the store."""

    lines: list[str] = field(default_factory=list)
    changed: bool = False


Handler = Callable[[Store, argparse.Namespace], Outcome]
# A command that opens the data file its own way (or not at all); returns the exit code.
Runner = Callable[[argparse.Namespace, Path, Settings], int]


# Parsing ----------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes become one kind line instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see `{self.prog} --help`).")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "A gentle dashboard for daily inner-child practice. "
            "With no command it opens the dashboard."
        ),
        epilog="Your data stays in one JSON file; see --db.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the data file (default: $INNERCHILD_DB, then the settings file, "
        "then your user data folder)",
    )
    # Lets --db also follow the command (`innerchild today --db PATH`) without
    # overwriting one given before it.
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    checkin = commands.add_parser(
        "checkin", parents=[common], help="record how you feel and what you need"
    )
    checkin.add_argument("--mood", required=True, metavar="N", help="how you feel, 1 to 10")
    checkin.add_argument(
        "--feeling",
        action="append",
        default=[],
        metavar="WORD[:1-3]",
        help="a feeling, with how strong it is if you like: 1 a little, 2 quite, 3 very "
        "(repeatable)",
    )
    checkin.add_argument(
        "--need", action="append", default=[], metavar="WORD", help="a need (repeatable)"
    )
    checkin.add_argument("--note", default="", metavar="TEXT", help="a few words, if you like")
    checkin.add_argument("--energy", metavar="N", help="your energy, 1 to 5")
    checkin.add_argument("--age", metavar="N", help="how old your inner child feels")
    checkin.add_argument(
        "--hear", default="", metavar="TEXT", help="what your inner child needs to hear"
    )
    checkin.add_argument(
        "--body", action="append", default=[], metavar="WORD", help="a body sensation (repeatable)"
    )
    checkin.add_argument(
        "--therapy", action="store_true", help="mark this check-in to bring to therapy"
    )
    checkin.add_argument("--date", metavar="YYYY-MM-DD", help="an earlier day (default: today)")
    checkin.set_defaults(handler=_checkin)

    habit = commands.add_parser("habit", parents=[common], help="your daily self-care habits")
    habit.set_defaults(handler=_habit_list)
    habit_actions = habit.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    habit_actions.add_parser(
        "list", parents=[common], help="each habit, today's tick and its streak"
    ).set_defaults(handler=_habit_list)
    habit_add = habit_actions.add_parser("add", parents=[common], help="add a habit")
    habit_add.add_argument("name", nargs="+", metavar="NAME")
    habit_add.set_defaults(handler=_habit_add)
    for action, handler, text in (
        ("done", _habit_done, "tick a habit for today (or --date)"),
        ("partial", _habit_partial, "mark a habit partly done: the gentle minimum counts"),
        ("rest", _habit_rest, "a rest day (planned or taken): it keeps the streak safe"),
        ("undo", _habit_undo, "take a tick back"),
    ):
        sub = habit_actions.add_parser(action, parents=[common], help=text)
        sub.add_argument("name", nargs="+", metavar="NAME")
        sub.add_argument("--date", metavar="YYYY-MM-DD", help="an earlier day (default: today)")
        if action != "undo":
            sub.add_argument("--note", metavar="TEXT", help="a few words about the day")
        if action in ("done", "partial"):
            sub.add_argument("--amount", metavar="N", help="how much, for a counted habit")
        if action == "rest":
            sub.add_argument("--reason", metavar="WORDS", help="sick, overwhelmed, a boundary…")
        sub.set_defaults(handler=handler)
    habit_show = habit_actions.add_parser(
        "show", parents=[common], help="a habit's streaks, strength and last 30 days"
    )
    habit_show.add_argument("name", nargs="+", metavar="NAME")
    habit_show.set_defaults(handler=_habit_show)

    comfort = commands.add_parser("comfort", parents=[common], help="the things that soothe you")
    comfort.set_defaults(handler=_comfort_list)
    comfort_actions = comfort.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    comfort_add = comfort_actions.add_parser("add", parents=[common], help="add a comfort item")
    comfort_add.add_argument("name", nargs="+", metavar="NAME")
    comfort_add.add_argument("--note", default="", metavar="TEXT")
    comfort_add.set_defaults(handler=_comfort_add)
    comfort_actions.add_parser("list", parents=[common], help="your comfort items").set_defaults(
        handler=_comfort_list
    )

    commands.add_parser("today", parents=[common], help="what today holds so far").set_defaults(
        handler=_today
    )

    history = commands.add_parser(
        "history", parents=[common], help="your recent check-ins, summed up gently"
    )
    history.add_argument(
        "--days", default="30", metavar="N", help="how many days back to look (default 30)"
    )
    history.set_defaults(handler=_history)

    letters = commands.add_parser(
        "letters", parents=[common], help="letters between you and your inner child"
    )
    letters.set_defaults(handler=_letters_list)
    letters_actions = letters.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    letters_actions.add_parser(
        "list", parents=[common], help="every letter, newest first"
    ).set_defaults(handler=_letters_list)
    letters_export = letters_actions.add_parser(
        "export", parents=[common], help="letters as Markdown, to standard output or a file"
    )
    letters_export.add_argument(
        "--since", metavar="YYYY-MM-DD", help="only letters from this day on"
    )
    letters_export.add_argument(
        "--to", metavar="FILE", help="write to FILE (readable only by you) instead of the screen"
    )
    letters_export.add_argument(
        "--letter", metavar="ID", help="only this letter (its id, the start of it, or its title)"
    )
    letters_export.add_argument(
        "--table",
        action="store_true",
        help="the two voices side by side in a table, instead of one after the other",
    )
    letters_export.set_defaults(handler=_letters_export)

    export = commands.add_parser(
        "export", parents=[common], help="all your records, to standard output"
    )
    export.add_argument("--format", choices=["json"], default="json")
    export.set_defaults(handler=_export)

    doctor = commands.add_parser(
        "doctor",
        parents=[common],
        help="look your data file over without changing it (exit 1 if something needs care)",
    )
    doctor.add_argument(
        "--merge",
        action="store_true",
        help="merge the conflict copies a sync app left beside the file, then move them "
        "to the backup folder",
    )
    doctor.set_defaults(runner=_doctor)

    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="put a backup back in place of the data file (the file it replaces is kept)",
    )
    restore.add_argument(
        "backup",
        nargs="?",
        metavar="BACKUP",
        help="a backup's path, or its file name in the backup folder (default: the newest)",
    )
    restore.set_defaults(runner=_restore)
    return parser


# Entry point ------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Run ``innerchild``; returns the exit code (it never calls ``sys.exit`` itself)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except CliError as error:
        return _fail(str(error))
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK

    settings = load_settings()
    db_path = resolve_data_file(args.db, settings.data_file)
    if args.command is None:
        from innerchild_tui.app.launch import launch  # Textual only loads for the dashboard.

        chosen = bool(args.db or os.environ.get(ENV_DB) or settings.data_file)
        return launch(db_path, settings, chosen_explicitly=chosen)

    for problem in settings.problems:
        _emit(f"{PROG}: note: {_one_line(problem)}", sys.stderr)
    try:
        runner: Runner | None = getattr(args, "runner", None)
        if runner is not None:
            return runner(args, db_path, settings)
        return _run(args.handler, args, db_path, settings)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _run(handler: Handler, args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    try:
        store = Store.open(db_path, device=_device(), day_start_hour=settings.day_start_hour)
        outcome = handler(store, args)
        if outcome.changed:
            store.save()
    except CliError as error:
        return _fail(str(error))
    except UnreadableDatabase as error:
        return _fail(
            f"{error.path} could not be read ({error.reason}). "
            "It has been left exactly as it is; nothing was written. "
            "`innerchild doctor` looks it over, and `innerchild restore` puts the newest "
            "backup back."
        )
    except SaveFailed as error:
        # In the app the change waits in memory for a retry; here this run is over.
        cause = error.__context__  # the OSError behind it (raised `from None`)
        reason = (
            cause.strerror or str(cause)
            if isinstance(cause, OSError)
            else "it could not be written"
        )
        return _fail(
            f"Your change could not be saved to {error.path} ({reason}); "
            "the file is as it was, so please try again."
        )
    except StoreError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{db_path} could not be opened ({error.strerror or error}).")
    try:
        for line in outcome.lines:
            _emit(line, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`innerchild export | head`); that is fine.
        _silence_stdout()
    return EXIT_OK


def _device() -> str:
    """This computer's id; a per-run one if the local state folder cannot be made."""
    try:
        return device_id()
    except OSError:
        return new_id()


# Output -----------------------------------------------------------------------------
def _one_line(text: str) -> str:
    """Text safe to show on one terminal line: no control characters, single spaces."""
    return " ".join(clean_text(text.replace("\n", " "), multiline=False).split())


def _emit(text: str, stream: TextIO) -> None:
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write((text + "\n").encode(encoding, "replace").decode(encoding))


def _fail(message: str) -> int:
    _emit(f"{PROG}: {_one_line(message)}", sys.stderr)
    return EXIT_PROBLEM


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _quoted(name: object) -> str:
    return f"“{clean_name(str(name))}”"


def _day_words(day: date, today: date) -> str:
    if day == today:
        return "today"
    return f"{day:%A} {day.isoformat()}"


# Input ------------------------------------------------------------------------------
def _mood(text: str) -> int:
    try:
        mood = int(text)
    except ValueError:
        mood = 0
    if not 1 <= mood <= 10:
        raise CliError(
            f"Mood is a whole number from 1 to 10 (you gave “{clean_name(text)}”); "
            "any number is welcome, it just needs to fit the scale."
        )
    return mood


def _day(text: str | None, store: Store) -> date:
    """``--date``, or today. Refuses, kindly, a day that does not exist or has not come."""
    today = store.today()
    if text is None:
        return today
    try:
        day = parse_day(clean_name(text))
    except ValueError as error:
        raise CliError(f"{error}.") from None
    if day > today:
        raise CliError(
            f"{day.isoformat()} has not come yet; you can only record today "
            "or a day that has passed."
        )
    return day


def _name(words: Sequence[str]) -> str:
    return " ".join(words)


# Commands ---------------------------------------------------------------------------
def _checkin(store: Store, args: argparse.Namespace) -> Outcome:
    mood = _mood(args.mood)
    day = _day(args.date, store)
    for feeling in args.feeling:
        word, colon, level = feeling.rpartition(":")
        if colon and word.strip() and level.strip().isdigit() and level.strip() not in "123":
            raise CliError(
                f"How strong “{clean_name(word)}” is can be 1 (a little), 2 (quite) or "
                f"3 (very); you gave {clean_name(level)}."
            )
    details = {
        "energy": _whole_number(args.energy, "Energy", 1, 5),
        "age": _whole_number(args.age, "Your inner child's age", 0, 120),
        "to_hear": args.hear,
        "body": args.body,
        "therapy": args.therapy,
    }
    record = store.add_checkin(mood, args.feeling, args.need, args.note, day=day, **details)
    when = "" if day == store.today() else f" for {_day_words(day, store.today())}"
    return Outcome(
        [f"Checked in{when}: {_checkin_summary(record)}. Thank you for listening to yourself."],
        changed=True,
    )


def _checkin_summary(record: Record) -> str:
    text = f"mood {record.get('mood', '?')}"
    levels = record.get("intensity") or {}
    feelings = [
        clean_name(with_intensity(str(word), levels.get(word)))
        for word in record.get("feelings", [])
    ]
    needs = [clean_name(str(word)) for word in record.get("needs", [])]
    if feelings:
        text += " — " + ", ".join(feelings)
    if needs:
        text += "; needing " + ", ".join(needs)
    return text


def _whole_number(text: str | None, what: str, low: int, high: int) -> int | None:
    if text is None:
        return None
    cleaned = clean_name(text)
    if not (cleaned.isascii() and cleaned.isdigit() and low <= int(cleaned) <= high):
        raise CliError(f"{what} is a whole number from {low} to {high} (you gave “{cleaned}”).")
    return int(cleaned)


def _history(store: Store, args: argparse.Namespace) -> Outcome:
    days = _whole_number(args.days, "--days", 1, 3660) or 30
    today = store.today()
    checkins = store.checkins()
    moods = daily_moods(checkins)
    lines = history_summary(checkins, today, days)
    found = store.mood_comparisons(moods, today)
    if found:
        lines += ["", "What the days show (observations, not advice)"]
        lines += [f"  {_one_line(c.sentence())}" for c in found]
    return Outcome([clean_text(line, multiline=False) for line in lines])


def _habit_list(store: Store, args: argparse.Namespace) -> Outcome:
    habits = store.habits()
    if not habits:
        return Outcome(["No habits yet. Add one with: innerchild habit add NAME"])
    today = store.today()
    names = [clean_name(str(habit.get("name", ""))) for habit in habits]
    width = max(len(name) for name in names)
    histories = store.histories(habits)
    hide = load_settings().hide_numbers
    lines = []
    for habit, name in zip(habits, names, strict=True):
        history = histories[habit["id"]]
        status = history.status_on(today)
        mark = DONE_MARK if status == DONE else SYMBOLS[status] if status else OPEN_MARK
        streak = streaks_of(history, today).current
        note = f"{streak}-day streak" if streak and not hide else ""
        lines.append(f"{mark} {name:<{width}}  {note}".rstrip())
    return Outcome(lines)


def _habit_add(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.add_habit(_name(args.name))
    return Outcome([f"Added the habit {_quoted(habit['name'])}. Small steps count."], changed=True)


def _amount(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        amount = float(text)
    except ValueError:
        amount = -1.0
    if not 0 <= amount < 1e6:
        raise CliError(f"The amount is a number (you gave “{clean_name(text)}”), like 3 or 1.5.")
    return amount


def _note(args: argparse.Namespace) -> str | None:
    note = getattr(args, "note", None)
    return clean_text(note, multiline=False).strip() if note is not None else None


def _streak_tail(store: Store, habit: Record) -> str:
    streak = streaks_of(store.history(habit["id"]), store.today()).current
    if streak > 1 and not load_settings().hide_numbers:
        return f" That makes a {streak}-day streak."
    return " Nicely done."


def _habit_done(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habit_named(_name(args.name))
    day = _day(args.date, store)
    when = _day_words(day, store.today())
    amount = _amount(args.amount)
    target = target_of(habit)
    if target is not None:
        amount = target.amount if amount is None else amount
        before = store.day_records(habit["id"]).get(day)
        store.set_day_amount(habit["id"], day, amount)
        status = store.history(habit["id"]).status_on(day)
        if _note(args) is not None and status is not None:
            store.set_day(habit["id"], day, status, note=_note(args))
        if store.day_records(habit["id"]).get(day) == before:
            return Outcome([f"{_quoted(habit['name'])} already holds that for {when}. Well done."])
        counted = f"{format_amount(amount)} {target.unit}".rstrip()
        words = WORDS.get(str(status), "nothing yet")
        tail = _streak_tail(store, habit)
        return Outcome(
            [f"{_quoted(habit['name'])} for {when}: {counted} ({words}).{tail}"], changed=True
        )
    if day in store.done_days(habit["id"]):
        if _note(args) is not None:
            store.set_day(habit["id"], day, DONE, note=_note(args))
            added = f"Added your note to {_quoted(habit['name'])} for {when}."
            return Outcome([added], changed=True)
        return Outcome([f"{_quoted(habit['name'])} is already ticked for {when}. Well done."])
    store.set_day(habit["id"], day, DONE, note=_note(args))
    return Outcome(
        [f"Ticked {_quoted(habit['name'])} for {when}.{_streak_tail(store, habit)}"], changed=True
    )


def _habit_partial(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habit_named(_name(args.name))
    day = _day(args.date, store)
    when = _day_words(day, store.today())
    amount = _amount(args.amount)
    target = target_of(habit)
    if target is not None and amount is not None and amount >= target.amount:
        raise CliError(
            f"{format_amount(amount)} reaches the target of {_quoted(habit['name'])}; "
            "`habit done` records that."
        )
    before = store.set_day(
        habit["id"], day, PARTIAL, amount=amount if target is not None else None, note=_note(args)
    )
    if before == store.day_records(habit["id"]).get(day):
        return Outcome([f"{_quoted(habit['name'])} is already partly done for {when}."])
    return Outcome(
        [f"Partly done: {_quoted(habit['name'])} for {when}. The gentle minimum counts."],
        changed=True,
    )


def _habit_rest(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habit_named(_name(args.name))
    today = store.today()
    if args.date is None:
        day = today
    else:
        try:
            day = parse_day(clean_name(args.date))  # a planned rest may be a day to come
        except ValueError as error:
            raise CliError(f"{error}.") from None
    when = _day_words(day, today)
    reason = clean_name(args.reason) if args.reason is not None else None
    before = store.set_day(habit["id"], day, REST, note=_note(args), reason=reason)
    if before == store.day_records(habit["id"]).get(day):
        return Outcome([f"{_quoted(habit['name'])} is already a rest day for {when}."])
    because = f" ({reason})" if reason else ""
    rested = f"A rest day for {_quoted(habit['name'])} on {when}{because}."
    return Outcome([f"{rested} Rest keeps your streak safe."], changed=True)


def _habit_show(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habit_named(_name(args.name))
    history = store.history(habit["id"])
    today = store.today()
    about = [history.schedule.describe()]
    if history.target is not None:
        about.append(history.target.describe())
    about.append("never miss twice" if history.grace else "no grace days")
    if habit.get("archived"):
        about.append("archived")
    lines = [_quoted(habit["name"]).strip("“”"), "  " + " · ".join(about)]
    if load_settings().hide_numbers:
        lines.append("  (numbers are hidden; hide_numbers in the settings shows them)")
    else:
        found = streaks_of(history, today)
        current = f"{found.current} day{'s' if found.current != 1 else ''}"
        if found.current == 0:
            current = "a fresh start" if history.entries else "not started yet"
        score = round(strength(history, today) * 100)
        lines.append(f"  Streak: {current} · best {found.best} · strength {score}%")
        if found.last_comeback is not None:
            since = (today - found.last_comeback).days
            ago = "today" if since == 0 else f"{since} day{'s' if since != 1 else ''} ago"
            lines.append(
                f"  Came back {ago} ({found.last_comeback:%A} "
                f"{found.last_comeback.isoformat()}). Welcome back."
            )
    days = last_days(today, 30)
    strip = "".join(SYMBOLS[mark_for(history, day, today)] for day in days)
    lines += [
        "",
        f"  Last 30 days, {days[0].isoformat()} to {today.isoformat()}:",
        f"  {strip}",
        "  ● done  ◐ partly done  – rest  ‖ paused  ○ today, still open  · nothing yet",
    ]
    noted = [day for day in days if day in history.entries]
    if noted:
        lines.append("")
    for day in noted:
        entry = history.entries[day]
        text = f"  {day.isoformat()} {day:%a}  {SYMBOLS[entry.status]} {WORDS[entry.status]}"
        if entry.amount is not None and history.target is not None:
            text += f", {format_amount(entry.amount)} {history.target.unit}".rstrip()
        if entry.reason:
            text += f" ({clean_name(entry.reason)})"
        if entry.note:
            text += f" — {_one_line(entry.note)}"
        lines.append(text)
    return Outcome(lines)


def _habit_undo(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habit_named(_name(args.name))
    day = _day(args.date, store)
    when = _day_words(day, store.today())
    if day not in store.done_days(habit["id"]):
        return Outcome([f"{_quoted(habit['name'])} was not ticked for {when}; nothing to undo."])
    store.set_habit_done(habit["id"], day, False)
    return Outcome([f"Took back the tick for {_quoted(habit['name'])} on {when}."], changed=True)


def _comfort_add(store: Store, args: argparse.Namespace) -> Outcome:
    item = store.add_comfort(_name(args.name), args.note)
    return Outcome([f"Added {_quoted(item['name'])} to your comforts."], changed=True)


def _comfort_list(store: Store, args: argparse.Namespace) -> Outcome:
    items = store.comfort_items()
    if not items:
        return Outcome(["No comfort items yet. Add one with: innerchild comfort add NAME"])
    today = store.today().isoformat()
    lines = []
    for item in items:
        line = f"• {clean_name(str(item.get('name', '')))}"
        note = clean_name(str(item.get("note", "")))
        if note:
            line += f" — {note}"
        if today in item.get("used", []):
            line += " (used today)"
        lines.append(line)
    return Outcome(lines)


def _today(store: Store, args: argparse.Namespace) -> Outcome:
    today = store.today()
    lines = [f"Today, {today:%A} {today.day} {today:%B %Y}", "", "Check-ins"]
    checkins = store.checkins(today)
    if not checkins:
        lines.append("  None yet. Whenever you are ready: innerchild checkin --mood N")
    for record in checkins:
        mood = record.get("mood")
        words = f" ({MOOD_WORDS[mood]})" if mood in MOOD_WORDS else ""
        time = _local_time(record.get("created_at"))
        summary = _checkin_summary(record).replace(f"mood {mood}", f"mood {mood}{words}", 1)
        lines.append(f"  {time}{summary}")
        note = clean_name(str(record.get("note", "")))
        if note:
            lines.append(f"    {note}")

    habits = store.habits()
    entries = store.day_records_by_habit()
    # Done, partly done and rest all count: each is the person tending to themselves.
    statuses = {
        h["id"]: entries[h["id"]][today].get("status", "done")
        for h in habits
        if today in entries.get(h["id"], {})
    }
    lines += ["", f"Habits ({len(statuses)} of {len(habits)} tended)" if habits else "Habits"]
    if not habits:
        lines.append("  None yet. Add one with: innerchild habit add NAME")
    for habit in habits:
        status = statuses.get(habit["id"])
        mark = DONE_MARK if status == "done" else SYMBOLS.get(status or "", OPEN_MARK)
        words = f" ({DAY_WORDS[status]})" if status in ("partial", "rest") else ""
        lines.append(f"  {mark} {clean_name(str(habit.get('name', '')))}{words}")

    lines += ["", "Comfort"]
    items = store.comfort_items()
    used = [item for item in items if today.isoformat() in item.get("used", [])]
    if not items:
        lines.append("  No comfort items yet. Add one with: innerchild comfort add NAME")
    elif not used:
        lines.append("  Nothing used yet today; they are there when you need them.")
    for item in used:
        lines.append(f"  • {clean_name(str(item.get('name', '')))}")
    return Outcome(lines)


def _local_time(stamp: Any) -> str:
    """``HH:MM `` in local time for a record's UTC stamp, or nothing if it will not parse."""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        return ""
    return f"{moment.astimezone():%H:%M}  "


def _export(store: Store, args: argparse.Namespace) -> Outcome:
    text = json.dumps(store.export(), indent=2, ensure_ascii=False)
    # JSON escapes C0 controls but not DEL or C1 (a lone 0x9b is a terminal CSI): escape
    # those too, so an export shown on a terminal can never drive it.
    return Outcome(["".join(_json_safe(ch) for ch in text)])


def _json_safe(ch: str) -> str:
    if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs"):
        return f"\\u{ord(ch):04x}"
    return ch


# Letters ----------------------------------------------------------------------------
def _letters_list(store: Store, args: argparse.Namespace) -> Outcome:
    letters = store.letters()
    if not letters:
        return Outcome(["No letters yet. They are written in the dashboard's Letters pane."])
    lines = []
    for letter in letters:
        age = age_of(letter)
        title = clean_name(str(letter.get("title", ""))) or "(untitled)"
        words = (
            word_count(str(letter.get("to_child", ""))),
            word_count(str(letter.get("from_child", ""))),
        )
        about = f"{child_label(age).lower()}; {words[0]} + {words[1]} words"
        lines.append(f"{letter.get('day', '')}  {title}  ({about})  id {letter['id']}")
        preview = clean_name(first_words(letter, 10))
        if preview:
            lines.append(f"    {preview}")
    return Outcome(lines)


def _letters_export(store: Store, args: argparse.Namespace) -> Outcome:
    since = None
    if args.since is not None:
        try:
            since = parse_day(clean_name(args.since))
        except ValueError as error:
            raise CliError(f"{error}.") from None
    if args.letter is not None:
        chosen = [_letter_named(store, args.letter)]
        text = letter_markdown(chosen[0], table=args.table)
    else:
        chosen = store.letters(since=since)
        text = letters_markdown(chosen, table=args.table)
    if args.to is None:
        return Outcome([text.rstrip("\n")])
    target = Path(args.to).expanduser()
    if target.resolve() == store.path.resolve():
        raise CliError("That is your data file; please choose another file for the export.")
    if not target.parent.is_dir():
        raise CliError(f"The folder {target.parent} does not exist; please create it first.")
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as error:
        raise CliError(f"{target} could not be written ({error.strerror or error}).") from None
    count = len(chosen)
    return Outcome([f"Wrote {count} letter{'' if count == 1 else 's'} to {_plain(target)}."])


def _letter_named(store: Store, wanted: str) -> Record:
    """A letter by its id, the start of its id, or its title (any case)."""
    wanted = clean_name(wanted)
    letters = store.letters()
    for found in (
        [r for r in letters if r["id"] == wanted],
        [r for r in letters if str(r["id"]).startswith(wanted)] if wanted else [],
        [r for r in letters if str(r.get("title", "")).casefold() == wanted.casefold()],
    ):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CliError(
                f"More than one letter matches “{wanted}”; `innerchild letters list` "
                "shows each one's id."
            )
    raise CliError(f"No letter matches “{wanted}”; `innerchild letters list` shows each one's id.")


# Doctor and restore -----------------------------------------------------------------
TABLE_NOUNS = {
    "checkins": ("check-in", "check-ins"),
    "habits": ("habit", "habits"),
    "completions": ("habit tick", "habit ticks"),
    "comfort": ("comfort item", "comfort items"),
    "letters": ("letter", "letters"),
    "practices": ("soothing practice", "soothing practices"),
    "support": ("support entry", "support entries"),
    "prompts": ("letter prompt", "letter prompts"),
    "words": ("word of your own", "words of your own"),
}


def _plain(text: object) -> str:
    """A path or name safe to show on one line, spaces kept as they are."""
    return clean_text(str(text).replace("\n", " "), multiline=False)


def _print(lines: Sequence[str]) -> None:
    try:
        for line in lines:
            _emit(line, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _doctor(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    if args.merge:
        return _doctor_merge(db_path, settings)
    try:
        found = examine(db_path)
    except OSError as error:
        return _fail(f"{db_path} could not be looked at ({error.strerror or error}).")
    _print(_report(found))
    return EXIT_OK if found.healthy else EXIT_FINDINGS


def _report(found: Examination) -> list[str]:
    lines = [f"Data file: {_plain(found.path)}"]
    if found.readable:
        counts = [
            f"{found.records.get(name, 0)} {TABLE_NOUNS[name][found.records.get(name, 0) != 1]}"
            for name in TABLES
        ]
        lines.append("Records: " + ", ".join(counts))
    else:
        lines.append("Records: not counted, as the file could not be read")
    whose = "" if found.db_id or not found.backups else " (of any innerchild database here)"
    if found.backups:
        lines.append(
            f"Backups: {len(found.backups)}{whose}; the newest is {_plain(found.backups[0])}"
        )
    else:
        lines.append("Backups: none yet (one is made each day innerchild is used)")
    if found.conflict_copies:
        lines.append(f"Conflict copies: {len(found.conflict_copies)}")
        lines += [f"  {_plain(path.name)}" for path in found.conflict_copies]
    else:
        lines.append("Conflict copies: none")
    lines.append("")
    if found.healthy:
        lines.append("All is well: nothing here needs your care.")
    else:
        count = len(found.findings)
        lines.append(f"Found {count} thing{'s' if count != 1 else ''} to look at:")
        lines += [f"- {_plain(finding)}" for finding in found.findings]
    return lines


def _doctor_merge(db_path: Path, settings: Settings) -> int:
    if not db_path.exists():
        return _fail(
            f"There is no data file at {db_path}, so there is nothing to merge "
            "conflict copies into."
        )
    try:
        store = Store.open(db_path, device=_device(), day_start_hour=settings.day_start_hour)
        if store.read_only_reason:
            return _fail(store.read_only_reason)
        merged = merge_conflict_copies(store, store.now())
    except SaveFailed as error:
        return _fail(
            f"The merged records could not be saved to {error.path} ({error.reason}); "
            "the file and its conflict copies are as they were."
        )
    except StoreError as error:  # unreadable: the store's own words, with the newest backup
        return _fail(str(error))
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return _fail(
            f"The conflict copies could not all be merged and moved aside ({reason}); "
            "nothing was deleted, and `innerchild doctor` shows where things are."
        )
    _print([_plain(merged.summary()) if merged.summary() else "No conflict copies to merge."])
    return EXIT_OK


def _restore(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    try:
        backup = choose_backup(db_path, args.backup)
        done = restore_backup(db_path, backup, datetime.now().astimezone())
    except StoreError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(
            f"The backup could not be put back ({error.strerror or error}); {db_path} is as it was."
        )
    if done.unchanged:
        _print([f"{_plain(db_path)} already holds exactly {_plain(backup)}; nothing changed."])
        return EXIT_OK
    lines = [f"Restored {_plain(db_path)} from the backup {_plain(backup)}."]
    if done.kept is None:
        lines.append("There was no data file there before, so there was nothing to keep.")
    elif done.kept_unreadable:
        lines.append(
            "The file it replaced could not be read, so its bytes were kept exactly as they "
            f"were in {_plain(done.kept)}"
        )
    else:
        lines.append(
            f"The file it replaced was kept as a backup: {_plain(done.kept)} "
            "(`innerchild restore` with that path puts it back)."
        )
    lines.append(
        "If innerchild is open right now, here or on another computer, it will merge what "
        "it holds back in when it next saves; close it first to keep the backup as it is."
    )
    _print(lines)
    return EXIT_OK
