"""The first-run welcome: what the panes are for, and where the data file lives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.screens.confirm import ConfirmScreen
from innerchild_tui.paths import DATA_FILE_NAME, ensure_private_dir, shown_path

WELCOME = """\
This is a quiet place for your inner child, kept open all day.

  Check-in   how you feel and what you need, in a few keys
  Habits     daily self-care; rest counts, a day away keeps the streak
  Comfort    what soothed you as a child, in grown-up form
  Letters    write to your inner child, and let them write back

Everything stays in one file that only you can read."""


class WelcomeScreen(ModalScreen[Path | None]):
    """Returns the data file chosen, or None to keep the default."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="welcome.skip", tooltip="Keep the default place"),
    ]

    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog welcome"):
            yield Static("Welcome", classes="dialog-title")
            yield Static(WELCOME, classes="dialog-text", markup=False)
            yield Static("Where should your data file live?", classes="dialog-question")
            yield OptionList(
                Option(f"Here on this computer ({shown_path(self.default_path)})", id="default"),
                Option("In a folder I sync (Dropbox, Syncthing, Nextcloud, …)", id="synced"),
                id="welcome-choice",
            )
            yield Input(placeholder="The folder, e.g. ~/Sync/innerchild", id="welcome-folder")
            yield Static(
                "Enter chooses · Esc skips (you can change it later in the settings)",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#welcome-folder", Input).display = False
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "default":
            self.dismiss(None)
            return
        folder = self.query_one("#welcome-folder", Input)
        folder.display = True
        folder.focus()

    @on(Input.Submitted, "#welcome-folder")
    def _folder(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        folder = Path(text).expanduser()
        if folder.suffix == ".json":
            folder = folder.parent
        if folder.is_dir():
            self._use(folder)
        elif folder.parent.is_dir() and not folder.exists():
            # A new subfolder of a synced folder (~/Dropbox/innerchild) is the usual wish.
            self.app.push_screen(
                ConfirmScreen(
                    f"There is no folder {shown_path(folder)} yet. Make it, inside "
                    f"{shown_path(folder.parent)}?",
                    yes="Make it",
                    no="Not yet",
                ),
                lambda make: self._make_and_use(folder) if make else None,
            )
        else:
            self.notify(
                f"I can't find the folder {shown_path(folder.parent)}. Is it spelled right, "
                "and is the synced folder there?",
                timeout=6,
            )

    def _make_and_use(self, folder: Path) -> None:
        try:
            ensure_private_dir(folder)
        except OSError as error:
            self.notify(f"{shown_path(folder)} could not be made ({error.strerror}).", timeout=6)
            return
        self._use(folder)

    def _use(self, folder: Path) -> None:
        if not os.access(folder, os.W_OK):
            self.notify(f"{folder} can't be written to. Please pick another folder.", timeout=5)
            return
        self.dismiss(folder / DATA_FILE_NAME)

    def action_skip(self) -> None:
        self.dismiss(None)
