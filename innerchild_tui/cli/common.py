"""What every quick command shares: outcomes, errors, input and output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from innerchild_tui.config import Settings, device_id
from innerchild_tui.domain.days import parse_day
from innerchild_tui.domain.records import new_id
from innerchild_tui.domain.shapes import safe_text
from innerchild_tui.domain.text import clean_name, whole_number
from innerchild_tui.store import Store
from innerchild_tui.store.storage import Keep

PROG = "innerchild"
EXIT_OK = 0
EXIT_FINDINGS = 1  # `doctor` found something to look at
EXIT_PROBLEM = 2
EXIT_INTERRUPTED = 130

DONE_MARK = "✓"
OPEN_MARK = "·"
# Shown in place of a character that could drive the terminal or turn the line around (a
# control or a bidi control): the person sees that something is there, and where.
STAND_IN = "\ufffd"


class CliError(Exception):
    """Something the person can fix; ``str()`` is one kind sentence."""


@dataclass
class Outcome:
    """What a quick command has to say, and whether it changed the store."""

    lines: list[str] = field(default_factory=list)
    changed: bool = False
    # The lines are the person's records in a file format (an export to standard output):
    # sent to a pipe or a file they go out exactly as they are (see :func:`_emit`).
    export: bool = False


Handler = Callable[[Store, argparse.Namespace], Outcome]
# A command that opens the data file its own way (or not at all); returns the exit code.
Runner = Callable[[argparse.Namespace, Path, Settings], int]


# Output -----------------------------------------------------------------------------
def _shown(text: str) -> str:
    """``text`` safe to write to a terminal: each control character (but newlines and
    tabs) and bidi control shown as :data:`STAND_IN`. The dashboard's own rule
    (:func:`~innerchild_tui.domain.shapes.safe_text`); what is stored is not touched."""
    return safe_text(text, STAND_IN)


def _one_line(text: str) -> str:
    """Text safe to show on one terminal line: single spaces, controls shown as stand-ins."""
    return _shown(" ".join(text.split()))


def _emit(text: str, stream: TextIO, *, export: bool = False) -> None:
    """Write one line. Every line the quick commands write goes through here, and so
    through :func:`_shown`, whatever text it holds; an ``export`` written to a pipe or a
    file (not a terminal) goes out exactly as it is, so the data stays the person's."""
    if not (export and not _is_terminal(stream)):
        text = _shown(text)
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write((text + "\n").encode(encoding, "replace").decode(encoding))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # (a closed or unusual stream)
        return False


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


def _on_day(day: date, today: date) -> str:
    """When, after a verb: "today", or "on Monday 2026-11-23" (never "on today")."""
    words = _day_words(day, today)
    return words if day == today else f"on {words}"


# Input ------------------------------------------------------------------------------
def _mood(text: str) -> int:
    mood = whole_number(text) or 0  # ASCII digits only: not "1_0", "+7" or "٧"
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


def _device() -> str:
    """This computer's id; a per-run one if the local state folder cannot be made."""
    try:
        return device_id()
    except OSError:
        return new_id()


def _plain(text: object) -> str:
    """A path or name safe to show on one line, spaces kept as they are."""
    return _shown(str(text).replace("\n", " "))


def day_option(text: str | None) -> date | None:
    """A ``--from``/``--to`` style day as given on the command line, or None if not given."""
    if text is None:
        return None
    try:
        return parse_day(clean_name(text))
    except ValueError as error:
        raise CliError(f"{error}.") from None


def tables_view(*tables: str) -> Callable[[date], Keep]:
    """The view of a command that reads whole tables only: those, and the version record."""
    wanted = frozenset((*tables, "meta"))

    def view(day: date) -> Keep:
        def keep(table: str, key: str, record: dict[str, Any]) -> bool:
            return table in wanted

        return keep

    return view
