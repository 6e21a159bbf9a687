"""Encryption at rest, at the store: real files in temp dirs, no mocks of the store."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.store import Store, crypto
from innerchild_tui.store.backups import list_backups, make_backup
from innerchild_tui.store.crypto import Passphrase, RecoveryKey
from innerchild_tui.store.errors import (
    EncryptionTurnedOff,
    NeedsPassphrase,
    StoreError,
    WrongPassphrase,
)
from innerchild_tui.store.sync import daily_backup, merge_conflict_copies

PASS = "a quiet garden in the rain"
NEW_PASS = "the swing under the apple tree"

# What a person wrote or chose; none of it may be readable in a sealed file.
NOTE = "I felt small at the meeting with Morgan"
LETTER_LINE = "little one you were so brave at the lake house"
FEELING = "wistfulness"
HABIT = "Walk beside the canal"
COMFORT = "Blue rabbit blanket"
CONTACT = "Dr Okonkwo-Hale"
PROMPT = "What did the kitchen smell like"
PRIVATE = (NOTE, LETTER_LINE, FEELING, HABIT, COMFORT, CONTACT, PROMPT)


def _fill(store: Store) -> None:
    store.words.add("feeling", FEELING)
    store.checkins.add(7, feelings=[FEELING], needs=["rest"], note=NOTE)
    habit = store.habits.add(HABIT)
    store.habit_days.set_done(habit["id"], store.today())
    store.comfort.add(COMFORT, "from when I was six")
    letter = store.letters.new("To the little one")
    store.letters.update(letter["id"], to_child=LETTER_LINE, from_child="I missed you")
    store.support.add_contact(CONTACT, role="therapist", reach="0123 456")
    store.prompts.add(PROMPT)


def _readable(raw: bytes) -> list[str]:
    text = raw.decode("utf-8", "replace")
    lowered = text.casefold()
    found = [word for word in PRIVATE if word.casefold() in lowered]
    # Ids made from names (habit-walk-beside-the-canal, feeling-wistfulness…) too.
    found += [
        slug for slug in ("canal", "rabbit", "okonkwo", "wistful", "kitchen") if slug in lowered
    ]
    return found


def _open(path: Path, device: str = "a", secret: object = None) -> Store:
    return Store.open(path, device=device, secret=secret)  # type: ignore[arg-type]


@pytest.fixture
def plain_file(db_path: Path) -> Path:
    store = _open(db_path)
    _fill(store)
    store.save()
    assert _readable(db_path.read_bytes())  # the test's words are really there before
    return db_path


def _turn_on(path: Path, recovery: bool = False) -> str | None:
    store = _open(path)
    key = store.turn_on_encryption(PASS, recovery=recovery)
    store.save()
    return key


def test_nothing_private_is_readable_in_the_file_or_its_backups(plain_file: Path) -> None:
    store = _open(plain_file)
    daily_backup(store, store.now())  # a plain backup taken before encryption
    store.turn_on_encryption(PASS)
    store.save()
    make_backup(store.payload(), db_id=store.db_id, reason="before-merge", now=store.now())
    from innerchild_tui.store.sealing import seal_local_copies

    seal_local_copies(store)
    assert _readable(plain_file.read_bytes()) == []
    backups = list_backups(store.db_id)
    assert len(backups) == 2
    for backup in backups:
        assert _readable(backup.read_bytes()) == [], backup.name
    # And it all comes back with the passphrase.
    again = _open(plain_file, secret=Passphrase(PASS))
    assert [c["note"] for c in again.checkins.all()] == [NOTE]
    assert HABIT in [h["name"] for h in again.habits.all()]
    assert FEELING in again.words.vocabulary("feeling")


def test_only_what_merging_needs_stays_in_the_clear(plain_file: Path) -> None:
    _turn_on(plain_file)
    data = json.loads(plain_file.read_bytes())
    assert set(data["meta"]["database"]) >= {"app", "db_id", "schema", "encryption"}
    for name, table in data.items():
        if name == "meta":
            continue
        for key, record in table.items():
            assert set(record) == {"id", "created_at", "updated_at", "device", "deleted", "sealed"}
            assert record["id"] == key and len(key) == 32


def test_an_encrypted_file_needs_its_passphrase(plain_file: Path) -> None:
    _turn_on(plain_file)
    with pytest.raises(NeedsPassphrase):
        _open(plain_file)


def test_a_wrong_passphrase_writes_nothing(plain_file: Path) -> None:
    _turn_on(plain_file)
    before = plain_file.read_bytes()
    folder = sorted(p.name for p in plain_file.parent.iterdir())
    with pytest.raises(WrongPassphrase):
        _open(plain_file, secret=Passphrase("not it"))
    assert plain_file.read_bytes() == before
    assert sorted(p.name for p in plain_file.parent.iterdir()) == folder


def test_the_key_is_derived_while_the_file_is_parsed(
    plain_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header read from the bytes around "meta" is the parsed file's; scrypt runs in a
    thread beside the parse, once, and the passphrase is still checked there."""
    _turn_on(plain_file)
    raw = plain_file.read_bytes()
    assert crypto.header_hint(raw) == crypto.header_of(json.loads(raw))
    unlocked_on: list[str] = []
    unlock = crypto.unlock

    def noted(header: dict[str, object], secret: crypto.Secret) -> crypto.Keys:
        unlocked_on.append(threading.current_thread().name)
        return unlock(header, secret)

    monkeypatch.setattr(crypto, "unlock", noted)
    assert _open(plain_file, secret=Passphrase(PASS)).encrypted
    assert len(unlocked_on) == 1 and unlocked_on[0] != threading.main_thread().name
    with pytest.raises(WrongPassphrase):
        _open(plain_file, secret=Passphrase("not it"))


def test_the_file_read_at_the_door_is_opened_by_the_passphrase_unless_it_changed(
    plain_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard reads a locked file once, when it finds it locked; the passphrase then
    opens that reading (the key derived beside the decoding of every record). A file that
    changed since is read again: another computer's check-in is never lost."""
    _turn_on(plain_file)
    with pytest.raises(NeedsPassphrase) as locked:
        _open(plain_file)
    ahead = locked.value.read_ahead
    assert ahead is not None
    with pytest.raises(WrongPassphrase) as wrong:
        Store.open(plain_file, device="a", secret=Passphrase("not it"), ahead=ahead)
    assert wrong.value.read_ahead == ahead  # the next try still needs no reading
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    opened = Store.open(plain_file, device="a", secret=Passphrase(PASS), ahead=ahead)
    assert [c["note"] for c in opened.checkins.all()] == [NOTE]
    assert reads == []
    elsewhere = _open(plain_file, device="b", secret=Passphrase(PASS))
    elsewhere.checkins.add(3, note="written on the laptop")
    elsewhere.save()
    again = Store.open(plain_file, device="a", secret=Passphrase(PASS), ahead=ahead)
    assert sorted(c["note"] for c in again.checkins.all()) == sorted(
        [NOTE, "written on the laptop"]
    )
    assert plain_file in reads


def test_a_header_guessed_from_bytes_is_only_a_guess(plain_file: Path) -> None:
    assert crypto.header_hint(plain_file.read_bytes()) is None  # in the clear: none
    assert crypto.header_hint(b'{"meta":{"database":{"encryption":') is None  # cut short
    _turn_on(plain_file)
    header = crypto.header_of(json.loads(plain_file.read_bytes()))
    assert header is not None
    early = crypto.EarlyUnlock(header, Passphrase(PASS))
    assert early.keys_for({**header, "check": "another file"}) is None  # not the file's
    keys = early.keys_for(header)
    assert keys is not None and keys.check == header["check"]


def test_passphrase_change_rewraps_one_key(plain_file: Path) -> None:
    _turn_on(plain_file)
    before = json.loads(plain_file.read_bytes())
    store = _open(plain_file, secret=Passphrase(PASS))
    store.change_passphrase(NEW_PASS)
    assert store.save()
    after = json.loads(plain_file.read_bytes())
    # Every record's sealed bytes are as they were: nothing was encrypted again.
    assert {k: v for k, v in after.items() if k != "meta"} == {
        k: v for k, v in before.items() if k != "meta"
    }
    with pytest.raises(WrongPassphrase):
        _open(plain_file, secret=Passphrase(PASS))
    assert _open(plain_file, secret=Passphrase(NEW_PASS)).checkins.all()[0]["note"] == NOTE


def test_the_recovery_key_unlocks_the_file(plain_file: Path) -> None:
    recovery = _turn_on(plain_file, recovery=True)
    assert recovery is not None
    assert recovery not in plain_file.read_text()
    store = _open(plain_file, secret=RecoveryKey(recovery.lower().replace("-", " ")))
    assert store.checkins.all()[0]["note"] == NOTE
    # A forgotten passphrase: the recovery key opens it, and a new passphrase is set.
    store.change_passphrase(NEW_PASS)
    store.save()
    assert _open(plain_file, secret=Passphrase(NEW_PASS)).checkins.all()[0]["note"] == NOTE
    assert _open(plain_file, secret=RecoveryKey(recovery)).checkins.all()[0]["note"] == NOTE


def test_turning_encryption_off_writes_it_in_the_clear_again(plain_file: Path) -> None:
    _turn_on(plain_file)
    store = _open(plain_file, secret=Passphrase(PASS))
    store.turn_off_encryption()
    store.save()
    assert NOTE in plain_file.read_text()
    assert "encryption" not in json.loads(plain_file.read_bytes())["meta"]["database"]
    assert _open(plain_file).checkins.all()[0]["note"] == NOTE


def test_two_computers_with_the_same_passphrase_merge(plain_file: Path, tmp_path: Path) -> None:
    _turn_on(plain_file)
    laptop = _open(plain_file, "laptop", Passphrase(PASS))
    desk = _open(plain_file, "desk", Passphrase(PASS))
    laptop.checkins.add(4, note="laptop words")
    habit = laptop.habits.named(HABIT)
    assert habit is not None
    laptop.habit_days.set_done(habit["id"], laptop.today())
    desk.checkins.add(6, note="desk words")
    desk.habits.add(HABIT + " slowly")
    laptop.save()
    desk.save()  # merges the laptop's change first
    assert laptop.reload_if_changed()
    for store in (laptop, desk):
        notes = sorted(c["note"] for c in store.checkins.all())
        assert notes == sorted([NOTE, "laptop words", "desk words"])
    assert _readable(plain_file.read_bytes()) == []
    # A conflict copy sealed with the same key merges too (the same habit on both: one).
    copy = plain_file.with_name("innerchild.sync-conflict-20261124-213005-ABCDEF1.json")
    shutil.copy(plain_file, copy)
    other = _open(copy, "phone", Passphrase(PASS))
    other.checkins.add(3, note="phone words")
    other.habits.add("Name five blue things")
    other.save()
    result = merge_conflict_copies(desk, desk.now())
    assert result.merged == [copy]
    assert not copy.exists()
    final = _open(plain_file, "x", Passphrase(PASS))
    assert "phone words" in [c["note"] for c in final.checkins.all()]
    names = [h["name"] for h in final.habits.all()]
    assert names.count(HABIT) == 1 and "Name five blue things" in names
    assert _readable(plain_file.read_bytes()) == []
    for archived in result.archived:
        assert _readable(archived.read_bytes()) == []


def test_the_same_named_record_on_two_computers_is_one_record(db_path: Path) -> None:
    store = _open(db_path)
    store.save()
    _turn_on(db_path)
    one = _open(db_path, "one", Passphrase(PASS))
    two = _open(db_path, "two", Passphrase(PASS))
    one.habits.add(HABIT)
    two.habits.add(HABIT)
    one.words.add("feeling", FEELING)
    two.words.add("feeling", FEELING)
    one.save()
    two.save()
    merged = _open(db_path, "x", Passphrase(PASS))
    assert [h["name"] for h in merged.habits.all()].count(HABIT) == 1
    assert FEELING in merged.words.vocabulary("feeling")
    data = json.loads(db_path.read_bytes())
    assert len(data["words"]) == 1


def test_a_store_open_when_encryption_is_turned_on_elsewhere_never_writes_plaintext(
    plain_file: Path,
) -> None:
    other = _open(plain_file, "other")  # open before encryption is turned on
    _turn_on(plain_file)
    sealed = plain_file.read_bytes()
    other.checkins.add(2, note="typed on the other computer")
    with pytest.raises(NeedsPassphrase) as raised:
        other.save()
    assert "will not write" in str(raised.value)
    assert other.locked_out
    with pytest.raises(NeedsPassphrase):
        other.reload_if_changed()
    assert plain_file.read_bytes() == sealed  # nothing written, in the clear or otherwise
    with pytest.raises(WrongPassphrase):
        other.unlock(Passphrase("nope"))
    assert plain_file.read_bytes() == sealed
    other.unlock(Passphrase(PASS))
    assert other.save()
    assert other.encrypted and not other.locked_out
    raw = plain_file.read_bytes()
    assert _readable(raw) == [] and b"typed on the other" not in raw
    notes = [c["note"] for c in _open(plain_file, "x", Passphrase(PASS)).checkins.all()]
    assert sorted(notes) == sorted([NOTE, "typed on the other computer"])


def test_a_passphrase_changed_elsewhere_is_kept(plain_file: Path) -> None:
    _turn_on(plain_file)
    here = _open(plain_file, "here", Passphrase(PASS))
    there = _open(plain_file, "there", Passphrase(PASS))
    there.change_passphrase(NEW_PASS)
    there.save()
    here.checkins.add(5, note="after the change")
    here.save()  # must carry the new header, not put the old passphrase back
    with pytest.raises(WrongPassphrase):
        _open(plain_file, secret=Passphrase(PASS))
    assert len(_open(plain_file, secret=Passphrase(NEW_PASS)).checkins.all()) == 2


def test_turned_off_elsewhere_stops_writing_here(plain_file: Path) -> None:
    _turn_on(plain_file)
    here = _open(plain_file, "here", Passphrase(PASS))
    there = _open(plain_file, "there", Passphrase(PASS))
    there.turn_off_encryption()
    there.save()
    plain = plain_file.read_bytes()
    here.checkins.add(5, note="sealed thoughts")
    with pytest.raises(EncryptionTurnedOff):
        here.save()
    assert plain_file.read_bytes() == plain
    with pytest.raises(StoreError):
        here.save()
    assert plain_file.read_bytes() == plain


@pytest.mark.parametrize("sealed", [True, False])
def test_after_turned_off_elsewhere_the_persons_answer_keeps_every_word(
    plain_file: Path, sealed: bool
) -> None:
    _turn_on(plain_file)
    here = _open(plain_file, "here", Passphrase(PASS))
    there = _open(plain_file, "there", Passphrase(PASS))
    there.turn_off_encryption()
    there.checkins.add(4, note="written in the clear there")
    there.save()
    here.checkins.add(5, note="sealed thoughts")
    with pytest.raises(EncryptionTurnedOff):
        here.save()
    here.go_on_after_turned_off(sealed=sealed)
    assert not here.read_only and not here.turned_off_elsewhere
    here.save()
    raw = plain_file.read_bytes()
    assert (b"sealed thoughts" in raw) is not sealed
    assert (crypto.header_of(json.loads(raw)) is not None) is sealed
    again = _open(plain_file, "again", Passphrase(PASS) if sealed else None)
    notes = {c["note"] for c in again.checkins.all()}
    assert {NOTE, "written in the clear there", "sealed thoughts"} <= notes


def test_the_recipe_in_the_docs_recovers_the_file(plain_file: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    _turn_on(plain_file)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "encryption.md").read_text()
    recipe = doc.split("## Recovering your data by hand", 1)[1]
    script = recipe.split("```python\n", 1)[1].split("\n```", 1)[0]
    (tmp_path / "recover.py").write_text(script)
    (tmp_path / "passphrase.txt").write_text(PASS + "\n")
    result = subprocess.run(
        [sys.executable, str(tmp_path / "recover.py"), str(plain_file), "passphrase.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    recovered = tmp_path / "innerchild.json"
    recovered.write_text(result.stdout)
    for word in PRIVATE:
        assert word in result.stdout
    # What it made is a plain innerchild file, the same records the passphrase opens.
    plain = Store.open(recovered, device="x")
    sealed = _open(plain_file, secret=Passphrase(PASS))
    for table in ("checkins", "habits", "completions", "comfort", "letters", "words"):
        assert plain._storage.read()[table] == sealed._storage.read()[table], table


def test_a_plain_conflict_copy_of_a_sealed_file_is_merged_then_kept_sealed(
    plain_file: Path,
) -> None:
    copy = plain_file.with_name("innerchild (conflicted copy 2026-11-24 213005).json")
    behind = _open(plain_file, "behind")  # a computer that had not seen encryption yet
    behind.checkins.add(4, note="written before it knew")
    shutil.copy(plain_file, copy)
    behind.path = copy  # its save lands where the sync app put its conflict copy
    behind._known_signature = None
    behind.save()
    assert b"written before it knew" in copy.read_bytes()
    _turn_on(plain_file)
    store = _open(plain_file, secret=Passphrase(PASS))
    result = merge_conflict_copies(store, store.now())
    assert result.merged == [copy]
    assert "written before it knew" in [c["note"] for c in store.checkins.all()]
    for path in (plain_file, *result.archived):
        assert _readable(path.read_bytes()) == [], path


def test_a_save_seals_only_what_changed(plain_file: Path) -> None:
    _turn_on(plain_file)
    before = json.loads(plain_file.read_bytes())
    store = _open(plain_file, secret=Passphrase(PASS))
    habit = store.habits.named(HABIT)
    assert habit is not None
    store.habit_days.set_done(habit["id"], store.today(), False)
    store.save()
    after = json.loads(plain_file.read_bytes())
    changed = [
        (name, key)
        for name, table in after.items()
        if name != "meta"
        for key, record in table.items()
        if before.get(name, {}).get(key) != record
    ]
    assert [name for name, _ in changed] == ["completions"]  # the one tick taken back


def test_temp_files_and_the_draft_hold_nothing_readable(plain_file: Path) -> None:
    from innerchild_tui.drafts import DraftFile
    from innerchild_tui.store.sealing import seal_local_copies

    # A save killed half-way before encryption left its temp file (plain) beside the file.
    leftover = plain_file.with_name("~syncthing~innerchild.json.k1ll3d.tmp")
    leftover.write_bytes(plain_file.read_bytes())
    # A check-in was being typed in the dashboard.
    DraftFile(plain_file).write({"mood": 3, "note": NOTE}, 1)
    assert NOTE in DraftFile(plain_file).path.read_text()

    store = _open(plain_file)
    store.turn_on_encryption(PASS)
    store.save()
    seal_local_copies(store)
    assert not leftover.exists()
    assert sorted(p.name for p in plain_file.parent.iterdir()) == [plain_file.name]
    draft = DraftFile(plain_file, store.keys)
    assert _readable(draft.path.read_bytes()) == []
    assert DraftFile(plain_file).read() is None  # without the key it is nothing
    assert draft.read() == {"mood": 3, "note": NOTE}
    draft.write({"mood": 4, "note": LETTER_LINE}, 2)
    assert _readable(draft.path.read_bytes()) == []
    assert DraftFile(plain_file, store.keys).read() == {"mood": 4, "note": LETTER_LINE}


def test_a_new_recovery_key_replaces_the_old(plain_file: Path) -> None:
    old = _turn_on(plain_file, recovery=True)
    assert old is not None
    store = _open(plain_file, secret=Passphrase(PASS))
    new = store.new_recovery_key()
    store.save()
    with pytest.raises(WrongPassphrase):
        _open(plain_file, secret=RecoveryKey(old))
    assert _open(plain_file, secret=RecoveryKey(new)).checkins.all()[0]["note"] == NOTE


def test_a_file_cannot_make_unlocking_take_forever(plain_file: Path) -> None:
    _turn_on(plain_file)
    data = json.loads(plain_file.read_bytes())
    data["meta"]["database"]["encryption"]["kdf"]["n"] = 2**30
    plain_file.write_bytes(json.dumps(data).encode())
    with pytest.raises(WrongPassphrase):
        _open(plain_file, secret=Passphrase(PASS))


def test_sealed_again_with_a_new_key_elsewhere_asks_here_then_follows(plain_file: Path) -> None:
    _turn_on(plain_file)
    here = _open(plain_file, "here", Passphrase(PASS))
    there = _open(plain_file, "there", Passphrase(PASS))
    there.turn_off_encryption()
    there.save()
    there.turn_on_encryption(NEW_PASS)  # a new data key
    there.save()
    before = plain_file.read_bytes()
    here.checkins.add(5, note="kept here meanwhile")
    with pytest.raises(NeedsPassphrase):
        here.save()
    assert plain_file.read_bytes() == before
    with pytest.raises(WrongPassphrase):
        here.unlock(Passphrase(PASS))  # the old passphrase no longer opens it
    here.unlock(Passphrase(NEW_PASS))
    assert here.save()
    assert b"kept here meanwhile" not in plain_file.read_bytes()
    notes = [c["note"] for c in _open(plain_file, secret=Passphrase(NEW_PASS)).checkins.all()]
    assert sorted(notes) == sorted([NOTE, "kept here meanwhile"])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(
    table=st.sampled_from(["checkins", "habits", "completions", "words", "letters"]),
    key=st.text(min_size=1),
    fields=st.dictionaries(st.text().filter(lambda k: k != "id"), json_values, max_size=8),
)
def test_a_sealed_record_opens_to_what_was_sealed(
    table: str, key: str, fields: dict[str, object]
) -> None:
    keys = crypto.keys_from(bytes(range(32)))
    record = {**fields, "id": key}
    outer_key, outer = crypto.seal_record(keys, table, key, record)
    assert outer_key == crypto.sealed_id(keys, table, key)
    assert set(outer) <= {"id", "sealed", *crypto.PUBLIC_FIELDS}
    opened_key, opened, _ = crypto.open_record(keys, table, outer_key, outer)
    assert (opened_key, opened) == (key, record)
    # Moved to another record's place, or another table, it does not open.
    with pytest.raises(crypto.DamagedSeal):
        crypto.open_record(keys, table + "x", outer_key, outer)


def _sealed_with_a_hostile_note(db_path: Path) -> dict[str, object]:
    """A sealed file holding a check-in whose note has terminal escapes, as another
    program might have written it; returns the check-in as first written."""
    store = _open(db_path)
    store.save()
    store.turn_on_encryption(PASS)
    record = store.checkins.add(5, note="calm")
    store._put("checkins", {**record, "note": "calm \x1b]2;owned\x07 \u202eevil"})
    store.save()
    return record


def test_hostile_text_in_a_sealed_file_is_made_safe_to_show(db_path: Path) -> None:
    _sealed_with_a_hostile_note(db_path)
    reopened = _open(db_path, secret=Passphrase(PASS))
    note = reopened.checkins.all()[0]["note"]
    assert "\x1b" not in note and "\u202e" not in note and "calm" in note


def _sealed_texts(path: Path) -> set[str]:
    data = json.loads(path.read_bytes())
    return {
        outer["sealed"]
        for name, records in data.items()
        if name not in crypto.PLAIN_TABLES
        for outer in records.values()
    }


def test_a_merge_opens_again_only_the_records_sealed_anew(
    plain_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _turn_on(plain_file)
    laptop = _open(plain_file, "laptop", Passphrase(PASS))
    desk = _open(plain_file, "desk", Passphrase(PASS))
    before = _sealed_texts(plain_file)
    desk.checkins.add(6, note="desk words")
    desk.comfort.add("Warm socks")
    desk.save()
    sealed_anew = _sealed_texts(plain_file) - before
    assert 2 <= len(sealed_anew) < len(before)  # the rest was written as it was read
    opened_afresh: list[int] = []
    open_tables = crypto.open_tables

    def counting(*args: object, **kwargs: object) -> crypto.Opened:
        opened = open_tables(*args, **kwargs)  # type: ignore[arg-type]
        opened_afresh.append(len(opened.plain_json))
        return opened

    monkeypatch.setattr(crypto, "open_tables", counting)
    assert laptop.reload_if_changed()
    assert opened_afresh == [len(sealed_anew)]
    # ... and the laptop holds exactly what the file holds, opened from nothing.
    monkeypatch.undo()
    fresh = _open(plain_file, "x", Passphrase(PASS))
    assert laptop._storage.read() == fresh._storage.read()
    assert "desk words" in [c["note"] for c in laptop.checkins.all()]
    # A change made here seals anew only itself. The desk opens that, and its own two
    # records, sealed there but not yet read back from the file.
    laptop.checkins.add(3, note="laptop words")
    laptop.save()
    assert len(_sealed_texts(plain_file) - before) == len(sealed_anew) + 1
    monkeypatch.setattr(crypto, "open_tables", counting)
    assert desk.reload_if_changed()
    assert opened_afresh[-1] == len(sealed_anew) + 1
    assert "laptop words" in [c["note"] for c in desk.checkins.all()]


def test_a_record_mended_when_opened_is_mended_again_at_each_merge(db_path: Path) -> None:
    record = _sealed_with_a_hostile_note(db_path)
    here = _open(db_path, "here", Passphrase(PASS))
    # Shown only (as a write-protected file is): a merge takes the file's records as read.
    here.read_only_reason = "shown only"
    # Another program adds a check-in, and leaves the hostile record as it was sealed.
    data = json.loads(db_path.read_bytes())
    keys = crypto.unlock(crypto.header_of(data), Passphrase(PASS))
    added = {**record, "id": "another-check-in", "note": "fine"}
    outer_key, outer = crypto.seal_record(keys, "checkins", added["id"], added)
    data["checkins"][outer_key] = outer
    db_path.write_text(json.dumps(data), encoding="utf-8")
    assert here.reload_if_changed()
    notes = [c["note"] for c in here.checkins.all()]
    assert "fine" in notes and len(notes) == 2
    assert not any("\x1b" in note or "\u202e" in note for note in notes)
