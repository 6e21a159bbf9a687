"""``innerchild search``: one search through everything written, grouped by kind."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from innerchild_tui.cli.common import CliError, Outcome, _one_line, day_option
from innerchild_tui.domain.search import KINDS
from innerchild_tui.store import Store
from innerchild_tui.store.storage import Keep

NOTHING = "Nothing holds that."


def add_parser(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    search = commands.add_parser(
        "search",
        parents=[common],
        help="find words in everything: check-ins, letters, comfort items, support notes",
    )
    search.add_argument("words", nargs="+", metavar="WORDS", help="every word must appear")
    search.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    search.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
    search.set_defaults(handler=_search)


def search_view(day: date) -> Keep:
    """What ``innerchild search`` reads: everything but the habits' days (at ten years,
    50,000 of the file's 60,000 records; a search never looks at them)."""

    def keep(table: str, key: str, record: dict[str, Any]) -> bool:
        return table != "completions"

    return keep


def _search(store: Store, args: argparse.Namespace) -> Outcome:
    start, end = day_option(args.start), day_option(args.end)
    if start is not None and end is not None and start > end:
        raise CliError(f"The search starts ({start}) after it ends ({end}).")
    grouped = store.search(" ".join(args.words), start=start, end=end)
    if not grouped:
        return Outcome([NOTHING])
    lines: list[str] = []
    for kind, heading in KINDS:
        found = grouped.get(kind)
        if not found:
            continue
        if lines:
            lines.append("")
        lines.append(heading)
        for item in found:
            day = item.day.isoformat() if item.day else "          "
            lines.append(f"  {day}  {_one_line(item.title)}")
            lines.append(f"    {_one_line(item.snippet)}")
    return Outcome(lines)
