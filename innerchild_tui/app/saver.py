"""The dashboard's file work: saving, taking in outside changes, tending the file.

One :class:`Saver` per app. Everything that reads or writes the data file runs in a
thread worker, never on the event loop: a save (which merges outside changes first), the
look for another process's or computer's changes every few seconds, and the tending of
the file every few seconds more (a sync client's conflict copies merged in, the daily
backup). The saver keeps the save state the header shows ("saved ✓", "saving…", …) and
retries a failed save; it tells the app what happened by messages and calls, never by
touching a pane.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

from innerchild_tui.app.messages import ExternalChangeMerged
from innerchild_tui.store import StoreError
from innerchild_tui.store.errors import DataFileMissing, NeedsPassphrase, ReadOnly

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp
    from innerchild_tui.store import Store

SAVE_RETRY_SECONDS = 10.0
# The save states, and how the header shows each.
SAVE_MARKS = {
    "saved": "saved ✓",
    "saving": "saving…",
    "unsaved": "editing…",
    "not saved": "not saved yet ⚠",
    "new": "new",
}


def merged_message(store: Store) -> ExternalChangeMerged:
    """What the store's last merge of the file changed, as the app is told it."""
    return ExternalChangeMerged(
        store.last_merge_tables, store.last_merge_letters_back, store.last_merge_letters_kept
    )


class Saver:
    """Saves, outside changes and the file's upkeep for one app, off the event loop."""

    def __init__(self, app: InnerChildApp) -> None:
        self.app = app
        self.state = "saved" if not app.store.is_new else "new"
        self._save_timer: Timer | None = None
        self._retry_timer: Timer | None = None
        self._told: set[str] = set()

    # Saving -------------------------------------------------------------------------
    def request(self, delay: float = 0.0) -> None:
        """Save now, or ``delay`` seconds after the last request (typing goes on)."""
        if not self.app.may_write:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if delay > 0:
            self.set_state("unsaved")
            self._save_timer = self.app.set_timer(delay, self._save_now)
        else:
            self._save_now()

    def _save_now(self) -> None:
        self._save_timer = None
        self.app.flush_editors()
        self.set_state("saving")
        self.app.run_worker(self._save, thread=True, group="save", exit_on_error=False)

    def _save(self) -> None:
        app, store = self.app, self.app.store
        merges_before = store.outside_changes
        try:
            app.save_store()
        except NeedsPassphrase:
            # The unlock screen says it all; saves wait for it (no retries meanwhile).
            app.call_from_thread(self.set_state, "not saved")
            app.call_from_thread(app.door.ask_to_unlock)
            return
        except ReadOnly:
            # Write-protected since it was opened (or earlier): nothing was written.
            app.call_from_thread(self._after_save)
            return
        except StoreError as error:
            app.call_from_thread(self._not_saved, str(error))
            return
        app.call_from_thread(self._after_save)
        if store.outside_changes != merges_before:
            app.post_message(merged_message(store))

    def _after_save(self) -> None:
        """A save ended without an error: saved, or, with the file read-only, what is
        held here and not in the file is said to be so (told once why)."""
        self.follow_read_only()
        if self.app.store.read_only and self.app.holds_unsaved_work():
            self.set_state("not saved")
        else:
            self.set_state("saved")

    def _not_saved(self, message: str) -> None:
        if self.app.store.turned_off_elsewhere:
            self.set_state("not saved")
            self.app.door.ask_after_turned_off()  # the question says it all
        elif self.app.store.read_only:  # it became read-only (a newer version wrote it)
            self.set_state("not saved")
            self.app.tell_read_only()
        else:
            self.failed(message)

    def failed(self, message: str) -> None:
        """A save did not reach the file: say so kindly and try again in a while."""
        self.set_state("not saved")
        self.app.notify(message, title="Not saved yet", severity="warning", timeout=10)
        if self._retry_timer is None and not self.app.store.read_only:
            self._retry_timer = self.app.set_timer(SAVE_RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        self._retry_timer = None
        self.request()

    def set_state(self, state: str) -> None:
        # Called on every keystroke in a letter: only the sub-title, and only on a change.
        if state != self.state:
            self.state = state
            self.app.show_day_and_save_state()

    # Outside changes ----------------------------------------------------------------
    def check_for_outside_changes(self) -> None:
        """Take in what another process or computer wrote (every few seconds)."""
        app = self.app
        if (
            not app.may_write
            or app.asking_to_unlock
            or (app.store.is_new and not app.store.path.exists())
        ):
            return
        if app.flush_editors():
            self.request()  # a save merges outside changes first
        else:
            app.run_worker(
                self._merge_outside_changes,
                thread=True,
                exclusive=True,
                group="watch",
                exit_on_error=False,
            )

    def take_in_outside_changes_then(self, then: Callable[[], None]) -> None:
        """Take in what another process or computer wrote, then call ``then`` on the
        loop: for a change asked for on what was shown a while ago (a note written in a
        dialog), so it lands on the record as it stands now, not as it was shown."""
        app = self.app
        if not app.may_write or app.asking_to_unlock or not app.store.path.exists():
            then()
            return

        def merge_then() -> None:
            self._merge_outside_changes()
            app.call_from_thread(then)

        app.flush_editors()  # what is typed goes into the merge too
        app.run_worker(merge_then, thread=True, group="look-first", exit_on_error=False)

    def _merge_outside_changes(self) -> None:
        app, store = self.app, self.app.store
        try:
            changed = store.reload_if_changed(in_hand=app.letter_in_hand)
        except DataFileMissing as error:
            app.call_from_thread(self._write_back_missing_file, str(error))
            return
        except NeedsPassphrase:
            app.call_from_thread(app.door.ask_to_unlock)
            return
        except StoreError as error:
            app.call_from_thread(self._not_saved, str(error))
            return
        if store.read_only_reason != app.read_only_told:  # write-protected, or no more
            app.call_from_thread(self.follow_read_only)
        if changed:
            app.post_message(merged_message(store))
            if store.last_merge_letters_kept:
                # The file still says removed: the words kept here go to it now, so the
                # other window brings the letter back at its next look.
                app.call_from_thread(self.request)

    def follow_read_only(self) -> None:
        """The file became read-only (write-protected while open: told once, and the app
        goes on as for a file opened read-only) or can be written again (what was kept
        here is saved now)."""
        app = self.app
        reason = app.store.read_only_reason
        if reason == app.read_only_told or app.store.turned_off_elsewhere:
            return
        app.show_day_and_save_state()  # "read-only ·" in the header, or no more
        if reason is not None:
            app.tell_read_only()
            return
        app.read_only_told = None
        app.notify(
            f"{app.store.path.name} can be written again: what was kept here is saved now.",
            title="Saving again",
            timeout=8,
        )
        app.file_writable_again()
        self.request()

    def _write_back_missing_file(self, message: str) -> None:
        """The data file was deleted from outside: say so, and save what we hold."""
        self.app.notify(message, title="Your data file", severity="warning", timeout=15)
        self.request()

    # Tending the file ---------------------------------------------------------------
    def tend(self) -> None:
        """Merge sync clients' conflict copies and take the daily backup (off the loop)."""
        app = self.app
        if not app.may_write or app.store.locked_out or not app.store.path.exists():
            return
        app.flush_editors()  # what is typed goes into the merged file too
        app.run_worker(self._tend, thread=True, exclusive=True, group="tend", exit_on_error=False)

    def _tend(self) -> None:
        from innerchild_tui.store.sync import daily_backup, merge_conflict_copies  # not at start

        app, store = self.app, self.app.store
        now = store.now()
        try:
            result = merge_conflict_copies(store, now, in_hand=app.letter_in_hand)
        except (StoreError, OSError, ValueError) as error:
            app.call_from_thread(self.tell_once, f"Conflict copies will be merged later ({error}).")
            return
        if result.changed:
            app.post_message(ExternalChangeMerged(frozenset(result.changed)))
        summary = result.summary()
        if summary:
            app.call_from_thread(self.tell_once, summary)
        try:
            daily_backup(store, now)
            if store.encrypted:
                from innerchild_tui.store.sealing import seal_local_copies

                seal_local_copies(store)  # once per key: copies from before
        except (OSError, ValueError) as error:
            app.call_from_thread(self.tell_once, f"Today's backup could not be made ({error}).")

    def tell_once(self, message: str) -> None:
        """A notification that is not repeated every time the same thing is found."""
        if message in self._told:
            return
        self._told.add(message)
        self.app.notify(message, title="Your data file", timeout=12)
