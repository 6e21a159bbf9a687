"""Letters between the adult and the inner child."""

from __future__ import annotations

from innerchild_tui.domain.records import (
    Record,
)
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store.base import StoreBase


class LettersMixin(StoreBase):
    """The store's letters methods."""

    def letters(self) -> list[Record]:
        """Live letters, newest first."""
        return sorted(
            self._live("letters"), key=lambda r: (r.get("day", ""), r["created_at"]), reverse=True
        )

    def letter(self, letter_id: str) -> Record:
        return self._get("letters", letter_id)

    def new_letter(self, title: str = "") -> Record:
        return self._new(
            "letters",
            day=self.today().isoformat(),
            title=clean_name(title),
            to_child="",
            from_child="",
        )

    def update_letter(self, letter_id: str, **fields: str) -> Record:
        allowed = {"title", "to_child", "from_child"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"letters have no field {sorted(unknown)}")
        cleaned = {
            key: clean_name(value) if key == "title" else clean_text(value)
            for key, value in fields.items()
        }
        return self._change("letters", letter_id, **cleaned)

    def delete_letter(self, letter_id: str) -> Record:
        return self._delete("letters", letter_id)
