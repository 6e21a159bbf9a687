"""The person's own support: people to reach, and notes for hard moments."""

from __future__ import annotations

from innerchild_tui.domain.records import SupportRecord, natural_id
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store.base import StoreBase, required_name
from innerchild_tui.store.tables import Table

SUPPORT_NOTES_ID = "support-notes"
SUPPORT_ROLES = ("therapist", "sponsor", "friend", "family", "crisis line", "group", "other")


class Support:
    """The person's own support (table ``support``): contacts and one notes record."""

    def __init__(self, db: StoreBase) -> None:
        self._db = db
        self._table = Table(db, "support", SupportRecord)

    def contacts(self) -> list[SupportRecord]:
        return [r for r in self._table.oldest_first() if r.get("kind", "contact") == "contact"]

    def add_contact(
        self, name: str, role: str = "", reach: str = "", note: str = ""
    ) -> SupportRecord:
        """Someone to reach: ``reach`` is how (a number, an address, opening hours)."""
        name = required_name(name, "contact")
        contact_id = natural_id("contact", name, self._db._ids("support"))
        return self._table.new(
            id=contact_id,
            kind="contact",
            name=name,
            role=clean_name(role),
            reach=clean_name(reach),
            note=clean_text(note),
        )

    def edit_contact(
        self, contact_id: str, name: str, role: str = "", reach: str = "", note: str = ""
    ) -> SupportRecord:
        return self._table.change(
            contact_id,
            name=required_name(name, "contact"),
            role=clean_name(role),
            reach=clean_name(reach),
            note=clean_text(note),
        )

    def delete_contact(self, contact_id: str) -> SupportRecord:
        return self._table.delete(contact_id)

    def notes(self) -> str:
        record = self._db._raw("support", SUPPORT_NOTES_ID)
        if record is None or record.get("deleted"):
            return ""
        return str(record.get("text", ""))

    def set_notes(self, text: str) -> bool:
        """Keep the notes for hard moments; False (nothing written) if they are unchanged."""
        text = clean_text(text)
        if text == self.notes():
            return False
        record = self._db._raw("support", SUPPORT_NOTES_ID)
        if record is None or record.get("deleted"):
            self._table.new(id=SUPPORT_NOTES_ID, kind="notes", text=text)
        else:
            self._table.change(SUPPORT_NOTES_ID, text=text)
        return True
