"""Typed records: each table's typed shape (domain/records.py) and its rules, one per field
(domain/validate.py), are held to each other and to what the store writes."""

from __future__ import annotations

import ast
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innerchild_tui.domain import validate
from innerchild_tui.domain.habit_days import COUNTED, YES_NO
from innerchild_tui.domain.schedules import TIMES, WEEKDAYS, Schedule
from innerchild_tui.domain.validate import BASE, DOUBTFUL, RULES, Damaged, shape_fields
from innerchild_tui.store import Store


def _every_kind_of_record(db_path: Path) -> dict[str, dict[str, Any]]:
    """A file holding one record of every table with every field the store writes set."""
    store = Store.open(db_path, device="here")
    today = store.today()
    store.checkins.add(
        7,
        ["very sad", "calm"],
        ["rest"],
        "a note",
        energy=3,
        age=7,
        to_hear="you are safe",
        body=["warm"],
        therapy=True,
    )
    store.checkins.add(5, day=today - timedelta(days=1))
    store.words.add("feeling", "floaty")
    walk = store.habits.add("Walk outside", group="morning", link="checkin")
    store.habits.update(
        walk["id"],
        kind=COUNTED,
        unit="km",
        target=2,
        schedule=Schedule(WEEKDAYS, weekdays=frozenset({0, 2})),
        grace=False,
    )
    rest = store.habits.add("Rest")
    store.habits.update(rest["id"], kind=YES_NO, schedule=Schedule(TIMES, times=3, days=7))
    store.habits.pause([walk["id"]], today + timedelta(days=3), today + timedelta(days=5), "trip")
    store.habit_days.set(walk["id"], today, "done", amount=2.5, note="round the block")
    store.habit_days.set(walk["id"], today - timedelta(days=1), "rest", reason="tired")
    item = store.comfort.add("Cocoa", "warm", childhood="hot milk", age=6, kind="taste")
    store.comfort.rate_use(item["id"], today, 8)
    letter = store.letters.new("Dear one", age=7)
    store.letters.update(letter["id"], to_child="I am here.", from_child="Stay?")
    store.prompts.add("What did you need to hear today?")
    store.practices.add("breathing", minutes=4, distress_before=7, distress_after=3)
    store.support.add_contact("Sam Rivera", role="sponsor", reach="555-0100", note="evenings")
    store.support.set_notes("Call Sam. Breathe.")
    store.save()
    data: dict[str, dict[str, Any]] = json.loads(db_path.read_text(encoding="utf-8"))
    return data


def test_every_field_of_every_typed_shape_has_exactly_one_rule() -> None:
    for table, rules in RULES.items():
        ruled = [rule.name for rule in (*BASE, *rules)]
        assert len(ruled) == len(set(ruled)), f"{table}: a field ruled twice"
        assert set(ruled) == shape_fields(table), table


def test_what_the_store_writes_passes_its_rules_as_it_is(db_path: Path) -> None:
    data = _every_kind_of_record(db_path)
    for table in RULES:
        records = data[table]
        assert records, f"nothing written to {table}"
        assert DOUBTFUL[table](records) == [], table
        # and every field written is one the typed shape names
        for record in records.values():
            assert set(record) <= shape_fields(table), (table, set(record) - shape_fields(table))


@pytest.fixture(scope="module")
def good_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    data = _every_kind_of_record(tmp_path_factory.mktemp("rules") / "innerchild.json")
    return {table: max(data[table].values(), key=len) for table in RULES}


_ODD = st.one_of(
    st.none(),
    st.integers(-2, 12),
    st.floats(-1, 3, allow_nan=False),
    st.booleans(),
    st.text(alphabet="ab:- 1", max_size=3),
    st.lists(st.one_of(st.none(), st.text(max_size=2)), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(0, 4), max_size=2),
    st.sampled_from(["2020-02-31", "2020-01-31", "rest", "done", "checkin", ""]),
)


@settings(max_examples=300, deadline=None)
@given(table=st.sampled_from(sorted(RULES)), data=st.data())
def test_the_quick_loop_doubts_exactly_what_the_rules_one_by_one_would_mend(
    good_records: dict[str, dict[str, Any]], table: str, data: st.DataObject
) -> None:
    """Opening a file looks closely only at the records its quick loop doubts: a record it
    passes is one its rules, gone through one by one, leave as it is; a record it doubts
    is mended (and then passes) or set aside. Both are made from the same rules."""
    fields = sorted(shape_fields(table))
    record = dict(good_records[table])
    key = record["id"]
    for name in data.draw(st.lists(st.sampled_from(fields), max_size=2)):
        if data.draw(st.booleans()):
            record.pop(name, None)
        else:
            record[name] = data.draw(_ODD)
    doubted = DOUBTFUL[table]({key: record}) == [key]
    notes: list[str] = []
    try:
        mended = validate.mend(table, key, record, notes)
    except Damaged as why:
        assert doubted
        assert str(why)
        return
    assert doubted == bool(notes)
    assert (mended is record) == (not notes)
    assert DOUBTFUL[table]({key: mended}) == []  # mended once is mended


def test_rules_compile_only_their_own_text() -> None:
    """validate.py compiles each rule's test (see test_layers.DOMAIN_COMPILES): each is
    one expression over the value that names only what a rule may use. Nothing read
    from a file ever reaches the compiler: the tests are this module's own text."""
    allowed_names = {
        *("v", "key", "days", "n", "type", "len", "str", "int", "float", "dict", "list", "all"),
        *("is_day", "is_words", "_good_day", "STATUSES", "HABIT_LINKS", "HABIT_KINDS"),
    }
    for rule in (*BASE, *(rule for rules in RULES.values() for rule in rules)):
        tree = ast.parse(rule.test, mode="eval")
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                assert node.id in allowed_names, (rule.name, node.id)
            elif isinstance(node, ast.Attribute):
                assert node.attr in {"strip", "values"}, (rule.name, node.attr)
            assert not isinstance(node, ast.Lambda | ast.NamedExpr), rule.name
