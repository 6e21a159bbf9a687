"""Issue 17: one search for everything, and what was written on this day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from apphelpers import Clock
from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.cli import main
from innerchild_tui.domain.search import (
    holds,
    month_ago,
    on_this_day,
    search,
    snippet,
    texts_of,
    year_ago,
)
from innerchild_tui.store import Store


def seed(db_path: Path) -> Path:
    """Two check-ins, two letters, a comfort item and support words, on known days."""
    clock = Clock(2025, 11, 24, 9, 0)
    store = Store.open(db_path, device="seed", clock=clock)
    store.checkins.add(3, ["lonely"], ["a hug"], "The Meeting at work left me small.")
    letter = store.letters.new("A year on")
    store.letters.update(letter["id"], to_child="I remember the meeting.", from_child="Stay.")
    clock.now = Clock(2026, 10, 24, 9, 0).now
    store.checkins.add(6, ["hopeful"], ["play"], "Painted all afternoon, no meeting.")
    clock.now = Clock(2026, 11, 20, 9, 0).now
    letter = store.letters.new("Dear little me")
    store.letters.update(letter["id"], to_child="You were brave.", from_child="I was scared.")
    store.comfort.add("Blue blanket", "soft after a hard meeting", childhood="Blankie")
    store.support.set_notes("Before a meeting: breathe, and call Sam after.")
    store.support.add_contact("Sam", "friend", note="good after a meeting")
    store.save()
    return db_path


# The pure search -------------------------------------------------------------------------
def test_every_kind_is_searched_grouped_newest_first(db_path: Path) -> None:
    store = Store.open(seed(db_path), device="t", clock=Clock(2026, 11, 24, 9, 0))
    found = store.search("MEETING")
    assert list(found) == ["checkin", "letter", "comfort", "support"]
    assert [f.day for f in found["checkin"]] == [date(2026, 10, 24), date(2025, 11, 24)]
    assert [f.title for f in found["letter"]] == ["A year on"]
    assert found["comfort"][0].title == "Blue blanket"
    assert {f.title for f in found["support"]} == {"Notes for hard moments", "Sam"}
    assert "meeting" in found["checkin"][0].snippet


def test_every_word_must_appear_and_dates_narrow(db_path: Path) -> None:
    store = Store.open(seed(db_path), device="t", clock=Clock(2026, 11, 24, 9, 0))
    assert list(store.search("meeting small")) == ["checkin"]
    assert store.search("meeting giraffe") == {}
    assert store.search("   ") == {}
    narrowed = store.search("meeting", start=date(2026, 1, 1), end=date(2026, 10, 31))
    assert [f.day for f in narrowed["checkin"]] == [date(2026, 10, 24)]
    assert "letter" not in narrowed
    assert store.search("blankie")["comfort"][0].title == "Blue blanket"
    assert store.search("lonely hug")["checkin"][0].day == date(2025, 11, 24)
    # A person is found by their name too, and what they are to you.
    assert {f.title for f in store.search("sam")["support"]} == {"Notes for hard moments", "Sam"}
    assert [f.title for f in store.search("friend")["support"]] == ["Sam"]
    store.support.edit_contact(store.support.contacts()[0]["id"], "Sam", "friend", "555 0100")
    assert [f.title for f in store.search("555")["support"]] == ["Sam"]  # how to reach them


def test_a_snippet_is_short_and_around_the_first_match() -> None:
    long = "word " * 40 + "the Meeting was hard " + "word " * 40
    piece = snippet([long], ["meeting"])
    assert "Meeting" in piece
    assert piece.startswith("…") and piece.endswith("…")
    assert len(piece) <= 62
    assert snippet(["short and sweet"], ["sweet"]) == "short and sweet"
    # a cut begins at a word, never inside one
    assert snippet(["Painted all afternoon, no meeting."], ["meeting"]).startswith("Painted")
    assert snippet(["Painted all afternoon, no meeting."], ["meeting"], width=10) == (
        "…no meeting…"
    )
    assert snippet(["one two three four five six seven"], ["seven"], width=12) == "…six seven"


words_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
small_words = st.lists(st.text(alphabet="abcDEF ", min_size=1, max_size=4), max_size=3)


@given(note=words_text, title=words_text, query=small_words)
def test_found_exactly_when_every_word_is_in_its_text(
    note: str, title: str, query: list[str]
) -> None:
    records: dict[str, list[dict[str, Any]]] = {
        "checkin": [{"id": "c", "day": "2026-01-01", "note": note, "feelings": ["sad"]}],
        "letter": [{"id": "l", "day": "2026-01-02", "title": title, "to_child": note}],
    }
    text = " ".join(query)
    words = text.casefold().split()
    found = search(text, records)
    for kind, [record] in records.items():
        expected = bool(words) and all(
            w in "\n".join(texts_of(record, kind)).casefold() for w in words
        )
        assert (kind in found) == expected
    # any case of the query finds the same
    assert search(text.upper(), records).keys() == found.keys()
    assert search(text.lower(), records).keys() == found.keys()


@given(texts=st.lists(words_text, min_size=1, max_size=4), query=small_words, extra=small_words)
def test_more_words_never_find_more(texts: list[str], query: list[str], extra: list[str]) -> None:
    words = " ".join(query).casefold().split()
    more = words + " ".join(extra).casefold().split()
    if holds(texts, more):
        assert holds(texts, words)


@given(text=words_text, word=st.text(alphabet="abcXYZ", min_size=1, max_size=3))
def test_a_snippet_shows_the_word_it_was_found_by(text: str, word: str) -> None:
    line = " ".join((text + " " + word + " " + text).split())
    piece = snippet([line], [word.casefold()], width=3)
    assert word.casefold() in piece.casefold()


# On this day -----------------------------------------------------------------------------
def test_a_comfort_item_found_by_its_name_says_more_than_its_name() -> None:
    """The result's title is the item's name: its line shows the note, not the name again
    (a helper in tmux saw "weighted blanket" under "weighted blanket")."""
    items = [
        {
            "id": "a",
            "name": "Weighted blanket",
            "note": "heavy and warm",
            "updated_at": "2026-11-01",
        },
        {"id": "b", "name": "Blanket fort"},
    ]
    found = {f.record_id: f for f in search("blanket", {"comfort": items})["comfort"]}
    assert (found["a"].title, found["a"].snippet) == ("Weighted blanket", "heavy and warm")
    assert (found["b"].title, found["b"].snippet) == ("Blanket fort", "")


def test_a_contact_found_by_name_shows_how_to_reach_them_not_the_name_again() -> None:
    """A helper in tmux saw "Sam / Sam": the name is the title, and it is the contact's
    last text, so the line after it showed the name again."""
    contacts = [
        {"id": "c", "kind": "contact", "name": "Sam", "role": "sponsor", "reach": "555-0100"},
        {"id": "d", "kind": "contact", "name": "Sam Two", "note": "", "role": "friend"},
    ]
    found = {f.record_id: f for f in search("sam", {"support": contacts})["support"]}
    assert (found["c"].title, found["c"].snippet) == ("Sam", "555-0100")
    assert (found["d"].title, found["d"].snippet) == ("Sam Two", "friend")


def test_same_day_a_month_and_a_year_ago() -> None:
    assert month_ago(date(2026, 3, 31)) == date(2026, 2, 28)
    assert month_ago(date(2026, 1, 15)) == date(2025, 12, 15)
    assert year_ago(date(2028, 2, 29)) == date(2027, 2, 28)
    assert year_ago(date(2026, 11, 24)) == date(2025, 11, 24)


def test_on_this_day_finds_notes_and_letters(db_path: Path) -> None:
    store = Store.open(seed(db_path), device="t", clock=Clock(2026, 11, 24, 9, 0))
    found = store.on_this_day()
    assert [(m.when, m.kind) for m in found] == [
        ("A year ago", "checkin"),
        ("A year ago", "letter"),
        ("A month ago", "checkin"),
    ]
    assert found[0].text == "The Meeting at work left me small."
    assert on_this_day(date(2026, 11, 25), store.checkins.all(), store.letters.all()) == []
    # a check-in without a note is not a memory
    assert on_this_day(date(2026, 1, 2), [{"id": "x", "day": "2025-01-02"}], []) == []


# The quick command -----------------------------------------------------------------------
def test_cli_search_prints_the_groups(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(db_path)
    assert main(["--db", str(db_path), "search", "meeting"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Check-ins"
    assert lines[1].startswith("  2026-10-24  mood 6")
    for heading in ("Letters", "Comfort items", "Support"):
        assert heading in lines
    assert out.index("2026-10-24") < out.index("2025-11-24")


def test_cli_search_with_dates_and_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(db_path)
    assert main(["--db", str(db_path), "search", "meeting", "--from", "2026-11-01"]) == 0
    out = capsys.readouterr().out
    assert "Check-ins" not in out and "Comfort items" in out
    assert main(["--db", str(db_path), "search", "giraffe"]) == 0
    assert capsys.readouterr().out == "Nothing holds that.\n"


@pytest.mark.parametrize(
    "dates",
    [
        ["--from", "2026-13-01"],
        ["--to", "yesterday"],
        ["--from", "2026-02-01", "--to", "2026-01-01"],
    ],
)
def test_cli_search_bad_dates_say_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str], dates: list[str]
) -> None:
    seed(db_path)
    assert main(["--db", str(db_path), "search", "meeting", *dates]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1


@given(
    notes=st.lists(
        st.tuples(
            st.text(alphabet="ab c", max_size=8),
            st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 1, 20)),
        ),
        max_size=30,
    ),
    query=small_words,
    per_kind=st.integers(min_value=1, max_value=5),
)
def test_the_newest_few_are_the_first_of_everything_found(
    notes: list[tuple[str, date]], query: list[str], per_kind: int
) -> None:
    from innerchild_tui.domain.search import search_newest

    records = {
        "checkin": [
            {"id": f"c{n}", "day": day.isoformat(), "note": note, "mood": 5,
             "created_at": f"{day}T{n:02d}:00:00Z"}
            for n, (note, day) in enumerate(notes)
        ]
    }  # fmt: skip
    everything = search(" ".join(query), records)
    newest, counts = search_newest(" ".join(query), records, per_kind=per_kind)
    assert counts == {kind: len(found) for kind, found in everything.items()}
    assert newest == {kind: found[:per_kind] for kind, found in everything.items()}
