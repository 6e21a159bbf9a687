"""Record merge: the order in which copies arrive must never matter."""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from innerchild_tui.domain.merge import Tables, merge, newer, same_tables

STAMPS = (
    "2026-03-14T09:00:00.000Z",
    "2026-03-14T09:00:00.001Z",
    "2026-03-14T18:30:00.000Z",
    "2026-11-24T21:30:05.999Z",
)
DEVICES = ("desk", "laptop", "phone")
IDS = ("01A", "01B", "01C", "h1:2026-03-14")
TABLE_NAMES = ("checkins", "completions", "letters", "meta")


@st.composite
def records(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": record_id,
        "created_at": STAMPS[0],
        "updated_at": draw(st.sampled_from(STAMPS)),
        "device": draw(st.sampled_from(DEVICES)),
        "deleted": draw(st.booleans()),
    }
    if not record["deleted"]:
        record["note"] = draw(st.sampled_from(["", "tired", "a good walk", "🧸"]))
        record["mood"] = draw(st.integers(min_value=1, max_value=3))
    return record


@st.composite
def databases(draw: st.DrawFn) -> Tables:
    names = draw(st.sets(st.sampled_from(TABLE_NAMES), max_size=len(TABLE_NAMES)))
    result: Tables = {}
    for name in sorted(names):
        ids = draw(st.sets(st.sampled_from(IDS)))
        result[name] = {record_id: draw(records(record_id)) for record_id in sorted(ids)}
    return result


def rank(record: dict[str, Any]) -> tuple[str, str]:
    return (record["updated_at"], record["device"])


@settings(deadline=None)
@given(databases(), databases())
def test_commutative(a: Tables, b: Tables) -> None:
    assert merge(a, b) == merge(b, a)


@settings(deadline=None)
@given(databases(), databases(), databases())
def test_associative(a: Tables, b: Tables, c: Tables) -> None:
    assert merge(merge(a, b), c) == merge(a, merge(b, c))


@settings(deadline=None)
@given(databases(), databases())
def test_idempotent(a: Tables, b: Tables) -> None:
    assert merge(a, a) == a
    merged = merge(a, b)
    assert merge(merged, a) == merged
    assert merge(merged, b) == merged
    assert merge(merged, merged) == merged


@settings(deadline=None)
@given(databases())
def test_empty_is_neutral(a: Tables) -> None:
    assert merge(a, {}) == a
    assert merge({}, a) == a


@settings(deadline=None)
@given(databases(), databases())
def test_inputs_are_left_alone(a: Tables, b: Tables) -> None:
    before = copy.deepcopy((a, b))
    merge(a, b)
    assert (a, b) == before


@settings(deadline=None)
@given(databases(), databases())
def test_nothing_is_lost_and_the_later_version_wins(a: Tables, b: Tables) -> None:
    merged = merge(a, b)
    assert set(merged) == set(a) | set(b)
    for name in set(a) | set(b):
        left, right = a.get(name, {}), b.get(name, {})
        assert set(merged[name]) == set(left) | set(right)
        for record_id, kept in merged[name].items():
            versions = [t[record_id] for t in (left, right) if record_id in t]
            assert kept in versions  # a whole version, never a mix of two
            assert rank(kept) == max(rank(version) for version in versions)


@settings(deadline=None)
@given(databases(), databases())
def test_a_tombstone_wins_only_when_newer(a: Tables, b: Tables) -> None:
    merged = merge(a, b)
    for name, table in merged.items():
        for record_id, kept in table.items():
            others = [t[name][record_id] for t in (a, b) if record_id in t.get(name, {})]
            for other in others:
                if kept["deleted"] and not other["deleted"]:
                    assert rank(kept) >= rank(other)
                if not kept["deleted"] and other["deleted"]:
                    assert rank(kept) >= rank(other)


# Concrete cases -------------------------------------------------------------------------
def live(stamp: str, device: str = "desk", note: str = "tired") -> dict[str, Any]:
    return {"id": "01A", "updated_at": stamp, "device": device, "deleted": False, "note": note}


def tomb(stamp: str, device: str = "desk") -> dict[str, Any]:
    return {"id": "01A", "updated_at": stamp, "device": device, "deleted": True}


def test_newer_delete_wins() -> None:
    a = {"checkins": {"01A": live(STAMPS[0])}}
    b = {"checkins": {"01A": tomb(STAMPS[1])}}
    assert merge(a, b)["checkins"]["01A"]["deleted"] is True
    assert merge(b, a)["checkins"]["01A"]["deleted"] is True


def test_an_edit_made_after_a_delete_brings_it_back() -> None:
    a = {"checkins": {"01A": live(STAMPS[2], note="written again")}}
    b = {"checkins": {"01A": tomb(STAMPS[1])}}
    assert merge(a, b)["checkins"]["01A"]["note"] == "written again"
    assert merge(b, a)["checkins"]["01A"]["note"] == "written again"


def test_a_stale_copy_does_not_resurrect_a_deleted_record() -> None:
    original = live(STAMPS[0])
    deleted = tomb(STAMPS[1])
    assert merge({"letters": {"01A": deleted}}, {"letters": {"01A": original}}) == {
        "letters": {"01A": deleted}
    }


def test_tie_on_time_goes_to_the_greater_device() -> None:
    assert newer(live(STAMPS[0], "laptop", "a"), live(STAMPS[0], "desk", "b"))["note"] == "a"
    assert newer(live(STAMPS[0], "desk", "b"), live(STAMPS[0], "laptop", "a"))["note"] == "a"


def test_full_tie_is_still_decided_the_same_way_both_ways() -> None:
    x, y = live(STAMPS[0], note="x"), live(STAMPS[0], note="y")
    assert newer(x, y) == newer(y, x)


def test_union_of_different_records() -> None:
    a = {"checkins": {"01A": live(STAMPS[0])}}
    b = {"checkins": {"01B": dict(live(STAMPS[0]), id="01B")}, "habits": {}}
    assert merge(a, b) == {"checkins": {**a["checkins"], **b["checkins"]}, "habits": {}}


@given(databases(), databases())
def test_same_tables_is_equality_a_record_at_a_time(a: Tables, b: Tables) -> None:
    assert same_tables(a, b) == (a == b)
    assert same_tables(a, copy.deepcopy(a))
    assert same_tables(merge(a, b), merge(b, a))


@given(
    st.integers(min_value=-12, max_value=12),
    st.sampled_from([b"\\u200e", b"\\u0007", b"\xe2\x80\xae", b"\x7f", b"\\b"]),
)
def test_unsafe_text_is_found_across_the_slices_of_a_big_file(shift: int, unsafe: bytes) -> None:
    """The search goes a slice at a time; a character split by a slice edge is still found."""
    from innerchild_tui.domain import shapes

    at = shapes._SLICE + shift
    raw = b"a" * at + unsafe + b"a" * 64
    assert shapes.may_hold_unsafe_text(raw)
    assert not shapes.may_hold_unsafe_text(b"a" * at + b"\\u20" + b"a" * 64)


_ONE_PATTERN = re.compile(
    rb"\\u00[0-1][0-9a-fA-F]|\\u00[7-9][0-9a-fA-F]|\\[bfr]|\x7f|\xc2[\x80-\x9f]"
    rb"|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c"
    rb"|\\u(?:200[eEfF]|202[a-eA-E]|206[6-9]|061[cC])"
)


@given(
    st.lists(
        st.sampled_from(
            [
                *(b"\\", b"u", b"0", b"1", b"7", b"2", b"6", b"e", b"a", b"c", b"b", b"r", b"n"),
                *(b"\x7f", b"\xc2", b"\x85", b"\xe2", b"\x80", b"\x81", b"\xa6", b"\xd8", b"\x9c"),
            ]
        ),
        max_size=40,
    )
)
def test_the_quick_unsafe_text_search_finds_what_one_pattern_finds(pieces: list[bytes]) -> None:
    from innerchild_tui.domain import shapes

    raw = b"".join(pieces)
    assert shapes.may_hold_unsafe_text(raw) == (_ONE_PATTERN.search(raw) is not None)
