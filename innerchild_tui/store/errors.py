"""What can go wrong with the data file, in words a person can act on."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from innerchild_tui.store.storage import ReadAhead


class StoreError(Exception):
    """A problem with the data file; ``str()`` is a kind, complete sentence."""


def command_for(path: Path, words: str) -> str:
    """``innerchild --db PATH WORDS``: a command for this very file, named, since plain
    ``innerchild`` opens the default one (or INNERCHILD_DB's), which may be another."""
    return f"innerchild --db {shlex.quote(str(path))} {words}"


class UnreadableDatabase(StoreError):
    """The file exists but is not a database this app can read. It is never overwritten."""

    def __init__(self, path: Path, reason: str, backup: Path | None = None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        message = (
            f"{path} could not be read ({reason}). It has been left untouched: nothing was "
            "written to it, so whatever it holds is still there."
        )
        if backup is not None:
            message += (
                f" The newest backup is {backup}; `{command_for(path, 'restore')}` brings it back."
            )
        super().__init__(message)


class NewerSchema(StoreError):
    """The file was written by a newer version of innerchild-tui."""

    def __init__(self, path: Path, schema: int, version: str) -> None:
        self.path = path
        self.schema = schema
        super().__init__(
            f"{path} was written by a newer innerchild-tui ({version}, data schema {schema}). "
            "It is open read-only so nothing in it can be lost; please update to edit it."
        )


class ReadOnly(StoreError):
    """A change or a save refused because the file is open read-only; ``str()`` says why
    (the store's ``read_only_reason``). The app tells it once, not at every refusal."""


class SaveFailed(StoreError):
    """A save did not reach the disk. The in-memory state is kept; the file is as it was.

    Whether and when to try again is the caller's choice (the app retries, the CLI stops).
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"Your changes could not be saved to {path} ({reason}). They were not written, "
            "but they are still here in memory, and the file is as it was before."
        )


class DataFileMissing(StoreError):
    """The data file was deleted from outside while it was open. A save writes it back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} has disappeared: something outside innerchild removed or moved it. "
            "Everything it held is still here, and innerchild is writing it back now. If "
            "you moved it on purpose, quit innerchild and open it from its new place."
        )


class NeedsPassphrase(StoreError):
    """The data file is encrypted and this computer has not unlocked it (or it was
    encrypted with another key since). Nothing is written until it is unlocked."""

    read_ahead: ReadAhead | None = None  # the file as read, for the passphrase to open

    def __init__(self, path: Path, *, while_open: bool = False) -> None:
        self.path = path
        self.while_open = while_open
        if while_open:
            message = (
                f"{path} was locked with a passphrase on another computer. innerchild here "
                "will not write anything to it until you unlock it with that passphrase; "
                "everything you did is safe in memory."
            )
        else:
            message = f"{path} is encrypted, so its passphrase is needed to open it."
        super().__init__(message)


class WrongPassphrase(StoreError):
    """The passphrase or recovery key given does not unlock the file. Nothing was written."""

    read_ahead: ReadAhead | None = None  # the file as read, for the next try to open

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"That passphrase did not unlock {path}. Nothing was changed; "
            "take your time and try again."
        )


class EncryptionTurnedOff(StoreError):
    """Encryption was turned off elsewhere while this store wrote the file sealed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Encryption was turned off for {path} somewhere else (or a copy in the clear "
            "replaced it). To keep your words private, innerchild here writes nothing to it "
            "until you choose: keep it encrypted, or go on without encryption."
        )
