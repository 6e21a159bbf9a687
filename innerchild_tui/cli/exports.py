"""``innerchild export``: every record as JSON, as CSV files for a spreadsheet, or in
HabitBull's layout."""

from __future__ import annotations

import argparse
from pathlib import Path

from innerchild_tui.cli.common import CliError, Outcome, _plain
from innerchild_tui.cli.today import _export as _export_json
from innerchild_tui.store import Store
from innerchild_tui.store.exports import (
    csv_files,
    habitbull_csv,
    write_export,
    write_export_folder,
)

FORMATS = ("json", "csv", "habitbull")


def _export(store: Store, args: argparse.Namespace) -> Outcome:
    if args.format == "csv":
        if args.to is None:
            raise CliError("CSV makes one file per kind of record; name a folder with --to DIR.")
        files = csv_files(store)
        folder = write_export_folder(Path(args.to), files, data_file=store.path)
        return Outcome([f"Wrote {', '.join(files)} to {_plain(folder)}."])
    if args.format == "habitbull":
        text = habitbull_csv(store)
    else:
        text = _export_json(store, args).lines[0] + "\n"
    if args.to is None:
        return Outcome([text.rstrip("\n")], export=True)
    target = write_export(Path(args.to), text, data_file=store.path)
    return Outcome([f"Wrote your {args.format} export to {_plain(target)}."])
