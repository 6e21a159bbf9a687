"""Merging two copies of the database, record by record.

The union of records by (table, id); where both copies hold a record, the later
``updated_at`` wins and a tie goes to the greater ``device`` (then the greater content,
so the result never depends on argument order). Tombstones are records too, so a delete
wins only when it is newer. The function is pure, commutative, associative and
idempotent: the order in which copies arrive never matters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import orjson

from innerchild_tui.domain.records import utc_stamp

Tables = dict[str, dict[str, dict[str, Any]]]


def _rank(record: dict[str, Any]) -> tuple[str, str, bytes]:
    return (
        str(record.get("updated_at", "")),
        str(record.get("device", "")),
        orjson.dumps(record, option=orjson.OPT_SORT_KEYS),
    )


def newer(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The version of one record that a merge keeps."""
    return a if _rank(a) >= _rank(b) else b


# A merge runs in a thread while the screen is up, so it makes no single C call that
# scales with history (a set of every id, ``==`` of whole tables): each holds the
# interpreter from start to end, 5-20 ms at ten years, and the screen waits meanwhile.
# Its loops go a record at a time, and the interpreter switches between them.


def same_tables(a: Tables, b: Tables) -> bool:
    """``a == b``, a record at a time (one ``==`` over ten years holds the interpreter
    for about 150 ms)."""
    return a.keys() == b.keys() and all(same_table(table, b[name]) for name, table in a.items())


def same_table(a: dict[str, dict[str, Any]] | None, b: dict[str, dict[str, Any]] | None) -> bool:
    """``a == b`` for one table (None: no such table), a record at a time."""
    if a is None or b is None:
        return a is b
    if len(a) != len(b):
        return False
    for key, record in a.items():
        theirs = b.get(key)
        if record is not theirs and record != theirs:
            return False
    return True


def merge(a: Tables, b: Tables) -> Tables:
    """Both databases in one; neither input is changed."""
    result: Tables = {}
    for name in sorted(set(a) | set(b)):
        left, right = a.get(name, {}), b.get(name, {})
        table: dict[str, dict[str, Any]] = {}
        for record_id, mine in left.items():
            theirs = right.get(record_id)
            if theirs is None or mine is theirs or mine == theirs:
                table[record_id] = mine  # the common case, and cheap to decide
            else:
                table[record_id] = newer(mine, theirs)
        for record_id, theirs in right.items():
            if record_id not in left:
                table[record_id] = theirs
        result[name] = table
    return result


Version = tuple[str, str]  # (updated_at, device): what identifies one edit of a record
LETTER_TEXT_FIELDS = ("to_child", "from_child")


def version_of(record: Mapping[str, Any]) -> Version:
    return (str(record.get("updated_at", "")), str(record.get("device", "")))


# A letter names the versions it was written from (newest first), so a merge can tell a
# version that grew from ours from one a sync client put in its place.
LINEAGE_FIELD = "edited_from"
LINEAGE_KEPT = 32  # a few seconds of autosaves apart is usual; this is a minute of typing


def _version_mark(version: Version) -> str:
    """A short mark of one version (12 hex digits of a hash of its stamp and device)."""
    return hashlib.blake2b(f"{version[0]}|{version[1]}".encode(), digest_size=6).hexdigest()


def grown_from(record: dict[str, Any], previous: dict[str, Any]) -> list[str]:
    """``record``'s lineage once written from ``previous``: that version first, then
    the versions ``previous`` was written from (the newest :data:`LINEAGE_KEPT`)."""
    earlier = previous.get(LINEAGE_FIELD)
    # Only marks as this code makes them: a file from elsewhere cannot grow the record.
    marks = (
        [m for m in earlier[:LINEAGE_KEPT] if isinstance(m, str) and len(m) == 12]
        if isinstance(earlier, list)
        else []
    )
    lineage = [_version_mark(version_of(previous)), *marks]
    if _version_mark(version_of(record)) in lineage[:1]:
        lineage = marks  # the same version: nothing new to name
    return lineage[:LINEAGE_KEPT]


def _grew_from(record: dict[str, Any], version: Version) -> bool:
    lineage = record.get(LINEAGE_FIELD)
    return isinstance(lineage, list) and _version_mark(version) in lineage


def _texts(record: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(record.get(name, "")) for name in LETTER_TEXT_FIELDS)


def _covers(winner: dict[str, Any], loser: dict[str, Any]) -> bool:
    """The winner already holds every word of the loser (side by side)."""
    return all(lost in kept for kept, lost in zip(_texts(winner), _texts(loser), strict=True))


def letter_copies(
    ours: dict[str, dict[str, Any]],
    theirs: dict[str, dict[str, Any]],
    base: dict[str, Version] | None,
) -> dict[str, dict[str, Any]]:
    """Letters that a plain merge would lose words of, as copies to keep beside them.

    A letter edited on both sides is kept whole on the winning side; the losing side's
    version becomes a new letter (a copy the person can see and fold back by hand).
    ``base`` is the version of each letter this process and the file last agreed on (None
    when unknown, as with a sync client's conflict copy). The other side's version counts
    as grown from ours only if it names ours in its lineage (``edited_from``) or still
    holds every word of ours: a sync client may have replaced the file we wrote with
    another computer's version, written from an older one. Any loser whose words the
    winner does not already hold is kept. The copy's id is made from the lost version, so two
    devices resolving the same conflict make the same copy.
    """
    copies: dict[str, dict[str, Any]] = {}
    for letter_id in set(ours) & set(theirs):
        mine, other = ours[letter_id], theirs[letter_id]
        if mine.get("deleted") or other.get("deleted") or _texts(mine) == _texts(other):
            continue
        shared = base.get(letter_id) if base is not None else None
        if shared == version_of(other):
            continue  # only this side changed it since the file last held it
        if shared == version_of(mine) and (
            _grew_from(other, version_of(mine)) or _covers(other, mine)
        ):
            continue  # the file's version grew from ours, or holds every word of it
        # Both changed it, or the file's version did not grow from ours: a sync client
        # put another computer's version in place of the one we wrote, and that one was
        # written from an older one. Keep the losing words, unless the winner holds them.
        winner = newer(mine, other)
        loser = other if winner is mine else mine
        if _covers(winner, loser):
            continue
        copy = letter_copy(letter_id, loser)
        copies[copy["id"]] = copy
    return copies


def letters_brought_back(
    ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Letters removed on one side while words were written in them on the other.

    A removal names the versions it removed (its ``edited_from``, as an edit does). Where
    the plain merge would keep the removal (it is the newer) but the other side's letter
    is a version the removal never saw, and holds words, the letter stays, with those
    words: a removal elsewhere must never destroy words written meanwhile. The version
    kept is made from the two alone (the live version, stamped a millisecond after the
    removal), so every computer brings back the very same record, whichever order the
    two arrive in. A removal that names nothing (written before removals named their
    version) wins as before: without it a stale copy could not be told from new words.
    A removal more than :data:`LINEAGE_KEPT` versions on from the live version it meets
    brings it back too: a letter too many, never a word too few.
    """
    back: dict[str, dict[str, Any]] = {}
    for letter_id in set(ours) & set(theirs):
        mine, other = ours[letter_id], theirs[letter_id]
        if bool(mine.get("deleted")) == bool(other.get("deleted")):
            continue
        gone, kept = (mine, other) if mine.get("deleted") else (other, mine)
        if newer(gone, kept) is not gone:
            continue  # the words are the newer: the plain merge keeps them
        lineage = gone.get(LINEAGE_FIELD)
        if not isinstance(lineage, list) or _version_mark(version_of(kept)) in lineage:
            continue  # the removal saw these words (or says nothing of what it saw)
        if not any(str(kept.get(name) or "").strip() for name in (*LETTER_TEXT_FIELDS, "title")):
            continue  # nothing written: nothing to lose
        stamp = _stamp_after(str(gone.get("updated_at", "")))
        if stamp is None:
            continue
        revived = {**kept, "deleted": False, "updated_at": stamp}
        revived[LINEAGE_FIELD] = grown_from(revived, kept)
        back[letter_id] = revived
    return back


def _stamp_after(stamp: str) -> str | None:
    """A stamp one millisecond after ``stamp`` (None: no time)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return utc_stamp(moment + timedelta(milliseconds=1))


def letter_copy(letter_id: str, version: Mapping[str, Any]) -> dict[str, Any]:
    """One version of a letter kept as a letter of its own (id made from the version)."""
    stamp, device = version_of(version)
    title = str(version.get("title") or "A letter")
    return {
        **version,
        "id": f"{letter_id}~{stamp}~{device}",
        "title": f"{title} (the version from another device)",
        "copy_of": letter_id,
    }


def comfort_use_unions(
    ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Comfort items used on two computers while apart: the kept version with both logs.

    A comfort item carries its own log of uses, so the plain merge (the newer version of
    the item wins) would drop the uses logged only on the other side. The kept version
    gets the union of both logs (the winner's entry first where both hold the same use).
    Deterministic on both sides, so every computer ends with the same record.
    """
    unions: dict[str, dict[str, Any]] = {}
    for item_id in set(ours) & set(theirs):
        mine, other = ours[item_id], theirs[item_id]
        if mine == other or mine.get("deleted") or other.get("deleted"):
            continue
        winner = newer(mine, other)
        loser = other if winner is mine else mine
        used = sorted(set(winner.get("used") or []) | set(loser.get("used") or []))
        uses = [u for u in winner.get("uses") or [] if isinstance(u, dict)]
        seen = {(u.get("day"), u.get("at")) for u in uses}
        for use in loser.get("uses") or []:
            if isinstance(use, dict) and (use.get("day"), use.get("at")) not in seen:
                uses.append(use)
                seen.add((use.get("day"), use.get("at")))
        uses.sort(key=lambda u: (str(u.get("day")), str(u.get("at"))))
        if used != (winner.get("used") or []) or uses != (winner.get("uses") or []):
            unions[item_id] = {**winner, "used": used, "uses": uses}
    return unions
