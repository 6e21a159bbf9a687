"""Letters without the app: the pure helpers, the store, Markdown export and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apphelpers import Clock, live, read_file, run_cli
from hypothesis import given
from hypothesis import strategies as st

from innerchild_tui.domain.letters import (
    FocusMode,
    age_of,
    child_label,
    first_words,
    matches,
    month_label,
    parse_age,
    word_count,
)
from innerchild_tui.domain.letters_export import letter_markdown, letters_markdown
from innerchild_tui.domain.merge import merge
from innerchild_tui.domain.prompts import PROMPTS, all_prompts, next_prompt, prompt_of_the_day
from innerchild_tui.domain.text import clean_text
from innerchild_tui.store import Store, StoreError

# Text with everything a paste can hold: controls, surrogates, tabs, RTL, emoji, CRLF.
ODD_TEXT = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(["\r\n", "\r", "\n", "\t", "\x1b", "\x00", "\x9b", "🌱", "ש", "\u202e"]),
    ),
    max_size=80,
).map("".join)


# Pure helpers ------------------------------------------------------------------------
@given(st.lists(st.text(alphabet="abcxyz ", max_size=6), max_size=4), st.text(max_size=30))
def test_search_matches_when_every_word_is_somewhere(words: list[str], voice: str) -> None:
    letter = {"title": "", "to_child": voice, "from_child": " ".join(words)}
    query = " ".join(words)
    expected = all(any(w in v.casefold() for v in letter.values()) for w in query.split())
    # The joined haystack may also match across fields' edges only through a newline,
    # which no query word contains: so the slow oracle and the fast check agree.
    assert matches(letter, query) == expected


def test_search_ignores_case_and_looks_at_both_voices_and_the_title() -> None:
    letter = {"title": "The Garden", "to_child": "Dear one", "from_child": "I liked the SNAILS"}
    assert matches(letter, "snails garden")
    assert matches(letter, "")
    assert not matches(letter, "snails river")


@pytest.mark.parametrize(("typed", "age"), [("", None), (" 7 ", 7), ("0", 0), ("17", 17)])
def test_ages_that_are_kept(typed: str, age: int | None) -> None:
    assert parse_age(typed) == age


@pytest.mark.parametrize("typed", ["18", "-1", "seven", "7.5"])
def test_ages_that_are_refused_kindly(typed: str) -> None:
    with pytest.raises(ValueError, match="0 to 17"):
        parse_age(typed)


def test_labels_and_previews() -> None:
    assert child_label(7) == "Little me, 7"
    assert child_label(None) == "Little me"
    assert age_of({"age": True}) is None and age_of({}) is None and age_of({"age": 3}) == 3
    assert first_words({"to_child": "one two three.", "from_child": "x"}, 2) == "one two…"
    assert first_words({"to_child": "one two three.", "from_child": "x"}, 3) == "one two three."
    assert first_words({"to_child": " ", "from_child": "little words"}) == "little words"
    assert first_words({"to_child": "x" * 500}) == "x" * 80 + "…"  # one pasted "word"


@given(st.text(max_size=400), st.integers(1, 12))
def test_a_preview_is_short_and_says_when_there_is_more(text: str, count: int) -> None:
    shown = first_words({"to_child": text}, count)
    assert len(shown) <= 81 and "\n" not in shown.strip()
    words = text.split()
    if " ".join(words) == shown:
        return  # all of it
    assert shown.endswith("…") or shown == ""
    assert month_label("2026-11") == "November 2026"
    assert word_count("  Dear\tlittle\none 🌱 ") == 4
    assert [FocusMode.BOTH.next, FocusMode.ADULT.next, FocusMode.CHILD.next] == [
        FocusMode.ADULT,
        FocusMode.CHILD,
        FocusMode.BOTH,
    ]


def test_prompts_come_round_and_own_ones_join_without_repeats() -> None:
    prompts = all_prompts(["What do you wish someone had told you?", "  My own  ", ""])
    assert prompts == [*PROMPTS, "My own"]
    index = prompt_of_the_day(Clock(2026, 11, 24).now.date(), len(prompts))
    seen = set()
    for _ in prompts:
        seen.add(index)
        index = next_prompt(index, len(prompts))
    assert seen == set(range(len(prompts)))
    assert next_prompt(0, 0) == 0


# Export --------------------------------------------------------------------------------
@given(ODD_TEXT, ODD_TEXT)
def test_markdown_keeps_every_word_and_no_control_character(mine: str, theirs: str) -> None:
    letter = {"day": "2026-11-24", "title": "t", "age": 7, "to_child": mine, "from_child": theirs}
    for table in (False, True):
        text = letter_markdown(letter, table=table)
        assert clean_text(text) == text
        flat = text.replace("\\", "").replace("<br>", " ").replace("&lt;", "<")
        for word in clean_text(mine + " " + theirs).split():
            for piece in word.replace("\\", "").split("|"):
                assert piece.lstrip("#-=*_") in flat


def test_a_letter_as_sections_and_as_a_table() -> None:
    letter = {
        "day": "2026-11-24",
        "title": "The garden",
        "age": 7,
        "to_child": "Dear little one,\n# not a heading\n\nI remember | the garden.",
        "from_child": "i liked\nthe snails",
    }
    sections = letter_markdown(letter)
    assert "## The garden" in sections
    assert "### Me, now" in sections and "### Little me, 7" in sections
    assert "\\# not a heading" in sections
    assert sections.index("Dear little one") < sections.index("i liked")
    table = letter_markdown(letter, table=True)
    assert "| Me, now | Little me, 7 |" in table
    assert "| Dear little one,<br># not a heading | i liked<br>the snails |" in table
    assert "| I remember \\| the garden. |  |" in table
    assert letters_markdown([]).endswith("No letters yet.\n")


# The store --------------------------------------------------------------------------------
@pytest.fixture
def store(db_path: Path) -> Store:
    return Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))


def test_letters_are_found_by_words_month_and_day(store: Store) -> None:
    clock = store.clock
    assert isinstance(clock, Clock)
    clock.now = Clock(2026, 10, 3, 10, 0).now
    october = store.letters.new("Autumn", age=6)
    store.letters.update(october["id"], from_child="the leaves were orange")
    clock.now = Clock(2026, 11, 24, 10, 0).now
    november = store.letters.new("Winter")
    assert november["age"] == 6  # the newest letter's age carries on
    store.letters.update(november["id"], to_child="Snow today", age=8)
    assert [r["title"] for r in store.letters.all()] == ["Winter", "Autumn"]
    assert [r["title"] for r in store.letters.all(search="ORANGE")] == ["Autumn"]
    assert [r["title"] for r in store.letters.all(month="2026-11")] == ["Winter"]
    assert store.letters.months() == ["2026-11", "2026-10"]
    assert [r["title"] for r in store.letters.all(since=Clock(2026, 11, 1).now.date())] == [
        "Winter"
    ]
    with pytest.raises(StoreError, match="0 to 17"):
        store.letters.update(november["id"], age=40)
    with pytest.raises(ValueError):
        store.letters.update(november["id"], mood=3)


def test_a_letter_written_before_ages_existed_still_works(store: Store, db_path: Path) -> None:
    letter = store.letters.new("Old")
    store.save()
    data = read_file(db_path)
    del data["letters"][letter["id"]]["age"]
    db_path.write_text(json.dumps(data), encoding="utf-8")
    reopened = Store.open(db_path, device="desk")
    (old,) = reopened.letters.all()
    assert age_of(old) is None
    reopened.letters.update(old["id"], to_child="still here")
    assert reopened.letters.get(old["id"])["to_child"] == "still here"


def test_a_removed_letter_is_a_tombstone_a_synced_copy_cannot_bring_back(
    store: Store, db_path: Path
) -> None:
    letter = store.letters.new("Private")
    store.letters.update(letter["id"], to_child="my words", from_child="theirs")
    store.save()
    laptop_copy = read_file(db_path)  # the other computer still has the letter
    store.letters.delete(letter["id"])
    store.save()
    tomb = read_file(db_path)["letters"][letter["id"]]
    assert tomb["deleted"] is True
    assert "to_child" not in tomb and "from_child" not in tomb and "title" not in tomb
    merged = merge(read_file(db_path), laptop_copy)
    assert merged["letters"][letter["id"]]["deleted"] is True


def test_own_prompts_are_kept_once_even_from_two_computers(store: Store, db_path: Path) -> None:
    store.save()
    laptop = Store.open(db_path, device="laptop")
    mine = store.prompts.add("What made you smile today?")
    theirs = laptop.prompts.add("what made you  smile today?")
    assert mine["id"] == theirs["id"]
    assert store.prompts.add("What made you smile today?")["id"] == mine["id"]
    laptop.save()
    store.save()
    texts = [p["text"] for p in live(db_path, "prompts")]
    assert len(texts) == 1
    store.prompts.remove(mine["id"])
    assert store.prompts.all() == []
    assert store.prompts.add("What made you smile today?")["deleted"] is False
    with pytest.raises(StoreError):
        store.prompts.add("   ")


# The command line -------------------------------------------------------------------------
@pytest.fixture
def two_letters(db_path: Path) -> dict[str, Any]:
    clock = Clock(2026, 10, 3, 10, 0)
    store = Store.open(db_path, device="desk", clock=clock)
    autumn = store.letters.new("Autumn", age=6)
    store.letters.update(autumn["id"], to_child="Dear one", from_child="the leaves\x1b[2J")
    clock.now = Clock(2026, 11, 24, 10, 0).now
    winter = store.letters.new("Winter", age=8)
    store.letters.update(winter["id"], to_child="Snow | today", from_child="cold hands")
    store.save()
    return {"autumn": autumn["id"], "winter": winter["id"]}


def test_letters_list_shows_newest_first(db_path: Path, two_letters: dict[str, Any]) -> None:
    done = run_cli("letters", "list", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("2026-11-24  Winter  (3 words to little me at 8, 2 back)")
    assert two_letters["winter"] in lines[0]
    assert any(line.startswith("2026-10-03  Autumn") for line in lines)


def test_an_untitled_letter_has_one_name(db_path: Path) -> None:
    store = Store.open(db_path, device="desk", clock=Clock(2026, 11, 24, 10, 0))
    letter = store.letters.new("", age=6)
    store.letters.update(letter["id"], to_child="Dear one", from_child="hello")
    store.save()
    listed = run_cli("letters", "list", "--db", str(db_path))
    exported = run_cli("letters", "export", "--db", str(db_path))
    assert listed.returncode == 0 and exported.returncode == 0
    assert "2026-11-24  (untitled)  (" in listed.stdout
    assert "## (untitled)" in exported.stdout
    assert "A letter" not in exported.stdout


def test_letters_export_to_stdout_and_to_a_private_file(
    db_path: Path, two_letters: dict[str, Any], tmp_path: Path
) -> None:
    done = run_cli("letters", "export", "--since", "2026-11-01", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert "## Winter" in done.stdout and "Autumn" not in done.stdout
    target = tmp_path / "letters.md"
    done = run_cli("letters", "export", "--to", str(target), "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert "Wrote 2 letters" in done.stdout
    text = target.read_text(encoding="utf-8")
    assert text.index("## Winter") < text.index("## Autumn")
    assert "\x1b" not in text and "the leaves[2J" in text
    assert target.stat().st_mode & 0o777 == 0o600
    done = run_cli("letters", "export", "--letter", "winter", "--table", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert "| Snow \\| today | cold hands |" in done.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", "2026-02-30"], "not a date"),
        (["--letter", "nothing like it"], "No letter matches"),
        (["--to", "/no/such/folder/x.md"], "does not exist"),
    ],
)
def test_letters_export_mistakes_are_one_kind_line(
    db_path: Path, two_letters: dict[str, Any], args: list[str], words: str
) -> None:
    before = db_path.read_bytes()
    done = run_cli("letters", "export", *args, "--db", str(db_path))
    assert done.returncode == 2
    assert words in done.stderr and len(done.stderr.splitlines()) == 1
    assert db_path.read_bytes() == before


def test_letters_export_never_writes_over_the_data_file(
    db_path: Path, two_letters: dict[str, Any]
) -> None:
    before = db_path.read_bytes()
    done = run_cli("letters", "export", "--to", str(db_path), "--db", str(db_path))
    assert done.returncode == 2 and "data file" in done.stderr
    assert db_path.read_bytes() == before
