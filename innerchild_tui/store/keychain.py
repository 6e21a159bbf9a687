"""Remembering a data file's key in the OS keyring on this computer (off by default).

``innerchild encryption remember`` keeps the data key (never the passphrase) in the
keyring (macOS Keychain, Windows Credential Locker, the Secret Service on Linux) under
the service ``innerchild-tui`` and a name made from the data file's path; ``forget``
removes it. A marker in the local state folder says a key was remembered, so a file that
was never remembered never makes innerchild ask the keyring anything (some keyrings ask
the person to unlock them).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from pathlib import Path

from innerchild_tui.paths import ensure_private_dir, file_digest, state_dir
from innerchild_tui.store.crypto import DataKey

SERVICE = "innerchild-tui"


class NoKeyring(Exception):
    """This computer has no keyring innerchild can use; ``str()`` says so kindly."""


def _name(db_path: Path) -> str:
    return "data-key-" + file_digest(db_path)


def _marker(db_path: Path) -> Path:
    return state_dir() / "remembered" / _name(db_path)


def _keyring_failed(error: Exception) -> NoKeyring:
    return NoKeyring(
        "this computer has no keyring innerchild can use "
        f"({type(error).__name__}: {error or 'no backend'}), so the key cannot be kept in it; "
        "the passphrase prompt and --passphrase-file still work"
    )


def remember(db_path: Path, data_key: bytes) -> None:
    """Keep ``data_key`` in the keyring for ``db_path``. Raises :class:`NoKeyring`."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(SERVICE, _name(db_path), base64.b64encode(data_key).decode())
    except keyring.errors.KeyringError as error:
        raise _keyring_failed(error) from None
    marker = _marker(db_path)
    ensure_private_dir(marker.parent)
    marker.touch(mode=0o600)


def forget(db_path: Path) -> bool:
    """Remove the remembered key of ``db_path``; True if one was there. Raises
    :class:`NoKeyring` when a key was remembered but the keyring cannot be reached."""
    marker = _marker(db_path)
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(SERVICE, _name(db_path))
        found = True
    except keyring.errors.PasswordDeleteError:
        found = False
    except keyring.errors.KeyringError as error:
        if marker.exists():
            raise _keyring_failed(error) from None
        found = False
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    return found


def is_remembered(db_path: Path) -> bool:
    return _marker(db_path).exists()


def remembered(db_path: Path) -> DataKey | None:
    """The remembered key of ``db_path``, or None (none, or the keyring is out of reach)."""
    if not is_remembered(db_path):
        return None
    import keyring
    import keyring.errors

    try:
        text = keyring.get_password(SERVICE, _name(db_path))
    except keyring.errors.KeyringError:
        return None
    if not text:
        return None
    try:
        return DataKey(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        return None
