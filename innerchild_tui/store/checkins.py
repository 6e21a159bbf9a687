"""Check-ins: how are you feeling, and what do you need? And the person's own words.

A check-in record holds ``mood`` (1–10), ``energy`` (1–5 or None), ``feelings`` (words)
with ``intensity`` (word → 1–3), ``needs`` (words), the inner child's felt ``age`` and
what they need to hear (``to_hear``), ``body`` sensations (words), a ``note``, a
``therapy`` flag, the ``part_of_day`` it was made in, its ``day`` and ``backfilled``.
Its typed shape is ``CheckinRecord`` (``domain/records.py``); records written before
some of these fields existed lack them (``NotRequired``), and readers use ``.get`` with
the default their rule names (``domain/validate.py``).

Words a person adds that are not in the built-in lists are kept in the ``words`` table
with a natural-key id (``feeling-left-behind``), so two devices that add the same word
make one record, and the word syncs with the file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from innerchild_tui.domain.comfort import used_days
from innerchild_tui.domain.days import part_of_day
from innerchild_tui.domain.feelings import (
    BODY_WORDS,
    FEELINGS,
    NEEDS,
    normalise_word,
    split_intensity,
)
from innerchild_tui.domain.insights import Comparison, checkin_matches, compare
from innerchild_tui.domain.records import (
    CheckinRecord,
    WordRecord,
    is_live,
    natural_id,
    new_record,
)
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store.base import StoreBase, refuse_future
from innerchild_tui.store.comfort import Comfort
from innerchild_tui.store.errors import StoreError
from innerchild_tui.store.habits import HabitDays, Habits
from innerchild_tui.store.tables import Table

WORD_KINDS: dict[str, tuple[str, ...]] = {"feeling": FEELINGS, "need": NEEDS, "body": BODY_WORDS}
MAX_AGE = 120


class Checkins:
    """Check-ins (table ``checkins``)."""

    def __init__(
        self, db: StoreBase, words: Words, habits: Habits, habit_days: HabitDays, comfort: Comfort
    ) -> None:
        self._db = db
        self._table = Table(db, "checkins", CheckinRecord)
        self._words = words
        self._habits = habits
        self._habit_days = habit_days
        self._comfort = comfort

    def all(
        self, day: date | None = None, *, search: str = "", since: date | None = None
    ) -> list[CheckinRecord]:
        """Live check-ins, oldest first; only ``day``'s if given (or those from ``since``
        on), and only those that hold every word of ``search`` (see
        :func:`checkin_matches`)."""
        if day is None and since is None:
            records = self._table.live()
        else:  # some days': pick from the raw table before copying anything
            wanted = day.isoformat() if day is not None else ""
            start = since.isoformat() if since is not None else ""
            records = self._table.live_on(wanted or None, start)
        if search:
            records = [r for r in records if checkin_matches(r, search)]
        return sorted(records, key=lambda r: (r.get("day", ""), r["created_at"]))

    def get(self, checkin_id: str) -> CheckinRecord:
        """One live check-in. Raises a kind :class:`StoreError` if it is gone."""
        return self._table.get(checkin_id)

    def add(
        self,
        mood: int,
        feelings: Iterable[str] = (),
        needs: Iterable[str] = (),
        note: str = "",
        day: date | None = None,
        **details: Any,
    ) -> CheckinRecord:
        """Record a check-in for today (or an earlier ``day``: then it is back-filled).

        ``details`` are the optional fields: ``energy``, ``intensity`` (word → 1–3),
        ``age``, ``to_hear``, ``body`` and ``therapy``. A feeling may carry its
        intensity in its text ("very sad", "sad:3"). Words not in the built-in lists
        are kept as the person's own.
        """
        fields = checkin_fields(mood, feelings, needs, note, **details)
        today = self._db.today()
        target = day or today
        refuse_future(target, today)
        self._keep_new_words(fields)
        record = self._table.new(
            day=target.isoformat(),
            backfilled=target < today,
            part_of_day=part_of_day(self._db.now()),
            **fields,
        )
        self._habit_days.tick_linked("checkin", target)
        return record

    def update(
        self,
        checkin_id: str,
        mood: int,
        feelings: Iterable[str] = (),
        needs: Iterable[str] = (),
        note: str = "",
        **details: Any,
    ) -> CheckinRecord:
        """Change a check-in; optional fields not given keep their value."""
        before = self._table.get(checkin_id)
        kept = {k: v for k, v in before.items() if k in _DETAIL_FIELDS and k not in details}
        if "intensity" in before:
            kept["intensity"] = dict(before["intensity"])
        fields = checkin_fields(mood, feelings, needs, note, **{**_as_details(kept), **details})
        self._keep_new_words(fields)
        return self._table.change(checkin_id, **fields)

    def delete(self, checkin_id: str) -> CheckinRecord:
        return self._table.delete(checkin_id)

    def removed(self, checkin_id: str) -> bool:
        """Whether the check-in was here once and is removed now (here or elsewhere)."""
        return self._db.removed("checkins", checkin_id)

    def bring_back(
        self,
        checkin_id: str,
        was: Mapping[str, Any] | None,
        mood: int,
        feelings: Iterable[str] = (),
        needs: Iterable[str] = (),
        note: str = "",
        **details: Any,
    ) -> CheckinRecord:
        """A check-in removed (on another computer, say) while it was being edited here,
        back in its place (its day and time) with the edit: the edit's words are kept,
        whatever the removal saw. ``was`` is the check-in as the form loaded it, for
        what the edit does not give (its part of the day, whether it was added
        afterwards). As :meth:`update` once it is back."""
        self._db.bring_back("checkins", checkin_id, dict(was or {}))
        checkin = self.update(checkin_id, mood, feelings, needs, note, **details)
        with contextlib.suppress(ValueError):  # a day that is no date ticks nothing
            self._habit_days.tick_linked("checkin", date.fromisoformat(checkin["day"]))
        return checkin

    def mood_comparisons(self, moods: Mapping[date, float], today: date) -> list[Comparison]:
        """Mood on days with and without each habit and comfort item, where each side has
        enough days (see :func:`~innerchild_tui.domain.insights.compare`)."""
        found: list[Comparison] = []
        done = self._habit_days.done_by_habit()
        for habit in self._habits.all():
            since = _created_day(habit)
            days = done.get(habit["id"], set())
            result = compare(habit["name"], "habit", moods, days, since, today)
            if result is not None:
                found.append(result)
        for item in self._comfort.all():
            used = used_days(item)
            result = compare(item["name"], "comfort", moods, used, _created_day(item), today)
            if result is not None:
                found.append(result)
        return found

    def _keep_new_words(self, fields: Mapping[str, Any]) -> None:
        for kind, field in (("feeling", "feelings"), ("need", "needs"), ("body", "body")):
            for word in fields.get(field, []):
                self._words.add(kind, word)


class Words:
    """The person's own words (table ``words``): feelings, needs and body sensations
    beyond the built-in lists."""

    def __init__(self, db: StoreBase) -> None:
        self._db = db
        self._table = Table(db, "words", WordRecord)

    def custom(self, kind: str) -> list[str]:
        """Words of ``kind`` ("feeling", "need", "body") the person added, oldest first."""
        with self._db._storage.lock:
            records = list(self._db._storage.read().get("words", {}).values())
        mine = [r for r in records if is_live(r) and r.get("kind") == kind and r.get("word")]
        return [r["word"] for r in sorted(mine, key=lambda r: r["created_at"])]

    def vocabulary(self, kind: str) -> tuple[str, ...]:
        """The built-in words of ``kind`` followed by the person's own."""
        built_in = WORD_KINDS[kind]
        return (*built_in, *(w for w in self.custom(kind) if w not in built_in))

    def add(self, kind: str, word: str) -> WordRecord | None:
        """Keep a word of the person's own; None if it is already known."""
        if kind not in WORD_KINDS:
            raise StoreError(f"Words are feelings, needs or body sensations, not “{kind}”.")
        cleaned = normalise_word(clean_name(word))
        if not cleaned:
            raise StoreError("A word needs at least one letter.")
        if cleaned in self.vocabulary(kind):
            return None
        word_id = natural_id(kind, cleaned, ())
        existing = self._db._raw("words", word_id)
        stamp = self._db.stamp()
        record = new_record(stamp, self._db.device, id=word_id, kind=kind, word=cleaned)
        if existing is not None:
            record["created_at"] = existing.get("created_at", stamp)
        return self._table.put(record)

    def remove(self, kind: str, word: str) -> WordRecord:
        """Let go of one of the person's own words (check-ins that used it keep it)."""
        word_id = natural_id(kind, normalise_word(clean_name(word)), ())
        return self._table.delete(word_id)


def _created_day(record: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(record["created_at"][:10])
    except ValueError:
        return None


_DETAIL_FIELDS = ("energy", "intensity", "age", "to_hear", "body", "therapy")


def _as_details(record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record's optional fields as ``checkin_fields`` takes them."""
    return {key: record[key] for key in _DETAIL_FIELDS if key in record}


def checkin_fields(
    mood: int,
    feelings: Iterable[str],
    needs: Iterable[str],
    note: str,
    *,
    energy: int | None = None,
    intensity: Mapping[str, int] | None = None,
    age: int | None = None,
    to_hear: str = "",
    body: Iterable[str] = (),
    therapy: bool = False,
) -> dict[str, Any]:
    """The stored fields of a check-in, checked and cleaned. Raises :class:`StoreError`."""
    if not _whole(mood) or not 1 <= mood <= 10:
        raise StoreError(f"Mood is a number from 1 to 10 (got {mood!r}).")
    if energy is not None and (not _whole(energy) or not 1 <= energy <= 5):
        raise StoreError(f"Energy is a number from 1 to 5 (got {energy!r}).")
    if age is not None and (not _whole(age) or not 0 <= age <= MAX_AGE):
        raise StoreError(f"The inner child's age is a number from 0 to {MAX_AGE} (got {age!r}).")
    levels: dict[str, int] = {}
    for word, level in (intensity or {}).items():
        if not _whole(level) or not 1 <= level <= 3:
            raise StoreError(f"A feeling's intensity is 1, 2 or 3 (got {level!r}).")
        levels[normalise_word(clean_name(word))] = level
    chosen: list[str] = []
    for typed in feelings:
        word, typed_level = split_intensity(clean_name(typed))
        if word and word not in chosen:
            chosen.append(word)
        if word and typed_level is not None:
            levels[word] = typed_level
    return {
        "mood": mood,
        "energy": energy,
        "feelings": chosen,
        "intensity": {word: levels[word] for word in chosen if word in levels},
        "needs": words(needs),
        "age": age,
        "to_hear": clean_name(to_hear),
        "body": words(body),
        "note": clean_text(note),
        "therapy": bool(therapy),
    }


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def words(words: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for word in words:
        cleaned = normalise_word(clean_name(word))
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen
