"""Letters between the adult and the inner child, and the person's own letter prompts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from innerchild_tui.domain.letters import (
    MAX_AGE,
    MIN_AGE,
    age_of,
    matches,
    month_of,
)
from innerchild_tui.domain.merge import letter_copy
from innerchild_tui.domain.records import LetterRecord, PromptRecord, is_live, natural_id
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store.base import StoreBase, required_name
from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.habits import HabitDays
from innerchild_tui.store.tables import Table

LETTER_FIELDS = frozenset({"title", "to_child", "from_child", "age"})


class Letters:
    """Letters between the adult and the inner child (table ``letters``)."""

    def __init__(self, db: StoreBase, habit_days: HabitDays) -> None:
        self._db = db
        self._table = Table(db, "letters", LetterRecord)
        self._habit_days = habit_days

    def all(
        self, *, search: str = "", month: str | None = None, since: date | None = None
    ) -> list[LetterRecord]:
        """Live letters, newest first; optionally only those that match ``search`` (every
        word, in the title or either voice), fall in ``month`` (``YYYY-MM``) or on or
        after ``since``."""
        found = [
            letter
            for letter in self._table.live()
            if (month is None or month_of(letter) == month)
            and (since is None or letter["day"] >= since.isoformat())
            and matches(letter, search)
        ]
        return sorted(found, key=lambda r: (r["day"], r["created_at"]), reverse=True)

    def months(self) -> list[str]:
        """The months (``YYYY-MM``) that hold a letter, newest first."""
        return sorted({month_of(r) for r in self._table.live() if month_of(r)}, reverse=True)

    def get(self, letter_id: str) -> LetterRecord:
        return self._table.get(letter_id)

    def new(self, title: str = "", age: int | None = None) -> LetterRecord:
        """A new, empty letter for today. Without ``age``, the newest letter's age is
        kept: the person usually writes to the same child for a while."""
        if age is None:
            newest = self.all()
            age = age_of(newest[0]) if newest else None
        return self._table.new(
            day=self._db.today().isoformat(),
            title=clean_name(title),
            age=self._checked_age(age),
            to_child="",
            from_child="",
        )

    def update(self, letter_id: str, **fields: Any) -> LetterRecord:
        """Change a letter's title, age, or either voice (control characters dropped)."""
        unknown = set(fields) - LETTER_FIELDS
        if unknown:
            raise ValueError(f"letters have no field {sorted(unknown)}")
        cleaned: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "title":
                cleaned[key] = clean_name(str(value))
            elif key == "age":
                cleaned[key] = self._checked_age(value)
            else:
                cleaned[key] = clean_text(str(value))
        current = self.get(letter_id)
        if all(current.get(key) == value for key, value in cleaned.items()):
            return current  # nothing changed: no new version for a merge to weigh
        letter = self._table.change(letter_id, **cleaned)
        if letter.get("to_child", "").strip() or letter.get("from_child", "").strip():
            try:
                day = date.fromisoformat(letter["day"])
            except ValueError:
                return letter
            self._habit_days.tick_linked("letter", day)
        return letter

    def keep_copy(self, letter_id: str) -> LetterRecord:
        """Keep the letter's present version as a letter of its own, "(the version from
        another device)": used when words typed here are about to replace words that
        arrived from elsewhere while they were being typed."""
        return self._table.put(letter_copy(letter_id, self.get(letter_id)))

    def delete(self, letter_id: str) -> LetterRecord:
        """Leave a tombstone (no words, only the version it removed), so a synced copy
        cannot bring the letter back; words written in it elsewhere meanwhile can (see
        ``merge.letters_brought_back``)."""
        return self._table.delete(letter_id)

    def removed(self, letter_id: str) -> bool:
        """Whether the letter was here once and is removed now (here or elsewhere)."""
        return self._db.removed("letters", letter_id)

    def bring_back(
        self, letter_id: str, was: Mapping[str, Any] | None = None, **fields: Any
    ) -> LetterRecord:
        """A letter removed (on another computer, say) while it was being written in here,
        back in its place with what was written (``fields``, as :meth:`update` takes
        them): a removal elsewhere must not destroy words it never saw. ``was`` is the
        letter as the writer last had it (its tags, its star)."""
        blank = {"day": self._db.today().isoformat(), "title": "", "to_child": "", "from_child": ""}
        self._db.bring_back("letters", letter_id, {**blank, **(was or {})})
        return self.update(letter_id, **fields)

    @staticmethod
    def _checked_age(age: object) -> int | None:
        if age is None:
            return None
        if isinstance(age, bool) or not isinstance(age, int) or not MIN_AGE <= age <= MAX_AGE:
            raise StoreError(
                f"The inner child's age is a whole number from {MIN_AGE} to {MAX_AGE}, "
                "or not given."
            )
        return age


class Prompts:
    """The person's own letter prompts (table ``prompts``)."""

    def __init__(self, db: StoreBase) -> None:
        self._db = db
        self._table = Table(db, "prompts", PromptRecord)

    def all(self) -> list[PromptRecord]:
        """Prompts the person added, oldest first."""
        return self._table.oldest_first()

    def add(self, text: str) -> PromptRecord:
        """Keep a prompt of the person's own. The id comes from the words, so the same
        prompt added on two computers is one prompt after a merge."""
        text = required_name(text, "prompt")
        for prompt in self.all():
            if prompt.get("text", "").casefold() == text.casefold():
                return prompt
        prompt_id = natural_id("prompt", text, ())
        existing = self._db._raw("prompts", prompt_id)
        if existing is not None and is_live(existing):
            return self._table.get(prompt_id)
        if existing is not None:  # removed once, wanted again
            return self._table.restore({**existing, "text": text})
        return self._table.new(id=prompt_id, text=text)

    def remove(self, prompt_id: str) -> PromptRecord:
        return self._table.delete(prompt_id)
