"""Where files live: the data file, the settings file, this device's local state."""

from __future__ import annotations

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


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable only by this user (0700), whatever the umask.

    Every folder it creates on the way is 0700 too; folders that already exist are left
    as they are (they may be shared on purpose).
    """
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by another process a moment ago
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)  # raises the right error
    return path


def resolve_data_file(cli_path: str | os.PathLike[str] | None, configured: str | None) -> Path:
    """The data file: ``--db``, then ``$INNERCHILD_DB``, then the settings file, then default."""
    for candidate in (cli_path, os.environ.get(ENV_DB) or None, configured):
        if candidate:
            return Path(candidate).expanduser()
    return default_data_file()
