"""What every bench script compares against or runs in, written once.

Imported by the scripts in this folder (run as ``python bench/NAME.py``, so this folder
is on ``sys.path``).
"""

from __future__ import annotations

import os
from pathlib import Path


def bare_atomic_write(path: Path, payload: bytes) -> None:
    """The least a safe save can do: temp file, fsync, replace, fsync the folder."""
    temp = path.with_name(f".{path.name}.bench.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def isolated_env(workdir: Path) -> dict[str, str]:
    """This environment with settings, themes, state and the device id inside
    ``workdir``, no INNERCHILD_DB and no Textual devtools, in a colour terminal."""
    env = dict(os.environ)
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        env[variable] = str(workdir / folder)
    env.pop("INNERCHILD_DB", None)
    env.pop("TEXTUAL", None)
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    return env
