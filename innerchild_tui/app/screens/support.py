"""Support: the person's own people to reach, and notes for hard moments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged, RecordRemoved
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.widgets.quiet import QuietFooter
from innerchild_tui.app.widgets.record_table import RecordTable
from innerchild_tui.app.widgets.safe_text_area import SafeTextArea
from innerchild_tui.domain.records import SupportRecord
from innerchild_tui.domain.text import MAX_NAME_LENGTH
from innerchild_tui.store.support import SUPPORT_ROLES

if TYPE_CHECKING:
    from innerchild_tui.store import Store

NOTES_SAVE_DELAY = 1.0

REMINDER = (
    "Reaching out is part of the work, not a sign it isn't working. "
    "Deeper pain can surface in this practice; you do not have to hold it alone."
)
# Always there, above the person's own people: the first line anyone in danger needs.
EMERGENCY = (
    "If you are in danger right now, or might hurt yourself, call your local emergency "
    "number (112 across Europe, 911 in North America, 999 in the UK) or go to the "
    "nearest emergency department. You deserve that help."
)
INVITATION = (
    "Nobody here yet. Press {add} to add the people you can reach when it gets hard: "
    "your therapist, a sponsor, a friend, or a local crisis line (with its number and "
    "hours). Then {notes}, for notes that help in hard moments."
)


class ContactScreen(ModalScreen[dict[str, str] | None]):
    """Add or edit one contact. Returns its fields, or None when the person cancels."""

    CSS_PATH = "care.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="support.form_cancel"),
        Binding("ctrl+s", "keep", "Keep", id="support.form_keep", tooltip="Keep this contact"),
    ]

    def __init__(self, contact: SupportRecord | None = None) -> None:
        super().__init__()
        self.contact: Mapping[str, Any] = contact or {}

    def compose(self) -> ComposeResult:
        role = self.contact.get("role", "")
        with Vertical(classes="dialog"):
            yield Static(
                "Edit this contact" if self.contact else "Someone you can reach",
                classes="dialog-title",
            )
            yield Input(
                value=self.contact.get("name", ""),
                placeholder="Name, e.g. Dr Rivera, Sam, the local crisis line",
                max_length=MAX_NAME_LENGTH,
                id="contact-name",
            )
            yield Select(
                [(r, r) for r in SUPPORT_ROLES]
                + ([(role, role)] if role and role not in SUPPORT_ROLES else []),
                value=role if role else Select.NULL,
                prompt="Who they are to you",
                id="contact-role",
            )
            yield Input(
                value=self.contact.get("reach", ""),
                placeholder="How to reach them: a number, an address, hours",
                max_length=MAX_NAME_LENGTH,
                id="contact-reach",
            )
            yield Input(
                value=self.contact.get("note", ""),
                placeholder="A note (optional)",
                max_length=MAX_NAME_LENGTH,
                id="contact-note",
            )
            yield Static("Tab moves on · Enter keeps · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        for selector, label in (
            ("#contact-name", "name"),
            ("#contact-role", "who they are"),
            ("#contact-reach", "how to reach"),
            ("#contact-note", "note"),
        ):
            self.query_one(selector).border_title = label

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_keep()

    def action_keep(self) -> None:
        name = self.query_one("#contact-name", Input).value.strip()
        if not name:
            self.notify("A name, please, so you know who it is.", timeout=3)
            self.query_one("#contact-name", Input).focus()
            return
        role = self.query_one("#contact-role", Select).value
        self.dismiss(
            {
                "name": name,
                "role": role if isinstance(role, str) else "",
                "reach": self.query_one("#contact-reach", Input).value,
                "note": self.query_one("#contact-note", Input).value,
            }
        )


class SupportScreen(ModalScreen[None]):
    """One key from anywhere: who to reach, and what helps in hard moments."""

    CSS_PATH = "care.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Close", id="support.close", tooltip="Back to where you were"),
        Binding("a", "add", "Add", id="support.add", tooltip="Add someone you can reach"),
        Binding("e", "edit", "Edit", id="support.edit", tooltip="Edit the highlighted contact"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            id="support.remove",
            tooltip="Remove the highlighted contact (u brings it back)",
        ),
        Binding("u", "undo", "Undo", id="support.undo", tooltip="Bring back what was removed"),
        Binding("n", "notes", "Notes", id="support.notes", tooltip="Write notes for hard moments"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="care")

    @property
    def store(self) -> Store:
        store: Store = self.app.store  # type: ignore[attr-defined]
        return store

    def compose(self) -> ComposeResult:
        with Vertical(classes="care-body"):
            yield Static("Support · you don't have to do this alone", classes="care-title")
            yield Static(REMINDER, classes="support-reminder")
            yield Static(EMERGENCY, id="support-emergency", classes="support-reminder")
            yield Static(
                INVITATION.format(
                    add=key_for(self.app, "support.add", "a"),
                    notes=key_for(self.app, "support.notes", "n"),
                ),
                id="support-invitation",
            )
            yield RecordTable(id="support-contacts")
            notes_key = key_for(self.app, "support.notes", "n")
            yield Static(f"For hard moments ({notes_key})", classes="care-subtitle")
            yield SafeTextArea(id="support-notes", soft_wrap=True, tab_behavior="focus")
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("Name", key="name")  # each column its own header
        table.add_column("Who they are", key="role")
        table.add_column("How to reach", key="reach")
        table.add_column("Note", key="note")
        notes = self.query_one("#support-notes", TextArea)
        notes.load_text(self.store.support.notes())
        notes.placeholder = (
            "What helps when it gets hard: a sentence to read, a song, a place to walk, "
            "who to call first…"
        )
        self.refresh_contacts()
        table.focus()

    def refresh_contacts(self, select: str | None = None) -> None:
        table = self.query_one(RecordTable)
        previous = select or table.highlighted_key
        table.clear()
        contacts = self.store.support.contacts()
        for contact in contacts:
            table.add_row(
                Text(contact["name"], style="bold"),
                Text(contact.get("role", ""), style="italic"),
                Text(contact.get("reach", "")),
                Text(contact.get("note", ""), style="dim"),
                key=contact["id"],
            )
        table.select_key(previous)
        had_focus = table.has_focus
        table.display = bool(contacts)
        self.query_one("#support-invitation").display = not contacts
        if had_focus and not contacts:
            # Keys go to the screen (a adds, u brings back), not into the notes.
            self.call_after_refresh(self.set_focus, None)

    def _contact(self) -> SupportRecord | None:
        if not self.query_one(RecordTable).display:
            return None
        key = self.query_one(RecordTable).highlighted_key
        return next((c for c in self.store.support.contacts() if c["id"] == key), None)

    # Notes: kept in the store as they are typed, saved after a pause -----------------------
    @on(TextArea.Changed, "#support-notes")
    @tells_store_errors
    def _notes_changed(self, event: TextArea.Changed) -> None:
        if self.store.support.set_notes(event.text_area.text):
            # Notes are not in the summary of today: it is not worked out again per key.
            self.app.post_message(
                DataChanged(delay=NOTES_SAVE_DELAY, tables=frozenset({"support"}))
            )

    def action_notes(self) -> None:
        self.query_one("#support-notes", TextArea).focus()

    def action_back(self) -> None:
        notes = self.query_one("#support-notes", TextArea)
        if notes.has_focus and self.query_one(RecordTable).display:
            self.query_one(RecordTable).focus()
            return
        self.app.post_message(DataChanged())  # anything typed reaches the file now
        self.dismiss()

    # Contacts -------------------------------------------------------------------------
    def action_add(self) -> None:
        self.app.push_screen(ContactScreen(), self._added)

    def _changed(self, select: str | None = None) -> None:
        """After a change to the contacts: show them again, and say the data changed."""
        self.refresh_contacts(select=select)
        self.app.post_message(DataChanged())

    @tells_store_errors
    def _added(self, fields: dict[str, str] | None) -> None:
        if not fields:
            return
        contact = self.store.support.add_contact(**fields)
        self._changed(select=contact["id"])

    def action_edit(self) -> None:
        contact = self._contact()
        if contact is None:
            return
        self.app.push_screen(
            ContactScreen(contact), lambda fields: self._edited(contact["id"], fields)
        )

    @tells_store_errors
    def _edited(self, contact_id: str, fields: dict[str, str] | None) -> None:
        if not fields:
            return
        self.store.support.edit_contact(contact_id, **fields)
        self._changed()

    @tells_store_errors
    def action_remove(self) -> None:
        contact = self._contact()
        if contact is None:
            return
        removed = self.store.support.delete_contact(contact["id"])
        self.refresh_contacts()
        self.app.post_message(RecordRemoved("support", removed, f"“{removed['name']}”"))
        self.app.post_message(DataChanged())

    async def action_undo(self) -> None:
        await self.app.run_action("undo")
        self.refresh_contacts()

    def on_screen_resume(self) -> None:
        self.refresh_contacts()
