"""The words of letters the store could not take (the file is read-only), kept here.

A letter's words go into the store as they are typed (after a short pause), and from
there into the file. When the file is read-only the store refuses them: they stay in the
editor and are kept, by letter, in the letter draft on this computer (``drafts.DraftFile``
of kind ``letter``: 0600, in the local state folder, sealed with the file's key), written
off the event loop when they change and at once on the way out. When the file can be
written again, or the next time the app opens it writable, they go into their letters;
while it stays read-only they are shown in their letter again, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from innerchild_tui.domain.letters import MAX_AGE, MIN_AGE
from innerchild_tui.drafts import Draft, DraftFile
from innerchild_tui.store import Store

NEW_LETTER = "new"  # the key of words typed before their letter could be made
VOICES = ("to_child", "from_child", "title")


def words_of(letter: Mapping[str, Any]) -> tuple[str, str, str]:
    """A letter's two voices and its title."""
    return (
        letter.get("to_child", ""),
        letter.get("from_child", ""),
        letter.get("title", ""),
    )


def _usable(entry: object) -> Draft | None:
    """A kept entry as read back, or None if it is not one (a draft is never a crash)."""
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in VOICES):
        return None
    based_on = entry.get("based_on")
    if not (isinstance(based_on, list) and len(based_on) == 3):
        based_on = ["", "", ""]
    age = entry.get("age")
    if isinstance(age, bool) or not isinstance(age, int) or not MIN_AGE <= age <= MAX_AGE:
        age = None
    letter_id = entry.get("letter_id")
    return {
        **{k: entry[k] for k in VOICES},
        "age": age,
        "letter_id": letter_id if isinstance(letter_id, str) else None,
        "based_on": [str(words) for words in based_on],
    }


class KeptLetterWords:
    """The letter draft of one data file: the words of each letter, by letter id."""

    def __init__(self, store: Callable[[], Store]) -> None:
        self._store = store  # the app's store: the welcome or the door may change it
        self._file: DraftFile | None = None
        self._generation = 0
        self.words: dict[str, Draft] = {}  # by letter id, or NEW_LETTER

    @property
    def file(self) -> DraftFile:
        store = self._store()
        path, keys = store.path, store.keys
        found = self._file
        if found is None or found.db_path != path or found.keys is not keys:
            found = self._file = DraftFile(path, keys, kind="letter")
        return found

    def __bool__(self) -> bool:
        return bool(self.words)

    def keep(self, key: str, words: Draft) -> bool:
        """Keep ``words`` for the letter ``key``; True if that changed what is kept."""
        if self.words.get(key) == words:
            return False
        self.words[key] = words
        return True

    def let_go(self, key: str) -> bool:
        """The letter's words reached the store; True if some were kept."""
        return self.words.pop(key, None) is not None

    def read(self) -> int:
        """Take in the words kept earlier (when the app opens); how many letters."""
        kept = self.file.read()
        entries = kept.get("letters") if kept else None
        for entry in entries if isinstance(entries, list) else []:
            usable = _usable(entry)
            if usable is not None:
                self.words[usable["letter_id"] or NEW_LETTER] = usable
        return len(self.words)

    def next_write(self) -> tuple[Draft | None, int]:
        """What the draft file is to hold now (None: nothing, it goes), and its turn."""
        self._generation += 1
        if not self.words:
            return None, self._generation
        stamp = self._store().now().isoformat()
        return {"letters": list(self.words.values()), "kept_at": stamp}, self._generation

    def write(self, draft: Draft | None, generation: int) -> None:
        """Raises OSError when the state folder cannot hold it."""
        self.file.write(draft, generation)


def put_into_store(store: Store, entry: Draft) -> None:
    """Kept words into their letter (a new one if it is gone). If the letter changed
    since the words were typed over it (on another computer), that version is kept as a
    copy first, as when a merge meets words being typed: both are kept."""
    fields = {**{k: entry[k] for k in VOICES}, "age": entry["age"]}
    letters = {letter["id"]: letter for letter in store.letters.all()}
    letter = letters.get(entry["letter_id"] or "")
    if letter is None:
        letter_id = store.letters.new(age=entry["age"])["id"]
    elif words_of(letter) == words_of(entry) and letter.get("age") == entry["age"]:
        return  # they are in it already
    else:
        letter_id = letter["id"]
        if list(words_of(letter)) != entry["based_on"]:
            store.letters.keep_copy(letter_id)
    store.letters.update(letter_id, **fields)
