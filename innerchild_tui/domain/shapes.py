"""Every record checked against its type's shape when it is read from a file.

A file written by another device, a hand edit or a conflict copy can hold records that
parse but would crash a reader: a check-in without ``created_at``, a habit without a
name, a mood that is a word. :func:`check_tables` sorts them out, record by record, by
each table's rules (one per field of its typed shape: ``domain/validate.py``):

- a record that can be mended (a missing stamp, a list that is not a list, a day that
  its id or stamp tells) is mended in memory, with a :class:`Finding` saying what;
- a record that cannot (a check-in without a mood, a habit without a name) is set
  aside as damaged: it is not shown, it is never dropped from the file, and
  ``innerchild doctor`` lists it.

Text is made safe here too, once, for every place that shows it: control characters
(terminal escape sequences) and bidi overrides are removed from every string of every
record, so nothing read from a file can reach the terminal as a command.

Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from innerchild_tui.domain.records import Record
from innerchild_tui.domain.validate import DOUBTFUL, RULES, Damaged, mend

Tables = dict[str, dict[str, Record]]

# Bidirectional-text controls: they reorder what follows them on screen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Every character that must not reach a terminal as it is: the C0 controls but the tab
# and the newline, DEL and the C1 controls, lone surrogates, and the bidi controls.
UNSAFE_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def safe_text(text: str, stand_in: str = "") -> str:
    """``text`` without control characters (newlines and tabs kept) or bidi controls.

    Each one is dropped, or, with ``stand_in``, shown as that (the quick commands show
    U+FFFD, so the person sees that something was there and nothing reaches the terminal).
    """
    if text.isprintable():
        return text
    return UNSAFE_CHARACTER.sub(stand_in.replace("\\", "\\\\"), text)


def _safe_value(value: Any) -> Any:
    """Any JSON value with every string in it made safe (a new value only if needed)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [_safe_value(v) for v in value]
    if isinstance(value, dict):
        return {safe_text(k): _safe_value(v) for k, v in value.items()}
    return value


# What a file's raw bytes hold when some string in it may need cleaning: JSON escapes of
# control characters, raw DEL and C1 controls, and the bidi controls in UTF-8 or escaped.
# One pattern for each first byte: a pattern that starts with a fixed byte is searched
# quickly (one alternation of them all took 130 ms over ten years of bytes, these 40).
UNSAFE_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        rb"\\u(?:00[0-1][0-9a-fA-F]|00[7-9][0-9a-fA-F]|200[eEfF]|202[a-eA-E]|206[6-9]|061[cC])",
        rb"\\[bfr]",
        rb"\x7f",
        rb"\xc2[\x80-\x9f]",
        rb"\xe2(?:\x80[\x8e\x8f\xaa-\xae]|\x81[\xa6-\xa9])",
        rb"\xd8\x9c",
    )
)
# The search goes a slice at a time: one regex call over ten years of bytes (23 MB) holds
# the interpreter, and a merge in a thread would stall the screen that long.
_SLICE = 1 << 20
LONGEST_UNSAFE = 8  # slices overlap by this much, so no match falls between two


# Each pattern's first byte: a pattern whose first byte the bytes lack at all is not
# searched (one byte is looked for at memory speed, about 1 ms over ten years of bytes;
# each pattern's search took about 5).
_FIRST_BYTES = (b"\\", b"\\", b"\x7f", b"\xc2", b"\xe2", b"\xd8")


def may_hold_unsafe_text(raw: bytes) -> bool:
    """False when the file's bytes cannot hold a control or bidi character (fast)."""
    wanted = tuple(
        p for p, first in zip(UNSAFE_PATTERNS, _FIRST_BYTES, strict=True) if first in raw
    )
    return found_in_slices(wanted, raw)


def found_in_slices(patterns: tuple[re.Pattern[bytes], ...], raw: bytes) -> bool:
    """Whether any of ``patterns`` (each at most 8 bytes long) is in ``raw``, searched a
    megabyte at a time, so a thread searching lets the event loop run in between."""
    return any(
        pattern.search(raw, start, start + _SLICE + LONGEST_UNSAFE) is not None
        for pattern in patterns
        for start in range(0, len(raw), _SLICE)
    )


@dataclass(frozen=True)
class Finding:
    """What was wrong with one record, in words a person can act on."""

    table: str
    record_id: str
    problem: str
    repaired: bool  # mended in memory (True) or set aside as damaged (False)

    def sentence(self) -> str:
        what = "mended in memory" if self.repaired else "kept as it is, and not shown"
        return f"{self.table} record {self.record_id}: {self.problem} ({what})."


@dataclass
class CheckedTables:
    """A file's tables after checking: what to use, what is damaged, what was found."""

    usable: Tables
    damaged: Tables
    findings: list[Finding]


def check_tables(
    data: Tables, *, clean_text: bool = True, trusted: Tables | None = None, handed_on: bool = False
) -> CheckedTables:
    """Check every record of every known table (``meta`` and unknown tables pass as they are).

    Records that need nothing are passed through as the same objects, so checking a
    healthy ten-year file costs little. ``clean_text=False`` skips the text pass (for
    a file whose bytes cannot hold unsafe text, see :func:`may_hold_unsafe_text`).
    A record that is the very object ``trusted`` holds under its key (one checked when
    it came in) passes as it is. ``handed_on``: ``data`` is the caller's to give away
    (a file just read), and a table in which nothing is mended or set aside is usable
    as that very dict (a copy of every table of ten years was 5 MiB more at opening's
    and at a merge's peak); otherwise every usable table is a new dict.
    """
    usable: Tables = {}
    damaged: Tables = {}
    findings: list[Finding] = []
    for table, records in data.items():
        if table not in RULES:
            usable[table] = records
            continue
        kept = records if handed_on else dict(records)  # the common case: every record as it is
        known = trusted.get(table, {}) if trusted else {}
        # Only the records that may need something are looked at one by one.
        doubtful = list(records) if clean_text else DOUBTFUL[table](records)
        for key in doubtful:
            record = records[key]
            if known and known.get(key) is record:
                continue
            notes: list[str] = []
            try:
                mended = _check(table, key, record, notes, clean_text)
            except Damaged as why:
                if kept is records:
                    kept = dict(records)
                del kept[key]
                damaged.setdefault(table, {})[key] = record
                findings.append(Finding(table, key, str(why), repaired=False))
                continue
            if mended is not record:
                if kept is records:
                    kept = dict(records)
                kept[key] = mended
            if notes:
                findings.append(Finding(table, key, "; ".join(notes), repaired=True))
        usable[table] = kept
    return CheckedTables(usable, damaged, findings)


def _check(
    table: str, key: str, record: Any, notes: list[str], clean_text: bool, quick: bool = True
) -> Record:
    """``record`` mended by its table's rules (``notes`` say how); raises
    :class:`~innerchild_tui.domain.validate.Damaged`. ``quick=False`` goes through every
    rule one by one even for a record the quick check passes (for tests)."""
    if quick and not DOUBTFUL[table]({key: record}):
        checked: Record = record
        return _safe_value(checked) if clean_text else checked
    current = mend(table, key, record, notes)
    if clean_text:
        cleaned = _safe_value(current)
        if cleaned != current:
            notes.append("it held control characters or bidi overrides, which were removed")
            current = cleaned
    return current
