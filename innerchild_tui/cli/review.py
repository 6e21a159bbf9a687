"""``innerchild review``: a week looked back on, kindly, as plain text."""

from __future__ import annotations

import argparse
from typing import Any

from innerchild_tui.cli.common import CliError, Outcome, _plain, day_option
from innerchild_tui.config import load_settings
from innerchild_tui.domain.review import review_lines, week_of
from innerchild_tui.store import Store


def add_parser(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    review = commands.add_parser(
        "review",
        parents=[common],
        help="a week looked back on: moods, words named, self-care, comfort and letters",
    )
    review.add_argument(
        "--week",
        metavar="YYYY-MM-DD",
        help="any day of the week to look back on (default: this week)",
    )
    review.set_defaults(handler=_review)


def _review(store: Store, args: argparse.Namespace) -> Outcome:
    day = day_option(args.week)
    today = store.today()
    if day is not None and week_of(day)[0] > today:
        raise CliError(
            f"The week of {day.isoformat()} has not begun yet; any earlier week is here."
        )
    review = store.week_review(day, memories=load_settings().on_this_day)
    # Every line may hold the person's own words: each is made safe for one line.
    return Outcome([_plain(line) for line in review_lines(review)])
