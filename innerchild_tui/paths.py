"""Where files live: the data file, the settings file, this device's local state."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "innerchild"
DATA_FILE_NAME = "innerchild.json"
ENV_DB = "INNERCHILD_DB"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def state_dir() -> Path:
    """Local to this computer and never synced: device id, backups."""
    return Path(platformdirs.user_state_dir(APP_DIR_NAME, appauthor=False))


def default_data_file() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / DATA_FILE_NAME


def file_digest(db_path: Path) -> str:
    """A short name for a data file, the same for every way of naming it (its resolved
    path, hashed): local notes about the file (a remembered key, what was last written)
    are kept under it without its path showing."""
    where = str(Path(db_path).expanduser().resolve())
    return hashlib.sha256(where.encode()).hexdigest()[:24]


def shown_path(path: Path) -> str:
    """A path as a person reads it: the home folder as ~."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def ensure_private_dir(path: Path) -> Path:
    """Create a folder, and any missing folder above it, readable only by this user.

    Each folder made here is 0700 whatever the umask; folders that already exist are
    left as they are (they may be the person's own).
    """
    missing: list[Path] = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by another process meanwhile
            folder.mkdir(mode=0o700)
        folder.chmod(0o700)
    return path


def data_file_chosen(cli_path: str | os.PathLike[str] | None, configured: str | None) -> bool:
    """Whether the person named the data file (``--db``, ``$INNERCHILD_DB``, settings)."""
    return bool(cli_path or os.environ.get(ENV_DB) or configured)


def resolve_data_file(cli_path: str | os.PathLike[str] | None, configured: str | None) -> Path:
    """The data file: ``--db``, then ``$INNERCHILD_DB``, then the settings file, then default."""
    for candidate in (cli_path, os.environ.get(ENV_DB) or None, configured):
        if candidate:
            return Path(candidate).expanduser()
    return default_data_file()
