"""One rule per field of every record type: what the field may hold, and what is done
when a record read from a file holds something else.

Each table's fields are the keys of its typed shape in :mod:`~innerchild_tui.domain.records`
(``CheckinRecord``, ``HabitRecord``, …), and each has exactly one :class:`Rule` here
(a test holds the two to each other). A rule's test is written once, as a Python
expression over the value ``v``; from it are made both the rule's own check (used to
mend one record, field by field) and each table's quick check (every rule of the table
in one function, no call per field: opening ten years runs it over 60,000 records).
This is how :mod:`dataclasses` makes its methods, and for the same reason.

A value that fails its rule is mended (``mend`` gives what is put in its place, and
``note`` says what was wrong) or, when nothing sensible can stand in for it (a check-in
without a mood), the record is set aside as damaged (``problem`` says why).

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_type_hints

from innerchild_tui.domain import records
from innerchild_tui.domain.habit_days import COUNTED, STATUSES, YES_NO
from innerchild_tui.domain.records import Record

EPOCH_STAMP = "1970-01-01T00:00:00.000Z"
HABIT_LINKS = (None, "checkin", "letter", "practice")  # what may tick a habit by itself
HABIT_KINDS = (YES_NO, COUNTED)


class Damaged(Exception):
    """A record that cannot be mended; ``str()`` says why."""


# A check: the value, the record's key, and the day texts already found good this time.
Check = Callable[[Any, str, set[str]], bool]
# A mend: the value, the record so far (mended fields in it), its key -> what stands in.
Mend = Callable[[Any, Record, str], Any]


def is_words(value: Any) -> bool:
    """A list of words (strings); joining it is the quick test (C speed, no calls)."""
    if type(value) is not list:
        return False
    try:
        "".join(value)
    except TypeError:
        return False
    return True


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def is_day(value: Any) -> bool:
    """A calendar day as the file keeps it: ``YYYY-MM-DD``, and a real date."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _good_day(days: set[str], value: Any) -> bool:
    """:func:`is_day`, each day text tested once per check (ten years of ticks name
    3,650 days 50,000 times)."""
    if is_day(value):
        days.add(value)
        return True
    return False


_NAMES: dict[str, Any] = {
    "is_day": is_day,
    "is_words": is_words,
    "_good_day": _good_day,
    "STATUSES": STATUSES,
    "HABIT_LINKS": HABIT_LINKS,
    "HABIT_KINDS": HABIT_KINDS,
}


@dataclass(frozen=True)
class Rule:
    """What one field may hold (``test``, over ``v``: the value, or ``default`` when the
    field is missing) and what is done when it holds something else."""

    name: str
    test: str
    default: Any = None
    note: str = ""  # what was wrong, when it is mended
    mend: Mend | None = None  # what stands in; None: the record is damaged
    problem: str = ""  # why the record is damaged, when it cannot be mended
    check: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check = eval(f"lambda v, key, days: {self.test}", dict(_NAMES))
        object.__setattr__(self, "check", check)

    def mended(self, value: Any, record: Record, key: str) -> Any:
        """What stands in for ``value``; raises :class:`Damaged` if nothing can."""
        if self.mend is None:
            raise Damaged(self.problem)
        return self.mend(value, record, key)


def _said(name: str) -> str:
    return name.replace("_", " ")


# The kinds of rule -------------------------------------------------------------------
def text(name: str, *, required: bool = False) -> Rule:
    if required:
        return Rule(
            name, "type(v) is str and v.strip() != ''", problem=f"its {_said(name)} is missing"
        )
    return Rule(
        name,
        "type(v) is str",
        "",
        f"its {_said(name)} was not text",
        lambda v, r, k: "" if v is None else str(v),
    )


def words(name: str, what: str = "") -> Rule:
    return Rule(
        name,
        "is_words(v)",
        [],
        f"its {what or name} were not a list of words",
        lambda v, r, k: [w for w in v if isinstance(w, str)] if isinstance(v, list) else [],
    )


def number_or_none(name: str, low: int, high: int) -> Rule:
    return Rule(
        name,
        f"v is None or (type(v) is int and {low} <= v <= {high})",
        None,
        f"its {_said(name)} was not a number from {low} to {high}",
        lambda v, r, k: None,
    )


def flag(name: str, default: bool = False) -> Rule:
    return Rule(
        name,
        "v is True or v is False",
        default,
        f"its {_said(name)} mark was not yes or no",
        lambda v, r, k: bool(v),
    )


def listed(name: str, note: str) -> Rule:
    return Rule(name, "type(v) is list", [], note, lambda v, r, k: [])


def mapping(name: str, note: str) -> Rule:
    return Rule(name, "type(v) is dict", {}, note, lambda v, r, k: {})


def day(fallback: Callable[[Record, str], str]) -> Rule:
    """The day a record belongs to; a missing one is taken from ``fallback`` (when it
    made the record, or its id), if that names a real day."""

    def mend(value: Any, record: Record, key: str) -> str:
        taken = fallback(record, key)
        # A stamp mended to the epoch says nothing about the day.
        if taken != EPOCH_STAMP[:10] and is_day(taken):
            return taken
        raise Damaged("its day is missing or not a date")

    return Rule(
        "day",
        "type(v) is str and (v in days or _good_day(days, v))",
        None,
        "its day was missing or not a date, and was taken from when it was made",
        mend,
    )


def _made_on(record: Record, key: str) -> str:
    return str(record.get("created_at", ""))[:10]


# A stamp as this app writes it (utc_stamp: 2026-11-24T21:30:05.123Z), told by its shape:
# a merge keeps the version with the greatest stamp, so "yesterday" or "garbage" (after
# every digit) would win every merge for good. Checking it is a real time too was 30-50
# ms more over ten years of records at each opening; doctor says when one is not.
_STAMP_TEST = "type(v) is str and len(v) == 24 and v[10] == 'T' and v[23] == 'Z'"


_CREATED = Rule(
    "created_at",
    _STAMP_TEST,
    None,
    "the time it was made was missing or not a UTC time",
    lambda v, r, k: r["updated_at"],
)


def is_stamp(value: Any) -> bool:
    """A stamp by the stamps' rule."""
    return _CREATED.check(value, "", set())


# What every record carries, in the order it is mended (``created_at`` may be taken
# from ``updated_at``, itself mended first).
BASE: tuple[Rule, ...] = (
    Rule(
        "id",
        "v == key",
        None,
        "its id was missing or did not match its key",
        lambda v, r, k: k,
    ),
    Rule(
        "updated_at",
        _STAMP_TEST,
        None,
        "its time of last change was missing or not a UTC time",
        lambda v, r, k: r["created_at"] if is_stamp(r.get("created_at")) else EPOCH_STAMP,
    ),
    _CREATED,
    Rule(
        "device",
        "type(v) is str",
        None,
        "it did not say which computer wrote it",
        lambda v, r, k: "unknown",
    ),
    Rule(
        "deleted",
        "v is False or v is True",
        False,
        "its deleted mark was not yes or no",
        lambda v, r, k: bool(v),
    ),
)


def _habit_of(value: Any, record: Record, key: str) -> str:
    habit_id = key.rpartition(":")[0]
    if not habit_id:
        raise Damaged("it does not say which habit it belongs to")
    return habit_id


def _strengths(value: Any, record: Record, key: str) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if type(v) is int and 1 <= v <= 3}


# Each table's rules, in the order they are applied (and their notes said) -----------
RULES: dict[str, tuple[Rule, ...]] = {
    "checkins": (
        Rule(
            "mood",
            "type(v) is int and 1 <= v <= 10",
            problem="its mood is missing or not a number from 1 to 10",
        ),
        day(_made_on),
        words("feelings"),
        words("needs"),
        words("body"),
        words("tags"),
        text("note"),
        text("to_hear"),
        text("part_of_day"),
        text("imported"),
        number_or_none("energy", 1, 5),
        number_or_none("age", 0, 120),
        Rule(
            "intensity",
            "type(v) is dict and all(type(n) is int and 1 <= n <= 3 for n in v.values())",
            {},
            "its feelings' strengths were not 1, 2 or 3",
            _strengths,
        ),
        flag("therapy"),
        flag("backfilled"),
    ),
    "habits": (
        text("name", required=True),
        Rule(
            "order",
            "type(v) is int",
            0,
            "its place in the list was not a number",
            lambda v, r, k: 1_000_000,
        ),
        flag("archived"),
        Rule(
            "linked_to",
            "v in HABIT_LINKS",
            None,
            "what it was linked to was not a check-in, a letter or a practice",
            lambda v, r, k: None,
        ),
        # Older files have no group at all: no heading, as before.
        Rule(
            "group",
            "v is None or (type(v) is str and v.strip() != '')",
            None,
            "its group was not a name",
            lambda v, r, k: None,
        ),
        listed("pauses", "its pauses were not a list"),
        Rule(
            "kind",
            "v in HABIT_KINDS",
            YES_NO,
            "its kind was not yes-or-no or counted",
            lambda v, r, k: YES_NO,
        ),
        text("unit"),
        Rule(
            "target",
            "v is None or (type(v) in (int, float) and v > 0)",
            None,
            "its target was not a number above zero",
            lambda v, r, k: None,
        ),
        mapping("schedule", "its schedule was not a schedule"),
        flag("grace", default=True),
    ),
    "completions": (
        Rule(
            "habit_id",
            "type(v) is str and v != ''",
            None,
            "its habit was taken from its id",
            _habit_of,
        ),
        day(lambda record, key: key.rpartition(":")[2]),
        Rule(
            "status",
            "v in STATUSES",
            "done",
            "its status was not done, partial or rest",
            lambda v, r, k: "done",
        ),
        text("note"),
        text("reason"),
        Rule(
            "amount",
            "v is None or type(v) in (int, float)",
            None,
            "its amount was not a number",
            lambda v, r, k: None,
        ),
    ),
    "comfort": (
        text("name", required=True),
        text("note"),
        text("childhood"),
        text("kind"),
        words("used", "days used"),
        listed("uses", "its log of uses was not a list"),
        flag("favourite"),
        number_or_none("age", 0, 120),
    ),
    "letters": (
        text("title"),
        text("to_child"),
        text("from_child"),
        text("imported"),
        words("tags"),
        flag("starred"),
        number_or_none("age", 0, 120),
        day(_made_on),
        words("edited_from", "earlier versions"),
    ),
    "words": (text("kind", required=True), text("word", required=True)),
    "prompts": (text("text", required=True),),
    "practices": (
        text("kind", required=True),
        day(_made_on),
        Rule(
            "minutes",
            "type(v) in (int, float)",
            0,
            "its minutes were not a number",
            lambda v, r, k: 0,
        ),
        number_or_none("distress_before", 0, 10),
        number_or_none("distress_after", 0, 10),
        mapping("details", "its details were not a record"),
    ),
    "support": tuple(text(name) for name in ("kind", "name", "role", "reach", "note", "text")),
}

# The typed shape each table's live records have once their rules passed them.
SHAPES: dict[str, type[Mapping[str, Any]]] = {
    "checkins": records.CheckinRecord,
    "habits": records.HabitRecord,
    "completions": records.HabitDayRecord,
    "comfort": records.ComfortRecord,
    "letters": records.LetterRecord,
    "words": records.WordRecord,
    "prompts": records.PromptRecord,
    "practices": records.PracticeRecord,
    "support": records.SupportRecord,
}


def shape_fields(table: str) -> set[str]:
    """The fields of ``table``'s typed shape, the base fields included."""
    return set(get_type_hints(SHAPES[table]))


Doubtful = Callable[[Mapping[str, Any]], list[str]]


def _doubtful(rules: tuple[Rule, ...]) -> Doubtful:
    """A function that goes through a table's records and gives the keys of those that
    may need mending: every rule of the table written out in one loop (a call for each
    record took 27 ms over the 50,000 ticks of ten years, the loop 20).

    A tombstone is held to the base rules only (its other fields are gone)."""
    names = dict(_NAMES)
    every = (*BASE, *rules)
    # What the tests name, and each rule's default, as the function's own locals.
    local = [f"default_{n}=default_{n}" for n in range(len(every))]
    local += [f"{name}={name}" for name in (*_NAMES, "type", "str", "int", "float", "dict")]
    lines = [
        f"def doubtful(records, *, {', '.join(local)}):",
        "    days = set()",  # day texts found good
        "    found = []",
        "    for key, record in records.items():",
        "        if type(record) is not dict:",
        "            found.append(key)",
        "            continue",
        "        get = record.get",
    ]
    for n, rule in enumerate(every):
        names[f"default_{n}"] = rule.default
        lines += [
            f"        v = get({rule.name!r}, default_{n})",
            f"        if not ({rule.test}):",
            "            found.append(key)",
            "            continue",
        ]
        if rule.name == "deleted":
            lines += ["        if v:", "            continue"]
    lines.append("    return found")
    exec("\n".join(lines), names)  # made from the rules above: nothing read from a file
    doubtful: Doubtful = names["doubtful"]
    return doubtful


DOUBTFUL: dict[str, Doubtful] = {table: _doubtful(rules) for table, rules in RULES.items()}


def mend(table: str, key: str, record: Record, notes: list[str]) -> Record:
    """``record`` as its rules have it: the same object when nothing is wrong, else a
    mended copy (``notes`` say what was mended). Raises :class:`Damaged`."""
    if type(record) is not dict:
        raise Damaged("it is not a record at all")
    fixed: Record | None = None
    days: set[str] = set()
    for rule in BASE:
        current = fixed if fixed is not None else record
        value = current.get(rule.name, rule.default)
        if not rule.check(value, key, days):
            fixed = dict(current) if fixed is None else fixed
            fixed[rule.name] = rule.mended(value, fixed, key)
            notes.append(rule.note)
    current = fixed if fixed is not None else record
    if current.get("deleted"):
        return current
    for rule in RULES[table]:
        value = current.get(rule.name, rule.default)
        if not rule.check(value, key, days):
            mended = rule.mended(value, current, key)
            if fixed is None:
                fixed = dict(current)
                current = fixed
            fixed[rule.name] = mended
            notes.append(rule.note)
    return current
