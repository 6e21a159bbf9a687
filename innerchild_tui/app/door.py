"""The door to the data file: opening it (with a passphrase, or a key this computer
remembers), the unlock screen in place of the dashboard until it opens, and asking again
when another computer sealed it while it was open here.

One :class:`Door` per app. The app keeps what the rest of it reads (``store``, ``locked``,
``problem``); the door keeps the file as it was read at the door, so a passphrase only
opens it, and whether it is asking.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.panes.letters import LettersPane
from innerchild_tui.store import Store, StoreError, crypto, keychain
from innerchild_tui.store.errors import NeedsPassphrase, WrongPassphrase
from innerchild_tui.store.storage import ReadAhead

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp


class Door:
    def __init__(self, app: InnerChildApp) -> None:
        self.app = app
        self.asking = False  # the unlock screen is up for a file sealed while open here
        self._read_ahead: ReadAhead | None = None

    def open(self, db_path: Path, secret: crypto.Secret | None = None) -> Store:
        """The store at ``db_path``; an empty one when it is locked (``app.locked``) or
        cannot be opened (``app.problem`` says why)."""
        app = self.app
        app.locked = False
        try:
            try:
                return self._store_at(db_path, secret or keychain.remembered(db_path))
            except WrongPassphrase:
                if secret is None:  # a remembered key of an earlier encryption: ask
                    raise NeedsPassphrase(db_path) from None
                raise
        except (NeedsPassphrase, WrongPassphrase) as locked:
            app.locked = True
            self._read_ahead = locked.read_ahead  # parsed once; the passphrase opens it
            return Store(db_path, {}, device=app.device, clock=app.clock, is_new=True)
        except StoreError as error:
            app.problem = str(error)
            # An empty, never-saved store keeps the widgets working behind the message.
            return Store(db_path, {}, device=app.device, clock=app.clock, is_new=True)

    def _store_at(
        self, db_path: Path, secret: crypto.Secret | None, ahead: ReadAhead | None = None
    ) -> Store:
        app = self.app
        return Store.open(
            db_path,
            device=app.device,
            day_start_hour=app.settings.day_start_hour,
            clock=app.clock,
            secret=secret,
            ahead=ahead,
        )

    def ask_to_open(self) -> None:
        """The unlock screen in place of the dashboard, until the file opens."""
        from innerchild_tui.app.screens.unlock import UnlockScreen

        app = self.app
        path = app.store.path

        def attempt(text: str) -> bool:
            for secret in crypto.secrets_for(text):
                try:
                    store = self._store_at(path, secret, self._read_ahead)
                except WrongPassphrase as wrong:
                    self._read_ahead = wrong.read_ahead
                    continue
                self._read_ahead = None
                app.call_from_thread(self._opened, store)
                return True
            return False

        app.push_screen(UnlockScreen(path.name, attempt), self._past_the_door)

    def _opened(self, store: Store) -> None:
        """The dashboard over the unlocked store, filled in under the unlock screen."""
        app = self.app
        app.store = store
        app.locked = False
        app.current_day = store.today()
        app.saver.state = "saved"
        app.refresh_panes()
        app.tend_the_file()
        app.tell_read_only()

    def _past_the_door(self, unlocked: bool | None) -> None:
        """The unlock screen is gone: what waits on the dashboard's own screen comes now
        (pushed while the unlock screen was still up, it kept that from closing)."""
        if unlocked:
            with contextlib.suppress(NoMatches):
                self.app.query_one(CheckinPane).offer_draft()  # a draft kept sealed
                self.app.query_one(LettersPane).pick_up_kept_words()  # words kept sealed

    def ask_after_turned_off(self) -> None:
        """The file was found in the clear while this computer wrote it sealed: ask which
        way to go on. Nothing is written meanwhile; Esc and Enter keep it encrypted (a
        copy in the clear put in its place must not draw out every word in the clear)."""
        from innerchild_tui.app.screens.confirm import ConfirmScreen

        app = self.app
        if self.asking or not app.store.turned_off_elsewhere:
            return
        self.asking = True

        def answered(in_the_clear: bool | None) -> None:
            self.asking = False
            app.store.go_on_after_turned_off(sealed=not in_the_clear)
            app.request_save()  # merges the file in, and writes everything held here
            if in_the_clear:
                app.notify("Going on without encryption, as on the other computer.", timeout=6)
            else:
                app.notify("Kept encrypted: the file is sealed again with your passphrase.")

        question = (
            f"Encryption was turned off for {app.store.path.name} on another computer, or a "
            "copy in the clear took its place.\n\nIf you turned it off, go on without it "
            "here too. If not, keep it encrypted: the file is sealed again with your "
            "passphrase. Nothing you wrote is lost either way."
        )
        app.push_screen(
            ConfirmScreen(
                question, yes="Go on without encryption", no="Keep it encrypted", safe_no=True
            ),
            answered,
        )

    def ask_to_unlock(self) -> None:
        """The file was sealed elsewhere while open here: ask, then merge and save."""
        from innerchild_tui.app.screens.unlock import UnlockScreen

        app = self.app
        if self.asking or app.locked:
            return
        self.asking = True
        store = app.store

        def attempt(text: str) -> bool:
            for secret in crypto.secrets_for(text):
                try:
                    store.unlock(secret)
                except WrongPassphrase:
                    continue
                return True
            return False

        def unlocked(done: bool | None) -> None:
            self.asking = False
            if done:
                app.request_save()  # merges the sealed file in, and writes ours sealed
                app.notify("Unlocked. Your changes are being merged and saved.", timeout=5)

        app.push_screen(UnlockScreen(store.path.name, attempt, while_open=True), unlocked)
