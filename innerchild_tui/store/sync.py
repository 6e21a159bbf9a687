"""Living beside a sync client: conflict copies merged in, and daily backups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from innerchild_tui.store.backups import archive_conflict_copy, backup_if_due, make_backup
from innerchild_tui.store.conflicts import find_conflict_copies
from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.storage import FileChanged, let_go
from innerchild_tui.store.store import SCHEMA, Store


@dataclass
class ConflictMerge:
    """What happened to the conflict copies found beside the data file."""

    merged: list[Path] = field(default_factory=list)  # merged, then moved to the backups
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # left where they are
    archived: list[Path] = field(default_factory=list)  # where the merged copies went
    changed: set[str] = field(default_factory=set)  # the tables the merges changed

    def summary(self) -> str:
        parts = []
        if self.merged:
            names = ", ".join(path.name for path in self.merged)
            where = self.archived[0].parent if self.archived else "the backup folder"
            parts.append(
                f"Merged {len(self.merged)} conflict "
                f"{'copy' if len(self.merged) == 1 else 'copies'} made by your sync app "
                f"({names}); nothing was lost, and "
                f"{'it was' if len(self.merged) == 1 else 'they were'} moved to {where}."
            )
        for path, reason in self.skipped:
            parts.append(f"{path.name} was left as it is: {reason}.")
        return " ".join(parts)


def merge_conflict_copies(
    store: Store, now: datetime, *, in_hand: str | None = None
) -> ConflictMerge:
    """Merge every conflict copy of the store's file, save, then move the copies aside
    (``in_hand``: the letter open in an editor, kept in place, see ``Store._merged``).

    A copy is moved only after the merged state is safely on disk, and a backup of the
    file is taken before anything is merged. Nothing is ever deleted.
    """
    result = ConflictMerge()
    if store.read_only:
        return result
    copies = find_conflict_copies(store.path)
    if not copies:
        return result
    readable = []
    for copy in copies:
        try:
            data = store.read_copy(copy)
        except StoreError as error:
            result.skipped.append((copy, getattr(error, "reason", str(error))))
            continue
        meta = data["meta"]["database"]
        # Named by a sync client as a conflict copy of this very file: merged whatever its
        # database id (two computers that each started a file before they first synced).
        if meta.get("schema", SCHEMA) > SCHEMA:
            result.skipped.append((copy, "it was written by a newer innerchild-tui"))
            continue
        readable.append((copy, data))
    if not readable:
        return result
    make_backup(
        store.payload_in_parts(),
        db_id=store.db_id or "unknown",
        reason="before-merge",
        now=now,
        parses=True,
    )
    for copy, data in readable:
        # The records, not the copy's version record: this file keeps its own id.
        records = {n: table for n, table in data.items() if n != "meta"}
        result.changed |= store.merge_in(records, in_hand=in_hand)
        let_go(data)  # a record at a time: ten years freed at once held the screen ~20 ms
        result.merged.append(copy)
    store.save(in_hand=in_hand)  # raises on failure: then the copies stay where they are
    for copy in result.merged:
        archived = archive_conflict_copy(copy, store.db_id or "unknown", now)
        result.archived.append(archived)
        if store.encrypted:  # a copy a sync app made in the clear is kept sealed
            from innerchild_tui.store.sealing import seal_copy

            seal_copy(store, archived)
    return result


def daily_backup(store: Store, now: datetime) -> Path | None:
    """A verified snapshot of the file as it is on disk, at most once a day.

    A file changed while it was copied (:class:`FileChanged`) leaves no backup: the day's
    is still due, and is taken at the next look (the dashboard's, every few seconds)."""
    if not store.path.exists() or not store.db_id:
        return None
    try:
        return backup_if_due(store.bytes_on_disk, db_id=store.db_id, now=now)
    except FileChanged:
        return None
