"""Exports written where the person asks: whole or not at all, readable only by them."""

from __future__ import annotations

from pathlib import Path

from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.storage import atomic_write


def write_export(target: Path, text: str, *, data_file: Path) -> Path:
    """Write ``text`` to ``target`` (``~`` expanded) atomically, mode 0600, and return the
    path written. Raises :class:`StoreError` in kind words: the data file itself, a
    folder that does not exist, or a write that failed."""
    target = target.expanduser()
    if target.resolve() == data_file.resolve():
        raise StoreError("That is your data file; please choose another file for the export.")
    if not target.parent.is_dir():
        raise StoreError(f"The folder {target.parent} does not exist; please create it first.")
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as error:
        raise StoreError(f"{target} could not be written ({error.strerror or error}).") from None
    return target
