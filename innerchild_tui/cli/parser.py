"""The quick commands' parser: built only when the words name a command (or ask for
help); ``innerchild`` alone, with its options, opens the dashboard without it (each
command's module, and what it imports, is then not read at all)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import NoReturn

from innerchild_tui import __version__
from innerchild_tui.cli.checkins import (
    _checkin,
    _history,
)
from innerchild_tui.cli.common import (
    PROG,
    CliError,
    Handler,
    tables_view,
)
from innerchild_tui.cli.doctor import (
    _doctor,
    _restore,
)
from innerchild_tui.cli.encryption import add_parser as add_encryption_parser
from innerchild_tui.cli.exports import _export
from innerchild_tui.cli.habits import (
    _habit_add,
    _habit_done,
    _habit_edit,
    _habit_list,
    _habit_partial,
    _habit_rest,
    _habit_show,
    _habit_undo,
)
from innerchild_tui.cli.imports import add_parser as add_import_parser
from innerchild_tui.cli.letters import (
    _letters_export,
    _letters_list,
)
from innerchild_tui.cli.reminders import add_parsers as add_reminders_parsers
from innerchild_tui.cli.report import add_parser as add_report_parser
from innerchild_tui.cli.review import add_parser as add_review_parser
from innerchild_tui.cli.search import _search, search_view
from innerchild_tui.cli.search import add_parser as add_search_parser
from innerchild_tui.cli.serve import add_parser as add_serve_parser
from innerchild_tui.cli.today import (
    _comfort_add,
    _comfort_list,
    _today,
    today_view,
)
from innerchild_tui.paths import default_data_file, shown_path
from innerchild_tui.store.storage import Keep

VIEWS: dict[Handler, Callable[[date], Keep]] = {
    _today: today_view,
    _search: search_view,
    _comfort_list: tables_view("comfort"),
    _letters_list: tables_view("letters"),
}
"""Commands that only read, by their handler (a command that writes never gets a view),
and the records each reads: it holds only those (``Store.open(keep=…)``)."""


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
        epilog=(
            "Your data stays in one JSON file, by default "
            f"{shown_path(default_data_file())} (see --db)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the data file (default: $INNERCHILD_DB, then data_file in the settings file, "
        f"then {shown_path(default_data_file())})",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="an encrypted data file's passphrase, read from FILE (else it is asked for)",
    )
    parser.add_argument(
        "--recovery-key-file",
        metavar="FILE",
        help="open an encrypted data file with its recovery key, read from FILE",
    )
    # Lets --db (and the secret files) also follow the command (`innerchild today --db
    # PATH`) without overwriting one given before it.
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    for option in ("--passphrase-file", "--recovery-key-file"):
        common.add_argument(
            option, metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )

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
    habit_add.add_argument(
        "--group", metavar="NAME", help="list it under this heading (new or one you have)"
    )
    habit_add.add_argument(
        "--link",
        metavar="checkin|letter|practice|none",
        help="it ticks itself when you check in, write a letter or finish a practice",
    )
    habit_add.set_defaults(handler=_habit_add)
    habit_edit = habit_actions.add_parser(
        "edit", parents=[common], help="set a habit's group, or what ticks it"
    )
    habit_edit.add_argument("name", nargs="+", metavar="NAME")
    regroup = habit_edit.add_mutually_exclusive_group()
    regroup.add_argument("--group", metavar="NAME", help="list it under this heading")
    regroup.add_argument("--no-group", action="store_true", help="list it without a heading")
    habit_edit.add_argument(
        "--link",
        metavar="checkin|letter|practice|none",
        help="it ticks itself when you check in, write a letter or finish a practice "
        "(none: only you tick it)",
    )
    habit_edit.set_defaults(handler=_habit_edit)
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
    history.add_argument(
        "--search",
        metavar="WORDS",
        help="list the check-ins whose feelings, needs, tags or notes hold these words",
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
        "export",
        parents=[common],
        help="all your records: JSON, CSV files for a spreadsheet, or HabitBull's layout",
    )
    export.add_argument(
        "--format",
        choices=["json", "csv", "habitbull"],
        default="json",
        help="json (default), csv (one file per kind of record, needs --to DIR) or "
        "habitbull (one row per kept day of a habit)",
    )
    export.add_argument(
        "--to",
        metavar="PATH",
        help="write there (a folder for csv; files readable only by you) instead of the screen",
    )
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

    add_encryption_parser(commands, common, _Parser)
    add_reminders_parsers(commands, common, _Parser)
    add_serve_parser(commands, common)
    add_import_parser(commands, common, _Parser)
    add_report_parser(commands, common)
    add_search_parser(commands, common)
    add_review_parser(commands, common)
    return parser
