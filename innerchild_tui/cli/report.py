"""``innerchild report``: what to bring to a therapy session, as Markdown or HTML."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import Any

from innerchild_tui.cli.common import CliError, Outcome, _plain, day_option
from innerchild_tui.domain.report import build_report, report_html, report_markdown
from innerchild_tui.store import Store
from innerchild_tui.store.exports import write_export

DEFAULT_DAYS = 30


def add_parser(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    report = commands.add_parser(
        "report",
        parents=[common],
        help="what to bring to therapy: marked check-ins, mood, words, habits (Markdown or HTML)",
    )
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (default: today)")
    report.add_argument("--format", choices=["md", "html"], default="md")
    report.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE (readable only by you) instead of the screen",
    )
    report.add_argument("--letters", action="store_true", help="add the letters of these days")
    report.add_argument(
        "--letter",
        action="append",
        default=[],
        metavar="ID",
        help="add this letter (its id from `letters list`); may be given more than once",
    )
    report.set_defaults(handler=_report)


def _report(store: Store, args: argparse.Namespace) -> Outcome:
    end = day_option(args.end) or store.today()
    start = day_option(args.start) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise CliError(f"The report starts ({start}) after it ends ({end}).")
    habits = store.habits.all()
    histories = store.habit_days.histories(habits)
    report = build_report(
        store.checkins.all(),
        [(habit, histories[habit["id"]]) for habit in habits],
        store.letters.all() if args.letters else [],
        start,
        end,
    )
    if args.letter:  # the letters the person picked, whatever their day
        known = {str(r["id"]): r for r in store.letters.all()}
        for wanted in args.letter:
            if wanted not in known:
                raise CliError(
                    f"No letter has the id {wanted}; `innerchild letters list` shows each "
                    "letter's id."
                )
        picked = {str(r["id"]): r for r in report.letters}
        picked.update((wanted, known[wanted]) for wanted in args.letter)
        report.letters = sorted(picked.values(), key=lambda r: str(r.get("created_at", "")))
    text = report_html(report) if args.format == "html" else report_markdown(report)
    if args.output is None:
        return Outcome([text.rstrip("\n")], export=True)
    target = write_export(Path(args.output), text, data_file=store.path)
    return Outcome([f"Wrote your report for {start} to {end} to {_plain(target)}."])
