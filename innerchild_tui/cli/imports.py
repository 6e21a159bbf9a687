"""``innerchild import loop|daylio|jrnl PATH``: bring records in from other apps.

The whole file is read first; a file that is not what it claims, or a Daylio mood the
mood map does not number, is one line and exit 2, with nothing written. ``--dry-run``
says what would be added and writes nothing. Before the first write a backup of the
data file is taken (``before-import``, beside the daily ones).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from innerchild_tui.cli.common import PROG, CliError, Outcome, _plain
from innerchild_tui.imports import ImportBatch, NotThatFormat
from innerchild_tui.imports.daylio import UnmappedMoods, read_daylio
from innerchild_tui.imports.jrnl import read_jrnl
from innerchild_tui.imports.loop import read_loop
from innerchild_tui.imports.text import DEFAULT_MOOD_MAP, parse_mood_map
from innerchild_tui.store import Store
from innerchild_tui.store.backups import make_backup
from innerchild_tui.store.importing import ImportPlan, apply_import, plan_import

SOURCES = {"loop": "Loop Habit Tracker", "daylio": "Daylio", "jrnl": "jrnl"}
FIRST_ITEMS = 5


def add_parser(
    commands: argparse._SubParsersAction[Any],
    common: argparse.ArgumentParser,
    parser_class: type[argparse.ArgumentParser],
) -> None:
    """``import`` and its three sources."""
    parser = commands.add_parser(
        "import", parents=[common], help="bring in records from Loop, Daylio or jrnl"
    )
    sources = parser.add_subparsers(
        dest="source", metavar="SOURCE", required=True, parser_class=parser_class
    )
    for source, about in (
        ("loop", "Loop Habit Tracker: its CSV export (zip or folder) or its .db backup"),
        ("daylio", "Daylio: its CSV export or its .daylio backup, as check-ins"),
        ("jrnl", "jrnl: its `--format json` export, as letters in your voice"),
    ):
        sub = sources.add_parser(source, parents=[common], help=about)
        sub.add_argument("path", metavar="PATH", help="the exported file (or folder)")
        sub.add_argument(
            "--dry-run", action="store_true", help="say what would be added; write nothing"
        )
        if source == "daylio":
            sub.add_argument(
                "--mood-map",
                metavar="NAME=N,…",
                help="numbers (1–10) for Daylio's moods, e.g. 'rad=10,sleepy=4' "
                "(default rad=9,good=7,meh=5,bad=3,awful=1)",
            )
        sub.set_defaults(handler=_import)


def read_batch(source: str, path: Path, mood_map_text: str | None) -> ImportBatch:
    """The whole file parsed, or a :class:`CliError` in one sentence."""
    if not path.exists():
        raise CliError(f"There is nothing at {_plain(path)}.")
    try:
        if source == "loop":
            return read_loop(path)
        if source == "jrnl":
            return read_jrnl(path)
        moods = dict(DEFAULT_MOOD_MAP)
        if mood_map_text is not None:
            try:
                moods.update(parse_mood_map(mood_map_text))
            except ValueError as error:
                raise CliError(f"--mood-map: {error}.") from None
        return read_daylio(path, moods)
    except UnmappedMoods as missing:
        names = ", ".join(f"“{name}”" for name in missing.names)
        raise CliError(
            f"Some of your Daylio moods have no number yet: {names}. Give each one with "
            f"--mood-map, e.g. --mood-map '{missing.names[0]}=6'. Nothing was imported."
        ) from None
    except NotThatFormat as error:
        raise CliError(f"{error} Nothing was imported.") from None
    except IsADirectoryError:
        raise CliError(f"{_plain(path)} is a folder; please give the exported file.") from None


def _import(store: Store, args: argparse.Namespace) -> Outcome:
    path = Path(args.path).expanduser()
    batch = read_batch(args.source, path, getattr(args, "mood_map", None))
    plan = plan_import(store, batch)
    lines = describe(plan, SOURCES[args.source], dry_run=args.dry_run)
    if args.dry_run or not plan.records:
        return Outcome(lines)
    if store.read_only_reason:
        raise CliError(f"{store.read_only_reason} Nothing was imported.")
    if not store.is_new and store.path.exists():
        try:
            make_backup(
                store.path.read_bytes(),
                db_id=store.db_id or "unknown",
                reason="before-import",
                now=store.now(),
            )
        except (OSError, ValueError) as error:
            raise CliError(
                f"A backup could not be taken before importing ({error}); nothing was imported."
            ) from None
    apply_import(store, plan, _progress if sys.stderr.isatty() else None)
    return Outcome(lines, changed=True)


def _progress(done: int, total: int) -> None:
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r{PROG}: importing… {done} of {total}{end}")
    sys.stderr.flush()


def describe(plan: ImportPlan, source: str, *, dry_run: bool) -> list[str]:
    """What an import adds (or would add), in a few lines."""
    counts = [
        (plan.count("habits"), "habit", "habits"),
        (plan.count("completions"), "day of habits", "days of habits"),
        (plan.count("checkins"), "check-in", "check-ins"),
        (plan.count("letters"), "letter", "letters"),
    ]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    verb = "Would add" if dry_run else "Added"
    if not said:
        lines = [f"Nothing new to add from {source}; everything in it is here already."]
    else:
        days = plan.days()
        span = f", from {days[0]} to {days[-1]}" if days else ""
        lines = [f"{verb} {', '.join(said)} from {source}{span}."]
    if plan.already and said:
        lines.append(f"{plan.already} were here already and were left as they are.")
    if plan.future:
        lines.append(f"{plan.future} dated after today were left out.")
    firsts = [_item(table, record) for table, record in plan.records if table != "completions"]
    if dry_run and firsts:
        lines.append("First of them:")
        lines += [f"  {item}" for item in firsts[:FIRST_ITEMS]]
    if dry_run:
        lines.append("Nothing was written (a dry run).")
    return lines


def _item(table: str, record: dict[str, object]) -> str:
    if table == "habits":
        archived = " (archived)" if record.get("archived") else ""
        return f"habit “{_plain(record['name'])}”{archived}"
    if table == "checkins":
        tags = record.get("tags") or []
        extra = f" · {', '.join(str(t) for t in tags)}" if isinstance(tags, list) and tags else ""
        return f"check-in {record['day']}, mood {record['mood']}{_plain(extra)}"
    title = _plain(record.get("title") or "untitled")
    return f"letter {record['day']} “{title}”"
