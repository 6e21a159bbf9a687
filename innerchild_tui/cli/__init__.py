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
import sys
from pathlib import Path
from typing import NoReturn

from innerchild_tui.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    PROG,
    CliError,
    Handler,
    Runner,
    _device,
    _emit,
    _fail,
    _one_line,
    _silence_stdout,
)
from innerchild_tui.cli.encryption import given_secret, secret_for
from innerchild_tui.config import Settings, load_settings
from innerchild_tui.malloc import serve_large_buffers_apart
from innerchild_tui.paths import data_file_chosen, ensure_private_dir, resolve_data_file
from innerchild_tui.store import Store, StoreError, UnreadableDatabase
from innerchild_tui.store.errors import SaveFailed, command_for
from innerchild_tui.store.locking import file_lock
from innerchild_tui.store.storage import Keep


# Entry point ------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Run ``innerchild``; returns the exit code (it never calls ``sys.exit`` itself)."""
    serve_large_buffers_apart()
    args = _only_the_dashboard(argv)
    if args is None:
        from innerchild_tui.cli.parser import build_parser

        try:
            args = build_parser().parse_args(argv)
        except CliError as error:
            return _fail(str(error))
        except SystemExit as done:  # --help and --version
            return done.code if isinstance(done.code, int) else EXIT_OK

    settings = load_settings()
    db_path = resolve_data_file(args.db, settings.data_file)
    chosen = data_file_chosen(args.db, settings.data_file)
    if not chosen and getattr(args, "runner", None) is None:
        # The default folder is ours to make (0700), on the very first run. A folder the
        # person named is theirs: if it is missing (a sync folder not mounted yet), the
        # store says so and writes nothing. `doctor` and `restore` only look.
        try:
            ensure_private_dir(db_path.parent)
        except OSError as error:
            return _fail(
                f"The folder for your data, {db_path.parent}, could not be made "
                f"({error.strerror or error}). Choose another place with --db or "
                "INNERCHILD_DB."
            )
    if args.command is None:
        from innerchild_tui.app.launch import launch  # Textual only loads for the dashboard.

        try:
            secret = given_secret(args)
        except CliError as error:
            return _fail(str(error))
        return launch(db_path, settings, chosen_explicitly=chosen, secret=secret)

    for problem in settings.problems:
        _emit(f"{PROG}: note: {_one_line(problem)}", sys.stderr)
    try:
        runner: Runner | None = getattr(args, "runner", None)
        if runner is not None:
            return runner(args, db_path, settings)
        return _run(args.handler, args, db_path, settings)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


class _DashboardOnly(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(message)


def _only_the_dashboard(argv: list[str] | None) -> argparse.Namespace | None:
    """The options, when the words ask for the dashboard and nothing else; None for a
    command, --help, --version or a mistake (the whole parser answers those). The
    dashboard then starts without building every command's parser (about 25 ms)."""
    parser = _DashboardOnly(add_help=False)
    for option in ("--db", "--passphrase-file", "--recovery-key-file"):
        parser.add_argument(option)
    try:
        found, rest = parser.parse_known_args(argv)
    except CliError:
        return None
    if rest:
        return None
    found.command = None
    return found


def _run(handler: Handler, args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    try:
        # Open, change and save as one critical section: no other process on this
        # computer writes in between, so nothing needs merging and nothing is lost.
        secret = secret_for(args, db_path)  # asked before the lock: a prompt may take a while
        with file_lock(db_path):
            store = Store.open(
                db_path,
                device=_device(),
                day_start_hour=settings.day_start_hour,
                secret=secret,
                keep=_view(handler, settings),
            )
            outcome = handler(store, args)
            if outcome.changed:
                store.save()
        store.let_go_of_records()  # the backup needs the file only
        _daily_backup(store)
    except CliError as error:
        return _fail(str(error))
    except UnreadableDatabase as error:
        return _fail(
            f"{error.path} could not be read ({error.reason}). "
            "It has been left exactly as it is; nothing was written. "
            + (
                f"`{command_for(error.path, 'doctor')}` looks it over, and "
                f"`{command_for(error.path, 'restore')}` puts the newest backup back."
                if error.backup is not None
                else f"`{command_for(error.path, 'doctor')}` looks it over and says what "
                "can be put back."
            )
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
            _emit(line, sys.stdout, export=outcome.export)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`innerchild export | head`); that is fine.
        _silence_stdout()
    return EXIT_OK


def _view(handler: Handler, settings: Settings) -> Keep | None:
    """The records a command that only reads needs (:data:`VIEWS`, by its handler, so a
    command that writes never gets one): it then holds those only, read a part at a time,
    and cannot write."""
    from innerchild_tui.cli.parser import VIEWS  # (built with every command's parser)

    view = VIEWS.get(handler)
    if view is None:
        return None
    import pendulum

    from innerchild_tui.domain.days import day_for

    return view(day_for(pendulum.now(), settings.day_start_hour))


def _daily_backup(store: Store) -> None:
    """Quick commands take the day's backup too (the dashboard may never be opened)."""
    from innerchild_tui.store.sync import daily_backup

    try:
        daily_backup(store, store.now())
        if store.encrypted:
            from innerchild_tui.store.sealing import seal_local_copies

            seal_local_copies(store)  # once per key: backups from before it was sealed
    except (OSError, ValueError) as error:
        _emit(
            f"{PROG}: note: today's backup could not be made ({_one_line(str(error))}).", sys.stderr
        )


__all__ = ["main"]
