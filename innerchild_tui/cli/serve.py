"""``innerchild serve``: the same dashboard, in a browser on this computer."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import Any

from innerchild_tui.cli.common import EXIT_INTERRUPTED, Runner, _fail
from innerchild_tui.config import Settings
from innerchild_tui.paths import data_file_chosen, ensure_private_dir

DEFAULT_PORT = 8765


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="the dashboard in your browser, reachable only from this computer with a secret link",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="N", help=f"default {DEFAULT_PORT}"
    )
    serve.add_argument("--open", action="store_true", help="open the link in your browser")
    runner: Runner = _serve
    serve.set_defaults(runner=runner)


def dashboard_command(args: argparse.Namespace, db_path: Path) -> str:
    """The shell command each browser tab runs: this Python, the same data file and the
    same secret file. It ignores SIGINT (ctrl+c reaches the whole process group): the
    server asks it to quit, so it saves first."""
    # Absolute, not resolved: a data file reached through a symlink stays one.
    words = [sys.executable, "-m", "innerchild_tui", "--db", os.path.abspath(db_path)]
    for option in ("passphrase_file", "recovery_key_file"):
        value = getattr(args, option, None)
        if value:
            words += [f"--{option.replace('_', '-')}", os.path.abspath(Path(value).expanduser())]
    return "trap '' INT; exec " + shlex.join(words)


def _serve(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    if not 1 <= args.port <= 65535:
        return _fail(f"The port should be 1 to 65535 (you gave {args.port}).")
    if not data_file_chosen(getattr(args, "db", None), settings.data_file):
        try:
            ensure_private_dir(db_path.parent)  # the default folder is ours to make
        except OSError as error:
            return _fail(f"The folder {db_path.parent} could not be made ({error}).")
    try:
        from innerchild_tui.serve import PrivateServer, new_secret
    except ImportError as error:
        return _fail(f"Serving needs textual-serve, which is not installed here ({error}).")
    server = PrivateServer(
        dashboard_command(args, db_path),
        port=args.port,
        secret=new_secret(),
        open_browser=args.open,
    )
    try:
        return server.run()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
