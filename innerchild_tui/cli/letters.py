"""Letters from the shell: list and export to Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path

from innerchild_tui.cli.common import (
    CliError,
    Outcome,
    _plain,
)
from innerchild_tui.domain.days import parse_day
from innerchild_tui.domain.letters import UNTITLED, age_of, first_words, word_count
from innerchild_tui.domain.letters_export import letter_markdown, letters_markdown
from innerchild_tui.domain.records import LetterRecord
from innerchild_tui.domain.text import clean_name
from innerchild_tui.store import Store
from innerchild_tui.store.exports import write_export


# Letters ----------------------------------------------------------------------------
def _letters_list(store: Store, args: argparse.Namespace) -> Outcome:
    letters = store.letters.all()
    if not letters:
        return Outcome(["No letters yet. They are written in the dashboard's Letters pane."])
    lines = []
    for letter in letters:
        age = age_of(letter)
        title = clean_name(letter.get("title", "")) or UNTITLED
        words = (
            word_count(letter.get("to_child", "")),
            word_count(letter.get("from_child", "")),
        )
        who = "little me" if age is None else f"little me at {age}"
        about = f"{_words(words[0])} to {who}, {words[1]} back"
        lines.append(f"{letter.get('day', '')}  {title}  ({about})  id {letter['id']}")
        preview = clean_name(first_words(letter, 10))
        if preview:
            lines.append(f"    {preview}")
    return Outcome(lines)


def _words(count: int) -> str:
    return "1 word" if count == 1 else f"{count} words"


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
        chosen = store.letters.all(since=since)
        text = letters_markdown(chosen, table=args.table)
    if args.to is None:
        return Outcome([text.rstrip("\n")], export=True)
    target = write_export(Path(args.to), text, data_file=store.path)
    count = len(chosen)
    return Outcome([f"Wrote {count} letter{'' if count == 1 else 's'} to {_plain(target)}."])


def _letter_named(store: Store, wanted: str) -> LetterRecord:
    """A letter by its id, the start of its id, or its title (any case)."""
    wanted = clean_name(wanted)
    letters = store.letters.all()
    for found in (
        [r for r in letters if r["id"] == wanted],
        [r for r in letters if r["id"].startswith(wanted)] if wanted else [],
        [r for r in letters if r.get("title", "").casefold() == wanted.casefold()],
    ):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CliError(
                f"More than one letter matches “{wanted}”; `innerchild letters list` "
                "shows each one's id."
            )
    raise CliError(f"No letter matches “{wanted}”; `innerchild letters list` shows each one's id.")
